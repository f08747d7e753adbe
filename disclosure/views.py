from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from disclosure.selectors import portal_overview


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "disclosure/home.html", {"overview": portal_overview()})
