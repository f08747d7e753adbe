"""The grading rules added for the full C triggers and the red list (DOMAIN.md sections 4 and 5),
written with their defaults into every stored version, so the rules a stored version shows are
the rules it is read by (rules_from would fill the same defaults). Grades follow at the next
drain or the nightly recompute."""

from django.db import migrations

DEFAULTS = {
    "c_licence_ended_statuses": ["revoked"],
    "c_unlicensed_years": 3,
    "c_accident_years": 3,
    "a_licence_industries": ["C"],
    "red_list_window_years": 3,
    "red_list_famous_brand": False,
}


def add_defaults(apps, schema_editor):
    GradingPolicy = apps.get_model("ratings", "GradingPolicy")
    for policy in GradingPolicy.objects.all():
        missing = {k: v for k, v in DEFAULTS.items() if k not in policy.rules}
        if missing:
            policy.rules = {**policy.rules, **missing}
            policy.save(update_fields=["rules"])


def drop_defaults(apps, schema_editor):
    GradingPolicy = apps.get_model("ratings", "GradingPolicy")
    for policy in GradingPolicy.objects.all():
        policy.rules = {k: v for k, v in policy.rules.items() if k not in DEFAULTS}
        policy.save(update_fields=["rules"])


class Migration(migrations.Migration):
    dependencies = [("ratings", "0008_gradechange_red_list_and_supervision_mode")]

    operations = [migrations.RunPython(add_defaults, drop_defaults)]
