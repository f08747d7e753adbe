from django.urls import path

from console import (
    views,
    views_files,
    views_grades,
    views_invitations,
    views_lists,
    views_products,
    views_reports,
    views_supervision,
)

app_name = "console"
urlpatterns = [
    path("", views.queues, name="queues"),
    path("objections/<int:pk>/", views.objection, name="objection"),
    path("objections/<int:pk>/retest/", views.objection_retest, name="objection_retest"),
    path("repairs/<int:pk>/", views.repair, name="repair"),
    path("entries/<int:pk>/answer/", views.statement_answer, name="statement_answer"),
    path("entries/<int:pk>/revoke/", views.entry_revoke, name="entry_revoke"),
    path("entries/<int:pk>/<str:step>/", views.entry_step, name="entry_step"),
    path("interviews/<str:uscc>/", views.interview, name="interview"),
    path("firms/<str:uscc>/timeline/", views.timeline, name="timeline"),
    path("audit/", views.audit, name="audit"),
    path("tokens/", views.tokens, name="tokens"),
    path("imports/", views.imports, name="imports"),
    path("files/", views_files.file_list, name="file_list"),
    path("files/<str:uscc>/", views_files.file_detail, name="file_detail"),
    path("files/<str:uscc>/propose/", views_lists.file_propose, name="file_propose"),
    path(
        "files/<str:uscc>/products/<int:pk>/",
        views_products.product_correct_view,
        name="product_correct",
    ),
    path("files/<str:uscc>/invite/", views_invitations.firm_invite, name="firm_invite"),
    path("grades/", views_grades.grade_distribution, name="grade_distribution"),
    path("grades/<str:uscc>/override/", views_grades.override_create, name="override_create"),
    path(
        "grades/<str:uscc>/override/<int:pk>/revoke/",
        views_grades.override_revoke,
        name="override_revoke",
    ),
    path("reports/<int:pk>/", views_reports.report_review, name="report_review"),
    path("abnormal/", views_lists.abnormal, name="abnormal"),
    path("abnormal/<int:pk>/corrected/", views_lists.abnormal_corrected, name="abnormal_corrected"),
    path("abnormal/<int:pk>/removed/", views_lists.abnormal_removed, name="abnormal_removed"),
    path("abnormal/<int:pk>/escalated/", views_lists.abnormal_escalated, name="abnormal_escalated"),
    path("suggestions/", views_lists.suggestions, name="suggestions"),
    path("supervision/", views_supervision.supervision_plan, name="supervision"),
    path("supervision.csv", views_supervision.supervision_plan_csv, name="supervision_csv"),
]
