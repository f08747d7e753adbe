"""The credit extract used in bidding (信用报告摘要): a firm's public credit facts on one day.

Today's extract is read from the current file, the same reads as the public profile
(disclosure.profiles). A past day's extract, which the verify page shows, is rebuilt from
history, never from a stored copy: records and commitments through django-simple-history
(each row as it stood at the end of that day), the grade through its grade changes, list
entries through their dates, and the publicity windows of the list policy in force then.
What history does not hold is named in `not_rebuilt`, and the page says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from disclosure.profiles import RECORDS_SHOWN, inspection_public_q, public_profile
from enterprises.models import Enterprise, InspectionRecord, IntegrityCommitment, PenaltyRecord
from enterprises.rules import commitment_current_q
from lists.models import AbnormalListing, BlacklistEntry
from lists.rules import abnormal_was_current_q, entry_was_in_force_q
from publicity.rules import (
    PublicityRules,
    public_on_q,
    publicity_rules,
    publicity_rules_at,
    publicity_starts_on_expr,
)
from ratings.change_labels import FACTOR_LABELS
from ratings.models import Grade, GradeChange, SupervisionMode
from ratings.selectors import ExplainedFactor, grade_explained


@dataclass(frozen=True)
class ExtractGrade:
    letter: str
    supervision_mode: str  # its label, or "" where history did not record it
    since: dt.date | None  # None where the change that set the letter is not in history
    policy_version: int
    red_list: bool

    @property
    def meaning(self) -> str:
        return str(Grade(self.letter).label) if self.letter in Grade.values else self.letter


@dataclass
class CreditExtract:
    enterprise: Enterprise
    name: str  # as registered on the day
    day: dt.date
    live: bool  # read from the current file (today), or rebuilt from history
    grade: ExtractGrade | None
    factors: list[ExplainedFactor]  # today: every factor in words
    decisive: list[str]  # a past day: the factors that held the grade down, in words
    blacklist: list[Any]
    abnormal: list[Any]
    penalties: list[Any]
    inspections: list[Any]
    commitment: Any
    publicity: PublicityRules
    not_rebuilt: list[str] = field(default_factory=list)


def end_of(day: dt.date) -> dt.datetime:
    """The last moment of `day` in the portal's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.max))


def credit_extract(*, enterprise: Enterprise, day: dt.date | None = None) -> CreditExtract:
    """The extract of `enterprise` as it stood on `day` (default today): today's from the
    current file, an earlier day's rebuilt from history."""
    today = timezone.localdate()
    day = day or today
    if day >= today:
        return _live(enterprise, today)
    return _rebuilt(enterprise, day)


def _live(enterprise: Enterprise, today: dt.date) -> CreditExtract:
    profile = public_profile(enterprise=enterprise, today=today)
    row = getattr(enterprise, "grade", None) if _graded(enterprise) else None
    grade = (
        ExtractGrade(
            letter=row.grade,
            supervision_mode=row.get_supervision_mode_display(),
            since=row.grade_since,
            policy_version=row.policy.version,
            red_list=row.red_list,
        )
        if row
        else None
    )
    return CreditExtract(
        enterprise=enterprise,
        name=enterprise.name,
        day=today,
        live=True,
        grade=grade,
        factors=grade_explained(grade=row) if row else [],
        decisive=[],
        blacklist=profile.blacklist,
        abnormal=profile.abnormal,
        penalties=profile.penalties,
        inspections=profile.inspections,
        commitment=profile.commitment,
        publicity=profile.publicity or publicity_rules(),
    )


def _graded(enterprise: Enterprise) -> bool:
    try:
        return enterprise.grade is not None
    except Enterprise.grade.RelatedObjectDoesNotExist:
        return False


def _as_of(model: type[Model], *, at: dt.datetime, enterprise_id: int) -> QuerySet[Any]:
    """The firm's rows of `model` as they stood at `at`: each one's latest historical version
    by then, rows deleted by then left out. Filter the result, never before: a rule applied
    first would pick an older version that met it."""
    versions = model.history.filter(  # type: ignore[attr-defined]
        history_date__lte=at, enterprise_id=enterprise_id
    )
    return versions.latest_of_each().exclude(history_type="-")


def _rebuilt(enterprise: Enterprise, day: dt.date) -> CreditExtract:
    at = end_of(day)
    firm = enterprise.pk
    rules = publicity_rules_at(at)
    then = enterprise.history.filter(history_date__lte=at).order_by("-history_date").first()
    grade, decisive, gaps = _grade_then(enterprise, at)
    penalties = (
        _as_of(PenaltyRecord, at=at, enterprise_id=firm)
        .annotate(publicity_start=publicity_starts_on_expr())
        .filter(public_on_q(today=day, rules=rules))
        .select_related("source_department")
        .order_by("-decided_on", "-id")[:RECORDS_SHOWN]
    )
    inspections = (
        _as_of(InspectionRecord, at=at, enterprise_id=firm)
        .filter(inspection_public_q(today=day))
        .select_related("source_department")
        .order_by("-inspected_on", "-id")[:RECORDS_SHOWN]
    )
    commitment = (
        _as_of(IntegrityCommitment, at=at, enterprise_id=firm)
        .filter(commitment_current_q(today=day))
        .order_by("-signed_at")
        .first()
    )
    gaps.append(
        _(
            "Blacklist and abnormal-operations entries are rebuilt from their dates (listed, "
            "last day, removed); their wording is shown as it reads today."
        )
    )
    return CreditExtract(
        enterprise=enterprise,
        name=then.name if then else enterprise.name,
        day=day,
        live=False,
        grade=grade,
        factors=[],
        decisive=decisive,
        blacklist=list(
            BlacklistEntry.objects.filter(entry_was_in_force_q(day=day), enterprise_id=firm)
            .select_related("department")
            .order_by("-listed_on")
        ),
        abnormal=list(
            AbnormalListing.objects.filter(abnormal_was_current_q(day=day), enterprise_id=firm)
            .select_related("department")
            .order_by("-listed_on")
        ),
        penalties=list(penalties),
        inspections=list(inspections),
        commitment=commitment,
        publicity=rules,
        not_rebuilt=gaps,
    )


def _grade_then(
    enterprise: Enterprise, at: dt.datetime
) -> tuple[ExtractGrade | None, list[str], list[str]]:
    """The grade at `at` from the firm's grade changes: the letter, red-list membership and
    supervision mode the latest change set, held since the latest change of letter."""
    changes = list(
        GradeChange.objects.filter(enterprise=enterprise, changed_at__lte=at)
        .select_related("policy")
        .order_by("-changed_at", "-id")[:RECORDS_SHOWN]
    )
    gaps = [
        _(
            "Only the factors that held the grade down are kept in the grade's history; the "
            "full list of factors of that day cannot be rebuilt."
        )
    ]
    if not changes:
        return None, [], gaps
    latest = changes[0]
    set_letter = next((c for c in changes if c.letter_changed), None)
    mode = ""
    if latest.new_supervision_mode:
        mode = str(SupervisionMode(latest.new_supervision_mode).label)
    else:
        gaps.append(_("The supervision mode of that day was not recorded in the history."))
    if set_letter is None:
        gaps.append(_("The day the grade was first given is older than the history kept."))
    grade = ExtractGrade(
        letter=latest.new_grade,
        supervision_mode=mode,
        since=timezone.localdate(set_letter.changed_at) if set_letter else None,
        policy_version=latest.policy.version,
        red_list=bool(latest.new_red_list),
    )
    labels: dict[str, Promise] = FACTOR_LABELS
    return grade, [str(labels.get(code, code)) for code in latest.reason], gaps
