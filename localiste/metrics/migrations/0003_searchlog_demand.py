# The demand map's columns and the indexes of the operators' figures. The searches logged
# before it get their folded query in 0004, out of this migration's transaction.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("metrics", "0002_ratelimitwindow"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchlog",
            name="place_id",
            field=models.BigIntegerField(blank=True, null=True, verbose_name="place id"),
        ),
        migrations.AddField(
            model_name="searchlog",
            name="query_folded",
            field=models.CharField(blank=True, max_length=200, verbose_name="folded query"),
        ),
        migrations.AddIndex(
            model_name="searchlog",
            index=models.Index(
                condition=models.Q(
                    ("place_id__isnull", False), models.Q(("query_folded", ""), _negated=True)
                ),
                fields=["created_at", "place_id", "query_folded"],
                name="searchlog_demand",
            ),
        ),
        migrations.AddIndex(
            model_name="searchlog",
            index=models.Index(fields=["created_at", "query_folded"], name="searchlog_searches"),
        ),
    ]
