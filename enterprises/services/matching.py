"""Name screening for departments: check a call, answer each name with ranked candidates and
log every name asked (MatchQuery), refused calls included, in one transaction.

A refused call is returned as an answer with its status, not raised: raising would roll its
log row back with it (as the restriction checks do, lists.restrictions).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from core.hostile import has_control_character
from enterprises.matching import MatchQuestion, enterprise_candidates
from enterprises.models import MatchQuery
from enterprises.names import fold
from enterprises.uscc import normalise, uscc_error

if TYPE_CHECKING:
    from accounts.models import Department

INVALID = "(invalid)"
# JSON can carry half a surrogate pair (\ud800), which no database column can store.
_SURROGATES = re.compile("[\ud800-\udfff]")
NAME_MAX = 200
FIELD_MAX = {"region": 64, "legal_representative": 64, "uscc": 64}


@dataclass(frozen=True)
class MatchReply:
    status: int
    body: dict[str, Any]


def _problem(index: int | None, field: str, reason: str) -> dict[str, Any]:
    return {"index": index, "field": field, "reason": reason}


def _question(index: int, item: Any, problems: list[dict[str, Any]]) -> MatchQuestion | None:
    if not isinstance(item, dict):
        problems.append(_problem(index, "queries", _("Each query must be an object.")))
        return None
    before = len(problems)
    unknown = sorted(set(item) - {"name", *FIELD_MAX})
    if unknown:
        problems.append(
            _problem(index, unknown[0], _("This field is not known: %(f)s.") % {"f": unknown[0]})
        )
    name = item.get("name")
    if not isinstance(name, str) or not fold(name):
        problems.append(_problem(index, "name", _("A name is required.")))
    elif _SURROGATES.search(name):
        problems.append(_problem(index, "name", _("The text is not valid Unicode.")))
    elif len(name) > NAME_MAX:
        problems.append(_problem(index, "name", _("At most %(n)d characters.") % {"n": NAME_MAX}))
    values: dict[str, str] = {}
    for field, longest in FIELD_MAX.items():
        value = item.get(field)
        if value is None:
            continue
        if not isinstance(value, str) or len(value) > longest or _SURROGATES.search(value):
            problems.append(
                _problem(index, field, _("Text of at most %(n)d characters.") % {"n": longest})
            )
            continue
        values[field] = value.strip()
    if values.get("uscc"):
        code = normalise(values["uscc"])
        error = uscc_error(code)
        if error is not None:
            problems.append(_problem(index, "uscc", error.message))
        values["uscc"] = code
    if len(problems) > before or not isinstance(name, str):
        return None
    return MatchQuestion(name=name, **values)


def _limit(raw: Any, problems: list[dict[str, Any]]) -> int:
    top = settings.MATCH_MAX_LIMIT
    if raw is None:
        return min(settings.MATCH_DEFAULT_LIMIT, top)
    if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= top:
        problems.append(
            _problem(None, "limit", _("limit must be a whole number from 1 to %(n)d.") % {"n": top})
        )
        return 0
    return raw


def _questions(data: Any) -> tuple[list[MatchQuestion], int, list[dict[str, Any]]]:
    problems: list[dict[str, Any]] = []
    if not isinstance(data, dict):
        return [], 0, [_problem(None, "", _("The body must be a JSON object."))]
    unknown = sorted(set(data) - {"queries", "limit"})
    if unknown:
        problems.append(
            _problem(None, unknown[0], _("This field is not known: %(f)s.") % {"f": unknown[0]})
        )
    limit = _limit(data.get("limit"), problems)
    queries, most = data.get("queries"), settings.MATCH_MAX_QUERIES
    if not isinstance(queries, list) or not queries:
        problems.append(_problem(None, "queries", _("queries must be a non-empty list.")))
        return [], limit, problems
    if len(queries) > most:
        problems.append(
            _problem(
                None,
                "queries",
                _("At most %(most)d queries at a time, not %(n)d.")
                % {"most": most, "n": len(queries)},
            )
        )
        return [], limit, problems
    asked = [_question(i, item, problems) for i, item in enumerate(queries)]
    return [q for q in asked if q is not None], limit, problems


def _loggable(text: str, longest: int) -> str:
    return INVALID if has_control_character(text, in_text=False) else text[:longest]


@transaction.atomic
def enterprise_match(*, department: Department, data: Any) -> MatchReply:
    """Answer a call of the match API (its parsed JSON body): 200 with candidates per query,
    or 400 naming each problem; every name asked is logged, a refused call once."""
    questions, limit, problems = _questions(data)
    if problems:
        MatchQuery.objects.create(
            department=department, name=INVALID, status_code=HTTPStatus.BAD_REQUEST
        )
        return MatchReply(
            status=HTTPStatus.BAD_REQUEST,
            body={"detail": _("The match request is not valid."), "errors": problems},
        )
    results, log = [], []
    for index, question in enumerate(questions):
        candidates = enterprise_candidates(question=question, limit=limit)
        results.append(
            {"index": index, "name": question.name, "candidates": [asdict(c) for c in candidates]}
        )
        log.append(
            MatchQuery(
                department=department,
                name=_loggable(question.name, NAME_MAX),
                region=_loggable(question.region, FIELD_MAX["region"]),
                uscc=_loggable(question.uscc, FIELD_MAX["uscc"]),
                with_legal_representative=bool(question.legal_representative),
                candidates=[c.uscc for c in candidates],
                top_score=candidates[0].score if candidates else None,
            )
        )
    MatchQuery.objects.bulk_create(log)
    return MatchReply(status=HTTPStatus.OK, body={"limit": limit, "results": results})


@transaction.atomic
def enterprise_match_unreadable(*, department: Department, detail: str) -> MatchReply:
    """A call whose body could not be read (not JSON, too deep, a control character): logged
    as one refused call."""
    MatchQuery.objects.create(
        department=department, name=INVALID, status_code=HTTPStatus.BAD_REQUEST
    )
    return MatchReply(
        status=HTTPStatus.BAD_REQUEST,
        body={"detail": detail, "errors": [_problem(None, "", detail)]},
    )
