"""A grader's pages in a real browser on demo data: the supervision plan of a county and its
CSV, a random-inspection plan with its per-class strata, a credit file with its grade history
and a data gap; then the same pages in English and 390 px wide. Every page under the strict
CSP, with no script error; the API docs (Swagger UI) render their operations too."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.db.models import Count
from django.utils import timezone

from accounts.models import Department
from demo.run import SeedCounts
from demo.seed import demo_seed
from enterprises.models import Enterprise, Region
from inspections.models import InspectionItem, Inspector
from inspections.services import plan_draw, plan_publish
from ratings.services.recompute import enterprise_grade_recompute
from tests.browser.language import assert_chinese, assert_english
from tests.browser.watch import Watch, assert_focus_visible, at_both_widths
from tests.factories import DepartmentFactory, RegulatorFactory

# The live server sees committed data; serialized rollback restores what migrations loaded.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def county(live_server: Any) -> dict[str, Any]:
    """The demo's own seed, small: firms with records across Anqing's counties."""
    today = timezone.localdate()
    demo_seed(counts=SeedCounts(enterprises=150), seed=3, today=today)
    busiest = (
        Enterprise.objects.filter(region__code__startswith="3408")
        .values("region_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    assert busiest is not None
    code = busiest["region_id"]
    firms = list(Enterprise.objects.filter(region_id=code).values_list("pk", flat=True))
    enterprise_grade_recompute(enterprise_ids=firms)
    Enterprise.objects.filter(pk=firms[0]).update(product_risk="")  # one data gap
    dept = DepartmentFactory(code="aq-walk", jurisdiction="3408")
    grader = RegulatorFactory(
        username="grader-sun", role="grader", jurisdiction="3408", department=dept
    )
    item = InspectionItem.objects.create(
        code="AQ-W1", name="产品质量监督抽查", method="抽样检验", legal_basis="产品质量法第十五条"
    )
    for k in range(3):
        Inspector.objects.create(name=f"检查员{k}", badge_no=f"AQW{k:03d}", department=dept)
    plan = plan_draw(
        actor=grader,
        title="2026年第四季度产品质量抽查",
        region=code,
        industry="",
        period_start=today,
        period_end=today + dt.timedelta(days=30),
        items=[item],
        seed="walk",
    )
    plan_publish(actor=grader, plan=plan)
    gap = Enterprise.objects.get(pk=firms[0])
    # Every Chinese value the county's pages may show, for the English pages' check.
    data = (
        *Enterprise.objects.filter(region_id=code).values_list("name", flat=True),
        *Region.objects.filter(code__startswith="34").values_list("name", flat=True),
        *Department.objects.values_list("name", flat=True),
        *Inspector.objects.values_list("name", flat=True),
        plan.title,
        item.name,
        item.method,
        item.legal_basis,
    )
    return {"code": code, "plan": plan.pk, "gap": gap.uscc, "data": data}


def test_supervision_plan_csv_strata_file_and_api_docs(
    live_server: Any, county: dict[str, Any], watch: Watch, artifacts: Path
) -> None:
    url, code = live_server.url, county["code"]
    page = watch.page(accept_downloads=True)
    page.goto(f"{url}/accounts/login/?next=/console/supervision/")
    page.fill("#id_username", "grader-sun")
    page.fill("#id_password", "pw-for-tests-1")
    page.locator("form.login button[type=submit]").click()
    page.wait_for_url("**/console/supervision/")
    page.fill("#id_region", code)
    page.locator("main form.filters button[type=submit]").click()
    page.wait_for_url(f"**region={code}*")
    rows = page.locator("main table").first.locator("tbody tr")
    assert rows.count() > 1
    assert code in page.locator("h1").inner_text()
    assert_chinese(page)
    at_both_widths(page, artifacts / "1-supervision.png")
    assert_focus_visible(page, tabs=5)

    with page.expect_download() as info:
        page.locator("main a[download]").click()
    target = artifacts / info.value.suggested_filename
    info.value.save_as(target)
    table = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert table[0][0] == "统一社会信用代码"
    assert len(table) > 1
    assert {row[2] for row in table[1:]} == {code}
    assert all(int(row[-1]) > 0 for row in table[1:])  # only the under-inspected

    pages = {
        "2-plan": f"/console/plans/{county['plan']}/",
        "3-public-plan": f"/random-inspections/{county['plan']}/",
        "4-file": f"/console/files/{county['gap']}/",
        "5-grades": "/console/grades/",
    }
    for name, path in pages.items():
        page.goto(url + path)
        assert_chinese(page)
        at_both_widths(page, artifacts / f"{name}.png")
    page.goto(f"{url}/console/plans/{county['plan']}/")
    strata = page.locator("main table[aria-labelledby=strata] tbody tr")
    assert strata.count() >= 2  # one row per grade x risk class of the pool
    page.goto(f"{url}/console/files/{county['gap']}/")
    assert "未设定：档案数据缺失" in page.locator("main").inner_text()

    # English: every string of these pages translated.
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": url}])
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{url}/console/supervision/?region={code}")
    assert_english(page, data=county["data"])
    page.screenshot(path=str(artifacts / "6-supervision-en.png"), full_page=True)
    page.goto(f"{url}/console/plans/{county['plan']}/")
    assert_english(page, data=county["data"])
    for path in pages.values():
        page.goto(url + path)
        assert_english(page)
    page.screenshot(path=str(artifacts / "7-grades-en.png"), full_page=True)

    # The API docs: Swagger UI renders every operation under the CSP and runs one.
    page.goto(f"{url}/api/docs/")
    page.locator(".opblock").first.wait_for()
    assert page.locator(".opblock").count() >= 10
    assert page.locator("html").get_attribute("lang") == "en"
    operation = page.locator(".opblock", has_text="/api/v1/blacklist/").first
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    operation.locator(".live-responses-table .response-col_status").first.wait_for()
    assert "200" in operation.locator(".live-responses-table").inner_text()
    at_both_widths(page, artifacts / "8-api-docs.png")
    watch.assert_clean()
