"""Keep the search index in the transaction that changes a firm's names."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from disclosure.search_index import search_index_update
from enterprises.models import Enterprise


@receiver(post_save, sender=Enterprise, dispatch_uid="disclosure.search_index")
def enterprise_saved(sender: type[Enterprise], instance: Enterprise, raw: bool, **kw: Any) -> None:
    if raw:  # fixtures: the index is rebuilt after loading
        return
    update_fields = kw.get("update_fields")
    if update_fields is not None and not {"name", "former_names"} & set(update_fields):
        return
    search_index_update(enterprise_ids=[instance.pk])
