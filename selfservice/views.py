"""Pages of the enterprise side. Every object is looked up through the user's own firm, so a
user of another firm gets 404 for it, whatever the id."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.roles import Action, in_jurisdiction, regulator_can
from core.errors import DomainError
from dueprocess.models import Objection, RepairApplication
from dueprocess.objections import objection_raise
from dueprocess.repair import repair_apply
from dueprocess.rules import records_under_objection
from enterprises.models import (
    RECORD_MODELS,
    InspectionRecord,
    IntegrityCommitment,
    PenaltyRecord,
    QualityReport,
)
from enterprises.report_sections import filled_sections
from enterprises.services.notifications import notifications_mark_read
from lists.models import BlacklistEntry
from lists.rules import entry_in_force_q
from publicity.rules import public_penalties, publicity_rules
from selfservice import selectors
from selfservice.forms import CommitmentForm, ObjectionForm, RepairForm, ReportForm, SignupForm
from selfservice.models import Attachment, AttachmentPurpose
from selfservice.services.attachments import attachments_check, attachments_save
from selfservice.services.commitments import (
    commitment_sign,
    commitment_text_active,
    commitment_withdraw,
)
from selfservice.services.invitations import firm_user_remove, firm_user_signup, invitation_issue
from selfservice.services.reports import report_publish, report_save, report_submit


def firm_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        firm = selectors.firm_of(request.user)
        if firm is None:
            raise PermissionDenied(_("This page is for users of an enterprise."))
        request.firm = firm  # type: ignore[attr-defined]
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


def _with_evidence(
    request: HttpRequest, form: Any, *, purpose: str, firm: Any, create: Callable[[], Any]
) -> tuple[Any, int]:
    """Create the objection or application and store the form's attachments in one
    transaction: (the object, 200), or (None, 400 / 409) with the reason shown and nothing
    written."""
    try:
        with transaction.atomic():
            attachments_check(form.cleaned_data["files"])
            created = create()
            attachments_save(
                actor=request.user,  # type: ignore[arg-type]
                purpose=purpose,
                owner_id=created.pk,
                enterprise_id=firm.pk,
                uploads=form.cleaned_data["files"],
            )
    except ValidationError as exc:
        _errors_to_form(form, exc)
        return None, 400
    except DomainError as exc:
        messages.error(request, exc.message)
        return None, 409
    return created, 200


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
                request, _("Welcome. Your account is bound to %(f)s.") % {"f": user.enterprise.name}
            )
            return redirect("selfservice:dashboard")
    status = 400 if request.method == "POST" else 200
    return render(request, "selfservice/signup.html", {"form": form}, status=status)


@firm_required
def dashboard(request: HttpRequest) -> HttpResponse:
    firm = request.firm  # type: ignore[attr-defined]
    return render(
        request,
        "selfservice/dashboard.html",
        {"firm": firm, **selectors.dashboard(enterprise=firm)},
    )


@firm_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    notifications_mark_read(enterprise=request.firm)  # type: ignore[attr-defined]
    return redirect("selfservice:dashboard")


@firm_required
def users(request: HttpRequest) -> HttpResponse:
    firm = request.firm  # type: ignore[attr-defined]
    code = None
    if request.method == "POST":
        try:
            if "invite" in request.POST:
                _inv, code = invitation_issue(actor=request.user, enterprise=firm)  # type: ignore[arg-type]
            elif "remove" in request.POST:
                target = get_object_or_404(
                    User, pk=_int(request.POST.get("remove")), enterprise=firm
                )
                firm_user_remove(actor=request.user, user=target)  # type: ignore[arg-type]
                messages.success(
                    request, _("%(u)s can no longer sign in.") % {"u": target.username}
                )
                return redirect("selfservice:users")
        except (PermissionDenied, ValidationError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
            return redirect("selfservice:users")
    members = User.objects.filter(enterprise=firm).order_by("-is_firm_admin", "username")
    return render(
        request, "selfservice/users.html", {"firm": firm, "members": members, "code": code}
    )


@firm_required
def reports(request: HttpRequest) -> HttpResponse:
    firm = request.firm  # type: ignore[attr-defined]
    return render(
        request,
        "selfservice/reports.html",
        {"firm": firm, "reports": selectors.firm_reports(enterprise=firm)},
    )


@firm_required
def report_new(request: HttpRequest) -> HttpResponse:
    return _report_form(request, None)


@firm_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(QualityReport, pk=pk, enterprise=request.firm)  # type: ignore[attr-defined]
    return _report_form(request, report)


def _report_form(request: HttpRequest, report: QualityReport | None) -> HttpResponse:
    initial = {"year": report.year if report else timezone.localdate().year - 1}
    if report:
        initial |= report.sections
    form = ReportForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            if action == "publish" and report is not None:
                report_publish(actor=request.user, report=report)  # type: ignore[arg-type]
                messages.success(request, _("The report is published on your public profile."))
                return redirect("selfservice:report", pk=report.pk)
            if form.is_valid():
                with transaction.atomic():
                    saved = report_save(
                        actor=request.user,
                        year=form.cleaned_data["year"],
                        sections=form.sections(),
                        report=report,
                    )  # type: ignore[arg-type]
                    if action == "submit":
                        report_submit(actor=request.user, report=saved)  # type: ignore[arg-type]
                messages.success(
                    request, _("Submitted for review.") if action == "submit" else _("Draft saved.")
                )
                return redirect("selfservice:report", pk=saved.pk)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        except DomainError as exc:
            messages.error(request, exc.message)
            status = 409
        if status == 200:
            status = 400
    return render(
        request,
        "selfservice/report_form.html",
        {"form": form, "report": report, "filled": filled_sections(report) if report else []},
        status=status,
    )


@firm_required
def report_print(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(
        QualityReport.objects.select_related("enterprise"), pk=pk, enterprise=request.firm
    )  # type: ignore[attr-defined]
    return render(
        request,
        "selfservice/report_print.html",
        {"report": report, "filled": filled_sections(report)},
    )


@firm_required
def commitment(request: HttpRequest) -> HttpResponse:
    firm = request.firm  # type: ignore[attr-defined]
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
                commitment_withdraw(actor=request.user, commitment=target)  # type: ignore[arg-type]
                messages.success(request, _("The commitment is withdrawn."))
                return redirect("selfservice:commitment")
            if form.is_valid():
                commitment_sign(
                    actor=request.user,  # type: ignore[arg-type]
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
    history = IntegrityCommitment.objects.filter(enterprise=firm).order_by("-signed_at")
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
def records(request: HttpRequest) -> HttpResponse:
    """The firm's records it may object to or seek repair for."""
    firm = request.firm  # type: ignore[attr-defined]
    today = timezone.localdate()
    under = records_under_objection(enterprise_id=firm.pk)
    return render(
        request,
        "selfservice/records.html",
        {
            "inspections": InspectionRecord.objects.filter(
                enterprise=firm, withdrawn_on__isnull=True
            )
            .select_related("source_department")
            .order_by("-inspected_on")[:100],
            "penalties": public_penalties(today=today, rules=publicity_rules())
            .filter(enterprise=firm)
            .order_by("-decided_on")[:100],
            "entries": BlacklistEntry.objects.filter(
                entry_in_force_q(today=today), enterprise=firm
            ),
            "objected_inspections": {pk for kind, pk in under if kind == "inspections"},
            "objected_penalties": {pk for kind, pk in under if kind == "penalties"},
        },
    )


@firm_required
def objection_new(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    firm = request.firm  # type: ignore[attr-defined]
    model = RECORD_MODELS.get(kind)
    if model is None:
        raise Http404
    record = get_object_or_404(model, pk=pk, enterprise=firm, withdrawn_on__isnull=True)
    form = ObjectionForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            objection, status = _with_evidence(
                request,
                form,
                purpose=AttachmentPurpose.OBJECTION,
                firm=firm,
                create=lambda: objection_raise(
                    actor=request.user,  # type: ignore[arg-type]
                    record_kind=kind,
                    record_id=record.pk,
                    grounds=form.cleaned_data["grounds"],
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
def objections(request: HttpRequest) -> HttpResponse:
    firm = request.firm  # type: ignore[attr-defined]
    items = list(Objection.objects.filter(enterprise=firm).order_by("-raised_on", "-pk"))
    files = selectors.attachments_for(
        purpose=AttachmentPurpose.OBJECTION, owner_ids=[o.pk for o in items]
    )
    return render(
        request, "selfservice/objections.html", {"items": [(o, files.get(o.pk, [])) for o in items]}
    )


@firm_required
def repair_new(request: HttpRequest, target: str, pk: int) -> HttpResponse:
    firm = request.firm  # type: ignore[attr-defined]
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
            application, status = _with_evidence(
                request,
                form,
                purpose=AttachmentPurpose.REPAIR,
                firm=firm,
                create=lambda: repair_apply(
                    actor=request.user,  # type: ignore[arg-type]
                    target=target,
                    entry=entry,
                    penalty=penalty,
                    obligations_met=d["obligations_met"],
                    harm_remedied=d["harm_remedied"],
                    commitment_signed=d["commitment_signed"],
                    statement=d["statement"],
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
def repairs(request: HttpRequest) -> HttpResponse:
    firm = request.firm  # type: ignore[attr-defined]
    items = list(RepairApplication.objects.filter(enterprise=firm).order_by("-submitted_at"))
    files = selectors.attachments_for(
        purpose=AttachmentPurpose.REPAIR, owner_ids=[a.pk for a in items]
    )
    return render(
        request, "selfservice/repairs.html", {"items": [(a, files.get(a.pk, [])) for a in items]}
    )


@login_required
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    """Served to the firm's users and to regulators of its area only (404 to anyone else)."""
    item = get_object_or_404(Attachment.objects.select_related("enterprise"), pk=pk)
    user = request.user
    own = getattr(user, "enterprise_id", None) == item.enterprise_id
    regulator = regulator_can(user, Action.FILE_VIEW) and in_jurisdiction(
        user, item.enterprise.region_id
    )
    if not (own or regulator):
        raise Http404
    response = FileResponse(
        item.file.open("rb"),
        content_type=item.content_type,
        as_attachment=True,
        filename=item.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
