"""State changes for departments, tokens and users."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ApiToken, Department, RegulatorRole, User, UserKind
from core.actions import AuditAction
from core.audit import audit_record
from core.errors import DomainError

TOKEN_PREFIX = "cp_"  # noqa: S105  # a marker that lets scanners spot leaked tokens
# last_used_at is written at most this often, so a busy client does not write on every call.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def _digest(raw: str) -> str:
    # Tokens carry 256 random bits: a fast unsalted hash already makes the stored value useless.
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_issue(
    *, department: Department, name: str, actor: User | None
) -> tuple[ApiToken, str]:
    """Create a token; return it with the raw value, which is shown once and never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        department=department, name=name, prefix=raw[:10], digest=_digest(raw), created_by=actor
    )
    audit_record(
        actor=actor,
        action=AuditAction.TOKEN_ISSUED,
        enterprise=None,
        data={"department": department.code, "token": token.prefix},
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User | None) -> bool:
    """Revoke a token; return False when it was already revoked."""
    changed = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if changed:
        audit_record(
            actor=actor,
            action=AuditAction.TOKEN_REVOKED,
            enterprise=None,
            data={"department": token.department.code, "token": token.prefix},
        )
    token.refresh_from_db(fields=["revoked_at"])
    return bool(changed)


@transaction.atomic
def api_token_rotate(*, token: ApiToken, actor: User | None) -> tuple[ApiToken, str]:
    """A new token for the same department and name; the old one stops working at once."""
    if not api_token_revoke(token=token, actor=actor):
        raise DomainError(_("This token is already revoked."))
    return api_token_issue(department=token.department, name=token.name, actor=actor)


def api_token_authenticate(*, raw: str) -> ApiToken | None:
    """The active token with this raw value, marking it used; None when unknown or revoked."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("department")
        .filter(digest=_digest(raw), revoked_at__isnull=True, department__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def regulator_create(
    *,
    username: str,
    password: str,
    role: str,
    jurisdiction: str,
    department: Department | None = None,
    actor: User | None,
) -> User:
    """Create a regulator account within a jurisdiction."""
    user = User(
        username=username,
        kind=UserKind.REGULATOR,
        role=RegulatorRole(role),
        jurisdiction=jurisdiction,
        department=department,
    )
    user.set_password(password)
    user.full_clean()
    with transaction.atomic():
        user.save()
        audit_record(
            actor=actor,
            action=AuditAction.USER_CREATED,
            enterprise=None,
            data={"username": username, "role": role, "jurisdiction": jurisdiction},
        )
    return user


def enterprise_user_create(
    # The firm as a row of the credit file, the floor above: accounts only store its id.
    *, username: str, password: str, enterprise: Model, actor: User | None
) -> User:
    """Create a user bound to one enterprise."""
    user = User(username=username, kind=UserKind.ENTERPRISE, enterprise_id=enterprise.pk)
    user.set_password(password)
    user.full_clean()
    with transaction.atomic():
        user.save()
        audit_record(
            actor=actor,
            action=AuditAction.USER_CREATED,
            enterprise=enterprise,
            data={"username": username, "kind": UserKind.ENTERPRISE},
        )
    return user
