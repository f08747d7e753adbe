"""One demo account per role, for the README's run command."""

from __future__ import annotations

import os

from accounts.models import ApiToken, Department, RegulatorRole, User
from accounts.services import api_token_issue, enterprise_user_create, regulator_create
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
)


def demo_accounts_ensure() -> list[tuple[str, str, str]]:
    """Create missing demo users (and one intake token); return (login, what, detail) lines."""
    lines: list[tuple[str, str, str]] = []
    deps = {d.code: d for d in Department.objects.all()}
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
        lines.append((username, str(role.label), f"jurisdiction {jurisdiction}"))
    firm = Enterprise.objects.filter(region__code__startswith="3408").order_by("id").first()
    if firm is not None:
        user = User.objects.filter(username="enterprise").first()
        if user is None:
            user = enterprise_user_create(
                username="enterprise", password=DEMO_PASSWORD, enterprise=firm, actor=None
            )
            # The demo firm's user administers its account (invites colleagues).
            User.objects.filter(pk=user.pk).update(is_firm_admin=True)
        lines.append(
            ("enterprise", "Enterprise user", f"{user.enterprise.name} {user.enterprise.uscc}")
        )
    dep = deps.get("aq-amr")
    if dep is not None and not ApiToken.objects.filter(department=dep, name="demo").exists():
        _token, raw = api_token_issue(department=dep, name="demo", actor=None)
        lines.append(("API token", "department aq-amr", raw))
    return lines
