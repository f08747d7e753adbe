"""Two-factor pages: enrol an authenticator app (QR code, offline) and verify a code."""

from __future__ import annotations

import base64
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp import match_token

from accounts.models import UserKind
from accounts.two_factor_devices import (
    has_confirmed_device,
    totp_device_confirm,
    totp_device_pending,
)
from core.actions import AuditAction
from core.audit import audit_record
from core.qr import qr_svg


class CodeForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code from your authenticator app, or a recovery code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/accounts/me/"
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=False):
        return target
    return "/accounts/me/"


def _regulator(request: HttpRequest) -> None:
    # Two-factor sign-in is the regulators' (enforced by RegulatorTwoFactorMiddleware); an
    # enterprise user's device would never be asked for, so none is offered.
    if getattr(request.user, "kind", None) != UserKind.REGULATOR:
        raise Http404


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    _regulator(request)
    # django-otp's middleware adds is_verified() to the user; the stubs do not know it.
    if has_confirmed_device(request.user) and not request.user.is_verified():  # type: ignore[union-attr]
        return redirect("accounts:2fa_verify")
    device = totp_device_pending(request.user)
    form = CodeForm(request.POST or None)
    context: dict[str, Any] = {"form": form, "next": _next(request)}
    if request.method == "POST" and form.is_valid():
        codes = totp_device_confirm(
            user=request.user, device=device, token=form.cleaned_data["token"]
        )
        if codes is not None:
            device.refresh_from_db()
            otp_login(request, device)
            return render(
                request, "accounts/2fa_codes.html", {"codes": codes, "next": _next(request)}
            )
        form.add_error(
            "token", _("The code does not match. Check the time on your phone and try again.")
        )
    context |= {"qr": mark_safe(qr_svg(device.config_url)), "secret": _base32(device)}  # noqa: S308
    return render(request, "accounts/2fa_setup.html", context, status=400 if form.errors else 200)


def _base32(device: Any) -> str:
    return base64.b32encode(device.bin_key).decode().rstrip("=")


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    _regulator(request)
    if not has_confirmed_device(request.user):
        return redirect("accounts:2fa_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"].strip())
        if device is not None:
            otp_login(request, device)
            audit_record(
                actor=request.user,
                action=AuditAction.TWO_FACTOR_VERIFIED,
                enterprise=None,
                data={"device": device.persistent_id},
            )
            return redirect(_next(request))
        audit_record(
            actor=request.user, action=AuditAction.TWO_FACTOR_FAILED, enterprise=None, data={}
        )
        form.add_error("token", _("The code does not match."))
    return render(
        request,
        "accounts/2fa_verify.html",
        {"form": form, "next": _next(request)},
        status=400 if form.errors else 200,
    )
