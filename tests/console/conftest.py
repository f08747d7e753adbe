from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from ratings.services.recompute import enterprise_grade_recompute
from tests.factories import InspectionFactory


@pytest.fixture
def graded(firm: Any) -> Any:
    InspectionFactory(
        enterprise=firm,
        inspected_on=timezone.localdate() - dt.timedelta(days=3),
        result="fail",
        defect_severity="serious",
    )
    enterprise_grade_recompute(enterprise_ids=[firm.pk])
    return firm
