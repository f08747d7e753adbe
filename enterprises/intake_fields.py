"""Field-by-field parsing of records sent by departments (API, CSV and XLSX share it): the
spec of each record kind, built from the parsers of enterprises.intake_parsers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from enterprises.intake_parsers import (
    Field,
    FieldError,
    RecordSpec,
    allowed_codes,
    amount,
    boolean,
    choice,
    code,
    codes_source,
    date_value,
    future_date_value,
    gtin_value,
    text,
    text_list,
)
from enterprises.models import (
    AccidentSeverity,
    Complaint,
    ComplaintStatus,
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
    QualityAccidentRecord,
    RecallMode,
    RecallRecord,
    RecallStatus,
    UnlicensedProductionRecord,
)

# Re-exported: the API's schema, the list floor's code reader and tests read them from here.
__all__ = [
    "SPECS",
    "Field",
    "FieldError",
    "RecordSpec",
    "allowed_codes",
    "boolean",
    "codes_source",
    "date_value",
    "future_date_value",
]


def _inspection_check(v: dict[str, Any]) -> list[tuple[str, str]]:
    if v["result"] == InspectionResult.FAIL and not v["defect_severity"]:
        return [("defect_severity", _("is required for a failed result (general or serious)"))]
    if v["result"] == InspectionResult.PASS and v["defect_severity"]:
        return [("defect_severity", _("must be empty for a passed result"))]
    return []


def _penalty_check(v: dict[str, Any]) -> list[tuple[str, str]]:
    errors = []
    if v["kind"] == PenaltyKind.FINE and v["amount"] is None:
        errors.append(("amount", _("is required for a fine")))
    if v["revoked"] and v["revoked_on"] is None:
        errors.append(("revoked_on", _("is required when the decision is revoked")))
    if not v["revoked"] and v["revoked_on"] is not None:
        errors.append(("revoked_on", _("must be empty unless the decision is revoked")))
    if v["revoked_on"] is not None and v["revoked_on"] < v["decided_on"]:
        errors.append(("revoked_on", _("is before the decision date")))
    if v["published_on"] is not None and v["published_on"] < v["decided_on"]:
        errors.append(("published_on", _("is before the decision date")))
    if v["restriction_ends_on"] is not None and v["restriction_ends_on"] <= v["decided_on"]:
        errors.append(("restriction_ends_on", _("must be after the decision date")))
    return errors


def _recall_check(v: dict[str, Any]) -> list[tuple[str, str]]:
    if not v["gtins"] and not v["product"]:
        return [("gtins", _("give the recalled products' GTINs or a product description"))]
    return []


def _validity_check(start: str) -> Callable[[dict[str, Any]], list[tuple[str, str]]]:
    def check(v: dict[str, Any]) -> list[tuple[str, str]]:
        if v["valid_until"] is not None and v["valid_until"] < v[start]:
            return [("valid_until", _("is before %(field)s") % {"field": start})]
        return []

    return check


# Statuses that end a licence on a day (吊销/撤销 revoked, 注销 cancelled): only they carry it.
_ENDED = (LicenceStatus.REVOKED, LicenceStatus.CANCELLED)


def _licence_check(v: dict[str, Any]) -> list[tuple[str, str]]:
    errors = _validity_check("issued_on")(v)
    if v["status"] in _ENDED and v["revoked_on"] is None:
        errors.append(("revoked_on", _("is required when the licence is revoked or cancelled")))
    if v["status"] not in _ENDED and v["revoked_on"] is not None:
        errors.append(("revoked_on", _("must be empty unless the licence is revoked or cancelled")))
    if v["revoked_on"] is not None and v["revoked_on"] < v["issued_on"]:
        errors.append(("revoked_on", _("is before %(field)s") % {"field": "issued_on"}))
    return errors


def _complaint_check(v: dict[str, Any]) -> list[tuple[str, str]]:
    if v["closed_on"] is not None and v["closed_on"] < v["received_on"]:
        return [("closed_on", _("is before %(field)s") % {"field": "received_on"})]
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
            "gtin": Field(
                gtin_value,
                required=False,
                default="",
                help="The product's barcode number (GTIN-8, UPC-A, EAN-13 or GTIN-14), check "
                "digit included; a GTIN the portal does not know yet is linked to the "
                "inspected firm as an unconfirmed product.",
            ),
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
            "revoked_on": Field(
                date_value,
                required=False,
                help="The day the licence was revoked (吊销/撤销) or cancelled (注销); required "
                "with status revoked or cancelled, empty otherwise. A revocation within the "
                "grading policy's C window makes the grade C.",
            ),
        },
        check=_licence_check,
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
    "unlicensed": RecordSpec(
        kind="unlicensed",
        model=UnlicensedProductionRecord,
        fields={
            **COMMON,
            "found_on": Field(
                date_value,
                help="The day the production without a required licence (无证生产) was found; "
                "the grading policy's window counts from it.",
            ),
            "product": Field(text(200)),
            "licence_required": Field(
                text(200), required=False, default="", help="The licence the production needed."
            ),
            "case_no": Field(text(100), required=False, default=""),
            "facts": Field(text(4000), required=False, default=""),
        },
    ),
    "accidents": RecordSpec(
        kind="accidents",
        model=QualityAccidentRecord,
        fields={
            **COMMON,
            "occurred_on": Field(
                date_value,
                help="The day the quality-safety accident (质量安全事故) happened; the grading "
                "policy's window counts from it.",
            ),
            "product": Field(text(200), required=False, default=""),
            "severity": Field(choice(AccidentSeverity)),
            "summary": Field(text(4000)),
        },
    ),
    "recalls": RecordSpec(
        kind="recalls",
        model=RecallRecord,
        fields={
            **COMMON,
            "gtins": Field(
                text_list(20, 20, gtin_value),
                required=False,
                default=[],
                help="The recalled products' barcode numbers (GTINs), a list or one text "
                "separated by commas; give these, a product description, or both.",
            ),
            "product": Field(text(200), required=False, default=""),
            "batches": Field(
                text_list(20, 64),
                required=False,
                default=[],
                help="The recalled batches, a list or one text separated by commas.",
            ),
            "recalled_on": Field(
                date_value,
                help="The day the recall (缺陷产品召回) started; an ordered recall's grading "
                "window counts from it.",
            ),
            "reason": Field(text(4000)),
            "mode": Field(choice(RecallMode), help="voluntary (主动召回) or ordered (责令召回)."),
            "status": Field(
                choice(RecallStatus), required=False, default=RecallStatus.ONGOING.value
            ),
        },
        check=_recall_check,
    ),
}
