from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from tqdm import tqdm

from enterprises.models import Enterprise
from enterprises.uscc import normalise, uscc_error
from ratings.services.recompute import (
    BATCH,
    enterprise_grade_recompute,
    grades_recompute_all,
)


class Command(BaseCommand):
    help = "Recompute grades now: every firm (--all) or one (--uscc CODE)."

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--all", action="store_true")
        which.add_argument("--uscc")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["uscc"]:
            code = normalise(opts["uscc"])
            error = uscc_error(code)
            if error:
                raise CommandError(error.message)
            firm = Enterprise.objects.filter(uscc=code).first()
            if firm is None:
                raise CommandError(f"No enterprise with code {code}.")
            changed = enterprise_grade_recompute(
                enterprise_ids=[firm.pk], triggers={firm.pk: {"kind": "command"}}
            )
            grade = firm.grade
            self.stdout.write(f"{firm.name} {code}: {grade.grade} ({changed} change)")
            return
        total = Enterprise.objects.count()
        step = 20_000 if connection.vendor == "postgresql" else BATCH
        with tqdm(total=total, unit="firm", disable=None) as bar:
            changed = grades_recompute_all(progress=bar.update, chunk=step)
        self.stdout.write(self.style.SUCCESS(f"{total:,} firms graded, {changed:,} changed."))
