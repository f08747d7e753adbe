"""Audit entries in the reader's language: the action by its registry label, the data as
label: value pairs (console.audit_details), never the stored codes or JSON."""

from __future__ import annotations

from django import template

from console.audit_details import audit_action_label, audit_details
from core.models import AuditEntry

register = template.Library()


@register.filter
def audit_action(code: str) -> str:
    return audit_action_label(code)


@register.filter
def audit_fields(entry: AuditEntry) -> list[tuple[str, str]]:
    return audit_details(entry)
