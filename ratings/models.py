"""Grades, their history, overrides and the versioned grading policy."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.models import VersionedPolicy
from ratings.grade_changes import letter_changed, red_list_changed, supervision_changed
from ratings.policy import DEFAULT_MATRIX, PolicyRules


class Grade(models.TextChoices):
    AA = "AA", _("AA: strong quality responsibility")
    A = "A", _("A: good")
    B = "B", _("B: average")
    C = "C", _("C: weak")


class SupervisionMode(models.TextChoices):
    CREDIT = "credit", _("Credit supervision (信用监管)")
    RESPONSIBILITY = "responsibility", _("Responsibility supervision (责任监管)")
    ROUTINE = "routine", _("Routine supervision (常态监管)")
    STRICT = "strict", _("Strict supervision (加严监管)")


def _default_rules() -> dict[str, object]:
    return asdict(PolicyRules())


def _default_matrix() -> dict[str, Any]:
    return DEFAULT_MATRIX


class GradingPolicy(VersionedPolicy):
    """One version of the grading rules."""

    rules = models.JSONField(_("rules"), default=_default_rules)
    matrix = models.JSONField(_("grade x product-risk matrix"), default=_default_matrix)

    class Meta(VersionedPolicy.Meta):
        verbose_name = _("grading policy")
        verbose_name_plural = _("grading policies")


class EnterpriseGrade(models.Model):
    """A firm's current grade with the factors that made it."""

    enterprise = models.OneToOneField(
        "enterprises.Enterprise",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="grade",
        verbose_name=_("enterprise"),
    )
    grade = models.CharField(_("grade"), max_length=2, choices=Grade.choices, db_index=True)
    computed_grade = models.CharField(_("computed grade"), max_length=2, choices=Grade.choices)
    supervision_mode = models.CharField(
        _("supervision mode"), max_length=16, choices=SupervisionMode.choices
    )
    inspections_min = models.PositiveSmallIntegerField(_("inspections per year (min)"))
    inspections_max = models.PositiveSmallIntegerField(_("inspections per year (max)"))
    interview_due = models.BooleanField(_("interview (约谈) due"))
    sampling_ratio = models.FloatField(_("random-sampling ratio"))
    factors = models.JSONField(_("factors"))
    policy = models.ForeignKey(
        GradingPolicy, on_delete=models.PROTECT, related_name="+", verbose_name=_("policy")
    )
    override = models.ForeignKey(
        "ratings.GradeOverride",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("override"),
    )
    computed_on = models.DateField(_("computed on"))
    computed_at = models.DateTimeField(_("computed at"))
    grade_since = models.DateField(_("grade held since"))
    a_held_since = models.DateField(_("A or better since"), null=True, blank=True)
    # Written with the grade, so a firm leaves the red list in the same statement its grade falls.
    red_list = models.BooleanField(_("on the red list"), default=False, db_index=True)

    class Meta:
        verbose_name = _("grade")
        verbose_name_plural = _("grades")
        indexes = [
            models.Index(fields=["computed_at"], name="grade_computed_idx"),  # data version
            # The public red list, newest first.
            models.Index(
                fields=["-grade_since", "-enterprise"],
                name="grade_red_list_idx",
                condition=models.Q(red_list=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id}: {self.grade}"


class GradeChange(models.Model):
    """A change of a grade's public facts: its letter, red-list membership or supervision mode
    (ratings.grade_changes). Rows written before the last two were recorded keep the defaults,
    which announce neither."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.CASCADE,
        related_name="grade_changes",
        verbose_name=_("enterprise"),
    )
    old_grade = models.CharField(_("old grade"), max_length=2, blank=True)
    new_grade = models.CharField(_("new grade"), max_length=2)
    # None: the firm had no grade before (so it was not on the red list).
    old_red_list = models.BooleanField(_("on the red list before"), null=True, blank=True)
    new_red_list = models.BooleanField(_("on the red list after"), default=False, db_default=False)
    old_supervision_mode = models.CharField(
        _("supervision mode before"),
        max_length=16,
        choices=SupervisionMode.choices,
        blank=True,
        default="",
        db_default="",
    )
    new_supervision_mode = models.CharField(
        _("supervision mode after"),
        max_length=16,
        choices=SupervisionMode.choices,
        blank=True,
        default="",
        db_default="",
    )
    reason = models.JSONField(_("decisive factors"), default=list)
    trigger = models.JSONField(_("trigger"), default=dict)
    policy = models.ForeignKey(
        GradingPolicy, on_delete=models.PROTECT, related_name="+", verbose_name=_("policy")
    )
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("grade change")
        verbose_name_plural = _("grade changes")
        indexes = [
            models.Index(fields=["enterprise", "-changed_at"], name="gradechange_file_idx"),
            models.Index(fields=["changed_at"], name="gradechange_feed_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id}: {self.old_grade or '-'} -> {self.new_grade}"

    @property
    def letter_changed(self) -> bool:
        return letter_changed(self)

    @property
    def red_list_changed(self) -> bool:
        return red_list_changed(self)

    @property
    def supervision_changed(self) -> bool:
        return supervision_changed(self)

    def summary(self) -> str:
        """What changed, in words (history pages and the console timeline)."""
        parts = []
        if self.letter_changed:
            parts.append(f"{self.old_grade or '—'} → {self.new_grade}")
        if self.red_list_changed:
            parts.append(
                gettext("joined the red list")
                if self.new_red_list
                else gettext("left the red list")
            )
        if self.supervision_changed:
            parts.append(
                gettext("supervision: %(old)s → %(new)s")
                % {
                    "old": self.get_old_supervision_mode_display() or "—",
                    "new": self.get_new_supervision_mode_display(),
                }
            )
        return "; ".join(parts) or self.new_grade


class GradeOverride(models.Model):
    """A regulator's written decision to set a grade by hand until it expires."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.CASCADE,
        related_name="grade_overrides",
        verbose_name=_("enterprise"),
    )
    grade = models.CharField(_("grade"), max_length=2, choices=Grade.choices)
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("regulator"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_on = models.DateField(_("expires on"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("grade override")
        verbose_name_plural = _("grade overrides")
        indexes = [models.Index(fields=["enterprise", "expires_on"], name="override_file_idx")]

    def __str__(self) -> str:
        return f"{self.enterprise_id}: {self.grade} until {self.expires_on}"


class GradeSweep(models.Model):
    """One regrade of every firm (nightly, or after a policy change), fanned out over the
    workers as id ranges: the policy and the day are fixed when it starts, so every range
    grades by the same rules, whichever worker takes it and whenever."""

    policy = models.ForeignKey(
        GradingPolicy, on_delete=models.PROTECT, related_name="+", verbose_name=_("policy")
    )
    today = models.DateField(_("graded as of"))
    started_at = models.DateTimeField(_("started at"))

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("regrade of every firm")
        verbose_name_plural = _("regrades of every firm")

    def __str__(self) -> str:
        return f"{self.today} ({self.pk})"


class GradeSweepRange(models.Model):
    """The firms with ids in [lo, hi] of one sweep; `done_at` is written in the transaction
    that regraded them, so a redelivered task finds its range done and does nothing."""

    sweep = models.ForeignKey(
        GradeSweep, on_delete=models.CASCADE, related_name="ranges", verbose_name=_("regrade")
    )
    lo = models.BigIntegerField(_("first firm id"))
    hi = models.BigIntegerField(_("last firm id"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    changed = models.PositiveIntegerField(_("grades changed"), default=0)

    class Meta:
        ordering = ["sweep", "lo"]
        verbose_name = _("range of a regrade")
        verbose_name_plural = _("ranges of a regrade")
        constraints = [
            models.UniqueConstraint(fields=["sweep", "lo"], name="gradesweeprange_once"),
        ]

    def __str__(self) -> str:
        return f"{self.sweep_id}: {self.lo}-{self.hi}"
