"""What a batch of intake did: each item's status and id, and the files it changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


@dataclass
class IntakeResult:
    kind: str
    items: list[dict[str, Any]] = field(default_factory=list)  # index, source_ref, id, status
    enterprise_ids: set[int] = field(default_factory=set)  # files whose records changed
    triggers: dict[int, dict[str, Any]] = field(default_factory=dict)  # what changed each file

    def count(self, status: str) -> int:
        return sum(1 for item in self.items if item["status"] == status)

    @property
    def any_created(self) -> bool:
        return any(item["status"] == CREATED for item in self.items)
