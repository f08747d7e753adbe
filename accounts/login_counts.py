"""Failed sign-ins counted per user name, across addresses, for the slower per-name throttle
(accounts.throttle). Free of models, so the app config can connect it as it loads."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from core.ratelimit import attempts_count, attempts_seen


def _key(username: str) -> str:
    return f"login-name:{username.strip().lower()}"


@receiver(user_login_failed)
def login_failure_counted(sender: Any, credentials: dict[str, Any], **_kwargs: Any) -> None:
    username = str(credentials.get("username") or "")
    if username:
        attempts_count(key=_key(username), window_seconds=settings.LOGIN_NAME_WINDOW_SECONDS)


def login_name_throttled(username: str) -> bool:
    """Whether the name failed LOGIN_NAME_FAILURE_LIMIT times in the current window."""
    return bool(username) and attempts_seen(key=_key(username)) >= settings.LOGIN_NAME_FAILURE_LIMIT
