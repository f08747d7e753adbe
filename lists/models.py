"""The serious-violation blacklist (严重违法失信名单, SAMR Order 44) with due process."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import VersionedPolicy


class EntryStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    NOTIFIED = "notified", _("Notified (hearing window open)")
    APPROVED = "approved", _("Approved")
    LISTED = "listed", _("Listed (public)")
    REMOVED = "removed", _("Removed")
    WITHDRAWN = "withdrawn", _("Withdrawn before listing")


class RemovalReason(models.TextChoices):
    EXPIRED = "expired", _("Listing period ended")
    REPAIRED = "repaired", _("Credit repaired")
    REVOKED = "revoked", _("Listing revoked")
    # The penalty it rested on was revoked, confirmed unlawful or void, or withdrawn.
    BASIS_REVOKED = "basis_revoked", _("Basis revoked (the penalty no longer stands)")


class BlacklistEntry(models.Model):
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="blacklist_entries",
        verbose_name=_("enterprise"),
    )
    department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.PROTECT,
        related_name="blacklist_entries",
        verbose_name=_("listing department"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=EntryStatus.choices, default=EntryStatus.PROPOSED
    )
    grounds = models.TextField(_("grounds"))
    legal_basis = models.TextField(_("legal basis"))
    penalty = models.ForeignKey(
        "enterprises.PenaltyRecord",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("penalty decision"),
    )
    # The seriously failed samplings a listing rests on, when it rests on samplings.
    inspections = models.ManyToManyField(
        "enterprises.InspectionRecord",
        blank=True,
        related_name="blacklist_entries",
        verbose_name=_("seriously failed samplings"),
    )
    hearing_deadline = models.DateField(_("hearing deadline"), null=True, blank=True)
    listed_on = models.DateField(_("listed on"), null=True, blank=True)
    # The last day in force (lists.rules.listing_ends_on: core.dates.period_end of listed_on).
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    removal_reason = models.CharField(
        _("removal reason"), max_length=16, choices=RemovalReason.choices, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("proposed by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("blacklist entry")
        verbose_name_plural = _("blacklist entries")
        indexes = [
            models.Index(fields=["enterprise", "status"], name="blacklist_firm_status_idx"),
            models.Index(fields=["status", "ends_on"], name="blacklist_expiry_idx"),
            models.Index(fields=["status", "-listed_on", "-id"], name="blacklist_public_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.status}"


class EntryTransition(models.Model):
    """One step of an entry's due process: who, when, why, under which legal basis."""

    entry = models.ForeignKey(
        BlacklistEntry,
        on_delete=models.CASCADE,
        related_name="transitions",
        verbose_name=_("entry"),
    )
    from_status = models.CharField(_("from"), max_length=12, blank=True)
    to_status = models.CharField(_("to"), max_length=12)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    reason = models.TextField(_("reason"))
    legal_basis = models.TextField(_("legal basis"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["at"], name="transition_feed_idx")]
        verbose_name = _("entry transition")
        verbose_name_plural = _("entry transitions")

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.from_status or '-'} -> {self.to_status}"


class PersonRole(models.TextChoices):
    LEGAL_REPRESENTATIVE = "legal_rep", _("Legal representative")
    PERSON_IN_CHARGE = "in_charge", _("Person in charge")


class ResponsiblePerson(models.Model):
    """A person restrictions extend to; only a keyed hash of the ID number is stored."""

    entry = models.ForeignKey(
        BlacklistEntry, on_delete=models.CASCADE, related_name="persons", verbose_name=_("entry")
    )
    name = models.CharField(_("name"), max_length=64)
    role = models.CharField(_("role"), max_length=12, choices=PersonRole.choices)
    id_hash = models.CharField(_("ID number hash"), max_length=64, db_index=True)

    class Meta:
        verbose_name = _("responsible person")
        verbose_name_plural = _("responsible persons")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class RestrictionMeasure(models.Model):
    """A joint-punishment measure (联合惩戒措施) other departments apply to listed firms."""

    code = models.SlugField(_("action"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=120)
    legal_basis = models.TextField(_("legal basis"))
    applies_to_persons = models.BooleanField(_("applies to responsible persons"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("restriction measure")
        verbose_name_plural = _("restriction measures")

    def __str__(self) -> str:
        return self.name


class RestrictionQuery(models.Model):
    """Every restriction check by another department: who asked what, when, and the answer."""

    department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("department"),
    )
    subject = models.CharField(_("code or person hash"), max_length=64)
    action = models.CharField(_("action"), max_length=32)
    restricted = models.BooleanField(_("restricted"))
    status_code = models.PositiveSmallIntegerField(_("answer (HTTP status)"), default=200)
    # What the answer rested on: the list of each basis (blacklist, abnormal, grade), in order,
    # and the list-policy version that named the lists (null for a refused question).
    bases = models.JSONField(_("bases (lists)"), default=list, blank=True)
    list_policy_version = models.PositiveIntegerField(
        _("list-policy version"), null=True, blank=True
    )
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("restriction query")
        verbose_name_plural = _("restriction queries")

    def __str__(self) -> str:
        return f"{self.department_id} {self.subject} {self.action}"


class AbnormalGround(models.TextChoices):
    """The four grounds of the abnormal-operations list (经营异常名录)."""

    NO_ANNUAL_REPORT = "no_annual_report", _("No annual report by 30 June")
    UNREACHABLE = "unreachable", _("Cannot be reached at the registered address")
    FALSE_INFORMATION = "false_information", _("Publicised false information")
    NOT_DISCLOSED = "not_disclosed", _("Did not disclose information when ordered")


# The legal basis of each ground: 《企业经营异常名录管理暂行办法》 art. 4 (grounds (1)-(4)) and
# 《企业信息公示暂行条例》 arts. 8, 10 and 17.
ABNORMAL_GROUND_BASIS = {
    AbnormalGround.NO_ANNUAL_REPORT: "《企业经营异常名录管理暂行办法》第四条第（一）项",
    AbnormalGround.NOT_DISCLOSED: "《企业经营异常名录管理暂行办法》第四条第（二）项",
    AbnormalGround.FALSE_INFORMATION: "《企业经营异常名录管理暂行办法》第四条第（三）项",
    AbnormalGround.UNREACHABLE: "《企业经营异常名录管理暂行办法》第四条第（四）项",
}


class AbnormalRemovalReason(models.TextChoices):
    CORRECTED = "corrected", _("Ground corrected")
    REPAIRED = "repaired", _("Credit repaired")


class AbnormalListing(models.Model):
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="abnormal_listings",
        verbose_name=_("enterprise"),
    )
    department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("listing department"),
    )
    ground = models.CharField(_("ground"), max_length=20, choices=AbnormalGround.choices)
    facts = models.TextField(_("facts"), blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    listed_on = models.DateField(_("listed on"))
    # The moments for the change feed (disclosure.changes), indexed for its time ranges.
    listed_at = models.DateTimeField(_("listed at"), default=timezone.now, db_index=True)
    corrected_on = models.DateField(_("correction received on"), null=True, blank=True)
    removal_due = models.DateField(_("removal due by"), null=True, blank=True)
    # The firm's request for removal after correcting (its evidence: selfservice attachments
    # of purpose "abnormal", owned by the listing); empty when a regulator recorded it.
    correction_statement = models.TextField(_("the firm's statement of correction"), blank=True)
    correction_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("removal requested by"),
    )
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True, db_index=True)
    removal_reason = models.CharField(
        _("removal reason"), max_length=12, choices=AbnormalRemovalReason.choices, blank=True
    )
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("removed by"),
    )
    escalation_warned_on = models.DateField(_("blacklist warning sent on"), null=True, blank=True)
    escalated_to = models.ForeignKey(
        BlacklistEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("blacklist entry"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("listed by"),
    )

    class Meta:
        ordering = ["-listed_on"]
        verbose_name = _("abnormal-operations listing")
        verbose_name_plural = _("abnormal-operations listings")
        indexes = [models.Index(fields=["removed_on", "listed_on"], name="abnormal_open_idx")]

    def __str__(self) -> str:
        return f"{self.get_ground_display()} ({self.listed_on:%Y-%m-%d})"


class ListPolicy(VersionedPolicy):
    """One version of the list rules (durations, windows, deadlines)."""

    rules = models.JSONField(_("rules"))

    class Meta(VersionedPolicy.Meta):
        verbose_name = _("list policy")
        verbose_name_plural = _("list policies")


class EntryStatement(models.Model):
    """The firm's statement and defence (陈述申辩) on a notified entry, with or without a
    hearing request: one per entry, replaced by a resubmission until the hearing deadline or
    until it is answered, whichever comes first."""

    entry = models.OneToOneField(
        BlacklistEntry,
        on_delete=models.CASCADE,
        related_name="statement",
        verbose_name=_("entry"),
    )
    text = models.TextField(_("statement"))
    hearing_requested = models.BooleanField(_("hearing requested"), default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("statement and defence")
        verbose_name_plural = _("statements and defences")

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.text[:40]}"

    @property
    def answered(self) -> bool:
        return self.answered_at is not None
