"""Registering a firm's credit file and correcting its registration data.

These are the only writers of Enterprise rows outside bulk demo loads (which rebuild the
index in one statement afterwards): each keeps the firm's name index in the same
transaction, so public search never shows a name the file no longer has.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from core.actions import AuditAction
from core.audit import audit_record
from enterprises.models import Enterprise, EnterpriseStatus, ProductRisk
from enterprises.services.outbox import credit_file_changed
from enterprises.services.search_terms import search_index_update

if TYPE_CHECKING:
    from accounts.models import User

# What a regulator may correct; the rest (ids, timestamps) is the portal's own.
UPDATABLE = frozenset(
    {
        "uscc",
        "name",
        "former_names",
        "legal_representative",
        "region",
        "address",
        "industry",
        "product_risk",
        "established_on",
        "status",
    }
)
_NAMES = frozenset({"name", "former_names"})
# The grade's supervision frequency reads the product risk (ratings.services.recompute).
_GRADED = frozenset({"product_risk"})


def _plain(value: Any) -> Any:
    """A JSON-safe form of a field value for the audit log."""
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _save(enterprise: Enterprise, actor: User | None) -> None:
    enterprise._history_user = actor  # type: ignore[attr-defined]  # who, in the field history
    enterprise.save()


@transaction.atomic
def enterprise_register(
    *,
    actor: User | None,
    uscc: str,
    name: str,
    legal_representative: str,
    region_id: str,
    industry: str,
    product_risk: str = ProductRisk.UNKNOWN,
    former_names: list[str] | None = None,
    address: str = "",
    established_on: dt.date | None = None,
    status: str = EnterpriseStatus.ACTIVE,
    channel: str = "admin",
) -> Enterprise:
    """Open a firm's credit file and index its names; ValidationError if the data is bad."""
    enterprise = Enterprise(
        uscc=uscc,
        name=name.strip(),
        former_names=list(former_names or []),
        legal_representative=legal_representative.strip(),
        region_id=region_id,
        address=address.strip(),
        industry=industry,
        product_risk=product_risk,
        established_on=established_on,
        status=status,
    )
    enterprise.full_clean()  # the code's check digit, choices, a code already on file
    _save(enterprise, actor)
    search_index_update(enterprise_ids=[enterprise.pk])
    audit_record(
        actor=actor,
        action=AuditAction.ENTERPRISE_REGISTERED,
        enterprise=enterprise,
        data={
            "channel": channel,
            "uscc": enterprise.uscc,
            "name": enterprise.name,
            "region": region_id,
        },
    )
    return enterprise


@transaction.atomic
def enterprise_update(
    *,
    actor: User | None,
    enterprise: Enterprise,
    changes: Mapping[str, Any],
    channel: str = "admin",
) -> Enterprise:
    """Correct registration data; the name index follows a change of name, the grade a change
    of product risk. Returns the saved firm (unchanged data writes nothing)."""
    unknown = sorted(set(changes) - UPDATABLE)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(f)s.") % {"f": ", ".join(unknown)}
        )
    firm = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    # Compared by column (region_id, not the region), so nothing is read to compare.
    column = {f: Enterprise._meta.get_field(f).attname for f in changes}  # type: ignore[union-attr]  # only concrete fields are updatable
    before = {f: _plain(getattr(firm, column[f])) for f in changes}
    for field, value in changes.items():
        attr = field if isinstance(value, Model) else column[field]
        setattr(firm, attr, value.strip() if isinstance(value, str) else value)
    firm.full_clean()  # also normalises the code, so a lower-case copy is no change
    diff = {
        f: [before[f], _plain(getattr(firm, column[f]))]
        for f in sorted(changes)
        if _plain(getattr(firm, column[f])) != before[f]
    }
    if not diff:
        return firm
    _save(firm, actor)
    if diff.keys() & _NAMES:
        search_index_update(enterprise_ids=[firm.pk])
    if diff.keys() & _GRADED:
        credit_file_changed(enterprise_ids=[firm.pk], kind="enterprise", channel=channel)
    audit_record(
        actor=actor,
        action=AuditAction.ENTERPRISE_UPDATED,
        enterprise=firm,
        data={"channel": channel, "changed": diff},
    )
    return firm
