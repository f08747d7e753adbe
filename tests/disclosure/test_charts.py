"""Charts a person can read: small classes stay visible, shares are given as percentages,
axes are labelled with whole-number ticks."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation

from disclosure.charts import MIN_SEGMENT, _segment_widths, _ticks, columns, percent
from tests.factories import EnterpriseFactory


def test_a_small_share_keeps_a_visible_width_and_the_bar_stays_full() -> None:
    widths = _segment_widths([5, 300, 1000, 96, 0], total=480)
    assert widths[0] == MIN_SEGMENT  # 5 of 1,401 would be 1.7 px
    assert widths[-1] == 0
    assert sum(widths) == pytest.approx(480)
    assert widths[2] > widths[1] > widths[3]


def test_shares_read_as_people_write_them() -> None:
    assert percent(5, 1401) == "0.4 %"
    assert percent(700, 1401) == "50 %"
    assert percent(0, 0) == "0 %"


@pytest.mark.parametrize(
    ("peak", "expected"),
    [(0, [0, 1]), (1, [0, 1]), (3, [0, 1, 2, 3]), (7, [0, 2, 4, 6, 8]), (23, [0, 10, 20, 30])],
)
def test_ticks_are_whole_numbers_reaching_the_peak(peak: int, expected: list[int]) -> None:
    assert _ticks(peak) == expected


def test_the_columns_chart_names_both_axes_and_labels_several_ticks() -> None:
    svg = str(
        columns(
            title="t",
            description="d",
            points=[("2026-01", 7), ("2026-02", 2)],
            x_label="月份",
            y_label="列入数",
        )
    )
    assert "月份" in svg
    assert "列入数" in svg
    tick_labels = re.findall(r'text-anchor="end">(\d+)</text>', svg)
    assert tick_labels == ["0", "2", "4", "6", "8"]


@pytest.mark.django_db
def test_the_statistics_table_gives_shares_next_to_counts() -> None:
    EnterpriseFactory(region_id="340802")
    with translation.override("zh-hans"):
        page = Client().get("/statistics/").content.decode()
    assert '<span class="share">(100 %)</span>' in page
