"""One way to read and publish every versioned policy (grading rules, list rules).

Reads never write: version 1 of each policy comes from its app's data migration. Publishing
locks the active row, takes the next number, deactivates the old version and audits the new
one, all in the caller's transaction.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core.actions import AuditAction
from core.audit import audit_record
from core.models import VersionedPolicy

P = TypeVar("P", bound=VersionedPolicy)


def policy_active(*, model: type[P]) -> P:
    """The version in force."""
    policy = model._default_manager.filter(is_active=True).first()
    if policy is None:
        raise ImproperlyConfigured(
            f"No active {model._meta.verbose_name}: run the migrations, which write version 1."
        )
    return policy


def policy_in_force_at(*, model: type[P], at: Any) -> P:
    """The version in force at the moment `at`: the newest published by then (version 1,
    written by the migrations, stands for any earlier moment)."""
    manager = model._default_manager
    policy = manager.filter(created_at__lte=at).order_by("-version").first()
    return policy or manager.order_by("version").first() or policy_active(model=model)


@transaction.atomic
def policy_publish(
    *,
    model: type[P],
    values: dict[str, Any],
    note: str,
    actor: Any,
    action: AuditAction,
) -> P:
    """Activate a new version holding `values` (already validated by the caller)."""
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Say why this version is needed.")})
    manager = model._default_manager
    # Lock the active row so two publishers cannot both take the next number.
    list(manager.select_for_update().filter(is_active=True))
    version = (manager.aggregate(v=Max("version"))["v"] or 0) + 1
    manager.filter(is_active=True).update(is_active=False)
    policy: P = manager.create(
        version=version, note=note, is_active=True, created_by=actor, **values
    )
    audit_record(
        actor=actor, action=action, enterprise=None, data={"version": version, "note": note}
    )
    return policy
