from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from sharing.models import Subscription
from sharing.signing import secret_new


@pytest.fixture
def subscribe(department: Any) -> Any:
    def make(url: str = "http://127.0.0.1:9/hook", **kw: Any) -> Subscription:
        kw.setdefault("events", ["restriction.changed", "list.changed", "grade.changed"])
        kw.setdefault("department", department)
        sub = Subscription.objects.create(url=url, secret=secret_new(), **kw)
        # Subscribed a minute ago: changes made in the test come after it.
        Subscription.objects.filter(pk=sub.pk).update(
            created_at=timezone.now() - timezone.timedelta(minutes=1)
        )
        sub.refresh_from_db()
        return sub

    return make
