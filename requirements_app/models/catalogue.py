"""The catalogue of standards and laws a requirement may cite, and the citations
read from each requirement's references (see `catalogue.py`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .requirement import Requirement

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

    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="citations")
    entry = models.ForeignKey(CatalogueEntry, on_delete=models.CASCADE, related_name="citations")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["requirement", "entry"], name="unique_citation")]
