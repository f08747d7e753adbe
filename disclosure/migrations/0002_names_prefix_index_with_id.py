from django.db import migrations


def forwards(apps, schema_editor):
    # The prefix tier walks names in code-point order with the firm id as tie-breaker, so the
    # index carries both and a page of results is read straight off it.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS searchdoc_names_c_idx")
        schema_editor.execute(
            "CREATE INDEX searchdoc_names_c_idx ON disclosure_searchdocument "
            '(names COLLATE "C", enterprise_id)'
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS searchdoc_names_c_idx")
        schema_editor.execute(
            'CREATE INDEX searchdoc_names_c_idx ON disclosure_searchdocument (names COLLATE "C")'
        )


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
