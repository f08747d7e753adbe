"""seed_demo: valid firms in real regions with records, the same for the same seed."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from disclosure.search import search_enterprises, search_query_clean
from enterprises.models import (
    Enterprise,
    InspectionRecord,
    LicenceRecord,
    PenaltyRecord,
    QualityAccidentRecord,
    UnlicensedProductionRecord,
)
from enterprises.rules import penalty_live
from enterprises.services.regions import regions_load
from enterprises.uscc import is_valid_uscc
from lists.models import BlacklistEntry, ListPolicy
from lists.rules import ListRules
from ratings.models import GradingPolicy

pytestmark = pytest.mark.django_db


def policies_v1() -> None:
    """What the migrations write and a flush removes: version 1 of each policy."""
    GradingPolicy.objects.create(version=1, note="defaults", is_active=True)
    ListPolicy.objects.create(version=1, rules=asdict(ListRules()), note="defaults", is_active=True)


def seed(seed: int) -> list[tuple[str, str, str]]:
    call_command("seed_demo", "--enterprises", "300", "--seed", str(seed), "--today", "2026-11-26")
    return list(Enterprise.objects.order_by("id").values_list("uscc", "name", "region_id"))


def test_it_seeds_valid_firms_in_real_regions_with_records(capsys: Any) -> None:
    firms = seed(7)
    assert len(firms) == 300
    assert all(is_valid_uscc(code) for code, _n, _r in firms)
    assert len({code for code, _n, _r in firms}) == 300
    assert all(code[2:8] == region for code, _n, region in firms)
    assert sum(region.startswith("3408") for _c, _n, region in firms) > 90
    inspections = InspectionRecord.objects.count()
    assert 3 * 300 < inspections < 8 * 300
    assert 0 < PenaltyRecord.objects.count() < 300
    assert not InspectionRecord.objects.filter(inspected_on__gt=dt.date(2026, 11, 26)).exists()
    assert "rows/s" in capsys.readouterr().out
    # Some firms carry the rarer C triggers, and every ended licence says when it ended.
    assert 0 < UnlicensedProductionRecord.objects.count() < 300 // 20
    assert 0 < QualityAccidentRecord.objects.count() < 300 // 20
    ended = LicenceRecord.objects.filter(status__in=["revoked", "cancelled"])
    assert not ended.filter(revoked_on__isnull=True).exists()
    assert not ended.filter(revoked_on__gt=dt.date(2026, 11, 26)).exists()
    # 谁处罚谁列入: every demo listing rests on a live penalty its own department decided.
    entries = BlacklistEntry.objects.select_related("penalty")
    assert all(
        e.penalty is not None
        and e.penalty.source_department_id == e.department_id
        and penalty_live(e.penalty)
        for e in entries
    )


def test_the_same_seed_gives_the_same_firms_and_records() -> None:
    first = seed(7)
    first_records = list(
        InspectionRecord.objects.order_by("id").values_list(
            "source_ref", "product", "inspected_on", "result"
        )
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # TRUNCATE refuses pending deferred FK checks
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", "--no-input", verbosity=0)
    regions_load()
    policies_v1()
    # Ids continue after the deleted rows, so codes differ; names and places repeat exactly.
    assert [f[1:] for f in seed(7)] == [f[1:] for f in first]
    again = list(
        InspectionRecord.objects.order_by("id").values_list("product", "inspected_on", "result")
    )
    assert again == [r[1:] for r in first_records]


def test_a_different_seed_gives_other_firms() -> None:
    first = seed(7)
    second = seed(8)[300:]
    assert [n for _c, n, _r in first] != [n for _c, n, _r in second]


def test_if_empty_leaves_existing_data(capsys: Any) -> None:
    seed(1)
    call_command("seed_demo", "--enterprises", "10", "--if-empty")
    assert Enterprise.objects.count() == 300
    assert "left as it is" in capsys.readouterr().out


def test_records_come_from_market_regulators_at_their_level_soon_after_their_date() -> None:
    from demo.departments import MARKET_REGULATORS

    seed(11)
    inspections = list(
        InspectionRecord.objects.select_related("source_department").only(
            "level",
            "inspected_on",
            "received_at",
            "source_department__code",
            "source_department__jurisdiction",
        )
    )
    assert inspections
    level_of = {0: "national", 2: "provincial", 4: "municipal", 6: "county"}
    for record in inspections:
        department = record.source_department
        assert department.code in MARKET_REGULATORS  # no health bureau samples stoves
        assert record.level == level_of[len(department.jurisdiction)]
        received = timezone.localtime(record.received_at).date()
        assert record.inspected_on < received <= record.inspected_on + dt.timedelta(days=7) or (
            received == timezone.localdate()
        )
    senders = set(PenaltyRecord.objects.values_list("source_department__code", flat=True))
    assert senders <= MARKET_REGULATORS


def test_a_fresh_seed_has_a_firm_found_by_every_typed_form() -> None:
    firms = seed(7)
    assert firms[0][1] == "华为技术有限公司"
    assert len(firms) == 300
    for q in ("华为", "華為", "huawei", "hw", firms[0][0][8:17]):
        page = search_enterprises(q=search_query_clean(q), base=Enterprise.objects.all())
        assert "华为技术有限公司" in [f.name for f in page.items], q
