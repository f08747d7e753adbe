from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from enterprises.models import (
    Enterprise,
    InspectionRecord,
    LicenceRecord,
    PenaltyRecord,
    QualityAccidentRecord,
    UnlicensedProductionRecord,
)

pytestmark = pytest.mark.django_db

HEADER = ["uscc", "source_ref", "product", "inspected_on", "level", "result", "defect_severity"]


def write_csv(path: Path, rows: list[list[Any]], header: list[str] = HEADER) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_it_imports_a_csv_and_a_resend_changes_nothing(
    tmp_path: Path, department: Any, firm: Enterprise, capsys: Any
) -> None:
    rows = [
        [firm.uscc, f"CSV-{i}", "酱油", "2026-04-0" + str(i + 1), "municipal", "pass", ""]
        for i in range(3)
    ]
    path = write_csv(tmp_path / "ins.csv", rows)
    call_command("import_records", "inspections", str(path), "--department", "aq-amr")
    assert "3 created, 0 updated, 0 unchanged" in capsys.readouterr().out
    assert InspectionRecord.objects.count() == 3
    call_command("import_records", "inspections", str(path), "--department", "aq-amr")
    assert "0 created, 0 updated, 3 unchanged" in capsys.readouterr().out
    record = InspectionRecord.objects.get(source_ref="CSV-0")
    assert record.history.get().history_change_reason == "import:aq-amr"


def test_it_imports_an_xlsx_with_real_dates(
    tmp_path: Path, department: Any, firm: Enterprise
) -> None:
    import datetime as dt

    book = Workbook()
    sheet = book.active
    sheet.append(
        ["uscc", "source_ref", "decision_no", "decided_on", "kind", "amount", "legal_basis"]
    )
    sheet.append(
        [
            firm.uscc,
            "X-1",
            "安市监罚〔2026〕1号",
            dt.datetime(2026, 3, 1),  # noqa: DTZ001  # Excel cells hold naive dates  # noqa: DTZ001  # Excel cells hold naive dates
            "fine",
            12000,
            "《产品质量法》第五十条",
        ]
    )
    path = tmp_path / "pen.xlsx"
    book.save(path)
    call_command("import_records", "penalties", str(path), "--department", "aq-amr")
    penalty = PenaltyRecord.objects.get()
    assert penalty.decided_on == dt.date(2026, 3, 1)
    assert penalty.amount == 12000


def test_it_reports_bad_rows_by_line_and_writes_nothing(
    tmp_path: Path, department: Any, firm: Enterprise, capsys: Any
) -> None:
    rows = [
        [firm.uscc, "OK-1", "酱油", "2026-04-01", "municipal", "pass", ""],
        ["91110000600037341N", "BAD-1", "酱油", "2026-04-01", "municipal", "pass", ""],
        [firm.uscc, "BAD-2", "酱油", "2026-13-01", "municipal", "fail", ""],
    ]
    path = write_csv(tmp_path / "ins.csv", rows)
    with pytest.raises(CommandError, match="2 invalid row"):
        call_command("import_records", "inspections", str(path), "--department", "aq-amr")
    err = capsys.readouterr().err
    assert "row 3: uscc:" in err
    assert "row 4: inspected_on:" in err
    assert InspectionRecord.objects.count() == 0


def test_partial_imports_the_valid_rows(tmp_path: Path, department: Any, firm: Enterprise) -> None:
    rows = [
        [firm.uscc, "OK-1", "酱油", "2026-04-01", "municipal", "pass", ""],
        [firm.uscc, "BAD-1", "酱油", "2026-04-01", "municipal", "unknown", ""],
    ]
    path = write_csv(tmp_path / "ins.csv", rows)
    call_command("import_records", "inspections", str(path), "--department", "aq-amr", "--partial")
    assert list(InspectionRecord.objects.values_list("source_ref", flat=True)) == ["OK-1"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.txt", "x", "Only .csv and .xlsx"),
        ("a.csv", "", "no header"),
        ("a.csv", "uscc,source_ref\n", "no data rows"),
        ("a.xlsx", "not a zip", "Cannot read"),
    ],
)
def test_it_rejects_unreadable_files(
    tmp_path: Path, department: Any, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_records", "inspections", str(path), "--department", "aq-amr")


def test_it_rejects_a_csv_that_is_not_utf8(tmp_path: Path, department: Any) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes("uscc,source_ref\n企业,1\n".encode("gbk"))
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("import_records", "inspections", str(path), "--department", "aq-amr")


def test_it_needs_a_known_department(tmp_path: Path, db: Any) -> None:
    path = write_csv(tmp_path / "a.csv", [])
    with pytest.raises(CommandError, match="No active department"):
        call_command("import_records", "inspections", str(path), "--department", "nobody")


def test_a_ref_repeated_across_batches_is_reported(
    tmp_path: Path, department: Any, firm: Enterprise, capsys: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr("enterprises.services.import_files.CHUNK", 2)
    rows = [
        [firm.uscc, ref, "酱油", "2026-04-01", "municipal", "pass", ""]
        for ref in ("A", "B", "C", "A")
    ]
    path = write_csv(tmp_path / "ins.csv", rows)
    with pytest.raises(CommandError, match="1 invalid row"):
        call_command("import_records", "inspections", str(path), "--department", "aq-amr")
    assert "row 5: source_ref: repeats row 2" in capsys.readouterr().err
    assert InspectionRecord.objects.count() == 0


def test_it_imports_the_new_record_kinds_and_a_licences_revocation_day(
    tmp_path: Path, department: Any, firm: Enterprise, capsys: Any
) -> None:
    files = {
        "unlicensed": (
            ["uscc", "source_ref", "found_on", "product", "licence_required"],
            [[firm.uscc, "U-1", "2026-02-10", "桶装饮用水", "食品生产许可证"]],
        ),
        "accidents": (
            ["uscc", "source_ref", "occurred_on", "severity", "summary"],
            [[firm.uscc, "A-1", "2026-03-05", "larger", "压力容器爆裂"]],
        ),
        "licences": (
            ["uscc", "source_ref", "licence_no", "title", "issued_on", "status", "revoked_on"],
            [[firm.uscc, "L-1", "SC1", "食品生产许可证", "2020-05-01", "revoked", "2026-01-15"]],
        ),
    }
    for kind, (header, rows) in files.items():
        path = write_csv(tmp_path / f"{kind}.csv", rows, header)
        call_command("import_records", kind, str(path), "--department", "aq-amr")
        assert "1 created, 0 updated, 0 unchanged" in capsys.readouterr().out
    assert UnlicensedProductionRecord.objects.get().product == "桶装饮用水"
    assert QualityAccidentRecord.objects.get().severity == "larger"
    assert str(LicenceRecord.objects.get().revoked_on) == "2026-01-15"


def test_a_revoked_licence_without_its_day_is_refused_and_nothing_written(
    tmp_path: Path, department: Any, firm: Enterprise
) -> None:
    header = ["uscc", "source_ref", "licence_no", "title", "issued_on", "status"]
    rows = [
        [firm.uscc, "L-1", "SC1", "食品生产许可证", "2020-05-01", "valid"],
        [firm.uscc, "L-2", "SC2", "食品生产许可证", "2020-05-01", "revoked"],
    ]
    path = write_csv(tmp_path / "lic.csv", rows, header)
    with pytest.raises(CommandError):
        call_command("import_records", "licences", str(path), "--department", "aq-amr")
    assert not LicenceRecord.objects.exists()
