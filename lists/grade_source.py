"""The firm's current grade, for restriction answers: read from grading, which sits above us.

The lists may not import ratings (a higher floor), yet a province may let the C grade restrict
an action. So grading names its reader here once, at RatingsConfig.ready(), by dotted path (as
the credit file is told who listens to a fallen penalty), and the restriction service asks it
for a set of firms (one statement for a batch of checks). Not a Django signal: one typed
question, one registered answerer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Protocol

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class GradeBasis:
    """A firm's grade in force, with what a restriction answer names as its basis."""

    grade: str
    since: dt.date  # held since (the grade's date)
    computed_on: dt.date
    policy_version: int  # the grading policy version it was computed under
    overridden: bool  # set by a regulator's written override


class GradeReader(Protocol):
    def __call__(self, *, enterprise_ids: Collection[int]) -> dict[int, GradeBasis]: ...


_readers: dict[str, GradeReader] = {}


def grade_source(*, path: str) -> None:
    """Register the grade reader at dotted `path`; call from AppConfig.ready(), once."""
    # Resolved now, after the app registry is ready: a wrong path fails at start-up.
    _readers.clear()
    _readers[path] = import_string(path)


def grade_source_path() -> str | None:
    """The dotted path of the registered reader, if any."""
    return next(iter(_readers), None)


def grade_bases(*, enterprise_ids: Collection[int]) -> dict[int, GradeBasis]:
    """The grade in force of each firm given; a firm not graded yet is absent."""
    if not _readers:
        # Answering "not restricted" for want of a reader would be a silent false answer.
        raise ImproperlyConfigured("No grade reader registered (ratings must be installed).")
    reader = next(iter(_readers.values()))
    return reader(enterprise_ids=enterprise_ids)
