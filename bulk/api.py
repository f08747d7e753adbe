"""GET /api/v1/bulk/: the index of the nightly dumps, public like the rest of the open data."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError

from bulk.datasets import DATASETS
from bulk.filters import BulkFileFilter
from bulk.models import BulkFile, BulkFormat
from bulk.selectors import bulk_files_list
from disclosure.api import PublicApi, StrictPagination


class BulkFilesApi(PublicApi, generics.ListAPIView):
    class OutputSerializer(serializers.Serializer):
        date = serializers.DateField(source="day")
        dataset = serializers.CharField()
        format = serializers.CharField()
        rows = serializers.IntegerField()
        bytes = serializers.IntegerField()
        sha256 = serializers.CharField(help_text="of the file as downloaded; also its ETag")
        url = serializers.SerializerMethodField()
        taken_at = serializers.DateTimeField(help_text="when the dump's snapshot began")
        changes_since = serializers.DateTimeField(
            help_text="`since` for GET /api/v1/changes/ to bring this dump up to date"
        )

        @extend_schema_field(OpenApiTypes.URI)
        def get_url(self, file: BulkFile) -> str:
            path = reverse(
                "bulk:download", kwargs={"day": file.day.isoformat(), "filename": file.filename}
            )
            return str(self.context["request"].build_absolute_uri(path))

    serializer_class = OutputSerializer
    pagination_class = StrictPagination

    @extend_schema(
        summary="Bulk open data: the nightly dumps",
        description="Every public dataset dumped each night as gzip JSON Lines and as CSV "
        "(UTF-8 with BOM), with row counts and SHA-256, kept for the retention period. "
        "Datasets: " + ", ".join(f"`{name}`" for name in DATASETS) + ".",
        parameters=[
            OpenApiParameter("date", OpenApiTypes.DATE, description="the dump's day"),
            OpenApiParameter("dataset", {"type": "string", "enum": list(DATASETS)}),
            OpenApiParameter("file_format", {"type": "string", "enum": BulkFormat.values}),
        ],
    )
    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        filterset = BulkFileFilter(self.request.query_params, queryset=bulk_files_list())
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        return filterset.qs
