"""The firm's products page: its GS1 company prefixes and the products numbered under them."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from enterprises.selectors_products import company_prefixes_of, products_of
from enterprises.services.products import company_prefix_declare, product_declare
from selfservice.forms import CompanyPrefixForm, ProductForm
from selfservice.web import FirmRequest, firm_required, form_submitted


@firm_required
def products(request: FirmRequest) -> HttpResponse:
    firm = request.firm
    posted = request.method == "POST"
    prefix_form = CompanyPrefixForm(
        request.POST if posted and "declare_prefix" in request.POST else None, prefix="p"
    )
    product_form = ProductForm(
        request.POST if posted and "declare_product" in request.POST else None, prefix="g"
    )
    # Two forms on one page: the posted one is bound, the other is shown empty.
    status = 400 if posted else 200
    if prefix_form.is_bound:
        done, status = form_submitted(
            request,
            prefix_form,
            lambda: company_prefix_declare(
                actor=request.user,
                enterprise=firm,
                prefix=prefix_form.cleaned_data["company_prefix"],
            ),
        )
        if done is not None:
            messages.success(request, _("Company prefix %(p)s declared.") % {"p": done.prefix})
            return redirect("selfservice:products")
    elif product_form.is_bound:
        product, status = form_submitted(
            request,
            product_form,
            lambda: product_declare(
                actor=request.user,
                enterprise=firm,
                gtin=product_form.cleaned_data["gtin"],
                name=product_form.cleaned_data["name"],
                brand=product_form.cleaned_data["brand"],
                standard=product_form.cleaned_data["standard"],
                product_risk=product_form.cleaned_data["product_risk"],
                category=product_form.cleaned_data["category"],
            ),
        )
        if product is not None:
            messages.success(request, _("Product %(g)s declared.") % {"g": product.code})
            return redirect("selfservice:products")
    return render(
        request,
        "selfservice/products.html",
        {
            "firm": firm,
            "prefixes": company_prefixes_of(enterprise=firm),
            "products": products_of(enterprise=firm),
            "prefix_form": prefix_form,
            "product_form": product_form,
        },
        status=status,
    )
