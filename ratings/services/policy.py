"""Versions of the grading policy: created, activated, never edited."""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import may_publish_policy
from core.actions import AuditAction
from core.policy import policy_active, policy_publish
from core.tasks import task_send_on_commit
from publicity.rules import publicity_rules
from ratings.models import GradingPolicy
from ratings.policy import PolicyRules, matrix_problems, retired_problems, rules_from

RECOMPUTE_ALL_TASK = "ratings.tasks.grades_recompute_all_task"


def grading_policy_active() -> GradingPolicy:
    """The grading policy in force (version 1 is written by the migrations)."""
    return policy_active(model=GradingPolicy)


def grading_rules_active() -> PolicyRules:
    """The rules of the grading policy in force."""
    return rules_from(grading_policy_active().rules)


def grading_low_fine_threshold() -> Decimal:
    """The low-fine threshold of grading's A condition: the list policy's Order 45 number, so
    a province sets one threshold for publicity and grading alike (both grading paths read it
    here; publishing a list policy that changes it regrades every firm)."""
    return publicity_rules().low_fine_threshold


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
    if not may_publish_policy(actor):
        raise ValidationError(_("Only a province-level administrator may publish a policy."))
    if problems := retired_problems(rules):
        raise ValidationError({"rules": problems})
    try:
        parsed = rules_from(rules)
    except (TypeError, ValueError) as exc:
        raise ValidationError({"rules": str(exc)}) from exc
    if problems := parsed.validate():
        raise ValidationError({"rules": problems})
    if problems := matrix_problems(matrix):
        raise ValidationError({"matrix": problems})
    policy = policy_publish(
        model=GradingPolicy,
        values={"rules": asdict(parsed), "matrix": matrix},
        note=note,
        actor=actor,
        action=AuditAction.GRADING_POLICY_PUBLISHED,
    )
    if recompute:
        task_send_on_commit(RECOMPUTE_ALL_TASK)
    return policy
