"""`|day`: a date or a moment as <time>, which the stylesheet never breaks over two lines (a
date split at its hyphens reads as two numbers). A template builtin (settings TEMPLATES)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils import formats, timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def day(value: Any, fmt: str | None = None) -> SafeString | str:
    """<time datetime="ISO">text</time>; the text as `|date:fmt` gives it, or as the value
    would print by itself. Anything that is not a date passes through; nothing gives ""."""
    if value is None or value == "":
        return ""
    if not isinstance(value, dt.date):
        return conditional_escape(value)
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    text = date_filter(value, fmt) if fmt else formats.localize(value)
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), text)


ISO_DAY = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")


@register.filter
def dated(value: Any) -> SafeString:
    """A text composed elsewhere (a timeline line, a message) with each ISO date in it made a
    <time>, the rest escaped."""
    escaped = str(conditional_escape(value))
    return mark_safe(ISO_DAY.sub(r'<time datetime="\1">\1</time>', escaped))  # noqa: S308
