"""The log of name screening (the match API): every query a department asked, with its answer."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MatchQuery(models.Model):
    """One name a department screened, or one refused call (name "(invalid)", status 400).

    The legal representative a query named is not stored, only whether one was given: the
    log says who asked about which firm, and a person's name is not needed for that.
    """

    department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("department"),
    )
    name = models.CharField(_("name asked"), max_length=200)
    region = models.CharField(_("region asked"), max_length=64, blank=True)
    uscc = models.CharField(_("code asked"), max_length=64, blank=True)
    with_legal_representative = models.BooleanField(_("legal representative given"), default=False)
    status_code = models.PositiveSmallIntegerField(_("answer (HTTP status)"), default=200)
    # The codes answered, best first, and the best score (null when none was found).
    candidates = models.JSONField(_("codes answered"), default=list, blank=True)
    top_score = models.FloatField(_("best score"), null=True, blank=True)
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("match query")
        verbose_name_plural = _("match queries")

    def __str__(self) -> str:
        return f"{self.department_id} {self.name}"
