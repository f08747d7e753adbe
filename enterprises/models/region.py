from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    COUNTY = "county", _("County")


class Region(models.Model):
    """An administrative division, GB/T 2260 (loaded from enterprises/data/regions.csv)."""

    code = models.CharField(_("code"), max_length=6, primary_key=True)
    name = models.CharField(_("name"), max_length=64)
    level = models.CharField(_("level"), max_length=8, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def prefix(self) -> str:
        """The jurisdiction prefix: 44 for a province, 4403 for a city, 440305 for a county."""
        return prefix_for_code(self.code)


def prefix_for_code(code: str) -> str:
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def region_prefix_clean(code: str) -> str:
    """The jurisdiction prefix of a GB/T 2260 code of 2, 4 or 6 digits (440000, 4403, 440305),
    or ValidationError saying what is wrong with it."""
    code = code.strip()
    if not (code.isascii() and code.isdigit()) or len(code) not in (2, 4, 6):
        raise ValidationError(_("A region is a code of 2, 4 or 6 digits, such as 440000 or 4403."))
    prefix = prefix_for_code(code.ljust(6, "0"))
    if not Region.objects.filter(code=prefix.ljust(6, "0")).exists():
        raise ValidationError(_("There is no region with code %(code)s.") % {"code": code})
    return prefix
