from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from tqdm import tqdm

from accounts.models import Department, User
from enterprises.errors import DomainError, IntakeValidationError
from enterprises.intake_fields import SPECS
from enterprises.services.import_files import rows_read
from enterprises.services.intake import records_intake, records_validate

CHUNK = 1000


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
            rows = list(rows_read(opts["file"]))
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if not rows:
            raise CommandError("The file has no data rows.")

        spec = SPECS[opts["kind"]]
        errors: list[dict[str, Any]] = []
        valid: list[dict[str, Any]] = []
        first_row: dict[str, int] = {}  # source_ref -> the file row that first used it
        try:
            for start in tqdm(
                range(0, len(rows), CHUNK), desc="checking", unit="chunk", disable=None
            ):
                chunk = rows[start : start + CHUNK]
                _parsed, chunk_errors = records_validate(
                    spec=spec, department=department, items=chunk
                )
                # A batch catches repeats inside itself; the file is checked across batches.
                for i, row in enumerate(chunk):
                    ref = str(row.get("source_ref") or "").strip()
                    if ref and ref in first_row and not any(e["index"] == i for e in chunk_errors):
                        chunk_errors.append(
                            {
                                "index": i,
                                "field": "source_ref",
                                "reason": f"repeats row {first_row[ref]}",
                            }
                        )
                    first_row.setdefault(ref, start + i + 2)
                bad = {e["index"] for e in chunk_errors}
                errors.extend({**e, "row": start + e["index"] + 2} for e in chunk_errors)
                valid.extend(row for i, row in enumerate(chunk) if i not in bad)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        for e in errors:
            self.stderr.write(f"row {e['row']}: {e['field'] or '-'}: {e['reason']}")
        if errors and not opts["partial"]:
            raise CommandError(
                f"{len({e['row'] for e in errors})} invalid row(s); nothing was imported. "
                "Fix them, or pass --partial to import the valid rows."
            )
        totals = {"created": 0, "updated": 0, "unchanged": 0}
        try:
            with transaction.atomic():
                for start in tqdm(
                    range(0, len(valid), CHUNK), desc="importing", unit="chunk", disable=None
                ):
                    result = records_intake(
                        kind=spec.kind,
                        department=department,
                        items=valid[start : start + CHUNK],
                        actor=actor,
                        channel="import",
                    )
                    for status in totals:
                        totals[status] += result.count(status)
        except IntakeValidationError as exc:  # a firm vanished between the check and the write
            raise CommandError(f"Nothing imported: {exc.errors[:5]}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{totals['created']} created, {totals['updated']} updated, "
                f"{totals['unchanged']} unchanged, {len({e['row'] for e in errors})} skipped."
            )
        )
