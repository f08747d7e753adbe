from django.http import HttpRequest, JsonResponse
from django.urls import include, path


def trivial(request: HttpRequest) -> JsonResponse:
    """The baseline: a Django view that touches neither the database nor a template."""
    return JsonResponse({"ok": True})


urlpatterns = [path("bench/trivial/", trivial), path("", include("credit_portal.urls"))]
