"""The default joint-punishment measures (联合惩戒措施) of SAMR Order 44."""

from __future__ import annotations

from typing import Any

ORDER_44 = "《市场监督管理严重违法失信名单管理办法》（国家市场监督管理总局令第44号）"
DEFAULT_MEASURES = (
    # code, name, applies to responsible persons
    ("procurement", "限制参加政府采购活动", False),
    ("bidding", "限制参与招标投标", False),
    ("land", "限制取得国有土地使用权", False),
    ("honours", "不得授予相关荣誉称号、限制评优评先", True),
    ("licences", "依法从严审查行政许可申请", False),
    ("financing", "限制融资授信、发行债券", False),
    ("appointment", "限制担任法定代表人、负责人或高级管理人员", True),
)


def measures_ensure(model: Any) -> int:
    """Add the default measures that are missing; the migration passes its historical model."""
    known = set(model.objects.values_list("code", flat=True))
    missing = [
        model(code=c, name=n, legal_basis=ORDER_44, applies_to_persons=p)
        for c, n, p in DEFAULT_MEASURES
        if c not in known
    ]
    model.objects.bulk_create(missing)
    return len(missing)
