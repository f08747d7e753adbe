"""Name screening for departments (POST /api/v1/match/): token-authenticated, like the
restriction checks; the service answers and logs every name (enterprises.services.matching).
The serializers below document the call and the answer in the OpenAPI schema."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ParseError, UnsupportedMediaType
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.authentication import DepartmentTokenAuthentication, request_department
from core.parsers import StrictJSONParser
from enterprises.api import IsDepartment
from enterprises.services.matching import (
    FIELD_MAX,
    NAME_MAX,
    MatchReply,
    enterprise_match,
    enterprise_match_unreadable,
)

MATCHED_ON = ["uscc", "name", "pinyin", "legal_representative", "region"]


class MatchQueryInput(serializers.Serializer):
    name = serializers.CharField(
        max_length=NAME_MAX,
        help_text="The firm's name as written (traditional characters, full-width forms, "
        "region prefixes and company-form words are folded away), or its pinyin.",
    )
    region = serializers.CharField(
        required=False,
        max_length=FIELD_MAX["region"],
        help_text="A region code (340800, or a prefix such as 34) or name (安庆市, 安庆)",
    )
    legal_representative = serializers.CharField(
        required=False, max_length=FIELD_MAX["legal_representative"]
    )
    uscc = serializers.CharField(
        required=False,
        max_length=FIELD_MAX["uscc"],
        help_text="The code if known: check characters verified (a malformed code is a 400)",
    )


class MatchInput(serializers.Serializer):
    queries = serializers.ListField(
        child=MatchQueryInput(),
        min_length=1,
        max_length=settings.MATCH_MAX_QUERIES,
        help_text=f"1 to {settings.MATCH_MAX_QUERIES} names, answered in this order",
    )
    limit = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=settings.MATCH_MAX_LIMIT,
        help_text=f"candidates per name (default {settings.MATCH_DEFAULT_LIMIT})",
    )


class CandidateOutput(serializers.Serializer):
    uscc = serializers.CharField()
    name = serializers.CharField()
    score = serializers.FloatField(min_value=0, max_value=1, help_text="1 is a certain match")
    matched_on = serializers.ListField(
        child=serializers.ChoiceField(choices=MATCHED_ON),
        help_text="the parts that matched: the code, the name's characters, its pinyin, the "
        "legal representative, the region",
    )


class MatchResultOutput(serializers.Serializer):
    index = serializers.IntegerField(help_text="the query's place in the call, from 0")
    name = serializers.CharField(help_text="the name asked")
    candidates = CandidateOutput(many=True, help_text="best first; empty when none is close")


class MatchOutput(serializers.Serializer):
    limit = serializers.IntegerField()
    results = MatchResultOutput(many=True)


def _sent(reply: MatchReply) -> Response:
    return Response(reply.body, status=reply.status)


class EnterpriseMatchApi(APIView):
    """Screen names against the credit file: per name, candidate firms ranked by score."""

    authentication_classes = [DepartmentTokenAuthentication]
    permission_classes = [IsDepartment]
    parser_classes = [StrictJSONParser]  # JSON only, as documented

    @extend_schema(
        tags=["match"],
        request=MatchInput,
        # A 400 names each problem (`errors: [{index, field, reason}]`, index null for the
        # whole call) beside `detail`; core.schema documents it with the other refusals.
        responses={200: MatchOutput},
    )
    def post(self, request: Request) -> Response:
        department = request_department(request)
        try:
            data = request.data
        except (ParseError, UnsupportedMediaType) as error:
            return _sent(
                enterprise_match_unreadable(department=department, detail=str(error.detail))
            )
        return _sent(enterprise_match(department=department, data=data))
