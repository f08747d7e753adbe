"""Correcting a product in a credit file (regulators who enter records, within jurisdiction)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.requests import SignedInRequest
from accounts.roles import Action, regulator_can
from console.forms_products import ProductCorrectForm
from enterprises import selectors
from enterprises.selectors_products import product_of
from enterprises.services.products import CORRECTABLE, product_correct


@login_required
def product_correct_view(request: SignedInRequest, uscc: str, pk: int) -> HttpResponse:
    if not regulator_can(request.user, Action.RECORD_WRITE):
        raise PermissionDenied
    enterprise = selectors.credit_file_get(user=request.user, uscc=uscc)
    product = product_of(enterprise=enterprise, pk=pk) if enterprise else None
    if enterprise is None or product is None:
        raise Http404  # outside the jurisdiction reads as not there
    initial = {f: getattr(product, f) for f in CORRECTABLE}
    form = ProductCorrectForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                product_correct(actor=request.user, product=product, changes=form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(request, _("Product %(g)s corrected.") % {"g": product.code})
                return redirect("console:file_detail", uscc=enterprise.uscc)
    return render(
        request,
        "console/product_correct.html",
        {"enterprise": enterprise, "product": product, "form": form},
        status=status,
    )
