"""Regulators keep the abnormal-operations list (经营异常名录) over the API: list a firm, read
the listings of their area, and move a listing on (correction received, removed, escalated
to a blacklist proposal). Session sign-in like the blacklist's due-process API; a refusal of
the service maps to 400/403/409 in the project handler (core.api)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.requests import request_user
from accounts.roles import Action, regulator_can
from core.schema import refusal
from enterprises.models import Enterprise
from enterprises.uscc import USCC_PATTERN, normalise, uscc_error
from lists import abnormal, abnormal_escalation
from lists.models import AbnormalGround, AbnormalListing
from lists.rules import abnormal_current_q, abnormal_removal_overdue

SCHEMA_TAGS = ["abnormal-operations list"]


@extend_schema_serializer(component_name="AbnormalListing")
class ListingOutput(serializers.ModelSerializer):
    uscc = serializers.CharField(source="enterprise.uscc")
    name = serializers.CharField(source="enterprise.name")
    department = serializers.CharField(source="department.code")
    escalated_to = serializers.IntegerField(
        source="escalated_to_id", read_only=True, allow_null=True
    )
    overdue = serializers.SerializerMethodField(
        help_text="Still listed after its removal was due (the firm's correction received)."
    )

    class Meta:
        model = AbnormalListing
        fields = [
            "id",
            "uscc",
            "name",
            "department",
            "ground",
            "facts",
            "legal_basis",
            "listed_on",
            "corrected_on",
            "correction_statement",
            "removal_due",
            "overdue",
            "removed_on",
            "removal_reason",
            "escalation_warned_on",
            "escalated_to",
        ]

    def get_overdue(self, obj: AbnormalListing) -> bool:
        return abnormal_removal_overdue(obj, today=self.context["today"])


def _context() -> dict[str, Any]:
    return {"today": timezone.localdate()}


def _regulator(request: Request) -> Any:
    """The signed-in regulator; firm users and anyone else get 403 (reads are for regulators)."""
    user = request_user(request)
    if not regulator_can(user, Action.FILE_VIEW):
        raise PermissionDenied(_("Only regulators read the abnormal-operations list here."))
    return user


def _area(user: Any) -> QuerySet[AbnormalListing]:
    return AbnormalListing.objects.filter(
        enterprise__region__code__startswith=user.jurisdiction
    ).select_related("enterprise", "department__parent")


class ListingFilter(serializers.Serializer):
    state = serializers.ChoiceField(
        choices=["current", "removed", "all"], default="current", required=False
    )
    ground = serializers.ChoiceField(choices=AbnormalGround.choices, required=False)
    uscc = serializers.RegexField(USCC_PATTERN, required=False)
    page = serializers.IntegerField(
        min_value=1, required=False, help_text="A whole number from 1; past the last: 404."
    )


@extend_schema_serializer(component_name="AbnormalListingPage")
class ListingPage(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ListingOutput(many=True)


class AbnormalListingsApi(APIView):
    """GET the listings of the caller's area; POST lists a firm."""

    authentication_classes = [SessionAuthentication]
    permission_classes = [IsAuthenticated]

    # Named for the schema: the blacklist's views have nested InputSerializers too.
    @extend_schema_serializer(component_name="AbnormalListingInput")
    class InputSerializer(serializers.Serializer):
        uscc = serializers.RegexField(USCC_PATTERN)
        ground = serializers.ChoiceField(choices=AbnormalGround.choices)
        facts = serializers.CharField(max_length=abnormal.FACTS_MAX)
        legal_basis = serializers.CharField(
            max_length=500,
            required=False,
            allow_blank=True,
            help_text="Defaults to the ground's article of 《企业经营异常名录管理暂行办法》.",
        )

    @extend_schema(
        operation_id="abnormal_listings_list",
        tags=SCHEMA_TAGS,
        parameters=[ListingFilter],
        responses={200: ListingPage, 404: refusal(404, "A page past the last.")},
        description="Listings of firms in the caller's jurisdiction, oldest first; `state` "
        "current (default), removed or all. Regulators only (403 otherwise).",
    )
    def get(self, request: Request) -> Response:
        user = _regulator(request)
        params = ListingFilter(data=request.query_params)
        params.is_valid(raise_exception=True)
        v = params.validated_data
        qs = _area(user)
        state = v.get("state", "current")
        if state == "current":
            qs = qs.filter(abnormal_current_q())
        elif state == "removed":
            qs = qs.exclude(abnormal_current_q())
        if "ground" in v:
            qs = qs.filter(ground=v["ground"])
        if "uscc" in v:
            qs = qs.filter(enterprise__uscc=normalise(v["uscc"]))
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(qs.order_by("listed_on", "id"), request, view=self)
        return paginator.get_paginated_response(
            ListingOutput(page, many=True, context=_context()).data
        )

    @extend_schema(
        operation_id="abnormal_listing_create",
        tags=SCHEMA_TAGS,
        request=InputSerializer,
        responses={
            201: ListingOutput,
            404: refusal(404, "No firm with this code."),
            409: refusal(409, "The firm is already listed on that ground."),
        },
        description="Put a firm on the list on one of the four grounds with the facts found. "
        "A malformed code or bad field: 400; no firm with the code: 404; a role that does not "
        "keep the lists or a firm outside the jurisdiction: 403; already listed on that "
        "ground: 409. The firm is notified.",
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        code = normalise(v["uscc"])
        if (problem := uscc_error(code)) is not None:
            return Response({"uscc": [problem.message]}, status=status.HTTP_400_BAD_REQUEST)
        firm = get_object_or_404(Enterprise, uscc=code)
        listing = abnormal.abnormal_list(
            actor=request_user(request),
            enterprise=firm,
            ground=v["ground"],
            facts=v["facts"],
            legal_basis=v.get("legal_basis", ""),
        )
        return Response(
            ListingOutput(listing, context=_context()).data, status=status.HTTP_201_CREATED
        )


class AbnormalListingApi(APIView):
    authentication_classes = [SessionAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="abnormal_listing_retrieve",
        tags=SCHEMA_TAGS,
        responses={200: ListingOutput},
        description="One listing of the caller's area (404 outside it).",
    )
    def get(self, request: Request, pk: int) -> Response:
        user = _regulator(request)
        listing = get_object_or_404(_area(user), pk=pk)
        return Response(ListingOutput(listing, context=_context()).data)


STEPS = {
    "corrected": abnormal.abnormal_correction_received,
    "removed": abnormal.abnormal_remove,
}


class AbnormalStepApi(APIView):
    """POST …/entries/{id}/{corrected|removed|escalated}/ (no body)."""

    authentication_classes = [SessionAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="abnormal_listing_step",
        tags=SCHEMA_TAGS,
        request=None,
        parameters=[
            OpenApiParameter(
                "step",
                str,
                OpenApiParameter.PATH,
                enum=[*STEPS, "escalated"],
                description="The step",
            )
        ],
        responses={
            200: ListingOutput,
            409: refusal(409, "A step the listing's state does not allow."),
        },
        description="`corrected`: the firm's correction received, removal due within the "
        "list policy's working days; `removed`: removal of a corrected listing by the listing "
        "department or its superior; `escalated`: a blacklist proposal for a listing past the "
        "escalation years and warned long enough (its id in `escalated_to`). A role that "
        "does not keep the lists or a firm outside the jurisdiction: 403; a step the listing's "
        "state does not allow (removing an uncorrected or removed listing, escalating one not "
        "due): 409.",
    )
    def post(self, request: Request, pk: int, step: str) -> Response:
        if step not in (*STEPS, "escalated"):
            return Response(
                {"detail": _("Unknown step: %(step)s") % {"step": step}},
                status=status.HTTP_404_NOT_FOUND,
            )
        listing = get_object_or_404(
            AbnormalListing.objects.select_related("enterprise", "department__parent"), pk=pk
        )
        actor = request_user(request)
        if step == "escalated":
            abnormal_escalation.abnormal_escalate(actor=actor, listing=listing)
            listing.refresh_from_db()
        else:
            listing = STEPS[step](actor=actor, listing=listing)
        return Response(ListingOutput(listing, context=_context()).data)
