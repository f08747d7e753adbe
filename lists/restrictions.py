"""Restriction checks by other departments (一处违法、处处受限): answered and logged in one call.

Every question is logged with its answer, refusals included (DOMAIN.md section 6), so a bad
question is returned as an answer with its status, not raised: raising would roll the log
row back with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from core.hostile import has_control_character
from core.policy import policy_active
from enterprises.models import Enterprise
from enterprises.uscc import normalise, uscc_error
from lists.models import ListPolicy, RestrictionMeasure, RestrictionQuery
from lists.persons import person_id_error, person_id_hash, person_id_normalise
from lists.restriction_bases import enterprise_bases, person_bases, restriction_answer
from lists.rules import list_rules_from

if TYPE_CHECKING:
    from accounts.models import Department

# Logged instead of a subject that is no code or ID number: a malformed ID number is never
# stored, and a control character cannot be.
INVALID_SUBJECT = "(invalid)"


@dataclass(frozen=True)
class RestrictionReply:
    """The answer as the API sends it: an HTTP status and its body."""

    status: int
    body: dict[str, Any]

    @property
    def restricted(self) -> bool:
        return bool(self.body.get("restricted"))


def _logged(
    *, department: Department, subject: str, action: str, reply: RestrictionReply
) -> RestrictionReply:
    query_log_row(department=department, subject=subject, action=action, reply=reply).save()
    return reply


def query_log_row(
    *, department: Department, subject: str, action: str, reply: RestrictionReply
) -> RestrictionQuery:
    """The log row of one question and its answer, not saved (a batch saves them together)."""
    return RestrictionQuery(
        department=department,
        subject=subject_loggable(subject)[:64],
        action=subject_loggable(action)[:32],
        restricted=reply.restricted,
        status_code=reply.status,
        bases=[b["list"] for b in reply.body.get("basis", [])],
        list_policy_version=reply.body.get("list_policy_version"),
    )


def subject_loggable(text: str) -> str:
    # The door's guard lets these questions through (lists.api_restrictions) so every one is
    # logged; what cannot be stored is logged as invalid.
    return INVALID_SUBJECT if has_control_character(text, in_text=False) else text


def reply_refused(status: HTTPStatus, detail: str, **extra: str) -> RestrictionReply:
    return RestrictionReply(status=status, body={"detail": detail, **extra})


def action_refusal(action: str) -> RestrictionReply | None:
    known = set(RestrictionMeasure.objects.values_list("code", flat=True))
    if action in known:
        return None
    return reply_refused(
        HTTPStatus.BAD_REQUEST,
        _("action must be one of: %(codes)s") % {"codes": ", ".join(sorted(known))},
    )


@transaction.atomic
def restriction_check_enterprise(
    *, department: Department, uscc: str, action: str
) -> RestrictionReply:
    """Whether any list the policy in force names for `action` (blacklist, abnormal-operations
    list, C grade) holds the firm, with the measures and every basis."""
    code, action = normalise(uscc), action.strip()
    error = uscc_error(code)
    if error:
        reply = reply_refused(HTTPStatus.BAD_REQUEST, error.message, field="uscc")
    elif (bad := action_refusal(action)) is not None:
        reply = bad
    elif (firm := Enterprise.objects.filter(uscc=code).only("id").first()) is None:
        reply = reply_refused(HTTPStatus.NOT_FOUND, _("No enterprise with this code."))
    else:
        policy = policy_active(model=ListPolicy)
        lists = list_rules_from(policy).lists_restricting(action)
        answer = restriction_answer(
            action=action,
            bases=enterprise_bases(enterprise_id=firm.pk, lists=lists),
            lists=lists,
            policy_version=policy.version,
        )
        reply = RestrictionReply(status=HTTPStatus.OK, body={"uscc": code, **answer})
    return _logged(department=department, subject=code, action=action, reply=reply)


@transaction.atomic
def restriction_check_person(
    *, department: Department, id_number: str, action: str
) -> RestrictionReply:
    """Whether a responsible person's blacklist entries restrict `action` (measures for persons
    only, and only where the policy lets the blacklist restrict it). The number is hashed here
    with the portal's key; only the hash is looked up or logged."""
    number, action = person_id_normalise(id_number), action.strip()
    if (error := person_id_error(number)) is not None:
        subject = INVALID_SUBJECT
        reply = reply_refused(HTTPStatus.BAD_REQUEST, error, field="id_number")
    else:
        subject = person_id_hash(number)
        if (bad := action_refusal(action)) is not None:
            reply = bad
        else:
            policy = policy_active(model=ListPolicy)
            lists = list_rules_from(policy).lists_restricting(action)
            answer = restriction_answer(
                action=action,
                bases=person_bases(id_hash=subject, lists=lists),
                lists=lists,
                policy_version=policy.version,
                persons=True,
            )
            reply = RestrictionReply(status=HTTPStatus.OK, body=answer)
    return _logged(department=department, subject=subject, action=action, reply=reply)


@transaction.atomic
def restriction_check_unreadable(*, department: Department, detail: str) -> RestrictionReply:
    """A question whose body could not be read at all (not JSON, nested too deep, a control
    character): still logged, with its refusal."""
    reply = reply_refused(HTTPStatus.BAD_REQUEST, detail)
    return _logged(department=department, subject=INVALID_SUBJECT, action="", reply=reply)
