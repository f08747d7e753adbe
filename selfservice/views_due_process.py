"""The firm's due-process pages: its records, objections and credit-repair applications, with
their evidence files."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from enterprises.models import (
    RECORD_MODELS,
    PenaltyRecord,
)
from lists.models import AbnormalListing, BlacklistEntry
from lists.rules import abnormal_current_q
from lists.statements import statement_open
from selfservice import selectors
from selfservice.forms import AbnormalRemovalForm, ObjectionForm, RepairForm, StatementForm
from selfservice.services.evidence import (
    abnormal_removal_request_with_evidence,
    entry_statement_submit_with_evidence,
    objection_raise_with_evidence,
    repair_apply_with_evidence,
)
from selfservice.web import FirmRequest, firm_required, form_submitted


@firm_required
def records(request: FirmRequest) -> HttpResponse:
    """The firm's records it may object to or seek repair for."""
    firm = request.firm
    return render(request, "selfservice/records.html", selectors.firm_records(enterprise=firm))


@firm_required
def objection_new(request: FirmRequest, kind: str, pk: int) -> HttpResponse:
    firm = request.firm
    model = RECORD_MODELS.get(kind)
    if model is None:
        raise Http404
    record = get_object_or_404(model, pk=pk, enterprise=firm, withdrawn_on__isnull=True)
    form = ObjectionForm(request.POST or None, request.FILES or None)
    objection, status = form_submitted(
        request,
        form,
        lambda: objection_raise_with_evidence(
            actor=request.user,
            record_kind=kind,
            record_id=record.pk,
            grounds=form.cleaned_data["grounds"],
            uploads=form.cleaned_data["files"],
        ),
    )
    if objection is not None:
        messages.success(
            request,
            _("Your objection is registered; the answer is due by %(d)s.")
            % {"d": objection.answer_due},
        )
        return redirect("selfservice:objections")
    return render(
        request,
        "selfservice/objection_form.html",
        {"form": form, "record": record, "kind": kind},
        status=status,
    )


@firm_required
def entry_statement(request: FirmRequest, pk: int) -> HttpResponse:
    """The firm's statement and defence (陈述申辩) on a listing notice, until the deadline."""
    entry = get_object_or_404(
        BlacklistEntry, pk=pk, enterprise=request.firm, hearing_deadline__isnull=False
    )
    statement, files = selectors.firm_statement(entry=entry)
    initial = (
        {"text": statement.text, "hearing_requested": statement.hearing_requested}
        if statement
        else None
    )
    form = StatementForm(request.POST or None, request.FILES or None, initial=initial)
    sent, status = form_submitted(
        request,
        form,
        lambda: entry_statement_submit_with_evidence(
            actor=request.user,
            entry=entry,
            text=form.cleaned_data["text"],
            hearing_requested=form.cleaned_data["hearing_requested"],
            uploads=form.cleaned_data["files"],
        ),
    )
    if sent is not None:
        messages.success(
            request,
            _("Your statement is registered; you may revise it until %(d)s.")
            % {"d": f"{entry.hearing_deadline:%Y-%m-%d}"},
        )
        return redirect("selfservice:entry_statement", pk=entry.pk)
    return render(
        request,
        "selfservice/statement_form.html",
        {
            "form": form,
            "entry": entry,
            "statement": statement,
            "files": files,
            "open": statement_open(entry) and not (statement and statement.answered),
        },
        status=status,
    )


@firm_required
def objections(request: FirmRequest) -> HttpResponse:
    items = selectors.firm_objections(enterprise=request.firm)
    return render(request, "selfservice/objections.html", {"items": items})


@firm_required
def repair_new(request: FirmRequest, target: str, pk: int) -> HttpResponse:
    firm = request.firm
    entry, penalty, listing = None, None, None
    subject: Any
    if target == "blacklist":
        entry = subject = get_object_or_404(BlacklistEntry, pk=pk, enterprise=firm)
    elif target == "penalty":
        penalty = subject = get_object_or_404(PenaltyRecord, pk=pk, enterprise=firm)
    elif target == "abnormal":
        listing = subject = get_object_or_404(AbnormalListing, pk=pk, enterprise=firm)
    else:
        raise Http404
    form = RepairForm(request.POST or None, request.FILES or None)
    application, status = form_submitted(
        request,
        form,
        lambda: repair_apply_with_evidence(
            actor=request.user,
            target=target,
            entry=entry,
            penalty=penalty,
            abnormal_listing=listing,
            obligations_met=form.cleaned_data["obligations_met"],
            harm_remedied=form.cleaned_data["harm_remedied"],
            commitment_signed=form.cleaned_data["commitment_signed"],
            statement=form.cleaned_data["statement"],
            uploads=form.cleaned_data["files"],
            signatory=form.cleaned_data["signatory"],
        ),
    )
    if application is not None:
        messages.success(
            request,
            _("Your application is registered; the answer is due by %(d)s.")
            % {"d": application.answer_due},
        )
        return redirect("selfservice:repairs")
    return render(
        request,
        "selfservice/repair_form.html",
        {"form": form, "subject": subject, "target": target},
        status=status,
    )


@firm_required
def abnormal(request: FirmRequest) -> HttpResponse:
    """The firm's abnormal-operations listings: current ones with their removal request."""
    return render(
        request,
        "selfservice/abnormal.html",
        {"items": selectors.firm_abnormal(enterprise=request.firm)},
    )


@firm_required
def abnormal_removal(request: FirmRequest, pk: int) -> HttpResponse:
    """Ask for removal from the abnormal-operations list after correcting, with evidence."""
    listing = get_object_or_404(
        AbnormalListing.objects.filter(abnormal_current_q()), pk=pk, enterprise=request.firm
    )
    form = AbnormalRemovalForm(request.POST or None, request.FILES or None)
    done, status = form_submitted(
        request,
        form,
        lambda: abnormal_removal_request_with_evidence(
            actor=request.user,
            listing=listing,
            statement=form.cleaned_data["statement"],
            uploads=form.cleaned_data["files"],
        ),
    )
    if done is not None:
        messages.success(
            request,
            _("Your request is registered; removal is due by %(d)s.")
            % {"d": f"{done.removal_due:%Y-%m-%d}"},
        )
        return redirect("selfservice:abnormal")
    return render(
        request,
        "selfservice/abnormal_removal.html",
        {"form": form, "listing": listing},
        status=status,
    )


@firm_required
def repairs(request: FirmRequest) -> HttpResponse:
    items = selectors.firm_repairs(enterprise=request.firm)
    return render(request, "selfservice/repairs.html", {"items": items})


@login_required
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    """Served to the firm's users and to regulators of its area only (404 to anyone else)."""
    item = selectors.attachment_for(user=request.user, pk=pk)
    if item is None:
        raise Http404
    response = FileResponse(
        item.file.open("rb"),
        content_type=item.content_type,
        as_attachment=True,
        filename=item.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
