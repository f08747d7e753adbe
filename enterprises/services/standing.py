"""What rests on a penalty falls with it: the credit file's one explicit hook.

When a penalty stops standing (a department resends it with `revoked`, or an upheld objection
withdraws it), whatever rests on it (blacklist entries) must end in the same transaction
(DOMAIN.md section 5). The credit file sits below the lists and may not import them, so the
floors above name their listener here once, at their AppConfig.ready(), and every writer that
makes a penalty stop standing calls `penalties_fell` inside its own transaction.

Not a Django signal: one named event with a typed payload, listeners registered by dotted path
(as a lower floor wakes a higher one's task by name) and listed by `penalty_fall_listeners`,
called synchronously in the caller's transaction, so a failing listener undoes the whole write.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from django.db import transaction
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from accounts.models import Department, User


class FallCause(StrEnum):
    REVOKED = "revoked"  # the decision was revoked, or confirmed unlawful or void
    WITHDRAWN = "withdrawn"  # withdrawn from the file after an upheld objection


@dataclass(frozen=True)
class PenaltyFall:
    """Penalties that stopped standing in the current transaction, and who made them fall."""

    penalty_ids: tuple[int, ...]
    cause: FallCause
    actor: User | None  # None for a department's intake (a system channel)
    department: Department | None  # the department whose act made them fall, if any
    source: str  # e.g. "api:aq-amr" or "objection:12", for the audit trail


class PenaltyFallListener(Protocol):
    def __call__(self, *, fall: PenaltyFall) -> object: ...


_listeners: dict[str, PenaltyFallListener] = {}


def penalty_fall_listen(*, path: str) -> None:
    """Register the listener at dotted `path`; call from AppConfig.ready(), once per app."""
    # Resolved now, after the app registry is ready: a wrong path fails at start-up.
    _listeners[path] = import_string(path)


def penalty_fall_listeners() -> tuple[str, ...]:
    """The dotted paths of the registered listeners, in registration order."""
    return tuple(_listeners)


def penalties_fell(
    *,
    penalty_ids: Iterable[int],
    cause: FallCause,
    actor: User | None,
    department: Department | None,
    source: str,
) -> None:
    """Tell every listener these penalties stopped standing; only inside the writer's
    transaction, so what rests on them ends with them or not at all."""
    ids = tuple(sorted(set(penalty_ids)))
    if not ids:
        return
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("penalties_fell runs inside the transaction that made them fall.")
    fall = PenaltyFall(
        penalty_ids=ids, cause=cause, actor=actor, department=department, source=source
    )
    for listener in _listeners.values():
        listener(fall=fall)
