from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('disclosure', '0003_bigram_at_start'),
    ]

    operations = [
        # The name index moves to the credit file (enterprises), which keeps it; the tables stay.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='NameBigram'),
                migrations.DeleteModel(name='SearchDocument'),
            ],
            database_operations=[],
        ),
    ]
