"""The catalogue of standards and laws a requirement may cite, the citations
read from each requirement's references (see `catalogue.py`), and reading a
reference against the catalogue: a requirement's validation does that, so it
lives beside the entries it reads."""

import contextvars
import re
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Max
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

WCAG_LEVELS = ("A", "AA", "AAA")


class CatalogueEntryQuerySet(models.QuerySet):
    def wcag_criteria(self, version, level="AA"):
        """The success criteria of WCAG `version` ("2.1", "2.2") at `level` and below."""
        source = CatalogueEntry.Source.WCAG22 if version == "2.2" else CatalogueEntry.Source.WCAG21
        levels = WCAG_LEVELS[: WCAG_LEVELS.index(level) + 1]
        return self.filter(source=source, kind=CatalogueEntry.Kind.PART, level__in=levels).order_by("order")


class CatalogueEntry(models.Model):
    """A standard or law, one of its levels, or one criterion, clause or article."""

    class Source(models.TextChoices):
        WCAG21 = "wcag21", "WCAG 2.1"
        WCAG22 = "wcag22", "WCAG 2.2"
        EN301549 = "en301549", "EN 301 549 V3.2.1"
        CRC = "crc", _("Convention on the Rights of the Child")
        GDPR = "gdpr", _("GDPR")
        LAW = "law", _("Swedish law")

    class Kind(models.TextChoices):
        WHOLE = "whole", _("the whole standard or law")
        LEVEL = "level", _("conformance level")
        PART = "part", _("criterion, clause or article")

    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices)
    # "1.4.3", "AA" (a level), "9.1.4.3", "13" (an article), "2016:1145" (SFS); "" for the whole.
    number = models.CharField(_("number"), max_length=20, blank=True)
    level = models.CharField(_("level"), max_length=3, blank=True)
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("link"), blank=True)
    # What a reader must know beside the title: an erratum, or that it summarises.
    note = models.CharField(_("note"), max_length=300, blank=True)
    # An EN 301 549 clause 9.x is WCAG 2.1's criterion x, one to one.
    wcag = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="en_clauses")
    order = models.PositiveIntegerField(default=0)

    objects = CatalogueEntryQuerySet.as_manager()

    class Meta:
        ordering = ["source", "order"]
        verbose_name = _("catalogue entry")
        verbose_name_plural = _("catalogue entries")
        constraints = [
            models.UniqueConstraint(fields=["source", "number"], name="unique_catalogue_number"),
            models.CheckConstraint(
                condition=models.Q(level__in=["", *WCAG_LEVELS]), name="catalogue_level_valid"
            ),
        ]

    def __str__(self):
        return f"{self.label} {self.title}"

    @property
    def label(self):
        """How a requirement cites it, one line of its references: "WCAG 2.1 1.4.3"."""
        prefix = {
            self.Source.WCAG21: "WCAG 2.1", self.Source.WCAG22: "WCAG 2.2", self.Source.EN301549: "EN 301 549",
            self.Source.CRC: "Barnkonventionen", self.Source.GDPR: "GDPR", self.Source.LAW: "Lag",
        }[self.source]
        if self.kind == self.Kind.WHOLE:
            return prefix
        if self.kind == self.Kind.LEVEL:
            return f"{prefix} nivå {self.number}"
        if self.source == self.Source.EN301549 and "." not in self.number:
            return f"{prefix} kap. {self.number}"
        if self.source in (self.Source.CRC, self.Source.GDPR):
            return f"{prefix} art. {self.number}"
        if self.source == self.Source.LAW:
            return f"Lag ({self.number})"
        return f"{prefix} {self.number}"


class Citation(models.Model):
    """A requirement cites a catalogue entry: read from its references on every
    save (derived, so the references text stays the one versioned record)."""

    requirement = models.ForeignKey("Requirement", on_delete=models.CASCADE, related_name="citations")
    entry = models.ForeignKey(CatalogueEntry, on_delete=models.CASCADE, related_name="citations")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["requirement", "entry"], name="unique_citation")]


# Reading references against the catalogue.

GDPR_RECITALS = 173
LAW_NAMES = {"lou": "2016:1145", "dos-lagen": "2018:1937", "dataskyddslagen": "2018:218"}

WCAG_RE = re.compile(r"^WCAG\s*(\d\.\d)\b(.*)$", re.IGNORECASE)
EN_RE = re.compile(r"^(?:SS-)?EN\s*301\s*549\b(?:\s*V?3\.2\.1)?(?:\s*\(2021-03\))?(.*)$", re.IGNORECASE)
CRC_RE = re.compile(r"^(?:FN:s\s+)?(?:barnkonventionen|barnkonvention|barnkonv\.?|CRC)(?=\W|$)(.*)$", re.IGNORECASE)
GDPR_RE = re.compile(
    r"^(?:GDPR|dataskyddsförordningen|EU:s dataskyddsförordning|förordning\s*\(EU\)\s*2016/679|\(EU\)\s*2016/679)"
    r"(?=\W|$)(.*)$", re.IGNORECASE,
)
LAW_RE = re.compile(r"^(?:lag|SFS)\s*\(?\s*(\d{4}:\d+)\s*\)?(.*)$", re.IGNORECASE)
LAW_NAME_RE = re.compile(r"^(LOU|DOS-lagen|dataskyddslagen)(?=\W|$)(.*)$", re.IGNORECASE)
CRITERION_RE = re.compile(r"\b\d+\.\d+\.\d+\b")
LEVEL_RE = re.compile(r"\b(A{1,3})\b")
CLAUSE_RE = re.compile(r"\d+(?:\.\d+)*")
# Article lists: "art. 13 och 17", "art. 6–7", "art. 5.1 c" (paragraphs are not looked up).
ARTICLE_RE = re.compile(r"(\d+)(?:\.\d+)*(?:\s*[–-]\s*(\d+))?")

class Catalogue:
    """The catalogue's entries by (source, number), read once per check."""

    def __init__(self, entries):
        self.entries = {(entry.source, entry.number): entry for entry in entries}

    def get(self, source, number=""):
        return self.entries.get((source, number))

    def wcag_reach(self, entry):
        """(the WCAG criteria numbers a cited entry requires, whether it names them
        one by one): a criterion or an EN 301 549 clause 9.x names one; a level, or
        EN 301 549 chapter 9 (WCAG 2.1 A and AA), requires all criteria up to it."""
        Source, Kind = CatalogueEntry.Source, CatalogueEntry.Kind
        if entry.source in (Source.WCAG21, Source.WCAG22) and entry.kind == Kind.PART:
            return {entry.number}, True
        if entry.source == Source.EN301549 and entry.wcag_id:
            return {entry.number[2:]}, True
        level = whole_level(entry)
        if level:
            return self._criteria_up_to(*level), False
        return set(), True

    def _criteria_up_to(self, source, level):
        allowed = WCAG_LEVELS[: WCAG_LEVELS.index(level) + 1]
        return {n for (s, n), e in self.entries.items() if s == source and e.kind == "part" and e.level in allowed}

    def resolve(self, line):
        """The entries one line of references cites: [] for free text.

        Raises ValidationError when the line cites a standard of the catalogue
        but something it does not hold ("WCAG 2.1 4.4.4", "GDPR art. 99")."""
        Source = CatalogueEntry.Source
        line = " ".join(line.split())
        if match := WCAG_RE.match(line):
            version, rest = match.groups()
            source = {"2.1": Source.WCAG21, "2.2": Source.WCAG22}.get(version)
            if source is None:
                raise self._error(line, gettext("the catalogue holds WCAG 2.1 and 2.2."))
            numbers = CRITERION_RE.findall(rest)
            if numbers:
                return [self._known(line, source, n, gettext("WCAG %(version)s has no success criterion %(number)s."),
                                    version=version) for n in numbers]
            levels = LEVEL_RE.findall(rest)
            if levels:  # "nivå A och AA" is level AA
                return [self.get(source, max(levels, key=len))]
            if rest.strip(" .,:;"):
                raise self._error(line, gettext("name a success criterion (e.g. 1.4.3) or a level (A, AA, AAA)."))
            return [self.get(source)]
        if match := EN_RE.match(line):
            clauses = CLAUSE_RE.findall(match.group(1))
            return [self._known(line, Source.EN301549, n, gettext("EN 301 549 has no clause %(number)s in the catalogue."))
                    for n in clauses] or [self.get(Source.EN301549)]
        if match := CRC_RE.match(line):
            return self._articles(line, Source.CRC, match.group(1), 54,
                                  gettext("the Convention on the Rights of the Child has articles 1–54."))
        if match := GDPR_RE.match(line):
            rest = match.group(1)
            if recital := re.search(r"skäl\s*(\d+)", rest, re.IGNORECASE):
                if not 1 <= int(recital.group(1)) <= GDPR_RECITALS:
                    raise self._error(line, gettext("the GDPR has recitals 1–173."))
                return [self.get(Source.GDPR)]
            return self._articles(line, Source.GDPR, rest, 99, gettext("the GDPR has articles 1–99."))
        if match := LAW_NAME_RE.match(line):
            return [self.get(Source.LAW, LAW_NAMES[match.group(1).lower()])]
        if match := LAW_RE.match(line):
            # A law outside the catalogue is free text: the catalogue holds the laws used.
            law = self.get(Source.LAW, match.group(1))
            return [law] if law else []
        return []

    def _articles(self, line, source, rest, last, message):
        numbers = []
        for start, end in ARTICLE_RE.findall(rest):
            first, final = int(start), int(end or start)
            # Bounds before building: "art. 1-500000000" must not allocate a range.
            if not 1 <= first <= final <= last:
                raise self._error(line, message if first <= final else gettext("a range must run from low to high."))
            numbers.extend(range(first, final + 1))
        return [self.get(source, str(n)) for n in numbers] or [self.get(source)]

    def _known(self, line, source, number, message, **params):
        entry = self.get(source, number)
        if entry is None:
            raise self._error(line, message % {"number": number, **params})
        return entry

    @staticmethod
    def _error(line, problem):
        return ValidationError(gettext("“%(line)s” is not in the catalogue: %(problem)s") % {"line": line, "problem": problem},
                               code="unknown_reference")

_cached = (None, None)
# Within `pinned()`: the catalogue read once for a whole operation (an import's rows).
_pinned = contextvars.ContextVar("pinned_catalogue", default=None)


@contextmanager
def pinned():
    """Read the catalogue once for everything inside the block: validating
    thousands of rows asks the database for its stamp once, not per row."""
    token = _pinned.set(current())
    try:
        yield _pinned.get()
    finally:
        _pinned.reset(token)


def current():
    """The catalogue as the database holds it now (cached while it is unchanged)."""
    global _cached
    if _pinned.get() is not None:
        return _pinned.get()
    stamp = tuple(CatalogueEntry.objects.aggregate(count=Count("id"), last=Max("id")).values())
    if _cached[0] != stamp:
        _cached = (stamp, Catalogue(CatalogueEntry.objects.all()))
    return _cached[1]


def check_references(text):
    """Raise ValidationError listing every line of `text` that cites something
    the catalogue does not hold."""
    citing = citing_lines(text)
    if not citing:
        return  # free text only: no need to read the catalogue (every save and import row comes here)
    catalogue, errors = current(), []
    for line in citing:
        try:
            catalogue.resolve(line)
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors)

def lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def citing_lines(text):
    """The lines of `text` that name a standard or law of the catalogue (which
    `Catalogue.resolve` then looks up); the others are free text."""
    patterns = (WCAG_RE, EN_RE, CRC_RE, GDPR_RE, LAW_NAME_RE, LAW_RE)
    return [line for line in lines(text) if any(p.match(" ".join(line.split())) for p in patterns)]

def whole_level(entry):
    """(WCAG source, level) when `entry` cites a whole level: "WCAG 2.1 nivå AA",
    or EN 301 549 chapter 9 (which is WCAG 2.1 A and AA); otherwise None."""
    if entry.kind == CatalogueEntry.Kind.LEVEL:
        return entry.source, entry.number
    if entry.source == CatalogueEntry.Source.EN301549 and entry.number == "9":
        return CatalogueEntry.Source.WCAG21, "AA"
    return None
