"""The API docs page: Swagger UI inside a page of the portal.

The page's own words (title, heading, the way back, the language switch) follow the request's
language like every page, so <html lang> is the request's; Swagger UI's controls and the schema's
texts exist in English only, so the reference is marked lang="en" and always loads the English
schema (a Chinese request would otherwise get a schema half translated)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.plumbing import set_query_parameters
from drf_spectacular.views import SpectacularSwaggerSplitView

# The language of Swagger UI's controls, and so of the schema shown inside them.
REFERENCE_LANGUAGE = "en"


class ApiDocsView(SpectacularSwaggerSplitView):
    def _get_schema_url(self, request: Any) -> str:
        url: str = set_query_parameters(
            url=super()._get_schema_url(request), lang=REFERENCE_LANGUAGE
        )
        return url
