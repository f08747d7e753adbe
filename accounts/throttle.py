"""Sign-in abuse: django-axes locks a user name *from one address* after a few failures, so an
outsider cannot lock a regulator out by guessing from afar; this slower per-user-name throttle
bounds guessing spread over many addresses without locking the owner out for long."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from accounts.login_counts import login_name_throttled


class ThrottledAuthenticationForm(AuthenticationForm):
    """Refuses to check a password for a user name that failed too often in the window, from
    whatever addresses; the answer says to wait, and the refusal itself is not counted."""

    def clean(self) -> dict[str, Any]:
        if login_name_throttled(str(self.cleaned_data.get("username") or "")):
            raise forms.ValidationError(
                _(
                    "Too many failed sign-ins for this user name. Wait %(minutes)d minutes, "
                    "or ask your administrator."
                )
                % {"minutes": settings.LOGIN_NAME_WINDOW_SECONDS // 60},
                code="throttled",
            )
        return super().clean()
