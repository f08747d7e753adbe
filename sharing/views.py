"""The console's webhooks page: a department's subscriptions and delivery log, subscribe,
remove and replay; for the regulators who manage the department's tokens."""

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
from sharing.forms import SubscriptionForm
from sharing.selectors import deliveries_of, departments_managed, subscriptions_of
from sharing.services import delivery_replay, subscription_create, subscription_remove

LOG_PAGE = 50


def _pk(request: HttpRequest, name: str) -> str:
    pk = request.POST.get(name, "")
    if not (pk.isascii() and pk.isdigit()):
        raise Http404
    return pk


@regulator_required
def webhooks(request: HttpRequest) -> HttpResponse:
    if not regulator_can(request.user, Action.ACCOUNTS_MANAGE):
        raise PermissionDenied
    departments = departments_managed(user=request.user)
    subscribing = request.method == "POST" and "subscribe" in request.POST
    form = SubscriptionForm(request.POST if subscribing else None, departments=departments)
    shown = None
    if request.method == "POST" and not subscribing:
        try:
            if "remove" in request.POST:
                subscription = get_object_or_404(
                    subscriptions_of(departments=departments), pk=_pk(request, "remove")
                )
                subscription_remove(subscription=subscription, actor=request.user)  # type: ignore[arg-type]
                messages.success(request, _("Subscription removed."))
            else:
                delivery = get_object_or_404(
                    deliveries_of(departments=departments), pk=_pk(request, "replay")
                )
                delivery_replay(delivery=delivery, actor=request.user)  # type: ignore[arg-type]
                messages.success(request, _("Delivery %(id)s queued again.") % {"id": delivery.pk})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("sharing:webhooks")
    if subscribing and form.is_valid():
        try:
            created = subscription_create(
                department=form.cleaned_data["department"],
                url=form.cleaned_data["url"],
                events=form.cleaned_data["events"],
                enterprises=form.cleaned_data["enterprises"] or None,
                actor=request.user,  # type: ignore[arg-type]
            )
            shown = created.secret
            form = SubscriptionForm(departments=departments)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        except DomainError as error:
            form.add_error("url", error.message)
    page = Paginator(deliveries_of(departments=departments), LOG_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "sharing/webhooks.html",
        {
            "subscriptions": subscriptions_of(departments=departments),
            "page": page,
            "form": form,
            "shown": shown,
        },
        status=400 if form.errors else 200,
    )
