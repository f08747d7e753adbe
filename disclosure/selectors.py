from __future__ import annotations

from typing import cast

from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone

from accounts.models import Department
from disclosure.changes import data_version_key
from enterprises.models import Enterprise
from lists.models import BlacklistEntry
from lists.rules import entry_in_force_q
from ratings.models import EnterpriseGrade
from ratings.red_list import red_list_q


def portal_overview() -> dict[str, int]:
    """Headline counts for the home page, cached per data version and day."""
    key = f"disclosure:overview:{timezone.localdate()}:{data_version_key()}"
    found = cache.get(key)
    if found is None:
        found = _overview()
        cache.set(key, found, timeout=3600)
    return cast(dict[str, int], found)


def _overview() -> dict[str, int]:
    return {
        "enterprises": Enterprise.objects.count(),
        "red_list": EnterpriseGrade.objects.filter(red_list_q()).count(),
        "blacklist": BlacklistEntry.objects.filter(entry_in_force_q(today=timezone.localdate()))
        .values("enterprise_id")
        .distinct()
        .count(),
        "departments": Department.objects.filter(is_active=True).aggregate(n=Count("id"))["n"],
    }
