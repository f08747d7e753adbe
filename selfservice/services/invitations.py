"""Enterprise accounts: invitation codes, sign-up, and the firm administrator's colleagues."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User, UserKind
from accounts.roles import Action, in_jurisdiction, regulator_can
from core.actions import AuditAction
from core.audit import audit_record
from enterprises.models import Enterprise
from enterprises.uscc import normalise
from selfservice.models import Invitation

INVITATION_DAYS = 30


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.strip().upper().encode()).hexdigest()


def invitation_issue(*, actor: User, enterprise: Enterprise) -> tuple[Invitation, str]:
    """A new code, shown once. A regulator of the area invites the firm's administrator; the
    firm's administrator invites colleagues."""
    if regulator_can(actor, Action.FIRM_INVITE) and in_jurisdiction(actor, enterprise.region_id):
        as_admin = True
    elif (
        actor.kind == UserKind.ENTERPRISE
        and actor.enterprise_id == enterprise.pk
        and actor.is_firm_admin
    ):
        as_admin = False
    else:
        raise PermissionDenied(_("You may not invite users of this enterprise."))
    # 4 groups of 4 characters without look-alikes, easy to read out on the phone.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))
    invitation = Invitation.objects.create(
        enterprise=enterprise,
        digest=_digest(raw),
        prefix=raw[:4],
        as_admin=as_admin,
        created_by=actor,
        expires_at=timezone.now() + dt.timedelta(days=INVITATION_DAYS),
    )
    audit_record(
        actor=actor,
        action=AuditAction.INVITATION_ISSUED,
        enterprise=enterprise,
        data={"invitation": invitation.pk, "as_admin": as_admin},
    )
    return invitation, raw


@transaction.atomic
def firm_user_signup(
    *,
    uscc: str,
    legal_representative: str,
    code: str,
    username: str,
    password: str,
    email: str,
) -> User:
    """Create a user of the firm if the code, the legal representative and the invitation
    all match; otherwise nothing is written. Which of the three was wrong is not said (one
    answer for all): the form must not tell a stranger whether a firm's legal representative
    is who they guessed, or whether an invitation exists."""
    mismatch = ValidationError(
        _(
            "The enterprise code, the legal representative and the invitation code do not "
            "match an open invitation. Check all three, or ask for a new invitation."
        ),
        code="mismatch",
    )
    firm = Enterprise.objects.filter(uscc=normalise(uscc)).first()
    if firm is None:
        raise mismatch
    if "".join(legal_representative.split()) != "".join(firm.legal_representative.split()):
        raise mismatch
    invitation = (
        Invitation.objects.select_for_update().filter(digest=_digest(code), enterprise=firm).first()
    )
    now = timezone.now()
    if (
        invitation is None
        or invitation.revoked_at is not None
        or invitation.used_at is not None
        or invitation.expires_at <= now
    ):
        raise mismatch
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This user name is taken.")})
    user = User(
        username=username,
        email=email,
        kind=UserKind.ENTERPRISE,
        enterprise=firm,
        is_firm_admin=invitation.as_admin,
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    user.set_password(password)
    user.full_clean()
    user.save()
    invitation.used_at, invitation.used_by = now, user
    invitation.save(update_fields=["used_at", "used_by"])
    audit_record(
        actor=user,
        action=AuditAction.FIRM_USER_SIGNED_UP,
        enterprise=firm,
        data={"invitation": invitation.pk, "admin": invitation.as_admin},
    )
    return user


@transaction.atomic
def firm_user_remove(*, actor: User, user: User) -> None:
    """The firm's administrator removes a colleague (the account is kept, inactive)."""
    if not (
        actor.kind == UserKind.ENTERPRISE
        and actor.is_firm_admin
        and actor.enterprise_id is not None
        and actor.enterprise_id == user.enterprise_id
    ):
        raise PermissionDenied(_("Only the enterprise's administrator removes its users."))
    if user.pk == actor.pk:
        raise ValidationError(_("You cannot remove yourself."))
    User.objects.filter(pk=user.pk).update(is_active=False)
    audit_record(
        actor=actor,
        action=AuditAction.FIRM_USER_REMOVED,
        enterprise=user.enterprise,
        data={"user": user.pk, "username": user.username},
    )
