"""Regulator console pages; every decision goes through the same services as the API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import regulator_required
from accounts.models import ApiToken, Department
from accounts.requests import SignedInRequest
from accounts.roles import Action, covers_q, in_jurisdiction, regulator_can
from accounts.services import api_token_issue, api_token_revoke, api_token_rotate
from console.forms import (
    AuditFilterForm,
    DecisionForm,
    ImportForm,
    InterviewForm,
    RetestForm,
    StatementAnswerForm,
    StepForm,
    TokenForm,
)
from console.selectors import audit_entries, firm_timeline
from console.services import interview_record
from console.views_queues import back_to, item_page, queue_url
from core.errors import DomainError, error_text
from dueprocess.models import Objection, RepairApplication
from dueprocess.objections import objection_decide, objection_retest_record
from dueprocess.repair import repair_decide
from enterprises.selectors import credit_file_get
from enterprises.services.import_files import import_confirm, import_stage
from lists import entries as lists
from lists import removal
from lists.models import BlacklistEntry, RemovalReason
from lists.statements import entry_statement_answer


def _done(request: HttpRequest, text: str, key: str) -> HttpResponse:
    """Decided: back to the queue page the decision was taken from."""
    messages.success(request, text)
    return redirect(back_to(request, queue_url(key)))


def _refused(
    request: SignedInRequest,
    text: str,
    key: str,
    pk: int,
    forms: dict[str, Any] | None = None,
) -> HttpResponse:
    """Refused: the item's page again (400) with the reason and the form as sent; an item no
    longer in this user's queue goes back to the queue with the reason."""
    messages.error(request, text)
    try:
        return item_page(request, key, pk, status=400, forms=forms)
    except (Http404, PermissionDenied):
        return redirect(back_to(request, queue_url(key)))


def _decide(
    request: SignedInRequest,
    model: type[Objection] | type[RepairApplication],
    pk: int,
    decide: Callable[[Any, bool, str], Any],
    done: str,
    key: str,
) -> HttpResponse:
    """A yes/no decision with reasons on an item of the regulator's area."""
    item = cast(
        "Objection | RepairApplication",
        get_object_or_404(model._default_manager.select_related("enterprise"), pk=pk),
    )
    if not in_jurisdiction(request.user, item.enterprise.region_id):
        raise Http404
    form = DecisionForm(request.POST)
    if not form.is_valid():
        text = _("Choose a decision and give its reasons.")
        return _refused(request, text, key, pk, {"decision_form": form})
    try:
        decide(item, form.cleaned_data["decision"] == "yes", form.cleaned_data["reason"])
    except (ValidationError, DomainError) as exc:
        return _refused(request, error_text(exc), key, pk, {"decision_form": form})
    return _done(request, done, key)


@regulator_required
@require_POST
def objection(request: SignedInRequest, pk: int) -> HttpResponse:
    return _decide(
        request,
        Objection,
        pk,
        lambda item, yes, reason: objection_decide(
            actor=request.user,
            objection=item,
            uphold=yes,
            reason=reason,
        ),
        _("Objection decided; the enterprise is notified."),
        "objections",
    )


def _item_url(key: str, pk: int, request: HttpRequest) -> str:
    """The item's page again, keeping the queue page to return to."""
    url = reverse("console:queue_item", args=[key, pk])
    nxt = back_to(request, "")
    return f"{url}?{urlencode({'next': nxt})}" if nxt else url


@regulator_required
@require_POST
def objection_retest(request: SignedInRequest, pk: int) -> HttpResponse:
    """Record the re-test of a failed sampling; refused ones (the same lab, a bad date) 400."""
    item = get_object_or_404(Objection.objects.select_related("enterprise"), pk=pk)
    if not in_jurisdiction(request.user, item.enterprise.region_id):
        raise Http404
    form = RetestForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.as_text())
        objection_retest_record(
            actor=request.user,
            objection=item,
            lab=form.cleaned_data["lab"],
            tested_on=form.cleaned_data["tested_on"],
            result=form.cleaned_data["result"],
        )
    except (ValidationError, DomainError) as exc:
        return _refused(request, error_text(exc), "objections", pk, {"retest_form": form})
    messages.success(request, _("Re-test recorded."))
    # The objection is still to answer: back to its page, which shows the re-test.
    return redirect(_item_url("objections", pk, request))


@regulator_required
@require_POST
def repair(request: SignedInRequest, pk: int) -> HttpResponse:
    return _decide(
        request,
        RepairApplication,
        pk,
        lambda item, yes, reason: repair_decide(
            actor=request.user,
            application=item,
            approve=yes,
            reason=reason,
        ),
        _("Application decided; the enterprise is notified."),
        "repairs",
    )


STEPS = {
    "notify": lists.blacklist_entry_notify,
    "approve": lists.blacklist_entry_approve,
    "publish": lists.blacklist_entry_publish,
}


@regulator_required
@require_POST
def entry_revoke(request: SignedInRequest, pk: int) -> HttpResponse:
    """Revoke a listing (撤销列入) from the firm's file: the listing department or its superior."""
    entry = get_object_or_404(
        BlacklistEntry.objects.select_related("enterprise", "department"), pk=pk
    )
    if not in_jurisdiction(request.user, entry.enterprise.region_id):
        raise Http404
    form = StepForm(request.POST)
    back = redirect("console:file_detail", uscc=entry.enterprise.uscc)
    if not form.is_valid():
        messages.error(request, _("Give the reasons."))
        return back
    try:
        removal.blacklist_entry_remove(
            actor=request.user,
            entry=entry,
            why=RemovalReason.REVOKED,
            reason=form.cleaned_data["reason"],
        )
    except (ValidationError, PermissionDenied, DomainError) as exc:
        messages.error(request, error_text(exc))
        return back
    messages.success(request, _("The listing is revoked; the firm is notified and regraded."))
    return back


@regulator_required
@require_POST
def entry_step(request: SignedInRequest, pk: int, step: str) -> HttpResponse:
    service = STEPS.get(step)
    entry = get_object_or_404(
        BlacklistEntry.objects.select_related("enterprise", "department"), pk=pk
    )
    if service is None or not in_jurisdiction(request.user, entry.enterprise.region_id):
        raise Http404
    form = StepForm(request.POST)
    if not form.is_valid():
        return _refused(request, _("Give the reasons."), step, pk, {"step_form": form})
    try:
        service(actor=request.user, entry=entry, reason=form.cleaned_data["reason"])
    except (ValidationError, DomainError) as exc:
        return _refused(request, error_text(exc), step, pk, {"step_form": form})
    return _done(
        request,
        _("Done: the entry is now %(s)s.")
        % {"s": BlacklistEntry.objects.get(pk=pk).get_status_display()},
        step,
    )


@regulator_required
@require_POST
def statement_answer(request: SignedInRequest, pk: int) -> HttpResponse:
    """The approver's answer to the firm's statement and defence on a notified entry."""
    entry = get_object_or_404(BlacklistEntry.objects.select_related("enterprise"), pk=pk)
    if not in_jurisdiction(request.user, entry.enterprise.region_id):
        raise Http404
    form = StatementAnswerForm(request.POST)
    if not form.is_valid():
        return _refused(request, _("Write the answer."), "approve", pk, {"answer_form": form})
    try:
        entry_statement_answer(actor=request.user, entry=entry, answer=form.cleaned_data["answer"])
    except (ValidationError, DomainError) as exc:
        return _refused(request, error_text(exc), "approve", pk, {"answer_form": form})
    messages.success(request, _("The statement is answered; the firm is told."))
    # Approval follows the answer, on the same page.
    return redirect(_item_url("approve", pk, request))


@regulator_required
@require_POST
def interview(request: SignedInRequest, uscc: str) -> HttpResponse:
    firm = credit_file_get(user=request.user, uscc=uscc)
    if firm is None:
        raise Http404
    form = InterviewForm(request.POST)
    if not form.is_valid():
        text = _("Give the date, the person interviewed and the notes.")
        return _refused(request, text, "interviews", firm.pk, {"interview_form": form})
    try:
        interview_record(actor=request.user, enterprise=firm, **form.cleaned_data)
    except ValidationError as exc:
        return _refused(request, error_text(exc), "interviews", firm.pk, {"interview_form": form})
    return _done(request, _("Interview recorded."), "interviews")


@regulator_required
def timeline(request: SignedInRequest, uscc: str) -> HttpResponse:
    firm = credit_file_get(user=request.user, uscc=uscc)
    if firm is None:
        raise Http404
    return render(
        request, "console/timeline.html", {"firm": firm, "events": firm_timeline(enterprise=firm)}
    )


@regulator_required
def audit(request: SignedInRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(audit_entries(user=request.user, filters=filters), 50).get_page(
        request.GET.get("page")
    )
    params = request.GET.copy()
    params.pop("page", None)
    status = 400 if form.errors else 200
    return render(
        request,
        "console/audit.html",
        {"form": form, "page": page, "query": params.urlencode()},
        status=status,
    )


def _departments(user: Any) -> Any:
    return Department.objects.filter(
        covers_q(user.jurisdiction, field="jurisdiction"), is_active=True
    ).order_by("code")


@regulator_required
def tokens(request: SignedInRequest) -> HttpResponse:
    if not regulator_can(request.user, Action.ACCOUNTS_MANAGE):
        raise PermissionDenied
    departments = _departments(request.user)
    acting = request.method == "POST" and ("revoke" in request.POST or "rotate" in request.POST)
    form = TokenForm(
        request.POST if request.method == "POST" and not acting else None, departments=departments
    )
    shown = None
    if request.method == "POST":
        try:
            if "revoke" in request.POST or "rotate" in request.POST:
                pk = request.POST.get("revoke") or request.POST.get("rotate") or ""
                if not (pk.isascii() and pk.isdigit()):
                    raise Http404
                token = get_object_or_404(
                    ApiToken.objects.select_related("department"), pk=pk, department__in=departments
                )
                if "revoke" in request.POST:
                    api_token_revoke(token=token, actor=request.user)
                    messages.success(request, _("Token %(p)s… revoked.") % {"p": token.prefix})
                else:
                    _new, shown = api_token_rotate(token=token, actor=request.user)
            elif form.is_valid():
                _new, shown = api_token_issue(
                    department=form.cleaned_data["department"],
                    name=form.cleaned_data["name"],
                    actor=request.user,
                )
        except DomainError as exc:
            messages.error(request, exc.message)
    listing = (
        ApiToken.objects.filter(department__in=departments)
        .select_related("department", "created_by")
        .order_by("-created_at")
    )
    return render(
        request,
        "console/tokens.html",
        {"form": form, "tokens": listing, "shown": shown},
        status=400 if form.errors else 200,
    )


def _reason(exc: ValidationError | DomainError) -> str:
    return " ".join(exc.messages) if isinstance(exc, ValidationError) else exc.message


@regulator_required
def imports(request: SignedInRequest) -> HttpResponse:
    """Upload a file and see the per-row report (import_stage), then confirm (import_confirm);
    the session remembers only which staged file the regulator has seen."""
    user = request.user
    if not regulator_can(user, Action.RECORD_WRITE) or user.department is None:
        raise PermissionDenied(_("Importing needs the clerk role and a department."))
    pending = request.session.get("console_import")
    if request.method == "POST" and "confirm" in request.POST and pending:
        del request.session["console_import"]  # a staged file is confirmed once
        try:
            totals = import_confirm(actor=user, kind=pending["kind"], token=pending["file"])
        except (ValidationError, DomainError) as exc:
            messages.error(request, _reason(exc))
        else:
            messages.success(
                request,
                _("%(c)d created, %(u)d updated, %(n)d unchanged.")
                % {"c": totals["created"], "u": totals["updated"], "n": totals["unchanged"]},
            )
        return redirect("console:imports")
    form = ImportForm(request.POST or None, request.FILES or None)
    check = None
    if request.method == "POST" and form.is_valid():
        try:
            staged = import_stage(
                actor=user,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            )
        except (ValidationError, DomainError) as exc:
            form.add_error("file", _reason(exc))
        else:
            check = staged.check
            if staged.token:
                request.session["console_import"] = {"file": staged.token, "kind": check.kind}
            else:
                request.session.pop("console_import", None)
    status = 400 if form.errors else 200
    return render(request, "console/imports.html", {"form": form, "check": check}, status=status)
