"""Field-by-field parsing of records sent by departments (API, CSV and XLSX share it)."""

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

from core.dates import iso_day
from enterprises.models import (
    Complaint,
    ComplaintStatus,
    CreditRecord,
    DefectSeverity,
    HonourKind,
    HonourRecord,
    InspectionKind,
    InspectionLevel,
    InspectionRecord,
    InspectionResult,
    LicenceRecord,
    LicenceStatus,
    PenaltyKind,
    PenaltyProcedure,
    PenaltyRecord,
    PenaltySector,
)


class FieldError(ValueError):
    """A value that cannot be accepted; the message is the reason shown to the sender."""


Parser = Callable[[Any], Any]
_MISSING = object()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(max_length: int) -> Parser:
    def parse(value: Any) -> str:
        if isinstance(value, (dict, list)):
            raise FieldError("must be text")
        s = str(value).strip()
        if len(s) > max_length:
            raise FieldError(f"longer than {max_length} characters")
        return s

    return parse


def date_value(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):  # a spreadsheet's date cell
        return value
    day = _day(value)
    if day > timezone.localdate():
        raise FieldError("is in the future")
    return day


def future_date_value(value: Any) -> dt.date:
    """A date that may lie ahead (validity ends)."""
    if isinstance(value, dt.date):
        return value
    return _day(value)


def _day(value: Any) -> dt.date:
    day = iso_day(value)
    if day is None:
        raise FieldError("not a date in YYYY-MM-DD form")
    return day


def choice(choices: type[models.TextChoices]) -> Parser:
    allowed = [c.value for c in choices if c.value]

    def parse(value: Any) -> str:
        s = str(value).strip()
        if s not in allowed:
            raise FieldError(f"must be one of: {', '.join(allowed)}")
        return s

    parse.choices = allowed  # type: ignore[attr-defined]  # read by the OpenAPI description
    return parse


_CODE = re.compile(r"[a-z][a-z0-9_]{0,31}")


def code(value: Any) -> str:
    """A short code (lower-case letters, digits and _); which codes are allowed is policy data,
    checked against the policy in force once per batch (`Field.codes`)."""
    s = str(value).strip()
    if not _CODE.fullmatch(s):
        raise FieldError("must be a short code (lower-case letters, digits and _, up to 32)")
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
    raise FieldError("must be true or false")


def amount(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise FieldError("must be a number")
    try:
        d = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise FieldError("must be a number") from exc
    if not d.is_finite() or d < 0:
        raise FieldError("must be zero or more")
    if d >= Decimal("1e12"):
        raise FieldError("is too large")
    return d.quantize(Decimal("0.01"))


@dataclass(frozen=True)
class Field:
    parse: Parser
    required: bool = True
    default: Any = _MISSING
    codes: str = ""  # the name of a policy list the value must be in (`allowed_codes`)
    help: str = ""  # shown in the OpenAPI description


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
                    errors.append((name, "is required"))
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
                errors.append((name, f"must be one of the policy's codes: {', '.join(allowed)}"))
        if not errors:
            errors.extend(self.check(values))
        return values, errors


def _inspection_check(v: dict[str, Any]) -> list[tuple[str, str]]:
    if v["result"] == InspectionResult.FAIL and not v["defect_severity"]:
        return [("defect_severity", "is required for a failed result (general or serious)")]
    if v["result"] == InspectionResult.PASS and v["defect_severity"]:
        return [("defect_severity", "must be empty for a passed result")]
    return []


def _penalty_check(v: dict[str, Any]) -> list[tuple[str, str]]:
    errors = []
    if v["kind"] == PenaltyKind.FINE and v["amount"] is None:
        errors.append(("amount", "is required for a fine"))
    if v["revoked"] and v["revoked_on"] is None:
        errors.append(("revoked_on", "is required when the decision is revoked"))
    if not v["revoked"] and v["revoked_on"] is not None:
        errors.append(("revoked_on", "must be empty unless the decision is revoked"))
    if v["revoked_on"] is not None and v["revoked_on"] < v["decided_on"]:
        errors.append(("revoked_on", "is before the decision date"))
    if v["published_on"] is not None and v["published_on"] < v["decided_on"]:
        errors.append(("published_on", "is before the decision date"))
    if v["restriction_ends_on"] is not None and v["restriction_ends_on"] <= v["decided_on"]:
        errors.append(("restriction_ends_on", "must be after the decision date"))
    return errors


def _validity_check(start: str) -> Callable[[dict[str, Any]], list[tuple[str, str]]]:
    def check(v: dict[str, Any]) -> list[tuple[str, str]]:
        if v["valid_until"] is not None and v["valid_until"] < v[start]:
            return [("valid_until", f"is before {start}")]
        return []

    return check


def _complaint_check(v: dict[str, Any]) -> list[tuple[str, str]]:
    if v["closed_on"] is not None and v["closed_on"] < v["received_on"]:
        return [("closed_on", "is before received_on")]
    return []


COMMON = {
    "uscc": Field(text(40)),
    "source_ref": Field(text(64)),
    "source_department": Field(text(32), required=False, default=""),
}

SPECS: dict[str, RecordSpec] = {
    "inspections": RecordSpec(
        kind="inspections",
        model=InspectionRecord,
        fields={
            **COMMON,
            "kind": Field(
                choice(InspectionKind),
                required=False,
                default=InspectionKind.SUPERVISORY_SAMPLING.value,
            ),
            "product": Field(text(200)),
            "batch": Field(text(64), required=False, default=""),
            "inspected_on": Field(date_value),
            "level": Field(choice(InspectionLevel)),
            "result": Field(choice(InspectionResult)),
            "defect_severity": Field(
                choice(DefectSeverity), required=False, default=DefectSeverity.NONE.value
            ),
            "lab": Field(text(200), required=False, default=""),
        },
        check=_inspection_check,
    ),
    "penalties": RecordSpec(
        kind="penalties",
        model=PenaltyRecord,
        fields={
            **COMMON,
            "decision_no": Field(text(100)),
            "decided_on": Field(date_value),
            "kind": Field(choice(PenaltyKind)),
            "aggravated": Field(boolean, required=False, default=False),
            "amount": Field(amount, required=False),
            "procedure": Field(
                choice(PenaltyProcedure), required=False, default=PenaltyProcedure.ORDINARY.value
            ),
            "legal_basis": Field(text(2000)),
            "facts": Field(text(4000), required=False, default=""),
            "revoked": Field(boolean, required=False, default=False),
            "revoked_on": Field(date_value, required=False),
            "published_on": Field(
                date_value,
                required=False,
                help="The day the decision was published (Order 45: every window counts from "
                "it); when absent, the decision date.",
            ),
            "sector": Field(
                choice(PenaltySector),
                required=False,
                default=PenaltySector.OTHER.value,
                help="The sector the decision concerns; food, drugs and special equipment wait "
                "longer before publicity may end early.",
            ),
            "violation_type": Field(
                code,
                required=False,
                default="",
                codes="violation_types",
                help="The type of violation: one of the codes of the list policy in force "
                "(`violation_types`).",
            ),
            "restriction_ends_on": Field(
                future_date_value,
                required=False,
                help="Where a restriction outlasts the publicity window, the day it ends; "
                "publicity lasts until then.",
            ),
        },
        check=_penalty_check,
    ),
    "licences": RecordSpec(
        kind="licences",
        model=LicenceRecord,
        fields={
            **COMMON,
            "licence_no": Field(text(100)),
            "title": Field(text(200)),
            "scope": Field(text(255), required=False, default=""),
            "issued_on": Field(date_value),
            "valid_until": Field(future_date_value, required=False),
            "status": Field(
                choice(LicenceStatus), required=False, default=LicenceStatus.VALID.value
            ),
        },
        check=_validity_check("issued_on"),
    ),
    "honours": RecordSpec(
        kind="honours",
        model=HonourRecord,
        fields={
            **COMMON,
            "kind": Field(choice(HonourKind)),
            "title": Field(text(200)),
            "level": Field(choice(InspectionLevel)),
            "awarded_on": Field(date_value),
            "valid_until": Field(future_date_value, required=False),
            "withdrawn": Field(boolean, required=False, default=False),
        },
        check=_validity_check("awarded_on"),
    ),
    "complaints": RecordSpec(
        kind="complaints",
        model=Complaint,
        fields={
            **COMMON,
            "received_on": Field(date_value),
            "is_quality_appeal": Field(boolean, required=False, default=False),
            "subject": Field(text(200)),
            "status": Field(
                choice(ComplaintStatus), required=False, default=ComplaintStatus.OPEN.value
            ),
            "closed_on": Field(date_value, required=False),
        },
        check=_complaint_check,
    ),
}
