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
# The actions other departments may ask about, as shipped (a superuser may add measures).
RESTRICTION_ACTIONS = tuple(code for code, _name, _persons in DEFAULT_MEASURES)

# The legal basis of an abnormal-operations listing: the measure of the list and, per ground,
# the item of its article 4 (未按期公示年报 / 未按责令公示 / 弄虚作假 / 无法联系).
ABNORMAL_MEASURE = "《企业经营异常名录管理暂行办法》（国家工商行政管理总局令第68号）"
ABNORMAL_GROUND_ARTICLE = {
    "no_annual_report": "第四条第（一）项",
    "not_disclosed": "第四条第（二）项",
    "false_information": "第四条第（三）项",
    "unreachable": "第四条第（四）项",
}


def abnormal_legal_basis(ground: str) -> str:
    """The measure and the article item an abnormal listing on `ground` rests on."""
    return ABNORMAL_MEASURE + ABNORMAL_GROUND_ARTICLE.get(ground, "第四条")


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
