"""双公示: administrative licences and penalties as public lists, queries over the file.

Licences are those the profile shows (disclosure.profiles.licence_public_q); penalties are
exactly those inside their Order 45 windows today (publicity.rules.public_penalties), so the
lists, the profiles and the change feed never disagree.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from disclosure.profiles import licence_public_q
from enterprises.models import LicenceRecord, PenaltyRecord
from publicity.rules import PublicityRules, public_penalties, publicity_rules


def public_licences(*, today: dt.date | None = None) -> QuerySet[LicenceRecord]:
    """Licences in force, newest decision first (indexed on issued_on, id)."""
    return (
        LicenceRecord.objects.filter(licence_public_q(today=today or timezone.localdate()))
        .select_related("enterprise__region", "source_department")
        .order_by("-issued_on", "-pk")
    )


def public_penalty_list(
    *, today: dt.date | None = None, rules: PublicityRules | None = None
) -> QuerySet[PenaltyRecord]:
    """Penalties in their publicity window today, newest decision first (indexed on
    decided_on, id)."""
    return (
        public_penalties(today=today or timezone.localdate(), rules=rules or publicity_rules())
        .select_related("enterprise__region", "source_department")
        .order_by("-decided_on", "-pk")
    )
