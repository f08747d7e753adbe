"""What a restriction rests on (一处违法、处处受限): the bases of an answer from every list the
policy in force names for the action, each with its list, date and legal basis."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.utils.translation import gettext as _

from lists import selectors
from lists.catalogue import abnormal_legal_basis
from lists.grade_source import GradeBasis, grade_bases
from lists.models import AbnormalListing, BlacklistEntry, RestrictionMeasure
from lists.rules import RESTRICTING_GRADE


def blacklist_basis(entry: BlacklistEntry) -> dict[str, Any]:
    return {
        "list": "blacklist",
        "listed_on": entry.listed_on,
        "ends_on": entry.ends_on,
        "department": entry.department.name,
        "legal_basis": entry.legal_basis,
    }


def abnormal_basis(listing: AbnormalListing) -> dict[str, Any]:
    return {
        "list": "abnormal",
        "listed_on": listing.listed_on,
        "ends_on": None,  # until removed after correction, or moved to the blacklist
        "department": listing.department.name,
        "legal_basis": abnormal_legal_basis(listing.ground),
        "ground": listing.ground,
        "ground_label": listing.get_ground_display(),
    }


def grade_basis_shown(grade: GradeBasis) -> dict[str, Any]:
    return {
        "list": "grade",
        "listed_on": grade.since,  # the grade held since
        "ends_on": None,  # until a regrade lifts it
        "department": None,
        "legal_basis": _(
            "Quality-credit grading, grading policy version %(version)d: grade %(grade)s"
        )
        % {"version": grade.policy_version, "grade": grade.grade},
        "grade": grade.grade,
        "computed_on": grade.computed_on,
        "grading_policy_version": grade.policy_version,
        "overridden": grade.overridden,
    }


def enterprise_bases(*, enterprise_id: int, lists: Collection[str]) -> list[dict[str, Any]]:
    """The firm's bases on the given lists, blacklist first; a list not given is not read."""
    return enterprises_bases(enterprise_ids=[enterprise_id], lists=lists)[enterprise_id]


def enterprises_bases(
    *, enterprise_ids: Collection[int], lists: Collection[str]
) -> dict[int, list[dict[str, Any]]]:
    """The same for many firms at once: one statement per list read, whatever their number."""
    bases: dict[int, list[dict[str, Any]]] = {pk: [] for pk in enterprise_ids}
    if "blacklist" in lists:
        for entry in selectors.listed_entries(enterprise_ids=bases):
            bases[entry.enterprise_id].append(blacklist_basis(entry))
    if "abnormal" in lists:
        for listing in selectors.abnormal_listings_current(enterprise_ids=bases):
            bases[listing.enterprise_id].append(abnormal_basis(listing))
    if "grade" in lists:
        for pk, grade in grade_bases(enterprise_ids=bases).items():
            if grade.grade == RESTRICTING_GRADE:
                bases[pk].append(grade_basis_shown(grade))
    return bases


def person_bases(*, id_hash: str, lists: Collection[str]) -> list[dict[str, Any]]:
    """A responsible person is restricted through blacklist entries only (Order 44)."""
    if "blacklist" not in lists:
        return []
    return [blacklist_basis(e) for e in selectors.person_entries(id_hash=id_hash)]


def restriction_measures(*, action: str, persons: bool = False) -> list[dict[str, Any]]:
    """The measures of the catalogue for `action` (for persons, those that apply to them)."""
    measures = RestrictionMeasure.objects.filter(code=action)
    if persons:
        measures = measures.filter(applies_to_persons=True)
    return [dict(m) for m in measures.values("code", "name", "legal_basis")]


def restriction_answer(
    *,
    action: str,
    bases: list[dict[str, Any]],
    lists: Collection[str],
    policy_version: int,
    persons: bool = False,
) -> dict[str, Any]:
    """The answer: restricted when a list that restricts `action` holds a basis and a measure
    applies, with the measures and every basis."""
    measures = restriction_measures(action=action, persons=persons) if bases else []
    return restriction_answer_from(
        action=action, bases=bases, lists=lists, policy_version=policy_version, measures=measures
    )


def restriction_answer_from(
    *,
    action: str,
    bases: list[dict[str, Any]],
    lists: Collection[str],
    policy_version: int,
    measures: list[dict[str, Any]],
) -> dict[str, Any]:
    """The answer from measures already read (a batch reads them once for every firm)."""
    restricted = bool(bases) and bool(measures)
    return {
        "action": action,
        "restricted": restricted,
        "measures": measures if restricted else [],
        "basis": bases if restricted else [],
        "restricting_lists": list(lists),
        "list_policy_version": policy_version,
    }
