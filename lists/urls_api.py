from django.urls import path

from lists import api_abnormal as abnormal
from lists import api_entries as entries
from lists import api_restrictions as restrictions

urlpatterns = [
    path("blacklist/entries/", entries.EntryProposeApi.as_view(), name="blacklist-propose"),
    path(
        "blacklist/entries/<int:pk>/<str:step>/",
        entries.EntryTransitionApi.as_view(),
        name="blacklist-transition",
    ),
    path("abnormal/entries/", abnormal.AbnormalListingsApi.as_view(), name="abnormal-listings"),
    path(
        "abnormal/entries/<int:pk>/", abnormal.AbnormalListingApi.as_view(), name="abnormal-listing"
    ),
    path(
        "abnormal/entries/<int:pk>/<str:step>/",
        abnormal.AbnormalStepApi.as_view(),
        name="abnormal-step",
    ),
    # The person and batch routes come first: neither is a code.
    path(
        "restrictions/batch/",
        restrictions.BatchRestrictionApi.as_view(),
        name="restrictions-batch",
    ),
    path(
        "restrictions/person/",
        restrictions.PersonRestrictionApi.as_view(),
        name="restrictions-person",
    ),
    path(
        "restrictions/<str:uscc>/",
        restrictions.EnterpriseRestrictionApi.as_view(),
        name="restrictions-enterprise",
    ),
]
