"""Subscriptions of other departments to the portal's changes, the events announced, and the
delivery of each event to each subscription (Standard Webhooks)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    RESTRICTION_CHANGED = "restriction.changed", _("restriction changed")
    GRADE_CHANGED = "grade.changed", _("grade changed")
    LIST_CHANGED = "list.changed", _("list changed")
    PENALTY_PUBLICITY_CHANGED = "penalty.publicity_changed", _("penalty publicity changed")


class Subscription(models.Model):
    """A department's URL for events: of its whole jurisdiction, or of a watch-list of codes."""

    department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("department"),
    )
    url = models.URLField(_("URL"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    # Empty: every firm of the department's jurisdiction.
    enterprises = models.JSONField(_("watch-list of codes"), default=list, blank=True)
    # The Standard Webhooks secret (whsec_…), kept to sign with; shown once, never logged.
    secret = models.CharField(_("signing secret"), max_length=80)
    is_active = models.BooleanField(_("active"), default=True)
    # Consecutive failed attempts, any delivery; a success resets it.
    failure_streak = models.PositiveIntegerField(_("consecutive failures"), default=0)
    disabled_at = models.DateTimeField(_("disabled at"), null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Removed, not deleted: its delivery log stays readable.
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")

    def __str__(self) -> str:
        return f"{self.department_id} {self.url}"


class WebhookEvent(models.Model):
    """One announced event: a type, a firm and a moment of the change feed, with its data."""

    # type|code|time: the same feed events read twice (a rerun, a late commit) are one event.
    key = models.CharField(max_length=120, unique=True)
    type = models.CharField(_("type"), max_length=40, choices=EventType.choices)
    uscc = models.CharField(_("code"), max_length=18)
    at = models.DateTimeField(_("changed at"), db_index=True)
    data = models.JSONField(_("data"), default=dict)
    created_at = models.DateTimeField(_("announced at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")

    def __str__(self) -> str:
        return self.key


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    SUCCEEDED = "succeeded", _("delivered")
    FAILED = "failed", _("failed")


class Delivery(models.Model):
    """One event to one subscription: tried at once, then with backoff until `gives_up_at`."""

    subscription = models.ForeignKey(
        Subscription,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("subscription"),
    )
    event = models.ForeignKey(
        WebhookEvent, on_delete=models.CASCADE, related_name="+", verbose_name=_("event")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    # When the next attempt is due; polled by beat, so a lost task message loses nothing.
    due_at = models.DateTimeField(_("next attempt"))
    gives_up_at = models.DateTimeField(_("retried until"))
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    response_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    latency_ms = models.PositiveIntegerField(_("latency (ms)"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=200, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(fields=["subscription", "event"], name="delivery_once")
        ]
        indexes = [models.Index(fields=["status", "due_at"], name="delivery_due_idx")]

    def __str__(self) -> str:
        return f"{self.subscription_id} {self.event_id} {self.status}"


class DispatchCursor(models.Model):
    """The last change-feed event (time, kind, id) fanned out; one row."""

    at = models.DateTimeField()
    kind = models.CharField(max_length=32, blank=True)
    source_id = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.at.isoformat()} {self.kind} {self.source_id}"
