from django.http import HttpRequest, JsonResponse
from django.urls import include, path

from enterprises.models import Enterprise


def trivial(request: HttpRequest) -> JsonResponse:
    """The baseline: a Django view that touches neither the database nor a template."""
    return JsonResponse({"ok": True})


def orm(request: HttpRequest) -> JsonResponse:
    """The baseline of the API views: one ORM query (a firm by its primary key), as JSON."""
    firm = Enterprise.objects.values("uscc", "name").filter(pk__lte=1000).order_by("-pk").first()
    return JsonResponse({"firm": firm})


urlpatterns = [
    path("bench/trivial/", trivial),
    path("bench/orm/", orm),
    path("", include("credit_portal.urls")),
]
