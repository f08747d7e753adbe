from django.contrib import admin

from inspections.models import InspectionItem, Inspector


@admin.register(InspectionItem)
class InspectionItemAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "industry", "is_active")
    search_fields = ("code", "name")


@admin.register(Inspector)
class InspectorAdmin(admin.ModelAdmin):
    list_display = ("badge_no", "name", "department", "is_active")
    search_fields = ("badge_no", "name")
    raw_id_fields = ("conflicts",)
