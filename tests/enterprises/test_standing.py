"""The credit file's hook for penalties that stopped standing."""

from __future__ import annotations

import pytest

from enterprises.services.standing import FallCause, penalties_fell, penalty_fall_listeners


def test_it_names_the_lists_listener() -> None:
    assert penalty_fall_listeners() == ("lists.removal.blacklist_entries_basis_fall",)


def test_it_refuses_to_run_outside_the_writers_transaction() -> None:
    with pytest.raises(RuntimeError, match="inside the transaction"):
        penalties_fell(
            penalty_ids=[1], cause=FallCause.REVOKED, actor=None, department=None, source="api:x"
        )


def test_it_does_nothing_for_no_penalties() -> None:
    penalties_fell(penalty_ids=[], cause=FallCause.REVOKED, actor=None, department=None, source="")
