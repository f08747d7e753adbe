"""The demo departments: the national administration, Anhui and Guangdong down to a county."""

from __future__ import annotations

from accounts.models import Department

DEMO_DEPARTMENTS = (
    # code, name, jurisdiction, parent code
    ("samr", "国家市场监督管理总局", "", None),
    ("ah-amr", "安徽省市场监督管理局", "34", "samr"),
    ("aq-amr", "安庆市市场监督管理局", "3408", "ah-amr"),
    ("aq-yj-amr", "安庆市迎江区市场监督管理局", "340802", "aq-amr"),
    ("aq-health", "安庆市卫生健康委员会", "3408", None),
    ("aq-housing", "安庆市住房和城乡建设局", "3408", None),
    ("gd-amr", "广东省市场监督管理局", "44", "samr"),
    ("sz-amr", "深圳市市场监督管理局", "4403", "gd-amr"),
)

# The departments that send credit-file records (sampling, penalties, licences, complaints).
MARKET_REGULATORS = frozenset({"samr", "ah-amr", "aq-amr", "aq-yj-amr", "gd-amr", "sz-amr"})


def departments_ensure() -> dict[str, Department]:
    """Create the demo departments that are missing; return all by code."""
    by_code = {dep.code: dep for dep in Department.objects.all()}
    for code, name, jurisdiction, parent in DEMO_DEPARTMENTS:
        if code not in by_code:
            by_code[code] = Department.objects.create(
                code=code,
                name=name,
                jurisdiction=jurisdiction,
                parent=by_code.get(parent) if parent else None,
            )
    return by_code
