from django.urls import path

from bulk import api

urlpatterns = [
    path("bulk/", api.BulkFilesApi.as_view(), name="api-bulk"),
]
