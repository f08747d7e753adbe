from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from bulk.services import bulk_nightly
from core.errors import error_text


class Command(BaseCommand):
    help = (
        "Dump every public dataset (gzip JSON Lines and CSV) for a day, default today, and "
        "prune dumps past the retention; re-running a day replaces its files."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="YYYY-MM-DD, default today")

    def handle(self, *args: Any, **opts: Any) -> None:
        day = None
        if opts["date"]:
            try:
                day = dt.date.fromisoformat(opts["date"])
            except ValueError as exc:
                raise CommandError(f"--date: not a date in YYYY-MM-DD: {opts['date']}") from exc
        with tqdm(unit="row", disable=None) as bar:

            def progress(dataset: str, rows: int) -> None:
                bar.set_description(dataset)
                bar.update(rows)

            try:
                files = bulk_nightly(day=day, progress=progress)
            except ValidationError as exc:
                raise CommandError(error_text(exc)) from exc
        for file in files:
            self.stdout.write(
                f"{file.path}\t{file.rows:,} rows\t{file.bytes:,} bytes\t{file.sha256}"
            )
        self.stdout.write(self.style.SUCCESS(f"{len(files)} files written."))
