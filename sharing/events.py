"""Which webhook events the change feed's kinds announce (disclosure.changes, the one definition
of what changed publicly), and how feed rows become events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from disclosure.changes import KINDS, Change
from sharing.models import EventType

# restriction.changed: every kind that can move a firm's answer for some action (the lists the
# list policy lets restrict: blacklist, abnormal-operations list, grade).
KIND_EVENTS: dict[str, tuple[EventType, ...]] = {
    "grade": (EventType.GRADE_CHANGED, EventType.RESTRICTION_CHANGED),
    "red_list": (EventType.GRADE_CHANGED, EventType.LIST_CHANGED),
    "supervision": (EventType.GRADE_CHANGED,),
    "blacklist": (EventType.LIST_CHANGED, EventType.RESTRICTION_CHANGED),
    "abnormal": (EventType.LIST_CHANGED, EventType.RESTRICTION_CHANGED),
    "penalty": (EventType.PENALTY_PUBLICITY_CHANGED,),
    "publicity_start": (EventType.PENALTY_PUBLICITY_CHANGED,),
    "publicity_end": (EventType.PENALTY_PUBLICITY_CHANGED,),
}
# Registration data, inspection records and defect recalls announce nothing (no event type of
# the four names them; a recall that moves the grade is announced by its grade change).
SILENT_KINDS = frozenset(KINDS) - frozenset(KIND_EVENTS)


@dataclass
class PendingEvent:
    """Feed rows of one firm, one moment and one event type, announced together."""

    type: EventType
    uscc: str
    at: dt.datetime
    sources: list[tuple[str, int]] = field(default_factory=list)  # (kind, id) of the feed

    @property
    def key(self) -> str:
        return f"{self.type}|{self.uscc}|{self.at.isoformat()}"

    def data(self) -> dict[str, object]:
        return {
            "uscc": self.uscc,
            "changed": sorted({kind for kind, _id in self.sources}),
            "changes": [{"kind": kind, "id": pk} for kind, pk in self.sources],
            "changed_at": self.at.isoformat(),
        }


def events_from(changes: Iterable[Change]) -> list[PendingEvent]:
    """The events the feed rows announce, in feed order; one grade change that moved the
    letter and the red list is one grade.changed naming both."""
    events: dict[str, PendingEvent] = {}
    for change in changes:
        for event_type in KIND_EVENTS.get(change.kind, ()):
            pending = PendingEvent(event_type, change.uscc, change.at)
            pending = events.setdefault(pending.key, pending)
            if (change.kind, change.id) not in pending.sources:
                pending.sources.append((change.kind, change.id))
    return list(events.values())
