"""Firms in known standings, dated from a given day (the dump tests move the clock)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from enterprises.models import Enterprise, HonourRecord, IntegrityCommitment
from lists.models import BlacklistEntry, EntryTransition
from ratings.services.recompute import enterprise_grade_recompute
from tests.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    InspectionFactory,
    LicenceFactory,
    RegulatorFactory,
)

DAY = dt.timedelta(days=1)


def regrade(firm: Enterprise, today: dt.date) -> int:
    return enterprise_grade_recompute(enterprise_ids=[firm.pk], today=today)


def a_firm(today: dt.date, **kw: object) -> Enterprise:
    """An A firm once graded: a passed sampling and a valid licence, nothing negative."""
    firm = EnterpriseFactory(**kw)
    InspectionFactory(enterprise=firm, inspected_on=today - 20 * DAY)
    LicenceFactory(enterprise=firm)
    return firm


def onto_red_list(firm: Enterprise, today: dt.date) -> None:
    """A quality award and a current commitment: an A firm's way onto the red list."""
    HonourRecord.objects.create(
        enterprise=firm,
        source_department=DepartmentFactory(code="honours"),
        source_ref=f"H-{firm.pk}",
        kind="quality_award",
        title="安庆市政府质量奖",
        level="municipal",
        awarded_on=today - 90 * DAY,
    )
    IntegrityCommitment.objects.create(
        enterprise=firm,
        text_version="1",
        signatory="王伟",
        signed_at=timezone.now(),
        valid_until=today + 300 * DAY,
    )


def blacklisted(firm: Enterprise, listed_on: dt.date, **kw: object) -> BlacklistEntry:
    """A listed entry with the transition the change feed announces."""
    department = DepartmentFactory(code="aq-amr", jurisdiction="3408")
    officer = RegulatorFactory(role="list_officer", department=department)
    fields: dict[str, object] = {
        "status": "listed",
        "grounds": "从重处罚",
        "legal_basis": "总局令第44号",
        "listed_on": listed_on,
        "ends_on": listed_on + 1095 * DAY,
    }
    entry = BlacklistEntry.objects.create(
        enterprise=firm, department=department, created_by=officer, **(fields | kw)
    )
    EntryTransition.objects.create(
        entry=entry, from_status="approved", to_status=entry.status, actor=officer, reason="公示"
    )
    return entry
