"""Sections of a quality-credit report, after GB/T 31870-2015 (企业质量信用报告编制指南)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


SECTIONS: tuple[tuple[str, StrOrPromise], ...] = (
    ("basic", _("Basic information")),
    ("philosophy", _("Quality philosophy and commitment")),
    ("management", _("Quality management system")),
    ("products", _("Product quality and standards")),
    ("indicators", _("Quality performance indicators")),
    ("service", _("After-sales service and complaints")),
    ("responsibility", _("Social responsibility")),
    ("records", _("Credit records")),
    ("outlook", _("Outlook")),
)
SECTION_KEYS = tuple(key for key, _label in SECTIONS)
SECTION_MAX = 20_000  # characters per section


def filled_sections(report: Any) -> list[tuple[object, str]]:
    """(title, text) of every section of a report, in the standard's order."""
    sections = report.sections or {}
    return [(label, str(sections.get(key, ""))) for key, label in SECTIONS]
