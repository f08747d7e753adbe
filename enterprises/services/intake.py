"""Idempotent intake of credit-file records from departments.

Every channel (API, import command, console) calls `records_intake`. A batch is validated whole
before anything is written: one bad item and nothing of the batch is stored.

Validation tries the compiled validator first (enterprises.intake_compiled), which only ever
accepts a batch, and falls back to the field-by-field parser, which alone writes the errors.
On PostgreSQL the batch is written by COPY and one upsert (enterprises.services.intake_copy);
SQLite keeps the ORM path below, with the same results.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import covers
from core.actions import AuditAction
from core.audit import audit_record
from core.errors import DomainPermissionError, IntakeValidationError
from core.retry import transaction_retried
from enterprises.intake_compiled import records_parse_compiled
from enterprises.intake_fields import SPECS, RecordSpec
from enterprises.models import Enterprise, PenaltyRecord
from enterprises.rules import penalty_live_q
from enterprises.services.history import history_snapshot
from enterprises.services.intake_copy import records_write_copy
from enterprises.services.intake_result import CREATED, UNCHANGED, UPDATED, IntakeResult
from enterprises.services.outbox import grades_request
from enterprises.services.products import products_link_from_records
from enterprises.services.standing import FallCause, penalties_fell
from enterprises.uscc import normalise, uscc_error

if TYPE_CHECKING:
    from accounts.models import Department, User

__all__ = ["CREATED", "UNCHANGED", "UPDATED", "IntakeResult", "records_intake"]
_RECORD_ONLY = {"uscc", "source_ref", "source_department"}


def records_validate(
    *, spec: RecordSpec, department: Department, items: Sequence[Mapping[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Parse every item; return clean values (with enterprise_id) and errors by index/field."""
    policy_codes = spec.policy_codes()  # the policy's lists, read once for the batch
    fast = records_parse_compiled(
        spec=spec, items=items, codes=policy_codes, department=department.code
    )
    if fast is not None and _records_resolve(parsed=fast, department=department):
        return fast, []
    return _records_validate_by_field(
        spec=spec, department=department, items=items, policy_codes=policy_codes
    )


def _records_resolve(*, parsed: list[dict[str, Any]], department: Department) -> bool:
    """Give each compiled item its enterprise_id; False when any item would be refused (the
    field-by-field path then says why). A registered code passed its checks at registration,
    so a code found here needs no check-digit arithmetic (set-based validation)."""
    codes = {v["uscc"] for v in parsed}
    known = {
        code: (pk, region)
        for code, pk, region in Enterprise.objects.filter(uscc__in=codes).values_list(
            "uscc", "id", "region_id"
        )
    }
    if len(known) != len(codes):
        return False
    if len({v["source_ref"] for v in parsed}) != len(parsed):
        return False
    covered: dict[str, bool] = {}
    for values in parsed:
        region = known[values["uscc"]][1]
        if region not in covered:
            covered[region] = covers(department.jurisdiction, region)
        if not covered[region]:
            return False
    for values in parsed:
        values["enterprise_id"] = known[values["uscc"]][0]
    return True


def _records_validate_by_field(
    *,
    spec: RecordSpec,
    department: Department,
    items: Sequence[Mapping[str, Any]],
    policy_codes: dict[str, tuple[str, ...]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    errors: list[dict[str, Any]] = []
    parsed: list[dict[str, Any]] = []
    for index, raw in enumerate(items):
        if not isinstance(raw, Mapping):
            errors.append({"index": index, "field": None, "reason": _("must be an object")})
            parsed.append({})
            continue
        values, problems = spec.parse(raw, policy_codes)
        errors.extend({"index": index, "field": f, "reason": r} for f, r in problems)
        if "uscc" in values:
            code = normalise(values["uscc"])
            bad = uscc_error(code)
            if bad:
                errors.append({"index": index, "field": "uscc", "reason": bad.message})
            values["uscc"] = code
        sent_as = values.get("source_department")
        if sent_as and sent_as != department.code:
            raise DomainPermissionError(
                _("Item %(index)d: this token writes as department '%(code)s', not '%(sent)s'.")
                % {"index": index, "code": department.code, "sent": sent_as},
                code="wrong_department",
            )
        parsed.append(values)

    codes = {v["uscc"] for v in parsed if v.get("uscc")}
    known = {
        code: (pk, region)
        for code, pk, region in Enterprise.objects.filter(uscc__in=codes).values_list(
            "uscc", "id", "region_id"
        )
    }
    seen_refs: dict[str, int] = {}
    bad_indexes = {e["index"] for e in errors}
    for index, values in enumerate(parsed):
        if index in bad_indexes or not values:
            continue
        ref = values["source_ref"]
        if ref in seen_refs:
            errors.append(
                {
                    "index": index,
                    "field": "source_ref",
                    "reason": _("repeats item %(index)d of this batch") % {"index": seen_refs[ref]},
                }
            )
            continue
        seen_refs[ref] = index
        enterprise_id, region = known.get(values["uscc"], (None, ""))
        if enterprise_id is not None and not covers(department.jurisdiction, region):
            # A department writes only into files of its own jurisdiction (national: all).
            errors.append(
                {
                    "index": index,
                    "field": "uscc",
                    "reason": _("the firm is outside the jurisdiction of department '%(code)s'")
                    % {"code": department.code},
                }
            )
            continue
        if enterprise_id is None:
            errors.append(
                {
                    "index": index,
                    "field": "uscc",
                    "reason": _("no enterprise with this code is registered"),
                }
            )
            continue
        values["enterprise_id"] = enterprise_id
    errors.sort(key=lambda e: e["index"])
    return parsed, errors


def _write(
    *,
    spec: RecordSpec,
    department: Department,
    parsed: list[dict[str, Any]],
    actor: User | None,
    channel: str,
) -> IntakeResult:
    model = spec.model
    manager = model._default_manager
    fields = [name for name in spec.fields if name not in _RECORD_ONLY]
    refs = [v["source_ref"] for v in parsed]
    existing = {
        obj.source_ref: obj
        for obj in manager.filter(source_department=department, source_ref__in=refs)
    }
    reason = f"{channel}:{department.code}"
    now = timezone.now()
    result = IntakeResult(kind=spec.kind)
    new, changed, statuses = [], [], []
    for values in parsed:
        obj = existing.get(values["source_ref"])
        if obj is None:
            obj = model(
                source_department=department,
                source_ref=values["source_ref"],
                enterprise_id=values["enterprise_id"],
                **{f: values[f] for f in fields},
            )
            new.append(obj)
            statuses.append((obj, CREATED))
            result.enterprise_ids.add(values["enterprise_id"])
            continue
        diff = [f for f in fields if getattr(obj, f) != values[f]]
        if obj.enterprise_id != values["enterprise_id"]:
            # A department corrected which firm the record belongs to: both files change.
            result.enterprise_ids.add(obj.enterprise_id)
            diff.append("enterprise_id")
        if diff:
            for f in fields:
                setattr(obj, f, values[f])
            obj.enterprise_id = values["enterprise_id"]
            obj.updated_at = now
            changed.append(obj)
            statuses.append((obj, UPDATED))
            result.enterprise_ids.add(values["enterprise_id"])
        else:
            statuses.append((obj, UNCHANGED))
    user_id = actor.pk if actor is not None else None
    new.sort(key=lambda o: o.source_ref)
    changed.sort(key=lambda o: o.pk)
    if new:
        manager.bulk_create(new, batch_size=1000)
        history_snapshot(
            model=model,
            ids=[o.pk for o in new],
            history_type="+",
            reason=reason,
            user_id=user_id,
            when=now,
        )
    if changed:
        manager.bulk_update(changed, [*fields, "enterprise_id", "updated_at"], batch_size=1000)
        history_snapshot(
            model=model,
            ids=[o.pk for o in changed],
            history_type="~",
            reason=reason,
            user_id=user_id,
            when=now,
        )
    for obj, status in statuses:
        if status != UNCHANGED:
            result.triggers[obj.enterprise_id] = {
                "kind": spec.kind,
                "record_id": obj.pk,
                "source_ref": obj.source_ref,
                "department": department.code,
            }
    for eid in result.enterprise_ids - result.triggers.keys():  # a record moved away from it
        result.triggers[eid] = {"kind": spec.kind, "department": department.code}
    result.items = [
        {"index": i, "source_ref": obj.source_ref, "id": obj.pk, "status": status}
        for i, (obj, status) in enumerate(statuses)
    ]
    return result


def records_intake(
    *,
    kind: str,
    department: Department,
    items: Sequence[Mapping[str, Any]],
    actor: User | None = None,
    channel: str = "api",
) -> IntakeResult:
    """Validate and upsert a batch on (source_department, source_ref); all or nothing."""
    spec = SPECS[kind]
    parsed, errors = records_validate(spec=spec, department=department, items=items)
    if errors:
        raise IntakeValidationError(errors)
    # Concurrent batches over the same firms or refs: rows are written in key order (so they
    # lock in one global order), and a batch that still lost a race is retried whole.
    return transaction_retried(
        lambda: _records_store(
            spec=spec, department=department, parsed=parsed, actor=actor, channel=channel
        )
    )


@transaction.atomic
def _records_store(
    *,
    spec: RecordSpec,
    department: Department,
    parsed: list[dict[str, Any]],
    actor: User | None,
    channel: str,
) -> IntakeResult:
    if connection.vendor == "postgresql":
        result = records_write_copy(
            spec=spec,
            department=department,
            parsed=parsed,
            fields=[name for name in spec.fields if name not in _RECORD_ONLY],
            actor=actor,
            channel=channel,
            now=timezone.now(),
        )
    else:
        result = _write(
            spec=spec, department=department, parsed=parsed, actor=actor, channel=channel
        )
    created, updated = result.count(CREATED), result.count(UPDATED)
    if created or updated:
        audit_record(
            actor=actor,
            department=department,
            action=AuditAction.received(spec.kind),
            enterprise=None,
            data={
                "channel": channel,
                "created": created,
                "updated": updated,
                "unchanged": result.count(UNCHANGED),
                "enterprises": sorted(result.enterprise_ids)[:1000],
            },
        )
        if spec.model is PenaltyRecord and updated:
            _penalties_fall(result=result, department=department, actor=actor, channel=channel)
        # A GTIN first seen on a written record joins the firm's file, unconfirmed.
        products_link_from_records(
            kind=spec.kind,
            record_ids=[i["id"] for i in result.items if i["status"] != UNCHANGED],
            channel=channel,
        )
        grades_request(triggers=result.triggers)
    return result


def _penalties_fall(
    *, result: IntakeResult, department: Department, actor: User | None, channel: str
) -> None:
    """A resend that revoked a penalty: what rests on it ends in this transaction."""
    updated = [item["id"] for item in result.items if item["status"] == UPDATED]
    # Already revoked penalties resent with other changes fall again; listeners are idempotent.
    fallen = PenaltyRecord.objects.filter(pk__in=updated).exclude(penalty_live_q())
    penalties_fell(
        penalty_ids=fallen.values_list("pk", flat=True),
        cause=FallCause.REVOKED,
        actor=actor,
        department=department,
        source=f"{channel}:{department.code}",
    )
