"""Versioned policies: version 1 comes from the migrations, reads never write, a publish takes
the next number and audits it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError

from core.actions import AuditAction
from core.audit import audit_record
from core.models import AuditEntry
from core.policy import policy_active, policy_in_force_at, policy_publish
from lists.models import ListPolicy
from ratings.models import GradingPolicy
from tests.clock import noon

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [GradingPolicy, ListPolicy])
def test_version_one_is_there_after_the_migrations(model: type) -> None:
    policy = policy_active(model=model)
    assert (policy.version, policy.is_active) == (1, True)


def test_reading_an_empty_table_writes_nothing_and_says_why() -> None:
    ListPolicy.objects.all().delete()
    with pytest.raises(ImproperlyConfigured, match="migrations"):
        policy_active(model=ListPolicy)
    assert not ListPolicy.objects.exists()


def test_a_publish_takes_the_next_number_keeps_the_old_and_audits() -> None:
    v1 = policy_active(model=ListPolicy)
    v2 = policy_publish(
        model=ListPolicy,
        values={"rules": dict(v1.rules, duration_years=2)},
        note="  试行两年  ",
        actor=None,
        action=AuditAction.LIST_POLICY_PUBLISHED,
    )
    v1.refresh_from_db()
    assert (v2.version, v2.is_active, v2.note) == (2, True, "试行两年")
    assert (v1.is_active, v1.rules["duration_years"]) == (False, 3)
    assert policy_active(model=ListPolicy) == v2
    audit = AuditEntry.objects.get(action=AuditAction.LIST_POLICY_PUBLISHED)
    assert audit.data == {"version": 2, "note": "试行两年"}


def test_a_publish_without_a_reason_is_refused_and_writes_nothing() -> None:
    with pytest.raises(ValidationError):
        policy_publish(
            model=ListPolicy,
            values={"rules": {}},
            note="   ",
            actor=None,
            action=AuditAction.LIST_POLICY_PUBLISHED,
        )
    assert ListPolicy.objects.count() == 1
    assert not AuditEntry.objects.exists()


def test_an_unregistered_action_is_refused() -> None:
    with pytest.raises(ValueError, match="is not a valid AuditAction"):
        audit_record(actor=None, action="made.up", enterprise=None, data={})  # type: ignore[arg-type]


def test_the_version_in_force_at_a_moment_is_the_newest_published_by_then(
    time_machine: Any,
) -> None:
    v1 = policy_active(model=ListPolicy)
    time_machine.move_to(noon(dt.date(2027, 3, 1)), tick=False)
    v2 = policy_publish(
        model=ListPolicy,
        values={"rules": dict(v1.rules, publicity_short_months=6)},
        note="延长",
        actor=None,
        action=AuditAction.LIST_POLICY_PUBLISHED,
    )
    assert policy_in_force_at(model=ListPolicy, at=v2.created_at) == v2
    assert policy_in_force_at(model=ListPolicy, at=v2.created_at - dt.timedelta(seconds=1)) == v1
    # Before version 1 was written, version 1 stands (it holds the rules the code shipped with).
    assert policy_in_force_at(model=ListPolicy, at=noon(dt.date(2001, 1, 1))) == v1
