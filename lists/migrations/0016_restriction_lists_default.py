"""Which lists restrict each action (一处违法、处处受限) becomes list-policy data: versions that
predate it get the DOMAIN.md default written out, so every stored version says what it means."""

from django.db import migrations

# Frozen here: a later change of the code's default must not rewrite stored versions.
DEFAULT = {
    "procurement": ["blacklist", "abnormal"],
    "bidding": ["blacklist", "abnormal"],
    "land": ["blacklist", "abnormal"],
    "honours": ["blacklist", "abnormal", "grade"],
    "licences": ["blacklist"],
    "financing": ["blacklist", "abnormal"],
    "appointment": ["blacklist"],
}


def fill(apps, schema_editor):
    ListPolicy = apps.get_model("blacklist", "ListPolicy")
    for policy in ListPolicy.objects.all():
        if "restriction_lists" not in policy.rules:
            policy.rules = {**policy.rules, "restriction_lists": DEFAULT}
            policy.save(update_fields=["rules"])


class Migration(migrations.Migration):
    dependencies = [("blacklist", "0015_entry_statement")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
