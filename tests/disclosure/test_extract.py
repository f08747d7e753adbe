"""The credit extract for bidding: today's facts, a verification code, and the verify page
that rebuilds a past day from history."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.test import Client
from django.utils.html import escape

from disclosure.verification import verification_code, verification_parse
from enterprises.models import Enterprise, IntegrityCommitment
from lists.models import AbnormalListing, BlacklistEntry
from ratings.models import EnterpriseGrade
from ratings.services.recompute import enterprise_grade_recompute
from tests.clock import noon
from tests.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    InspectionFactory,
    PenaltyFactory,
    RegulatorFactory,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 26)
THEN = TODAY - dt.timedelta(days=30)
DAY = dt.timedelta(days=1)


def regrade(firm: Enterprise) -> str:
    enterprise_grade_recompute(enterprise_ids=[firm.pk])
    return EnterpriseGrade.objects.get(enterprise=firm).grade


@pytest.fixture
def story(time_machine: Any) -> dict[str, Any]:
    """A firm's file 30 days ago, then changed: a blacklisting (grade C), a revoked penalty,
    a removed abnormal listing and an expired commitment."""
    time_machine.move_to(noon(THEN), tick=False)
    dept = DepartmentFactory(code="aq-amr", name="安庆市市场监督管理局")
    officer = RegulatorFactory(role="list_officer", department=dept)
    firm = EnterpriseFactory(name="安庆华泰食品有限公司")
    penalty = PenaltyFactory(
        enterprise=firm,
        source_department=dept,
        decision_no="安市监罚〔2026〕88号",
        decided_on=THEN - dt.timedelta(days=5),
        amount=500_000,
    )
    InspectionFactory(enterprise=firm, source_department=dept, inspected_on=THEN - DAY)
    abnormal = AbnormalListing.objects.create(
        enterprise=firm,
        department=dept,
        ground="unreachable",
        listed_on=THEN - dt.timedelta(days=3),
        created_by=officer,
    )
    IntegrityCommitment.objects.create(
        enterprise=firm,
        text_version="2026-1",
        signatory="王伟",
        signed_at=noon(THEN - dt.timedelta(days=2)),
        valid_until=THEN + dt.timedelta(days=10),
    )
    grade_then = regrade(firm)
    code_then = Client().get(f"/firms/{firm.uscc}/extract/").context["code"]

    time_machine.move_to(noon(TODAY - dt.timedelta(days=10)), tick=False)
    BlacklistEntry.objects.create(
        enterprise=firm,
        department=dept,
        status="listed",
        grounds="生产销售不合格产品，情节严重",
        legal_basis="总局令第44号",
        listed_on=TODAY - dt.timedelta(days=10),
        ends_on=TODAY + dt.timedelta(days=1000),
        created_by=officer,
    )
    penalty.revoked = True
    penalty.revoked_on = TODAY - dt.timedelta(days=10)
    penalty.save()  # a changed resend: the old version stays in the record's history
    abnormal.removed_on = TODAY - dt.timedelta(days=5)
    abnormal.save()
    grade_now = regrade(firm)

    time_machine.move_to(noon(TODAY), tick=False)
    return {
        "firm": firm,
        "code_then": code_then,
        "grade_then": grade_then,
        "grade_now": grade_now,
    }


def speaking(language: str) -> Client:
    """Pages answer in Chinese first; the language switch (a cookie) chooses another."""
    client = Client()
    client.cookies["django_language"] = language
    return client


def text(answer: Any) -> str:
    return re.sub(r"\s+", " ", answer.content.decode())


def test_the_story_changes_the_grade(story: dict[str, Any]) -> None:
    assert story["grade_now"] == "C"  # blacklisted
    assert story["grade_then"] != "C"


def test_the_extract_shows_what_the_profile_shows_today(story: dict[str, Any]) -> None:
    firm = story["firm"]
    profile = Client().get(f"/firms/{firm.uscc}/").context["p"]
    answer = Client().get(f"/firms/{firm.uscc}/extract/")
    x = answer.context["x"]

    assert answer.status_code == 200
    assert x.live is True
    assert x.grade.letter == firm.grade.grade == "C"
    assert x.grade.red_list == firm.grade.red_list
    assert [e.pk for e in x.blacklist] == [e.pk for e in profile.blacklist] != []
    assert [a.pk for a in x.abnormal] == [a.pk for a in profile.abnormal] == []
    assert [p.pk for p in x.penalties] == [p.pk for p in profile.penalties] == []
    assert [i.pk for i in x.inspections] == [i.pk for i in profile.inspections] != []
    assert x.commitment == profile.commitment is None
    assert {f.code for f in x.factors} == {f["code"] for f in firm.grade.factors}
    page = text(answer)
    assert "On the blacklist of serious violations." in page or "严重违法失信名单" in page
    assert x.not_rebuilt == []


def test_the_extract_carries_its_code_and_a_qr_code(story: dict[str, Any]) -> None:
    firm = story["firm"]
    answer = Client().get(f"/firms/{firm.uscc}/extract/")
    code = answer.context["code"]

    assert verification_parse(code) == (firm.pk, TODAY)
    page = answer.content.decode()
    assert code in page
    assert f"http://testserver/verify/{code}/" in page
    assert "<svg" in page  # drawn on the server, inline


def test_the_verify_page_shows_the_day_the_code_was_issued(story: dict[str, Any]) -> None:
    answer = Client().get(f"/verify/{story['code_then']}/")
    x = answer.context["x"]

    assert answer.status_code == 200
    assert x.live is False
    assert x.day == THEN
    assert x.grade.letter == story["grade_then"]  # not today's C
    assert x.blacklist == []  # listed after that day
    assert [a.ground for a in x.abnormal] == ["unreachable"]  # removed after that day
    assert [p.decision_no for p in x.penalties] == ["安市监罚〔2026〕88号"]  # revoked later
    assert len(x.inspections) == 1
    assert x.commitment is not None
    assert x.commitment.signatory == "王伟"
    assert x.not_rebuilt  # and the page says what history does not hold
    page = text(answer)
    assert THEN.isoformat() in page
    for gap in x.not_rebuilt:
        assert escape(gap) in page


def test_a_code_of_today_verifies_against_the_live_file(story: dict[str, Any]) -> None:
    code = verification_code(enterprise_id=story["firm"].pk, day=TODAY)
    x = Client().get(f"/verify/{code}/").context["x"]
    assert x.live is True
    assert x.grade.letter == "C"


def test_a_code_keeps_its_day_after_more_changes(story: dict[str, Any], time_machine: Any) -> None:
    time_machine.move_to(noon(TODAY + dt.timedelta(days=40)), tick=False)
    x = Client().get(f"/verify/{story['code_then']}/").context["x"]
    assert x.day == THEN
    assert x.grade.letter == story["grade_then"]


def _tampered(code: str) -> str:
    i = 10
    swapped = "B" if code[i] != "B" else "C"
    return code[:i] + swapped + code[i + 1 :]


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "was not issued by this portal"), ("zh-hans", "不是本平台签发的")],
)
def test_a_tampered_code_is_a_404_with_a_clear_message(
    story: dict[str, Any], language: str, message: str
) -> None:
    answer = speaking(language).get(f"/verify/{_tampered(story['code_then'])}/")
    assert answer.status_code == 404
    assert message in text(answer)
    assert "x" not in (answer.context or {})


@pytest.mark.parametrize(
    "code",
    [
        "AAAA",  # too short
        "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA",  # right length, no valid MAC
        "!!!!-????-****-####-$$$$-%%%%",
        "A" * 64,
    ],
)
def test_a_made_up_code_is_a_404(story: dict[str, Any], code: str) -> None:
    assert Client().get(f"/verify/{quote(code)}/").status_code == 404


def test_a_code_of_a_future_day_or_unknown_firm_is_a_404(story: dict[str, Any]) -> None:
    future = verification_code(enterprise_id=story["firm"].pk, day=TODAY + DAY)
    nobody = verification_code(enterprise_id=story["firm"].pk + 1000, day=THEN)
    assert Client().get(f"/verify/{future}/").status_code == 404
    assert Client().get(f"/verify/{nobody}/").status_code == 404


def test_a_code_survives_how_people_type_it() -> None:
    code = verification_code(enterprise_id=42, day=THEN)
    typed = code.lower().replace("-", " ").replace("o", "0").replace("i", "1")
    assert verification_parse(typed) == (42, THEN)
    assert verification_parse(code + "A") is None


def test_a_code_is_bound_to_the_secret_key(settings: Any) -> None:
    code = verification_code(enterprise_id=42, day=THEN)
    settings.SECRET_KEY = "another-key-for-another-portal-0123456789"
    assert verification_parse(code) is None


def test_an_unknown_firm_has_no_extract(db: Any) -> None:
    assert Client().get("/firms/91340802MA2TXXXX1X/extract/").status_code == 404


@pytest.mark.parametrize(
    ("language", "heading"), [("en", "Quality-credit extract"), ("zh-hans", "质量信用信息摘要")]
)
def test_the_extract_speaks_both_languages(
    story: dict[str, Any], language: str, heading: str
) -> None:
    for url in (f"/firms/{story['firm'].uscc}/extract/", f"/verify/{story['code_then']}/"):
        page = text(speaking(language).get(url))
        assert f"<h1>{heading}</h1>" in page


def test_it_prints_on_a4_without_the_site_chrome(story: dict[str, Any]) -> None:
    page = Client().get(f"/firms/{story['firm'].uscc}/extract/").content.decode()
    assert "css/extract.css" in page
    css = (Path(settings.BASE_DIR) / "static" / "css" / "extract.css").read_text()
    assert "@page { size: A4" in css
    assert re.search(r"@media print \{\s*header\.site, footer\.site, nav", css)


@pytest.mark.parametrize("role", ["anon", "enterprise", "clerk"])
def test_every_role_gets_the_same_extract_and_verification(
    story: dict[str, Any], client_as: Any, role: str
) -> None:
    client = client_as(role)
    today = client.get(f"/firms/{story['firm'].uscc}/extract/").context["x"]
    then = client.get(f"/verify/{story['code_then']}/").context["x"]
    assert today.grade.letter == "C"
    assert then.grade.letter == story["grade_then"]
