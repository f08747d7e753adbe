"""A firm's console timeline shows grade decisions (overrides) and tags every event with its
kind, named in the page's language."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from console.templatetags.timeline import event_kind
from dueprocess.models import Objection
from ratings.services.overrides import grade_override_create, grade_override_revoke
from ratings.services.recompute import enterprise_grade_recompute
from tests.factories import (
    EnterpriseFactory,
    EnterpriseUserFactory,
    InspectionFactory,
    RegulatorFactory,
)

pytestmark = pytest.mark.django_db


def test_it_shows_overrides_and_their_end_by_name() -> None:
    firm = EnterpriseFactory()
    grader = RegulatorFactory(role="grader", jurisdiction="3408")
    override = grade_override_create(
        actor=grader,
        enterprise=firm,
        grade="B",
        reason="现场检查发现管理混乱，暂定为B级",
        expires_on=timezone.localdate() + dt.timedelta(days=30),
    )
    grade_override_revoke(actor=grader, override=override, reason="整改已经完成，恢复计算结果")
    c = Client()
    c.force_login(grader)
    page = c.get(f"/console/firms/{firm.uscc}/timeline/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "人工调整等级" in text
    assert "撤销人工调整等级" in text
    assert "ratings.grade.overridden" not in text  # a name, not the raw code


def test_it_names_each_kind_of_event_in_the_pages_language() -> None:
    firm = EnterpriseFactory(industry="C")
    InspectionFactory(enterprise=firm, result="fail", inspected_on=timezone.localdate())
    enterprise_grade_recompute(enterprise_ids=[firm.pk])
    c = Client()
    c.force_login(RegulatorFactory(role="grader", jurisdiction="3408"))
    url = f"/console/firms/{firm.uscc}/timeline/"
    badges = re.findall(r'<span class="badge">([^<]*)</span>', c.get(url).content.decode())
    assert set(badges) == {"信用等级", "抽查检查记录"}  # no "grade", no "inspections"
    c.cookies["django_language"] = "en"
    badges = re.findall(r'<span class="badge">([^<]*)</span>', c.get(url).content.decode())
    assert set(badges) == {"Grade", "inspection records"}


def test_an_unknown_kind_is_shown_as_tagged() -> None:
    assert event_kind("a_later_kind") == "a_later_kind"


def _item_texts(html: str) -> str:
    """Each timeline line's text after its badge, its dates (<time>) read as text."""
    items = re.findall(r"</span> (.*?)</li>", html)
    return "\n".join(re.sub(r"<[^>]+>", "", item) for item in items)


def test_its_texts_name_results_statuses_and_kinds_not_their_codes() -> None:
    """A failed sampling, a withdrawn one and an objection to it read in the page's language:
    no "fail", no "inspections" as stored, and the same page in English has no Chinese of its
    own (only the data: the product, the lab, the department)."""
    firm = EnterpriseFactory(industry="C")
    today = timezone.localdate()
    record = InspectionFactory(
        enterprise=firm, result="fail", defect_severity="general", inspected_on=today
    )
    InspectionFactory(enterprise=firm, result="pass", inspected_on=today, withdrawn_on=today)
    Objection.objects.create(
        enterprise=firm,
        record_kind="inspections",
        record_id=record.pk,
        grounds="样品不符",
        raised_by=EnterpriseUserFactory(enterprise=firm),
        raised_on=today,
        answer_due=today + dt.timedelta(days=3),
    )
    c = Client()
    c.force_login(RegulatorFactory(role="grader", jurisdiction="3408"))
    url = f"/console/firms/{firm.uscc}/timeline/"
    text = _item_texts(c.get(url).content.decode())
    assert "不合格" in text
    assert "合格" in text.replace("不合格", "")
    assert f"已于 {today} 撤销" in text
    assert f"抽查检查记录 #{record.pk}" in text
    for code in (" fail", " pass", "withdrawn", "inspections #"):
        assert code not in text
    c.cookies["django_language"] = "en"
    english = _item_texts(c.get(url).content.decode())
    assert "Failed (不合格)" in english
    assert f"withdrawn on {today}" in english
    assert f"inspection record #{record.pk}" in english
