"""Regulators move blacklist entries through due process (session sign-in, CSRF-protected)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_serializer,
)
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.requests import request_user
from core.schema import refusal
from enterprises.selectors import enterprise_scope
from enterprises.uscc import USCC_PATTERN, normalise
from lists import entries as services
from lists import removal, selectors
from lists.models import BlacklistEntry, PersonRole


class EntryOutput(serializers.ModelSerializer):
    uscc = serializers.CharField(source="enterprise.uscc")
    department = serializers.CharField(source="department.code")

    class Meta:
        model = BlacklistEntry
        fields = [
            "id",
            "uscc",
            "department",
            "status",
            "grounds",
            "legal_basis",
            "penalty",
            "inspections",
            "hearing_deadline",
            "listed_on",
            "ends_on",
            "removed_on",
            "removal_reason",
        ]


def _entry(request: Request, pk: int) -> BlacklistEntry:
    """An entry of a firm in the user's jurisdiction (404 otherwise)."""
    return get_object_or_404(
        BlacklistEntry.objects.select_related("enterprise", "department__parent"),
        pk=pk,
        enterprise__in=enterprise_scope(user=request.user),
    )


class EntryProposeApi(APIView):
    authentication_classes = [SessionAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema_serializer(component_name="BlacklistProposalInput")
    class InputSerializer(serializers.Serializer):
        uscc = serializers.RegexField(USCC_PATTERN)
        grounds = serializers.CharField(max_length=4000)
        legal_basis = serializers.CharField(max_length=2000)
        # The basis (谁处罚谁列入): a penalty or seriously failed samplings of the firm, decided
        # by the proposer's department or one below it; one of the two is required.
        penalty_id = serializers.IntegerField(
            required=False,
            help_text="A live penalty decision of the firm the listing rests on. "
            "Required unless inspection_ids is given.",
        )
        inspection_ids = serializers.ListField(
            child=serializers.IntegerField(),
            required=False,
            max_length=20,
            help_text="Seriously failed samplings of the firm that make a listing condition "
            "(2 or more national/provincial within 3 years, or 2 consecutive). "
            "Required unless penalty_id is given.",
        )
        persons = serializers.ListField(
            child=serializers.DictField(child=serializers.CharField(max_length=64)),
            required=False,
            max_length=10,
        )

    @extend_schema(
        operation_id="blacklist_entry_propose",
        tags=["blacklist"],
        request=InputSerializer,
        responses={
            201: EntryOutput,
            404: refusal(404, "No firm with this code in the caller's jurisdiction."),
            409: refusal(409, "A step the entry's due process does not allow."),
        },
        description="Propose a listing on its basis: `penalty_id` or `inspection_ids` of the "
        "firm. No basis, an unknown id or another firm's record: 400; a basis decided by a "
        "department that is not the proposer's or below it (谁处罚谁列入): 403 with the reason.",
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        firm = enterprise_scope(user=request.user).filter(uscc=normalise(v["uscc"])).first()
        if firm is None:
            return Response(
                {"detail": _("No firm with this code in your jurisdiction.")},
                status=status.HTTP_404_NOT_FOUND,
            )
        persons = []
        for p in v.get("persons", []):
            if p.get("role") not in PersonRole.values or not p.get("name") or not p.get("id"):
                return Response(
                    {"detail": _("Each person needs a name, a role and an ID number.")},
                    status=status.HTTP_400_BAD_REQUEST,
                )
            persons.append((p["name"], p["role"], p["id"]))
        penalty, inspections = selectors.proposal_basis_get(
            enterprise=firm,
            penalty_id=v.get("penalty_id"),
            inspection_ids=v.get("inspection_ids", []),
        )
        # A refusal of the service maps to 400/403/409 in the project handler (core.api).
        entry = services.blacklist_entry_propose(
            actor=request_user(request),
            enterprise=firm,
            grounds=v["grounds"],
            legal_basis=v["legal_basis"],
            penalty=penalty,
            inspections=inspections,
            persons=persons,
        )
        return Response(EntryOutput(entry).data, status=status.HTTP_201_CREATED)


STEPS = {
    "notify": services.blacklist_entry_notify,
    "approve": services.blacklist_entry_approve,
    "publish": services.blacklist_entry_publish,
    "withdraw": services.blacklist_entry_withdraw,
}


STEP_DOC = "The due-process step; `remove` needs `why` (a revoked basis)."


class EntryTransitionApi(APIView):
    """POST …/entries/{id}/{notify|approve|publish|withdraw|remove}/ with a reason."""

    authentication_classes = [SessionAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema_serializer(component_name="BlacklistStepInput")
    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=4000)
        # Credit repair is decided on the firm's application (dueprocess.repair), not here.
        why = serializers.ChoiceField(choices=["revoked"], required=False)

    @extend_schema(
        operation_id="blacklist_entry_step",
        tags=["blacklist"],
        parameters=[
            OpenApiParameter(
                "step", str, OpenApiParameter.PATH, enum=[*STEPS, "remove"], description=STEP_DOC
            )
        ],
        request=InputSerializer,
        responses={
            200: EntryOutput,
            409: refusal(409, "A step the entry's state does not allow."),
        },
    )
    def post(self, request: Request, pk: int, step: str) -> Response:
        if step not in (*STEPS, "remove"):
            return Response(
                {"detail": _("Unknown step: %(step)s") % {"step": step}},
                status=status.HTTP_404_NOT_FOUND,
            )
        entry = _entry(request, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        # ValidationError -> 400, PermissionDenied -> 403, IllegalTransitionError -> 409: the
        # project handler (core.api).
        if step == "remove":
            if "why" not in v:
                return Response(
                    {"detail": {"why": [_("must be one of: %(codes)s") % {"codes": "revoked"}]}},
                    status=status.HTTP_400_BAD_REQUEST,
                )
            entry = removal.blacklist_entry_remove(
                actor=request_user(request), entry=entry, why=v["why"], reason=v["reason"]
            )
        else:
            entry = STEPS[step](actor=request_user(request), entry=entry, reason=v["reason"])
        return Response(EntryOutput(entry).data)
