"""The standards page: which WCAG criteria and which articles of the Convention
on the Rights of the Child the requirements cover."""

from django.shortcuts import render

from ..access import get_membership
from ..catalogue import coverage
from ..models import CatalogueEntry

WCAG_VERSIONS = ("2.1", "2.2")


def standards(request, pk):
    membership = get_membership(request, pk)
    procurement = membership.procurement
    version = request.GET.get("wcag") if request.GET.get("wcag") in WCAG_VERSIONS else "2.1"
    criteria = coverage.wcag(procurement, version)
    gaps_only = request.GET.get("luckor") == "1"
    articles = coverage.child_rights(procurement)
    source = CatalogueEntry.Source.WCAG22 if version == "2.2" else CatalogueEntry.Source.WCAG21
    return render(request, "requirements_app/standards.html", {
        "membership": membership,
        "procurement": procurement,
        "version": version,
        "other_version": "2.2" if version == "2.1" else "2.1",
        "criteria": [c for c in criteria if not c.covered] if gaps_only else criteria,
        "total": len(criteria),
        "gaps_only": gaps_only,
        "covered_count": sum(1 for c in criteria if c.covered),
        "decided_count": sum(1 for c in criteria if c.decided),
        "levels": CatalogueEntry.objects.filter(source=source, kind=CatalogueEntry.Kind.LEVEL, number__in=["A", "AA"]),
        "articles": articles,
        "cited_articles": [a for a in articles if a.covered],
    })
