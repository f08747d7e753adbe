"""The days penalties entered or left public view without a write of their own.

A penalty leaves public view when its Order 45 window ends (and enters it on a publication day
later than its receipt): a date, not a write, so nothing else stamps a time the change feed
could announce. The nightly sweep (publicity.events) records each such day, once.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicityEventKind(models.TextChoices):
    STARTED = "started", _("shown from this day")
    ENDED = "ended", _("no longer shown from this day")


class PublicityEvent(models.Model):
    penalty = models.ForeignKey(
        "enterprises.PenaltyRecord",
        on_delete=models.CASCADE,
        related_name="publicity_events",
        verbose_name=_("penalty"),
    )
    # The penalty's firm, kept here so the change feed joins no penalty row.
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("enterprise"),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=PublicityEventKind.choices)
    day = models.DateField(_("day"))
    # When the sweep recorded it: the change feed's time, so a mirror's cursor never passes it.
    at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("publicity event")
        verbose_name_plural = _("publicity events")
        constraints = [
            models.UniqueConstraint(
                fields=["penalty", "kind", "day"], name="publicityevent_once_a_day"
            )
        ]
        indexes = [models.Index(fields=["at"], name="publicityevent_feed_idx")]

    def __str__(self) -> str:
        return f"{self.penalty_id} {self.kind} {self.day}"


class PublicitySweep(models.Model):
    """A day the sweep has looked at, so the next run starts after it (and catches up)."""

    day = models.DateField(_("day"), unique=True)
    at = models.DateTimeField(_("swept at"))
    started = models.PositiveIntegerField(_("penalties shown from the day"))
    ended = models.PositiveIntegerField(_("penalties no longer shown from the day"))

    class Meta:
        verbose_name = _("publicity sweep")
        verbose_name_plural = _("publicity sweeps")

    def __str__(self) -> str:
        return str(self.day)
