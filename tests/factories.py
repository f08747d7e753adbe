from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from stdnum import ean

from accounts.models import Department, RegulatorRole, User, UserKind
from enterprises.models import (
    Enterprise,
    InspectionRecord,
    LicenceRecord,
    PenaltyRecord,
    Product,
    RecallRecord,
)
from enterprises.services.search_terms import search_index_update
from enterprises.uscc import ALPHABET, make_uscc


def uscc_for(n: int, region: str = "340802") -> str:
    digits = ""
    for _ in range(6):
        n, r = divmod(n, 31)
        digits += ALPHABET[r]
    return make_uscc(department="9", entity_type="1", region=region, org8="MB" + digits)


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"dept-{n}")
    name = factory.Sequence(lambda n: f"测试市场监督管理局{n}")
    jurisdiction = "3408"


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    region_id = "340802"
    uscc = factory.LazyAttributeSequence(lambda o, n: uscc_for(n + 1, o.region_id))
    name = factory.Sequence(lambda n: f"安庆华泰食品{n}有限公司")
    legal_representative = "王伟"
    industry = "C"
    product_risk = "I"

    @classmethod
    def _create(cls, model_class: type[Enterprise], *args: Any, **kwargs: Any) -> Enterprise:
        """Written directly (no audit rows to count around), then indexed as the register
        service would, so public search finds factory firms."""
        firm = super()._create(model_class, *args, **kwargs)
        search_index_update(enterprise_ids=[firm.pk])
        return firm


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InspectionRecord

    enterprise = factory.SubFactory(EnterpriseFactory)
    source_department = factory.SubFactory(DepartmentFactory)
    source_ref = factory.Sequence(lambda n: f"INS-{n}")
    product = "小麦粉"
    inspected_on = dt.date(2026, 1, 10)
    level = "provincial"
    result = "pass"


class PenaltyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PenaltyRecord

    enterprise = factory.SubFactory(EnterpriseFactory)
    source_department = factory.SubFactory(DepartmentFactory)
    source_ref = factory.Sequence(lambda n: f"PEN-{n}")
    decision_no = factory.Sequence(lambda n: f"安市监处罚〔2026〕{n}号")
    decided_on = dt.date(2026, 2, 1)
    kind = "fine"
    amount = 5000
    legal_basis = "《中华人民共和国产品质量法》第四十九条"


class LicenceFactory(factory.django.DjangoModelFactory):
    """A production licence valid today: a manufacturer (industry C, the grading policy's
    default of firms needing one) without it cannot be graded A."""

    class Meta:
        model = LicenceRecord

    enterprise = factory.SubFactory(EnterpriseFactory)
    source_department = factory.SubFactory(DepartmentFactory)
    source_ref = factory.Sequence(lambda n: f"LIC-{n}")
    licence_no = factory.Sequence(lambda n: f"SC1063408{n:07d}")
    title = "食品生产许可证"
    issued_on = dt.date(2024, 5, 1)
    valid_until = None
    status = "valid"


class RegulatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"regulator{n}")
    kind = UserKind.REGULATOR
    role = RegulatorRole.CLERK
    jurisdiction = "3408"
    password = factory.django.Password("pw-for-tests-1")


class EnterpriseUserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"firmuser{n}")
    kind = UserKind.ENTERPRISE
    enterprise = factory.SubFactory(EnterpriseFactory)
    password = factory.django.Password("pw-for-tests-1")


def gtin_for(n: int, prefix: str = "690") -> str:
    """A valid EAN-13 under `prefix`, stored in 14 digits (enterprises.gtin.canonical)."""
    body = f"{prefix}{n:0{12 - len(prefix)}d}"
    return (body + ean.calc_check_digit(body)).zfill(14)


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    gtin = factory.Sequence(lambda n: gtin_for(n + 1))
    enterprise = factory.SubFactory(EnterpriseFactory)
    name = "特制小麦粉"
    confirmed = True


class RecallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecallRecord

    enterprise = factory.SubFactory(EnterpriseFactory)
    source_department = factory.SubFactory(DepartmentFactory)
    source_ref = factory.Sequence(lambda n: f"RC-{n}")
    product = "儿童推车"
    batches = factory.LazyFunction(lambda: ["B2026-01"])
    recalled_on = dt.date(2026, 1, 10)
    reason = "刹车装置失效"
    mode = "voluntary"
    status = "ongoing"
