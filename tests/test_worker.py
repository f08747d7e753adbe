"""End to end through a real Celery worker process (not eager mode)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.services import api_token_issue
from enterprises.models import CreditFileSummary
from enterprises.services.regions import regions_load
from tests.factories import DepartmentFactory, EnterpriseFactory
from tests.worker import running_worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def regions(transactional_db: None) -> None:
    # Transactional tests flush tables between tests; put the regions back.
    regions_load()


def test_a_posted_record_updates_the_file_through_the_worker(regions: None) -> None:
    firm = EnterpriseFactory(region_id="340802")
    dep = DepartmentFactory(code="aq-amr")
    _t, raw = api_token_issue(department=dep, name="t", actor=None)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    with running_worker():
        response = client.post(
            reverse("intake-inspections"),
            {
                "uscc": firm.uscc,
                "source_ref": "W-1",
                "product": "电热水壶",
                "inspected_on": "2026-06-01",
                "level": "national",
                "result": "fail",
                "defect_severity": "serious",
            },
            format="json",
        )
        assert response.status_code == 201
        assert wait_for(lambda: CreditFileSummary.objects.filter(enterprise=firm).exists())
    summary = CreditFileSummary.objects.get(enterprise=firm)
    assert (summary.inspections_3y, summary.failed_inspections_3y, summary.serious_failures_3y) == (
        1,
        1,
        1,
    )


def test_the_nightly_sweep_runs_on_the_worker_for_every_file(regions: None) -> None:
    from enterprises.tasks import credit_file_summary_sweep_task

    firms = EnterpriseFactory.create_batch(3, region_id="340802")
    with running_worker():
        credit_file_summary_sweep_task.delay()
        assert wait_for(lambda: CreditFileSummary.objects.count() == 3)
    assert set(CreditFileSummary.objects.values_list("enterprise_id", flat=True)) == {
        f.pk for f in firms
    }
