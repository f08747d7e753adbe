"""The API's JSON parser: refuses hostile documents with a 400 before any view sees them."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from core.hostile import any_control_character, json_depth_exceeds, json_strings


class StrictJSONParser(JSONParser):
    """JSON nested deeper than JSON_MAX_DEPTH, or holding a control character (a NUL cannot be
    stored, the others are never data), is a parse error: the client gets a 400 naming it."""

    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        limit = settings.JSON_MAX_DEPTH
        try:
            data = super().parse(stream, media_type, parser_context)
        except ParseError as exc:
            # DRF's text carries the decoder's own English; say it in the request's language.
            cause = exc.__context__
            if isinstance(cause, json.JSONDecodeError):
                raise ParseError(
                    _("The body is not valid JSON (line %(line)d, column %(column)d).")
                    % {"line": cause.lineno, "column": cause.colno}
                ) from None
            raise ParseError(_("The body is not valid JSON.")) from None
        except RecursionError:
            # The C decoder gives up on brackets thousands deep before returning anything.
            raise ParseError(
                _("JSON may nest at most %(limit)d levels.") % {"limit": limit}
            ) from None
        if json_depth_exceeds(data, limit=limit):
            raise ParseError(_("JSON may nest at most %(limit)d levels.") % {"limit": limit})
        if any_control_character(json_strings(data)):
            raise ParseError(_("Text may not contain control characters such as NUL (\\u0000)."))
        return data
