from django.db import migrations


def load(apps, schema_editor):
    from lists.catalogue import measures_ensure

    measures_ensure(apps.get_model("blacklist", "RestrictionMeasure"))


class Migration(migrations.Migration):
    dependencies = [("blacklist", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
