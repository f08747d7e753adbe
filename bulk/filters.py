from __future__ import annotations

import django_filters

from bulk.datasets import DATASETS
from bulk.models import BulkFile, BulkFormat


class BulkFileFilter(django_filters.FilterSet):
    date = django_filters.DateFilter(field_name="day")
    dataset = django_filters.ChoiceFilter(choices=[(name, name) for name in DATASETS])
    # Not `format`: DRF reads that parameter to pick a renderer.
    file_format = django_filters.ChoiceFilter(field_name="format", choices=BulkFormat.choices)

    class Meta:
        model = BulkFile
        fields: list[str] = []
