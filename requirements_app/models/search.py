"""The search index: one entry per requirement and per insight, ranked together.

Each database indexes the entries its own way, set up in migration 0012:
PostgreSQL keeps a generated `vector` column (full-text search with the
`swedish_unaccent` configuration: accents folded, then Swedish stemming) under a
GIN index; SQLite keeps an FTS5 table over `heading_terms` and `body_terms`,
which `search.py` folds and stems the same way before they are stored. Neither
is a model field: the database maintains them from the columns below.
"""

from django.db import connection, models
from django.db.models import BooleanField, FloatField, Q
from django.db.models.expressions import RawSQL

from .core import Insight, Procurement
from .requirement import Requirement

FTS_TABLE = "requirements_app_searchentry_fts"
TSQUERY = "plainto_tsquery('swedish_unaccent', %s)"
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
            return self.filter(RawSQL(f"vector @@ {TSQUERY}", [query.text], output_field=BooleanField()))
        return self.filter(pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [query.terms]))

    def best(self, procurement, query, limit):
        """The procurement's `limit` best entries for `query`, best first, each
        with `rank` (higher is better)."""
        if not query:
            return []
        entries = self.filter(procurement=procurement)
        if connection.vendor == "postgresql":
            rank = RawSQL(f"ts_rank(vector, {TSQUERY})", [query.text], output_field=FloatField())
            return list(entries.matching(query).annotate(rank=rank).order_by("-rank", "heading")[:limit])
        # FTS5 ranks (bm25, lower is better) only inside its own MATCH query: rank
        # there, then fetch the entries.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT f.rowid, -bm25({FTS_TABLE}, {HEADING_WEIGHT}, 1.0) FROM {FTS_TABLE} f "
                f"JOIN requirements_app_searchentry e ON e.id = f.rowid "
                f"WHERE {FTS_TABLE} MATCH %s AND e.procurement_id = %s "
                f"ORDER BY bm25({FTS_TABLE}, {HEADING_WEIGHT}, 1.0), e.heading LIMIT %s",
                [query.terms, procurement.pk, limit],
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
    # The words as written, with hyphenated words also joined ("e-bok ebok"):
    # what PostgreSQL parses, folds and stems.
    heading = models.TextField()
    body = models.TextField()
    # The same words folded and stemmed by search.py: what SQLite's FTS5 indexes.
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
