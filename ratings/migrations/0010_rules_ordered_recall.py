"""The grading rule for ordered defect recalls (责令召回 blocks A for 2 years, issue 19), written
with its default into every stored version, so the rules a stored version shows are the rules
it is read by. Grades follow at the next drain or the nightly recompute."""

from django.db import migrations

DEFAULTS = {"a_ordered_recall_years": 2}


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
    dependencies = [
        ("ratings", "0009_rules_c_triggers_red_list"),
        ("enterprises", "0015_inspection_gtin_and_recalls"),
    ]

    operations = [migrations.RunPython(add_defaults, drop_defaults)]
