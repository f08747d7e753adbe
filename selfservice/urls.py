from django.urls import path

from selfservice import views, views_due_process, views_products

app_name = "selfservice"
urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("", views.dashboard, name="dashboard"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("users/", views.users, name="users"),
    path("reports/", views.reports, name="reports"),
    path("reports/new/", views.report_new, name="report_new"),
    path("reports/<int:pk>/", views.report, name="report"),
    path("reports/<int:pk>/print/", views.report_print, name="report_print"),
    path("commitment/", views.commitment, name="commitment"),
    path("products/", views_products.products, name="products"),
    path("records/", views_due_process.records, name="records"),
    path("objections/", views_due_process.objections, name="objections"),
    path(
        "objections/new/<str:kind>/<int:pk>/", views_due_process.objection_new, name="objection_new"
    ),
    path("entries/<int:pk>/statement/", views_due_process.entry_statement, name="entry_statement"),
    path("abnormal/", views_due_process.abnormal, name="abnormal"),
    path(
        "abnormal/<int:pk>/removal/",
        views_due_process.abnormal_removal,
        name="abnormal_removal",
    ),
    path("repairs/", views_due_process.repairs, name="repairs"),
    path("repairs/new/<str:target>/<int:pk>/", views_due_process.repair_new, name="repair_new"),
    path("attachments/<int:pk>/", views_due_process.attachment, name="attachment"),
]
