"""What a firm can do about each factor that holds its grade down, in plain words."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# Factor code -> what would lift it. Factors about the past (failures, penalties) only pass
# with time or through objection and credit repair; the sentence says so.
ADVICE = {
    "on_blacklist": _(
        "Leave the blacklist: after at least one year listed, with obligations met and a "
        "public credit commitment, apply for credit repair."
    ),
    "failed_samplings_c": _(
        "Failed samplings count for three years. If a result is wrong, object to it within "
        "15 days of notice."
    ),
    "serious_failures_c": _(
        "A seriously failed sampling counts for three years; object within 15 days if the "
        "result is wrong."
    ),
    "consecutive_failures_c": _("Pass the next supervisory samplings to end the run of failures."),
    "heavy_penalties_c": _(
        "A heavier penalty counts for three years; if the decision is revoked, it stops counting."
    ),
    "passed_samplings_a": _(
        "A grade above B needs evidence: at least one passed supervisory sampling in two years."
    ),
    "failed_samplings_a": _("Grade A needs no failed sampling in the last two years."),
    "published_penalties_a": _(
        "Grade A needs no published penalty other than a warning or a low fine in two years; "
        "an approved credit repair can end a penalty's publicity early."
    ),
    "licence_valid": _("Renew the expired or suspended licence."),
    "upheld_complaints_a": _("Resolve the causes of upheld complaints; they count for two years."),
    "failed_samplings_aa": _("Grade AA needs no failed sampling in three years."),
    "penalties_aa": _("Grade AA needs no penalty in three years."),
    "commitment_current": _("Sign the quality-integrity commitment (renewed every year)."),
    "report_published": _("Publish this year's quality-credit report."),
    "honour_or_a_held": _(
        "Grade AA also needs a government quality award or famous brand, or grade A held for "
        "two years."
    ),
}
