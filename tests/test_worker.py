"""End to end through a real Celery worker process (not eager mode)."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.services import api_token_issue
from credit_portal.celery import app
from enterprises.models import GradeRecomputeRequest
from enterprises.services.outbox import grades_request
from enterprises.services.regions import regions_load
from ratings.models import EnterpriseGrade, GradeChange
from tests.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    InspectionFactory,
    LicenceFactory,
)
from tests.worker import running_worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def regions(transactional_db: None) -> None:
    # Transactional tests flush tables between tests; put the regions back.
    regions_load()


@pytest.fixture
def api() -> APIClient:
    _t, raw = api_token_issue(department=DepartmentFactory(code="aq-amr"), name="t", actor=None)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def _reconnect_to(url: str) -> None:
    """Point the sending side at another broker, dropping pooled connections."""
    app.conf.broker_url = url
    app._pool = None  # kombu keeps one pool per URL; the old one is reused
    app.amqp._producer_pool = None


def failed_sampling(uscc: str, ref: str) -> dict[str, str]:
    return {
        "uscc": uscc,
        "source_ref": ref,
        "product": "电热水壶",
        "inspected_on": "2026-06-01",
        "level": "national",
        "result": "fail",
        "defect_severity": "serious",
    }


def test_a_posted_failure_regrades_the_firm_through_the_worker(
    regions: None, api: APIClient
) -> None:
    firm = EnterpriseFactory(region_id="340802")
    with running_worker():
        started = time.monotonic()
        response = api.post(
            reverse("intake-inspections"), failed_sampling(firm.uscc, "W-1"), format="json"
        )
        assert response.status_code == 201
        assert wait_for(lambda: EnterpriseGrade.objects.filter(enterprise=firm).exists())
        elapsed = time.monotonic() - started
    grade = EnterpriseGrade.objects.get(enterprise=firm)
    assert grade.grade == "C"
    assert grade.interview_due is True
    change = GradeChange.objects.get(enterprise=firm)
    assert change.new_grade == "C"
    assert change.trigger["record_id"] == response.json()["id"]
    assert "serious_failures_c" in change.reason
    assert not GradeRecomputeRequest.objects.exists()
    print(f"record -> grade through the worker: {elapsed:.2f} s")  # noqa: T201


def test_a_record_saved_while_the_broker_is_down_is_graded_later(
    regions: None, api: APIClient
) -> None:
    firm = EnterpriseFactory(region_id="340802")
    real_broker = app.conf.broker_url
    _reconnect_to("redis://127.0.0.1:9/0")  # nothing listens on the discard port
    try:
        response = api.post(
            reverse("intake-inspections"), failed_sampling(firm.uscc, "D-1"), format="json"
        )
    finally:
        _reconnect_to(real_broker)
    assert response.status_code == 201
    assert GradeRecomputeRequest.objects.filter(enterprise=firm).exists()
    assert not EnterpriseGrade.objects.filter(enterprise=firm).exists()
    from ratings.tasks import grades_drain_task

    with running_worker():
        grades_drain_task.delay()  # what beat sends every minute
        assert wait_for(lambda: EnterpriseGrade.objects.filter(enterprise=firm).exists())
    assert EnterpriseGrade.objects.get(enterprise=firm).grade == "C"
    assert not GradeRecomputeRequest.objects.exists()


def test_the_nightly_recompute_runs_on_the_worker_for_every_file(regions: None) -> None:
    from ratings.tasks import grades_recompute_all_task

    firms = EnterpriseFactory.create_batch(3, region_id="340802")
    InspectionFactory(enterprise=firms[0], result="pass")
    LicenceFactory(enterprise=firms[0])  # a manufacturer needs a valid licence to be A
    with running_worker():
        grades_recompute_all_task.delay()
        assert wait_for(lambda: EnterpriseGrade.objects.count() == 3)
    grades = dict(EnterpriseGrade.objects.values_list("enterprise_id", "grade"))
    assert grades == {firms[0].pk: "A", firms[1].pk: "B", firms[2].pk: "B"}


def test_a_worker_killed_mid_drain_loses_no_firm(regions: None) -> None:
    """Kill -9 while a batch is being graded: its transaction rolls back, the rows stay in the
    outbox, and the next worker to start grades every firm with no beat and no new record."""
    firms = EnterpriseFactory.create_batch(1500, region_id="340802")
    grades_request(triggers={f.pk: {"kind": "test"} for f in firms})
    total = len(firms)
    with running_worker() as proc:
        app.send_task("ratings.tasks.grades_drain_task", queue=app.conf.task_default_queue)
        assert wait_for(lambda: EnterpriseGrade.objects.exists(), timeout=60, interval=0.02)
        proc.kill()  # SIGKILL: no clean shutdown, no acknowledgement
        proc.wait(timeout=10)
    left = GradeRecomputeRequest.objects.count()
    assert 0 < left < total, "the kill must land mid-drain"
    assert GradeRecomputeRequest.objects.count() + EnterpriseGrade.objects.count() >= total
    with running_worker():
        assert wait_for(
            lambda: EnterpriseGrade.objects.count() == total
            and not GradeRecomputeRequest.objects.exists(),
            timeout=60,
        )
