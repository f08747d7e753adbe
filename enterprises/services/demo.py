"""Deterministic demo data: firms with valid codes in real regions, and their records.

PostgreSQL loads through COPY; other databases through executemany. History rows are not
written for a bulk seed; one audit entry records the load instead.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Max, Model
from django.utils import timezone

from accounts.models import Department
from core.audit import audit_record
from enterprises import demo_data as d
from enterprises.models import (
    Complaint,
    Enterprise,
    HonourRecord,
    InspectionRecord,
    IntegrityCommitment,
    LicenceRecord,
    PenaltyRecord,
    QualityReport,
    Region,
    RegionLevel,
)
from enterprises.uscc import ALPHABET, make_uscc

DEMO_DEPARTMENTS = (
    # code, name, jurisdiction, parent code
    ("samr", "国家市场监督管理总局", "", None),
    ("ah-amr", "安徽省市场监督管理局", "34", "samr"),
    ("aq-amr", "安庆市市场监督管理局", "3408", "ah-amr"),
    ("aq-yj-amr", "安庆市迎江区市场监督管理局", "340802", "aq-amr"),
    ("aq-health", "安庆市卫生健康委员会", "3408", None),
    ("aq-housing", "安庆市住房和城乡建设局", "3408", None),
    ("gd-amr", "广东省市场监督管理局", "44", "samr"),
    ("sz-amr", "深圳市市场监督管理局", "4403", "gd-amr"),
)
# Where demo firms are: most in Anqing (the seed's city) and Guangdong, the rest nationwide.
FOCUS = (("3408", 0.45), ("44", 0.25))
ORG_SPACE = 31**6  # six free characters after "MA" in the organisation code
ORG_STRIDE = 550_004_933  # coprime with 31**6, so index -> code is a bijection that looks random


@dataclass(frozen=True)
class SeedCounts:
    enterprises: int
    inspections: float = 5.0  # per firm, the proportions of issue 4's benchmark
    penalties: float = 0.5
    licences: float = 0.4
    honours: float = 0.03
    complaints: float = 0.1
    commitments: float = 0.1  # share of firms
    reports: float = 0.05


def _org_code(index: int) -> str:
    n = (index * ORG_STRIDE) % ORG_SPACE
    chars = []
    for _ in range(6):
        n, r = divmod(n, 31)
        chars.append(ALPHABET[r])
    return "MA" + "".join(chars)


def _weighted(rng: random.Random, pairs: Sequence[tuple[Any, int]]) -> Any:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _short_city(region: Region) -> str:
    city = region.parent if region.parent and region.parent.name not in ("市辖区", "县") else None
    base = city or (region.parent.parent if region.parent else region)
    name = base.name if base else region.name
    for suffix in (
        "特别行政区",
        "自治州",
        "地区",
        "盟",
        "市",
        "省",
        "自治区",
        "壮族",
        "回族",
        "维吾尔",
    ):
        name = name.removesuffix(suffix)
    return name[:4] or region.name[:2]


def departments_ensure() -> dict[str, Department]:
    """Create the demo departments that are missing; return all by code."""
    by_code = {dep.code: dep for dep in Department.objects.all()}
    for code, name, jurisdiction, parent in DEMO_DEPARTMENTS:
        if code not in by_code:
            by_code[code] = Department.objects.create(
                code=code,
                name=name,
                jurisdiction=jurisdiction,
                parent=by_code.get(parent) if parent else None,
            )
    return by_code


class _Writer:
    """Streams rows into a table: COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self, model: type[Model], columns: Sequence[str]) -> None:
        self.table = model._meta.db_table
        self.columns = list(columns)
        self.rows = 0

    def write(self, rows: Iterable[Sequence[Any]], chunk: int = 50_000) -> None:
        batch: list[Sequence[Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= chunk:
                self._flush(batch)
                batch = []
        if batch:
            self._flush(batch)

    def _flush(self, batch: list[Sequence[Any]]) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                buf = io.StringIO()
                buf.writelines("\t".join(map(_copy_value, row)) + "\n" for row in batch)
                buf.seek(0)
                cols = ", ".join(f'"{c}"' for c in self.columns)
                cursor.cursor.copy_expert(f'COPY "{self.table}" ({cols}) FROM STDIN', buf)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                cols = ", ".join(f'"{c}"' for c in self.columns)
                cursor.executemany(
                    f'INSERT INTO "{self.table}" ({cols}) VALUES ({marks})',  # noqa: S608
                    [tuple(_sql_value(v) for v in row) for row in batch],
                )
        self.rows += len(batch)


def _copy_value(v: Any) -> str:
    # PostgreSQL's COPY text format reads True/False as booleans; \N is NULL.
    return r"\N" if v is None else str(v)


def _sql_value(v: Any) -> Any:
    if isinstance(v, dt.datetime | dt.date):
        return v.isoformat()
    return v


def _record_counts(rng: random.Random, mean: float) -> int:
    """A geometric count with the given mean: most firms have few records, some have many."""
    if mean <= 0:
        return 0
    p = 1 / (mean + 1)
    return int(math.log(1 - rng.random()) / math.log(1 - p))


def demo_seed(
    *,
    counts: SeedCounts,
    seed: int = 1,
    today: dt.date | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> dict[str, float]:
    """Seed firms and records; return rows written per table and rows/s."""
    today = today or timezone.localdate()
    rng = random.Random(seed)
    started = time.perf_counter()
    now = timezone.now()
    deps = departments_ensure()
    senders = [(dep.jurisdiction, dep.pk) for dep in deps.values()]
    counties = list(
        Region.objects.filter(level=RegionLevel.COUNTY).select_related("parent__parent")
    )
    focus = [([r for r in counties if r.code.startswith(prefix)], share) for prefix, share in FOCUS]
    start_id = (Enterprise.objects.aggregate(m=Max("id"))["m"] or 0) + 1

    def pick_region() -> Region:
        x = rng.random()
        for pool, share in focus:
            if x < share and pool:
                return rng.choice(pool)
            x -= share
        return rng.choice(counties)

    firms: list[tuple[int, str, str, str]] = []  # id, region code, business index, city

    def enterprise_rows() -> Iterator[tuple[Any, ...]]:
        for i in range(counts.enterprises):
            eid = start_id + i
            region = pick_region()
            b = rng.randrange(len(d.BUSINESSES))
            section, word, risk, _products = d.BUSINESSES[b]
            city = _short_city(region)
            trade = rng.choice(d.TRADE_CHARS) + rng.choice(d.TRADE_CHARS)
            name = f"{city}{trade}{word}{_weighted(rng, d.SUFFIXES)}"
            former = []
            if rng.random() < 0.05:
                former = [f"{city}{rng.choice(d.TRADE_CHARS)}{rng.choice(d.TRADE_CHARS)}{word}厂"]
            rep = rng.choice(d.SURNAMES) + "".join(rng.choices(d.GIVEN, k=rng.randint(1, 2)))
            uscc = make_uscc(
                department="9", entity_type="1", region=region.code, org8=_org_code(eid)
            )
            # Records reach back 6 years, so every demo firm is older than that.
            established = today - dt.timedelta(days=rng.randint(6 * 365 + 30, 30 * 365))
            address = f"{region.name}{rng.choice(d.STREETS)}{rng.randint(1, 999)}号"
            firms.append((eid, region.code, str(b), city))
            yield (
                eid,
                uscc,
                name,
                json.dumps(former, ensure_ascii=False),
                rep,
                region.code,
                address,
                section,
                risk,
                established,
                "active",
                now,
                now,
            )

    by_region: dict[str, list[int]] = {}

    def sender(region_code: str) -> int:
        pool = by_region.get(region_code)
        if pool is None:
            pool = by_region[region_code] = [
                pk for prefix, pk in senders if region_code.startswith(prefix)
            ]
        return rng.choice(pool)

    def day_within(years: float) -> dt.date:
        return today - dt.timedelta(days=rng.randint(0, int(365 * years)))

    def inspection_rows() -> Iterator[tuple[Any, ...]]:
        for eid, region_code, b, _city in firms:
            products = d.BUSINESSES[int(b)][3]
            for k in range(_record_counts(rng, counts.inspections)):
                failed = rng.random() < 0.07
                severity = ("serious" if rng.random() < 0.25 else "general") if failed else ""
                inspected = day_within(5)
                produced = inspected - dt.timedelta(days=rng.randint(1, 180))
                yield (
                    eid,
                    sender(region_code),
                    f"INS-{eid}-{k}",
                    now,
                    now,
                    "random" if rng.random() < 0.4 else "sampling",
                    rng.choice(products),
                    produced.strftime("%Y%m%d"),  # batches are named by production date
                    inspected,
                    _weighted(
                        rng, (("national", 1), ("provincial", 3), ("municipal", 4), ("county", 2))
                    ),
                    "fail" if failed else "pass",
                    severity,
                    rng.choice(d.LABS),
                )

    def penalty_rows() -> Iterator[tuple[Any, ...]]:
        for eid, region_code, _b, city in firms:
            for k in range(_record_counts(rng, counts.penalties)):
                kind = _weighted(rng, d.PENALTY_KINDS)
                amount = None
                if kind in ("fine", "confiscation", "suspension", "licence_revoked"):
                    amount = round(min(1_000_000, rng.lognormvariate(9.5, 1.2)), 2)
                decided = day_within(5)
                revoked = rng.random() < 0.01
                yield (
                    eid,
                    sender(region_code),
                    f"PEN-{eid}-{k}",
                    now,
                    now,
                    f"{city}市监处罚〔{decided.year}〕{rng.randint(1, 999)}号",
                    decided,
                    kind,
                    rng.random() < 0.05,
                    amount,
                    "ordinary" if rng.random() < 0.9 else "simplified",
                    rng.choice(d.LEGAL_BASES),
                    rng.choice(d.FACTS),
                    revoked,
                    min(today, decided + dt.timedelta(days=30)) if revoked else None,
                )

    def licence_rows() -> Iterator[tuple[Any, ...]]:
        for eid, region_code, _b, _city in firms:
            for k in range(_record_counts(rng, counts.licences)):
                title, prefix = rng.choice(d.LICENCES)
                issued = day_within(6)
                status = _weighted(
                    rng, (("valid", 95), ("suspended", 2), ("revoked", 1), ("cancelled", 2))
                )
                yield (
                    eid,
                    sender(region_code),
                    f"LIC-{eid}-{k}",
                    now,
                    now,
                    f"{prefix}{region_code}{rng.randint(10**6, 10**7 - 1)}",
                    title,
                    "",
                    issued,
                    issued + dt.timedelta(days=5 * 365),
                    status,
                )

    honoured: set[int] = set()

    def honour_rows() -> Iterator[tuple[Any, ...]]:
        for eid, region_code, _b, city in firms:
            for k in range(_record_counts(rng, counts.honours)):
                honoured.add(eid)
                kind, title = rng.choice(d.HONOURS)
                level = _weighted(rng, (("provincial", 3), ("municipal", 5), ("national", 1)))
                awarded = day_within(4)
                yield (
                    eid,
                    sender(region_code),
                    f"HON-{eid}-{k}",
                    now,
                    now,
                    kind,
                    f"{city}{title}",
                    level,
                    awarded,
                    awarded + dt.timedelta(days=3 * 365),
                    False,
                )

    def complaint_rows() -> Iterator[tuple[Any, ...]]:
        for eid, region_code, _b, _city in firms:
            for k in range(_record_counts(rng, counts.complaints)):
                received = day_within(3)
                status = _weighted(
                    rng, (("open", 2), ("upheld", 2), ("rejected", 3), ("mediated", 3))
                )
                closed = None if status == "open" else min(today, received + dt.timedelta(days=15))
                subject = rng.choice(d.COMPLAINT_SUBJECTS)
                yield (
                    eid,
                    sender(region_code),
                    f"CMP-{eid}-{k}",
                    now,
                    now,
                    received,
                    subject == "质量申诉",
                    subject,
                    status,
                    closed,
                )

    def commitment_rows() -> Iterator[tuple[Any, ...]]:
        # Honoured firms sign and report more often (the seeds: 317 commitments, 151 reports).
        for eid, _region, _b, _city in firms:
            if rng.random() < (0.5 if eid in honoured else counts.commitments):
                signed = today - dt.timedelta(days=rng.randint(0, 400))
                signer = rng.choice(d.SURNAMES) + "".join(rng.choices(d.GIVEN, k=2))
                at = dt.datetime(signed.year, signed.month, signed.day, 2, tzinfo=dt.UTC)
                yield (eid, "2026-1", signer, at, signed + dt.timedelta(days=365), None)

    sections = json.dumps(d.REPORT_SECTIONS, ensure_ascii=False)

    def report_rows() -> Iterator[tuple[Any, ...]]:
        for eid, _region, _b, _city in firms:
            if rng.random() < (0.5 if eid in honoured else counts.reports):
                published = today - dt.timedelta(days=rng.randint(0, 500))
                yield (eid, published.year - 1, "published", published, sections, "", now)

    common = ["enterprise_id", "source_department_id", "source_ref", "received_at", "updated_at"]
    plan: list[tuple[type[Model], list[str], Callable[[], Iterator[tuple[Any, ...]]]]] = [
        (
            Enterprise,
            [
                "id",
                "uscc",
                "name",
                "former_names",
                "legal_representative",
                "region_id",
                "address",
                "industry",
                "product_risk",
                "established_on",
                "status",
                "created_at",
                "updated_at",
            ],
            enterprise_rows,
        ),
        (
            InspectionRecord,
            [
                *common,
                "kind",
                "product",
                "batch",
                "inspected_on",
                "level",
                "result",
                "defect_severity",
                "lab",
            ],
            inspection_rows,
        ),
        (
            PenaltyRecord,
            [
                *common,
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
            ],
            penalty_rows,
        ),
        (
            LicenceRecord,
            [*common, "licence_no", "title", "scope", "issued_on", "valid_until", "status"],
            licence_rows,
        ),
        (
            HonourRecord,
            [*common, "kind", "title", "level", "awarded_on", "valid_until", "withdrawn"],
            honour_rows,
        ),
        (
            Complaint,
            [*common, "received_on", "is_quality_appeal", "subject", "status", "closed_on"],
            complaint_rows,
        ),
    ]
    plan += [
        (
            IntegrityCommitment,
            [
                "enterprise_id",
                "text_version",
                "signatory",
                "signed_at",
                "valid_until",
                "withdrawn_at",
            ],
            commitment_rows,
        ),
        (
            QualityReport,
            [
                "enterprise_id",
                "year",
                "status",
                "published_on",
                "sections",
                "review_comment",
                "updated_at",
            ],
            report_rows,
        ),
    ]
    written: dict[str, float] = {}
    with transaction.atomic():
        for model, columns, rows in plan:
            writer = _Writer(model, columns)
            writer.write(rows())
            written[model._meta.model_name] = writer.rows  # type: ignore[assignment]
            if progress:
                progress(model._meta.verbose_name_plural, writer.rows)  # type: ignore[arg-type]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                    "(SELECT MAX(id) FROM enterprises_enterprise))",
                    ["enterprises_enterprise"],
                )
                for model, _c, _r in plan[1:]:
                    cursor.execute(f'ANALYZE "{model._meta.db_table}"')
                cursor.execute('ANALYZE "enterprises_enterprise"')
        # The public search index is derived data; one set-based rebuild after the load.
        from disclosure.search_index import search_index_rebuild
        from lists.demo import demo_lists_seed

        search_index_rebuild()
        lists = demo_lists_seed(today=today, seed=seed)
        if progress:
            for what, rows in lists.items():
                progress(what, rows)
        audit_record(
            actor=None,
            action="demo.seeded",
            enterprise=None,
            data={"seed": seed, "today": today.isoformat(), **written},
        )
    elapsed = time.perf_counter() - started
    written["seconds"] = round(elapsed, 2)
    written["rows_per_second"] = round(
        sum(v for k, v in written.items() if k != "seconds") / max(elapsed, 1e-9)
    )
    return written
