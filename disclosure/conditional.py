"""ETag and Last-Modified for public pages and the open-data API.

A public response depends on the file (its newest change), on the day (publicity windows and
list end dates move at midnight), on the language and on who is signed in. The validators
cost one statement of indexed maxima, so a revalidation is answered without rendering.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from functools import partial, wraps
from typing import Any, cast

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template.response import SimpleTemplateResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.views.decorators.http import condition

from disclosure.changes import data_version

PUBLIC_MAX_AGE = 60  # seconds a shared cache may reuse an anonymous response
PAGE_CACHE_SECONDS = 300  # an anonymous answer is rendered once per data version, day and URL


def _page_key(request: HttpRequest) -> str:
    """The rendered answer for anonymous visitors: its ETag already holds the data version,
    the day and the language, so a change in the file or a new day is a new key. The Accept
    header is part of it: one API path answers JSON or the browsable page."""
    _last_modified, etag = _validators(request)
    asked = f"{request.get_full_path()}|{request.META.get('HTTP_ACCEPT', '')}"
    path = hashlib.sha256(asked.encode()).hexdigest()[:32]
    return f"disclosure:page:{etag}:{path}"


def _keep(key: str, seconds: int, request: HttpRequest, response: HttpResponse) -> None:
    if _cacheable(request, response):
        cache.set(key, (response["Content-Type"], response.content), seconds)


def _cacheable(request: HttpRequest, response: HttpResponse) -> bool:
    # A page that showed one-time messages, or that is not a plain 200, is not reused.
    messages = getattr(request, "_messages", None)
    return (
        response.status_code == 200
        and not getattr(response, "streaming", False)
        and not (messages is not None and messages.used)
    )


def _validators(request: HttpRequest) -> tuple[dt.datetime, str]:
    cached = getattr(request, "_public_validators", None)
    if cached is not None:
        return cast(tuple[dt.datetime, str], cached)
    today = timezone.localdate()
    midnight = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    version = data_version()
    last_modified = max(version, midnight) if version else midnight
    user = getattr(request, "user", None)
    user_key = user.pk if user is not None and user.is_authenticated else 0
    raw = f"{last_modified.isoformat()}|{today}|{get_language()}|{user_key}"
    etag = hashlib.sha256(raw.encode()).hexdigest()[:32]
    # Kept on the request: the view and the middleware both ask within one response.
    request._public_validators = (last_modified, etag)  # type: ignore[attr-defined]
    return last_modified, etag


def public_cached(view: Callable[..., HttpResponse] | None = None, *, shared: bool = False) -> Any:
    """Conditional GET for a public view.

    Pages carry a per-browser CSRF token (the language switch), so they are private and
    revalidated on every use; anonymous API answers (`shared=True`) may be reused briefly.
    """
    if view is None:
        return lambda v: public_cached(v, shared=shared)

    @condition(
        etag_func=lambda request, *a, **kw: _validators(request)[1],
        last_modified_func=lambda request, *a, **kw: _validators(request)[0],
    )
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = getattr(request, "user", None)
        anonymous = user is None or not user.is_authenticated
        key = _page_key(request) if anonymous and request.method == "GET" else None
        # An API answer is kept no longer than any shared cache may already reuse it.
        seconds = PUBLIC_MAX_AGE if shared else PAGE_CACHE_SECONDS
        hit = cache.get(key) if key else None
        if hit is not None:
            response = HttpResponse(hit[1], content_type=hit[0])
        else:
            response = view(request, *args, **kwargs)
            if key and isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
                # An API answer is rendered after the view, once its format is chosen.
                response.add_post_render_callback(partial(_keep, key, seconds, request))
            elif key:
                _keep(key, seconds, request, response)
        if shared and anonymous:
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        else:
            patch_cache_control(response, private=True, no_cache=True)
        return response

    return wrapped
