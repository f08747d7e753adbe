"""Rows of the demo credit-file records, commitments and reports, in plausible proportions.

Each generator walks the firms written before it (run.firms) and draws from run.rng; the
tables are written in the order of RECORD_TABLES, which keeps a seed's output the same.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.db.models import Model

from demo import words as w
from demo.run import SeedRun
from enterprises.models import (
    Complaint,
    HonourRecord,
    InspectionRecord,
    IntegrityCommitment,
    LicenceRecord,
    PenaltyRecord,
    QualityAccidentRecord,
    QualityReport,
    UnlicensedProductionRecord,
)

Rows = Iterator[tuple[Any, ...]]
COMMON = ("enterprise_id", "source_department_id", "source_ref", "received_at", "updated_at")
FINED_KINDS = ("fine", "confiscation", "suspension", "licence_revoked")
LICENCE_STATUSES = (("valid", 95), ("suspended", 2), ("revoked", 1), ("cancelled", 2))
HONOUR_LEVELS = (("provincial", 3), ("municipal", 5), ("national", 1))
COMPLAINT_STATUSES = (("open", 2), ("upheld", 2), ("rejected", 3), ("mediated", 3))
# Rare C triggers: about 1 firm in 100 found producing without a licence, 1 in 150 with a
# quality-safety accident, most of them general ones.
UNLICENSED_SHARE = 1 / 100
ACCIDENT_SHARE = 1 / 150
ACCIDENT_SEVERITIES = (("general", 12), ("larger", 3), ("major", 1))
ACCIDENTS = ("产品起火致人受伤", "压力容器爆裂", "食用后多人出现不适", "部件断裂致人受伤")


def inspection_rows(run: SeedRun) -> Rows:
    rng = run.rng
    for firm in run.firms:
        products = w.BUSINESSES[firm.business][3]
        for k in range(run.record_count(run.counts.inspections)):
            failed = rng.random() < 0.07
            severity = ("serious" if rng.random() < 0.25 else "general") if failed else ""
            inspected = run.day_within(5)
            produced = inspected - dt.timedelta(days=rng.randint(1, 180))
            sender, level = run.sender_with_level(firm.region_code)
            received = run.received(inspected)
            yield (
                firm.id,
                sender,
                f"INS-{firm.id}-{k}",
                received,
                received,
                "random" if rng.random() < 0.4 else "sampling",
                rng.choice(products),
                produced.strftime("%Y%m%d"),  # batches are named by production date
                inspected,
                level,
                "fail" if failed else "pass",
                severity,
                rng.choice(w.LABS),
            )


def penalty_rows(run: SeedRun) -> Rows:
    rng = run.rng
    for firm in run.firms:
        for k in range(run.record_count(run.counts.penalties)):
            kind = run.weighted(w.PENALTY_KINDS)
            amount = None
            if kind in FINED_KINDS:
                amount = round(min(1_000_000, rng.lognormvariate(9.5, 1.2)), 2)
            decided = run.day_within(5)
            revoked = rng.random() < 0.01
            received = run.received(decided)
            yield (
                firm.id,
                run.sender(firm.region_code),
                f"PEN-{firm.id}-{k}",
                received,
                received,
                f"{firm.city}市监处罚〔{decided.year}〕{rng.randint(1, 999)}号",
                decided,
                kind,
                rng.random() < 0.05,
                amount,
                "ordinary" if rng.random() < 0.9 else "simplified",
                rng.choice(w.LEGAL_BASES),
                rng.choice(w.FACTS),
                revoked,
                min(run.today, decided + dt.timedelta(days=30)) if revoked else None,
            )


def licence_rows(run: SeedRun) -> Rows:
    rng = run.rng
    for firm in run.firms:
        for k in range(run.record_count(run.counts.licences)):
            title, prefix = rng.choice(w.LICENCES)
            issued = run.day_within(6)
            status = run.weighted(LICENCE_STATUSES)
            # Ended licences end some months after issue; no extra draw, so a seed's later
            # tables stay as they were.
            ended = min(run.today, issued + dt.timedelta(days=90 + (firm.id * 37 + k) % 900))
            received = run.received(issued)
            # An ended licence was sent again when it ended.
            updated = run.received(ended) if status in ("revoked", "cancelled") else received
            yield (
                firm.id,
                run.sender(firm.region_code),
                f"LIC-{firm.id}-{k}",
                received,
                max(received, updated),
                f"{prefix}{firm.region_code}{rng.randint(10**6, 10**7 - 1)}",
                title,
                "",
                issued,
                issued + dt.timedelta(days=5 * 365),
                status,
                ended if status in ("revoked", "cancelled") else None,
            )


def honour_rows(run: SeedRun) -> Rows:
    rng = run.rng
    for firm in run.firms:
        for k in range(run.record_count(run.counts.honours)):
            run.honoured.add(firm.id)
            kind, title = rng.choice(w.HONOURS)
            level = run.weighted(HONOUR_LEVELS)
            awarded = run.day_within(4)
            received = run.received(awarded)
            yield (
                firm.id,
                run.sender(firm.region_code),
                f"HON-{firm.id}-{k}",
                received,
                received,
                kind,
                f"{firm.city}{title}",
                level,
                awarded,
                awarded + dt.timedelta(days=3 * 365),
                False,
            )


def complaint_rows(run: SeedRun) -> Rows:
    rng = run.rng
    for firm in run.firms:
        for k in range(run.record_count(run.counts.complaints)):
            received = run.day_within(3)
            status = run.weighted(COMPLAINT_STATUSES)
            closed = None if status == "open" else min(run.today, received + dt.timedelta(days=15))
            subject = rng.choice(w.COMPLAINT_SUBJECTS)
            sent = run.received(received)
            yield (
                firm.id,
                run.sender(firm.region_code),
                f"CMP-{firm.id}-{k}",
                sent,
                sent,
                received,
                subject == "质量申诉",
                subject,
                status,
                closed,
            )


def unlicensed_rows(run: SeedRun) -> Rows:
    rng = run.rng
    for firm in run.firms:
        if rng.random() >= UNLICENSED_SHARE:
            continue
        title, _prefix = rng.choice(w.LICENCES)
        found = run.day_within(4)
        received = run.received(found)
        yield (
            firm.id,
            run.sender(firm.region_code),
            f"UNL-{firm.id}",
            received,
            received,
            found,
            rng.choice(w.BUSINESSES[firm.business][3]),
            title,
            f"{firm.city}市监案〔{run.today.year}〕{rng.randint(1, 999)}号",
            "",
        )


def accident_rows(run: SeedRun) -> Rows:
    rng = run.rng
    for firm in run.firms:
        if rng.random() >= ACCIDENT_SHARE:
            continue
        happened = run.day_within(4)
        received = run.received(happened)
        yield (
            firm.id,
            run.sender(firm.region_code),
            f"ACC-{firm.id}",
            received,
            received,
            happened,
            rng.choice(w.BUSINESSES[firm.business][3]),
            run.weighted(ACCIDENT_SEVERITIES),
            rng.choice(ACCIDENTS),
        )


def commitment_rows(run: SeedRun) -> Rows:
    # Honoured firms sign and report more often (the seeds: 317 commitments, 151 reports).
    rng = run.rng
    for firm in run.firms:
        if rng.random() < (0.5 if firm.id in run.honoured else run.counts.commitments):
            signed = run.today - dt.timedelta(days=rng.randint(0, 400))
            signer = rng.choice(w.SURNAMES) + "".join(rng.choices(w.GIVEN, k=2))
            at = dt.datetime(signed.year, signed.month, signed.day, 2, tzinfo=dt.UTC)
            yield (firm.id, "2026-1", signer, at, signed + dt.timedelta(days=365), None)


def report_rows(run: SeedRun) -> Rows:
    rng = run.rng
    sections = json.dumps(w.REPORT_SECTIONS, ensure_ascii=False)
    for firm in run.firms:
        if rng.random() < (0.5 if firm.id in run.honoured else run.counts.reports):
            published = run.today - dt.timedelta(days=rng.randint(0, 500))
            yield (firm.id, published.year - 1, "published", published, sections, "", run.now)


RECORD_TABLES: tuple[tuple[type[Model], Sequence[str], Callable[[SeedRun], Rows]], ...] = (
    (
        InspectionRecord,
        (
            *COMMON,
            "kind",
            "product",
            "batch",
            "inspected_on",
            "level",
            "result",
            "defect_severity",
            "lab",
        ),
        inspection_rows,
    ),
    (
        PenaltyRecord,
        (
            *COMMON,
            "decision_no",
            "decided_on",
            "kind",
            "aggravated",
            "amount",
            "procedure",
            "legal_basis",
            "facts",
            "revoked",
            "revoked_on",
        ),
        penalty_rows,
    ),
    (
        LicenceRecord,
        (
            *COMMON,
            "licence_no",
            "title",
            "scope",
            "issued_on",
            "valid_until",
            "status",
            "revoked_on",
        ),
        licence_rows,
    ),
    (
        HonourRecord,
        (*COMMON, "kind", "title", "level", "awarded_on", "valid_until", "withdrawn"),
        honour_rows,
    ),
    (
        Complaint,
        (*COMMON, "received_on", "is_quality_appeal", "subject", "status", "closed_on"),
        complaint_rows,
    ),
    (
        IntegrityCommitment,
        ("enterprise_id", "text_version", "signatory", "signed_at", "valid_until", "withdrawn_at"),
        commitment_rows,
    ),
    (
        QualityReport,
        (
            "enterprise_id",
            "year",
            "status",
            "published_on",
            "sections",
            "review_comment",
            "updated_at",
        ),
        report_rows,
    ),
    # Last, so the tables before them draw what they drew before these existed.
    (
        UnlicensedProductionRecord,
        (*COMMON, "found_on", "product", "licence_required", "case_no", "facts"),
        unlicensed_rows,
    ),
    (
        QualityAccidentRecord,
        (*COMMON, "occurred_on", "product", "severity", "summary"),
        accident_rows,
    ),
)
