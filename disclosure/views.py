"""Public pages (信用信息公示): search, firm profiles, the lists, statistics, grading rules."""

from __future__ import annotations

from typing import Any

import django_filters as df
from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Department
from disclosure import exports
from disclosure.charts import GRADE_COLOURS, columns, percent, stacked_bars
from disclosure.china_map import grade_map
from disclosure.conditional import public_cached
from disclosure.dual_publicity import public_licences, public_penalty_list
from disclosure.filters import (
    BlacklistFilter,
    EnterpriseFilter,
    LicenceFilter,
    PenaltyFilter,
    RedListFilter,
    filter_errors,
)
from disclosure.lists import public_blacklist, public_red_list
from disclosure.paging import CappedPaginator
from disclosure.policy_text import (
    grading_explained,
    penalty_publicity_explained,
    red_list_explained,
)
from disclosure.profiles import public_enterprise, public_profile
from disclosure.published import maker_products_public
from disclosure.regions import region_cascade, region_param
from disclosure.search import SearchQueryError, search_enterprises, search_query_clean
from disclosure.selectors import portal_overview
from disclosure.statistics import public_statistics
from disclosure.views_products import barcode_typed
from enterprises.models import Enterprise, Industry
from enterprises.report_sections import filled_sections
from enterprises.selectors import published_report
from enterprises.uscc import normalise
from publicity.rules import publicity_rules
from ratings.models import Grade
from ratings.policy import GRADES
from ratings.services.policy import grading_policy_active

PAGE_SIZE = 20


def _filter_data(request: HttpRequest) -> QueryDict:
    """The query with the region cascade folded into one `region` value."""
    data = request.GET.copy()
    data.setlist("region", [region_param(request.GET)])
    return data


def _filter_context(filterset: Any) -> dict[str, Any]:
    region = filterset.form.cleaned_data.get("region", "") if filterset.is_valid() else ""
    dates = [
        (name, f.label, filterset.data.get(name, ""))
        for name, f in filterset.filters.items()
        if isinstance(f, df.DateFilter)
    ]
    return {
        "filter": filterset,
        "dates": dates,
        "cascade": region_cascade(region),
        "industries": Industry.choices,
        "grades": Grade.choices,
    }


def _page_query(request: HttpRequest) -> str:
    """The query string without `page`, for pager links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@public_cached
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "disclosure/home.html", {"overview": portal_overview()})


@public_cached
def search(request: HttpRequest) -> HttpResponse:
    barcode = barcode_typed(request.GET.get("q", "")[:50])
    if barcode is not None:
        return redirect("disclosure:product", gtin=barcode)
    filterset = EnterpriseFilter(_filter_data(request), queryset=_base_firms())
    context = _filter_context(filterset) | {
        "q": request.GET.get("q", ""),
        "query": _page_query(request),
    }
    errors = [] if filterset.is_valid() else filter_errors(filterset)
    try:
        q = search_query_clean(request.GET.get("q", ""))
    except SearchQueryError as exc:
        errors.append(str(exc))
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    if errors:
        return render(request, "disclosure/search.html", context | {"errors": errors}, status=400)
    context["results"] = search_enterprises(q=q, base=filterset.qs, page=page)
    return render(request, "disclosure/search.html", context)


def _base_firms() -> QuerySet[Enterprise]:
    return Enterprise.objects.all()


@public_cached
def profile(request: HttpRequest, uscc: str) -> HttpResponse:
    firm = public_enterprise(uscc=normalise(uscc))
    if firm is None:
        raise Http404(_("No enterprise with this code is on file."))
    today = timezone.localdate()
    return render(
        request,
        "disclosure/profile.html",
        {
            "p": public_profile(enterprise=firm, today=today),
            "products": maker_products_public(enterprise=firm),
            "today": today,
        },
    )


@public_cached
def report(request: HttpRequest, uscc: str, year: int) -> HttpResponse:
    """A published quality-credit report, in the print layout (reads well on paper)."""
    firm = public_enterprise(uscc=normalise(uscc))
    found = published_report(enterprise=firm, year=year) if firm else None
    if found is None:
        raise Http404(_("No published report for this year."))
    return render(
        request,
        "selfservice/report_print.html",
        {"report": found, "filled": filled_sections(found)},
    )


def _list_page(
    request: HttpRequest,
    *,
    template: str,
    filterset: Any,
    title: str,
    lead: str = "",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    context = (
        _filter_context(filterset)
        | {"title": title, "lead": lead, "query": _page_query(request)}
        | (extra or {})
    )
    if not filterset.is_valid():
        errors = filter_errors(filterset)
        return render(request, template, context | {"errors": errors}, status=400)
    context["page"] = CappedPaginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, template, context)


@public_cached
def red_list(request: HttpRequest) -> HttpResponse:
    return _list_page(
        request,
        template="disclosure/red_list.html",
        filterset=RedListFilter(_filter_data(request), queryset=public_red_list()),
        title=_("Red list (守信红名单)"),
        lead=red_list_explained(grading_policy_active()),
    )


@public_cached
def blacklist(request: HttpRequest) -> HttpResponse:
    return _list_page(
        request,
        template="disclosure/blacklist.html",
        filterset=BlacklistFilter(_filter_data(request), queryset=public_blacklist()),
        title=_("Blacklist of serious violations (严重违法失信名单)"),
    )


def red_list_csv(request: HttpRequest) -> HttpResponseBase:
    filterset = RedListFilter(_filter_data(request), queryset=public_red_list())
    return exports.csv_response(filterset, exports.red_list_rows, "red-list")


def blacklist_csv(request: HttpRequest) -> HttpResponseBase:
    filterset = BlacklistFilter(_filter_data(request), queryset=public_blacklist())
    return exports.csv_response(filterset, exports.blacklist_rows, "blacklist")


def _dual_context(request: HttpRequest) -> dict[str, Any]:
    return {
        "q": request.GET.get("q", ""),
        "departments": list(Department.objects.order_by("code").values_list("code", "name")),
    }


@public_cached
def licences(request: HttpRequest) -> HttpResponse:
    return _list_page(
        request,
        template="disclosure/licences.html",
        filterset=LicenceFilter(_filter_data(request), queryset=public_licences()),
        title=_("Administrative licences (行政许可)"),
        extra=_dual_context(request),
    )


def licences_csv(request: HttpRequest) -> HttpResponseBase:
    filterset = LicenceFilter(_filter_data(request), queryset=public_licences())
    return exports.csv_response(filterset, exports.licence_rows, "licences")


@public_cached
def penalties(request: HttpRequest) -> HttpResponse:
    rules = publicity_rules()
    return _list_page(
        request,
        template="disclosure/penalties.html",
        filterset=PenaltyFilter(_filter_data(request), queryset=public_penalty_list(rules=rules)),
        title=_("Administrative penalties (行政处罚)"),
        lead=penalty_publicity_explained(rules),
        extra=_dual_context(request),
    )


def penalties_csv(request: HttpRequest) -> HttpResponseBase:
    rules = publicity_rules()
    filterset = PenaltyFilter(_filter_data(request), queryset=public_penalty_list(rules=rules))
    return exports.csv_response(filterset, exports.penalty_rows_for(rules), "penalties")


def _map_shown() -> bool:
    """Only a reviewed map goes to the public; a preview is marked as one (settings)."""
    return bool(settings.MAP_REVIEW_NUMBER) or settings.MAP_PREVIEW


@public_cached
def statistics(request: HttpRequest) -> HttpResponse:
    filterset = EnterpriseFilter(_filter_data(request), queryset=_base_firms())
    context = _filter_context(filterset)
    if not filterset.is_valid():
        errors = filter_errors(filterset)
        return render(
            request, "disclosure/statistics.html", context | {"errors": errors}, status=400
        )
    prefix = filterset.form.cleaned_data.get("region") or ""
    stats = public_statistics(prefix=prefix)
    labels = {g: g for g in GRADES} | {"": _("not graded")}
    # Largest regions first: a chart sorted by size reads at a glance.
    regions = sorted(stats.regions, key=lambda r: (-r.total, r.code))
    # The cascade's options already name every province (and the chosen one's cities), so the
    # map names regions without firms at no extra query.
    names = {r.code: r.name for level in context["cascade"] for r in level.options}
    context |= {
        "stats": stats,
        "map_shown": _map_shown(),
        "grade_map": grade_map(prefix=prefix, regions=stats.regions, names=names),
        "map_review_number": settings.MAP_REVIEW_NUMBER,
        "region_rows": [
            (
                r,
                [(n, percent(n, r.total)) for n in (*r.counts.values(), r.not_graded)],
            )
            for r in regions
        ],
        "grades": GRADES,
        "grade_chart": stacked_bars(
            title=_("Grades by region"),
            description=_(
                "Share of firms in each grade, per region; the table below gives the numbers."
            ),
            rows=[(r.name, r.counts | {"": r.not_graded}) for r in regions],
            keys=[*GRADES, ""],
            colours=GRADE_COLOURS,
            key_labels=labels,
        ),
        "listing_chart": columns(
            title=_("Blacklist listings per month"),
            description=_(
                "New blacklist entries per month over two years; the table below gives the numbers."
            ),
            points=[(m.month.strftime("%Y-%m"), m.listed) for m in stats.months],
            x_label=_("Month"),
            y_label=_("Entries listed"),
        ),
    }
    return render(request, "disclosure/statistics.html", context)


@public_cached
def grading(request: HttpRequest) -> HttpResponse:
    policy = grading_policy_active()
    grades, matrix, risks = grading_explained(policy)
    return render(
        request,
        "disclosure/grading.html",
        {"policy": policy, "grade_rules": grades, "matrix": matrix, "risks": risks},
    )
