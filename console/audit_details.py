"""An audit entry in words: its action by the registry's label, its data as label: value pairs.

The data of an entry is JSON written by the service that acted (core.audit.audit_record), so its
keys are short English identifiers and some values are stored codes (a ground, a status, a
channel). The console shows neither as stored: each key has a label here, and a value that is a
code of a known choice is shown by that choice's label. tests/console/test_audit_details.py
reads every `audit_record(data={...})` of the portal and fails on a key without a label.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from accounts.models import RegulatorRole, UserKind
from core.actions import AuditAction
from core.models import AuditEntry
from dueprocess.models import RepairTarget
from enterprises.intake_fields import SPECS
from enterprises.models import (
    Enterprise,
    InspectionResult,
    Product,
    ProductCategory,
    ProductRisk,
)
from lists.models import AbnormalGround, AbnormalRemovalReason, EntryStatus
from sharing.models import DeliveryStatus, EventType

# Every key any service writes into an audit entry's data.
DATA_LABELS: dict[str, Promise] = {
    "abnormal_listing": gettext_lazy("abnormal-operations listing"),
    "admin": gettext_lazy("firm administrator"),
    "after": gettext_lazy("after"),
    "application": gettext_lazy("credit-repair application"),
    "as_admin": gettext_lazy("as firm administrator"),
    "before": gettext_lazy("before"),
    "changed": gettext_lazy("changed"),
    "channel": gettext_lazy("channel"),
    "classes": gettext_lazy("classes drawn"),
    "comment": gettext_lazy("comment"),
    "commitment": gettext_lazy("commitment"),
    "created": gettext_lazy("records created"),
    "decision_no": gettext_lazy("decision number"),
    "delivery": gettext_lazy("delivery"),
    "department": gettext_lazy("department"),
    "device": gettext_lazy("authenticator"),
    "drawn": gettext_lazy("firms drawn"),
    "ended": gettext_lazy("penalties leaving public view"),
    "enterprises": gettext_lazy("enterprises"),
    "entry": gettext_lazy("blacklist entry"),
    "events": gettext_lazy("events"),
    "expires_on": gettext_lazy("expires on"),
    "failures": gettext_lazy("failed deliveries"),
    "from": gettext_lazy("from"),
    "grade": gettext_lazy("grade"),
    "ground": gettext_lazy("ground"),
    "gtin": gettext_lazy("barcode number (GTIN)"),
    "hearing_requested": gettext_lazy("hearing requested"),
    "held_on": gettext_lazy("held on"),
    "inspections": gettext_lazy("samplings"),
    "interview": gettext_lazy("interview"),
    "invitation": gettext_lazy("invitation"),
    "jurisdiction": gettext_lazy("jurisdiction"),
    "kind": gettext_lazy("kind"),
    "lab": gettext_lazy("laboratory"),
    # Not a penalty's basis (the catalogue's "legal basis"): the article a step rests on.
    "legal_basis": pgettext_lazy("audit data", "legal basis"),
    "listing": gettext_lazy("abnormal-operations listing"),
    "name": gettext_lazy("name"),
    "note": gettext_lazy("why this version"),
    "objection": gettext_lazy("objection"),
    "override": gettext_lazy("grade override"),
    "penalty": gettext_lazy("penalty"),
    "plan": gettext_lazy("inspection plan"),
    "product_category": gettext_lazy("product category"),
    "pool": gettext_lazy("firms in the pool"),
    "prefix": gettext_lazy("company prefix"),
    "proposal_possible_from": gettext_lazy("blacklist proposal possible from"),
    "reason": gettext_lazy("reason"),
    "record": gettext_lazy("record"),
    "region": gettext_lazy("region"),
    "removal_due": gettext_lazy("removal due"),
    "replaced": gettext_lazy("replaces an earlier statement"),
    "report": gettext_lazy("quality-credit report"),
    "result": gettext_lazy("result"),
    "role": gettext_lazy("role"),
    "rows_per_second": gettext_lazy("rows per second"),
    "seconds": gettext_lazy("seconds"),
    "seed": gettext_lazy("seed"),
    "signatory": gettext_lazy("signed by"),
    "started": gettext_lazy("penalties entering public view"),
    "statement": gettext_lazy("statement"),
    "status": gettext_lazy("status"),
    "subscription": gettext_lazy("subscription"),
    "target": gettext_lazy("what is repaired"),
    "tested_on": gettext_lazy("tested on"),
    "three_years_on": gettext_lazy("three years listed on"),
    "through": gettext_lazy("through"),
    "today": gettext_lazy("as of"),
    "token": gettext_lazy("token"),
    "unchanged": gettext_lazy("records unchanged"),
    "updated": gettext_lazy("records updated"),
    "url": gettext_lazy("URL"),
    "user": gettext_lazy("user"),
    "username": gettext_lazy("user name"),
    "uscc": gettext_lazy("unified social credit code"),
    "version": gettext_lazy("version"),
}

# Where a record of intake, the console, a firm or a job came from (the `channel` argument).
CHANNELS: dict[str, Promise] = {
    "admin": gettext_lazy("administration site"),
    "api": gettext_lazy("department API"),
    "bench": gettext_lazy("benchmark"),
    "console": gettext_lazy("regulator console"),
    "demo": gettext_lazy("demonstration data"),
    "firm": gettext_lazy("enterprise pages"),
    "import": gettext_lazy("file import"),
    "lists": gettext_lazy("list procedure"),
    "objection": gettext_lazy("objection decision"),
    "plan": gettext_lazy("inspection plan result"),
    "selfservice": gettext_lazy("enterprise pages"),
}

YES, NO = gettext_lazy("yes"), gettext_lazy("no")


def _choices(*classes: type[models.TextChoices]) -> dict[str, str]:
    # The labels stay lazy (the stubs type them as str): read in the page's language.
    return {c.value: c.label for cls in classes for c in cls if c.value}


# The codes a key's value may be; a value that is no such code (a reason written in words) is
# shown as written.
VALUE_LABELS: dict[str, Mapping[str, Any]] = {
    "channel": CHANNELS,
    "events": _choices(EventType),
    "from": _choices(EntryStatus),
    "ground": _choices(AbnormalGround),
    "kind": _choices(UserKind),
    "reason": _choices(AbnormalRemovalReason),
    "result": _choices(InspectionResult),
    "role": _choices(RegulatorRole),
    "status": _choices(DeliveryStatus),
    "target": _choices(RepairTarget),
    "product_risk": _choices(ProductRisk),
    "product_category": _choices(ProductCategory),
}

# Values that are names or identifiers as typed (a user name, a token's name, a code, a web
# address): shown as they are, in no language of the page's.
VERBATIM_KEYS = frozenset({"user", "username", "token", "uscc", "gtin", "prefix", "url", "name"})

# The model whose fields an action's `changed`, `before` and `after` name.
_CHANGED_MODEL: dict[str, type[models.Model]] = {
    AuditAction.ENTERPRISE_UPDATED: Enterprise,
    AuditAction.PRODUCT_DECLARED: Product,
    AuditAction.PRODUCT_CORRECTED: Product,
}


def audit_action_label(code: str) -> str:
    """The action in words; a code the registry no longer holds as stored."""
    try:
        return str(AuditAction(code).label)
    except ValueError:
        return code


def _key_label(key: str, model: type[models.Model] | None) -> str:
    if model is not None:
        try:
            field = model._meta.get_field(key)
        except FieldDoesNotExist:
            field = None
        if field is not None and hasattr(field, "verbose_name"):
            return str(field.verbose_name)
    if key in DATA_LABELS:
        return str(DATA_LABELS[key])
    # The demonstration load counts rows per table, keyed by the model's name.
    for candidate in apps.get_models():
        if candidate._meta.model_name == key:
            return str(candidate._meta.verbose_name_plural)
    return key


def _value(value: Any, *, key: str, model: type[models.Model] | None) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(YES if value else NO)
    if isinstance(value, dict):
        return _joined(
            _pair(_key_label(k, model), _value(v, key=k, model=model)) for k, v in value.items()
        )
    if isinstance(value, list):
        if key == "enterprises":
            return str(len(value))
        if key == "classes":
            return _joined(_stratum(row) for row in value)
        return ", ".join(_value(v, key=key, model=model) for v in value)
    if isinstance(value, str):
        known = VALUE_LABELS.get(key, {})
        if value in known:
            return str(known[value])
        if key == "record" and ":" in value:
            kind, _sep, pk = value.partition(":")
            if kind in SPECS:
                return f"{SPECS[kind].model._meta.verbose_name} #{pk}"
    return str(value)


def _pair(label: str, value: str) -> str:
    # Django's forms end a label with gettext(":"), full-width in Chinese (credit_portal.language).
    colon = _(":")
    return f"{label}{colon} {value}" if colon == ":" else f"{label}{colon}{value}"


def _joined(parts: Iterable[str]) -> str:
    return _("; ").join(parts)


def _change(pair: Any, *, key: str, model: type[models.Model] | None) -> str:
    if isinstance(pair, list) and len(pair) == 2:
        return " → ".join(_value(v, key=key, model=model) for v in pair)
    return _value(pair, key=key, model=model)


def _stratum(row: Any) -> str:
    """One class of a drawn plan: [grade, risk, pool size, ratio, drawn]."""
    if not (isinstance(row, list) and len(row) == 5):
        return str(row)
    grade, risk, pool, ratio, drawn = row
    return _("%(grade)s/%(risk)s: %(drawn)s of %(pool)s (%(ratio)s)") % {
        "grade": grade,
        "risk": risk,
        "drawn": drawn,
        "pool": pool,
        # 0.025 reads 2.5%, 0.05 reads 5%: as the policy wrote it.
        "ratio": f"{float(ratio) * 100:g}%" if isinstance(ratio, (int, float)) else ratio,
    }


def audit_details(entry: AuditEntry) -> list[tuple[str, str]]:
    """The entry's data as (label, value) pairs, in the order written."""
    data = entry.data if isinstance(entry.data, dict) else {"": entry.data}
    model = _CHANGED_MODEL.get(entry.action)
    out = []
    for key, value in data.items():
        nested = model if key in ("changed", "before", "after") else None
        if key == "changed" and isinstance(value, dict):
            # {field: [old, new]}
            shown = _joined(
                _pair(_key_label(k, nested), _change(v, key=k, model=nested))
                for k, v in value.items()
            )
        else:
            shown = _value(value, key=key, model=nested)
        if key in VERBATIM_KEYS:
            shown = format_html('<span translate="no">{}</span>', shown)
        out.append((_key_label(key, None), shown))
    return out
