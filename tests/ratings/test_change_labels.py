"""The grade history names its decisive factors and triggers in words, in both languages,
never as the codes the change row stores."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from enterprises.intake_fields import SPECS
from ratings.change_labels import FACTOR_LABELS, TRIGGER_LABELS, factor_label, trigger_label
from ratings.models import EnterpriseGrade, GradeChange
from ratings.services.recompute import enterprise_grade_recompute
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_it_names_every_factor_the_engine_computes() -> None:
    firm = EnterpriseFactory(industry="C")
    enterprise_grade_recompute(enterprise_ids=[firm.pk])
    codes = {f["code"] for f in EnterpriseGrade.objects.get(enterprise=firm).factors}
    assert len(codes) >= 15
    assert codes - set(FACTOR_LABELS) == set()


def test_it_names_factors_and_triggers_in_each_language() -> None:
    with translation.override("zh-hans"):
        assert factor_label("honour_or_a_held") == "无质量奖励且 A 级保持年限不足（AA 级条件）"
        assert trigger_label("sweep") == "每日例行重新评级"
        assert trigger_label("inspections") == str(
            SPECS["inspections"].model._meta.verbose_name_plural
        )
    with translation.override("en"):
        assert factor_label("report_published") == "no published quality-credit report (AA rule)"
        assert trigger_label("override_revoked") == "override ended"


def test_an_unknown_code_is_shown_as_stored() -> None:
    assert factor_label("a_later_policys_factor") == "a_later_policys_factor"
    assert trigger_label("a_later_kind") == "a_later_kind"
    assert "a_later_kind" not in TRIGGER_LABELS


def test_the_file_page_shows_the_history_in_words(client_as: Any) -> None:
    firm = EnterpriseFactory(industry="C")
    enterprise_grade_recompute(enterprise_ids=[firm.pk], triggers={firm.pk: {"kind": "sweep"}})
    change = GradeChange.objects.get(enterprise=firm)
    assert "report_published" in change.reason
    client = client_as("clerk")
    url = reverse("console:file_detail", args=[firm.uscc])
    page = client.get(url).content.decode()
    history = page[page.index('id="grade-history"') :]
    assert "无已公示的质量信用报告（AA 级条件）" in history
    assert "每日例行重新评级" in history
    assert "report_published" not in history
    assert "sweep" not in history
    client.cookies["django_language"] = "en"
    history = client.get(url).content.decode()
    assert "no published quality-credit report (AA rule)" in history
    assert "nightly regrade" in history
