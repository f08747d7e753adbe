""" "How grading works", written from the active policy version (never from fixed text)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from enterprises.models import HonourKind, Industry, LicenceStatus, PenaltyKind, ProductRisk
from publicity.rules import PublicityRules
from ratings.models import Grade, GradingPolicy, SupervisionMode
from ratings.policy import GRADES, RISKS, Treatment, rules_from
from ratings.services.policy import grading_low_fine_threshold


@dataclass(frozen=True)
class GradeRules:
    grade: str
    label: str
    lead: str
    conditions: list[str]


@dataclass(frozen=True)
class MatrixRow:
    grade: str
    mode: str
    cells: list[str]  # per product-risk class
    sampling_percent: str
    interview: bool


def _joined(items: list[str]) -> str:
    """A list as a person writes it: 、 between Chinese items, commas between English ones."""
    return pgettext("list separator", ", ").join(items)


def _years(n: int) -> str:
    return ngettext("%(n)d year", "%(n)d years", n) % {"n": n}


def _period(days: int) -> str:
    """A number of days as a person says it: whole years, else months where the days are a
    whole number of months (548 days are 18 months), else days."""
    if days % 365 == 0:
        return _years(days // 365)
    months = round(days / (365 / 12))
    if months and abs(months * 365 / 12 - days) <= 1:
        return ngettext("%(n)d month", "%(n)d months", months) % {"n": months}
    return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}


def grading_explained(policy: GradingPolicy) -> tuple[list[GradeRules], list[MatrixRow], list[str]]:
    """The conditions of each grade, the supervision matrix and the risk-class labels, written
    from the policy in force as a person would write them."""
    r = rules_from(policy.rules)
    heavy = _joined([str(PenaltyKind(k).label) for k in r.c_heavy_penalty_kinds])
    honours = _joined([str(HonourKind(k).label) for k in r.aa_honour_kinds])
    cw = _years(r.c_window_years)
    c = [
        _("on the serious-violation blacklist;"),
        _("a heavier penalty within %(period)s: %(kinds)s;") % {"period": cw, "kinds": heavy},
        # One is said as "a …" ("1 次及以上" reads machine-made), more with the number.
        (
            _("a failed supervisory sampling within %(period)s;") % {"period": cw}
            if r.c_failed_samplings == 1
            else _("%(n)d or more failed supervisory samplings within %(period)s;")
            % {"n": r.c_failed_samplings, "period": cw}
        ),
        (
            _("a seriously failed sampling within %(period)s;") % {"period": cw}
            if r.c_serious_failures == 1
            else _("%(n)d or more seriously failed samplings within %(period)s;")
            % {"n": r.c_serious_failures, "period": cw}
        ),
        ngettext(
            "%(n)d failed sampling in a row within %(period)s;",
            "%(n)d failed samplings in a row within %(period)s;",
            r.c_consecutive_failures,
        )
        % {"n": r.c_consecutive_failures, "period": cw},
        _("a licence ended within %(period)s (%(statuses)s), counted from the day it ended;")
        % {
            "period": cw,
            "statuses": _joined([str(LicenceStatus(s).label) for s in r.c_licence_ended_statuses]),
        },
        _("producing without a required licence (无证生产) within %(period)s;")
        % {"period": _years(r.c_unlicensed_years)},
        _("a quality-safety accident (质量安全事故) within %(period)s;")
        % {"period": _years(r.c_accident_years)},
    ]
    if r.c_aggravated_fine_is_heavy:
        c.append(_("a fine set by the 从重 (heavier) principle counts as a heavier penalty."))
    aw = _years(r.a_window_years)
    a = [
        ngettext(
            "at least %(n)d passed supervisory sampling within %(period)s "
            "(a firm with no records stays B);",
            "at least %(n)d passed supervisory samplings within %(period)s "
            "(a firm with no records stays B);",
            r.a_min_passed_samplings,
        )
        % {"n": r.a_min_passed_samplings, "period": aw},
        (
            _("no failed sampling within %(period)s;") % {"period": aw}
            if r.a_max_failed_samplings == 0
            else ngettext(
                "at most %(n)d failed sampling within %(period)s;",
                "at most %(n)d failed samplings within %(period)s;",
                r.a_max_failed_samplings,
            )
            % {"n": r.a_max_failed_samplings, "period": aw}
        ),
        _(
            "no published penalty other than a warning or a fine up to ¥%(fine)s within "
            "%(period)s;"
        )
        % {"fine": f"{grading_low_fine_threshold():,}", "period": aw},
        ngettext(
            "fewer than %(n)d upheld complaint within %(period)s;",
            "fewer than %(n)d upheld complaints within %(period)s;",
            r.a_complaint_cluster,
        )
        % {"n": r.a_complaint_cluster, "period": aw},
        _("no ordered defect recall (责令召回) within %(period)s;")
        % {"period": _years(r.a_ordered_recall_years)},
    ]
    if r.a_requires_valid_licence and r.a_licence_industries:
        a.append(
            _(
                "a valid production licence for a firm of %(industries)s, and for any firm "
                "holding licences."
            )
            % {"industries": _joined([str(Industry(i).label) for i in r.a_licence_industries])}
        )
    elif r.a_requires_valid_licence:
        a.append(_("a valid licence where the firm holds licences."))
    aa = [
        _("everything A needs;"),
        _("no failed sampling and no penalty within %(period)s;")
        % {"period": _years(r.aa_window_years)},
        _("a current signed quality-integrity commitment;"),
        _("a quality-credit report published within the last %(period)s;")
        % {"period": _period(r.aa_report_max_age_days)},
        _("and one of: %(honours)s, or grade A held for %(period)s or more.")
        % {"honours": honours, "period": _years(r.aa_a_held_years)},
    ]
    grades = [
        GradeRules("AA", str(Grade.AA.label), _("AA needs all of:"), aa),
        GradeRules("A", str(Grade.A.label), _("A needs all of:"), a),
        GradeRules(
            "B",
            str(Grade.B.label),
            _("B is the grade of every firm that is neither C nor A or better."),
            [],
        ),
        GradeRules("C", str(Grade.C.label), _("C follows from any one of:"), c),
    ]
    matrix = []
    for grade in GRADES:
        row = policy.matrix[grade]
        first = Treatment(**row[RISKS[0]])
        cells = []
        for risk in RISKS:
            t = Treatment(**row[risk])
            if t.inspections_max == 0:
                cells.append(_("as needed"))
            elif t.inspections_min == t.inspections_max:
                cells.append(str(t.inspections_min))
            else:
                cells.append(f"{t.inspections_min}–{t.inspections_max}")
        matrix.append(
            MatrixRow(
                grade=grade,
                mode=str(SupervisionMode(first.mode).label),
                cells=cells,
                sampling_percent=f"{first.sampling_ratio * 100:g} %",
                interview=first.interview,
            )
        )
    risks = [str(ProductRisk(k).label) for k in RISKS]
    return grades, matrix, risks


def red_list_explained(policy: GradingPolicy) -> str:
    """Who is on the red list, in the numbers of the grading policy in force."""
    r = rules_from(policy.rules)
    honours = (
        _("a government quality award or a famous brand")
        if r.red_list_famous_brand
        else _("a government quality award")
    )
    return ngettext(
        "AA firms, and A firms holding %(honours)s, with no negative record in %(years)d year "
        "(no penalty, failed sampling, abnormal-operations or blacklist listing) and a current "
        "signed integrity commitment. The grade counts as computed from the file: an override "
        "never puts a firm on the red list. A firm leaves the red list as soon as its grade "
        "falls.",
        "AA firms, and A firms holding %(honours)s, with no negative record in %(years)d years "
        "(no penalty, failed sampling, abnormal-operations or blacklist listing) and a current "
        "signed integrity commitment. The grade counts as computed from the file: an override "
        "never puts a firm on the red list. A firm leaves the red list as soon as its grade "
        "falls.",
        r.red_list_window_years,
    ) % {"honours": honours, "years": r.red_list_window_years}


def penalty_publicity_explained(rules: PublicityRules) -> str:
    """Which penalties the public sees and for how long, in the list policy's numbers."""
    short = ngettext("%(n)d month", "%(n)d months", rules.short_months) % {"n": rules.short_months}
    long = ngettext("%(n)d year", "%(n)d years", rules.long_years) % {"n": rules.long_years}
    return _(
        "Shown within their publicity period, counted from publication (SAMR Order 45): "
        "%(short)s for circulated criticism and fines up to ¥%(fine)s, %(long)s for others "
        "(longer while a restriction lasts); warnings and revoked decisions are not shown."
    ) % {"short": short, "long": long, "fine": f"{rules.low_fine_threshold:,}"}
