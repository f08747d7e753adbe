from django.urls import path

from enterprises import api, api_match

urlpatterns = [
    path("inspections/", api.InspectionsIntakeApi.as_view(), name="intake-inspections"),
    path("penalties/", api.PenaltiesIntakeApi.as_view(), name="intake-penalties"),
    path("licences/", api.LicencesIntakeApi.as_view(), name="intake-licences"),
    path("honours/", api.HonoursIntakeApi.as_view(), name="intake-honours"),
    path("complaints/", api.ComplaintsIntakeApi.as_view(), name="intake-complaints"),
    path("unlicensed-production/", api.UnlicensedIntakeApi.as_view(), name="intake-unlicensed"),
    path("accidents/", api.AccidentsIntakeApi.as_view(), name="intake-accidents"),
    path("recalls/", api.RecallsIntakeApi.as_view(), name="intake-recalls"),
    path("match/", api_match.EnterpriseMatchApi.as_view(), name="enterprise-match"),
]
