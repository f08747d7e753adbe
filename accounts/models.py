"""Who acts in the portal: regulator and enterprise users, and sending departments."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# The jurisdiction of a national (SAMR-level) office: no prefix, so every region is within it.
NATIONAL = ""
# The one shape of a jurisdiction, for the validator and the database checks alike.
JURISDICTION_PATTERN = r"^([0-9]{2}|[0-9]{4}|[0-9]{6})?$"
jurisdiction_validator = RegexValidator(
    JURISDICTION_PATTERN,
    _(
        "A jurisdiction is a region-code prefix: 2 (province), 4 (city) or 6 (county) digits, "
        "or empty for a national office, which covers every region."
    ),
)


class Department(models.Model):
    """A sending or regulating department (市场监管局, 卫健委, 住建局 …) with its jurisdiction."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=120)
    jurisdiction = models.CharField(
        _("jurisdiction"),
        max_length=6,
        blank=True,
        validators=[jurisdiction_validator],
        help_text=_(
            "Region-code prefix of the office, e.g. 44, 4403, 440305; empty for a national "
            "office (all regions)."
        ),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("upper-level department"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(jurisdiction__regex=JURISDICTION_PATTERN),
                name="department_jurisdiction_prefix",
                violation_error_message=jurisdiction_validator.message,
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_national(self) -> bool:
        """A national office (no prefix): every region is within its jurisdiction."""
        return self.jurisdiction == NATIONAL


class ApiToken(models.Model):
    """A department's API token; only its SHA-256 digest is stored."""

    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="tokens", verbose_name=_("department")
    )
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(_("prefix"), max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.department.code}:{self.prefix}…"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class UserKind(models.TextChoices):
    REGULATOR = "regulator", _("Regulator")
    ENTERPRISE = "enterprise", _("Enterprise")


class RegulatorRole(models.TextChoices):
    CLERK = "clerk", _("Clerk (records intake)")
    GRADER = "grader", _("Grader")
    LIST_OFFICER = "list_officer", _("List officer")
    APPROVER = "approver", _("Approver (upper level)")
    ADMIN = "admin", _("Administrator")


class PortalUserManager(UserManager["User"]):
    def create_superuser(
        self,
        username: str,
        email: str | None = None,
        password: str | None = None,
        **extra_fields: Any,
    ) -> User:
        """A superuser is a regulator administrator; createsuperuser asks for its jurisdiction,
        and an empty one makes it national (all regions)."""
        extra_fields.setdefault("kind", UserKind.REGULATOR)
        extra_fields.setdefault("role", RegulatorRole.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A signed-in person: a regulator within a jurisdiction, or a user of one enterprise."""

    kind = models.CharField(_("kind"), max_length=12, choices=UserKind.choices)
    role = models.CharField(
        _("regulator role"), max_length=16, choices=RegulatorRole.choices, blank=True
    )
    # A regulator's region-code prefix, empty for a national (SAMR-level) regulator; an
    # enterprise user has none.
    jurisdiction = models.CharField(
        _("jurisdiction"),
        max_length=6,
        blank=True,
        validators=[jurisdiction_validator],
        help_text=_(
            "Region-code prefix of a regulator's office, e.g. 44, 4403, 440305; empty for a "
            "national regulator (all regions)."
        ),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("department"),
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("enterprise"),
    )

    # The firm's administrator invites and removes the firm's other users.
    is_firm_admin = models.BooleanField(_("firm administrator"), default=False)

    objects: ClassVar[PortalUserManager] = PortalUserManager()
    REQUIRED_FIELDS = ["email", "jurisdiction"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                # A regulator has a role and a jurisdiction of the one shape (empty: national);
                # an enterprise user is bound to its firm, with neither.
                condition=(
                    models.Q(kind=UserKind.REGULATOR, enterprise__isnull=True)
                    & ~models.Q(role="")
                    & models.Q(jurisdiction__regex=JURISDICTION_PATTERN)
                )
                | models.Q(
                    kind=UserKind.ENTERPRISE, enterprise__isnull=False, role="", jurisdiction=""
                ),
                name="user_kind_consistent",
            )
        ]

    @property
    def is_regulator(self) -> bool:
        return self.kind == UserKind.REGULATOR

    @property
    def is_enterprise_user(self) -> bool:
        return self.kind == UserKind.ENTERPRISE

    @property
    def is_national(self) -> bool:
        """A national (SAMR-level) regulator: no prefix, every region within its jurisdiction."""
        return self.kind == UserKind.REGULATOR and self.jurisdiction == NATIONAL

    def clean(self) -> None:
        super().clean()
        if self.kind == UserKind.REGULATOR and not self.role:
            raise ValidationError(
                _("A regulator needs a role (an empty jurisdiction makes it national).")
            )
        if self.kind == UserKind.ENTERPRISE and self.jurisdiction:
            raise ValidationError(_("An enterprise user has no jurisdiction."))
        if self.kind == UserKind.REGULATOR and self.enterprise_id:
            raise ValidationError(_("A regulator cannot be bound to an enterprise."))
        if self.kind == UserKind.ENTERPRISE and (not self.enterprise_id or self.role):
            raise ValidationError(_("An enterprise user is bound to one firm and has no role."))
