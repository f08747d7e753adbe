"""What a firm can do about each factor that holds its grade down, in plain words, in the
numbers of the policies in force (grading rules and list rules), never numbers typed here."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lists.rules import ListRules
from ratings.policy import PolicyRules


def factor_advice(
    code: str, *, rules: PolicyRules, lists: ListRules, low_fine_threshold: Decimal
) -> str | None:
    """What would lift the factor `code`; None for a factor with no advice.

    Factors about the past (failures, penalties) only pass with time or through objection and
    credit repair; the sentence says so.
    """
    c, a, aa = rules.c_window_years, rules.a_window_years, rules.aa_window_years
    days = lists.objection_window_days
    if code == "on_blacklist":
        return ngettext(
            "Leave the blacklist: after at least %(y)d year listed, with obligations met and a "
            "public credit commitment, apply for credit repair.",
            "Leave the blacklist: after at least %(y)d years listed, with obligations met and a "
            "public credit commitment, apply for credit repair.",
            lists.repair_min_years,
        ) % {"y": lists.repair_min_years}
    if code == "failed_samplings_c":
        return ngettext(
            "Failed samplings count for %(y)d year. If a result is wrong, object to it within "
            "%(d)d days of notice.",
            "Failed samplings count for %(y)d years. If a result is wrong, object to it within "
            "%(d)d days of notice.",
            c,
        ) % {"y": c, "d": days}
    if code == "serious_failures_c":
        return ngettext(
            "A seriously failed sampling counts for %(y)d year; object within %(d)d days if the "
            "result is wrong.",
            "A seriously failed sampling counts for %(y)d years; object within %(d)d days if "
            "the result is wrong.",
            c,
        ) % {"y": c, "d": days}
    if code == "consecutive_failures_c":
        return _("Pass the next supervisory samplings to end the run of failures.")
    if code == "heavy_penalties_c":
        return ngettext(
            "A heavier penalty counts for %(y)d year; if the decision is revoked, it stops "
            "counting.",
            "A heavier penalty counts for %(y)d years; if the decision is revoked, it stops "
            "counting.",
            c,
        ) % {"y": c}
    if code == "licence_revoked_c":
        return ngettext(
            "A revoked licence counts for %(y)d year from the day of revocation; if the "
            "revocation is overturned, the department corrects the record.",
            "A revoked licence counts for %(y)d years from the day of revocation; if the "
            "revocation is overturned, the department corrects the record.",
            c,
        ) % {"y": c}
    if code == "unlicensed_production_c":
        return ngettext(
            "Production without a required licence counts for %(y)d year; obtain the licence "
            "before producing again.",
            "Production without a required licence counts for %(y)d years; obtain the licence "
            "before producing again.",
            rules.c_unlicensed_years,
        ) % {"y": rules.c_unlicensed_years}
    if code == "quality_accidents_c":
        return ngettext(
            "A quality-safety accident counts for %(y)d year; remedy its causes and the harm.",
            "A quality-safety accident counts for %(y)d years; remedy its causes and the harm.",
            rules.c_accident_years,
        ) % {"y": rules.c_accident_years}
    if code == "ordered_recalls_a":
        return ngettext(
            "An ordered recall counts for %(y)d year from the day it started; recall every "
            "affected batch and remove the defect's cause, then the grade can rise again.",
            "An ordered recall counts for %(y)d years from the day it started; recall every "
            "affected batch and remove the defect's cause, then the grade can rise again.",
            rules.a_ordered_recall_years,
        ) % {"y": rules.a_ordered_recall_years}
    if code == "passed_samplings_a":
        return ngettext(
            "A grade above B needs evidence: at least %(n)d passed supervisory sampling(s) in "
            "%(y)d year.",
            "A grade above B needs evidence: at least %(n)d passed supervisory sampling(s) in "
            "%(y)d years.",
            a,
        ) % {"y": a, "n": rules.a_min_passed_samplings}
    if code == "failed_samplings_a":
        return ngettext(
            "Grade A allows at most %(n)d failed sampling(s) in the last %(y)d year.",
            "Grade A allows at most %(n)d failed sampling(s) in the last %(y)d years.",
            a,
        ) % {"y": a, "n": rules.a_max_failed_samplings}
    if code == "published_penalties_a":
        return ngettext(
            "Grade A needs no published penalty other than a warning or a fine up to "
            "¥%(fine)s in %(y)d year; an approved credit repair can end a penalty's publicity "
            "early.",
            "Grade A needs no published penalty other than a warning or a fine up to "
            "¥%(fine)s in %(y)d years; an approved credit repair can end a penalty's publicity "
            "early.",
            a,
        ) % {"y": a, "fine": f"{low_fine_threshold:,}"}
    if code == "licence_valid":
        return _("Obtain a valid production licence, or renew the expired or suspended one.")
    if code == "upheld_complaints_a":
        return ngettext(
            "Resolve the causes of upheld complaints; they count for %(y)d year.",
            "Resolve the causes of upheld complaints; they count for %(y)d years.",
            a,
        ) % {"y": a}
    if code == "failed_samplings_aa":
        return ngettext(
            "Grade AA needs no failed sampling in %(y)d year.",
            "Grade AA needs no failed sampling in %(y)d years.",
            aa,
        ) % {"y": aa}
    if code == "penalties_aa":
        return ngettext(
            "Grade AA needs no penalty in %(y)d year.",
            "Grade AA needs no penalty in %(y)d years.",
            aa,
        ) % {"y": aa}
    if code == "commitment_current":
        return _("Sign the quality-integrity commitment (renewed every year).")
    if code == "report_published":
        return _("Publish this year's quality-credit report.")
    if code == "honour_or_a_held":
        return ngettext(
            "Grade AA also needs a government quality award or famous brand, or grade A held "
            "for %(y)d year.",
            "Grade AA also needs a government quality award or famous brand, or grade A held "
            "for %(y)d years.",
            rules.aa_a_held_years,
        ) % {"y": rules.aa_a_held_years}
    return None
