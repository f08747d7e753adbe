from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from enterprises.models import Enterprise
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_full_clean_stores_the_normalised_code() -> None:
    firm = Enterprise(
        uscc=" 9111 0000 6000 3734 1l",
        name="北京测试有限公司",
        legal_representative="王伟",
        region_id="110108",
        industry="C",
    )
    firm.full_clean()
    assert firm.uscc == "91110000600037341L"


def test_the_database_refuses_a_code_that_is_not_normalised() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        EnterpriseFactory(uscc="91110000600037341l")
    with pytest.raises(IntegrityError), transaction.atomic():
        EnterpriseFactory(uscc="91110000600037341")


def test_the_database_refuses_an_unknown_product_risk() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        EnterpriseFactory(product_risk="IV")
