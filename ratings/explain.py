"""Factors in plain words, from the policy version that produced them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ratings.policy import PolicyRules


def factor_explain(
    factor: dict[str, Any], rules: PolicyRules, *, low_fine_threshold: Decimal
) -> str:
    """One sentence saying what the factor measured and what it did to the grade
    (`low_fine_threshold`: the list policy's, which grading reads)."""
    code, value = factor["code"], factor["value"]
    c, a, aa = rules.c_window_years, rules.a_window_years, rules.aa_window_years
    texts = {
        "on_blacklist": _("On the serious-violation blacklist.")
        if value
        else _("Not on the blacklist."),
        "failed_samplings_c": ngettext(
            "%(n)d failed sampling in the last %(y)d years (C from %(limit)d).",
            "%(n)d failed samplings in the last %(y)d years (C from %(limit)d).",
            value,
        )
        % {"n": value, "y": c, "limit": rules.c_failed_samplings},
        "serious_failures_c": ngettext(
            "%(n)d seriously failed sampling in the last %(y)d years (C from %(limit)d).",
            "%(n)d seriously failed samplings in the last %(y)d years (C from %(limit)d).",
            value,
        )
        % {"n": value, "y": c, "limit": rules.c_serious_failures},
        "consecutive_failures_c": _(
            "At most %(n)d failed samplings in a row in the last %(y)d years (C from %(limit)d)."
        )
        % {"n": value, "y": c, "limit": rules.c_consecutive_failures},
        "heavy_penalties_c": _(
            "%(n)d heavier penalties (licence revoked, suspension, closure, 从重 …) in the last "
            "%(y)d years."
        )
        % {"n": value, "y": c},
        "licence_revoked_c": _(
            "%(n)d licences revoked within the last %(y)d years (any one makes the grade C)."
        )
        % {"n": value, "y": c},
        "unlicensed_production_c": _(
            "%(n)d findings of production without a required licence (无证生产) in the last "
            "%(y)d years (any one makes the grade C)."
        )
        % {"n": value, "y": rules.c_unlicensed_years},
        "quality_accidents_c": _(
            "%(n)d quality-safety accidents (质量安全事故) in the last %(y)d years (any one makes "
            "the grade C)."
        )
        % {"n": value, "y": rules.c_accident_years},
        "passed_samplings_a": _(
            "%(n)d passed samplings in the last %(y)d years (A needs at least %(limit)d)."
        )
        % {"n": value, "y": a, "limit": rules.a_min_passed_samplings},
        "failed_samplings_a": _(
            "%(n)d failed samplings in the last %(y)d years (A allows %(limit)d)."
        )
        % {"n": value, "y": a, "limit": rules.a_max_failed_samplings},
        "published_penalties_a": _(
            "%(n)d published penalties other than warnings or fines up to ¥%(fine)s in the "
            "last %(y)d years."
        )
        % {"n": value, "y": a, "fine": f"{low_fine_threshold:,}"},
        "licence_valid": _("Licences: valid, or none required.")
        if value
        else _(
            "No valid production licence, although the firm's industry requires one or the "
            "firm holds licences."
        ),
        "upheld_complaints_a": _(
            "%(n)d upheld complaints in the last %(y)d years (a cluster is %(limit)d)."
        )
        % {"n": value, "y": a, "limit": rules.a_complaint_cluster},
        "ordered_recalls_a": ngettext(
            "%(n)d ordered defect recall (责令召回) in the last %(y)d years (any one keeps the "
            "grade at B or below).",
            "%(n)d ordered defect recalls (责令召回) in the last %(y)d years (any one keeps the "
            "grade at B or below).",
            value,
        )
        % {"n": value, "y": rules.a_ordered_recall_years},
        "failed_samplings_aa": _("%(n)d failed samplings in the last %(y)d years (AA allows none).")
        % {"n": value, "y": aa},
        "penalties_aa": _("%(n)d penalties in the last %(y)d years (AA allows none).")
        % {"n": value, "y": aa},
        "commitment_current": _("A current signed quality-integrity commitment.")
        if value
        else _("No current signed quality-integrity commitment."),
        "report_published": _("A recent quality-credit report is published.")
        if value
        else _("No recent published quality-credit report."),
        "honour_or_a_held": _(
            "A government quality award or famous brand, or grade A held for %(y)d years."
        )
        % {"y": rules.aa_a_held_years}
        if value
        else _("Neither a quality award or famous brand, nor grade A held for %(y)d years.")
        % {"y": rules.aa_a_held_years},
    }
    return texts.get(code, code)


def effect_explain(effect: str) -> str:
    return {
        "C": _("makes the grade C"),
        "blocks_A": _("keeps the grade at B or below"),
        "blocks_AA": _("keeps the grade at A or below"),
    }.get(effect, _("no effect"))
