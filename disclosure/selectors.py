from __future__ import annotations

from django.db.models import Count

from accounts.models import Department
from enterprises.models import Enterprise, InspectionRecord, PenaltyRecord


def portal_overview() -> dict[str, int]:
    """Headline counts for the home page: firms on file, departments sending, records held."""
    return {
        "enterprises": Enterprise.objects.count(),
        "departments": Department.objects.filter(is_active=True).aggregate(n=Count("id"))["n"],
        "inspections": InspectionRecord.objects.count(),
        "penalties": PenaltyRecord.objects.count(),
    }
