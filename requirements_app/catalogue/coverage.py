"""Which WCAG success criteria and which articles of the Convention on the Rights
of the Child a procurement's live requirements cite: coverage, to see the gaps."""

from dataclasses import dataclass, field

from ..models import CatalogueEntry, Citation, Requirement
from . import standards as catalogues

Source, Kind = CatalogueEntry.Source, CatalogueEntry.Kind


@dataclass
class Covered:
    """One criterion or article, and the requirements that cite it: directly, or
    (for WCAG) through a requirement that cites its whole level."""

    entry: CatalogueEntry
    direct: list = field(default_factory=list)
    via_level: list = field(default_factory=list)

    @property
    def covered(self):
        return bool(self.direct or self.via_level)

    @property
    def decided(self):
        """Covered by an approved requirement, not only by drafts or ones in review."""
        return any(r.status == Requirement.Status.APPROVED for r in self.direct + self.via_level)


def _citations(procurement, sources, kinds=None):
    citations = Citation.objects.filter(
        requirement__area__procurement=procurement, requirement__status__in=Requirement.Status.live_values(),
        entry__source__in=sources,
    )
    if kinds:
        citations = citations.filter(requirement__kind__in=kinds)
    return (
        citations
        .select_related("requirement__area", "entry")
        .order_by("requirement__area__order", "requirement__area__code", "requirement__seq")
    )


def wcag(procurement, version="2.1"):
    """Every WCAG `version` criterion at level A and AA, with the ska-krav and
    bör-krav that cover it (`Requirement.Kind.bought()`).

    2.2 kept 2.1's criteria under the same numbers (but for 4.1.1, removed), so a
    criterion cited in either version counts, as does EN 301 549 clause 9.x; a
    level covers its version's criteria at that level, so a 2.1 level does not
    cover the criteria 2.2 added."""
    criteria = {entry.number: Covered(entry) for entry in CatalogueEntry.objects.wcag_criteria(version)}
    catalogue = catalogues.current()
    reach = {}  # by entry id: many requirements cite the same level
    listed = set()  # (criterion, requirement pk, direct): sets, so 20,000 citations stay linear
    sources = [Source.WCAG21, Source.WCAG22, Source.EN301549]
    for citation in _citations(procurement, sources, Requirement.Kind.bought()):
        if citation.entry_id not in reach:
            numbers, direct = catalogue.wcag_reach(citation.entry)
            reach[citation.entry_id] = (numbers & criteria.keys(), direct)
        numbers, direct = reach[citation.entry_id]
        for number in numbers:
            if (number, citation.requirement_id, direct) not in listed:
                listed.add((number, citation.requirement_id, direct))
                (criteria[number].direct if direct else criteria[number].via_level).append(citation.requirement)
    return list(criteria.values())


def child_rights(procurement):
    """Every article of the Convention on the Rights of the Child, with the
    requirements that cite it."""
    articles = {
        entry.number: Covered(entry)
        for entry in CatalogueEntry.objects.filter(source=Source.CRC, kind=Kind.PART).order_by("order")
    }
    for citation in _citations(procurement, [Source.CRC]):
        if citation.entry.number in articles:
            articles[citation.entry.number].direct.append(citation.requirement)
    return list(articles.values())
