"""Every audit action the portal writes, in one typed registry.

The code is stored in `AuditEntry.action`; its first word is the topic the console timeline
groups by. Actions of the private namespaces (sign-in, two-factor, tokens, a firm's own user
administration) never change what the public sees, so they neither move the public data
version nor appear in the change feed.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

PRIVATE_NAMESPACES = ("accounts.", "firm.")


class AuditAction(models.TextChoices):
    TWO_FACTOR_ENROLLED = "accounts.2fa.enrolled", _("authenticator enrolled")
    TWO_FACTOR_VERIFIED = "accounts.2fa.verified", _("two-factor code accepted")
    TWO_FACTOR_FAILED = "accounts.2fa.failed", _("two-factor code refused")
    TOKEN_ISSUED = "accounts.token.issued", _("department token issued")
    TOKEN_REVOKED = "accounts.token.revoked", _("department token revoked")
    USER_CREATED = "accounts.user.created", _("user created")
    # A department's webhook subscriptions: its integration, like its tokens (private).
    WEBHOOK_SUBSCRIBED = "accounts.webhook.subscribed", _("webhook subscription created")
    WEBHOOK_REMOVED = "accounts.webhook.removed", _("webhook subscription removed")
    WEBHOOK_DISABLED = "accounts.webhook.disabled", _("webhook subscription disabled")
    WEBHOOK_REPLAYED = "accounts.webhook.replayed", _("webhook delivery replayed")
    INVITATION_ISSUED = "firm.invitation.issued", _("firm invitation issued")
    FIRM_USER_SIGNED_UP = "firm.user.signed_up", _("firm user signed up")
    FIRM_USER_REMOVED = "firm.user.removed", _("firm user removed")

    ENTERPRISE_REGISTERED = "credit_file.enterprise.registered", _("enterprise registered")
    ENTERPRISE_UPDATED = "credit_file.enterprise.updated", _("enterprise data corrected")
    COMPANY_PREFIX_DECLARED = "credit_file.prefix.declared", _("GS1 company prefix declared")
    PRODUCT_DECLARED = "credit_file.product.declared", _("product declared")
    PRODUCT_CORRECTED = "credit_file.product.corrected", _("product data corrected")
    PRODUCT_LINKED = "credit_file.product.linked", _("product linked from a record")
    INSPECTIONS_RECEIVED = "credit_file.inspections.received", _("inspection records received")
    PENALTIES_RECEIVED = "credit_file.penalties.received", _("penalty records received")
    LICENCES_RECEIVED = "credit_file.licences.received", _("licence records received")
    HONOURS_RECEIVED = "credit_file.honours.received", _("honour records received")
    COMPLAINTS_RECEIVED = "credit_file.complaints.received", _("complaint records received")
    UNLICENSED_RECEIVED = (
        "credit_file.unlicensed.received",
        _("unlicensed-production records received"),
    )
    ACCIDENTS_RECEIVED = "credit_file.accidents.received", _("quality-safety accidents received")
    RECALLS_RECEIVED = "credit_file.recalls.received", _("defect product recalls received")
    DEMO_SEEDED = "demo.seeded", _("demonstration data loaded")

    GRADING_POLICY_PUBLISHED = "ratings.policy.published", _("grading policy published")
    GRADE_OVERRIDDEN = "ratings.grade.overridden", _("grade overridden")
    GRADE_OVERRIDE_REVOKED = "ratings.grade.override_revoked", _("grade override revoked")
    INTERVIEW_HELD = "grade.interview.held", _("interview held")

    LIST_POLICY_PUBLISHED = "blacklist.policy.published", _("list rules published")
    ENTRY_PROPOSED = "blacklist.entry.proposed", _("blacklist listing proposed")
    ENTRY_NOTIFIED = "blacklist.entry.notified", _("listing notice sent")
    ENTRY_APPROVED = "blacklist.entry.approved", _("blacklist listing approved")
    ENTRY_LISTED = "blacklist.entry.listed", _("firm put on the blacklist")
    ENTRY_REMOVED = "blacklist.entry.removed", _("firm removed from the blacklist")
    ENTRY_WITHDRAWN = "blacklist.entry.withdrawn", _("listing proposal withdrawn")
    STATEMENT_SUBMITTED = "blacklist.statement.submitted", _("statement and defence submitted")
    STATEMENT_ANSWERED = "blacklist.statement.answered", _("statement and defence answered")
    ABNORMAL_LISTED = "abnormal.listed", _("put on the abnormal-operations list")
    ABNORMAL_CORRECTED = "abnormal.corrected", _("abnormal-operations ground corrected")
    ABNORMAL_REMOVAL_REQUESTED = (
        "abnormal.removal_requested",
        _("removal from the abnormal-operations list requested"),
    )
    ABNORMAL_REMOVED = "abnormal.removed", _("removed from the abnormal-operations list")
    ABNORMAL_WARNED = "abnormal.escalation_warned", _("warned before blacklist escalation")

    PUBLICITY_SWEPT = "publicity.events.recorded", _("penalty publicity changes recorded")

    OBJECTION_RAISED = "objection.raised", _("objection raised")
    OBJECTION_UPHELD = "objection.upheld", _("objection upheld")
    OBJECTION_REJECTED = "objection.rejected", _("objection rejected")
    OBJECTION_RETESTED = "objection.retested", _("objection re-test recorded")
    REPAIR_APPLIED = "repair.applied", _("credit repair applied for")
    REPAIR_APPROVED = "repair.approved", _("credit repair approved")
    REPAIR_REJECTED = "repair.rejected", _("credit repair rejected")

    COMMITMENT_SIGNED = "commitment.signed", _("integrity commitment signed")
    COMMITMENT_WITHDRAWN = "commitment.withdrawn", _("integrity commitment withdrawn")
    REPORT_SUBMITTED = "report.submitted", _("quality-credit report submitted")
    REPORT_ACCEPTED = "report.accepted", _("quality-credit report accepted")
    REPORT_RETURNED = "report.returned", _("quality-credit report returned")
    REPORT_PUBLISHED = "report.published", _("quality-credit report published")

    PLAN_DRAWN = "inspection.plan.drawn", _("inspection plan drawn")
    PLAN_PUBLISHED = "inspection.plan.published", _("inspection plan published")

    @property
    def is_public(self) -> bool:
        """Whether the action can change what the public sees."""
        return not self.value.startswith(PRIVATE_NAMESPACES)

    @classmethod
    def received(cls, kind: str) -> AuditAction:
        """The action for records of `kind` received through intake."""
        return cls(f"credit_file.{kind}.received")

    @classmethod
    def entry_moved(cls, status: str) -> AuditAction:
        """The action for a blacklist entry moved to `status`."""
        return cls(f"blacklist.entry.{status}")


# The topics (an action code's first word), named for the audit log's filter.
ACTION_TOPICS = {
    "accounts": _("Accounts, tokens and webhooks"),
    "firm": _("Enterprise users"),
    "credit_file": _("Credit file"),
    "demo": _("Demonstration data"),
    "ratings": _("Grading"),
    "grade": _("Grade supervision"),
    "blacklist": _("Blacklist"),
    "abnormal": _("Abnormal-operations list"),
    "publicity": _("Penalty publicity"),
    "objection": _("Objections"),
    "repair": _("Credit repair"),
    "commitment": _("Integrity commitments"),
    "report": _("Quality-credit reports"),
    "inspection": _("Random inspections"),
}


def action_topic(code: str) -> str:
    return code.split(".", 1)[0]


# Query form of `AuditAction.is_public`; the partial index audit_public_idx uses it as written.
PUBLIC_ACTIONS = ~models.Q(action__startswith=PRIVATE_NAMESPACES[0]) & ~models.Q(
    action__startswith=PRIVATE_NAMESPACES[1]
)

# The actions a firm's console timeline shows under each topic.
GRADE_ACTIONS = (
    AuditAction.GRADE_OVERRIDDEN,
    AuditAction.GRADE_OVERRIDE_REVOKED,
    AuditAction.INTERVIEW_HELD,
)
