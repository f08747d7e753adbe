"""Filters of the grade history table: a change's stored codes in the reader's language."""

from __future__ import annotations

from django import template

from ratings import change_labels

register = template.Library()


@register.filter
def factor_label(code: str) -> str:
    return change_labels.factor_label(code)


@register.filter
def trigger_label(kind: str) -> str:
    return change_labels.trigger_label(kind)
