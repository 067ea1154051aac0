"""What the catalogue states is checked against facts taken from the sources
named in tests/data/catalogue_facts.json: a wrong legal or standards statement
is worse than none."""

import json
import re
from pathlib import Path

import pytest

from requirements_app.catalogue import standards as catalogue
from requirements_app.models import CatalogueEntry

FACTS = json.loads((Path(__file__).parent / "data" / "catalogue_facts.json").read_text("utf-8"))
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("source, number, title, level", FACTS["exists"])
def test_the_catalogue_holds_what_the_sources_hold(source, number, title, level):
    entry = CatalogueEntry.objects.get(source=source, number=number)
    assert entry.level == level
    if title is not None:
        assert entry.title == title


@pytest.mark.parametrize("source, number", FACTS["absent"])
def test_the_catalogue_holds_nothing_the_sources_do_not(source, number):
    assert not CatalogueEntry.objects.filter(source=source, number=number).exists()
    label = {"wcag22": "WCAG 2.2", "en301549": "EN 301 549"}[source]
    with pytest.raises(Exception, match="inte i katalogen"):
        catalogue.check_references(f"{label} {number}")


def test_en_301_549_clause_9_holds_wcag_21_a_and_aa_only():
    web = CatalogueEntry.objects.filter(source="en301549", number__regex=r"^9\.\d\.\d\.\d+$")
    assert web.count() == FACTS["en301549_web_clauses"]
    assert not web.filter(level="AAA").exists()


def test_parsing_carries_w3cs_erratum_under_21_and_en():
    for source, number in (("wcag21", "4.1.1"), ("en301549", "9.4.1.1")):
        assert FACTS["parsing_note_says"] in CatalogueEntry.objects.get(source=source, number=number).note


def test_barnkonventionen_is_summarised_and_says_so():
    articles = CatalogueEntry.objects.filter(source="crc", kind="part")
    assert articles.count() == 54
    assert all(a.note == "Sammanfattning, inte lagtext." for a in articles)
    assert FACTS["crc_3_says"] in articles.get(number="3").title


def test_the_catalogue_names_its_sources():
    about = json.loads((Path(catalogue.DATA) / "catalogue.json").read_text("utf-8"))["about"]
    assert re.search(r"EN 301 549 V3\.2\.1 \(2021-03\)", about) and "2016/679" in about and "2018:1197" in about


def test_loading_again_removes_clauses_that_never_existed(make_requirement):
    CatalogueEntry.objects.create(source="en301549", kind="part", number="9.1.4.6", title="Contrast (Enhanced)",
                                  level="AAA")
    catalogue.load()
    assert not CatalogueEntry.objects.filter(source="en301549", number="9.1.4.6").exists()
