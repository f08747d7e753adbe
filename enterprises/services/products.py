"""Declaring and correcting a firm's products and GS1 company prefixes; every write audited."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core.actions import AuditAction
from core.audit import audit_record
from enterprises import gtin as gtins
from enterprises.models import (
    CompanyPrefix,
    Enterprise,
    InspectionRecord,
    Product,
    ProductCategory,
    ProductRisk,
    RecallRecord,
)

if TYPE_CHECKING:
    from accounts.models import User

# What a declaration or a regulator's correction may set; the GTIN and the maker stay.
CORRECTABLE = frozenset({"name", "brand", "standard", "product_risk", "category", "confirmed"})


def _text(value: str, *, field: str, max_length: int, required: bool) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError({field: _("This field is required.")})
    if len(text) > max_length:
        raise ValidationError({field: _("At most %(n)d characters.") % {"n": max_length}})
    return text


def _risk(value: str) -> str:
    if value not in ProductRisk.values:
        raise ValidationError({"product_risk": _("Choose a product risk category.")})
    return value


def _category(value: str) -> str:
    if value not in ProductCategory.values:
        raise ValidationError({"category": _("Choose a product category.")})
    return value


def _covering_prefix(*, enterprise: Enterprise, gtin: str) -> str | None:
    for prefix in CompanyPrefix.objects.filter(enterprise=enterprise).values_list(
        "prefix", flat=True
    ):
        if gtins.within_prefix(gtin, prefix):
            return prefix
    return None


@transaction.atomic
def company_prefix_declare(
    *, actor: User | None, enterprise: Enterprise, prefix: str, channel: str = "selfservice"
) -> CompanyPrefix:
    """Record a GS1 company prefix the firm holds; refused if malformed, or if it is, contains
    or lies inside another firm's prefix (GS1 issues each number range to one holder)."""
    problem = gtins.prefix_error(prefix)
    if problem:
        raise ValidationError({"prefix": problem})
    prefix = gtins.compact(prefix)
    existing = CompanyPrefix.objects.filter(prefix=prefix).first()
    if existing is not None and existing.enterprise_id == enterprise.pk:
        return existing  # declared twice: nothing new
    # A prefix overlapping another holder's: either starts the other.
    others = CompanyPrefix.objects.exclude(enterprise=enterprise)
    heads = [prefix[:n] for n in range(gtins.PREFIX_MIN, len(prefix) + 1)]
    overlap = others.filter(Q(prefix__in=heads) | Q(prefix__startswith=prefix)).exists()
    if overlap:
        raise ValidationError(
            {
                "prefix": _("The company prefix %(p)s overlaps one held by another enterprise.")
                % {"p": prefix}
            }
        )
    declared = CompanyPrefix.objects.create(enterprise=enterprise, prefix=prefix)
    audit_record(
        actor=actor,
        action=AuditAction.COMPANY_PREFIX_DECLARED,
        enterprise=enterprise,
        data={"channel": channel, "prefix": prefix},
    )
    return declared


@transaction.atomic
def product_declare(
    *,
    actor: User | None,
    enterprise: Enterprise,
    gtin: str,
    name: str,
    brand: str = "",
    standard: str = "",
    product_risk: str = ProductRisk.UNKNOWN,
    category: str = ProductCategory.UNKNOWN,
    channel: str = "selfservice",
) -> Product:
    """Declare a product of the firm, confirmed. The GTIN must be valid and numbered under one
    of the firm's declared company prefixes; a GTIN already linked to the firm unconfirmed
    (from an inspection) is taken over and confirmed; another firm's GTIN is refused."""
    code = canonical_or_error(gtin)
    fields = {
        "name": _text(name, field="name", max_length=200, required=True),
        "brand": _text(brand, field="brand", max_length=100, required=False),
        "standard": _text(standard, field="standard", max_length=100, required=False),
        "product_risk": _risk(product_risk),
        "category": _category(category),
    }
    prefix = _covering_prefix(enterprise=enterprise, gtin=code)
    if prefix is None:
        raise ValidationError(
            {
                "gtin": _(
                    "%(gtin)s is not numbered under any company prefix your enterprise has "
                    "declared; declare the prefix (厂商识别代码) first."
                )
                % {"gtin": gtins.display(code)}
            }
        )
    product = Product.objects.select_for_update().filter(gtin=code).first()
    if product is not None and product.enterprise_id != enterprise.pk:
        raise ValidationError(
            {
                "gtin": _("%(gtin)s is already a product of another enterprise.")
                % {"gtin": gtins.display(code)}
            }
        )
    before = _snapshot(product) if product else None
    if product is None:
        product = Product(gtin=code, enterprise=enterprise)
    for field, value in fields.items():
        setattr(product, field, value)
    product.confirmed = True
    product._history_user = actor  # type: ignore[attr-defined]  # who, in the field history
    product.save()
    audit_record(
        actor=actor,
        action=AuditAction.PRODUCT_DECLARED,
        enterprise=enterprise,
        data={
            "channel": channel,
            "gtin": code,
            "prefix": prefix,
            "before": before,
            "after": _snapshot(product),
        },
    )
    return product


@transaction.atomic
def product_correct(
    *,
    actor: User | None,
    product: Product,
    changes: Mapping[str, Any],
    channel: str = "console",
) -> Product:
    """A regulator corrects a product's data (not its GTIN or maker); unchanged data writes
    nothing."""
    unknown = sorted(set(changes) - CORRECTABLE)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(f)s.") % {"f": ", ".join(unknown)}
        )
    row = Product.objects.select_for_update().get(pk=product.pk)
    clean: dict[str, Any] = {}
    for field, value in changes.items():
        if field == "confirmed":
            clean[field] = bool(value)
        elif field == "product_risk":
            clean[field] = _risk(value)
        elif field == "category":
            clean[field] = _category(value)
        else:
            limit = 200 if field == "name" else 100
            clean[field] = _text(value, field=field, max_length=limit, required=field == "name")
    diff = {f: [getattr(row, f), v] for f, v in sorted(clean.items()) if getattr(row, f) != v}
    if not diff:
        return row
    for field, (_old, new) in diff.items():
        setattr(row, field, new)
    row._history_user = actor  # type: ignore[attr-defined]
    row.save()
    audit_record(
        actor=actor,
        action=AuditAction.PRODUCT_CORRECTED,
        enterprise=row.enterprise,
        data={"channel": channel, "gtin": row.gtin, "changed": diff},
    )
    return row


@transaction.atomic
def products_link_unconfirmed(
    *, actor: User | None, links: Mapping[str, tuple[int, str]], channel: str
) -> int:
    """Link GTINs the portal does not know yet, each to the firm a record names (gtin ->
    (enterprise id, product name)), unconfirmed; known GTINs are left as they are. Returns
    how many were linked."""
    known = set(Product.objects.filter(gtin__in=list(links)).values_list("gtin", flat=True))
    new = [
        Product(gtin=code, enterprise_id=eid, name=name[:200], confirmed=False)
        for code, (eid, name) in sorted(links.items())
        if code not in known
    ]
    # A concurrent batch linking the same GTIN first wins; ours then changes nothing.
    Product.objects.bulk_create(new, ignore_conflicts=True)
    for product in new:
        audit_record(
            actor=actor,
            action=AuditAction.PRODUCT_LINKED,
            enterprise=Enterprise(pk=product.enterprise_id),
            data={"channel": channel, "gtin": product.gtin, "name": product.name},
        )
    return len(new)


# Record kinds (intake spec names) that name products by GTIN.
PRODUCT_RECORD_KINDS = frozenset({"inspections", "recalls"})


def products_link_from_records(*, kind: str, record_ids: Iterable[int], channel: str) -> int:
    """Link every GTIN the given inspections or recalls (the records a batch just wrote) name
    but the portal does not know yet, each to the firm the record is about, unconfirmed; run
    in the writer's transaction. Returns how many were linked."""
    ids = sorted(set(record_ids))
    if not ids or kind not in PRODUCT_RECORD_KINDS:
        return 0
    links: dict[str, tuple[int, str]] = {}
    if kind == "inspections":
        for code, eid, name in (
            InspectionRecord.objects.filter(pk__in=ids)
            .exclude(gtin="")
            .exclude(gtin__in=Product.objects.values("gtin"))
            .order_by("inspected_on", "pk")
            .values_list("gtin", "enterprise_id", "product")
        ):
            links.setdefault(code, (eid, name))
    else:
        for codes, eid, name in (
            RecallRecord.objects.filter(pk__in=ids)
            .exclude(gtins=[])
            .order_by("recalled_on", "pk")
            .values_list("gtins", "enterprise_id", "product")
        ):
            for code in codes:
                links.setdefault(code, (eid, name or code))
    if not links:
        return 0
    return products_link_unconfirmed(actor=None, links=links, channel=channel)


def canonical_or_error(gtin: str) -> str:
    """The stored form of a GTIN, or a ValidationError on the `gtin` field naming the check."""
    try:
        return gtins.canonical(gtin)
    except ValidationError as exc:
        raise ValidationError({"gtin": exc.messages}) from exc


def _snapshot(product: Product) -> dict[str, Any]:
    return {f: getattr(product, f) for f in sorted(CORRECTABLE)}
