"""The public lists as queries over the file (DOMAIN.md section 6: a list is never a copy)."""

from __future__ import annotations

from django.db.models import QuerySet

from enterprises.models import Enterprise
from lists.models import BlacklistEntry
from lists.selectors import in_force


def public_red_list() -> QuerySet[Enterprise]:
    """Firms on the red list, newest first (indexed on the grade's red_list, grade_since)."""
    return (
        Enterprise.objects.filter(grade__red_list=True)
        .select_related("region", "grade")
        .order_by("-grade__grade_since", "-pk")
    )


def public_blacklist() -> QuerySet[BlacklistEntry]:
    """Entries in force: listed and not past their end date; removed ones are hidden."""
    return (
        BlacklistEntry.objects.filter(in_force())
        .select_related("enterprise__region", "department")
        .order_by("-listed_on", "-pk")
    )
