"""A firm's console timeline shows grade decisions (overrides) and tags every event with its
kind, named in the page's language."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from console.templatetags.timeline import event_kind
from ratings.services.overrides import grade_override_create, grade_override_revoke
from ratings.services.recompute import enterprise_grade_recompute
from tests.factories import EnterpriseFactory, InspectionFactory, RegulatorFactory

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
