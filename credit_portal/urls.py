from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from credit_portal import health, language
from credit_portal.api_docs import ApiDocsView

urlpatterns = [
    path("", include("disclosure.urls")),
    path("accounts/", include("accounts.urls")),
    path("firm/", include("selfservice.urls")),
    path("console/webhooks/", include("sharing.urls")),
    path("console/", include("console.urls")),
    path("", include("inspections.urls")),
    path("", include("bulk.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("lang/<str:code>/", language.language_set, name="language"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("enterprises.urls_api")),
    path("api/v1/", include("lists.urls_api")),
    path("api/v1/", include("sharing.urls_api")),
    path("api/v1/", include("bulk.urls_api")),
    path("api/v1/", include(("disclosure.urls_api", "disclosure"), namespace="disclosure-api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]

admin.site.site_header = admin.site.site_title = "质量信用信息平台 · 管理"
handler404 = "credit_portal.not_found.not_found"
