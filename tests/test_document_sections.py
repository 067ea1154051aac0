"""The tender document's own sections (versioned, frozen with the edition) and
definitions, with role words and binding area introductions flagged."""

import datetime

import pytest
from django.urls import reverse

from requirements_app.documents.editions import edition_data, freeze_edition
from requirements_app.drafting import sections
from requirements_app.models import Definition, DocumentSection
from requirements_app.versions import requirement_versions
from requirements_app.writes import EditConflict

from .conftest import login


def test_a_section_is_versioned_and_refuses_a_stale_save(client, member, second_member, procurement):
    login(client, member)
    url = reverse("section_edit", args=[procurement.pk, "scope"])
    client.post(url, {"text": "Webbplats, drift och förvaltning.\r\n", "comment": "Första", "version": 0})
    section = DocumentSection.objects.get(kind="scope")
    assert (section.text, section.version_no) == ("Webbplats, drift och förvaltning.", 1)
    assert requirement_versions(section).count() == 1
    with pytest.raises(EditConflict):
        sections.save_section(second_member, "scope", 0, "Annan text", "Sent")
    response = client.post(url, {"text": "Äldre text", "comment": "Sent", "version": 0})
    assert "medan du redigerade" in response.content.decode().lower()
    assert DocumentSection.objects.get(kind="scope").text == "Webbplats, drift och förvaltning."


def test_an_expert_cannot_edit_a_section(client, expert, procurement):
    login(client, expert)
    url = reverse("section_edit", args=[procurement.pk, "scope"])
    assert client.post(url, {"text": "x", "comment": "x", "version": 0}).status_code == 403


def test_definitions_allow_one_term_per_role(client, member, procurement):
    login(client, member)
    url = reverse("definition_create", args=[procurement.pk])
    client.post(url, {"term": "Leverantören", "meaning": "Den som tilldelas kontraktet.", "role": "supplier"})
    response = client.post(url, {"term": "Anbudsgivaren", "meaning": "Den som lämnar anbud.", "role": "supplier"})
    assert "role" in response.context["form"].errors
    response = client.post(url, {"term": "leverantören", "meaning": "x", "role": "other"})
    assert "term" in response.context["form"].errors
    assert Definition.objects.count() == 1


def test_role_words_other_than_the_defined_terms_are_flagged(procurement, make_requirement, area):
    Definition.objects.create(procurement=procurement, term="Leverantören", meaning="…", role="supplier")
    Definition.objects.create(procurement=procurement, term="Beställaren", meaning="…", role="authority")
    make_requirement(statement="Anbudsgivaren ska visa att kunden kan logga in. Leverantören kunde inte.")
    area.description = "Här ska webbplatsen vara tillgänglig."
    area.save()
    findings = sections.document_findings(procurement, procurement.areas.first().requirements.all())
    messages = " ".join(message for _where, message in findings)
    assert "”Anbudsgivaren”: definitionerna säger ”Leverantören”" in messages
    assert "”kunden”: definitionerna säger ”Beställaren”" in messages
    assert "kunde" not in messages.replace("kunden", "")  # "kunde" (could) is not "kund"
    assert "Leverantören”:" not in messages
    assert "Introduktionen använder ”ska”" in messages


def test_sections_and_definitions_are_frozen_with_the_edition(coordinator, member, make_requirement, approve):
    sections.save_section(member, "background", 0, "Götabiblioteken samarbetar sedan 2010.", "Första")
    Definition.objects.create(procurement=coordinator.procurement, term="Leverantören", meaning="…", role="supplier")
    approve(make_requirement())
    edition = freeze_edition(coordinator, "Utgåva 1.0", datetime.date(2026, 11, 29))
    sections.save_section(member, "background", 1, "Ändrad efter frysning.", "Sent")
    context = edition_data(edition).context
    background = next(s for s in context["sections"] if s["kind"] == "background")
    assert background["text"] == "Götabiblioteken samarbetar sedan 2010."
    assert context["definitions"] == [{"term": "Leverantören", "meaning": "…", "role": "supplier"}]


def test_the_document_page_lists_sections_definitions_and_findings(client, expert, procurement,
                                                                    django_assert_max_num_queries):
    login(client, expert)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("document", args=[procurement.pk]))
    html = response.content.decode()
    assert "Upphandlande myndigheter" in html and "Anvisningar för anbudets utformning" in html


def test_qualification_requirements_stand_in_one_list_without_area_headings(coordinator, make_requirement,
                                                                             approve):
    import datetime

    from requirements_app.documents.editions import edition_data, freeze_edition
    from requirements_app.documents.tender_html import render_tender_html

    approve(make_requirement(kind="qualification", title="Ekonomisk stabilitet", insights=[], basis_kind="policy",
                             basis="Riktlinjer för upphandling, avsnitt 4.2.",
                             statement="Anbudsgivaren ska ha en årsomsättning på minst 2 miljoner kronor.",
                             verification="attach", verifikat="Årsredovisning."))
    edition = freeze_edition(coordinator, "Utgåva 1.0", datetime.date(2026, 12, 1))
    html = render_tender_html(edition_data(edition)).decode()
    chapter = html.split('id="qualification-title"')[1].split("</section>")[0]
    assert '<h3 id="LADD-01-title">LADD-01 Ekonomisk stabilitet</h3>' in chapter
    assert "Ladda upp/ladda ner" not in chapter and "<h4" not in chapter
    import re

    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))  # the section Kvalificering and the chapter of kvalificeringskrav apart
