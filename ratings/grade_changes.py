"""What a grade change tells the public: the letter, red-list membership, the supervision mode.

Both grading paths write a GradeChange row whenever any of the three public facts of a grade
row changes (`public_changed` in the per-firm path, `public_changed_sql` in the set-based one);
the change feed tells the three apart with the `*_changed_sql` forms, the history pages with the
Python forms beside them. tests/ratings/test_grade_changes.py holds each pair together.
"""

from __future__ import annotations

from typing import Protocol

# The fields of a grade row the public sees change; any of them moving writes a GradeChange.
PUBLIC_FIELDS = ("grade", "red_list", "supervision_mode")


class _Row(Protocol):
    @property
    def grade(self) -> str: ...
    @property
    def red_list(self) -> bool: ...
    @property
    def supervision_mode(self) -> str: ...


class _Change(Protocol):
    @property
    def old_grade(self) -> str: ...
    @property
    def new_grade(self) -> str: ...
    @property
    def old_red_list(self) -> bool | None: ...
    @property
    def new_red_list(self) -> bool: ...
    @property
    def old_supervision_mode(self) -> str: ...
    @property
    def new_supervision_mode(self) -> str: ...


def public_changed(old: _Row | None, new: _Row) -> bool:
    """Whether regrading moved a public fact (a firm graded for the first time always does)."""
    return old is None or any(getattr(old, f) != getattr(new, f) for f in PUBLIC_FIELDS)


def public_changed_sql(*, old: str, new: str) -> str:
    """The same over two row aliases; a missing old row (all NULL) counts as changed."""
    return (
        f"(({', '.join(f'{old}.{f}' for f in PUBLIC_FIELDS)}) IS DISTINCT FROM "
        f"({', '.join(f'{new}.{f}' for f in PUBLIC_FIELDS)}))"
    )


def letter_changed(change: _Change) -> bool:
    return change.old_grade != change.new_grade


def letter_changed_sql(alias: str) -> str:
    """Over ratings_gradechange as `alias` (constants only)."""
    return f"({alias}.old_grade <> {alias}.new_grade)"


def red_list_changed(change: _Change) -> bool:
    # No grade before (None) is off the red list.
    return bool(change.old_red_list) != change.new_red_list


def red_list_changed_sql(alias: str) -> str:
    return f"(COALESCE({alias}.old_red_list, FALSE) <> {alias}.new_red_list)"


def supervision_changed(change: _Change) -> bool:
    return change.old_supervision_mode != change.new_supervision_mode


def supervision_changed_sql(alias: str) -> str:
    return f"({alias}.old_supervision_mode <> {alias}.new_supervision_mode)"
