"""The work queues: an overview with each queue's true count, one queue a page at a time
(filtered, paged), and one item on its own page with the facts, the firm's files and statement
and the decision form. A decision returns to the queue page it came from."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from accounts.decorators import regulator_required
from accounts.requests import SignedInRequest
from console.forms import (
    DecisionForm,
    InterviewForm,
    RetestForm,
    StatementAnswerForm,
    StepForm,
)
from console.forms_queues import QueueFilterForm
from console.queue_due import NO_FILTERS, QueueFilters
from console.queues import QueueKind, queue_item_get, queue_kind_get, queue_rows, work_queues

PAGE_SIZE = 25
SHOWN_ON_OVERVIEW = 5
_FILTER_KEYS = ("region", "due_from", "due_to", "overdue")


def _filters(request: SignedInRequest) -> tuple[QueueFilterForm, QueueFilters]:
    """The filter form and what it says; bad values are shown on the form (a 400) and the
    queue is shown unfiltered."""
    form = QueueFilterForm(request.GET, user=request.user)
    return form, form.filters() if form.is_valid() else NO_FILTERS


def _query(request: HttpRequest, *, page: bool = False) -> str:
    """The filters of this request as a query string (and its page, to come back to it)."""
    query = QueryDict(mutable=True)
    for key in (*_FILTER_KEYS, *(("page",) if page else ())):
        if value := request.GET.get(key):
            query[key] = value
    return query.urlencode()


def _kind(request: SignedInRequest, key: str) -> QueueKind:
    kind = queue_kind_get(key=key)
    if kind is None:
        raise Http404
    if not kind.allowed(request.user):
        raise PermissionDenied(_("Your role does not work this queue."))
    return kind


def queue_url(key: str, query: str = "") -> str:
    url = reverse("console:queue", args=[key])
    return f"{url}?{query}" if query else url


def back_to(request: HttpRequest, default: str) -> str:
    """Where a decision returns: the queue page it was taken from (`next`, a console address
    of this site), or `default`."""
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    if nxt.startswith("/console/") and url_has_allowed_host_and_scheme(
        nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return nxt
    return default


@regulator_required
def queues(request: SignedInRequest) -> HttpResponse:
    form, filters = _filters(request)
    query = _query(request) if not form.errors else ""
    found = work_queues(user=request.user, filters=filters, limit=SHOWN_ON_OVERVIEW)
    for q in found:
        q.url = queue_url(q.key, query)  # an item decided from here returns to it
    return render(
        request,
        "console/queues.html",
        {"form": form, "queues": found},
        status=400 if form.errors else 200,
    )


@regulator_required
def queue(request: SignedInRequest, key: str) -> HttpResponse:
    kind = _kind(request, key)
    form, filters = _filters(request)
    found = queue_rows(user=request.user, kind=kind, filters=filters)
    # Past the last page: the last page, as the console's other lists do.
    page = Paginator(found.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = _query(request) if not form.errors else ""
    here = queue_url(key, _query(request, page=True) if not form.errors else "")
    return render(
        request,
        "console/queue.html",
        {
            "form": form,
            "key": key,
            "title": found.title,
            "count": page.paginator.count,
            "page": page,
            "items": found.items(page.object_list),
            "query": query,
            "here": here,
        },
        status=400 if form.errors else 200,
    )


def item_page(
    request: SignedInRequest,
    key: str,
    pk: int,
    *,
    status: int = 200,
    forms: dict[str, Any] | None = None,
) -> HttpResponse:
    """One item of a queue and its decision; `forms` carries a refused form with its errors."""
    kind = _kind(request, key)
    item = queue_item_get(user=request.user, kind=kind, pk=pk)
    if item is None:
        raise Http404
    back = back_to(request, queue_url(key))
    if kind.kind == "report":  # a report is reviewed on its own page
        return redirect(f"{reverse('console:report_review', args=[pk])}?{_next(back)}")
    context: dict[str, Any] = {
        "key": key,
        "item": item,
        "back": back,
        "decision_form": DecisionForm(),
        "retest_form": RetestForm(),
        "step_form": StepForm(),
        "answer_form": StatementAnswerForm(),
        "interview_form": InterviewForm(),
        **(forms or {}),
    }
    return render(request, "console/queue_item.html", context, status=status)


def _next(url: str) -> str:
    query = QueryDict(mutable=True)
    query["next"] = url
    return query.urlencode()


@regulator_required
def queue_item(request: SignedInRequest, key: str, pk: int) -> HttpResponse:
    return item_page(request, key, pk)
