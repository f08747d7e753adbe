"""The credit file's outbox: firms whose file changed and must be regraded."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class GradeRecomputeRequest(models.Model):
    """Written with the record that changed the file, drained by the grading workers.

    A firm appears once however many records arrive, so a burst coalesces into one recompute.
    """

    enterprise = models.OneToOneField(
        "enterprises.Enterprise", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    requested_at = models.DateTimeField(db_index=True)
    trigger = models.JSONField(default=dict)

    class Meta:
        db_table = "ratings_graderecomputerequest"  # the table predates the move to this app
        verbose_name = _("grade recompute request")
        verbose_name_plural = _("grade recompute requests")

    def __str__(self) -> str:
        return f"{self.enterprise_id} @ {self.requested_at:%H:%M:%S}"
