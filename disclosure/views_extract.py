"""The credit extract for bidding and its verification page (issue #18, item 7)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.qr import qr_svg
from disclosure.conditional import public_cached
from disclosure.extract import CreditExtract, credit_extract
from disclosure.profiles import public_enterprise
from disclosure.verification import verification_code, verification_parse
from enterprises.models import Enterprise
from enterprises.uscc import normalise


def _render(request: HttpRequest, extract: CreditExtract, *, verifying: bool) -> HttpResponse:
    code = verification_code(enterprise_id=extract.enterprise.pk, day=extract.day)
    url = request.build_absolute_uri(reverse("disclosure:verify", args=[code]))
    return render(
        request,
        "disclosure/extract.html",
        {
            "x": extract,
            "code": code,
            "verify_url": url,
            # The SVG is drawn here from our own URL, never from input: safe to inline.
            "qr": mark_safe(qr_svg(url, box_size=4)),  # noqa: S308
            "verifying": verifying,
        },
    )


@public_cached
def extract(request: HttpRequest, uscc: str) -> HttpResponse:
    firm = public_enterprise(uscc=normalise(uscc))
    if firm is None:
        raise Http404(_("No enterprise with this code is on file."))
    return _render(request, credit_extract(enterprise=firm), verifying=False)


@public_cached
def verify(request: HttpRequest, code: str) -> HttpResponse:
    parsed = verification_parse(code)
    firm = None
    if parsed is not None and parsed[1] <= timezone.localdate():
        firm = (
            Enterprise.objects.select_related("region__parent__parent", "grade__policy")
            .filter(pk=parsed[0])
            .first()
        )
    if parsed is None or firm is None:
        return render(request, "disclosure/verify_invalid.html", {"code": code[:64]}, status=404)
    return _render(request, credit_extract(enterprise=firm, day=parsed[1]), verifying=True)
