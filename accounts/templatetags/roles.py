"""`{% if user|can:"list.propose" %}`: templates ask about actions, never role names."""

from __future__ import annotations

from typing import Any

from django import template

from accounts.roles import Action, regulator_can

register = template.Library()


@register.filter
def can(user: Any, action: str) -> bool:
    return regulator_can(user, Action(action))
