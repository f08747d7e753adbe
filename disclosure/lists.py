"""The public lists as queries over the file (DOMAIN.md section 6: a list is never a copy)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from enterprises.models import Enterprise
from lists.models import BlacklistEntry
from lists.rules import entry_in_force_q
from ratings.red_list import red_list_q


def public_red_list() -> QuerySet[Enterprise]:
    """Firms on the red list, newest first (indexed on the grade's red_list, grade_since)."""
    return (
        Enterprise.objects.filter(red_list_q(prefix="grade__"))
        .select_related("region", "grade")
        .order_by("-grade__grade_since", "-pk")
    )


def public_blacklist(*, today: dt.date | None = None) -> QuerySet[BlacklistEntry]:
    """Entries in force on `today` (default: today): listed and not past their end date;
    removed ones are hidden."""
    return (
        BlacklistEntry.objects.filter(entry_in_force_q(today=today or timezone.localdate()))
        .select_related("enterprise__region", "department")
        .order_by("-listed_on", "-pk")
    )
