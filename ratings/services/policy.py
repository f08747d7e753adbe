"""Versions of the grading policy: created, activated, never edited."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from credit_portal.queue import enqueue_on_commit
from enterprises.services.audit import audit_record
from ratings.models import GradingPolicy
from ratings.policy import DEFAULT_MATRIX, PolicyRules, matrix_problems, rules_from

if TYPE_CHECKING:
    from accounts.models import User


def grading_policy_active() -> GradingPolicy:
    """The active policy; the first call on an empty database creates v1 with the defaults."""
    policy = GradingPolicy.objects.filter(is_active=True).first()
    if policy is None:
        try:
            with transaction.atomic():
                return grading_policy_publish(
                    rules=asdict(PolicyRules()),
                    matrix=DEFAULT_MATRIX,
                    note="DOMAIN.md defaults",
                    actor=None,
                    recompute=False,
                )
        except IntegrityError:  # another worker created v1 first
            policy = GradingPolicy.objects.get(is_active=True)
    return policy


@transaction.atomic
def grading_policy_publish(
    *,
    rules: dict[str, Any],
    matrix: dict[str, Any],
    note: str,
    actor: User | None,
    recompute: bool = True,
) -> GradingPolicy:
    """Validate and activate a new version; every firm is then regraded under it."""
    from accounts.roles import Action, regulator_can

    # One policy grades every firm of the deployment: only a province-level administrator
    # (or a superuser) may replace it.
    if actor is not None and not (
        actor.is_superuser
        or (regulator_can(actor, Action.POLICY_EDIT) and len(actor.jurisdiction) <= 2)
    ):
        raise ValidationError("Only a province-level administrator may publish a policy.")
    if not note.strip():
        raise ValidationError({"note": "Say why this version is needed."})
    try:
        parsed = rules_from(rules)
    except (TypeError, ValueError) as exc:
        raise ValidationError({"rules": str(exc)}) from exc
    problems = parsed.validate()
    if problems:
        raise ValidationError({"rules": problems})
    problems = matrix_problems(matrix)
    if problems:
        raise ValidationError({"matrix": problems})
    # Lock the active row so two publishers cannot both take the next number.
    list(GradingPolicy.objects.select_for_update().filter(is_active=True))
    version = (GradingPolicy.objects.aggregate(v=Max("version"))["v"] or 0) + 1
    GradingPolicy.objects.filter(is_active=True).update(is_active=False)
    policy = GradingPolicy.objects.create(
        version=version,
        rules=asdict(parsed),
        matrix=matrix,
        note=note,
        is_active=True,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="ratings.policy.published",
        enterprise=None,
        data={"version": version, "note": note},
    )
    if recompute:
        from ratings.tasks import grades_recompute_all_task

        enqueue_on_commit(grades_recompute_all_task)
    return policy
