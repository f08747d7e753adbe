"""What no honest client sends: control characters and JSON nested past any real record.

PostgreSQL refuses a NUL inside text, so one that reaches a query is a 500; other control
characters are never part of a name, a code or a decision's text. These are pure checks; the
guard (core.guards) and the API's JSON parser (core.parsers) apply them once for every entry
point, instead of a patch per view.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

# C0 controls and DEL. Tab, line feed and carriage return are allowed in submitted text
# (a penalty's facts have paragraphs) but never in a path or a query string.
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_IN_ADDRESS = re.compile(r"[\x00-\x1f\x7f]")


def has_control_character(value: str, *, in_text: bool = True) -> bool:
    """Whether `value` holds a control character not allowed where it came from."""
    pattern = _CONTROL_IN_TEXT if in_text else _CONTROL_IN_ADDRESS
    return pattern.search(value) is not None


def any_control_character(values: Iterable[str], *, in_text: bool = True) -> bool:
    return any(has_control_character(v, in_text=in_text) for v in values)


def json_depth_exceeds(data: Any, *, limit: int) -> bool:
    """Whether parsed JSON nests objects or arrays more than `limit` levels (iterative, so a
    hostile document cannot exhaust the stack here)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children: Iterable[Any] = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def json_strings(data: Any) -> Iterable[str]:
    """Every key and string value of parsed JSON."""
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            yield node
        elif isinstance(node, dict):
            yield from (k for k in node if isinstance(k, str))
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
