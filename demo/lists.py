"""Demo list entries derived from the demo penalties, so the public lists have content.

A share of firms with a heavier penalty in the last 3 years are listed (with the transitions
of due process, actor left empty as the seed has no regulator), and a few firms are put on
the abnormal-operations list. Deterministic for a seed.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from accounts.models import Department, User
from core.dates import window_start
from enterprises.models import Enterprise, PenaltyRecord
from enterprises.models.records import HEAVY_PENALTY_KINDS
from enterprises.rules import penalty_live_q
from lists.models import (
    ABNORMAL_GROUND_BASIS,
    AbnormalGround,
    AbnormalListing,
    BlacklistEntry,
    EntryStatus,
    EntryTransition,
)
from lists.rules import listing_ends_on

LISTED_SHARE = 0.3  # of firms with a heavier penalty
ABNORMAL_SHARE = 0.005  # of all firms
HEARING_DAYS = 20  # from the decision to the listing, for the demo
DUE_PROCESS = (
    ("", EntryStatus.PROPOSED),
    (EntryStatus.PROPOSED, EntryStatus.NOTIFIED),
    (EntryStatus.NOTIFIED, EntryStatus.APPROVED),
    (EntryStatus.APPROVED, EntryStatus.LISTED),
)


def demo_lists_seed(*, today: dt.date, seed: int = 1) -> dict[str, int]:
    rng = random.Random(seed * 7919)
    system = _seed_user()
    entries = _blacklist_entries(rng, today=today, system=system)
    BlacklistEntry.objects.bulk_create(entries, batch_size=2000)
    EntryTransition.objects.bulk_create(
        [
            EntryTransition(
                entry=e, from_status=a, to_status=b, reason="演示数据", legal_basis=e.legal_basis
            )
            for e in entries
            for a, b in DUE_PROCESS
        ],
        batch_size=5000,
    )
    abnormal = _abnormal_listings(rng, today=today, system=system)
    AbnormalListing.objects.bulk_create(abnormal, batch_size=2000)
    return {"blacklist": len(entries), "abnormal": len(abnormal)}


def _seed_user() -> User:
    """Entries need a proposer: an inactive account that cannot sign in stands for the seed."""
    system, created = get_user_model().objects.get_or_create(
        username="demo-seed",
        defaults={
            "is_active": False,
            "kind": "regulator",
            "role": "list_officer",
            "jurisdiction": "34",
        },
    )
    if created:
        system.set_unusable_password()
        system.save(update_fields=["password"])
    return system


def _blacklist_entries(rng: random.Random, *, today: dt.date, system: User) -> list[BlacklistEntry]:
    """Listed entries for a share of firms with a heavier penalty, one per firm, each resting
    on its live penalty and listed by the department that decided it (谁处罚谁列入)."""
    heavy = (
        PenaltyRecord.objects.filter(
            Q(kind__in=HEAVY_PENALTY_KINDS) | Q(aggravated=True),
            penalty_live_q(),
            procedure="ordinary",
            decided_on__gte=window_start(today, years=3),  # within 3 years (core.dates)
            decided_on__lte=today - dt.timedelta(days=HEARING_DAYS),
        )
        .order_by("enterprise_id", "decided_on", "pk")
        .values_list("pk", "enterprise_id", "source_department_id", "decided_on", "legal_basis")
    )
    entries, seen = [], set()
    for pk, firm, dept, decided, basis in heavy.iterator(chunk_size=5000):
        if firm in seen or rng.random() >= LISTED_SHARE:
            continue
        seen.add(firm)
        listed = decided + dt.timedelta(days=HEARING_DAYS)
        entries.append(
            BlacklistEntry(
                enterprise_id=firm,
                department_id=dept,
                status=EntryStatus.LISTED,
                grounds="受到较重行政处罚，违法行为性质恶劣、情节严重、社会危害较大",
                legal_basis=f"《市场监督管理严重违法失信名单管理办法》第二条；{basis}",
                penalty_id=pk,
                hearing_deadline=decided + dt.timedelta(days=7),
                listed_on=listed,
                ends_on=listing_ends_on(listed),
                created_by=system,
            )
        )
    return entries


def _abnormal_listings(
    rng: random.Random, *, today: dt.date, system: User
) -> list[AbnormalListing]:
    """The abnormal-operations list is kept by the registration authority of the firm's area:
    here the deepest demo department whose jurisdiction covers the firm."""
    departments = sorted(
        Department.objects.values_list("jurisdiction", "pk"), key=lambda d: -len(d[0])
    )
    abnormal = []
    for pk, region in (
        Enterprise.objects.values_list("pk", "region_id").order_by("pk").iterator(chunk_size=10000)
    ):
        if rng.random() >= ABNORMAL_SHARE:
            continue
        dept = next((d for j, d in departments if region.startswith(j)), None)
        if dept is not None:
            ground = AbnormalGround(rng.choice(AbnormalGround.values))
            listed_on = today - dt.timedelta(days=rng.randint(10, 900))
            abnormal.append(
                AbnormalListing(
                    enterprise_id=pk,
                    department_id=dept,
                    ground=ground,
                    legal_basis=ABNORMAL_GROUND_BASIS[ground],
                    listed_on=listed_on,
                    # The change feed's moment: the start of the day it was listed on.
                    listed_at=timezone.make_aware(dt.datetime.combine(listed_on, dt.time())),
                    created_by=system,
                )
            )
    return abnormal
