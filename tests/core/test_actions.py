"""The audit-action registry: its Python and query forms of "can change what the public sees"
agree on every registered action."""

from __future__ import annotations

import pytest

from core.actions import PUBLIC_ACTIONS, AuditAction
from core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_the_query_and_the_property_agree_on_every_action() -> None:
    AuditEntry.objects.bulk_create(AuditEntry(action=a.value) for a in AuditAction)
    by_query = set(AuditEntry.objects.filter(PUBLIC_ACTIONS).values_list("action", flat=True))
    assert by_query == {a.value for a in AuditAction if a.is_public}
    assert "accounts.2fa.failed" not in by_query
    assert "blacklist.entry.listed" in by_query


def test_intake_kinds_and_entry_steps_resolve_to_members() -> None:
    assert AuditAction.received("penalties") is AuditAction.PENALTIES_RECEIVED
    assert AuditAction.entry_moved("listed") is AuditAction.ENTRY_LISTED
    with pytest.raises(ValueError, match="AuditAction"):
        AuditAction.received("gossip")
