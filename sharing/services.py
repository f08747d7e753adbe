"""Writes of the sharing app: subscribe, remove, replay; each audited in its transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Department, User
from accounts.roles import Action, covers, regulator_can
from core.actions import AuditAction
from core.audit import audit_record
from core.errors import DomainPermissionError
from core.tasks import task_send_on_commit
from enterprises.models import Enterprise
from enterprises.uscc import normalise, uscc_error
from sharing.delivery import DELIVER_TASK
from sharing.models import Delivery, DeliveryStatus, EventType, Subscription
from sharing.signing import secret_new
from sharing.targets import target_check

WATCH_LIST_MAX = 1000  # as many codes as a batch check takes
URL_MAX = 500


def _events_clean(events: Any) -> list[str]:
    if not isinstance(events, list) or not events or not all(isinstance(e, str) for e in events):
        raise ValidationError({"events": _("Give a non-empty list of event types.")})
    unknown = sorted(set(events) - set(EventType.values))
    if unknown:
        raise ValidationError(
            {
                "events": _("Unknown event type(s): %(bad)s; known: %(known)s.")
                % {"bad": ", ".join(unknown), "known": ", ".join(EventType.values)}
            }
        )
    return sorted(set(events))


def _watch_list_clean(codes: Any) -> list[str]:
    if codes is None:
        return []
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        raise ValidationError({"enterprises": _("Give a list of codes.")})
    if len(codes) > WATCH_LIST_MAX:
        raise ValidationError({"enterprises": _("At most %(n)d codes.") % {"n": WATCH_LIST_MAX}})
    cleaned = list(dict.fromkeys(normalise(c) for c in codes))
    for code in cleaned:
        if (error := uscc_error(code)) is not None:
            raise ValidationError({"enterprises": f"{code}: {error.message}"})
    known = set(Enterprise.objects.filter(uscc__in=cleaned).values_list("uscc", flat=True))
    missing = [c for c in cleaned if c not in known]
    if missing:
        raise ValidationError(
            {"enterprises": _("No enterprise with code(s): %(c)s.") % {"c": ", ".join(missing)}}
        )
    return cleaned


def may_manage_webhooks(user: Any, department: Department) -> bool:
    """The regulators who manage the department's tokens manage its webhooks."""
    return regulator_can(user, Action.ACCOUNTS_MANAGE) and covers(
        user.jurisdiction, department.jurisdiction
    )


@transaction.atomic
def subscription_create(
    *,
    department: Department,
    url: str,
    events: Sequence[str],
    enterprises: Sequence[str] | None,
    actor: User | None,
) -> Subscription:
    """Subscribe `url` to `events` of the department's jurisdiction, or of a watch-list of
    codes. The secret is on the returned row, to be shown once. `actor` None: the department
    itself, by its token; a regulator must manage the department's tokens."""
    if actor is not None and not may_manage_webhooks(actor, department):
        raise DomainPermissionError(_("You may not manage this department's webhooks."))
    if not isinstance(url, str) or not url or len(url) > URL_MAX:
        raise ValidationError(
            {"url": _("Give a URL of at most %(n)d characters.") % {"n": URL_MAX}}
        )
    target_check(url)  # TargetRefusedError (400) with the reason
    subscription = Subscription.objects.create(
        department=department,
        url=url,
        events=_events_clean(events),
        enterprises=_watch_list_clean(enterprises),
        secret=secret_new(),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.WEBHOOK_SUBSCRIBED,
        enterprise=None,
        department=department,
        # Never the secret.
        data={
            "subscription": subscription.pk,
            "url": url,
            "events": subscription.events,
            "enterprises": len(subscription.enterprises),
        },
    )
    return subscription


@transaction.atomic
def subscription_remove(*, subscription: Subscription, actor: User | None) -> bool:
    """Stop the subscription (its delivery log stays); False if it was removed already."""
    if actor is not None and not may_manage_webhooks(actor, subscription.department):
        raise DomainPermissionError(_("You may not manage this department's webhooks."))
    removed = Subscription.objects.filter(pk=subscription.pk, removed_at__isnull=True).update(
        removed_at=timezone.now(), is_active=False
    )
    if removed == 1:
        audit_record(
            actor=actor,
            action=AuditAction.WEBHOOK_REMOVED,
            enterprise=None,
            department=subscription.department,
            data={"subscription": subscription.pk, "url": subscription.url},
        )
    return removed == 1


@transaction.atomic
def delivery_replay(*, delivery: Delivery, actor: User) -> Delivery:
    """Send a delivery again now, with a new 24 hours of retries (the same message id, so the
    receiver can tell it already has it)."""
    subscription = delivery.subscription
    if not may_manage_webhooks(actor, subscription.department):
        raise DomainPermissionError(_("You may not manage this department's webhooks."))
    if not subscription.is_active or subscription.removed_at is not None:
        raise ValidationError(_("The subscription is disabled or removed."))
    now = timezone.now()
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.PENDING,
        due_at=now,
        gives_up_at=now + dt.timedelta(hours=settings.WEBHOOKS_RETRY_HOURS),
        attempts=0,  # the backoff starts again
    )
    audit_record(
        actor=actor,
        action=AuditAction.WEBHOOK_REPLAYED,
        enterprise=None,
        department=subscription.department,
        data={"delivery": delivery.pk, "subscription": subscription.pk, "status": delivery.status},
    )
    task_send_on_commit(DELIVER_TASK, delivery_id=delivery.pk)
    delivery.refresh_from_db()
    return delivery
