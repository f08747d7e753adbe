"""Pages of the enterprise side. Every object is looked up through the user's own firm, so a
user of another firm gets 404 for it, whatever the id."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.requests import SignedInRequest
from core.errors import DomainError
from enterprises.models import (
    RECORD_MODELS,
    Enterprise,
    IntegrityCommitment,
    PenaltyRecord,
    QualityReport,
)
from enterprises.report_sections import filled_sections
from enterprises.services.notifications import notifications_mark_read
from lists.models import BlacklistEntry
from selfservice import selectors
from selfservice.forms import CommitmentForm, ObjectionForm, RepairForm, ReportForm, SignupForm
from selfservice.services.commitments import (
    commitment_sign,
    commitment_text_active,
    commitment_withdraw,
)
from selfservice.services.evidence import (
    objection_raise_with_evidence,
    repair_apply_with_evidence,
)
from selfservice.services.invitations import firm_user_remove, firm_user_signup, invitation_issue
from selfservice.services.reports import report_publish, report_save

T = TypeVar("T")


class FirmRequest(SignedInRequest):
    """A signed-in user of an enterprise, with the firm every lookup goes through."""

    firm: Enterprise


def firm_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapped(request: FirmRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        firm = selectors.firm_of(request.user)
        if firm is None:
            raise PermissionDenied(_("This page is for users of an enterprise."))
        request.firm = firm
        return view(request, *args, **kwargs)

    return wrapped


def _int(raw: str | None) -> int:
    """An id from a form; anything else is a 404, never a 500."""
    if raw is None or not (raw.isascii() and raw.isdigit()):
        raise Http404
    return int(raw)


def _errors_to_form(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _called(request: HttpRequest, form: Any, service: Callable[[], T]) -> tuple[T | None, int]:
    """Call one service: (its result, 200), or (None, 400 / 409) with the reason on the form
    or in a message; a refusing service has written nothing."""
    try:
        return service(), 200
    except ValidationError as exc:
        _errors_to_form(form, exc)
        return None, 400
    except DomainError as exc:
        messages.error(request, exc.message)
        return None, 409


def signup(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            user = firm_user_signup(
                uscc=d["uscc"],
                legal_representative=d["legal_representative"],
                code=d["code"],
                username=d["username"],
                password=d["password"],
                email=d["email"],
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _("Welcome. Your account is bound to %(f)s.")
                % {"f": user.enterprise.name if user.enterprise else ""},
            )
            return redirect("selfservice:dashboard")
    status = 400 if request.method == "POST" else 200
    return render(request, "selfservice/signup.html", {"form": form}, status=status)


@firm_required
def dashboard(request: FirmRequest) -> HttpResponse:
    firm = request.firm
    return render(
        request,
        "selfservice/dashboard.html",
        {"firm": firm, **selectors.dashboard(enterprise=firm)},
    )


@firm_required
@require_POST
def notifications_read(request: FirmRequest) -> HttpResponse:
    notifications_mark_read(enterprise=request.firm)
    return redirect("selfservice:dashboard")


@firm_required
def users(request: FirmRequest) -> HttpResponse:
    firm = request.firm
    code = None
    if request.method == "POST":
        try:
            if "invite" in request.POST:
                _inv, code = invitation_issue(actor=request.user, enterprise=firm)
            elif "remove" in request.POST:
                target = get_object_or_404(
                    User, pk=_int(request.POST.get("remove")), enterprise=firm
                )
                firm_user_remove(actor=request.user, user=target)
                messages.success(
                    request, _("%(u)s can no longer sign in.") % {"u": target.username}
                )
                return redirect("selfservice:users")
        except (PermissionDenied, ValidationError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
            return redirect("selfservice:users")
    members = selectors.firm_members(enterprise=firm)
    return render(
        request, "selfservice/users.html", {"firm": firm, "members": members, "code": code}
    )


@firm_required
def reports(request: FirmRequest) -> HttpResponse:
    firm = request.firm
    return render(
        request,
        "selfservice/reports.html",
        {"firm": firm, "reports": selectors.firm_reports(enterprise=firm)},
    )


@firm_required
def report_new(request: FirmRequest) -> HttpResponse:
    return _report_form(request, None)


@firm_required
def report(request: FirmRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(QualityReport, pk=pk, enterprise=request.firm)
    return _report_form(request, report)


def _report_form(request: FirmRequest, report: QualityReport | None) -> HttpResponse:
    initial = {"year": report.year if report else timezone.localdate().year - 1}
    if report:
        initial |= report.sections
    form = ReportForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "save")
        if action == "publish" and report is not None:
            published, status = _called(
                request,
                form,
                lambda: report_publish(actor=request.user, report=report),
            )
            if published is not None:
                messages.success(request, _("The report is published on your public profile."))
                return redirect("selfservice:report", pk=report.pk)
        elif form.is_valid():
            saved, status = _called(
                request,
                form,
                lambda: report_save(
                    actor=request.user,
                    year=form.cleaned_data["year"],
                    sections=form.sections(),
                    report=report,
                    submit=action == "submit",
                ),
            )
            if saved is not None:
                messages.success(
                    request, _("Submitted for review.") if action == "submit" else _("Draft saved.")
                )
                return redirect("selfservice:report", pk=saved.pk)
        else:
            status = 400
    return render(
        request,
        "selfservice/report_form.html",
        {"form": form, "report": report, "filled": filled_sections(report) if report else []},
        status=status,
    )


@firm_required
def report_print(request: FirmRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(
        QualityReport.objects.select_related("enterprise"), pk=pk, enterprise=request.firm
    )
    return render(
        request,
        "selfservice/report_print.html",
        {"report": report, "filled": filled_sections(report)},
    )


@firm_required
def commitment(request: FirmRequest) -> HttpResponse:
    firm = request.firm
    text = commitment_text_active()
    form = CommitmentForm(
        request.POST or None, initial={"text_version": text.version if text else ""}
    )
    status = 200
    if request.method == "POST":
        try:
            if "withdraw" in request.POST:
                target = get_object_or_404(
                    IntegrityCommitment, pk=_int(request.POST["withdraw"]), enterprise=firm
                )
                commitment_withdraw(actor=request.user, commitment=target)
                messages.success(request, _("The commitment is withdrawn."))
                return redirect("selfservice:commitment")
            if form.is_valid():
                commitment_sign(
                    actor=request.user,
                    enterprise_id=firm.pk,
                    signatory=form.cleaned_data["signatory"],
                    text_version=form.cleaned_data["text_version"],
                )
                messages.success(
                    request, _("The commitment is signed and shown on your public profile.")
                )
                return redirect("selfservice:commitment")
            status = 400
        except ValidationError as exc:
            _errors_to_form(form, exc)
            status = 400
        except DomainError as exc:
            messages.error(request, exc.message)
            status = 409
    history = selectors.commitment_history(enterprise=firm)
    return render(
        request,
        "selfservice/commitment.html",
        {
            "form": form,
            "text": text,
            "history": history,
            "current": selectors.current_commitment(enterprise=firm),
        },
        status=status,
    )


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
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            objection, status = _called(
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
def objections(request: FirmRequest) -> HttpResponse:
    items = selectors.firm_objections(enterprise=request.firm)
    return render(request, "selfservice/objections.html", {"items": items})


@firm_required
def repair_new(request: FirmRequest, target: str, pk: int) -> HttpResponse:
    firm = request.firm
    if target == "blacklist":
        entry, penalty = get_object_or_404(BlacklistEntry, pk=pk, enterprise=firm), None
        subject: Any = entry
    elif target == "penalty":
        entry, penalty = None, get_object_or_404(PenaltyRecord, pk=pk, enterprise=firm)
        subject = penalty
    else:
        raise Http404
    form = RepairForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            application, status = _called(
                request,
                form,
                lambda: repair_apply_with_evidence(
                    actor=request.user,
                    target=target,
                    entry=entry,
                    penalty=penalty,
                    obligations_met=d["obligations_met"],
                    harm_remedied=d["harm_remedied"],
                    commitment_signed=d["commitment_signed"],
                    statement=d["statement"],
                    uploads=d["files"],
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
