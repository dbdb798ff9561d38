"""The engine's document table; the full-text, spatial and map tables are vendor SQL.

`SearchEntry` is a Django model so that Django knows the table (flushes empty it between
tests); the FTS5 / R*Tree / tsvector structures are created by migration 0002 per vendor.
"""

from django.db import models


class SearchEntry(models.Model):
    """One indexed document. `docid` follows the static rank at rebuild (best first)."""

    docid = models.BigAutoField(primary_key=True)
    source = models.CharField(max_length=40)
    object_id = models.BigIntegerField()
    latitude = models.FloatField(null=True)
    longitude = models.FloatField(null=True)
    mx = models.IntegerField(null=True)  # map cell at zoom 18
    my = models.IntegerField(null=True)
    rank = models.FloatField(default=0.0)
    published = models.FloatField(default=0.0)  # POSIX timestamp
    facets = models.TextField(default="", blank=True)

    class Meta:
        db_table = "search_doc"
        constraints = [
            models.UniqueConstraint(fields=["source", "object_id"], name="search_doc_object")
        ]
        indexes = [models.Index(fields=["-published"], name="search_doc_published")]

    def __str__(self) -> str:
        return f"{self.source} {self.object_id}"
