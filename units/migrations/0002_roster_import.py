import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('units', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='RosterImport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='uploaded at')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                ('source', models.CharField(choices=[('page', 'Import page'), ('admin', 'Administration'), ('command', 'Command line')], default='page', max_length=10, verbose_name='source')),
                ('file_name', models.CharField(max_length=255, verbose_name='file name')),
                ('file', models.FileField(blank=True, upload_to='roster-imports/%Y/%m/', verbose_name='file')),
                ('sheet', models.CharField(blank=True, help_text='Empty: every sheet.', max_length=40, verbose_name='requested sheet')),
                ('sheets', models.CharField(blank=True, max_length=255, verbose_name='sheets')),
                ('dry_run', models.BooleanField(default=False, verbose_name='check only')),
                ('only_valid', models.BooleanField(default=False, verbose_name='only the valid rows')),
                ('status', models.CharField(choices=[('refused', 'Refused'), ('previewed', 'Checked, waiting for confirmation'), ('queued', 'Queued'), ('running', 'Importing'), ('done', 'Imported'), ('failed', 'Nothing imported')], default='previewed', max_length=10, verbose_name='status')),
                ('message', models.TextField(blank=True, verbose_name='message')),
                ('counts', models.JSONField(blank=True, default=dict, verbose_name='counts')),
                ('errors', models.JSONField(blank=True, default=list, verbose_name='errors')),
                ('rows_total', models.PositiveIntegerField(default=0, verbose_name='rows')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='imported by')),
            ],
            options={
                'verbose_name': 'roster import',
                'verbose_name_plural': 'roster imports',
                'ordering': ['-created_at', '-pk'],
                'indexes': [models.Index(fields=['-created_at'], name='rosterimport_created_idx')],
            },
        ),
    ]
