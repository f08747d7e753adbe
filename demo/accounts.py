"""One demo account per role, for the README's run command."""

from __future__ import annotations

import os

from django.db import transaction

from accounts.models import ApiToken, Department, RegulatorRole, User
from accounts.services import (
    api_token_issue,
    api_token_revoke,
    enterprise_user_create,
    regulator_create,
)
from enterprises.models import Enterprise

# Demo-only password, overridable; the demo database is local and holds no real data.
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "demo-portal-2026")

DEMO_REGULATORS = (
    # username, role, jurisdiction, department code
    ("clerk", RegulatorRole.CLERK, "340802", "aq-yj-amr"),
    ("grader", RegulatorRole.GRADER, "3408", "aq-amr"),
    ("listofficer", RegulatorRole.LIST_OFFICER, "3408", "aq-amr"),
    ("approver", RegulatorRole.APPROVER, "34", "ah-amr"),
    ("admin", RegulatorRole.ADMIN, "34", "ah-amr"),
    # A national (SAMR-level) list officer: no prefix, every region.
    ("national", RegulatorRole.LIST_OFFICER, "", "samr"),
)
Line = tuple[str, str, str]  # login, what it is, detail


def demo_accounts_ensure() -> list[Line]:
    """Create missing demo users (and one intake token); return (login, what, detail) lines."""
    deps = {d.code: d for d in Department.objects.all()}
    lines = _regulators_ensure(deps)
    firm_user = _firm_user_ensure()
    if firm_user is not None:
        lines.append(firm_user)
    dep = deps.get("aq-amr")
    if dep is not None:
        lines.append(("API token", "department aq-amr", _demo_token_rotate(dep)))
    return lines


@transaction.atomic
def _demo_token_rotate(department: Department) -> str:
    """A working token on every run: only its digest is stored, so the one printed last time
    cannot be shown again; it is revoked and a new one issued."""
    for old in ApiToken.objects.filter(department=department, name="demo", revoked_at__isnull=True):
        api_token_revoke(token=old, actor=None)
    _token, raw = api_token_issue(department=department, name="demo", actor=None)
    return raw


def _regulators_ensure(deps: dict[str, Department]) -> list[Line]:
    lines: list[Line] = []
    for username, role, jurisdiction, dep in DEMO_REGULATORS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = regulator_create(
                username=username,
                password=DEMO_PASSWORD,
                role=role,
                jurisdiction=jurisdiction,
                department=deps.get(dep),
                actor=None,
            )
            if role == RegulatorRole.ADMIN:
                User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)
        area = f"jurisdiction {jurisdiction}" if jurisdiction else "national (all regions)"
        lines.append((username, str(role.label), area))
    return lines


def _firm_user_ensure() -> Line | None:
    """The user of the first demo firm in Anqing, who administers the firm's account."""
    firm = Enterprise.objects.filter(region__code__startswith="3408").order_by("id").first()
    if firm is None:
        return None
    user = User.objects.filter(username="enterprise").first()
    if user is None:
        user = enterprise_user_create(
            username="enterprise", password=DEMO_PASSWORD, enterprise=firm, actor=None
        )
        # The demo firm's user administers its account (invites colleagues).
        User.objects.filter(pk=user.pk).update(is_firm_admin=True)
    return ("enterprise", "Enterprise user", f"{firm.name} {firm.uscc}")
