"""The search index: one entry per requirement and per insight, ranked together.

`search.py` turns the text into terms (folded, stemmed, with base forms) before
they are stored; each database only indexes those terms (migrations 0012 and
0023): PostgreSQL in a generated `vector` column (full-text search, `simple`
configuration) under a GIN index, SQLite in an FTS5 table kept by triggers.
Neither is a model field: the database maintains them from the columns below.
"""

from django.db import connection, models
from django.db.models import BooleanField, FloatField, Q
from django.db.models.expressions import RawSQL

from .core import Insight, Procurement
from .requirement import Requirement

FTS_TABLE = "requirements_app_searchentry_fts"
TSQUERY = "to_tsquery('simple', %s)"
# How much more a word in the heading (number, title, key) counts than one in the body.
HEADING_WEIGHT = 4.0


class SearchEntryQuerySet(models.QuerySet):
    # Raw SQL, because neither index is a model field. It names no table of
    # ours where it can (`vector` is unambiguous), so it also works as a subquery.

    def matching(self, query):
        """Entries that contain every word of `query` (a `search.Query`)."""
        if not query:
            return self.none()
        if connection.vendor == "postgresql":
            return self.filter(RawSQL(f"vector @@ {TSQUERY}", [query.tsquery], output_field=BooleanField()))
        return self.filter(pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [query.fts5]))

    def best(self, procurement, query, limit):
        """The procurement's `limit` best entries for `query`, best first, each
        with `rank` (higher is better)."""
        if not query:
            return []
        entries = self.filter(procurement=procurement)
        if connection.vendor == "postgresql":
            rank = RawSQL(f"ts_rank(vector, {TSQUERY})", [query.tsquery], output_field=FloatField())
            # Rank the bare entries first, then join the few kept: the planner
            # cannot estimate how many a prefix matches, and would join them all.
            best = entries.matching(query).annotate(rank=rank).order_by("-rank", "heading").values("pk")[:limit]
            return list(self.filter(pk__in=best).annotate(rank=rank).order_by("-rank", "heading"))
        # FTS5 ranks (bm25, lower is better) only inside its own MATCH query: rank
        # there, then fetch the entries.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT f.rowid, -bm25({FTS_TABLE}, {HEADING_WEIGHT}, 1.0) FROM {FTS_TABLE} f "
                f"JOIN requirements_app_searchentry e ON e.id = f.rowid "
                f"WHERE {FTS_TABLE} MATCH %s AND e.procurement_id = %s "
                f"ORDER BY bm25({FTS_TABLE}, {HEADING_WEIGHT}, 1.0), e.heading LIMIT %s",
                [query.fts5, procurement.pk, limit],
            )
            ranks = dict(cursor.fetchall())
        found = entries.in_bulk(ranks)
        for pk, entry in found.items():
            entry.rank = ranks[pk]
        return sorted(found.values(), key=lambda entry: (-entry.rank, entry.heading))


class SearchEntry(models.Model):
    """What search reads for one requirement or one insight (derived, never edited)."""

    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="+")
    requirement = models.OneToOneField(
        Requirement, on_delete=models.CASCADE, null=True, blank=True, related_name="search_entry"
    )
    insight = models.OneToOneField(Insight, on_delete=models.CASCADE, null=True, blank=True, related_name="search_entry")
    # The number or key and the title, as written: breaks ties in the ranking.
    heading = models.TextField()
    # The terms search.py made of the heading and of the texts: what the databases index.
    heading_terms = models.TextField()
    body_terms = models.TextField()

    objects = SearchEntryQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(requirement__isnull=False, insight__isnull=True)
                | Q(requirement__isnull=True, insight__isnull=False),
                name="search_entry_is_requirement_or_insight",
            ),
        ]

    def __str__(self):
        return self.heading
