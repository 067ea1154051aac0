"""Search over a procurement's requirements and insights, ranked together.

Words match as people write them: accents are folded ("tillganglighet" finds
"tillgänglighet"), hyphenated words also match joined ("ebok" finds "e-bok"),
Swedish inflections share a stem (krav, kraven), an irregular form is also
indexed under its base form ("e-böcker" under "e-bok", from simplemma's Swedish
lexicon), and a word typed finds the compounds it begins ("tillgänglighet"
finds "tillgänglighetsredogörelse": every typed word also matches as a prefix).

This module turns text into terms, the same way for both databases; SQLite's
FTS5 and PostgreSQL's full-text search (its `simple` configuration) only index
and match those terms, so the same tests pass on both.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import simplemma
import Stemmer
from django.db.models import Q

from .models import NUMBER_RE, Insight, Requirement
from .models.search import SearchEntry

RESULT_LIMIT = 50
# A word, or a number with decimals or dots ("1.4.3", "2,5"); joined by hyphens: "e-bok", "TILL-03".
WORD_RE = re.compile(r"\d+(?:[.,]\d+)+|\w+(?:-\w+)*")
# A requirement number or insight key ("TILL-03") is indexed as one term with
# this mark, so that a typed word's prefix ("ladd") does not find every LADD-NN.
KEY_MARK = "nr"
# Shorter typed words match whole terms only: "en" must not find every word beginning "en".
PREFIX_MIN = 3


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


@lru_cache(maxsize=50_000)
def base_form(word):
    """The word's base form from simplemma's Swedish lexicon ("böckerna" ->
    "bok", "e-böcker" -> "e-bok"); an unknown word is its own."""
    return simplemma.lemmatize(word.lower(), lang="sv", low_memory=True)


def _split(word, parts):
    """A word with its hyphens joined ("ebok"), and with `parts` also each part."""
    if "-" not in word:
        return [word]
    return [word.replace("-", ""), *(word.split("-") if parts else [])]


def _word_terms(word, parts, base_forms):
    """One word's terms: folded, stemmed, stop words out; with `base_forms`
    also its base form's, where they differ ("bock" and "bok" for "böcker")."""
    stop = stopwords()
    words = _split(word, parts)
    if base_forms and (base := base_form(word)) != word.lower():
        words += _split(base, parts)
    stems = stemmer().stemWords([w for w in map(fold, words) if w not in stop])
    return list(dict.fromkeys(stems))


def terms(text, parts=True, base_forms=True):
    """The text as the index stores it: folded, stop words out, stemmed, with
    each word's base form beside it."""
    return " ".join(
        term for match in WORD_RE.finditer(text or "")
        for term in _word_terms(match.group().replace(",", "."), parts, base_forms)
    )


def key_term(key):
    """The term a requirement number or insight key is indexed and typed as:
    "TILL-03" and "till-3" are both "nrtill3"."""
    match = NUMBER_RE.match(key)
    return KEY_MARK + (f"{fold(match[1])}{int(match[2])}" if match else fold(key.replace("-", "")))


@dataclass(frozen=True)
class Query:
    """A search as typed: each word a term that must match, whole or, from
    PREFIX_MIN letters, as the beginning of a longer term."""

    typed: str

    def _terms(self):
        """(term, matches as a prefix) for each typed word; a requirement
        number or insight key as its key term, matched whole."""
        for match in WORD_RE.finditer(self.typed or ""):
            word = match.group()
            if NUMBER_RE.match(word):
                yield key_term(word), False
            else:
                for term in terms(word, parts=False, base_forms=False).split():
                    yield term, len(term) >= PREFIX_MIN and not any(c.isdigit() for c in term)

    @property
    def fts5(self):
        """The MATCH expression for SQLite's FTS5: each term quoted, so no word
        is read as an operator."""
        return " ".join(f'"{term}"*' if prefix else f'"{term}"' for term, prefix in self._terms())

    @property
    def tsquery(self):
        """The expression for PostgreSQL's to_tsquery('simple', …): each term
        quoted (terms are word characters and dots only), joined by &."""
        return " & ".join(f"'{term}':*" if prefix else f"'{term}'" for term, prefix in self._terms())

    def __bool__(self):
        return any(True for _ in self._terms())


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


def areas_named(procurement, typed):
    """The procurement's areas whose name is what was typed: every typed word
    begins a word of the name ("tillgänglighet", "ladda" for "Ladda upp/ladda ner")."""
    typed_terms = list(Query(typed)._terms())
    if not typed_terms:
        return []

    def named(area):
        words = terms(area.name, base_forms=False).split()
        return all(any(w == t or (prefix and w.startswith(t)) for w in words) for t, prefix in typed_terms)

    return [area for area in procurement.areas.order_by("order") if named(area)]


def filter_requirements(requirements, typed):
    """The requirements (a queryset) that match `typed`, or have it as their
    number; all of them when nothing is typed."""
    if not (typed or "").strip():
        return requirements
    matching = SearchEntry.objects.matching(Query(typed)).filter(requirement__isnull=False)
    return requirements.filter(Q(pk__in=matching.values("requirement_id")) | Q(pk__in=requirements.with_number(typed)))


def prepared_terms(title, texts):
    """(title terms, body terms): the costly part of an entry, which needs no
    number, so an import makes them before its write transaction opens."""
    return terms(title), terms("\n".join(filter(None, texts)))


def entry_fields(key, title, texts, prepared=None):
    """A search entry's text fields: the heading is the key (a requirement's
    number, an insight's key) and the title, the body the texts."""
    title_terms, body_terms = prepared or prepared_terms(title, texts)
    return {"heading": f"{key} {title}", "heading_terms": f"{key_term(key)} {title_terms}", "body_terms": body_terms}


def requirement_texts(fields):
    """The texts of a requirement (or its fields) that search reads, besides the title."""
    get = fields.get if isinstance(fields, dict) else lambda name: getattr(fields, name)
    return [get("statement"), get("rationale"), get("references"), get("verifikat"), get("follow_up")]


def requirement_entry(requirement, prepared=None):
    """The search entry for a requirement, as it reads now (not saved)."""
    return SearchEntry(procurement_id=requirement.area.procurement_id, requirement=requirement, **entry_fields(
        requirement.number, requirement.title, requirement_texts(requirement), prepared))


def insight_entry(insight):
    """The search entry for an insight, as it reads now (not saved)."""
    return SearchEntry(procurement_id=insight.workshop.procurement_id, insight=insight,
                       **entry_fields(insight.key, insight.section, [insight.text]))


def index(requirements=(), insights=(), prepared=None):
    """Write the entries of these requirements and insights anew (`prepared`:
    each requirement's `prepared_terms`, made beforehand)."""
    prepared = prepared or [None] * len(requirements)
    entries = [requirement_entry(r, p) for r, p in zip(requirements, prepared)] + [insight_entry(i) for i in insights]
    if not entries:
        return
    SearchEntry.objects.filter(requirement__in=[r.pk for r in requirements]).delete()
    SearchEntry.objects.filter(insight__in=[i.pk for i in insights]).delete()
    # Not `bulk.insert`: SQLite's full-text index, fed by a trigger, is slower
    # written one statement per row than in batches.
    SearchEntry.objects.bulk_create(entries, batch_size=500)


def rebuild(procurement=None):
    """Index every requirement and insight (of one procurement, or all) anew."""
    requirements = Requirement.objects.select_related("area")
    insights = Insight.objects.select_related("workshop")
    if procurement is not None:
        requirements = requirements.for_procurement(procurement)
        insights = insights.for_procurement(procurement)
    index(list(requirements), list(insights))
