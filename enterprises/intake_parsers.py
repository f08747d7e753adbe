"""Parsing one field of a record sent by a department, and a record kind's spec: the building
blocks the intake specs (enterprises.intake_fields) are made of."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from core.dates import iso_day
from enterprises import gtin as gtins
from enterprises.models import CreditRecord


class FieldError(ValueError):
    """A value that cannot be accepted; the message is the reason shown to the sender."""


Parser = Callable[[Any], Any]
_MISSING = object()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(max_length: int) -> Parser:
    def parse(value: Any) -> str:
        if isinstance(value, (dict, list)):
            raise FieldError(_("must be text"))
        s = str(value).strip()
        if len(s) > max_length:
            raise FieldError(_("longer than %(n)d characters") % {"n": max_length})
        return s

    parse.max_length = max_length  # type: ignore[attr-defined]  # the compiled validator, the schema
    return parse


def date_value(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):  # a spreadsheet's date cell
        return value
    day = _day(value)
    if day > timezone.localdate():
        raise FieldError(_("is in the future"))
    return day


def future_date_value(value: Any) -> dt.date:
    """A date that may lie ahead (validity ends)."""
    if isinstance(value, dt.date):
        return value
    return _day(value)


def _day(value: Any) -> dt.date:
    day = iso_day(value)
    if day is None:
        raise FieldError(_("not a date in YYYY-MM-DD form"))
    return day


def choice(choices: type[models.TextChoices]) -> Parser:
    allowed = [c.value for c in choices if c.value]

    def parse(value: Any) -> str:
        s = str(value).strip()
        if s not in allowed:
            raise FieldError(_("must be one of: %(codes)s") % {"codes": ", ".join(allowed)})
        return s

    parse.choices = allowed  # type: ignore[attr-defined]  # read by the OpenAPI description
    return parse


_CODE = re.compile(r"[a-z][a-z0-9_]{0,31}")


def code(value: Any) -> str:
    """A short code (lower-case letters, digits and _); which codes are allowed is policy data,
    checked against the policy in force once per batch (`Field.codes`)."""
    s = str(value).strip()
    if not _CODE.fullmatch(s):
        raise FieldError(_("must be a short code (lower-case letters, digits and _, up to 32)"))
    return s


# Codes whose list is policy data of a floor above the credit file (the list policy's
# `violation_types`): that floor names its reader here at AppConfig.ready(), as it names its
# penalty-fall listener (enterprises.services.standing).
_code_sources: dict[str, Callable[[], Sequence[str]]] = {}


def codes_source(*, name: str, path: str) -> None:
    """Register the reader at dotted `path` of the allowed codes called `name`."""
    _code_sources[name] = import_string(path)


def allowed_codes(name: str) -> tuple[str, ...] | None:
    """The codes of the policy in force, or None when no floor has registered a reader."""
    source = _code_sources.get(name)
    return None if source is None else tuple(source())


_TRUE = {"true", "1", "yes", "y", "是"}
_FALSE = {"false", "0", "no", "n", "否"}


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    s = str(value).strip().lower()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise FieldError(_("must be true or false"))


def amount(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise FieldError(_("must be a number"))
    try:
        d = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise FieldError(_("must be a number")) from exc
    if not d.is_finite() or d < 0:
        raise FieldError(_("must be zero or more"))
    if d >= Decimal("1e12"):
        raise FieldError(_("is too large"))
    return d.quantize(Decimal("0.01"))


@dataclass(frozen=True)
class Field:
    parse: Parser
    required: bool = True
    default: Any = _MISSING
    codes: str = ""  # the name of a policy list the value must be in (`allowed_codes`)
    help: str = ""  # shown in the OpenAPI description

    @property
    def max_length(self) -> int | None:
        """The longest text the field takes (its parser's limit), for the OpenAPI description."""
        return getattr(self.parse, "max_length", None)


@dataclass(frozen=True)
class RecordSpec:
    """How one kind of record is read: its model, fields and cross-field rules."""

    kind: str
    model: type[CreditRecord]
    fields: Mapping[str, Field]
    check: Callable[[dict[str, Any]], list[tuple[str, str]]] = field(default=lambda v: [])

    def policy_codes(self) -> dict[str, tuple[str, ...]]:
        """The allowed codes of each policy-listed field, read once for a batch."""
        out = {}
        for name, spec in self.fields.items():
            if spec.codes and (codes := allowed_codes(spec.codes)) is not None:
                out[name] = codes
        return out

    def parse(
        self, raw: Mapping[str, Any], codes: Mapping[str, Sequence[str]] | None = None
    ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """Parse one item; return the clean values and (field, reason) errors. `codes` are
        the allowed values of policy-listed fields (`policy_codes`, read once per batch)."""
        codes = self.policy_codes() if codes is None else codes
        values: dict[str, Any] = {}
        errors: list[tuple[str, str]] = []
        for name, spec in self.fields.items():
            value = raw.get(name)
            if _blank(value):
                if spec.required:
                    errors.append((name, _("is required")))
                else:
                    values[name] = None if spec.default is _MISSING else spec.default
                continue
            try:
                values[name] = spec.parse(value)
            except FieldError as exc:
                errors.append((name, str(exc)))
                continue
            allowed = codes.get(name)
            if allowed is not None and values[name] not in allowed:
                errors.append(
                    (
                        name,
                        _("must be one of the policy's codes: %(codes)s")
                        % {"codes": ", ".join(allowed)},
                    )
                )
        if not errors:
            errors.extend(self.check(values))
        return values, errors


def gtin_value(value: Any) -> str:
    """A GTIN in its stored 14 digits; the reason names the failed check (length, digits, the
    expected check digit)."""
    error = gtins.gtin_error(str(value))
    if error is not None:
        raise FieldError(error.message)
    return gtins.canonical(str(value))


_LIST_SPLIT = re.compile(r"[,;，；、\s]+")


def text_list(max_items: int, max_length: int, item: Parser | None = None) -> Parser:
    """A list of short texts: a JSON list, or one text separated by commas (a CSV cell)."""

    def parse(value: Any) -> list[Any]:
        if isinstance(value, str):
            parts = [p for p in _LIST_SPLIT.split(value) if p]
        elif isinstance(value, list) and all(
            isinstance(p, str) or (isinstance(p, int) and not isinstance(p, bool)) for p in value
        ):
            parts = [str(p).strip() for p in value if str(p).strip()]
        else:
            raise FieldError(_("must be a list of texts"))
        if len(parts) > max_items:
            raise FieldError(_("at most %(n)d items") % {"n": max_items})
        out: list[Any] = []
        for i, p in enumerate(parts):
            if len(p) > max_length:
                raise FieldError(
                    _("item %(i)d is longer than %(n)d characters") % {"i": i + 1, "n": max_length}
                )
            try:
                parsed = item(p) if item else p
            except FieldError as exc:
                raise FieldError(_("item %(i)d: %(reason)s") % {"i": i + 1, "reason": exc}) from exc
            if parsed not in out:
                out.append(parsed)
        return out

    parse.many = True  # type: ignore[attr-defined]  # read by the OpenAPI description
    return parse
