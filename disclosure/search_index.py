"""The search index's old address, kept for the demo seeder until it moves to the demo app.

The index belongs to the credit file now (enterprises.services.search_terms): the service
that changes a firm's names rewrites its rows in the same transaction. Nothing else here.
"""

from __future__ import annotations

from enterprises.services.search_terms import (
    SEARCH_TABLES,
    search_index_rebuild,
    tables_vacuum,
)

__all__ = ["SEARCH_TABLES", "search_index_rebuild", "tables_vacuum"]
