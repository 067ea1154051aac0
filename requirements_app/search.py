"""Search over a procurement's requirements and insights, ranked together.

Words match as people write them: accents are folded ("tillganglighet" finds
"tillgänglighet"), hyphenated words also match joined ("ebok" finds "e-bok"),
and Swedish inflections share a stem (krav, kraven). PostgreSQL does the folding
and stemming itself (its Swedish configuration after unaccent); for SQLite this
module does the same in Python (PyStemmer is the same Snowball stemmer), and
the same tests pass on both.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import Stemmer
from django.db.models import Q
from django.db.models.signals import post_save

from .models import NUMBER_RE, Area, Insight, Requirement
from .models.search import SearchEntry

RESULT_LIMIT = 50
# A word, or a number with decimals or dots ("1.4.3", "2,5"); joined by hyphens: "e-bok", "TILL-03".
WORD_RE = re.compile(r"\d+(?:[.,]\d+)+|\w+(?:-\w+)*")


@cache
def stemmer():
    """Snowball's Swedish stemmer (the one PostgreSQL's swedish configuration uses)."""
    return Stemmer.Stemmer("swedish")


@cache
def stopwords():
    """Swedish words too common to search for."""
    # PostgreSQL's Swedish stop words (Snowball's list). As there, a word is
    # looked up after its accents are folded, so "på" (folded "pa") is kept.
    return frozenset((Path(__file__).parent / "data" / "swedish.stop").read_text("utf-8").split())


# The combining diacritical marks NFKD splits off Latin letters (å -> a + ring).
COMBINING_RE = re.compile("[\u0300-\u036f]")


def fold(word):
    """Lower case without accents: "Tillgänglighet" -> "tillganglighet"."""
    return COMBINING_RE.sub("", unicodedata.normalize("NFKD", word.lower()))


def _words(text, parts):
    """The text's words; a hyphenated word joined ("ebok"), and with `parts`
    also each part ("e", "bok")."""
    for match in WORD_RE.finditer(text or ""):
        word = match.group().replace(",", ".")
        if "-" in word:
            yield word.replace("-", "")
            if parts:
                yield from word.split("-")
        else:
            yield word


def terms(text, parts=True):
    """The text as the index stores it: folded, stop words out, stemmed."""
    stop = stopwords()
    folded = [fold(w) for w in _words(text, parts)]
    return " ".join(stemmer().stemWords([w for w in folded if w not in stop]))


def with_joined_words(text):
    """The text, followed by its hyphenated words joined, for PostgreSQL's parser
    (which indexes "e-bok" and its parts, but not "ebok")."""
    joined = [m.group().replace("-", "") for m in WORD_RE.finditer(text or "") if "-" in m.group()]
    return "\n".join([text or "", *joined])


@dataclass(frozen=True)
class Query:
    """A search as typed, prepared for either database."""

    typed: str

    @property
    def text(self):
        # For PostgreSQL's plainto_tsquery: hyphenated words joined, as indexed.
        return " ".join(_words(self.typed, parts=False))

    @property
    def terms(self):
        # For FTS5: each stemmed word quoted (so no word is read as an operator); all must match.
        return " ".join(f'"{term}"' for term in terms(self.typed, parts=False).split())

    def __bool__(self):
        return bool(terms(self.typed, parts=False))


@dataclass
class Result:
    requirement: Requirement | None
    insight: Insight | None
    rank: float

    @property
    def object(self):
        return self.requirement or self.insight


def search(procurement, typed):
    """The procurement's requirements and insights matching `typed`, best first
    (at most RESULT_LIMIT); a requirement number typed exactly comes first."""
    entries = SearchEntry.objects.select_related(
        "requirement__area", "requirement__author", "insight__workshop"
    ).best(procurement, Query(typed), RESULT_LIMIT)
    results = [Result(e.requirement, e.insight, e.rank) for e in entries]
    if NUMBER_RE.match(typed or ""):
        numbered = Requirement.objects.for_procurement(procurement).with_number(typed).select_related("area").first()
        if numbered:
            results = [Result(numbered, None, float("inf"))] + [r for r in results if r.requirement != numbered]
    return results


def filter_requirements(requirements, typed):
    """The requirements (a queryset) that match `typed`, or have it as their
    number; all of them when nothing is typed."""
    if not (typed or "").strip():
        return requirements
    matching = SearchEntry.objects.matching(Query(typed)).filter(requirement__isnull=False)
    return requirements.filter(Q(pk__in=matching.values("requirement_id")) | Q(pk__in=requirements.with_number(typed)))


def entry_fields(key, title, texts):
    """A search entry's text fields: the heading is the key (a requirement's
    number, an insight's key) and the title, the body the texts. The key is
    indexed joined, "LADD01": its parts would make "ladda" find every LADD."""
    heading = f"{key.replace('-', '')} {title}"
    body = "\n".join(filter(None, texts))
    return {"heading": with_joined_words(heading), "body": with_joined_words(body),
            "heading_terms": terms(heading), "body_terms": terms(body)}


def requirement_entry(requirement):
    """The search entry for a requirement, as it reads now (not saved)."""
    return SearchEntry(procurement_id=requirement.area.procurement_id, requirement=requirement, **entry_fields(
        requirement.number, requirement.title,
        [requirement.statement, requirement.rationale, requirement.references, requirement.verifikat,
         requirement.follow_up],
    ))


def insight_entry(insight):
    """The search entry for an insight, as it reads now (not saved)."""
    return SearchEntry(procurement_id=insight.workshop.procurement_id, insight=insight,
                       **entry_fields(insight.key, insight.section, [insight.text]))


def index(requirements=(), insights=()):
    """Write the entries of these requirements and insights anew."""
    entries = [requirement_entry(r) for r in requirements] + [insight_entry(i) for i in insights]
    if not entries:
        return
    SearchEntry.objects.filter(requirement__in=[r.pk for r in requirements]).delete()
    SearchEntry.objects.filter(insight__in=[i.pk for i in insights]).delete()
    SearchEntry.objects.bulk_create(entries, batch_size=500)


def rebuild(procurement=None):
    """Index every requirement and insight (of one procurement, or all) anew."""
    requirements = Requirement.objects.select_related("area")
    insights = Insight.objects.select_related("workshop")
    if procurement is not None:
        requirements = requirements.for_procurement(procurement)
        insights = insights.for_procurement(procurement)
    index(list(requirements), list(insights))


def _requirement_saved(sender, instance, raw, update_fields, **kwargs):
    # Fixtures (raw) are indexed as a whole afterwards, by setup_workbench; a
    # status change alone changes nothing searched.
    if not raw and (update_fields is None or set(update_fields) & {"area", *Requirement.CONTENT_FIELDS}):
        index(requirements=[instance])


def _insight_saved(sender, instance, raw, update_fields, **kwargs):
    if not raw and (update_fields is None or set(update_fields) & {"key", "section", "text"}):
        index(insights=[instance])


def _area_saved(sender, instance, raw, update_fields, **kwargs):
    # A new area code renumbers its requirements.
    if not raw and (update_fields is None or "code" in update_fields):
        index(requirements=list(instance.requirements.select_related("area")))


def connect():
    """Keep the index current whatever saves a requirement or insight: forms,
    import, admin, commands (bulk creation indexes explicitly, in drafting)."""
    post_save.connect(_requirement_saved, sender=Requirement, dispatch_uid="search_requirement")
    post_save.connect(_insight_saved, sender=Insight, dispatch_uid="search_insight")
    post_save.connect(_area_saved, sender=Area, dispatch_uid="search_area")
