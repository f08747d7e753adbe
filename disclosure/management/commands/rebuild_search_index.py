from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from enterprises.services.search_terms import SEARCH_TABLES, search_index_rebuild, tables_vacuum


class Command(BaseCommand):
    help = "Rebuild the public name search index (bigrams) from the enterprise table."

    def handle(self, *args: Any, **opts: Any) -> None:
        started = time.perf_counter()
        n = search_index_rebuild()
        tables_vacuum(*SEARCH_TABLES)
        self.stdout.write(f"Indexed {n:,} enterprises in {time.perf_counter() - started:.1f} s.")
