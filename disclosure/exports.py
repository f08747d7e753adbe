"""Streaming CSV exports of the public lists: the same filters and rules as the pages."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure.filters import filter_errors
from publicity.rules import PublicityRules, publicity_ends_on

CHUNK = 2000


class _Echo:
    def write(self, value: str) -> str:
        return value


def red_list_rows(qs: Any) -> Iterator[list[Any]]:
    yield [
        _("unified social credit code"),
        _("name"),
        _("region code"),
        _("region"),
        _("industry"),
        _("grade"),
        _("grade held since"),
        _("supervision mode"),
    ]
    for firm in qs.iterator(chunk_size=CHUNK):
        grade = firm.grade
        yield [
            firm.uscc,
            firm.name,
            firm.region_id,
            firm.region.name,
            firm.industry,
            grade.grade,
            grade.grade_since.isoformat(),
            grade.get_supervision_mode_display(),
        ]


def blacklist_rows(qs: Any) -> Iterator[list[Any]]:
    yield [
        _("unified social credit code"),
        _("name"),
        _("region code"),
        _("region"),
        _("listing department"),
        _("grounds"),
        _("legal basis"),
        _("listed on"),
        _("ends on"),
    ]
    for entry in qs.iterator(chunk_size=CHUNK):
        firm = entry.enterprise
        yield [
            firm.uscc,
            firm.name,
            firm.region_id,
            firm.region.name,
            entry.department.name,
            entry.grounds,
            entry.legal_basis,
            entry.listed_on.isoformat() if entry.listed_on else "",
            entry.ends_on.isoformat() if entry.ends_on else "",
        ]


CSV_BOM = "\ufeff"  # so spreadsheet programs read the file as UTF-8


def csv_stream(rows: Iterable[list[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield CSV_BOM
    for row in rows:
        yield writer.writerow([csv_cell_defused(v) for v in row])


def csv_cell_defused(value: Any) -> Any:
    """The cell as written to a CSV file: text a spreadsheet would run is quoted inert."""
    # A cell starting with = + - @ would run as a formula in a spreadsheet (CSV injection).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_response(
    filterset: Any, rows: Callable[[Any], Iterator[list[Any]]], name: str
) -> HttpResponseBase:
    if not filterset.is_valid():
        messages = "; ".join(filter_errors(filterset))
        return HttpResponse(messages, status=400, content_type="text/plain; charset=utf-8")
    response = StreamingHttpResponse(
        csv_stream(rows(filterset.qs)), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    return response


def licence_rows(qs: Any) -> Iterator[list[Any]]:
    yield [
        _("unified social credit code"),
        _("name"),
        _("region code"),
        _("region"),
        _("licence number"),
        _("licence"),
        _("product scope"),
        _("issued on"),
        _("valid until"),
        _("licensing department"),
    ]
    for licence in qs.iterator(chunk_size=CHUNK):
        firm = licence.enterprise
        yield [
            firm.uscc,
            firm.name,
            firm.region_id,
            firm.region.name,
            licence.licence_no,
            licence.title,
            licence.scope,
            licence.issued_on.isoformat(),
            licence.valid_until.isoformat() if licence.valid_until else "",
            licence.source_department.name,
        ]


def penalty_rows_for(rules: PublicityRules) -> Callable[[Any], Iterator[list[Any]]]:
    """Rows of the public penalty list, with each decision's publicity end under `rules` (the
    windows the list was chosen by)."""

    def rows(qs: Any) -> Iterator[list[Any]]:
        yield [
            _("unified social credit code"),
            _("name"),
            _("region code"),
            _("region"),
            _("decision number"),
            _("decided on"),
            _("penalty"),
            _("amount (CNY)"),
            _("legal basis"),
            _("deciding department"),
            _("no longer shown from"),
        ]
        for penalty in qs.iterator(chunk_size=CHUNK):
            firm = penalty.enterprise
            end = publicity_ends_on(penalty, rules)
            yield [
                firm.uscc,
                firm.name,
                firm.region_id,
                firm.region.name,
                penalty.decision_no,
                penalty.decided_on.isoformat(),
                penalty.get_kind_display(),
                str(penalty.amount) if penalty.amount is not None else "",
                penalty.legal_basis,
                penalty.source_department.name,
                end.isoformat() if end else "",
            ]

    return rows
