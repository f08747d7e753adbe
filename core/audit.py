"""Writing the audit log."""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from core.actions import AuditAction
from core.models import AuditEntry


def audit_record(
    *,
    actor: Any,
    action: AuditAction,
    enterprise: Model | None,
    data: dict[str, Any],
    department: Model | None = None,
) -> AuditEntry:
    """Write one audit entry; call inside the transaction that makes the change.

    `actor` is the acting user, or None for a system job; `action` must be in the registry.
    """
    # By id: the ground floor knows firms and departments only as rows of the layers above.
    return AuditEntry.objects.create(
        actor=actor,
        department_id=department.pk if department else None,
        action=AuditAction(action).value,
        enterprise_id=enterprise.pk if enterprise else None,
        data=data,
    )
