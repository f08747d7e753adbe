"""Three years on the abnormal-operations list: a warning `abnormal_warning_days` before (to the
firm and to the listing department), then a blacklist proposal in the list officer's queue
(《企业信息公示暂行条例》 art. 17; SAMR Order 44 art. 13; DOMAIN.md section 5)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.actions import AuditAction
from core.audit import audit_record
from core.dates import period_over_from
from enterprises.services.notifications import notify_firm
from lists.entries import blacklist_entry_propose
from lists.models import AbnormalListing, BlacklistEntry
from lists.notices import department_notify
from lists.rules import (
    abnormal_escalation_due_q,
    abnormal_warning_due_q,
    list_rules,
)

if TYPE_CHECKING:
    from accounts.models import User

ESCALATION_BASIS = "《市场监督管理严重违法失信名单管理办法》第十三条"


def abnormal_escalation_on(listing: AbnormalListing) -> dt.date:
    """The first day the listing is no longer within the escalation years (core.dates)."""
    return period_over_from(listing.listed_on, years=list_rules().abnormal_escalation_years)


def abnormal_escalation_possible_from(listing: AbnormalListing) -> dt.date | None:
    """The first day a blacklist proposal may rest on the listing: the escalation years over
    and the warning sent `abnormal_warning_days` before (abnormal_escalation_due_q, one day at
    a time); None before the warning."""
    if listing.escalation_warned_on is None:
        return None
    days = list_rules().abnormal_warning_days
    return max(
        abnormal_escalation_on(listing), listing.escalation_warned_on + dt.timedelta(days=days)
    )


def abnormal_warn_due(*, today: dt.date | None = None) -> int:
    """Warn, once, the firm and the listing department of each listing reaching the escalation
    date within `abnormal_warning_days`; how many were warned. Each listing in its own
    transaction behind a conditional update, so a retry or a second worker warns nobody twice
    and mail leaves only for what committed."""
    today = today or timezone.localdate()
    ids = list(
        AbnormalListing.objects.filter(abnormal_warning_due_q(today=today))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return sum(_warn_one(pk=pk, today=today) for pk in ids)


@transaction.atomic
def _warn_one(*, pk: int, today: dt.date) -> int:
    if (
        AbnormalListing.objects.filter(abnormal_warning_due_q(today=today), pk=pk).update(
            escalation_warned_on=today
        )
        != 1
    ):
        return 0  # warned by another run meanwhile, or removed
    listing = AbnormalListing.objects.select_related("enterprise", "department").get(pk=pk)
    firm = listing.enterprise
    # The warning was just stamped, so the day a proposal becomes possible is known.
    on = abnormal_escalation_possible_from(listing) or abnormal_escalation_on(listing)
    audit_record(
        actor=None,
        action=AuditAction.ABNORMAL_WARNED,
        enterprise=firm,
        department=listing.department,
        data={
            "listing": listing.pk,
            "three_years_on": abnormal_escalation_on(listing).isoformat(),
            "proposal_possible_from": on.isoformat(),
        },
    )
    years = list_rules().abnormal_escalation_years
    notify_firm(
        enterprise=firm,
        subject=_("Warning: the blacklist follows %(years)d years on the abnormal-operations list")
        % {"years": years},
        body=_(
            "Your enterprise has been on the abnormal-operations list since %(listed)s "
            "(%(ground)s). Unless the ground is corrected and the listing removed, the "
            "listing department may propose the blacklist of serious violations from %(on)s."
        )
        % {"listed": f"{listing.listed_on}", "ground": listing.get_ground_display(), "on": f"{on}"},
        link=reverse("selfservice:abnormal"),
    )
    department_notify(
        department=listing.department,
        subject=_("Abnormal-operations listing reaches %(years)d years on %(on)s: %(firm)s")
        % {"years": years, "on": f"{on}", "firm": firm.name},
        body=_(
            "%(firm)s (%(uscc)s), listed on %(listed)s (%(ground)s), was warned today. "
            "A blacklist proposal becomes due in the console's queue from %(on)s."
        )
        % {
            "firm": firm.name,
            "uscc": firm.uscc,
            "listed": f"{listing.listed_on}",
            "ground": listing.get_ground_display(),
            "on": f"{on}",
        },
    )
    return 1


def abnormal_escalations_due(*, today: dt.date | None = None) -> QuerySet[AbnormalListing]:
    """Listings past the escalation years, warned at least the warning days ago, not yet
    escalated."""
    return AbnormalListing.objects.filter(
        abnormal_escalation_due_q(today=today or timezone.localdate())
    )


def abnormal_escalate(*, actor: User, listing: AbnormalListing) -> BlacklistEntry:
    """Propose the blacklist for a listing that is due, the listing as its basis; the normal
    due process follows."""
    years = list_rules().abnormal_escalation_years
    return blacklist_entry_propose(
        actor=actor,
        enterprise=listing.enterprise,
        grounds=f"列入经营异常名录满{years}年未改正（{listing.get_ground_display()}，"
        f"{listing.listed_on:%Y-%m-%d} 列入）",
        legal_basis=ESCALATION_BASIS,
        abnormal_listing=listing,
    )
