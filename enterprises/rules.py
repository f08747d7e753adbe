"""Rules about credit-file rows that several rooms read (grading, publicity, repair, pages).

Each rule is written once, as a query (Q), as a Python predicate and, for the set-based grading
path, as SQL text; tests/enterprises/test_rules.py holds the three forms together.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from django.db.models import Q


class _Commitment(Protocol):
    @property
    def withdrawn_at(self) -> dt.datetime | None: ...
    @property
    def valid_until(self) -> dt.date: ...


class _Penalty(Protocol):  # a PenaltyRecord, or the grading engine's frozen Penalty
    @property
    def revoked(self) -> bool: ...
    @property
    def withdrawn_on(self) -> dt.date | None: ...


def commitment_current_q(*, today: dt.date, prefix: str = "") -> Q:
    """A signed integrity commitment not withdrawn and valid on `today` (its last day included)."""
    return Q(**{f"{prefix}withdrawn_at__isnull": True, f"{prefix}valid_until__gte": today})


def commitment_current(commitment: _Commitment, *, today: dt.date) -> bool:
    return commitment.withdrawn_at is None and commitment.valid_until >= today


def commitment_current_sql(alias: str) -> str:
    """The same rule over enterprises_integritycommitment as `alias`; reads %(today)s."""
    return f"({alias}.withdrawn_at IS NULL AND {alias}.valid_until >= %(today)s)"


def penalty_live_q(*, prefix: str = "") -> Q:
    """A penalty decision that still stands: neither revoked nor withdrawn after an upheld
    objection (both stay on file for regulators, but count for nothing)."""
    return Q(**{f"{prefix}revoked": False, f"{prefix}withdrawn_on__isnull": True})


def penalty_live(penalty: _Penalty) -> bool:
    return not penalty.revoked and penalty.withdrawn_on is None


def penalty_live_sql(alias: str) -> str:
    """The same rule over enterprises_penaltyrecord as `alias`."""
    return f"(NOT {alias}.revoked AND {alias}.withdrawn_on IS NULL)"


class _Product(Protocol):
    @property
    def confirmed(self) -> bool: ...
    @property
    def category(self) -> str: ...


def product_in_category_q(*, category: str, prefix: str = "") -> Q:
    """A product its maker (or a regulator) confirmed, of the product category: what a firm
    "makes" for the planner; a GTIN merely seen on a record says nothing of what it makes."""
    return Q(**{f"{prefix}confirmed": True, f"{prefix}category": category})


def product_in_category(product: _Product, *, category: str) -> bool:
    return product.confirmed and product.category == category
