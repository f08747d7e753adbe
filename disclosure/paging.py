"""Paging public lists without counting a million rows on every request."""

from __future__ import annotations

from typing import Any, cast

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

LIST_CAP = 10_000  # rows a list page counts and pages through; the CSV export has them all


class CappedPaginator(Paginator):
    """Counts at most LIST_CAP rows (one LIMITed, unordered count) and pages within them."""

    cap = LIST_CAP

    @cached_property
    def _counted(self) -> int:
        qs = cast(QuerySet[Any], self.object_list)  # a queryset, never a list
        return int(qs.order_by()[: self.cap + 1].count())

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @cached_property
    def capped(self) -> bool:
        return self._counted > self.cap
