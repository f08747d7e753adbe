from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from enterprises.services.regions import REGIONS_CSV, regions_load


class Command(BaseCommand):
    help = "Add missing GB/T 2260 regions from the shipped data file (migrate already does this)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=REGIONS_CSV)

    def handle(self, *args: Any, **opts: Any) -> None:
        added = regions_load(path=opts["file"])
        self.stdout.write(f"{added} region(s) added.")
