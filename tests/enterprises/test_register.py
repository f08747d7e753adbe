"""Registering and correcting a firm: checked, audited, and the name index kept in step."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from core.models import AuditEntry
from enterprises.models import Enterprise, GradeRecomputeRequest, NameBigram, SearchDocument
from enterprises.services.register import enterprise_register, enterprise_update
from tests.factories import EnterpriseFactory, RegulatorFactory, uscc_for

pytestmark = pytest.mark.django_db


def register(**override: Any) -> Enterprise:
    data: dict[str, Any] = {
        "actor": None,
        "uscc": uscc_for(31),
        "name": "安庆登记测试有限公司",
        "legal_representative": "李娜",
        "region_id": "340802",
        "industry": "C",
    }
    return enterprise_register(**(data | override))


def test_it_registers_indexes_and_audits_a_firm() -> None:
    actor = RegulatorFactory()
    firm = register(actor=actor, former_names=["安庆老厂"], uscc=uscc_for(31).lower())
    assert firm.uscc == uscc_for(31)  # stored normalised
    assert SearchDocument.objects.get(enterprise=firm).names == "安庆登记测试有限公司\n安庆老厂"
    assert NameBigram.objects.filter(enterprise=firm, term="老厂").exists()
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.enterprise) == (
        "credit_file.enterprise.registered",
        actor,
        firm,
    )


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"uscc": "91110000600037341N"}, "uscc"),  # wrong check character
        ({"region_id": "999999"}, "region"),
        ({"industry": "Z"}, "industry"),
        ({"name": "  "}, "name"),
    ],
)
def test_bad_data_writes_nothing(override: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        register(**override)
    assert field in caught.value.message_dict
    assert not Enterprise.objects.exists()
    assert not NameBigram.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_code_already_on_file_is_refused() -> None:
    EnterpriseFactory(uscc=uscc_for(31))
    with pytest.raises(ValidationError) as caught:
        register()
    assert "uscc" in caught.value.message_dict
    assert Enterprise.objects.count() == 1


def test_a_rename_rewrites_the_index_and_says_what_changed() -> None:
    firm = EnterpriseFactory(name="旧名字公司")
    enterprise_update(
        actor=None, enterprise=firm, changes={"name": "新名称公司", "former_names": ["旧名字公司"]}
    )
    assert SearchDocument.objects.get(enterprise=firm).names == "新名称公司\n旧名字公司"
    entry = AuditEntry.objects.get()
    assert entry.action == "credit_file.enterprise.updated"
    assert entry.data["changed"] == {
        "former_names": [[], ["旧名字公司"]],
        "name": ["旧名字公司", "新名称公司"],
    }
    assert not GradeRecomputeRequest.objects.exists()


def test_a_change_of_product_risk_queues_a_regrade() -> None:
    firm = EnterpriseFactory(product_risk="I")
    enterprise_update(actor=None, enterprise=firm, changes={"product_risk": "III"})
    assert GradeRecomputeRequest.objects.get().trigger == {
        "kind": "enterprise",
        "channel": "admin",
    }


def test_data_that_does_not_change_writes_nothing() -> None:
    firm = EnterpriseFactory()
    history = firm.history.count()
    enterprise_update(
        actor=None, enterprise=firm, changes={"uscc": firm.uscc.lower(), "name": firm.name}
    )
    assert not AuditEntry.objects.exists()
    assert firm.history.count() == history


@pytest.mark.parametrize(
    "changes",
    [{"id": 5}, {"created_at": None}, {"uscc": "91110000600037341N"}, {"product_risk": "IV"}],
)
def test_a_bad_correction_writes_nothing(changes: dict[str, Any]) -> None:
    firm = EnterpriseFactory(name="原名公司")
    with pytest.raises(ValidationError):
        enterprise_update(actor=None, enterprise=firm, changes={"name": "改名公司", **changes})
    firm.refresh_from_db()
    assert firm.name == "原名公司"
    assert NameBigram.objects.filter(enterprise=firm, term="原名").exists()
    assert not AuditEntry.objects.exists()
