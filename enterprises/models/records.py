"""Credit-file records sent by departments; each is unique on (source_department, source_ref)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from enterprises import gtin as gtins


class CreditRecord(models.Model):
    """Fields every record shares: whose file, who sent it, under which reference."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="%(class)ss",
        verbose_name=_("enterprise"),
    )
    source_department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.PROTECT,
        related_name="%(class)ss",
        verbose_name=_("source department"),
    )
    source_ref = models.CharField(_("source reference"), max_length=64)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Withdrawn, not deleted, after an upheld objection: the file stays auditable, but neither
    # grading nor the public sees the record any more.
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(
                fields=["source_department", "source_ref"], name="%(class)s_source_unique"
            )
        ]


class InspectionKind(models.TextChoices):
    SUPERVISORY_SAMPLING = "sampling", _("Supervisory sampling (监督抽查)")
    RANDOM_INSPECTION = "random", _("Random inspection (双随机一公开)")


class InspectionLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCIAL = "provincial", _("Provincial")
    MUNICIPAL = "municipal", _("Municipal")
    COUNTY = "county", _("County")


class InspectionResult(models.TextChoices):
    PASS = "pass", _("Passed (合格)")
    FAIL = "fail", _("Failed (不合格)")


class DefectSeverity(models.TextChoices):
    NONE = "", _("None")
    GENERAL = "general", _("General (一般)")
    SERIOUS = "serious", _("Serious (严重)")


class InspectionRecord(CreditRecord):
    kind = models.CharField(
        _("kind"),
        max_length=16,
        choices=InspectionKind.choices,
        default=InspectionKind.SUPERVISORY_SAMPLING,
    )
    product = models.CharField(_("product"), max_length=200)
    batch = models.CharField(_("batch"), max_length=64, blank=True)
    # The product's GTIN, stored in 14 digits (enterprises.gtin.canonical), when it has one.
    # db_default too: bulk loads (demo, bench) that name their columns need not know it.
    gtin = models.CharField(
        _("GTIN"), max_length=14, blank=True, default="", db_default="", db_index=True
    )
    inspected_on = models.DateField(_("inspected on"))
    level = models.CharField(_("level"), max_length=16, choices=InspectionLevel.choices)
    result = models.CharField(_("result"), max_length=8, choices=InspectionResult.choices)
    defect_severity = models.CharField(
        _("defect severity"), max_length=8, choices=DefectSeverity.choices, blank=True
    )
    lab = models.CharField(_("testing laboratory"), max_length=200, blank=True)

    class Meta(CreditRecord.Meta):
        verbose_name = _("inspection record")
        verbose_name_plural = _("inspection records")
        indexes = [
            models.Index(fields=["enterprise", "inspected_on"], name="inspection_file_idx"),
            models.Index(fields=["updated_at"], name="inspection_changed_idx"),  # change feed
        ]

    def __str__(self) -> str:
        return f"{self.product} {self.inspected_on} {self.get_result_display()}"

    @property
    def gtin_code(self) -> str:
        """The GTIN as printed under the bars, or empty."""
        return gtins.display(self.gtin) if self.gtin else ""


class PenaltyKind(models.TextChoices):
    """GB-level kinds from the Administrative Penalty Law art. 9; store the heaviest one."""

    WARNING = "warning", _("Warning (警告)")
    CIRCULATED_CRITICISM = "criticism", _("Circulated criticism (通报批评)")
    FINE = "fine", _("Fine (罚款)")
    CONFISCATION = "confiscation", _("Confiscation (没收违法所得/非法财物)")
    LICENCE_SUSPENDED = "licence_suspended", _("Licence suspended (暂扣许可证件)")
    QUALIFICATION_LOWERED = "qualification_lowered", _("Qualification lowered (降低资质等级)")
    LICENCE_REVOKED = "licence_revoked", _("Licence revoked (吊销许可证件)")
    RESTRICTION = "restriction", _("Restriction of business (限制开展生产经营活动)")
    SUSPENSION = "suspension", _("Ordered to suspend production (责令停产停业)")
    CLOSURE = "closure", _("Ordered to close (责令关闭)")
    PRACTICE_BAN = "practice_ban", _("Practice ban (限制从业)")
    OTHER = "other", _("Other (其他)")


class PenaltyProcedure(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary procedure (普通程序)")
    SIMPLIFIED = "simplified", _("Simplified procedure (简易程序)")


class PenaltySector(models.TextChoices):
    """The sector a decision concerns: food, drugs and special equipment wait 12 months before
    publicity may stop early (Order 45 art. 20)."""

    FOOD = "food", _("Food (食品)")
    DRUGS = "drugs", _("Drugs (药品)")
    SPECIAL_EQUIPMENT = "special_equipment", _("Special equipment (特种设备)")
    OTHER = "other", _("Other (其他)")


class PenaltyRecord(CreditRecord):
    decision_no = models.CharField(_("decision number"), max_length=100)
    decided_on = models.DateField(_("decided on"))
    kind = models.CharField(_("kind"), max_length=24, choices=PenaltyKind.choices)
    aggravated = models.BooleanField(_("heavier penalty (从重)"), default=False)
    amount = models.DecimalField(
        _("amount (CNY)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    procedure = models.CharField(
        _("procedure"),
        max_length=12,
        choices=PenaltyProcedure.choices,
        default=PenaltyProcedure.ORDINARY,
    )
    legal_basis = models.TextField(_("legal basis"))
    facts = models.TextField(_("illegal facts"), blank=True)
    revoked = models.BooleanField(_("decision revoked"), default=False)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    # Order 45: every window counts from publication (自公示之日起); a record sent without it
    # counts from the decision, so the public window is never longer than the law allows.
    published_on = models.DateField(_("published on"), null=True, blank=True)
    sector = models.CharField(
        _("sector"),
        max_length=20,
        choices=PenaltySector.choices,
        default=PenaltySector.OTHER,
        db_default=PenaltySector.OTHER,  # for bulk writers that name only the columns they know
    )
    # A short code of the list policy's `violation_types` (lists.rules.ListRules); "no repeat of
    # the same type" compares it.
    violation_type = models.CharField(
        _("type of violation"), max_length=32, blank=True, default="", db_default=""
    )
    # Where a restriction outlasts the long window, publicity lasts until it ends.
    restriction_ends_on = models.DateField(_("restriction ends on"), null=True, blank=True)
    # Set when an approved credit-repair application ends publicity early (Order 45 art. 20).
    publicity_stopped_on = models.DateField(_("publicity stopped on"), null=True, blank=True)

    class Meta(CreditRecord.Meta):
        verbose_name = _("penalty record")
        verbose_name_plural = _("penalty records")
        indexes = [
            models.Index(fields=["enterprise", "decided_on"], name="penalty_file_idx"),
            models.Index(fields=["updated_at"], name="penalty_changed_idx"),  # change feed
            # The public penalty list (双公示), newest decision first, and its date range.
            models.Index(fields=["-decided_on", "-id"], name="penalty_public_idx"),
            # Its department filter, in the list's order.
            models.Index(
                fields=["source_department", "-decided_on", "-id"], name="penalty_dept_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.decision_no


class LicenceStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")
    CANCELLED = "cancelled", _("Cancelled")


class LicenceRecord(CreditRecord):
    licence_no = models.CharField(_("licence number"), max_length=100)
    title = models.CharField(_("licence"), max_length=200)
    scope = models.CharField(_("product scope"), max_length=255, blank=True)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=LicenceStatus.choices, default=LicenceStatus.VALID
    )
    # The day the licence was revoked (吊销/撤销) or cancelled (注销): a revocation dates the
    # C trigger, so its window counts from this day, not from the day the record arrived.
    revoked_on = models.DateField(_("revoked or cancelled on"), null=True, blank=True)

    class Meta(CreditRecord.Meta):
        verbose_name = _("licence record")
        verbose_name_plural = _("licence records")
        indexes = [
            models.Index(fields=["enterprise", "valid_until"], name="licence_file_idx"),
            # The public licence list (双公示), newest decision first, and its date range.
            models.Index(
                fields=["-issued_on", "-id"],
                name="licence_public_idx",
                condition=models.Q(withdrawn_on__isnull=True, status=LicenceStatus.VALID),
            ),
            # Its department filter, in the list's order.
            models.Index(
                fields=["source_department", "-issued_on", "-id"], name="licence_dept_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.licence_no}"


class HonourKind(models.TextChoices):
    QUALITY_AWARD = "quality_award", _("Government quality award (政府质量奖)")
    FAMOUS_BRAND = "famous_brand", _("Famous brand (名牌产品)")
    BENCHMARK = "benchmark", _("Quality benchmark (质量标杆)")
    OTHER = "other", _("Other honour")


class HonourRecord(CreditRecord):
    kind = models.CharField(_("kind"), max_length=16, choices=HonourKind.choices)
    title = models.CharField(_("title"), max_length=200)
    level = models.CharField(_("level"), max_length=16, choices=InspectionLevel.choices)
    awarded_on = models.DateField(_("awarded on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    withdrawn = models.BooleanField(_("withdrawn"), default=False)

    class Meta(CreditRecord.Meta):
        verbose_name = _("honour record")
        verbose_name_plural = _("honour records")
        indexes = [models.Index(fields=["enterprise", "awarded_on"], name="honour_file_idx")]

    def __str__(self) -> str:
        return self.title


class ComplaintStatus(models.TextChoices):
    OPEN = "open", _("Open")
    UPHELD = "upheld", _("Upheld")
    REJECTED = "rejected", _("Rejected")
    MEDIATED = "mediated", _("Mediated")


class Complaint(CreditRecord):
    """A consumer complaint or quality appeal (质量申诉) about the firm."""

    received_on = models.DateField(_("received on"))
    is_quality_appeal = models.BooleanField(_("quality appeal (质量申诉)"), default=False)
    subject = models.CharField(_("subject"), max_length=200)
    status = models.CharField(
        _("status"), max_length=12, choices=ComplaintStatus.choices, default=ComplaintStatus.OPEN
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta(CreditRecord.Meta):
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [models.Index(fields=["enterprise", "received_on"], name="complaint_file_idx")]

    def __str__(self) -> str:
        return self.subject


class UnlicensedProductionRecord(CreditRecord):
    """A finding that the firm produced without a licence it needed (无证生产): a C trigger."""

    found_on = models.DateField(_("found on"))
    product = models.CharField(_("product"), max_length=200)
    licence_required = models.CharField(_("licence required"), max_length=200, blank=True)
    case_no = models.CharField(_("case number"), max_length=100, blank=True)
    facts = models.TextField(_("facts"), blank=True)

    class Meta(CreditRecord.Meta):
        verbose_name = _("unlicensed-production record")
        verbose_name_plural = _("unlicensed-production records")
        indexes = [models.Index(fields=["enterprise", "found_on"], name="unlicensed_file_idx")]

    def __str__(self) -> str:
        return f"{self.product} {self.found_on}"


class AccidentSeverity(models.TextChoices):
    """Accident grades of the State Council's Regulations on reporting production-safety
    accidents (生产安全事故报告和调查处理条例, art. 3)."""

    GENERAL = "general", _("General (一般)")
    LARGER = "larger", _("Larger (较大)")
    MAJOR = "major", _("Major (重大)")
    ESPECIALLY_MAJOR = "especially_major", _("Especially major (特别重大)")


class QualityAccidentRecord(CreditRecord):
    """A quality-safety accident (质量安全事故) attributed to the firm: a C trigger."""

    occurred_on = models.DateField(_("occurred on"))
    product = models.CharField(_("product"), max_length=200, blank=True)
    severity = models.CharField(_("severity"), max_length=20, choices=AccidentSeverity.choices)
    summary = models.TextField(_("summary"))

    class Meta(CreditRecord.Meta):
        verbose_name = _("quality-safety accident")
        verbose_name_plural = _("quality-safety accidents")
        indexes = [models.Index(fields=["enterprise", "occurred_on"], name="accident_file_idx")]

    def __str__(self) -> str:
        return f"{self.get_severity_display()} {self.occurred_on}"


class RecallMode(models.TextChoices):
    VOLUNTARY = "voluntary", _("Voluntary recall (主动召回)")
    ORDERED = "ordered", _("Ordered recall (责令召回)")


class RecallStatus(models.TextChoices):
    ONGOING = "ongoing", _("In progress")
    COMPLETED = "completed", _("Completed")
    TERMINATED = "terminated", _("Terminated")


class RecallRecord(CreditRecord):
    """A recall of a firm's defective products, by GTIN where the products carry one."""

    # Stored 14-digit GTINs (enterprises.gtin.canonical); empty when only described.
    gtins = models.JSONField(_("GTINs"), default=list, blank=True)
    product = models.CharField(_("product"), max_length=200, blank=True)
    batches = models.JSONField(_("batches"), default=list, blank=True)
    recalled_on = models.DateField(_("recall started on"))
    reason = models.TextField(_("reason"), max_length=4000)
    mode = models.CharField(_("voluntary or ordered"), max_length=16, choices=RecallMode.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=RecallStatus.choices, default=RecallStatus.ONGOING
    )

    class Meta(CreditRecord.Meta):
        verbose_name = _("defect product recall")
        verbose_name_plural = _("defect product recalls")
        indexes = [
            models.Index(fields=["enterprise", "recalled_on"], name="recall_file_idx"),
            models.Index(fields=["updated_at"], name="recall_changed_idx"),  # change feed
        ]

    def __str__(self) -> str:
        what = self.product or ", ".join(self.gtin_codes)
        return f"{what} {self.recalled_on} {self.get_mode_display()}"

    @property
    def gtin_codes(self) -> list[str]:
        """The GTINs as printed under the bars."""
        return [gtins.display(g) for g in self.gtins]


# Each record kind of the intake API and the model that holds it. The key is the kind's short
# name (objections store it); the URL segment is the key except where enterprises/urls_api.py
# spells it out (`unlicensed-production/`).
RECORD_MODELS: dict[str, type[CreditRecord]] = {
    "inspections": InspectionRecord,
    "penalties": PenaltyRecord,
    "licences": LicenceRecord,
    "honours": HonourRecord,
    "complaints": Complaint,
    "unlicensed": UnlicensedProductionRecord,
    "accidents": QualityAccidentRecord,
    "recalls": RecallRecord,
}


# Heavier penalties (较重行政处罚), SAMR Order 44 art. 2: a fine set by the 从重 principle;
# lowered qualification, revoked permit or licence; restriction of business, suspension, closure,
# ban from practice. A licence merely suspended (暂扣) is not among them.
HEAVY_PENALTY_KINDS = [
    "licence_revoked",
    "qualification_lowered",
    "restriction",
    "suspension",
    "closure",
    "practice_ban",
]
