"""Console pages for the lists: the abnormal-operations list (经营异常名录) day to day, the
firms the portal suggests for the blacklist, and a proposal from the credit file. Each action
calls one list service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import regulator_required
from accounts.requests import SignedInRequest
from accounts.roles import Action, in_jurisdiction, regulator_can
from console.forms_lists import AbnormalListForm, FileProposalForm, ProposalForm
from console.selectors import abnormal_listings_open
from console.views_files import file_detail_context
from console.views_queues import back_to
from core.errors import DomainError, error_text
from enterprises.selectors import credit_file_get
from lists.abnormal import (
    abnormal_correction_received,
    abnormal_list,
    abnormal_removals_overdue,
    abnormal_remove,
)
from lists.abnormal_escalation import abnormal_escalate
from lists.entries import blacklist_entry_propose
from lists.models import AbnormalListing
from lists.selectors import penalties_to_list_on, proposal_basis_get
from lists.suggestions import blacklist_suggestions
from selfservice.models import AttachmentPurpose
from selfservice.selectors import attachments_for

# Order 44 art. 2 for heavier penalties and art. 9 for serious sampling failures.
SUGGESTION_BASIS = "《市场监督管理严重违法失信名单管理办法》第二条、第九条"


def _require_lists(request: SignedInRequest) -> None:
    if not regulator_can(request.user, Action.LIST_PROPOSE):
        raise PermissionDenied(_("Your role does not keep the lists."))


@regulator_required
def abnormal(request: SignedInRequest) -> HttpResponse:
    _require_lists(request)
    form = AbnormalListForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        firm = credit_file_get(user=request.user, uscc=form.cleaned_data["uscc"].upper())
        if firm is None:
            form.add_error("uscc", _("No enterprise with this code is in your area."))
        else:
            v = form.cleaned_data
            try:
                abnormal_list(
                    actor=request.user,
                    enterprise=firm,
                    ground=v["ground"],
                    facts=v["facts"],
                    legal_basis=v["legal_basis"],
                )
            except (ValidationError, PermissionDenied, DomainError) as exc:
                form.add_error(None, error_text(exc))
            else:
                messages.success(request, _("The firm was put on the abnormal-operations list."))
                return redirect("console:abnormal")
    listings = abnormal_listings_open(user=request.user)
    files = attachments_for(
        purpose=AttachmentPurpose.ABNORMAL, owner_ids=[listing.pk for listing in listings]
    )
    return render(
        request,
        "console/abnormal.html",
        {
            "form": form,
            "listings": [(listing, files.get(listing.pk, [])) for listing in listings],
            # The rule's own query says which removals are overdue.
            "overdue": set(
                abnormal_removals_overdue(today=timezone.localdate())
                .filter(pk__in=[listing.pk for listing in listings])
                .values_list("pk", flat=True)
            ),
        },
        status=400 if form.errors else 200,
    )


def _listing_step(
    request: SignedInRequest, pk: int, step: Callable[..., Any], done: str
) -> HttpResponse:
    _require_lists(request)
    listing = get_object_or_404(AbnormalListing.objects.select_related("enterprise"), pk=pk)
    if not in_jurisdiction(request.user, listing.enterprise.region_id):
        raise Http404
    try:
        step(actor=request.user, listing=listing)
    except (ValidationError, PermissionDenied, DomainError) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, done)
    # From the work queue back to the queue page it came from; from the list page to the list.
    return redirect(back_to(request, reverse("console:abnormal")))


@regulator_required
@require_POST
def abnormal_corrected(request: SignedInRequest, pk: int) -> HttpResponse:
    return _listing_step(
        request, pk, abnormal_correction_received, _("The correction was recorded.")
    )


@regulator_required
@require_POST
def abnormal_removed(request: SignedInRequest, pk: int) -> HttpResponse:
    return _listing_step(request, pk, abnormal_remove, _("The firm was removed from the list."))


@regulator_required
@require_POST
def abnormal_escalated(request: SignedInRequest, pk: int) -> HttpResponse:
    return _listing_step(
        request, pk, abnormal_escalate, _("A blacklist listing was proposed; due process follows.")
    )


@regulator_required
def suggestions(request: SignedInRequest) -> HttpResponse:
    _require_lists(request)
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        firm = credit_file_get(user=request.user, uscc=form.cleaned_data["uscc"])
        if firm is None:
            raise Http404
        v = form.cleaned_data
        try:
            penalty, inspections = proposal_basis_get(
                enterprise=firm, penalty_id=v["penalty_id"], inspection_ids=v["inspection_ids"]
            )
            # The basis the suggestion found; the service says whether it may be listed on.
            blacklist_entry_propose(
                actor=request.user,
                enterprise=firm,
                grounds=v["grounds"],
                legal_basis=v["legal_basis"],
                penalty=penalty,
                inspections=inspections,
            )
        except (ValidationError, PermissionDenied, DomainError) as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("The listing was proposed; send the notice next."))
        return redirect("console:suggestions")
    return render(
        request,
        "console/suggestions.html",
        {"suggestions": blacklist_suggestions(user=request.user), "basis": SUGGESTION_BASIS},
    )


@regulator_required
@require_POST
def file_propose(request: SignedInRequest, uscc: str) -> HttpResponse:
    """Propose a listing from the credit file, on a penalty picked from the user's own."""
    _require_lists(request)
    firm = credit_file_get(user=request.user, uscc=uscc)
    if firm is None:
        raise Http404
    form = FileProposalForm(
        request.POST, penalties=penalties_to_list_on(user=request.user, enterprise=firm)
    )
    if form.is_valid():
        try:
            blacklist_entry_propose(actor=request.user, enterprise=firm, **form.cleaned_data)
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
            for field, texts in errors.items():
                for text in texts:
                    form.add_error(field if field in form.fields else None, text)
        except (PermissionDenied, DomainError) as exc:
            form.add_error(None, error_text(exc))
    if form.errors:
        context = file_detail_context(request, firm)
        context["proposal_form"] = form
        return render(request, "console/file_detail.html", context, status=400)
    messages.success(request, _("The listing was proposed; send the notice next."))
    return redirect("console:file_detail", uscc=firm.uscc)
