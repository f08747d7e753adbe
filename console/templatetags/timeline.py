"""The timeline's event kinds in the reader's language (console.selectors.firm_timeline
tags each event with one of these, or with a record kind of intake)."""

from __future__ import annotations

from django import template
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from enterprises.intake_fields import SPECS

register = template.Library()

EVENT_KINDS: dict[str, Promise] = {
    "grade": _("Grade"),
    "blacklist": _("Blacklist"),
    "abnormal": _("Abnormal-operations list"),
    "objection": _("Objection"),
    "repair": _("Credit repair"),
    "audit": _("Regulator's decision"),
}


@register.filter
def event_kind(kind: str) -> str:
    """The kind in words; an unknown one as the selector tagged it."""
    if kind in SPECS:
        return str(SPECS[kind].model._meta.verbose_name_plural)
    label = EVENT_KINDS.get(kind)
    return str(label) if label is not None else kind
