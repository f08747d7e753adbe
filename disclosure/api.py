"""Open-data API: read-only, anonymous, throttled, paginated (信用信息公示 for machines)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django_filters import FilterSet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from disclosure import exports
from disclosure.changes import KINDS, changes_between
from disclosure.conditional import public_cached
from disclosure.filters import BlacklistFilter, EnterpriseFilter, ListKind, RedListFilter
from disclosure.lists import public_blacklist, public_red_list
from disclosure.paging import CappedPaginator
from disclosure.profiles import public_enterprise, public_profile
from disclosure.search import (
    MAX_QUERY,
    SearchQueryError,
    search_enterprises,
    search_query_clean,
)
from disclosure.serializers import (
    BlacklistEntrySerializer,
    ChangeSerializer,
    ChangesPageSerializer,
    EnterpriseSearchPageSerializer,
    EnterpriseSummarySerializer,
    ProfileSerializer,
    RedListSerializer,
)
from enterprises.models import Enterprise, Industry
from enterprises.uscc import USCC_PATTERN, normalise, uscc_error
from ratings.models import Grade

LIST_KINDS = [kind for kind, _label in ListKind.CHOICES]
CHANGES_PAGE = 500
CHANGES_MAX_DAYS = 31  # older copies start again from the exports
COMMIT_MARGIN = dt.timedelta(seconds=5)


class PublicApi(APIView):
    authentication_classes: list[Any] = []  # the same answer for everyone; no cookies, no CSRF
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "public"


class StrictPagination(PageNumberPagination):
    """A page that is not a positive number, or past the end, is a 400, not a 404."""

    page_size_query_param = None
    django_paginator_class = CappedPaginator  # counts stop at 10,000; exports have them all

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> Any:
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound as exc:
            raise ValidationError({"page": [str(exc.detail)]}) from exc

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [PAGE]


def _filter_or_400(filterset: Any) -> Any:
    if not filterset.is_valid():
        raise ValidationError(filterset.errors)
    return filterset.qs


def _page_number(request: Request) -> int:
    raw = request.query_params.get("page") or "1"  # `?page=` is no page given, as DRF reads it
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
        raise ValidationError({"page": [_("A page is a whole number from 1.")]})
    return int(raw)


# Query parameters as the filters read them (an empty value is no filter: core.schema).
FILTER_PARAMS = [
    OpenApiParameter(
        "region",
        {"type": "string", "pattern": "^([0-9]{2}){1,3}$"},
        description="GB/T 2260 code or prefix of 2, 4 or 6 digits: 44, 4403, 440305 (a code "
        "with no region on file is a 400)",
    ),
    OpenApiParameter(
        "industry",
        {"type": "string", "enum": Industry.values},
        description="GB/T 4754 section letter",
    ),
    OpenApiParameter("grade", {"type": "string", "enum": Grade.values}),
]


def day_param(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.DATE, description=description)


# The cached public answers revalidate (disclosure.conditional): If-None-Match or
# If-Modified-Since with the current validators gets a 304 without a body.
NOT_MODIFIED = OpenApiResponse(description="Not modified since the ETag or Last-Modified sent.")
PAGE_SCHEMA = {"type": "integer", "minimum": 1}
PAGE = {
    "name": "page",
    "in": "query",
    "required": False,
    "schema": PAGE_SCHEMA,
    "description": "A whole number from 1; a page past the last is a 400.",
}
USCC = OpenApiParameter(
    "uscc",
    {"type": "string", "pattern": USCC_PATTERN},
    OpenApiParameter.PATH,
    description="Unified social credit code (18 characters; the check characters are "
    "verified: a malformed code is a 400, an unknown one a 404)",
)


@method_decorator(public_cached(shared=True), name="get")
class EnterpriseListApi(PublicApi):
    @extend_schema(
        operation_id="v1_enterprises_list",
        summary="Search enterprises",
        description="Ranked: exact or partial code, then name prefix, then name contains. "
        "At most 1,000 results per query (`capped` says when there were more).",
        parameters=[
            OpenApiParameter(
                "search",
                {"type": "string", "maxLength": MAX_QUERY},
                description="Name (2+ characters), former name or code",
            ),
            *FILTER_PARAMS,
            OpenApiParameter("list", {"type": "string", "enum": LIST_KINDS}),
            OpenApiParameter(
                "page", PAGE_SCHEMA, description="A whole number from 1, up to `pages`."
            ),
        ],
        responses={200: EnterpriseSearchPageSerializer, 304: NOT_MODIFIED},
    )
    def get(self, request: Request) -> Response:
        filterset = EnterpriseFilter(request.query_params, queryset=Enterprise.objects.all())
        base = _filter_or_400(filterset)
        try:
            q = search_query_clean(request.query_params.get("search", ""))
        except SearchQueryError as exc:
            raise ValidationError({"search": [str(exc)]}) from exc
        page = _page_number(request)
        result = search_enterprises(q=q, base=base, page=page)
        if page > result.pages:
            raise ValidationError(
                {"page": [_("There are only %(n)d pages.") % {"n": result.pages}]}
            )
        return Response(
            {
                "count": result.total,
                "capped": result.capped,
                "page": result.page,
                "pages": result.pages,
                "results": EnterpriseSummarySerializer(result.items, many=True).data,
            }
        )


@method_decorator(public_cached(shared=True), name="get")
class EnterpriseDetailApi(PublicApi):
    @extend_schema(
        summary="An enterprise's public profile",
        parameters=[USCC],
        responses={200: ProfileSerializer, 304: NOT_MODIFIED},
    )
    def get(self, request: Request, uscc: str) -> Response:
        code = normalise(uscc)
        problem = uscc_error(code)
        if problem is not None:
            raise ValidationError({"uscc": [problem.message]})
        firm = public_enterprise(uscc=code)
        if firm is None:
            raise NotFound(_("No enterprise with this code is on file."))
        profile = public_profile(enterprise=firm)
        context = {
            "objected_penalties": profile.objected_penalties,
            "objected_inspections": profile.objected_inspections,
            "publicity": profile.publicity,
        }
        return Response(ProfileSerializer(profile, context=context).data)


class PublicListApi(PublicApi, generics.ListAPIView):
    pagination_class = StrictPagination
    filterset_class: type[FilterSet]

    def filter_queryset(self, queryset: Any) -> Any:
        return _filter_or_400(self.filterset_class(self.request.query_params, queryset=queryset))


@method_decorator(public_cached(shared=True), name="get")
@extend_schema(
    summary="The red list",
    parameters=[
        *FILTER_PARAMS,
        day_param("since_from", "Grade held since, from (YYYY-MM-DD)"),
        day_param("since_to", "Grade held since, to (YYYY-MM-DD)"),
    ],
    responses={200: RedListSerializer(many=True), 304: NOT_MODIFIED},
)
class RedListApi(PublicListApi):
    serializer_class = RedListSerializer
    filterset_class = RedListFilter

    def get_queryset(self) -> Any:
        return public_red_list()


@method_decorator(public_cached(shared=True), name="get")
@extend_schema(
    summary="The blacklist (entries in force)",
    parameters=[
        *FILTER_PARAMS,
        day_param("listed_from", "Listed from (YYYY-MM-DD)"),
        day_param("listed_to", "Listed until (YYYY-MM-DD)"),
    ],
    responses={200: BlacklistEntrySerializer(many=True), 304: NOT_MODIFIED},
)
class BlacklistApi(PublicListApi):
    serializer_class = BlacklistEntrySerializer
    filterset_class = BlacklistFilter

    def get_queryset(self) -> Any:
        return public_blacklist()


@extend_schema(exclude=True)
class RedListCsvApi(PublicApi):
    def get(self, request: Request) -> HttpResponseBase:
        filterset = RedListFilter(request.query_params, queryset=public_red_list())
        return exports.csv_response(filterset, exports.red_list_rows, "red-list")


@extend_schema(exclude=True)
class BlacklistCsvApi(PublicApi):
    def get(self, request: Request) -> HttpResponseBase:
        filterset = BlacklistFilter(request.query_params, queryset=public_blacklist())
        return exports.csv_response(filterset, exports.blacklist_rows, "blacklist")


def _when(request: Request, name: str, *, required: bool) -> dt.datetime | None:
    raw = request.query_params.get(name, "")
    if not raw:
        if required:
            raise ValidationError(
                {name: [_("Give a time in ISO 8601, e.g. 2026-11-01T00:00:00+08:00.")]}
            )
        return None
    try:
        value = parse_datetime(raw.replace(" ", "+"))  # an unescaped + arrives as a space
    except ValueError:
        value = None
    if value is None:
        raise ValidationError({name: [_("Not a time in ISO 8601: %(v)s") % {"v": raw}]})
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


class ChangesApi(PublicApi):
    @extend_schema(
        summary="What changed, for mirrors",
        description="Events with since < at <= until, oldest first, 500 per page; follow "
        "`next` until it is null, and refetch the enterprise profile for each uscc. Kinds: "
        "`enterprise` (registration data corrected); `grade` (the grade letter changed), "
        "`red_list` (the firm joined or left the red list), `supervision` (its supervision "
        "mode changed), all three from one grade change (id: the grade change; a letter "
        "change usually sends `supervision` too); `blacklist` (listed or removed); `abnormal` (an "
        "abnormal-operations listing made or removed; id: the listing); `penalty` "
        "(a publishable decision received, corrected or revoked); `inspection` (a record "
        "received or corrected); `recall` (a defect recall received or corrected: its status "
        "moved, or it was withdrawn; id: the recall); `publicity_start` and `publicity_end` "
        "(a penalty shown from, or no longer shown from, a day its Order 45 window starts or "
        "ends, announced in the night that day begins; id: the penalty).",
        parameters=[
            # Text, not `date-time`: any ISO 8601 time Django reads is taken (a date is its
            # midnight, a time without offset is Beijing time), more than RFC 3339 allows.
            OpenApiParameter(
                "since",
                str,
                required=True,
                description="ISO 8601 time, e.g. 2026-11-01T00:00:00+08:00",
            ),
            OpenApiParameter(
                "until",
                str,
                description="ISO 8601 time; defaults to now; at most 31 days after `since`",
            ),
            OpenApiParameter("after", str, description="cursor from `next`"),
        ],
        responses=ChangesPageSerializer,
    )
    def get(self, request: Request) -> Response:
        since = _when(request, "since", required=True)
        until = _when(request, "until", required=False) or timezone.now()
        if since is None:  # _when raises first; this narrows the type
            raise ValidationError({"since": [_("Give a time in ISO 8601.")]})
        if until < since:
            raise ValidationError({"until": [_("until is before since.")]})
        if until - since > dt.timedelta(days=CHANGES_MAX_DAYS):
            raise ValidationError(
                {
                    "since": [
                        _(
                            "At most %(d)d days at a time; start a new copy from the CSV "
                            "exports and the enterprise API."
                        )
                        % {"d": CHANGES_MAX_DAYS}
                    ]
                }
            )
        # A transaction stamped a moment ago may still be committing: events of the last few
        # seconds are left for the next call instead of being skipped for good.
        until = max(since, min(until, timezone.now() - COMMIT_MARGIN))
        after = _cursor(request.query_params.get("after", ""))
        items = changes_between(since=since, until=until, after=after, limit=CHANGES_PAGE)
        next_url = None
        if len(items) == CHANGES_PAGE:
            last = items[-1]
            params = request.query_params.copy()
            params["until"] = until.isoformat()
            params["after"] = f"{last.at.isoformat()}~{last.kind}~{last.id}"
            next_url = request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
        return Response(
            {
                "since": since,
                "until": until,
                "next": next_url,
                "results": ChangeSerializer(items, many=True).data,
            }
        )


def _cursor(raw: str) -> tuple[dt.datetime, str, int] | None:
    if not raw:
        return None
    parts = raw.replace(" ", "+").split("~")
    try:
        at = parse_datetime(parts[0]) if len(parts) == 3 else None
    except ValueError:  # well formed but impossible, e.g. 30 February
        at = None
    if at is None or parts[1] not in KINDS or not (parts[2].isascii() and parts[2].isdigit()):
        raise ValidationError({"after": [_("Not a cursor given by `next`.")]})
    return at, parts[1], int(parts[2])
