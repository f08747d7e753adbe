from django.urls import path

from disclosure import views, views_extract, views_products

app_name = "disclosure"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("firms/<str:uscc>/", views.profile, name="profile"),
    path("firms/<str:uscc>/extract/", views_extract.extract, name="extract"),
    path("verify/<str:code>/", views_extract.verify, name="verify"),
    path("firms/<str:uscc>/reports/<int:year>/", views.report, name="report"),
    path("products/<str:gtin>/", views_products.product, name="product"),
    path("red-list/", views.red_list, name="red_list"),
    path("red-list.csv", views.red_list_csv, name="red_list_csv"),
    path("blacklist/", views.blacklist, name="blacklist"),
    path("blacklist.csv", views.blacklist_csv, name="blacklist_csv"),
    path("licences/", views.licences, name="licences"),
    path("licences.csv", views.licences_csv, name="licences_csv"),
    path("penalties/", views.penalties, name="penalties"),
    path("penalties.csv", views.penalties_csv, name="penalties_csv"),
    path("statistics/", views.statistics, name="statistics"),
    path("grading/", views.grading, name="grading"),
]
