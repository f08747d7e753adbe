"""Reads of credit files, scoped to what the asking user may see."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet

from accounts.models import UserKind
from accounts.roles import jurisdiction_q
from enterprises.models import (
    RECORD_MODELS,
    Enterprise,
    IntegrityCommitment,
    QualityReport,
    ReportStatus,
)
from enterprises.uscc import normalise

M = TypeVar("M", bound=Model)


def _scope_q(user: Any, *, path: str) -> Q | None:
    """A filter on `path` (an Enterprise relation) for the user, or None for no access."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    if user.kind == UserKind.REGULATOR:
        # LIKE '4403%' on the region code; a county officer sees only its county, a national
        # one every region.
        return jurisdiction_q(user, field=f"{path}region__code")
    if user.kind == UserKind.ENTERPRISE and user.enterprise_id:
        return Q(**{f"{path}pk": user.enterprise_id})
    return None


def enterprise_scope(*, user: Any) -> QuerySet[Enterprise]:
    """Enterprises whose credit file the user may open: its jurisdiction, or its own firm."""
    q = _scope_q(user, path="")
    if q is None:
        return Enterprise.objects.none()
    return Enterprise.objects.filter(q)


def credit_file_list(*, user: Any, q: str = "") -> QuerySet[Enterprise]:
    """Firms in scope, searched by code (exact or prefix) or name (contains), with their region."""
    qs = enterprise_scope(user=user).select_related("region", "grade")
    q = q.strip()
    if q:
        code = normalise(q)
        if code.isalnum() and code.isascii():
            qs = qs.filter(uscc__startswith=code)
        else:
            qs = qs.filter(Q(name__contains=q) | Q(former_names__icontains=q))
    return qs.order_by("name", "uscc")


def credit_file_get(*, user: Any, uscc: str) -> Enterprise | None:
    """One firm in scope with its region chain, or None (callers answer 404, not 403)."""
    return (
        enterprise_scope(user=user)
        .select_related("region__parent__parent")
        .filter(uscc=normalise(uscc))
        .first()
    )


_RECORD_ORDER = {
    "inspections": "-inspected_on",
    "penalties": "-decided_on",
    "licences": "-issued_on",
    "honours": "-awarded_on",
    "complaints": "-received_on",
    "unlicensed": "-found_on",
    "accidents": "-occurred_on",
    "recalls": "-recalled_on",
}


def credit_file_records(*, enterprise: Enterprise) -> dict[str, list[Model]]:
    """Every record of a file by kind, newest first, with its sending department; and the
    firm's own commitments and reports."""
    records: dict[str, list[Model]] = {
        kind: list(
            model._default_manager.filter(enterprise=enterprise)
            .select_related("source_department")
            .order_by(_RECORD_ORDER[kind], "-id")
        )
        for kind, model in RECORD_MODELS.items()
    }
    records["commitments"] = list(IntegrityCommitment.objects.filter(enterprise=enterprise))
    records["reports"] = list(QualityReport.objects.filter(enterprise=enterprise))
    return records


def published_report(*, enterprise: Enterprise, year: int) -> QualityReport | None:
    return QualityReport.objects.filter(
        enterprise=enterprise, year=year, status=ReportStatus.PUBLISHED
    ).first()
