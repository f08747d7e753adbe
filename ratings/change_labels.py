"""The codes a grade change records (its decisive factors and what triggered it) in words,
for the grade history on the credit file. The sentences with the counts are explain.py's;
these are the short names, without numbers, since a change row keeps only the codes."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from enterprises.intake_fields import SPECS

# One per factor of ratings.engine.factors_compute, plus the override that replaces them.
FACTOR_LABELS: dict[str, Promise] = {
    "override": _("a regulator's override"),
    "on_blacklist": _("on the blacklist"),
    "failed_samplings_c": _("failed samplings (C rule)"),
    "serious_failures_c": _("seriously failed samplings (C rule)"),
    "consecutive_failures_c": _("failed samplings in a row (C rule)"),
    "heavy_penalties_c": _("heavier penalties (C rule)"),
    "licence_revoked_c": _("licence revoked (C rule)"),
    "unlicensed_production_c": _("production without a licence (C rule)"),
    "quality_accidents_c": _("quality-safety accidents (C rule)"),
    "passed_samplings_a": _("too few passed samplings (A rule)"),
    "failed_samplings_a": _("failed samplings (A rule)"),
    "published_penalties_a": _("published penalties (A rule)"),
    "licence_valid": _("no valid licence (A rule)"),
    "upheld_complaints_a": _("upheld complaints (A rule)"),
    "ordered_recalls_a": _("an ordered defect recall (A rule)"),
    "failed_samplings_aa": _("failed samplings (AA rule)"),
    "penalties_aa": _("penalties (AA rule)"),
    "commitment_current": _("no current integrity commitment (AA rule)"),
    "report_published": _("no published quality-credit report (AA rule)"),
    "honour_or_a_held": _("no quality award and grade A not held long enough (AA rule)"),
}

# What else queues a regrade (enterprises.services.outbox, ratings.services): the record
# kinds of intake are named by their own models below.
TRIGGER_LABELS: dict[str, Promise] = {
    "sweep": _("nightly regrade"),
    "command": _("regrade by command"),
    "override": _("override set"),
    "override_revoked": _("override ended"),
    "abnormal": _("abnormal-operations list"),
    "blacklist": _("blacklist"),
    "commitment": _("integrity commitment"),
    "report": _("quality-credit report"),
    "enterprise": _("enterprise registration data"),
}


def factor_label(code: str) -> str:
    """The factor in a few words; an unknown code (a later policy's) as it was stored."""
    label = FACTOR_LABELS.get(code)
    return str(label) if label is not None else code


def trigger_label(kind: str) -> str:
    """What made the portal regrade the firm, in words; an unknown kind as it was stored."""
    if kind in SPECS:
        return str(SPECS[kind].model._meta.verbose_name_plural)
    label = TRIGGER_LABELS.get(kind)
    return str(label) if label is not None else kind
