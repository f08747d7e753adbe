from __future__ import annotations

from typing import TYPE_CHECKING, Any

from enterprises.models import AuditEntry, Enterprise

if TYPE_CHECKING:
    from accounts.models import Department, User


def audit_record(
    *,
    actor: User | None,
    action: str,
    enterprise: Enterprise | None,
    data: dict[str, Any],
    department: Department | None = None,
) -> AuditEntry:
    """Write one audit entry; call inside the transaction that makes the change."""
    return AuditEntry.objects.create(
        actor=actor, department=department, action=action, enterprise=enterprise, data=data
    )
