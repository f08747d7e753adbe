"""The console's webhooks page: a department's subscriptions and delivery log, with replay;
for the regulators who manage the department's tokens."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.decorators import regulator_required
from accounts.roles import Action, regulator_can
from core.errors import DomainError
from sharing.selectors import deliveries_of, departments_managed, subscriptions_of
from sharing.services import delivery_replay

LOG_PAGE = 50


@regulator_required
def webhooks(request: HttpRequest) -> HttpResponse:
    if not regulator_can(request.user, Action.ACCOUNTS_MANAGE):
        raise PermissionDenied
    departments = list(departments_managed(user=request.user))
    if request.method == "POST":
        pk = request.POST.get("replay", "")
        if not (pk.isascii() and pk.isdigit()):
            raise Http404
        delivery = get_object_or_404(deliveries_of(departments=departments), pk=pk)
        try:
            delivery_replay(delivery=delivery, actor=request.user)  # type: ignore[arg-type]
            messages.success(request, _("Delivery %(id)s queued again.") % {"id": delivery.pk})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("sharing:webhooks")
    page = Paginator(deliveries_of(departments=departments), LOG_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "sharing/webhooks.html",
        {
            "subscriptions": subscriptions_of(departments=departments),
            "page": page,
        },
    )
