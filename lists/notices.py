"""Messages to a listing department: by email to its list officers and administrators after
the transaction commits; the console's work queues show the same items until they are done."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction

from accounts.models import Department, User, UserKind
from accounts.roles import ROLE_ACTIONS, Action

# The roles that keep the lists, read from the one table of what each role may do.
LIST_KEEPING_ROLES = tuple(r for r, acts in ROLE_ACTIONS.items() if Action.LIST_PROPOSE in acts)


def department_notify(*, department: Department, subject: str, body: str) -> int:
    """Mail the department's active list keepers once the change commits; how many."""
    recipients = list(
        User.objects.filter(
            department=department,
            kind=UserKind.REGULATOR,
            role__in=LIST_KEEPING_ROLES,
            is_active=True,
        )
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if recipients:
        messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [to]) for to in recipients]
        # A mail server that is down must not undo the change the message reports.
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))
    return len(recipients)
