"""The subscription API for departments (token auth): subscribe, list, remove."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.authentication import DepartmentTokenAuthentication, request_department
from core.parsers import StrictJSONParser
from enterprises.api import IsDepartment
from sharing.models import EventType, Subscription
from sharing.selectors import subscriptions_of
from sharing.services import WATCH_LIST_MAX, subscription_create, subscription_remove


class ErrorOutput(serializers.Serializer):
    detail = serializers.CharField(required=False)
    code = serializers.CharField(required=False)


class SubscriptionInput(serializers.Serializer):
    url = serializers.CharField(
        max_length=500,
        help_text="https URL that receives the signed deliveries (private, loopback and "
        "link-local targets are refused)",
    )
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=EventType.values),
        min_length=1,
        help_text="event types: " + ", ".join(EventType.values),
    )
    enterprises = serializers.ListField(
        child=serializers.CharField(max_length=64),
        required=False,
        max_length=WATCH_LIST_MAX,
        help_text="a watch-list of codes; omitted, every firm of the department's jurisdiction",
    )


class SubscriptionCreatedOutput(serializers.Serializer):
    id = serializers.IntegerField()
    secret = serializers.CharField(
        help_text="Standard Webhooks secret (whsec_…), shown only in this answer"
    )


class SubscriptionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField()
    events = serializers.ListField(child=serializers.CharField())
    enterprises = serializers.ListField(child=serializers.CharField())
    is_active = serializers.BooleanField(help_text="false once disabled after failures")
    failure_streak = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    disabled_at = serializers.DateTimeField(allow_null=True)


# The refusals (400, 401, 403, and on POST 413/415/503) are added to every operation by
# core.schema from the view's authentication and permissions; only a 404 is an operation's own.


class SubscriptionsApi(APIView):
    authentication_classes = [DepartmentTokenAuthentication]
    permission_classes = [IsDepartment]
    parser_classes = [StrictJSONParser]  # JSON only, as documented: a form is a 415

    @extend_schema(tags=["webhooks"], responses={200: SubscriptionOutput(many=True)})
    def get(self, request: Request) -> Response:
        rows = subscriptions_of(departments=[request_department(request)])
        return Response(SubscriptionOutput(rows, many=True).data)

    @extend_schema(
        tags=["webhooks"],
        request=SubscriptionInput,
        responses={201: SubscriptionCreatedOutput},
    )
    def post(self, request: Request) -> Response:
        data = SubscriptionInput(data=request.data)
        data.is_valid(raise_exception=True)
        subscription = subscription_create(
            department=request_department(request),
            url=data.validated_data["url"],
            events=data.validated_data["events"],
            enterprises=data.validated_data.get("enterprises"),
            actor=None,
        )
        return Response(
            {"id": subscription.pk, "secret": subscription.secret}, status=status.HTTP_201_CREATED
        )


class SubscriptionApi(APIView):
    authentication_classes = [DepartmentTokenAuthentication]
    permission_classes = [IsDepartment]

    @extend_schema(tags=["webhooks"], responses={204: None, 404: ErrorOutput})
    def delete(self, request: Request, pk: int) -> Response:
        # Another department's subscription is not found, not forbidden: no probing.
        subscription = get_object_or_404(
            Subscription.objects.select_related("department"),
            pk=pk,
            department=request_department(request),
            removed_at__isnull=True,
        )
        subscription_remove(subscription=subscription, actor=None)
        return Response(status=status.HTTP_204_NO_CONTENT)
