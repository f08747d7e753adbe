"""Demo item list and inspector pool (一单两库) for the demo departments; idempotent."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.models import Department, User
from inspections.models import InspectionItem, InspectionPlan, Inspector
from inspections.services import plan_draw, plan_publish

ITEMS = (
    ("SJ-01", "产品质量监督抽查", "抽样检验", "《中华人民共和国产品质量法》第十五条", ""),
    (
        "SJ-02",
        "生产许可证获证企业检查",
        "现场检查",
        "《工业产品生产许可证管理条例》第三十八条",
        "C",
    ),
    (
        "SJ-03",
        "食品生产经营监督检查",
        "现场检查、抽样检验",
        "《中华人民共和国食品安全法》第一百一十条",
        "C",
    ),
    ("SJ-04", "特种设备使用单位检查", "现场检查", "《中华人民共和国特种设备安全法》第五十七条", ""),
    ("SJ-05", "计量器具监督检查", "现场检查", "《中华人民共和国计量法》第十八条", ""),
    ("SJ-06", "企业公示信息抽查", "书面检查", "《企业信息公示暂行条例》第十四条", ""),
)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙"
GIVEN = (
    "建国",
    "海燕",
    "志强",
    "丽华",
    "卫东",
    "秀英",
    "国庆",
    "晓明",
    "红梅",
    "子涵",
    "文博",
    "静怡",
)


def demo_inspections_ensure() -> int:
    for code, name, method, basis, industry in ITEMS:
        InspectionItem.objects.get_or_create(
            code=code,
            defaults={"name": name, "method": method, "legal_basis": basis, "industry": industry},
        )
    made = 0
    for d_index, dept in enumerate(Department.objects.exclude(jurisdiction="").order_by("code")):
        for k in range(4):
            i = (d_index * 4 + k) % len(GIVEN)
            _inspector, created = Inspector.objects.get_or_create(
                badge_no=f"{dept.code.upper()}-{k + 1:03d}",
                defaults={"name": SURNAMES[i % len(SURNAMES)] + GIVEN[i], "department": dept},
            )
            made += created
    return made


def demo_plan_ensure() -> InspectionPlan | None:
    """One published demo plan for Anqing, drawn by the demo grader with a fixed seed."""
    grader = User.objects.filter(username="grader", department__isnull=False).first()
    if grader is None or InspectionPlan.objects.exists():
        return None
    today = timezone.localdate()
    plan = plan_draw(
        actor=grader,
        title=f"{today.year}年安庆市产品质量双随机抽查（演示）",
        region="3408",
        industry="",
        period_start=today - dt.timedelta(days=7),
        period_end=today + dt.timedelta(days=60),
        items=list(InspectionItem.objects.filter(code__in=["SJ-01", "SJ-06"])),
        seed="demo-2026",
    )
    return plan_publish(actor=grader, plan=plan)
