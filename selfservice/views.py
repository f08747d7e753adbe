"""Pages of the enterprise side. Every object is looked up through the user's own firm, so a
user of another firm gets 404 for it, whatever the id."""

from __future__ import annotations

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from core.errors import DomainError
from core.ratelimit import attempts_count
from enterprises.models import (
    IntegrityCommitment,
    QualityReport,
)
from enterprises.report_sections import filled_sections
from enterprises.services.notifications import notifications_mark_read
from selfservice import selectors
from selfservice.forms import CommitmentForm, ReportForm, SignupForm
from selfservice.services.commitments import (
    commitment_sign,
    commitment_text_active,
    commitment_withdraw,
)
from selfservice.services.invitations import firm_user_remove, firm_user_signup, invitation_issue
from selfservice.services.reports import report_publish, report_save
from selfservice.web import FirmRequest, errors_to_form, firm_required, int_id, service_called


def signup(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST or None)
    if request.method == "POST" and _signups_exceeded(request):
        form.add_error(
            None,
            _("Too many sign-up attempts from this address. Try again in an hour."),
        )
        return render(request, "selfservice/signup.html", {"form": form}, status=429)
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
            errors_to_form(form, exc)
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


def _signups_exceeded(request: HttpRequest) -> bool:
    """Counts this attempt: sign-up checks an enterprise code, a person's name and a code
    together, so guessing is bounded per client address (the one axes sees behind proxies)."""
    address = get_client_ip_address(request) or "unknown"
    count = attempts_count(key=f"signup:{address}", window_seconds=3600)
    return count > settings.SIGNUP_ATTEMPTS_PER_HOUR


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
                    User, pk=int_id(request.POST.get("remove")), enterprise=firm
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
            published, status = service_called(
                request,
                form,
                lambda: report_publish(actor=request.user, report=report),
            )
            if published is not None:
                messages.success(request, _("The report is published on your public profile."))
                return redirect("selfservice:report", pk=report.pk)
        elif form.is_valid():
            saved, status = service_called(
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
                    IntegrityCommitment, pk=int_id(request.POST["withdraw"]), enterprise=firm
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
            errors_to_form(form, exc)
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
