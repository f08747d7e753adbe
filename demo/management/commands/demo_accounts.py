from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from demo.accounts import DEMO_PASSWORD, demo_accounts_ensure
from demo.inspections import demo_inspections_ensure, demo_plan_ensure


class Command(BaseCommand):
    help = "Create one demo account per role and print the logins."

    def handle(self, *args: Any, **opts: Any) -> None:
        lines = demo_accounts_ensure()
        demo_inspections_ensure()
        demo_plan_ensure()
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password: {DEMO_PASSWORD}):"))
        for login, what, detail in lines:
            self.stdout.write(f"  {login:<12} {what:<28} {detail}")
        self.stdout.write(
            "Regulators enrol an authenticator app (any TOTP app) at their first sign-in."
        )
