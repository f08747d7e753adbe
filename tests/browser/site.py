"""A demo-like portal for the walk over every page: the demo's own seed (firms, records, list
entries, products, a recall, an inspection plan, one account per role), and for the demo firm's
user everything its pages show: a failed sampling it may object to, a listing notice it may
answer, an abnormal-operations listing, a penalty to repair, a submitted and a published
report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from stdnum import ean

from accounts.models import User
from demo.accounts import demo_accounts_ensure
from demo.inspections import demo_inspections_ensure, demo_plan_ensure
from demo.run import SeedCounts
from demo.seed import demo_seed
from disclosure.verification import verification_code
from dueprocess.objections import objection_raise
from enterprises.models import Enterprise, Product, QualityReport, RecallRecord
from enterprises.report_sections import SECTION_KEYS
from enterprises.services.products import company_prefix_declare, product_declare
from inspections.models import InspectionPlan
from lists import entries
from lists.abnormal import abnormal_list
from ratings.services.recompute import enterprise_grade_recompute
from tests.factories import InspectionFactory, PenaltyFactory, RecallFactory


@dataclass(frozen=True)
class Site:
    """What the page addresses need, and a signed-in session per side."""

    firm: Enterprise  # the demo enterprise user's firm
    failed_inspection: int
    notified_entry: int
    abnormal_listing: int
    penalty: int
    submitted_report: int
    published_year: int
    recalled_gtin: str
    product: Product
    recall: int  # a recall of the demo firm's product (the console's recall pages)
    objection: int  # the firm's objection to another failed sampling (a queue item)
    extract_code: str  # today's verification code of the demo firm's credit extract
    plan: int
    sessions: dict[str, str]  # "firm" / "console" -> session key
    data: tuple[str, ...]  # every Chinese value a page may show, for the English check


def _session_for(user: User) -> str:
    """A signed-in session, as the sign-in form leaves it (without typing it 12 times)."""
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    assert store.session_key is not None
    return store.session_key


def site_build() -> Site:
    today = timezone.localdate()
    demo_seed(counts=SeedCounts(enterprises=60), seed=5, today=today)
    demo_accounts_ensure()
    demo_inspections_ensure()
    demo_plan_ensure()
    firm_user = User.objects.get(username="enterprise")
    firm = Enterprise.objects.get(pk=firm_user.enterprise_id)
    officer = User.objects.get(username="listofficer")
    failed = InspectionFactory(
        enterprise=firm,
        source_department=officer.department,
        product="电热水壶",
        result="fail",
        defect_severity="general",
        inspected_on=today - dt.timedelta(days=2),
    )
    penalty = PenaltyFactory(enterprise=firm, source_department=officer.department)
    proposed = entries.blacklist_entry_propose(
        actor=officer,
        enterprise=firm,
        penalty=penalty,
        grounds="生产销售不合格电热水壶，情节严重",
        legal_basis="《产品质量法》第四十九条",
    )
    notified = entries.blacklist_entry_notify(actor=officer, entry=proposed, reason="告知")
    listing = abnormal_list(
        actor=officer, enterprise=firm, ground="unreachable", facts="两次实地核查，登记住所无人办公"
    )
    sections = dict.fromkeys(SECTION_KEYS, "本年度质量工作情况。")
    submitted = QualityReport.objects.create(
        enterprise=firm,
        year=today.year - 1,
        status="submitted",
        sections=sections,
        submitted_at=timezone.now(),
    )
    QualityReport.objects.create(
        enterprise=firm,
        year=today.year - 2,
        status="published",
        sections=sections,
        published_on=today - dt.timedelta(days=300),
    )
    enterprise_grade_recompute(enterprise_ids=list(Enterprise.objects.values_list("pk", flat=True)))
    recall = RecallRecord.objects.exclude(gtins=[]).first()
    assert recall is not None, "the demo seed writes a recall naming a product"
    # The console corrects products of its area; the demo's products may be anywhere.
    company_prefix_declare(actor=None, enterprise=firm, prefix="6901234")
    base = "690123400001"
    product = product_declare(
        actor=None, enterprise=firm, gtin=base + ean.calc_check_digit(base), name="电热水壶 HK-1"
    )
    # The console traces a barcode through inspections of it, and follows a recall's progress.
    InspectionFactory(
        enterprise=firm,
        source_department=officer.department,
        product=product.name,
        gtin=product.gtin,
        batch="20261102",
        inspected_on=today - dt.timedelta(days=20),
    )
    own_recall = RecallFactory(
        enterprise=firm,
        source_department=officer.department,
        gtins=[product.gtin],
        product=product.name,
        recalled_on=today - dt.timedelta(days=10),
    )
    contested = InspectionFactory(
        enterprise=firm,
        source_department=officer.department,
        product="电热水壶",
        result="fail",
        defect_severity="general",
        inspected_on=today - dt.timedelta(days=3),
    )
    objection = objection_raise(
        actor=firm_user,
        record_kind="inspections",
        record_id=contested.pk,
        grounds="送检样品并非本企业生产，批号与本企业编码规则不符。",
    )
    plan = InspectionPlan.objects.get()
    data = (
        *Enterprise.objects.values_list("name", flat=True),
        *Enterprise.objects.values_list("legal_representative", flat=True),
    )
    return Site(
        firm=firm,
        failed_inspection=failed.pk,
        notified_entry=notified.pk,
        abnormal_listing=listing.pk,
        penalty=penalty.pk,
        submitted_report=submitted.pk,
        published_year=today.year - 2,
        recalled_gtin=recall.gtins[0],
        product=product,
        recall=own_recall.pk,
        objection=objection.pk,
        extract_code=verification_code(enterprise_id=firm.pk, day=today),
        plan=plan.pk,
        sessions={
            "firm": _session_for(firm_user),
            "console": _session_for(User.objects.get(username="admin")),
        },
        data=data,
    )


def site_cookies(site: Site, side: str, url: str) -> list[dict[str, Any]]:
    """The cookie that signs a browser context in on one side ("public": none)."""
    if side == "public":
        return []
    return [{"name": settings.SESSION_COOKIE_NAME, "value": site.sessions[side], "url": url}]
