"""Reads of the sharing app: a department's subscriptions and their delivery log."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from accounts.models import Department
from accounts.roles import covers_q
from sharing.models import Delivery, Subscription


def subscriptions_of(*, departments: Iterable[Department]) -> QuerySet[Subscription]:
    """The departments' subscriptions not removed, newest first."""
    return Subscription.objects.filter(
        department__in=list(departments), removed_at__isnull=True
    ).select_related("department")


def deliveries_of(*, departments: Iterable[Department]) -> QuerySet[Delivery]:
    """The delivery log of the departments' subscriptions, newest first."""
    return Delivery.objects.filter(subscription__department__in=list(departments)).select_related(
        "subscription__department", "event"
    )


def departments_managed(*, user: Any) -> QuerySet[Department]:
    """The active departments within the regulator's jurisdiction (as for their tokens)."""
    return Department.objects.filter(
        covers_q(user.jurisdiction, field="jurisdiction"), is_active=True
    ).order_by("code")
