"""GET /api/v1/bulk/ lists the dumps; /bulk/<day>/<dataset>.<format> streams a file with its
SHA-256 as ETag; anything unknown is a 404, bad parameters a 400."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest
from django.test import Client

from bulk.models import BulkFile
from bulk.services import bulk_dir, bulk_dump_write
from tests.clock import noon
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 26)
DAY = dt.timedelta(days=1)


@pytest.fixture
def dumped(time_machine: Any, django_capture_on_commit_callbacks: Any) -> list[BulkFile]:
    EnterpriseFactory.create_batch(3)
    for day in (TODAY - DAY, TODAY):
        time_machine.move_to(noon(day), tick=False)
        with django_capture_on_commit_callbacks(execute=True):
            files = bulk_dump_write(day=day)
    return files


def test_the_index_lists_every_file_newest_day_first(
    client: Client, dumped: list[BulkFile], django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(2):  # the count and the page, whatever the size
        response = client.get("/api/v1/bulk/")

    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 32  # 2 days x 8 datasets x 2 formats
    first = data["results"][0]
    firms = BulkFile.objects.get(day=TODAY, dataset="abnormal", format="csv")
    assert first == {
        "date": TODAY.isoformat(),
        "dataset": "abnormal",
        "format": "csv",
        "rows": 0,
        "bytes": firms.bytes,
        "sha256": firms.sha256,
        "url": f"http://testserver/bulk/{TODAY.isoformat()}/abnormal.csv",
        "taken_at": first["taken_at"],
        "changes_since": first["changes_since"],
    }
    taken = dt.datetime.fromisoformat(first["taken_at"])
    assert taken == noon(TODAY)
    assert dt.datetime.fromisoformat(first["changes_since"]) < taken


def test_the_index_filters_by_day_dataset_and_format(
    client: Client, dumped: list[BulkFile]
) -> None:
    response = client.get(
        "/api/v1/bulk/", {"date": TODAY.isoformat(), "dataset": "firms", "file_format": "jsonl.gz"}
    )

    results = response.json()["results"]
    assert [(r["date"], r["dataset"], r["format"], r["rows"]) for r in results] == [
        (TODAY.isoformat(), "firms", "jsonl.gz", 3)
    ]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"date": "2026-02-30"}, "date"),
        ({"date": "yesterday"}, "date"),
        ({"dataset": "passwords"}, "dataset"),
        ({"file_format": "xlsx"}, "file_format"),
        ({"page": "0"}, "page"),
        ({"page": "99"}, "page"),
    ],
)
def test_bad_parameters_are_a_400_naming_them(
    client: Client, dumped: list[BulkFile], query: dict[str, str], field: str
) -> None:
    response = client.get("/api/v1/bulk/", query)

    assert response.status_code == 400
    assert field in response.json()


def test_a_file_downloads_with_its_type_name_and_etag(
    client: Client, dumped: list[BulkFile]
) -> None:
    for file in BulkFile.objects.filter(day=TODAY, dataset="firms"):
        response = client.get(f"/bulk/{TODAY.isoformat()}/firms.{file.format}")

        body = b"".join(response.streaming_content)
        assert response.status_code == 200
        assert hashlib.sha256(body).hexdigest() == file.sha256
        assert body == (bulk_dir() / file.path).read_bytes()
        assert response["ETag"] == f'"{file.sha256}"'
        assert response["Content-Disposition"] == (
            f'attachment; filename="firms-{TODAY.isoformat()}.{file.format}"'
        )
        expected = {"csv": "text/csv; charset=utf-8", "jsonl.gz": "application/gzip"}
        assert response["Content-Type"] == expected[file.format]


def test_a_download_revalidates_with_its_etag(client: Client, dumped: list[BulkFile]) -> None:
    file = BulkFile.objects.get(day=TODAY, dataset="firms", format="csv")

    response = client.get(
        f"/bulk/{TODAY.isoformat()}/firms.csv", HTTP_IF_NONE_MATCH=f'"{file.sha256}"'
    )

    assert response.status_code == 304
    assert response.content == b""


@pytest.mark.parametrize(
    "path",
    [
        "/bulk/2026-11-24/firms.csv",  # no dump that day
        "/bulk/2026-13-01/firms.csv",  # no such day
        "/bulk/someday/firms.csv",
        "/bulk/2026-11-26/passwords.csv",  # no such dataset
        "/bulk/2026-11-26/firms.xlsx",  # no such format
        "/bulk/2026-11-26/firms",
        "/bulk/2026-11-26/..%2F..%2Fportal.sqlite3",
    ],
)
def test_an_unknown_file_is_a_404(client: Client, dumped: list[BulkFile], path: str) -> None:
    assert client.get(path).status_code == 404


def test_a_file_indexed_but_gone_is_a_404_not_a_500(client: Client, dumped: list[BulkFile]) -> None:
    file = BulkFile.objects.get(day=TODAY, dataset="firms", format="csv")
    (bulk_dir() / file.path).unlink()

    assert client.get(f"/bulk/{TODAY.isoformat()}/firms.csv").status_code == 404


def test_a_download_only_answers_get(client: Client, dumped: list[BulkFile]) -> None:
    assert client.post(f"/bulk/{TODAY.isoformat()}/firms.csv").status_code == 405


@pytest.mark.parametrize(
    "role", ["anon", "enterprise", "clerk", "grader", "list_officer", "approver", "admin"]
)
def test_every_caller_gets_the_same_public_index_and_files(
    client_as: Any, dumped: list[BulkFile], role: str
) -> None:
    client = client_as(role)

    index = client.get("/api/v1/bulk/", {"dataset": "firms", "date": TODAY.isoformat()})
    download = client.get(f"/bulk/{TODAY.isoformat()}/firms.csv")

    assert index.status_code == 200
    assert [r["format"] for r in index.json()["results"]] == ["csv", "jsonl.gz"]
    assert download.status_code == 200
    file = BulkFile.objects.get(day=TODAY, dataset="firms", format="csv")
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == file.sha256
