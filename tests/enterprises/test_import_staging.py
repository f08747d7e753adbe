"""The console's two-step import: a checked upload is kept, then written once, whole."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from core.models import AuditEntry
from enterprises.models import (
    InspectionRecord,
    QualityAccidentRecord,
    UnlicensedProductionRecord,
)
from enterprises.services.import_files import import_confirm, import_stage
from enterprises.services.register import enterprise_update
from tests.factories import DepartmentFactory, EnterpriseFactory, RegulatorFactory, uscc_for

pytestmark = pytest.mark.django_db
HEADER = "uscc,source_ref,product,inspected_on,level,result\n"


@pytest.fixture
def staging(tmp_path: Path) -> Any:
    with override_settings(PRIVATE_MEDIA_ROOT=str(tmp_path)):
        yield tmp_path / "imports"


@pytest.fixture
def clerk(db: Any) -> Any:
    department = DepartmentFactory(code="aq-amr", jurisdiction="3408")
    return RegulatorFactory(role="clerk", jurisdiction="3408", department=department)


def upload(text: str, name: str = "records.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode())


def kept(staging: Path) -> list[Path]:
    return sorted(staging.glob("*")) if staging.exists() else []


def test_a_clean_file_is_kept_then_written_once(clerk: Any, staging: Path) -> None:
    firm = EnterpriseFactory()
    staged = import_stage(
        actor=clerk,
        kind="inspections",
        upload=upload(HEADER + f"{firm.uscc},R1,面粉,2026-01-05,provincial,pass\n"),
    )
    assert (staged.check.total, staged.check.errors) == (1, [])
    assert staged.token
    assert [p.name for p in kept(staging)] == [staged.token]
    assert not InspectionRecord.objects.exists()  # checked, not written
    totals = import_confirm(actor=clerk, kind="inspections", token=staged.token or "")
    assert totals == {"created": 1, "updated": 0, "unchanged": 0}
    assert InspectionRecord.objects.get().source_ref == "R1"
    assert AuditEntry.objects.get().data["channel"] == "import"
    assert kept(staging) == []
    with pytest.raises(ValidationError):  # used once
        import_confirm(actor=clerk, kind="inspections", token=staged.token or "")
    assert InspectionRecord.objects.count() == 1


def test_a_file_with_bad_rows_is_reported_and_not_kept(clerk: Any, staging: Path) -> None:
    staged = import_stage(
        actor=clerk,
        kind="inspections",
        upload=upload(HEADER + f"{uscc_for(999)},R1,面粉,2026-01-05,provincial,pass\n"),
    )
    assert staged.token is None
    assert staged.check.errors[0]["row"] == 2
    assert kept(staging) == []


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.exe", b"MZ"),  # not a CSV or XLSX file
        ("a.csv", "uscc\n".encode("utf-16")),  # not UTF-8
        ("a.csv", HEADER.encode()),  # a header and no rows
        ("a.xlsx", b"not a workbook"),
    ],
)
def test_an_unreadable_upload_is_refused_on_its_field(
    clerk: Any, staging: Path, name: str, content: bytes
) -> None:
    with pytest.raises(ValidationError) as caught:
        import_stage(actor=clerk, kind="inspections", upload=SimpleUploadedFile(name, content))
    assert "file" in caught.value.message_dict
    assert kept(staging) == []


@pytest.mark.parametrize("token", ["", "../../settings.py", "0" * 32 + ".csv"])
def test_only_a_staged_file_can_be_confirmed(clerk: Any, staging: Path, token: str) -> None:
    with pytest.raises(ValidationError):
        import_confirm(actor=clerk, kind="inspections", token=token)
    assert not InspectionRecord.objects.exists()


def test_a_file_that_no_longer_passes_writes_nothing(clerk: Any, staging: Path) -> None:
    firm = EnterpriseFactory()
    staged = import_stage(
        actor=clerk,
        kind="inspections",
        upload=upload(HEADER + f"{firm.uscc},R1,面粉,2026-01-05,provincial,pass\n"),
    )
    # The firm moves out of the department's jurisdiction before the clerk confirms.
    enterprise_update(actor=None, enterprise=firm, changes={"region": "440305"})
    with pytest.raises(ValidationError):
        import_confirm(actor=clerk, kind="inspections", token=staged.token or "")
    assert not InspectionRecord.objects.exists()
    assert kept(staging) == []


def test_importing_needs_a_clerk_with_a_department(staging: Path) -> None:
    grader = RegulatorFactory(role="grader", department=DepartmentFactory())
    with pytest.raises(PermissionDenied):
        import_stage(actor=grader, kind="inspections", upload=upload(HEADER))
    with pytest.raises(PermissionDenied):
        import_confirm(actor=RegulatorFactory(role="clerk"), kind="inspections", token="x")
    assert kept(staging) == []


def test_the_console_imports_accidents_and_unlicensed_production(
    clerk: Any, staging: Path
) -> None:
    firm = EnterpriseFactory()
    files = {
        "accidents": "uscc,source_ref,occurred_on,severity,summary\n"
        f"{firm.uscc},A1,2026-03-05,major,锅炉爆炸\n",
        "unlicensed": f"uscc,source_ref,found_on,product\n{firm.uscc},U1,2026-02-10,桶装饮用水\n",
    }
    for kind, text in files.items():
        staged = import_stage(actor=clerk, kind=kind, upload=upload(text))
        assert staged.check.errors == []
        totals = import_confirm(actor=clerk, kind=kind, token=staged.token or "")
        assert totals == {"created": 1, "updated": 0, "unchanged": 0}
    assert QualityAccidentRecord.objects.get().severity == "major"
    assert UnlicensedProductionRecord.objects.get().product == "桶装饮用水"


def test_a_bad_accident_row_is_reported_and_nothing_kept(clerk: Any, staging: Path) -> None:
    firm = EnterpriseFactory()
    text = f"uscc,source_ref,occurred_on,severity,summary\n{firm.uscc},A1,2026-03-05,tiny,x\n"
    staged = import_stage(actor=clerk, kind="accidents", upload=upload(text))
    assert staged.token is None
    assert [e["field"] for e in staged.check.errors] == ["severity"]
    assert kept(staging) == []
    assert not QualityAccidentRecord.objects.exists()
