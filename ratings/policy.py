"""Grading policy as data: the defaults of DOMAIN.md section 4, validated on every new version."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from django.utils.translation import gettext as _

from enterprises.models.enterprise import Industry
from enterprises.models.records import HEAVY_PENALTY_KINDS

GRADES = ("AA", "A", "B", "C")
RISKS = ("I", "II", "III")
MODES = ("credit", "responsibility", "routine", "strict")

PENALTY_KINDS = {
    "warning",
    "criticism",
    "fine",
    "confiscation",
    "licence_suspended",
    "qualification_lowered",
    "licence_revoked",
    "restriction",
    "suspension",
    "closure",
    "practice_ban",
    "other",
}
HONOUR_KINDS = {"quality_award", "famous_brand", "benchmark", "other"}
# Licence statuses that end a licence on its `revoked_on` day: revoked (吊销/撤销) and
# cancelled (注销).
ENDED_LICENCE_STATUSES = {"revoked", "cancelled"}


@dataclass(frozen=True)
class PolicyRules:
    # C: any one of these within c_window_years.
    c_window_years: int = 3
    c_failed_samplings: int = 2  # this many failed samplings or more
    c_serious_failures: int = 1  # this many seriously failed samplings or more
    c_consecutive_failures: int = 2  # this many failed samplings in a row
    c_heavy_penalty_kinds: list[str] = field(default_factory=lambda: list(HEAVY_PENALTY_KINDS))
    c_aggravated_fine_is_heavy: bool = True  # a fine set by the 从重 principle is heavier
    # A licence revoked (吊销/撤销) within c_window_years, dated by its revoked_on. A cancellation
    # (注销) is usually the firm's own giving up, so it counts only where a province adds it.
    c_licence_ended_statuses: list[str] = field(default_factory=lambda: ["revoked"])
    # Producing without a required licence (无证生产) and quality-safety accidents (质量安全事故),
    # each within its own window (DOMAIN.md section 4: 3 years).
    c_unlicensed_years: int = 3
    c_accident_years: int = 3
    # A: all of these within a_window_years.
    a_window_years: int = 2
    a_min_passed_samplings: int = 1  # a grade above B needs evidence
    a_max_failed_samplings: int = 0
    # Low fines do not block A. Their threshold is not a grading rule: it is the province's
    # Order 45 number, lists.rules.ListRules.publicity_low_fine_threshold, read by both paths.
    a_complaint_cluster: int = 3  # this many upheld complaints make a cluster
    a_requires_valid_licence: bool = True
    # An ordered defect recall (责令召回, seeds 002 and 004) blocks A for this many years from
    # the day it started; a voluntary recall does not.
    a_ordered_recall_years: int = 2
    # Industries (GB/T 4754 sections) whose firms need a production licence (生产许可证): such a
    # firm without a valid one cannot be A. Manufacturing, where the industrial-product and food
    # production licences apply; firms of other sections holding licences need one valid.
    a_licence_industries: list[str] = field(default_factory=lambda: ["C"])
    # AA: all of A, and these within aa_window_years.
    aa_window_years: int = 3
    aa_report_max_age_days: int = 548  # an annual report, with half a year's grace
    aa_honour_kinds: list[str] = field(default_factory=lambda: ["quality_award", "famous_brand"])
    aa_a_held_years: int = 2
    # Red list (DOMAIN.md section 5): AA firms and quality-award winners (with grade A), with no
    # negative record in this many years and a current commitment. A famous brand is an honour
    # for it only where a province says so.
    red_list_window_years: int = 3
    red_list_famous_brand: bool = False
    # Deadlines the rules leave to practice (the console's work queues mark them overdue): a
    # submitted quality-credit report is reviewed, and a C firm's person in charge interviewed
    # (约谈), within this many working days (of the submission; of the firm getting its grade).
    report_review_working_days: int = 10
    interview_working_days: int = 10

    def validate(self) -> list[str]:
        """Every field of its declared type (a bool is not a number), lists of known kinds."""
        problems = []
        for f in fields(self):
            value = getattr(self, f.name)
            if f.type == "int" and (type(value) is not int or value < 0):
                problems.append(_("%(name)s must be a whole number, 0 or more") % {"name": f.name})
            elif f.type == "bool" and type(value) is not bool:
                problems.append(_("%(name)s must be true or false") % {"name": f.name})
            elif f.type == "list[str]" and (
                not isinstance(value, list) or not all(isinstance(v, str) for v in value)
            ):
                problems.append(_("%(name)s must be a list of names") % {"name": f.name})
        if problems:
            return problems
        if unknown := set(self.c_heavy_penalty_kinds) - PENALTY_KINDS:
            problems.append(_("unknown penalty kinds: %(v)s") % {"v": ", ".join(sorted(unknown))})
        if unknown := set(self.aa_honour_kinds) - HONOUR_KINDS:
            problems.append(_("unknown honour kinds: %(v)s") % {"v": ", ".join(sorted(unknown))})
        if unknown := set(self.c_licence_ended_statuses) - ENDED_LICENCE_STATUSES:
            problems.append(
                _("unknown ended-licence statuses: %(v)s") % {"v": ", ".join(sorted(unknown))}
            )
        if unknown := set(self.a_licence_industries) - set(Industry.values):
            problems.append(
                _("unknown industry sections: %(v)s") % {"v": ", ".join(sorted(unknown))}
            )
        for name in (
            "c_window_years",
            "a_window_years",
            "aa_window_years",
            "c_unlicensed_years",
            "c_accident_years",
            "a_ordered_recall_years",
            "red_list_window_years",
            "report_review_working_days",
            "interview_working_days",
        ):
            if getattr(self, name) < 1:
                problems.append(_("%(name)s must be at least 1") % {"name": name})
        if self.c_consecutive_failures < 1:
            problems.append(_("%(name)s must be at least 1") % {"name": "c_consecutive_failures"})
        return problems


@dataclass(frozen=True)
class Treatment:
    """What a grade means for a firm of one product-risk class."""

    mode: str
    inspections_min: int  # per year; 0 with max 0 means "as needed"
    inspections_max: int
    interview: bool
    sampling_ratio: float  # share of the class drawn in random inspections (双随机)


def _t(mode: str, lo: int, hi: int, interview: bool, ratio: float) -> dict[str, Any]:
    return asdict(Treatment(mode, lo, hi, interview, ratio))


# DOMAIN.md section 4: inspections per year by grade x product risk; random-sampling ratios
# AA 2 %, A 3 %, B 5 %, C 20 %; C firms get an interview (约谈).
DEFAULT_MATRIX: dict[str, dict[str, dict[str, Any]]] = {
    "AA": {
        "I": _t("credit", 1, 1, False, 0.02),
        "II": _t("credit", 0, 0, False, 0.02),
        "III": _t("credit", 0, 0, False, 0.02),
    },
    "A": {
        "I": _t("responsibility", 1, 2, False, 0.03),
        "II": _t("responsibility", 1, 1, False, 0.03),
        "III": _t("responsibility", 0, 0, False, 0.03),
    },
    "B": {
        "I": _t("routine", 2, 3, False, 0.05),
        "II": _t("routine", 1, 2, False, 0.05),
        "III": _t("routine", 1, 1, False, 0.05),
    },
    "C": {
        "I": _t("strict", 3, 4, True, 0.20),
        "II": _t("strict", 2, 3, True, 0.20),
        "III": _t("strict", 2, 2, True, 0.20),
    },
}


# Rules stored by earlier versions that now live elsewhere: ignored when a stored version is
# read (versions are never edited), refused in a new one with where to set them instead.
RETIRED_RULES = {
    "a_low_fine_threshold": "the list policy's publicity_low_fine_threshold (one number for "
    "Order 45 publicity and for grading)",
}


def rules_from(data: dict[str, Any]) -> PolicyRules:
    """The rules of a stored version; retired keys are ignored, unknown ones refused."""
    known = {f.name for f in fields(PolicyRules)}
    unknown = set(data) - known - set(RETIRED_RULES)
    if unknown:
        raise ValueError(f"unknown rule(s): {', '.join(sorted(unknown))}")
    return PolicyRules(**{k: v for k, v in data.items() if k in known})


def retired_problems(data: dict[str, Any]) -> list[str]:
    """A new version may not set a retired rule: say where it lives now."""
    return [
        _("%(name)s is no longer a grading rule; set %(where)s") % {"name": name, "where": where}
        for name, where in RETIRED_RULES.items()
        if name in data
    ]


def sampling_ratio_problem(ratio: object) -> str | None:
    """Why a class's random-sampling ratio is refused: every class is drawn from (DOMAIN.md
    section 4, "no class is exempt"), and no class more than all of its firms."""
    if isinstance(ratio, bool) or not isinstance(ratio, int | float):
        return _("sampling_ratio must be a number")
    if ratio <= 0:
        return _("sampling_ratio must be above 0: no class is exempt")
    if ratio > 1:
        return _("sampling_ratio must be at most 1 (every firm of the class)")
    return None


def matrix_problems(matrix: dict[str, Any]) -> list[str]:
    problems = []
    for grade in GRADES:
        for risk in RISKS:
            cell = matrix.get(grade, {}).get(risk)
            if not isinstance(cell, dict):
                problems.append(_("matrix %(cell)s is missing") % {"cell": f"{grade}/{risk}"})
                continue
            try:
                t = Treatment(**cell)
            except TypeError:
                problems.append(
                    _("matrix %(cell)s must have %(keys)s")
                    % {"cell": f"{grade}/{risk}", "keys": ", ".join(Treatment.__annotations__)}
                )
                continue
            if t.mode not in MODES:
                problems.append(
                    _("matrix %(cell)s mode must be one of %(modes)s")
                    % {"cell": f"{grade}/{risk}", "modes": ", ".join(MODES)}
                )
            if not 0 <= t.inspections_min <= t.inspections_max:
                problems.append(
                    _("matrix %(cell)s needs 0 <= inspections_min <= max")
                    % {"cell": f"{grade}/{risk}"}
                )
            if problem := sampling_ratio_problem(t.sampling_ratio):
                problems.append(
                    _("matrix %(cell)s %(problem)s")
                    % {"cell": f"{grade}/{risk}", "problem": problem}
                )
    return problems
