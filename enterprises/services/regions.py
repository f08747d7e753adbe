"""Loading GB/T 2260 regions from the shipped data file."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.db import transaction

from enterprises.models import Region

REGIONS_CSV = Path(__file__).resolve().parent.parent / "data" / "regions.csv"
_LEVEL_ORDER = {"province": 0, "city": 1, "county": 2}


@transaction.atomic
def regions_load(*, path: Path = REGIONS_CSV, model: Any = Region) -> int:
    """Insert the regions of the CSV that are missing; return how many were added.

    `model` lets a data migration pass its historical Region model.
    """
    with path.open(encoding="utf-8", newline="") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: (_LEVEL_ORDER[r["level"]], r["code"]))
    known = set(model.objects.values_list("code", flat=True))
    missing = [
        model(code=r["code"], name=r["name"], level=r["level"], parent_id=r["parent_code"] or None)
        for r in rows
        if r["code"] not in known
    ]
    # Parents sort first (province, city, county), so each batch's parents already exist.
    model.objects.bulk_create(missing, batch_size=1000)
    return len(missing)
