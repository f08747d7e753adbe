"""Restriction checks for other departments (一处违法、处处受限): token-authenticated; the
service answers and logs every question (lists.restrictions). The serializers below document
the answer's shape in the OpenAPI schema; the service builds the body."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ParseError, UnsupportedMediaType
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.authentication import DepartmentTokenAuthentication, request_department
from core.guards import checks_own_input
from core.parsers import StrictJSONParser
from core.schema import refusal
from enterprises.api import IsDepartment
from enterprises.uscc import USCC_PATTERN
from lists.restriction_batch import BATCH_MAX, restriction_check_enterprises
from lists.restrictions import (
    RestrictionReply,
    restriction_check_enterprise,
    restriction_check_person,
    restriction_check_unreadable,
)

ACTION = OpenApiParameter(
    "action",
    OpenApiTypes.STR,
    required=True,
    description=(
        "procurement, bidding, land, honours, licences, financing, appointment … (the measure "
        "catalogue; the list policy in force says which lists restrict each)"
    ),
)


class MeasureOutput(serializers.Serializer):
    code = serializers.CharField(help_text="the action")
    name = serializers.CharField(help_text="the joint-punishment measure (联合惩戒措施)")
    legal_basis = serializers.CharField()


class BasisOutput(serializers.Serializer):
    list = serializers.ChoiceField(
        choices=["blacklist", "abnormal", "grade"],
        help_text="blacklist (Order 44), abnormal-operations list, or the C grade",
    )
    listed_on = serializers.DateField(
        allow_null=True, help_text="date listed; for a grade, the date it is held since"
    )
    ends_on = serializers.DateField(
        allow_null=True, help_text="blacklist: last day in force; otherwise null (open-ended)"
    )
    department = serializers.CharField(
        allow_null=True, help_text="the listing department (null for a grade)"
    )
    legal_basis = serializers.CharField(
        help_text="the entry's legal basis; for the abnormal list 《企业经营异常名录管理暂行办法》 "
        "and the article item of its ground; for a grade the grading policy version"
    )
    ground = serializers.CharField(required=False, help_text="abnormal list only: the ground")
    ground_label = serializers.CharField(required=False, help_text="abnormal list only")
    grade = serializers.CharField(required=False, help_text="grade only: C")
    computed_on = serializers.DateField(required=False, help_text="grade only")
    grading_policy_version = serializers.IntegerField(required=False, help_text="grade only")
    overridden = serializers.BooleanField(
        required=False, help_text="grade only: set by a regulator's override"
    )


class AnswerOutput(serializers.Serializer):
    action = serializers.CharField()
    restricted = serializers.BooleanField()
    measures = MeasureOutput(many=True, help_text="empty when not restricted")
    basis = BasisOutput(many=True, help_text="every basis; empty when not restricted")
    restricting_lists = serializers.ListField(
        child=serializers.CharField(),
        help_text="the lists that restrict this action under the list policy in force",
    )
    list_policy_version = serializers.IntegerField()


class EnterpriseAnswerOutput(AnswerOutput):
    uscc = serializers.CharField()


class PersonAnswerOutput(AnswerOutput):
    pass


class RefusalOutput(serializers.Serializer):
    detail = serializers.CharField()
    field = serializers.CharField(required=False)


# Refusals are answered (and logged) by the service, in its own shape.
REFUSALS = {400: RefusalOutput, 401: RefusalOutput, 403: RefusalOutput}
USCC = OpenApiParameter(
    "uscc",
    {"type": "string", "pattern": USCC_PATTERN},
    OpenApiParameter.PATH,
    description="Unified social credit code (18 characters; check characters verified: a "
    "malformed code is a 400, an unknown one a 404)",
)


def _sent(reply: RestrictionReply) -> Response:
    return Response(reply.body, status=reply.status)


@checks_own_input
class EnterpriseRestrictionApi(APIView):
    authentication_classes = [DepartmentTokenAuthentication]
    permission_classes = [IsDepartment]

    @extend_schema(
        tags=["restrictions"],
        parameters=[USCC, ACTION],
        responses={
            200: EnterpriseAnswerOutput,
            404: RefusalOutput,
            405: refusal(405, "`person` in place of a code: that question is a POST."),
            **REFUSALS,
        },
    )
    def get(self, request: Request, uscc: str) -> Response:
        reply = restriction_check_enterprise(
            department=request_department(request),
            uscc=uscc,
            action=request.query_params.get("action", ""),
        )
        return _sent(reply)


class PersonQuestion(serializers.Serializer):
    id_number = serializers.CharField(
        max_length=40,
        help_text="The person's ID number itself (resident identity card, with its check "
        "digit, or another document's number). Sent in the body over TLS, never in a URL; the "
        "portal hashes it with its own key and logs only the hash.",
    )
    action = serializers.CharField(max_length=32, help_text=str(ACTION.description))


@checks_own_input
class PersonRestrictionApi(APIView):
    authentication_classes = [DepartmentTokenAuthentication]
    permission_classes = [IsDepartment]
    parser_classes = [StrictJSONParser]  # JSON only, as documented

    @extend_schema(
        tags=["restrictions"],
        request=PersonQuestion,
        responses={200: PersonAnswerOutput, **REFUSALS},
    )
    def post(self, request: Request) -> Response:
        try:
            data = request.data if isinstance(request.data, dict) else {}
        except (ParseError, UnsupportedMediaType) as error:
            return _sent(
                restriction_check_unreadable(
                    department=request_department(request), detail=str(error.detail)
                )
            )
        reply = restriction_check_person(
            department=request_department(request),
            id_number=str(data.get("id_number") or ""),
            action=str(data.get("action") or ""),
        )
        return _sent(reply)


class BatchQuestion(serializers.Serializer):
    action = serializers.CharField(max_length=32, help_text=str(ACTION.description))
    codes = serializers.ListField(
        child=serializers.CharField(max_length=64),
        min_length=1,
        max_length=BATCH_MAX,
        help_text=f"Unified social credit codes, 1 to {BATCH_MAX}; answered in this order.",
    )


class BatchItemOutput(EnterpriseAnswerOutput):
    """An answer as the single check gives it, or that check's refusal, with its status."""

    status = serializers.IntegerField(help_text="200, or 400 (malformed code) / 404 (unknown)")
    action = serializers.CharField(required=False)
    restricted = serializers.BooleanField(required=False)
    measures = MeasureOutput(many=True, required=False)
    basis = BasisOutput(many=True, required=False)
    restricting_lists = serializers.ListField(child=serializers.CharField(), required=False)
    list_policy_version = serializers.IntegerField(required=False)
    detail = serializers.CharField(required=False, help_text="refused items only: why")
    field = serializers.CharField(required=False)


class BatchAnswerOutput(serializers.Serializer):
    action = serializers.CharField()
    results = BatchItemOutput(many=True, help_text="one per code, in the order asked")


def _batch_shape_error(data: Any) -> str | None:
    """A body outside the documented shape is one (logged) 400; within it, each code that is
    malformed or unknown is refused on its own item."""
    action, codes = data.get("action"), data.get("codes")
    if not isinstance(action, str) or not 0 < len(action) <= 32:
        return _("action must be the code of a measure (1 to 32 characters).")
    if not isinstance(codes, list) or not codes:
        return _("codes must be a non-empty list of codes.")
    if len(codes) > BATCH_MAX:
        return _("At most %(max)d codes at a time, not %(n)d.") % {
            "max": BATCH_MAX,
            "n": len(codes),
        }
    if not all(isinstance(c, str) and 0 < len(c) <= 64 for c in codes):
        return _("Each code must be text of 1 to 64 characters.")
    return None


@checks_own_input
class BatchRestrictionApi(APIView):
    """Check up to 1,000 firms in one call; each item is answered as the single check answers
    it, and a malformed or unknown code refuses its own item only (its status on the item)."""

    authentication_classes = [DepartmentTokenAuthentication]
    permission_classes = [IsDepartment]
    parser_classes = [StrictJSONParser]  # JSON only, as documented

    @extend_schema(
        tags=["restrictions"],
        request=BatchQuestion,
        responses={200: BatchAnswerOutput, **REFUSALS},
    )
    def post(self, request: Request) -> Response:
        department = request_department(request)
        try:
            data = request.data if isinstance(request.data, dict) else {}
        except (ParseError, UnsupportedMediaType) as error:
            return _sent(
                restriction_check_unreadable(department=department, detail=str(error.detail))
            )
        if (problem := _batch_shape_error(data)) is not None:
            return _sent(restriction_check_unreadable(department=department, detail=problem))
        action = data.get("action")
        action = action.strip() if isinstance(action, str) else ""
        replies = restriction_check_enterprises(
            department=department, codes=data["codes"], action=action
        )
        results = [{"status": reply.status, **reply.body} for reply in replies]
        return Response({"action": action, "results": results})
