"""Regulator sign-in: lockout after 5 failures, mandatory TOTP with recovery codes, idle timeout."""

from __future__ import annotations

import time
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import EnterpriseUserFactory, RegulatorFactory

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests-1"


def code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def unthrottle(username: str) -> None:
    """django-otp slows guessing down after a failure; in a test, the wait has passed."""
    from django_otp import devices_for_user

    from accounts.models import User

    for device in devices_for_user(User.objects.get(username=username), confirmed=None):
        if hasattr(device, "throttle_reset"):
            device.throttle_reset()


def sign_in(client: Client, username: str, password: str = PASSWORD) -> Any:
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_five_failures_lock_the_user_name_from_that_address_only(db: Any) -> None:
    RegulatorFactory(username="li")
    outsider = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(outsider, "li", "wrong").status_code == 200
    locked = sign_in(outsider, "li", "wrong")
    assert locked.status_code == 429
    # The right password from the same address is refused while locked ...
    response = sign_in(outsider, "li")
    assert response.status_code == 429
    assert "locked" in response.content.decode() or "锁定" in response.content.decode()
    assert "_auth_user_id" not in outsider.session
    # ... but the owner, at their own address, is not locked out by the outsider.
    owner = Client(REMOTE_ADDR="10.1.1.1")
    assert sign_in(owner, "li").status_code == 302
    assert "_auth_user_id" in owner.session


@override_settings(LOGIN_NAME_FAILURE_LIMIT=6)
def test_guessing_one_name_from_many_addresses_meets_the_per_name_throttle(db: Any) -> None:
    RegulatorFactory(username="li")
    for n in range(6):  # fewer than axes' 5 per address, 6 addresses
        assert sign_in(Client(REMOTE_ADDR=f"198.51.100.{n}"), "li", "wrong").status_code == 200
    fresh = Client(REMOTE_ADDR="10.9.9.9")
    refused = sign_in(fresh, "li")  # even the right password waits out the window
    assert refused.status_code == 200
    assert "_auth_user_id" not in fresh.session
    assert "Wait" in refused.content.decode() or "分钟" in refused.content.decode()
    other = RegulatorFactory(username="wang")
    assert sign_in(Client(REMOTE_ADDR="10.9.9.9"), other.username).status_code == 302


@override_settings(LOGIN_NAME_FAILURE_LIMIT=6)
def test_the_per_name_throttle_lifts_after_its_window(db: Any) -> None:
    RegulatorFactory(username="li")
    for n in range(6):
        sign_in(Client(REMOTE_ADDR=f"198.51.100.{n}"), "li", "wrong")
    c = Client(REMOTE_ADDR="10.9.9.9")
    sign_in(c, "li")
    assert "_auth_user_id" not in c.session
    later = time.time() + settings.LOGIN_NAME_WINDOW_SECONDS + 5
    with time_machine.travel(later, tick=False):  # the cache's expiry reads the same clock
        owner = Client(REMOTE_ADDR="10.9.9.9")
        assert sign_in(owner, "li").status_code == 302


@override_settings(OTP_REQUIRED_FOR_REGULATORS=True)
def test_a_regulator_must_enrol_then_verify_a_totp_code(db: Any) -> None:
    RegulatorFactory(username="li", role="grader")
    c = Client()
    first = sign_in(c, "li")
    assert first.status_code == 302
    page = c.get("/console/grades/")
    assert page.status_code == 302
    assert page.url.startswith("/accounts/2fa/setup/")
    assert c.get("/api/v1/blacklist/entries/").status_code == 403  # session API too
    setup = c.get(page.url)
    assert "<svg" in setup.content.decode()  # the QR code is drawn here, not fetched
    device = TOTPDevice.objects.get(user__username="li", confirmed=False)
    assert (
        c.post(
            "/accounts/2fa/setup/", {"token": "000000" if code(device) != "000000" else "111111"}
        ).status_code
        == 400
    )
    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows down guessing after a failure; time passes
    done = c.post("/accounts/2fa/setup/", {"token": code(device), "next": "/console/grades/"})
    codes = done.context["codes"]
    assert len(codes) == 10
    assert c.get("/console/grades/").status_code == 200
    # A new session needs a code again; a recovery code works once.
    c2 = Client()
    sign_in(c2, "li")
    assert c2.get("/console/grades/").url.startswith("/accounts/2fa/verify/")
    assert c2.post("/accounts/2fa/verify/", {"token": "123"}).status_code == 400
    unthrottle("li")
    assert (
        c2.post(
            "/accounts/2fa/verify/", {"token": codes[0], "next": "/console/grades/"}
        ).status_code
        == 302
    )
    assert c2.get("/console/grades/").status_code == 200
    c3 = Client()
    sign_in(c3, "li")
    assert c3.post("/accounts/2fa/verify/", {"token": codes[0]}).status_code == 400


@override_settings(OTP_REQUIRED_FOR_REGULATORS=True)
def test_enterprise_users_and_the_public_are_not_asked_for_a_code(db: Any) -> None:
    EnterpriseUserFactory(username="firm")
    c = Client()
    sign_in(c, "firm")
    assert c.get("/firm/").status_code == 200
    assert Client().get("/").status_code == 200
    assert c.get("/accounts/2fa/setup/").status_code == 404  # never asked for, so not offered


@override_settings(OTP_REQUIRED_FOR_REGULATORS=True)
def test_a_next_address_elsewhere_is_ignored(db: Any) -> None:
    RegulatorFactory(username="li")
    c = Client()
    sign_in(c, "li")
    c.get("/accounts/2fa/setup/")
    device = TOTPDevice.objects.get(user__username="li")
    response = c.post(
        "/accounts/2fa/setup/", {"token": code(device), "next": "https://evil.example/"}
    )
    assert response.context["next"] == "/accounts/me/"


def test_sessions_end_after_idle_time(db: Any) -> None:
    RegulatorFactory(username="li")
    c = Client()
    sign_in(c, "li")
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert c.session.get_expiry_age() == settings.SESSION_COOKIE_AGE <= 30 * 60
