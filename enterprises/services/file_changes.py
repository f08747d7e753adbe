"""Signals that a firm's credit file changed outside intake (admin edits, self-service)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def credit_file_changed(
    *,
    enterprise_ids: Iterable[int],
    kind: str,
    record_id: int | None = None,
    channel: str = "admin",
) -> None:
    """Queue the firms for regrading, in the caller's transaction."""
    from ratings.services.recompute import grades_request  # avoids import cycle

    trigger: dict[str, Any] = {"kind": kind, "channel": channel}
    if record_id is not None:
        trigger["record_id"] = record_id
    grades_request(triggers={eid: dict(trigger) for eid in set(enterprise_ids) if eid})
