"""Restriction checks of many firms at once (issue #18): each code answered as the single check
answers it (lists.restrictions), in a number of statements that does not grow with the batch,
and each logged as its own question.

Also the set of actions a firm is restricted for now, which the webhooks announce: the same
bases and the same answer, for every action of the catalogue.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from core.hostile import has_control_character
from core.policy import policy_active
from enterprises.models import Enterprise
from enterprises.uscc import normalise, uscc_error
from lists.models import ListPolicy, RestrictionMeasure, RestrictionQuery
from lists.restriction_bases import (
    enterprises_bases,
    restriction_answer_from,
    restriction_measures,
)
from lists.restrictions import (
    INVALID_SUBJECT,
    RestrictionReply,
    action_refusal,
    query_log_row,
    reply_refused,
)
from lists.rules import list_rules_from

if TYPE_CHECKING:
    from accounts.models import Department

# As many codes as one intake batch carries records (README, intake API).
BATCH_MAX = 1000


def _item_code(raw: Any) -> tuple[str, RestrictionReply | None]:
    """The normalised code and, for a code that cannot be checked, its refusal."""
    if not isinstance(raw, str):
        return INVALID_SUBJECT, reply_refused(
            HTTPStatus.BAD_REQUEST, _("Each code must be a string."), field="uscc"
        )
    if has_control_character(raw, in_text=False):
        return INVALID_SUBJECT, reply_refused(
            HTTPStatus.BAD_REQUEST, _("The code holds a control character."), field="uscc"
        )
    code = normalise(raw)
    error = uscc_error(code)
    if error:
        return code, reply_refused(HTTPStatus.BAD_REQUEST, error.message, field="uscc")
    return code, None


@transaction.atomic
def restriction_check_enterprises(
    *, department: Department, codes: Sequence[Any], action: str
) -> list[RestrictionReply]:
    """One answer per code, in order, each in the single check's shape with its own status (a
    malformed or unknown code refuses its item only); every item is logged. Raises nothing:
    the caller checks the batch's shape (a list of at most BATCH_MAX)."""
    action = action.strip()
    checked = [_item_code(raw) for raw in codes]
    bad_action = action_refusal(action)
    firms: dict[str, int] = {}
    if bad_action is None:
        wanted = {code for code, refusal in checked if refusal is None}
        firms = dict(Enterprise.objects.filter(uscc__in=wanted).values_list("uscc", "id"))
    policy = policy_active(model=ListPolicy)
    lists = list_rules_from(policy).lists_restricting(action)
    bases = enterprises_bases(enterprise_ids=firms.values(), lists=lists) if firms else {}
    measures = restriction_measures(action=action) if firms else []
    replies: list[RestrictionReply] = []
    for code, refusal in checked:
        if refusal is None and bad_action is not None:
            refusal = bad_action
        if refusal is None and code not in firms:
            refusal = reply_refused(HTTPStatus.NOT_FOUND, _("No enterprise with this code."))
        if refusal is not None:
            replies.append(
                RestrictionReply(status=refusal.status, body={"uscc": code, **refusal.body})
            )
            continue
        answer = restriction_answer_from(
            action=action,
            bases=bases[firms[code]],
            lists=lists,
            policy_version=policy.version,
            measures=measures,
        )
        replies.append(RestrictionReply(status=HTTPStatus.OK, body={"uscc": code, **answer}))
    RestrictionQuery.objects.bulk_create(
        [
            query_log_row(department=department, subject=code, action=action, reply=reply)
            for (code, _r), reply in zip(checked, replies, strict=True)
        ]
    )
    return replies


def enterprises_restricted_actions(*, enterprise_ids: Collection[int]) -> dict[int, list[str]]:
    """For each firm, the actions of the catalogue it is restricted for now: the actions whose
    single check would answer `restricted` (the same bases, lists and answer)."""
    policy = policy_active(model=ListPolicy)
    rules = list_rules_from(policy)
    measures: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for measure in RestrictionMeasure.objects.values("code", "name", "legal_basis"):
        measures[measure["code"]].append(dict(measure))
    by_action = {action: rules.lists_restricting(action) for action in sorted(measures)}
    every_list = {name for lists in by_action.values() for name in lists}
    bases = enterprises_bases(enterprise_ids=enterprise_ids, lists=every_list)
    out: dict[int, list[str]] = {}
    for pk, firm_bases in bases.items():
        out[pk] = [
            action
            for action, lists in by_action.items()
            if restriction_answer_from(
                action=action,
                bases=[b for b in firm_bases if b["list"] in lists],
                lists=lists,
                policy_version=policy.version,
                measures=measures[action],
            )["restricted"]
        ]
    return out
