"""A regulator signs in with a password and a TOTP code, works a queue item to completion
and finds the decision in the audit log (Debian chromium via playwright)."""

from __future__ import annotations

import base64
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone
from django_otp.oath import totp

from dueprocess.models import Objection
from tests.browser.watch import Watch
from tests.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    EnterpriseUserFactory,
    InspectionFactory,
    RegulatorFactory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def work(live_server: Any) -> dict[str, Any]:
    city = DepartmentFactory(code="aq-amr", jurisdiction="3408")
    RegulatorFactory(
        username="officer-wang", role="list_officer", jurisdiction="3408", department=city
    )
    firm = EnterpriseFactory(name="安庆异议测试有限公司")
    record = InspectionFactory(enterprise=firm, result="fail", inspected_on=timezone.localdate())
    Objection.objects.create(
        enterprise=firm,
        record_kind="inspections",
        record_id=record.pk,
        grounds="送检样品非本企业产品",
        raised_by=EnterpriseUserFactory(enterprise=firm),
        raised_on=timezone.localdate(),
        answer_due=timezone.localdate() + dt.timedelta(days=3),
    )
    return {"firm": firm}


def code_from(secret: str) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key, step=30, t0=0, digits=6):06d}"


@override_settings(OTP_REQUIRED_FOR_REGULATORS=True)
def test_totp_sign_in_queue_decision_and_audit(
    live_server: Any, work: dict[str, Any], watch: Watch, artifacts: Path
) -> None:
    page = watch.page()
    page.goto(live_server.url + "/accounts/login/?next=/console/")
    page.fill("#id_username", "officer-wang")
    page.fill("#id_password", "pw-for-tests-1")
    page.locator("form.login button[type=submit]").click()
    page.wait_for_url("**/accounts/2fa/setup/**")
    assert page.locator("figure.qr svg").count() == 1
    page.screenshot(path=str(artifacts / "1-enrol.png"), full_page=True)
    secret = page.locator("#totp-secret").inner_text()
    page.fill("#id_token", code_from(secret))
    page.locator("form.login button[type=submit]").click()
    assert page.locator("ul.codes li").count() == 10
    page.locator("main a.button").click()
    page.wait_for_url("**/console/")
    page.screenshot(path=str(artifacts / "2-queues.png"), full_page=True)

    # The queue lists the item; it is decided on its own page, which returns to the queue.
    item = page.locator("ul.queue-items > li", has_text="安庆异议测试有限公司")
    item.locator("a", has_text="安庆异议测试有限公司").click()
    page.wait_for_url(re.compile(r".*/console/queues/objections/\d+/\?next=.*"))
    page.screenshot(path=str(artifacts / "2-item.png"), full_page=True)
    decision = page.locator("form.decision")
    decision.locator("input[name=decision][value=yes]").check()
    decision.locator("textarea[name=reason]").fill("复检合格，原不合格结果撤销")
    decision.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/console/queues/objections/$"))
    assert page.locator("ul.messages").count() == 1
    assert page.locator("ul.queue-items > li", has_text="安庆异议测试有限公司").count() == 0

    page.goto(live_server.url + "/console/audit/?action=objection")
    body = page.locator("main table").inner_text()
    assert "异议成立" in body
    assert "objection.upheld" not in body
    assert "officer-wang" in body
    page.screenshot(path=str(artifacts / "3-audit.png"), full_page=True)
    watch.assert_clean()
