import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('opendata', '0003_importrun_vanished_count'),
    ]

    operations = [
        migrations.AlterField(
            model_name='importrun',
            name='file_format',
            field=models.CharField(choices=[('csv', 'CSV'), ('geojson', 'GeoJSON'), ('sirene', 'SIRENE register'), ('osm', 'OpenStreetMap export')], max_length=10, verbose_name='format'),
        ),
        migrations.AddField(
            model_name='importrun',
            name='options',
            field=models.JSONField(blank=True, default=dict, verbose_name='format options'),
        ),
        migrations.AddField(
            model_name='importrun',
            name='warning_count',
            field=models.PositiveIntegerField(default=0, verbose_name='rows imported with a doubt'),
        ),
        migrations.AddField(
            model_name='importrun',
            name='warning_rows',
            field=models.JSONField(blank=True, default=list, verbose_name='rows imported with a doubt (the first ones)'),
        ),
        migrations.AddField(
            model_name='importrun',
            name='confirmed_run',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='confirmed_dry_run', to='opendata.importrun', verbose_name='real run'),
        ),
        migrations.AddField(
            model_name='importrun',
            name='progress_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='progress saved'),
        ),
    ]
