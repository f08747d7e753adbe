from django.db import migrations


def load(apps, schema_editor):
    from enterprises.services.regions import regions_load

    regions_load(model=apps.get_model("enterprises", "Region"))


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
