"""`|day` renders a date as <time>, which portal.css never breaks over two lines."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.test import override_settings


def render(text: str, **context: object) -> str:
    return Template(text).render(Context(context))


def test_it_wraps_a_date_with_its_iso_day() -> None:
    html = render('{{ d|day:"Y-m-d" }}', d=dt.date(2026, 3, 1))
    assert html == '<time datetime="2026-03-01">2026-03-01</time>'


@override_settings(TIME_ZONE="Asia/Shanghai")
def test_it_shows_a_moment_in_local_time() -> None:
    at = dt.datetime(2026, 2, 28, 17, 30, tzinfo=ZoneInfo("UTC"))  # 01:30 the next day here
    html = render('{{ at|day:"Y-m-d H:i" }}', at=at)
    assert html == '<time datetime="2026-03-01T01:30:00+08:00">2026-03-01 01:30</time>'


@pytest.mark.parametrize("empty", [None, ""])
def test_it_leaves_nothing_for_no_date_so_default_applies(empty: object) -> None:
    assert render('{{ d|day:"Y-m-d"|default:"—" }}', d=empty) == "—"


def test_it_passes_other_values_through_escaped() -> None:
    assert render("{{ v|day }}", v="<b>") == "&lt;b&gt;"


def test_a_sentence_keeps_the_date_as_markup() -> None:
    html = render(
        "{% load i18n %}"
        "{% blocktranslate with d=d|day:'Y-m-d' %}due {{ d }}{% endblocktranslate %}",
        d=dt.date(2026, 3, 1),
    )
    assert html == 'due <time datetime="2026-03-01">2026-03-01</time>'


def test_it_marks_the_dates_of_a_composed_text_and_escapes_the_rest() -> None:
    html = render("{{ t|dated }}", t="listed 2026-03-01 <until> 2029-03-01")
    assert html == (
        'listed <time datetime="2026-03-01">2026-03-01</time> &lt;until&gt; '
        '<time datetime="2029-03-01">2029-03-01</time>'
    )
