"""Version 1 of the list rules (DOMAIN.md defaults), so reading the policy never writes."""

from dataclasses import asdict

from django.db import migrations


def seed(apps, schema_editor):
    from lists.rules import ListRules

    ListPolicy = apps.get_model("blacklist", "ListPolicy")
    if not ListPolicy.objects.exists():
        ListPolicy.objects.create(
            version=1, rules=asdict(ListRules()), note="DOMAIN.md defaults", is_active=True
        )


class Migration(migrations.Migration):
    dependencies = [("blacklist", "0010_public_index_order")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
