"""The catalogue of standards and laws, and references checked against it."""

import datetime
import io
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from requirements_app.catalogue import standards as catalogue, coverage
from requirements_app.documents.editions import edition_data, freeze_edition
from requirements_app.documents.response_form import render_response_form
from requirements_app.models import CatalogueEntry, Citation, Requirement

from .conftest import edit, login
from .test_import_export import HEADER, run

ROOT = Path(__file__).resolve().parent.parent
Source, Kind = CatalogueEntry.Source, CatalogueEntry.Kind


def labels(text):
    return [entry.label for entry in catalogue.cited(text)]


def test_the_vendored_wcag_file_is_the_shared_copy_byte_for_byte():
    assert "W3C Document License" in (ROOT / "requirements_app" / "data" / "WCAG-NOTICE.md").read_text()
    vendored = ROOT / "requirements_app" / "data" / "wcag.json"
    shared = ROOT.parent / "shared" / "standards" / "wcag.json"
    if not shared.exists():
        pytest.skip("../shared is not beside this checkout (the next test checks the file's digest)")
    assert vendored.read_bytes() == shared.read_bytes()


def test_the_vendored_wcag_file_is_unmodified():
    """The digest of the shared copy (2025-04-01), for clean clones without ../shared."""
    import hashlib

    digest = hashlib.sha256((ROOT / "requirements_app" / "data" / "wcag.json").read_bytes()).hexdigest()
    assert digest == "211306c83a0bc306593e150d7a300266b3b2f539aed19e30b50784a2176b7eb4"


@pytest.mark.django_db
def test_wcag_21_has_50_criteria_at_a_and_aa_and_22_has_55():
    assert CatalogueEntry.objects.wcag_criteria("2.1").count() == 50
    assert CatalogueEntry.objects.wcag_criteria("2.2").count() == 55
    assert CatalogueEntry.objects.get(source=Source.WCAG21, number="4.1.1").level == "A"
    assert not CatalogueEntry.objects.filter(source=Source.WCAG22, number="4.1.1").exists()


@pytest.mark.django_db
def test_every_en_301_549_clause_9_maps_to_a_wcag_21_criterion():
    clauses = CatalogueEntry.objects.filter(source=Source.EN301549, number__startswith="9.").exclude(
        number__in=["9.5", "9.6"])
    assert clauses.count() == 50  # WCAG 2.1's criteria at A and AA; the AAA ones are only recommended (9.5)
    for clause in clauses.select_related("wcag"):
        assert clause.wcag.source == Source.WCAG21 and clause.number == f"9.{clause.wcag.number}"
        assert clause.level == clause.wcag.level


@pytest.mark.django_db
def test_the_rest_of_the_catalogue():
    parts = CatalogueEntry.objects.filter(kind=Kind.PART)
    assert parts.filter(source=Source.CRC).count() == 54
    assert parts.filter(source=Source.GDPR).count() == 99
    assert parts.get(source=Source.GDPR, number="22").title.startswith("Automatiserat individuellt beslutsfattande")
    assert set(parts.filter(source=Source.LAW).values_list("number", flat=True)) == {
        "2016:1145", "2018:1937", "2023:254", "2018:218", "2018:1197"}
    assert {"10", "11", "12", "12.1.1", "12.2.4"} <= set(parts.filter(source=Source.EN301549).values_list("number", flat=True))
    criterion = CatalogueEntry.objects.get(source=Source.WCAG21, number="1.4.3")
    assert (criterion.title, criterion.url) == (
        "Contrast (Minimum)", "https://www.w3.org/WAI/WCAG21/Understanding/contrast-minimum")


@pytest.mark.django_db
def test_loading_again_changes_nothing():
    assert catalogue.load() == (0, 0)


@pytest.mark.django_db
@pytest.mark.parametrize("text, cited", [
    ("WCAG 2.1 1.4.3", ["WCAG 2.1 1.4.3"]),
    ("WCAG 2.1 2.1.1 och 2.4.7", ["WCAG 2.1 2.1.1", "WCAG 2.1 2.4.7"]),
    ("WCAG 2.1 nivå AA", ["WCAG 2.1 nivå AA"]),
    ("WCAG 2.2 nivå A och AA", ["WCAG 2.2 nivå AA"]),
    ("EN 301 549 kap. 9", ["EN 301 549 kap. 9"]),
    ("EN 301 549 V3.2.1 9.1.4.3", ["EN 301 549 9.1.4.3"]),
    ("EN 301 549", ["EN 301 549"]),
    ("Barnkonventionen art. 13 och 17", ["Barnkonventionen art. 13", "Barnkonventionen art. 17"]),
    ("GDPR art. 6–7", ["GDPR art. 6", "GDPR art. 7"]),
    ("GDPR art. 5.1 c", ["GDPR art. 5"]),
    ("GDPR skäl 38", ["GDPR"]),
    ("Lag (2018:1937) 12 §", ["Lag (2018:1937)"]),
    ("LOU 16 kap.", ["Lag (2016:1145)"]),
    ("Offentlighets- och sekretesslagen 40 kap. 3 §", []),
    ("Lag (2009:400)", []),
    ("European Accessibility Act", []),
])
def test_references_are_read_against_the_catalogue(text, cited):
    assert labels(text) == cited


@pytest.mark.django_db
@pytest.mark.parametrize("text, problem", [
    ("WCAG 2.1 4.4.4", "WCAG 2.1 har inget framgångskriterium 4.4.4"),
    ("WCAG 2.1 2.4.11", "WCAG 2.1 har inget framgångskriterium 2.4.11"),  # new in 2.2
    ("WCAG 2.0 1.1.1", "katalogen har WCAG 2.1 och 2.2"),
    ("Barnkonventionen art. 99", "artiklarna 1–54"),
    ("GDPR art. 100", "artiklarna 1–99"),
    ("EN 301 549 9.9.9", "inget avsnitt 9.9.9"),
])
def test_an_unknown_reference_is_refused(text, problem):
    with pytest.raises(ValidationError) as refused:
        catalogue.check_references(f"Lag (2018:1937)\n{text}")
    assert problem in str(refused.value) and text in str(refused.value)


@pytest.mark.django_db
@pytest.mark.parametrize("text, problem", [
    ("GDPR art. 1-500000000", "artiklarna 1–99"),
    ("GDPR art. 1-20000000", "artiklarna 1–99"),
    ("Barnkonventionen art. 3-999999999999", "artiklarna 1–54"),
    ("GDPR art. 20-6", "från lägsta till högsta"),
])
def test_a_huge_or_reversed_article_range_is_refused_without_building_it(text, problem):
    import tracemalloc

    tracemalloc.start()
    with pytest.raises(ValidationError) as refused:
        catalogue.check_references(text)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert problem in str(refused.value)
    assert peak < 5_000_000  # the attack asked for gigabytes


def test_an_unknown_reference_is_a_field_error_in_the_form(client, member, area, insight):
    login(client, member)
    response = client.post(reverse("requirement_create", args=[member.procurement_id]), {
        "area": area.pk, "title": "Kontrast", "statement": "Webbplatsen ska ha god kontrast.", "kind": "mandatory",
        "verification": "attach", "insights": [insight.pk], "references": "WCAG 2.1 4.4.4",
    })
    assert response.status_code == 200
    assert "WCAG 2.1 4.4.4" in response.context["form"].errors["references"][0]
    assert not Requirement.objects.exists()


def test_an_unknown_reference_is_a_field_error_in_the_import(member, area, insight):
    row = ";LADD;Kontrast;Webbplatsen ska ha god kontrast.;;ska-krav;;bifoga;;FRAM-04;GDPR art. 100;\n"
    report = run(member, "krav.csv", ("\ufeff" + HEADER + "\n" + row).encode())
    assert report.invalid and "GDPR art. 100" in str(report.invalid)
    assert not Requirement.objects.exists()


def test_picking_from_the_catalogue_adds_the_reference(client, member, area, insight):
    login(client, member)
    page = client.get(reverse("requirement_create", args=[member.procurement_id])).content.decode()
    assert '<datalist id="catalogue-entries">' in page and '<option value="WCAG 2.1 1.4.3">Contrast (Minimum)' in page
    response = client.post(reverse("requirement_create", args=[member.procurement_id]), {
        "area": area.pk, "title": "Kontrast", "statement": "Webbplatsen ska ha kontrast 4,5:1.", "kind": "mandatory",
        "verification": "attach", "insights": [insight.pk], "references": "Egen riktlinje",
        "add_reference": "WCAG 2.1 1.4.3",
    })
    assert response.status_code == 302
    requirement = Requirement.objects.get()
    assert requirement.references == "Egen riktlinje\nWCAG 2.1 1.4.3"
    assert [c.entry.label for c in requirement.citations.all()] == ["WCAG 2.1 1.4.3"]


def test_the_picker_refuses_free_text(client, member, area, insight):
    login(client, member)
    response = client.post(reverse("requirement_create", args=[member.procurement_id]), {
        "area": area.pk, "title": "Kontrast", "statement": "Webbplatsen ska ha kontrast.", "kind": "mandatory",
        "verification": "attach", "insights": [insight.pk], "add_reference": "Min egen standard",
    })
    assert "Välj en referens ur katalogen" in str(response.context["form"].errors["add_reference"])


def test_citations_follow_every_edit(member, make_requirement):
    requirement = make_requirement(references="WCAG 2.1 1.4.3")
    assert [c.entry.label for c in requirement.citations.all()] == ["WCAG 2.1 1.4.3"]
    edit(member, requirement, references="Barnkonventionen art. 12")
    assert [c.entry.label for c in requirement.citations.all()] == ["Barnkonventionen art. 12"]


def test_the_migration_links_existing_references_and_keeps_the_rest_as_text(member, area):
    from importlib import import_module

    migration = import_module("requirements_app.migrations.0013_standards_catalogue")
    # Written before the catalogue existed: bulk_create skips validation and signals.
    requirement = Requirement.objects.bulk_create([Requirement(
        area=area, seq=1, title="Gammalt", statement="x", author=member.user,
        references="WCAG 2.1 nivå AA\nGDPR art. 22\nWCAG 2.1 4.4.4\nEuropean Accessibility Act",
    )])[0]
    migration.load_catalogue(apps, None)
    assert sorted(c.entry.label for c in Citation.objects.filter(requirement=requirement)) == [
        "GDPR art. 22", "WCAG 2.1 nivå AA"]
    requirement.refresh_from_db()
    assert "WCAG 2.1 4.4.4" in requirement.references  # kept, as text


def test_wcag_coverage_directly_through_en_and_through_a_level(procurement, make_requirement, member):
    direct = make_requirement(title="Kontrast", references="WCAG 2.1 1.4.3")
    through_en = make_requirement(title="Tangentbord", references="EN 301 549 9.2.1.1")
    level_a = make_requirement(title="Nivå A", references="WCAG 2.1 nivå A")
    withdrawn = make_requirement(title="Återkallat", references="WCAG 2.1 1.4.4")
    from requirements_app.drafting import requirements as drafting

    drafting.change_status(member, withdrawn, Requirement.Status.WITHDRAWN, "Bort")
    criteria = {c.entry.number: c for c in coverage.wcag(procurement, "2.1")}
    assert criteria["1.4.3"].direct == [direct] and criteria["1.4.3"].via_level == []
    assert criteria["2.1.1"].direct == [through_en] and criteria["2.1.1"].via_level == [level_a]
    assert criteria["1.1.1"].via_level == [level_a]
    assert not criteria["1.4.4"].covered  # AA, and its only requirement is withdrawn
    assert sum(c.covered for c in criteria.values()) == 31  # the 30 level-A criteria (4.1.1 included) and 1.4.3
    criteria_22 = {c.entry.number: c for c in coverage.wcag(procurement, "2.2")}
    # A 2.1 citation counts for the criteria 2.2 kept, not for those 2.2 added.
    assert criteria_22["1.4.3"].direct == [direct] and criteria_22["1.1.1"].via_level == [level_a]
    assert not criteria_22["3.2.6"].covered


def test_the_standards_page(client, expert, make_requirement, django_assert_max_num_queries):
    make_requirement(title="Kontrast", references="WCAG 2.1 1.4.3\nBarnkonventionen art. 12")
    login(client, expert)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("standards", args=[expert.procurement_id]))
    page = response.content.decode()
    assert "1 av 50 framgångskriterier täcks" in page
    assert "LADD-01" in page and "1 artikel av 54 hänvisas till" in page
    response = client.get(reverse("standards", args=[expert.procurement_id]), {"wcag": "2.2"})
    assert "1 av 55 framgångskriterier täcks" in response.content.decode()


def test_the_standards_page_reads_the_same_queries_for_many_citing_requirements(
        client, expert, make_requirement, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("standards", args=[expert.procurement_id])).status_code == 200
        return len(captured)

    login(client, expert)
    make_requirement(title="Nivå AA", references="WCAG 2.1 nivå AA")
    few = queries()
    for n in range(25):
        make_requirement(title=f"Nivå AA {n}", references="WCAG 2.1 nivå AA\nEN 301 549 9.1.4.3")
    assert queries() == few
    criteria = {c.entry.number: c for c in coverage.wcag(expert.procurement, "2.1")}
    assert len(criteria["1.4.3"].via_level) == 26 and len(criteria["1.4.3"].direct) == 25


def test_coverage_counts_what_is_bought_and_tells_approved_from_drafts(client, expert, make_requirement, approve):
    make_requirement(title="Erfarenhet", kind="qualification", references="WCAG 2.1 nivå AA",
                     statement="Leverantören ska ha levererat en webbplats som uppfyller WCAG 2.1 nivå AA.")
    make_requirement(title="Uppföljning", kind="contract_condition", references="WCAG 2.1 nivå AA",
                     follow_up="Granskning före lansering.", statement="Leverantören ska åtgärda brister.")
    criteria = coverage.wcag(expert.procurement, "2.1")
    assert not any(c.covered for c in criteria)  # neither makes the site meet a criterion
    approve(make_requirement(title="Kontrast", references="WCAG 2.1 1.4.3"))
    make_requirement(title="Tangentbord", references="WCAG 2.1 2.1.1")
    login(client, expert)
    url = reverse("standards", args=[expert.procurement_id])
    page = client.get(url).content.decode()
    assert "2 av 50 framgångskriterier täcks." in page and "1 av dem av ett beslutat krav" in page
    gaps = client.get(url, {"luckor": "1"}).context["criteria"]
    assert len(gaps) == 48 and not any(c.entry.number in ("1.4.3", "2.1.1") for c in gaps)


@pytest.mark.django_db
def test_a_draft_from_a_wcag_22_gap_is_swedish_and_asks_for_proof_of_that_criterion():
    entry = CatalogueEntry.objects.get(source=Source.WCAG22, number="2.5.8")
    draft = catalogue.draft(entry)
    assert draft["title"] == "Storlek på klickytor (minimum) (WCAG 2.2 2.5.8)"
    assert "inofficiell översättning" in draft["statement"] and "EN 301 549" not in draft["references"]
    assert "mot WCAG 2.2" in draft["verifikat"] and "räcker inte" in draft["verifikat"]
    aaa = catalogue.draft(CatalogueEntry.objects.get(source=Source.WCAG21, number="1.4.6"))
    assert "EN 301 549" not in aaa["statement"] + aaa["references"]  # no clause 9.1.4.6 exists
    catalogue.check_references(aaa["references"])


def test_a_draft_from_a_criterion(client, member, area, insight):
    till = area.procurement.areas.create(code="TILL", name="Tillgänglighet", order=1)
    entry = CatalogueEntry.objects.get(source=Source.WCAG21, number="1.4.3")
    login(client, member)
    response = client.get(reverse("requirement_create", args=[member.procurement_id]), {"catalogue": entry.pk})
    form = response.context["form"]
    assert form.initial["area"] == till and form.initial["kind"] == "mandatory"
    assert form.initial["statement"] == (
        "Webbplatsen ska uppfylla framgångskriterium 1.4.3 (Contrast (Minimum)) på nivå AA i WCAG 2.1 "
        "enligt EN 301 549 V3.2.1 avsnitt 9.1.4.3, eller likvärdigt.")
    assert form.initial["title"] == "Framgångskriterium 1.4.3 i WCAG 2.1"
    assert form.initial["references"] == "EN 301 549 9.1.4.3\nWCAG 2.1 1.4.3"
    assert form.initial["verifikat"].startswith("En granskningsrapport enligt EN 301 549")
    response = client.get(reverse("requirement_create", args=[member.procurement_id]), {"catalogue": "abc"})
    assert response.status_code == 200 and "statement" not in response.context["form"].initial


@pytest.mark.django_db
def test_a_draft_from_a_level():
    level = CatalogueEntry.objects.get(source=Source.WCAG21, kind=Kind.LEVEL, number="AA")
    draft = catalogue.draft(level)
    assert draft["statement"] == ("Webbplatsen ska uppfylla samtliga framgångskriterier på nivå A och AA i WCAG 2.1 "
                                  "enligt EN 301 549 V3.2.1 kapitel 9, eller likvärdigt.")
    assert labels(draft["references"]) == ["EN 301 549 kap. 9", "WCAG 2.1 nivå AA"]


def test_the_response_form_asks_criterion_by_criterion_for_a_cited_level(coordinator, make_requirement, approve):
    approve(make_requirement(title="WCAG", references="WCAG 2.1 nivå AA"))
    approve(make_requirement(title="Kontrast", references="WCAG 2.1 1.4.3"))
    approve(make_requirement(title="Granskning", references="WCAG 2.1 nivå AA", statement="Webbplatsen ska granskas."))
    approve(make_requirement(title="Erfarenhet", kind="qualification", references="WCAG 2.1 nivå AA",
                             statement="Leverantören ska ha levererat en webbplats som uppfyller WCAG 2.1 nivå AA."))
    edition = freeze_edition(coordinator, "Utgåva 1.0", datetime.date(2026, 11, 29))
    book = load_workbook(io.BytesIO(render_response_form(edition_data(edition))))
    sheet = book["Tillgänglighet (WCAG)"]
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    # One row a criterion, for the ska-krav that require it; the kvalificeringskrav is about the supplier.
    assert len(rows) == 50 and rows[0][:4] == ("LADD-01, LADD-03", "2.1 1.1.1", "A", "Non-text Content")
    assert rows[-1][1:4] == ("2.1 4.1.3", "AA", "Status Messages")
    assert any(row[3].startswith("Parsing (Rättelse från W3C 2023") for row in rows)
    assert "”Stöds delvis” och ”Stöds inte” betyder att ska-kravet inte är uppfyllt" in sheet["D2"].value
    assert sheet.data_validations.dataValidation[0].formula1 == '"Stöds,Stöds delvis,Stöds inte,Ej tillämpligt"'
    assert not sheet["E4"].protection.locked and sheet["D4"].protection.locked
