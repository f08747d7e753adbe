"""Publishing a new version of the list rules."""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from accounts.roles import Action, regulator_can
from blacklist.models import ListPolicy
from blacklist.rules import RULES, ListRules
from enterprises.services.audit import audit_record

if TYPE_CHECKING:
    from accounts.models import User


@transaction.atomic
def list_policy_publish(*, rules: dict[str, Any], note: str, actor: User | None) -> ListPolicy:
    """Validate and activate a new version (province-level administrators only)."""
    if actor is not None and not (
        actor.is_superuser
        or (regulator_can(actor, Action.POLICY_EDIT) and len(actor.jurisdiction) <= 2)
    ):
        raise PermissionDenied("Only a province-level administrator may publish list rules.")
    if not note.strip():
        raise ValidationError({"note": "Say why this version is needed."})
    known = {f.name for f in fields(ListRules)}
    if unknown := set(rules) - known:
        raise ValidationError({"rules": f"unknown rule(s): {', '.join(sorted(unknown))}"})
    parsed = ListRules(**{**asdict(RULES), **rules})
    if problems := parsed.problems():
        raise ValidationError({"rules": problems})
    list(ListPolicy.objects.select_for_update().filter(is_active=True))
    version = (ListPolicy.objects.aggregate(v=Max("version"))["v"] or 0) + 1
    ListPolicy.objects.filter(is_active=True).update(is_active=False)
    policy = ListPolicy.objects.create(
        version=version, rules=asdict(parsed), note=note.strip(), is_active=True, created_by=actor
    )
    audit_record(
        actor=actor,
        action="blacklist.policy.published",
        enterprise=None,
        data={"version": version, "note": note.strip()},
    )
    return policy
