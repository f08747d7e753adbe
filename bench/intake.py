"""Intake of 100,000 inspection records (batches of 1,000) through the service layer vs a raw
COPY of the same rows into the same table, in the same run.

At most 100,000 firms (BENCH_FIRMS if smaller): intake cost does not depend on the number of
firms beyond the index depth, and seeding a million firms here would only slow the bench.
"""

from __future__ import annotations

import datetime as dt
import io
import random

from bench.harness import FIRMS as BENCH_FIRMS
from bench.harness import Result, figures_record, timed

FIRMS = min(BENCH_FIRMS, 100_000)
RECORDS = min(100_000, max(10_000, 5 * FIRMS))  # CI's 2,000 firms: 10,000 records
BATCH = 1000


def run() -> list[Result]:
    from django.db import connection
    from django.utils import timezone

    from accounts.models import Department
    from demo.run import SeedCounts
    from demo.seed import demo_seed
    from enterprises.models import Enterprise, GradeRecomputeRequest, InspectionRecord
    from enterprises.services.intake import records_intake

    if Enterprise.objects.count() < FIRMS:
        demo_seed(
            counts=SeedCounts(
                enterprises=FIRMS, inspections=0, penalties=0, licences=0, honours=0, complaints=0
            ),
            seed=3,
        )
    # National: may write into every file, so any seeded firm will do.
    department = Department.objects.get(code="samr")
    codes = list(Enterprise.objects.values_list("uscc", "id")[:FIRMS])
    rng = random.Random(5)
    today = timezone.localdate()
    items = []
    for i in range(RECORDS):
        uscc, _eid = codes[i % len(codes)]
        failed = rng.random() < 0.07
        items.append(
            {
                "uscc": uscc,
                "source_ref": f"BENCH-{i}",
                "product": "电热水壶",
                "inspected_on": (today - dt.timedelta(days=rng.randint(0, 1500))).isoformat(),
                "level": "provincial",
                "result": "fail" if failed else "pass",
                "defect_severity": "general" if failed else "",
                "lab": "安徽省产品质量监督检验研究院",
            }
        )
    ids = dict(codes)
    table = InspectionRecord._meta.db_table
    history = InspectionRecord.history.model._meta.db_table

    outbox = GradeRecomputeRequest._meta.db_table

    def reset() -> None:
        # CASCADE: inspection plan targets reference the records (this is the bench's database).
        with connection.cursor() as cursor:
            cursor.execute(f'TRUNCATE "{table}", "{history}", "{outbox}" CASCADE')

    def copy() -> None:
        now = timezone.now().isoformat()
        buf = io.StringIO()
        for it in items:
            buf.write(
                "\t".join(
                    [
                        str(ids[it["uscc"]]),
                        str(department.pk),
                        it["source_ref"],
                        now,
                        now,
                        "sampling",
                        it["product"],
                        "",
                        it["inspected_on"],
                        it["level"],
                        it["result"],
                        it["defect_severity"],
                        it["lab"],
                    ]
                )
                + "\n"
            )
        buf.seek(0)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(
                f'COPY "{table}" (enterprise_id, source_department_id, source_ref, received_at, '
                "updated_at, kind, product, batch, inspected_on, level, result, "
                "defect_severity, lab) FROM STDIN",
                buf,
            )

    def service() -> None:
        for start in range(0, RECORDS, BATCH):
            records_intake(
                kind="inspections",
                department=department,
                items=items[start : start + BATCH],
                channel="bench",
            )

    copy_s = timed(copy, reset=reset)
    service_s = timed(service, reset=reset)
    reset()
    figures_record(
        intake_rows_per_s=round(RECORDS / service_s), intake_copy_rows_per_s=round(RECORDS / copy_s)
    )
    print(
        f"intake: {RECORDS / service_s:,.0f} rows/s via records_intake, "
        f"{RECORDS / copy_s:,.0f} rows/s plain COPY ({RECORDS:,} records, {FIRMS:,} firms)",
        flush=True,
    )
    return [
        Result(
            f"intake {RECORDS:,} records via records_intake",
            "raw COPY of the same rows",
            service_s,
            copy_s,
            target=0.5,
            note="(validation, upsert, history, audit, outbox; batches of 1,000)",
        )
    ]


if __name__ == "__main__":
    from bench.harness import run_main

    run_main(run, "intake")
