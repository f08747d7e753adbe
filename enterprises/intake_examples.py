"""One request example per intake kind, shown in the API docs (Swagger's "Example Value" and
"Try it out") so a department sees a whole valid record of each kind before it writes one.

Every example passes the kind's intake rules (tests/api/test_intake_examples.py sends each one);
the code passes both checks of GB 32100, the dates are in the past."""

from __future__ import annotations

from typing import Any

EXAMPLE_USCC = "91340802MA2N0LH07D"  # made up, with both check characters right

_RECORDS: dict[str, dict[str, Any]] = {
    "inspections": {
        "source_ref": "AQ-CJ-2026-0312",
        "kind": "sampling",
        "product": "小麦粉",
        "batch": "20260228",
        "gtin": "6901234567892",
        "inspected_on": "2026-03-02",
        "level": "provincial",
        "result": "fail",
        "defect_severity": "serious",
        "lab": "安徽省产品质量监督检验研究院",
    },
    "penalties": {
        "source_ref": "AQ-CF-2026-0012",
        "decision_no": "安市监处罚〔2026〕12号",
        "decided_on": "2026-02-01",
        "kind": "fine",
        "aggravated": False,
        "amount": "20000.00",
        "procedure": "ordinary",
        "legal_basis": "《中华人民共和国产品质量法》第四十九条",
        "facts": "生产不符合保障人体健康安全标准的产品",
        "published_on": "2026-02-10",
        "sector": "other",
    },
    "licences": {
        "source_ref": "AQ-XK-2024-0501",
        "licence_no": "SC10634080200123",
        "title": "食品生产许可证",
        "scope": "粮食加工品（小麦粉）",
        "issued_on": "2024-05-01",
        "valid_until": "2029-04-30",
        "status": "valid",
    },
    "honours": {
        "source_ref": "AQ-RY-2025-0007",
        "kind": "quality_award",
        "title": "安庆市政府质量奖",
        "level": "municipal",
        "awarded_on": "2025-12-01",
        "withdrawn": False,
    },
    "complaints": {
        "source_ref": "AQ-TS-2026-0105",
        "received_on": "2026-01-05",
        "is_quality_appeal": True,
        "subject": "小麦粉结块发霉",
        "status": "upheld",
        "closed_on": "2026-01-20",
    },
    "unlicensed": {
        "source_ref": "AQ-WZ-2026-0007",
        "found_on": "2026-02-10",
        "product": "桶装饮用水",
        "licence_required": "食品生产许可证",
        "case_no": "安市监案〔2026〕7号",
        "facts": "未取得食品生产许可证从事桶装饮用水生产",
    },
    "accidents": {
        "source_ref": "AQ-SG-2026-0003",
        "occurred_on": "2026-03-05",
        "product": "电动自行车蓄电池",
        "severity": "general",
        "summary": "蓄电池充电时起火，致一人轻伤",
    },
    "recalls": {
        "source_ref": "AQ-ZH-2026-0002",
        "gtins": ["6901234567892"],
        "product": "小麦粉 5 kg 袋装",
        "batches": ["20260228", "20260301"],
        "recalled_on": "2026-03-10",
        "reason": "产品标签未标注致敏物质",
        "mode": "voluntary",
        "status": "ongoing",
    },
}


def intake_example(kind: str) -> dict[str, Any]:
    """A complete, valid record of the kind, as a department sends it."""
    return {"uscc": EXAMPLE_USCC, **_RECORDS[kind]}


def intake_example_kinds() -> tuple[str, ...]:
    return tuple(_RECORDS)
