"""`python -m bench --json` writes exactly the figures issue #17 lists, null (with the reason
printed) for what could not run; the benchmarks never touch the database the tests use.

The benchmarks themselves run in CI's smoke run (.ci/run: BENCH_FIRMS=2000 python -m bench
--json …, then the load test for a few seconds), against databases of their own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import harness
from bench.__main__ import KEYS, figures_merge, main

ISSUE_KEYS = {
    "intake_rows_per_s",
    "intake_copy_rows_per_s",
    "regrade_full_s",
    "regrade_unchanged_s",
    "regrade_unchanged_rows_written",
    "regrade_unchanged_wal_mb",
    "regrade_plus400_s",
    "post_to_grade_p95_ms",
    "search_sql_p95_ms",
    "search_api_rps",
    "profile_api_rps",
    "orm_view_rps",
    "list_page_rps",
    "trivial_view_rps",
    "match_p95_ms",
    "pinyin_search_p95_ms",
    "firms",
    # Beyond one machine (items 2 and 5): the regrade fanned out over 1, 2 and 4 worker
    # processes, the standby's lag and its public reads.
    "regrade_fanout_1_s",
    "regrade_fanout_2_s",
    "regrade_fanout_4_s",
    "replica_lag_p95_ms",
    "replica_profile_api_rps",
}


def test_the_document_has_exactly_the_issues_keys_with_nulls_explained() -> None:
    document, why = figures_merge(
        {"intake": {"intake_rows_per_s": 1, "intake_copy_rows_per_s": 2}, "grading": {}},
        firms=2000,
    )
    assert set(document) == ISSUE_KEYS
    assert list(document) == list(KEYS)
    assert document["firms"] == 2000
    assert document["intake_rows_per_s"] == 1
    assert document["regrade_full_s"] is None
    assert "regrade_full_s: null because benchmark 'grading' did not report it" in "\n".join(why)
    assert "search_api_rps: null because benchmark 'disclosure' was not chosen" in why
    assert not any(line.startswith("intake_") for line in why)


def test_an_unknown_benchmark_is_refused_before_anything_runs(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--json", str(tmp_path / "out.json"), "nosuch"])
    assert stopped.value.code == 2
    assert not (tmp_path / "out.json").exists()


@pytest.mark.parametrize(
    "url",
    [
        "postgres://postgres@127.0.0.1:5432/credit_portal",
        "postgres://u:p@db.example:6543/test_credit_portal?sslmode=require",
        "sqlite:///var/portal.sqlite3",
        "",
    ],
)
def test_a_bench_database_is_never_the_configured_one(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BENCH_DATABASE_URL", raising=False)
    monkeypatch.setenv("DATABASE_URL", url)
    got = harness.bench_database_url("intake")
    assert got.startswith("postgres")
    assert got != url
    assert got.split("?")[0].endswith(f"_bench_intake_{harness.FIRMS}")


def test_figures_are_handed_back_through_the_file_the_runner_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "figures.json"
    monkeypatch.setenv("BENCH_FIGURES_FILE", str(target))
    harness.figures_record(intake_rows_per_s=10)
    harness.figures_record(intake_copy_rows_per_s=20)
    assert json.loads(target.read_text()) == {
        "intake_rows_per_s": 10,
        "intake_copy_rows_per_s": 20,
    }
