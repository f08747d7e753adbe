"""The compiled fast path of intake validation: a msgspec type per record kind, built from the
same specs (enterprises.intake_fields) the field-by-field parser reads.

It only ever accepts: a batch it cannot vouch for, whole and exactly as the field-by-field
parser would, makes it answer None, and the caller runs that parser, which alone writes error
messages. So the two cannot disagree on an error, and tests/enterprises/test_intake_compiled.py
holds them to the same values on what both accept.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Annotated, Any, Literal

import msgspec
from django.utils import timezone

from enterprises.intake_parsers import (
    _MISSING,
    FieldError,
    RecordSpec,
    boolean,
    date_value,
    future_date_value,
)

# A code already in its normal form (upper-case ASCII, no spaces): normalise() leaves it as it is.
_CLEAN_CODE = re.compile(r"[0-9A-Z]{18}")

# How each field is read after conversion: "text" (strip), "date" (not in the future), "as is"
# (conversion checked it all), or the field's own parser (run on the raw value).
_TEXT, _DATE, _AS_IS, _PARSER = range(4)


def _field_type(parse: Callable[[Any], Any], required: bool) -> tuple[Any, int]:
    if hasattr(parse, "max_length"):
        kind: tuple[Any, int] = (Annotated[str, msgspec.Meta(max_length=parse.max_length)], _TEXT)
    elif hasattr(parse, "choices"):
        # "" is an optional choice left blank, read as the default like the parser does.
        allowed = tuple(parse.choices) + (() if required else ("",))
        kind = (Literal[allowed], _AS_IS)
    elif parse is date_value:
        kind = (dt.date, _DATE)
    elif parse is future_date_value:
        kind = (dt.date, _AS_IS)
    elif parse is boolean:
        kind = (bool, _AS_IS)
    else:
        return Any, _PARSER
    return (kind[0] if required else kind[0] | None), kind[1]


_Plan = tuple[type[msgspec.Struct], list[tuple[str, int, Any, Any]]]
# Built once per spec (keyed by identity, the spec held so its id is never reused).
_built: dict[int, tuple[RecordSpec, _Plan]] = {}


def _compiled(spec: RecordSpec) -> _Plan:
    """The record's msgspec Struct, and per field (name, how it is read, default, parser)."""
    if (hit := _built.get(id(spec))) is not None:
        return hit[1]
    fields: list[Any] = []
    plan = []
    for name, field in spec.fields.items():
        typ, how = _field_type(field.parse, field.required)
        default = None if field.default is _MISSING else field.default
        if field.required and how != _PARSER:
            fields.append((name, typ))
        else:
            fields.append((name, typ, None))
        plan.append((name, how, default, field))
    struct = msgspec.defstruct(f"{spec.kind.title()}Item", fields, kw_only=True)
    _built[id(spec)] = (spec, (struct, plan))
    return struct, plan


def records_parse_compiled(
    *, spec: RecordSpec, items: Sequence[Any], codes: Mapping[str, Sequence[str]], department: str
) -> list[dict[str, Any]] | None:
    """The clean values of every item, as the field-by-field parser gives them, or None when
    any item needs that parser (an error, or a form only it reads: padding, "是", a number as
    text, a code to normalise)."""
    struct, plan = _compiled(spec)
    try:
        converted = msgspec.convert(items, list[struct])  # type: ignore[valid-type]
    except msgspec.ValidationError:
        return None
    today = timezone.localdate()
    out = []
    for raw, item in zip(items, converted, strict=True):
        values: dict[str, Any] = {}
        for name, how, default, field in plan:
            value = getattr(item, name)
            if how == _TEXT:
                if value is None:
                    value = default
                else:
                    if "\x00" in value:
                        return None  # the parser's path decides what a NUL gets
                    value = value.strip()
                    if not value:
                        if field.required:
                            return None
                        value = default
            elif how == _PARSER:
                value = raw.get(name)
                if value is None or (isinstance(value, str) and not value.strip()):
                    if field.required:
                        return None
                    value = default
                else:
                    try:
                        value = field.parse(value)
                    except FieldError:
                        return None
            elif value is None or value == "":
                value = default
            elif how == _DATE and value > today:
                return None
            values[name] = value
        for name, allowed in codes.items():
            # Only a value sent is held to the policy's codes; a default is not.
            sent = raw.get(name)
            blank = sent is None or (isinstance(sent, str) and not sent.strip())
            if not blank and values[name] not in allowed:
                return None
        if spec.check(values) or not _CLEAN_CODE.fullmatch(values["uscc"]):
            return None
        if values["source_department"] and values["source_department"] != department:
            return None  # the parser raises the permission error
        out.append(values)
    return out
