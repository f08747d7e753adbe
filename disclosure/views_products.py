"""The public product page (/products/{gtin}/) and the barcode rule of the home search."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from disclosure.conditional import public_cached
from disclosure.products import public_product
from enterprises import gtin as gtins


def barcode_typed(q: str) -> str | None:
    """The GTIN a search box query is, or None for a name or code search: 12, 13 or 14 digits
    always (a bad check digit then gets the product page's reason); 8 digits only as a valid
    GTIN-8, since 8 digits are also the start of a credit code (e.g. 91340800)."""
    number = gtins.compact(q)
    if not (number.isascii() and number.isdigit()) or len(number) not in gtins.LENGTHS:
        return None
    if len(number) == 8 and gtins.gtin_error(number) is not None:
        return None
    return number


@public_cached
def product(request: HttpRequest, gtin: str) -> HttpResponse:
    problem = gtins.gtin_error(gtin)
    if problem is not None:
        return render(
            request,
            "disclosure/product.html",
            {"gtin": gtin[:20], "problem": problem.message},
            status=400,
        )
    view = public_product(gtin=gtins.canonical(gtin))
    if view is None:
        raise Http404
    return render(
        request,
        "disclosure/product.html",
        {"gtin": view.product.code, "v": view, "today": timezone.localdate()},
    )
