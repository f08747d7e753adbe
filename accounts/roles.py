"""What each regulator role may do. Later features check these actions, never role names."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.db.models import Q

from accounts.models import NATIONAL, RegulatorRole, UserKind


class Action(StrEnum):
    FILE_VIEW = "file.view"  # read credit files within the jurisdiction
    RECORD_WRITE = "record.write"  # enter or import records
    GRADE_OVERRIDE = "grade.override"
    LIST_PROPOSE = "list.propose"
    LIST_APPROVE = "list.approve"
    OBJECTION_DECIDE = "objection.decide"
    POLICY_EDIT = "policy.edit"
    ACCOUNTS_MANAGE = "accounts.manage"  # users and department tokens
    FIRM_INVITE = "firm.invite"  # invitation codes for a firm's first user
    REPORT_REVIEW = "report.review"  # accept or return quality-credit reports
    INSPECTION_PLAN = "inspection.plan"  # draw and publish random-inspection plans


ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    RegulatorRole.CLERK: frozenset({Action.FILE_VIEW, Action.RECORD_WRITE, Action.FIRM_INVITE}),
    RegulatorRole.GRADER: frozenset(
        {Action.FILE_VIEW, Action.GRADE_OVERRIDE, Action.REPORT_REVIEW, Action.INSPECTION_PLAN}
    ),
    RegulatorRole.LIST_OFFICER: frozenset(
        {Action.FILE_VIEW, Action.LIST_PROPOSE, Action.OBJECTION_DECIDE}
    ),
    RegulatorRole.APPROVER: frozenset(
        {Action.FILE_VIEW, Action.LIST_APPROVE, Action.OBJECTION_DECIDE}
    ),
    RegulatorRole.ADMIN: frozenset(Action),
}


def regulator_can(user: Any, action: Action) -> bool:
    """Whether a signed-in regulator's role allows the action (jurisdiction is checked apart)."""
    if (
        not getattr(user, "is_authenticated", False)
        or getattr(user, "kind", None) != UserKind.REGULATOR
    ):
        return False
    return action in ROLE_ACTIONS.get(user.role, frozenset())


def covers(prefix: str, region_code: str) -> bool:
    """Whether an office with jurisdiction `prefix` covers the region (or prefix) `region_code`:
    a national office (NATIONAL, no prefix) covers every region."""
    return prefix == NATIONAL or region_code.startswith(prefix)


def covers_q(prefix: str, *, field: str) -> Q:
    """The same rule as a query on the region-code `field` (e.g. "enterprise__region__code").
    National is an always-true condition, not an empty Q(), which an OR would drop."""
    if prefix == NATIONAL:
        return Q(**{f"{field}__isnull": False})
    return Q(**{f"{field}__startswith": prefix})


def in_jurisdiction(user: Any, region_code: str) -> bool:
    """Whether the region is within a regulator's jurisdiction (a national one: every region);
    never for anyone who is not a regulator."""
    return getattr(user, "kind", None) == UserKind.REGULATOR and covers(
        user.jurisdiction, region_code
    )


def jurisdiction_q(user: Any, *, field: str) -> Q:
    """Rows whose region-code `field` is within a regulator's jurisdiction; none for anyone who
    is not a regulator (an enterprise user's empty jurisdiction is not national)."""
    if getattr(user, "kind", None) != UserKind.REGULATOR:
        return Q(pk__in=[])
    return covers_q(user.jurisdiction, field=field)


def may_publish_policy(user: Any) -> bool:
    """One policy binds every firm of the deployment: only a province-level or national
    administrator (or a superuser) may publish a new version; system jobs (no user) may."""
    if user is None:
        return True
    return bool(
        user.is_superuser
        or (regulator_can(user, Action.POLICY_EDIT) and len(user.jurisdiction) <= 2)
    )
