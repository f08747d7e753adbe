"""The province / city / county cascade of the public filters."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import QueryDict

from enterprises.models import Region, RegionLevel
from enterprises.models.region import prefix_for_code


@dataclass(frozen=True)
class RegionLevelChoices:
    label_key: str  # "province" | "city" | "county"
    options: list[Region]
    selected: str  # the chosen code at this level, or ""


def region_param(params: QueryDict) -> str:
    """The deepest consistent region of the cascade's selects (all named `region`).

    A city left selected after the province changed no longer starts with the province's
    prefix and is ignored, so the cascade also works without script.
    """
    chosen, chosen_prefix = "", ""
    for value in (v.strip() for v in params.getlist("region")):
        if not value:
            continue
        if not value.isdigit() or len(value) not in (2, 4, 6):
            return value  # left for the filter to refuse with a clear message
        prefix = prefix_for_code(value.ljust(6, "0"))
        if chosen and not (prefix.startswith(chosen_prefix) and len(prefix) > len(chosen_prefix)):
            break
        chosen, chosen_prefix = value, prefix
    return chosen


def region_cascade(prefix: str) -> list[RegionLevelChoices]:
    """Options for each level down to one below the chosen region (at most 3 queries)."""
    levels = [
        RegionLevelChoices(
            "province",
            list(Region.objects.filter(level=RegionLevel.PROVINCE).order_by("code")),
            prefix[:2].ljust(6, "0") if prefix else "",
        )
    ]
    if len(prefix) >= 2:
        cities = list(Region.objects.filter(parent_id=prefix[:2].ljust(6, "0")).order_by("code"))
        levels.append(
            RegionLevelChoices("city", cities, prefix[:4].ljust(6, "0") if len(prefix) >= 4 else "")
        )
    if len(prefix) >= 4:
        counties = list(Region.objects.filter(parent_id=prefix[:4].ljust(6, "0")).order_by("code"))
        levels.append(RegionLevelChoices("county", counties, prefix if len(prefix) == 6 else ""))
    return [level for level in levels if level.options]
