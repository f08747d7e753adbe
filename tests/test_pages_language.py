"""Every public, firm and console page reads in one language: Chinese by default, English after
the language switch. On demo data (seed_demo and demo_accounts), each page is fetched with the
Django test client in both languages: a Chinese page shows none of the catalogue's English
texts and no stored code as it is stored (a bare lower-case word or snake_case), an English
page none of the catalogue's Chinese texts (tests.language, shared with the browser walks)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.models import ApiToken, User
from enterprises.models import Enterprise, Product
from inspections.models import InspectionPlan
from lists.models import AbnormalListing, BlacklistEntry
from ratings.models import EnterpriseGrade
from selfservice.models import CommitmentText
from tests.demo.test_seed import seed
from tests.language import bare_codes, chinese_leaks, english_leaks, page_text

# Console pages are walked for firms of the demo regulators' province (Anhui).
AREA = "34"

pytestmark = pytest.mark.django_db


def _pages() -> list[tuple[str, str]]:
    """(who, path) for every page without side effects, on the demo's own rows."""
    firm_user = User.objects.get(username="enterprise")
    own = Enterprise.objects.get(pk=firm_user.enterprise_id)
    listed = BlacklistEntry.objects.filter(status="listed").select_related("enterprise").first()
    abnormal = AbnormalListing.objects.select_related("enterprise").first()
    red = EnterpriseGrade.objects.filter(red_list=True).select_related("enterprise").first()
    product = Product.objects.first()
    plan = InspectionPlan.objects.get()
    firms = {own.uscc}
    firms |= {x.enterprise.uscc for x in (listed, abnormal, red) if x is not None}
    anon = [
        "/",
        f"/search/?q={own.name[:2]}",
        "/red-list/",
        "/blacklist/",
        "/statistics/",
        "/grading/",
        "/random-inspections/",
        f"/random-inspections/{plan.pk}/",
        "/accounts/login/",
        *(f"/firms/{code}/" for code in sorted(firms)),
    ]
    if product is not None:
        anon.append(f"/products/{product.code}/")
    firm = [
        "/firm/",
        "/firm/users/",
        "/firm/reports/",
        "/firm/reports/new/",
        "/firm/commitment/",
        "/firm/products/",
        "/firm/records/",
        "/firm/objections/",
        "/firm/abnormal/",
        "/firm/repairs/",
    ]
    console = [
        ("admin", "/console/"),
        ("admin", "/console/audit/"),
        ("admin", "/console/tokens/"),
        ("admin", "/console/files/"),
        ("admin", "/console/grades/"),
        ("admin", "/console/webhooks/"),
        ("clerk", "/console/imports/"),
        ("listofficer", "/console/"),
        ("listofficer", "/console/abnormal/"),
        ("listofficer", "/console/suggestions/"),
        ("grader", "/console/"),
        ("grader", "/console/supervision/"),
        ("grader", "/console/plans/"),
        ("grader", f"/console/plans/{plan.pk}/"),
        ("approver", "/console/"),
        *(("admin", f"/console/files/{code}/") for code in sorted(firms) if code[2:4] == AREA),
        *(
            ("admin", f"/console/firms/{code}/timeline/")
            for code in sorted(firms)
            if code[2:4] == AREA
        ),
    ]
    return (
        [("anon", p) for p in anon] + [("enterprise", p) for p in firm] + console  # type: ignore[list-item]
    )


@pytest.fixture
def demo(time_machine: Any) -> None:
    time_machine.move_to("2026-11-26 12:00:00+08:00", tick=False)
    seed(2)
    call_command("demo_accounts")


def _data() -> tuple[list[str], set[str]]:
    """What the pages show as written by people, in whatever language they wrote it: listing
    grounds and legal bases, the commitment's text; and the names of users and tokens."""
    texts: list[str] = []
    for row in BlacklistEntry.objects.values_list("grounds", "legal_basis"):
        texts.extend(row)
    for row in AbnormalListing.objects.values_list("facts", "legal_basis"):
        texts.extend(row)
    for title, body in CommitmentText.objects.values_list("title", "body"):
        texts.extend([title, *body.splitlines()])
    names = set(User.objects.values_list("username", flat=True))
    names |= set(ApiToken.objects.values_list("name", flat=True))
    return sorted({t.strip() for t in texts if t.strip()}, key=len, reverse=True), names


def _client(who: str, language: str) -> Client:
    client = Client()
    if who != "anon":
        client.force_login(User.objects.get(username=who))
    if language == "en":
        client.cookies["django_language"] = "en"
    return client


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_page_reads_in_one_language(demo: None, language: str) -> None:
    problems: list[str] = []
    clients: dict[str, Client] = {}
    written, names = _data()
    for who, path in _pages():
        client = clients.setdefault(who, _client(who, language))
        response = client.get(path)
        if response.status_code != 200:
            problems.append(f"{who} {path}: {response.status_code}")
            continue
        html = response.content.decode()
        if f'<html lang="{language}">' not in html:
            problems.append(f"{who} {path}: not marked {language}")
        text, leaves, _marked = page_text(html)
        for value in written:
            text = text.replace(value, "")
        leaves = [leaf for leaf in leaves if leaf not in names]
        if language == "en":
            if leaked := chinese_leaks(text):
                problems.append(f"{who} {path}: Chinese texts {leaked[:5]}")
        else:
            if leaked := english_leaks(text):
                problems.append(f"{who} {path}: English texts {leaked[:5]}")
            if codes := bare_codes(leaves):
                problems.append(f"{who} {path}: codes as stored {sorted(set(codes))[:8]}")
    assert problems == [], "\n".join(problems)


def test_the_checks_catch_a_page_in_the_wrong_language() -> None:
    """The walk's checks themselves: English of the catalogue on a Chinese page, a stored code
    in a cell, Chinese of the catalogue on an English page, and a switch marked lang= exempt."""
    chinese_page = (
        "<html><body><p>信用等级</p><p>Nothing on file yet.</p>"
        '<td>no_annual_report</td><a lang="en">English</a><code>grade</code></body></html>'
    )
    text, leaves, marked = page_text(chinese_page)
    assert english_leaks(text) == ["Nothing on file yet"]
    assert bare_codes(leaves) == ["no_annual_report"]
    assert marked == ["English"]
    footer = "质量信用信息依据市场监管部门有关规定公示"  # the site footer's Chinese
    english_page = f"<html><body><p>Grade</p><p>{footer}。</p></body></html>"
    assert chinese_leaks(page_text(english_page)[0]) == [footer]
