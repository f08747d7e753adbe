"""Notifications to a firm: in the portal at once, by email after the transaction commits."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone, translation

from enterprises.models import Enterprise, Notification


def notify_firm(*, enterprise: Enterprise, subject: str, body: str, link: str = "") -> Notification:
    note = Notification.objects.create(
        enterprise=enterprise,
        subject=subject,
        body=body,
        link=link,
        language=translation.get_language() or "",
    )
    recipients = list(
        enterprise.users.filter(is_active=True).exclude(email="").values_list("email", flat=True)
    )
    if recipients:
        messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [to]) for to in recipients]
        # A mail server that is down must not undo the decision the message reports.
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))
    return note


def notifications_mark_read(*, enterprise: Enterprise, ids: list[int] | None = None) -> int:
    qs = Notification.objects.filter(enterprise=enterprise, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
