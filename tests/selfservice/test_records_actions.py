"""The firm's records page offers an objection only where one can be raised: a failed
result inside its window; never a passed result, and a closed window is said so."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone, translation

from enterprises.models import InspectionRecord
from lists.rules import list_rules
from tests.factories import InspectionFactory
from tests.selfservice.conftest import client_for

pytestmark = pytest.mark.django_db


def _received(record: InspectionRecord, days_ago: int) -> None:
    InspectionRecord.objects.filter(pk=record.pk).update(
        received_at=timezone.now() - dt.timedelta(days=days_ago)
    )


def test_only_a_failed_result_in_its_window_offers_an_objection(
    firm_a: Any, admin_a: Any
) -> None:
    window = list_rules().objection_window_days
    passed = InspectionFactory(enterprise=firm_a, result="pass", product="合格的产品")
    open_ = InspectionFactory(enterprise=firm_a, result="fail", product="窗口内")
    closed = InspectionFactory(enterprise=firm_a, result="fail", product="窗口已过")
    _received(open_, 1)
    _received(closed, window + 2)
    with translation.override("zh-hans"):
        page = client_for(admin_a).get("/firm/records/").content.decode()
    assert f"/firm/objections/new/inspections/{open_.pk}/" in page
    assert f"inspections/{passed.pk}/" not in page
    assert f"inspections/{closed.pk}/" not in page
    assert page.count("异议期已过") == 1
