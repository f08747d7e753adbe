"""Red-list membership (守信红名单 / 质量诚信红榜, DOMAIN.md section 5), written once.

AA firms are on it; so are A firms holding a current quality award or famous brand with a
current commitment and no negative record in the AA window, off the blacklist. It is written
with the grade (the pure path through `on_red_list`, the set-based SQL through `*_sql`), so a
firm leaves the list in the statement its grade falls; every read filters `red_list_q`.
"""

from __future__ import annotations

from django.db.models import Q


def honoured_and_clean(
    *, honour: bool, failed_aa: int, penalties_aa: int, commitment: bool, on_blacklist: bool
) -> bool:
    """Honoured (award or brand) with a commitment and nothing negative in the AA window."""
    return honour and failed_aa == 0 and penalties_aa == 0 and commitment and not on_blacklist


def honoured_and_clean_sql(
    *, honour: str, failed_aa: str, penalties_aa: str, commitment: str, on_blacklist: str
) -> str:
    """The same rule over SQL expressions (column names of the grading statement)."""
    return (
        f"({honour} AND {failed_aa} = 0 AND {penalties_aa} = 0 AND {commitment} "
        f"AND NOT {on_blacklist})"
    )


def on_red_list(*, grade: str, honoured_and_clean: bool) -> bool:
    """On the red list with the grade in force (an override's too); any fall takes it off."""
    return grade == "AA" or (grade == "A" and honoured_and_clean)


def on_red_list_sql(*, grade: str, honoured_and_clean: str) -> str:
    return f"({grade} = 'AA' OR ({grade} = 'A' AND {honoured_and_clean}))"


def red_list_q(*, prefix: str = "") -> Q:
    """Firms (prefix "grade__") or grade rows (no prefix) on the red list, as written."""
    return Q(**{f"{prefix}red_list": True})
