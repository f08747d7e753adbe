"""Publishing a new version of the list rules."""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import may_publish_policy
from core.actions import AuditAction
from core.policy import policy_publish
from core.tasks import task_send_on_commit
from lists.models import ListPolicy, RestrictionMeasure
from lists.rules import RULES, ListRules, list_rules

# Grading's A condition reads the low-fine threshold of the list policy (one number with
# Order 45 publicity), so a version that changes it regrades every firm; woken by name, as
# ratings sits above lists.
RECOMPUTE_ALL_TASK = "ratings.tasks.grades_recompute_all_task"


@transaction.atomic
def list_policy_publish(*, rules: dict[str, Any], note: str, actor: User | None) -> ListPolicy:
    """Validate and activate a new version (province-level administrators only)."""
    if not may_publish_policy(actor):
        raise PermissionDenied(_("Only a province-level administrator may publish list rules."))
    known = {f.name for f in fields(ListRules)}
    if unknown := set(rules) - known:
        raise ValidationError(
            {"rules": _("unknown rule(s): %(names)s") % {"names": ", ".join(sorted(unknown))}}
        )
    values = {**asdict(RULES), **rules}
    if isinstance(given := rules.get("restriction_lists"), dict):
        # Actions not named keep their default lists, as rules not named do.
        values["restriction_lists"] = {**RULES.restriction_lists, **given}
    parsed = ListRules(**values)
    # The known actions are the measure catalogue (a superuser may add measures).
    actions = set(RestrictionMeasure.objects.values_list("code", flat=True))
    if problems := parsed.problems(actions=actions):
        raise ValidationError({"rules": problems})
    before = list_rules()
    policy = policy_publish(
        model=ListPolicy,
        values={"rules": asdict(parsed)},
        note=note,
        actor=actor,
        action=AuditAction.LIST_POLICY_PUBLISHED,
    )
    if parsed.publicity_low_fine_threshold != before.publicity_low_fine_threshold:
        task_send_on_commit(RECOMPUTE_ALL_TASK)
    return policy
