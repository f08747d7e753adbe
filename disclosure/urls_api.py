from django.urls import path

from disclosure import api, api_dual, api_products

urlpatterns = [
    path("enterprises/", api.EnterpriseListApi.as_view(), name="api-enterprises"),
    path("enterprises/<str:uscc>/", api.EnterpriseDetailApi.as_view(), name="api-enterprise"),
    path("redlist/", api.RedListApi.as_view(), name="api-redlist"),
    path("redlist/csv/", api.RedListCsvApi.as_view(), name="api-redlist-csv"),
    path("blacklist/", api.BlacklistApi.as_view(), name="api-blacklist"),
    path("blacklist/csv/", api.BlacklistCsvApi.as_view(), name="api-blacklist-csv"),
    path("dual-publicity/licences/", api_dual.LicenceListApi.as_view(), name="api-licences"),
    path("dual-publicity/licences/csv/", api_dual.LicenceCsvApi.as_view(), name="api-licences-csv"),
    path("dual-publicity/penalties/", api_dual.PenaltyListApi.as_view(), name="api-penalties"),
    path(
        "dual-publicity/penalties/csv/",
        api_dual.PenaltyCsvApi.as_view(),
        name="api-penalties-csv",
    ),
    path("products/", api_products.ProductListApi.as_view(), name="api-products"),
    path("products/<str:gtin>/", api_products.ProductDetailApi.as_view(), name="api-product"),
    # The department POST keeps recalls/; the public read is its own operation beside it.
    path("recalls/public/", api_products.RecallListApi.as_view(), name="api-recalls"),
    path("changes/", api.ChangesApi.as_view(), name="api-changes"),
]
