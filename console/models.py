"""The one record the console adds: an interview (约谈) held with a C firm's person in charge."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Interview(models.Model):
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="interviews",
        verbose_name=_("enterprise"),
    )
    held_on = models.DateField(_("held on"))
    person = models.CharField(_("person in charge interviewed"), max_length=64)
    notes = models.TextField(_("notes and agreed corrections"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("interview (约谈)")
        verbose_name_plural = _("interviews (约谈)")
        indexes = [models.Index(fields=["enterprise", "-held_on"], name="interview_firm_idx")]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.held_on}"
