import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('enterprises', '0009_outbox_notifications_audit_moved'),
        # The tables are created (and filled) by disclosure's migrations.
        ('disclosure', '0003_bigram_at_start'),
    ]

    operations = [
        # The name index moves here from disclosure: the credit file keeps it; the tables stay.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='SearchDocument',
                    fields=[
                        ('enterprise', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='search_document', serialize=False, to='enterprises.enterprise', verbose_name='enterprise')),
                        ('names', models.TextField(verbose_name='names')),
                    ],
                    options={
                        'verbose_name': 'search document',
                        'verbose_name_plural': 'search documents',
                        'db_table': 'disclosure_searchdocument',
                    },
                ),
                migrations.CreateModel(
                    name='NameBigram',
                    fields=[
                        ('pk', models.CompositePrimaryKey('term', 'enterprise', blank=True, editable=False, primary_key=True, serialize=False)),
                        ('term', models.CharField(max_length=2, verbose_name='bigram')),
                        ('enterprise', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='enterprises.enterprise', verbose_name='enterprise')),
                        ('at_start', models.BooleanField(default=False, verbose_name='begins the name')),
                    ],
                    options={
                        'verbose_name': 'name bigram',
                        'verbose_name_plural': 'name bigrams',
                        'db_table': 'disclosure_namebigram',
                        'indexes': [models.Index(fields=['enterprise'], name='bigram_enterprise_idx'), models.Index(fields=['term', 'at_start', 'enterprise'], name='bigram_start_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
