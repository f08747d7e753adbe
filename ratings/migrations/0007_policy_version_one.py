"""Version 1 of the grading policy (DOMAIN.md defaults), so reading the policy never writes."""

from dataclasses import asdict

from django.db import migrations


def seed(apps, schema_editor):
    from ratings.policy import DEFAULT_MATRIX, PolicyRules

    GradingPolicy = apps.get_model("ratings", "GradingPolicy")
    if not GradingPolicy.objects.exists():
        GradingPolicy.objects.create(
            version=1,
            rules=asdict(PolicyRules()),
            matrix=DEFAULT_MATRIX,
            note="DOMAIN.md defaults",
            is_active=True,
        )


class Migration(migrations.Migration):
    dependencies = [("ratings", "0006_delete_graderecomputerequest")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
