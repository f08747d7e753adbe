"""List rules with DOMAIN.md section 5 defaults (SAMR Order 44), and the one definition of a
blacklist entry in force: as a query, as a Python predicate and as SQL, tested to agree."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass, field, fields

from django.db.models import Q
from django.utils.translation import gettext as _

from core.dates import period_end, period_over_from, window_start
from core.policy import policy_active, policy_in_force_at
from lists.catalogue import RESTRICTION_ACTIONS
from lists.models import AbnormalListing, BlacklistEntry, EntryStatus, ListPolicy

# Credit repair by class (2026 measures, DOMAIN.md): minor penalties are not published, general
# ones 3 months to 1 year, serious ones 1 to 3 years; repair needs the class's minimum served.
REPAIR_CLASSES = ("minor", "general", "serious")
# The range of the minimum a province may set, per class, in months.
REPAIR_MIN_MONTHS_RANGE = {"general": (3, 12), "serious": (12, 36)}
REPAIR_CLASS_OF_KIND = {
    "warning": "minor",
    "criticism": "general",
    "fine": "serious",  # a low fine (publicity_low_fine_threshold) is repair_class_low_fine
    "confiscation": "serious",
    "licence_suspended": "serious",
    "qualification_lowered": "serious",
    "licence_revoked": "serious",
    "restriction": "serious",
    "suspension": "serious",
    "closure": "serious",
    "practice_ban": "serious",
    "other": "serious",
}
# Types of violation (违法行为类型) of the market-regulation laws; short codes, as sent.
VIOLATION_TYPES: tuple[str, ...] = (
    "product_quality",  # 产品质量 (substandard, counterfeit products)
    "food_safety",  # 食品安全
    "drug_safety",  # 药品安全
    "special_equipment",  # 特种设备安全
    "labelling",  # 标签标识
    "licensing",  # 无证无照经营
    "advertising",  # 虚假广告
    "pricing",  # 价格违法
    "unfair_competition",  # 不正当竞争
    "measurement_standards",  # 计量、标准、认证认可
    "other",  # 其他
)
_CODE = re.compile(r"[a-z][a-z0-9_]{0,31}")
# The lists a restriction may rest on (一处违法、处处受限): the blacklist (Order 44), the
# abnormal-operations list and the C grade of quality-credit grading.
RESTRICTING_LISTS = ("blacklist", "abnormal", "grade")
# The grade that restricts where a province's policy lets the grade restrict an action.
RESTRICTING_GRADE = "C"
# Which lists restrict each action by default: the blacklist every Order 44 measure; the
# abnormal-operations list procurement, bidding, land transfer, honours and financing (seed 001,
# DOMAIN.md section 5 "joint punishment"); the C grade honours, as awards are withdrawn from C
# firms (DOMAIN.md section 4) and DOMAIN.md ties C to no other restriction.
RESTRICTION_LISTS: dict[str, tuple[str, ...]] = {
    "procurement": ("blacklist", "abnormal"),
    "bidding": ("blacklist", "abnormal"),
    "land": ("blacklist", "abnormal"),
    "honours": ("blacklist", "abnormal", "grade"),
    "licences": ("blacklist",),
    "financing": ("blacklist", "abnormal"),
    "appointment": ("blacklist",),
}
# A measure added to the catalogue after a policy version was published is an Order 44
# measure for blacklisted firms until a version names the lists that restrict it.
UNMAPPED_ACTION_LISTS: tuple[str, ...] = ("blacklist",)


@dataclass(frozen=True)
class ListRules:
    """Numbers of the list rules; the defaults are DOMAIN.md section 5's, a ListPolicy version
    may change them."""

    duration_years: int = 3  # then removed automatically
    repair_min_years: int = 1  # early removal (credit repair) not before
    hearing_working_days: int = 5  # to state one's case after the notice
    # County and city departments need the upper level's approval.
    approval_from_upper_level: bool = True
    repair_answer_working_days: int = 15
    # A failed sampling may be objected to within 15 days; the answer is due in 3 working days.
    objection_window_days: int = 15
    objection_answer_working_days: int = 3
    objection_other_answer_working_days: int = 15
    # Abnormal-operations list: removal 5 working days after correction; 3 years -> blacklist,
    # with a 60-day warning.
    abnormal_removal_working_days: int = 5
    abnormal_escalation_years: int = 3
    abnormal_warning_days: int = 60
    # The upper level decides a notified listing within this many working days once the
    # hearing window has passed (the console's approval queue marks it overdue after).
    approval_working_days: int = 5
    # Penalty publicity (SAMR Order 45): 通报批评 and low fines 3 months, others 3 years; the
    # low-fine threshold for a firm is set per province (Shanghai 50,000; Hubei 100,000);
    # early end after 6 months (12 for food, drugs, special equipment).
    publicity_short_months: int = 3
    publicity_long_years: int = 3
    # The one low-fine threshold: Order 45's is a province's number, so it lives here, and
    # grading's A condition ("no published penalty but warnings or low fines") reads it too
    # (ratings.services.recompute, ratings.bulk_sql); grading policies no longer hold one.
    publicity_low_fine_threshold: int = 50_000
    publicity_early_stop_months: int = 6
    publicity_early_stop_months_sensitive: int = 12
    # Order 45: a decision is published within 20 working days of it (art. 12) and withdrawn
    # within 3 working days once revoked (art. 17); the console flags records received later.
    publicity_publication_working_days: int = 20
    # Listing suggestions (local quality rules, DOMAIN.md section 5): this many seriously failed
    # national or provincial samplings within these years.
    suggestion_window_years: int = 3
    suggestion_serious_failures: int = 2
    publicity_withdrawal_working_days: int = 3
    # The console flags a decision published late, or withdrawn late, for this many months
    # after it was received (a practice, not a rule of Order 45: a province may keep it longer).
    publicity_late_flagged_months: int = 3
    # Credit repair by class (2026 measures): penalty kind -> minor / general / serious, a low
    # fine's class, and the minimum months of publicity per class before repair.
    repair_class_of_kind: dict[str, str] = field(default_factory=lambda: dict(REPAIR_CLASS_OF_KIND))
    repair_class_low_fine: str = "general"
    repair_min_months: dict[str, int] = field(default_factory=lambda: {"general": 3, "serious": 12})
    # The version of the public credit commitment (信用承诺书) text signed with an application.
    repair_commitment_version: str = "2026"
    # The codes of the type of violation a penalty concerns (PenaltyRecord.violation_type), read
    # by "no repeat of the same type" (credit repair); a province may add its own.
    violation_types: tuple[str, ...] = VIOLATION_TYPES
    # Action (a RestrictionMeasure code) -> the lists that restrict it (RESTRICTING_LISTS).
    restriction_lists: dict[str, list[str]] = field(
        default_factory=lambda: {a: list(lists) for a, lists in RESTRICTION_LISTS.items()}
    )

    def problems(self, *, actions: Collection[str] = RESTRICTION_ACTIONS) -> list[str]:
        """What is wrong with these rules; `actions` are the known restriction actions (the
        measure catalogue in the database when a version is published)."""
        out = []
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "violation_types":
                if (
                    not isinstance(value, (list, tuple))
                    or not value
                    or len(set(value)) != len(value)
                    or not all(isinstance(c, str) and _CODE.fullmatch(c) for c in value)
                ):
                    out.append(
                        _(
                            "%(name)s must be a list of distinct short codes "
                            "(lower-case letters, digits and _, up to 32)"
                        )
                        % {"name": f.name}
                    )
            elif f.type == "bool" and type(value) is not bool:
                out.append(_("%(name)s must be true or false") % {"name": f.name})
            elif f.type == "int" and (type(value) is not int or value < 1):
                out.append(_("%(name)s must be a whole number, 1 or more") % {"name": f.name})
        return out + self._repair_problems() + self._restriction_problems(actions)

    def _restriction_problems(self, actions: Collection[str]) -> list[str]:
        mapping = self.restriction_lists
        if not isinstance(mapping, dict):
            return [_("restriction_lists must map each action to the lists that restrict it")]
        out = []
        if unknown := sorted(set(mapping) - set(actions)):
            out.append(
                _("restriction_lists names unknown action(s): %(unknown)s; known: %(known)s")
                % {"unknown": ", ".join(map(str, unknown)), "known": ", ".join(sorted(actions))}
            )
        for action, lists in sorted(mapping.items(), key=lambda kv: str(kv[0])):
            if (
                not isinstance(lists, (list, tuple))
                or not all(isinstance(x, str) for x in lists)
                or len(set(lists)) != len(lists)
                or any(x not in RESTRICTING_LISTS for x in lists)
            ):
                out.append(
                    _("%(name)s must be distinct lists among %(lists)s")
                    % {
                        "name": f"restriction_lists[{action}]",
                        "lists": ", ".join(RESTRICTING_LISTS),
                    }
                )
        return out

    def lists_restricting(self, action: str) -> tuple[str, ...]:
        """The lists that restrict `action` under these rules, in RESTRICTING_LISTS order."""
        named = self.restriction_lists.get(action, UNMAPPED_ACTION_LISTS)
        return tuple(x for x in RESTRICTING_LISTS if x in named)

    def _repair_problems(self) -> list[str]:
        out = []
        kinds = self.repair_class_of_kind
        if not isinstance(kinds, dict) or set(kinds) != set(REPAIR_CLASS_OF_KIND):
            out.append(
                _("repair_class_of_kind must give a class for each penalty kind: %(kinds)s")
                % {"kinds": ", ".join(REPAIR_CLASS_OF_KIND)}
            )
        elif any(c not in REPAIR_CLASSES for c in kinds.values()):
            out.append(
                _("repair_class_of_kind classes are %(classes)s")
                % {"classes": ", ".join(REPAIR_CLASSES)}
            )
        if self.repair_class_low_fine not in REPAIR_CLASSES:
            out.append(
                _("repair_class_low_fine must be one of %(classes)s")
                % {"classes": ", ".join(REPAIR_CLASSES)}
            )
        months = self.repair_min_months
        if not isinstance(months, dict) or set(months) != set(REPAIR_MIN_MONTHS_RANGE):
            out.append(_("repair_min_months must give months for general and serious"))
        else:
            for cls, (low, high) in REPAIR_MIN_MONTHS_RANGE.items():
                value = months[cls]
                if type(value) is not int or not low <= value <= high:
                    out.append(
                        _("%(name)s must be %(low)d to %(high)d months (2026 measures)")
                        % {"name": f"repair_min_months[{cls}]", "low": low, "high": high}
                    )
        version = self.repair_commitment_version
        if not isinstance(version, str) or not version.strip() or len(version) > 32:
            out.append(_("repair_commitment_version must be 1 to 32 characters"))
        return out


RULES = ListRules()


def list_rules() -> ListRules:
    """The rules of the list policy in force (version 1 is written by the migrations)."""
    return list_rules_from(policy_active(model=ListPolicy))


def list_rules_from(policy: ListPolicy) -> ListRules:
    """The rules one version holds."""
    # Keys a later version of the code no longer knows are ignored, missing ones defaulted.
    known = {f.name for f in fields(ListRules)}
    values = {k: v for k, v in policy.rules.items() if k in known}
    if isinstance(values.get("violation_types"), list):  # stored as JSON
        values["violation_types"] = tuple(values["violation_types"])
    return ListRules(**values)


def violation_types() -> tuple[str, ...]:
    """The type-of-violation codes of the list policy in force (intake checks against them)."""
    return list_rules().violation_types


def listing_ends_on(listed_on: dt.date, rules: ListRules = RULES) -> dt.date:
    """`ends_on` of an entry listed on `listed_on`: the last day it is in force, i.e. the last
    day within `duration_years` (core.dates.period_end; Civil Code arts. 200–204)."""
    return period_end(listed_on, years=rules.duration_years)


def repair_possible_from(listed_on: dt.date, rules: ListRules = RULES) -> dt.date:
    """The first day credit repair may remove an entry: the day after `repair_min_years` on the
    list are over (no longer within them, core.dates.period_over_from)."""
    return period_over_from(listed_on, years=rules.repair_min_years)


def entry_in_force_q(*, today: dt.date, prefix: str = "") -> Q:
    """Listed and not past its end date, `ends_on` being the last day in force (the nightly
    removal may not have run yet); `prefix` reaches the entry through a relation (e.g.
    "blacklist_entries__")."""
    return Q(**{f"{prefix}status": EntryStatus.LISTED}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": today})
    )


def entry_in_force(entry: BlacklistEntry, *, today: dt.date) -> bool:
    return entry.status == EntryStatus.LISTED and (entry.ends_on is None or entry.ends_on >= today)


def entry_in_force_sql(alias: str) -> str:
    """The same rule for raw SQL over blacklist_blacklistentry as `alias`; reads %(today)s."""
    return (
        f"({alias}.status = '{EntryStatus.LISTED.value}' "
        f"AND ({alias}.ends_on IS NULL OR {alias}.ends_on >= %(today)s))"
    )


def entry_was_in_force_q(*, day: dt.date) -> Q:
    """In force on `day` as the list stood that day, read from the entry's dates: listed on or
    before it, its last day (`ends_on`) not before it, not removed by then (the day of removal
    it no longer counts). For today it is `entry_in_force_q`; the verified credit extract
    rebuilds a past day with it."""
    return (
        Q(status__in=[EntryStatus.LISTED, EntryStatus.REMOVED], listed_on__lte=day)
        & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        & (Q(removed_on__isnull=True) | Q(removed_on__gt=day))
    )


def entry_was_in_force(entry: BlacklistEntry, *, day: dt.date) -> bool:
    return (
        entry.status in (EntryStatus.LISTED, EntryStatus.REMOVED)
        and entry.listed_on is not None
        and entry.listed_on <= day
        and (entry.ends_on is None or entry.ends_on >= day)
        and (entry.removed_on is None or entry.removed_on > day)
    )


def abnormal_was_current_q(*, day: dt.date) -> Q:
    """On the abnormal-operations list on `day`: listed by then and not yet removed (the day
    of removal it no longer counts, as `abnormal_current_q`)."""
    return Q(listed_on__lte=day) & (Q(removed_on__isnull=True) | Q(removed_on__gt=day))


def abnormal_was_current(listing: AbnormalListing, *, day: dt.date) -> bool:
    return listing.listed_on <= day and (listing.removed_on is None or listing.removed_on > day)


def list_rules_at(at: dt.datetime) -> ListRules:
    """The rules of the list policy version in force at `at` (core.policy.policy_in_force_at)."""
    return list_rules_from(policy_in_force_at(model=ListPolicy, at=at))


def abnormal_current_q(*, prefix: str = "") -> Q:
    """On the abnormal-operations list now: not removed (the day of removal it no longer
    counts). A removed listing stays in the file for regulators but is never public again
    (DOMAIN.md section 5); `prefix` reaches the listing through a relation."""
    return Q(**{f"{prefix}removed_on__isnull": True})


def abnormal_current(listing: AbnormalListing) -> bool:
    return listing.removed_on is None


def abnormal_removal_overdue_q(*, today: dt.date) -> Q:
    """Still listed after the day removal was due (the firm's correction was received)."""
    return abnormal_current_q() & Q(removal_due__isnull=False, removal_due__lt=today)


def abnormal_removal_overdue(listing: AbnormalListing, *, today: dt.date) -> bool:
    return (
        abnormal_current(listing)
        and listing.removal_due is not None
        and listing.removal_due < today
    )


def abnormal_warning_due_q(*, today: dt.date) -> Q:
    """Still listed, not warned, and past the escalation years `abnormal_warning_days` from
    today: listed_on no longer within them on that day (core.dates.window_start)."""
    rules = list_rules()
    cutoff = window_start(
        today + dt.timedelta(days=rules.abnormal_warning_days),
        years=rules.abnormal_escalation_years,
    )
    return abnormal_current_q() & Q(escalation_warned_on__isnull=True, listed_on__lt=cutoff)


def abnormal_escalation_due_q(*, today: dt.date) -> Q:
    """An abnormal listing 3 years old, warned at least 60 days ago and not yet escalated: the
    basis of a blacklist proposal (DOMAIN.md section 5)."""
    rules = list_rules()
    return abnormal_current_q() & Q(
        escalated_to__isnull=True,
        # 3 years on the list are over: listed_on no longer within them (core.dates).
        listed_on__lt=window_start(today, years=rules.abnormal_escalation_years),
        escalation_warned_on__lte=today - dt.timedelta(days=rules.abnormal_warning_days),
    )
