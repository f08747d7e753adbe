from django.urls import path

from selfservice import views

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
    path("records/", views.records, name="records"),
    path("objections/", views.objections, name="objections"),
    path("objections/new/<str:kind>/<int:pk>/", views.objection_new, name="objection_new"),
    path("repairs/", views.repairs, name="repairs"),
    path("repairs/new/<str:target>/<int:pk>/", views.repair_new, name="repair_new"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
]
