from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations
from tqdm import tqdm

from accounts.models import Department, User
from core.errors import DomainError, IntakeValidationError
from enterprises.intake_fields import SPECS
from enterprises.services.import_files import import_file_run


class Command(BaseCommand):
    help = "Import records from a CSV or XLSX file (header row = the API's field names)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(SPECS))
        parser.add_argument("file", type=Path)
        parser.add_argument("--department", required=True, help="code of the sending department")
        parser.add_argument("--user", help="username of the regulator importing the file")
        parser.add_argument(
            "--partial",
            action="store_true",
            help="write the valid rows even when some rows are invalid",
        )

    @no_translations  # an operator's tool: messages in English, whatever LANGUAGE_CODE says
    def handle(self, *args: Any, **opts: Any) -> None:
        department = Department.objects.filter(code=opts["department"], is_active=True).first()
        if department is None:
            raise CommandError(f"No active department with code {opts['department']!r}.")
        actor = None
        if opts["user"]:
            actor = User.objects.filter(username=opts["user"]).first()
            if actor is None:
                raise CommandError(f"No user {opts['user']!r}.")
        if not opts["file"].is_file():
            raise CommandError(f"No such file: {opts['file']}")
        try:
            run = import_file_run(
                kind=opts["kind"],
                department=department,
                path=opts["file"],
                actor=actor,
                partial=opts["partial"],
                checking=lambda r: tqdm(r, desc="checking", unit="chunk", disable=None),
                importing=lambda r: tqdm(r, desc="importing", unit="chunk", disable=None),
            )
        except IntakeValidationError as exc:  # a firm vanished between the check and the write
            raise CommandError(f"Nothing imported: {exc.errors[:5]}") from exc
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        for e in run.check.errors:
            self.stderr.write(f"row {e['row']}: {e['field'] or '-'}: {e['reason']}")
        if run.totals is None:
            raise CommandError(
                f"{run.check.bad_rows} invalid row(s); nothing was imported. "
                "Fix them, or pass --partial to import the valid rows."
            )
        totals = run.totals
        self.stdout.write(
            self.style.SUCCESS(
                f"{totals['created']} created, {totals['updated']} updated, "
                f"{totals['unchanged']} unchanged, {run.check.bad_rows} skipped."
            )
        )
