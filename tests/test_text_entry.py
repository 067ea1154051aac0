"""Text enters in one normalised form, through every way in, and only with
characters that spreadsheets, XML and the PDF can hold."""

import io

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from openpyxl import load_workbook

from requirements_app.importing.spreadsheets import export_requirements, import_requirements, read_dataset
from requirements_app.models import Area, Requirement
from requirements_app.text import normalise

from .conftest import login


def test_normalise_line_breaks_trailing_space_and_nfc():
    assert normalise("Rad ett  \r\nrad två\t\rrad tre\u2028slut  ") == "Rad ett\nrad två\nrad tre\nslut"
    assert normalise("e\u0301-bok") == "\u00e9-bok"
    assert normalise("  Titel\n på\r\n\n två rader ", one_line=True) == "Titel på två rader"
    assert normalise(None) is None


@pytest.mark.parametrize("control", ["\u202e", "\u2066", "\u2069", "\u200f", "\u200e", "\u061c", "\u202a"])
def test_bidi_controls_are_stripped_so_html_and_pdf_show_the_same_order(control):
    assert normalise(f"Leverantören ska {control}gdel{control} leverera") == "Leverantören ska gdel leverera"


def _form_data(requirement, **changes):
    data = {
        "title": requirement.title, "statement": requirement.statement, "rationale": requirement.rationale,
        "kind": requirement.kind, "verification": requirement.verification, "references": requirement.references,
        "insights": [i.pk for i in requirement.insights.all()], "comment": "Ändrat", "version": requirement.version_no,
    }
    data.update(changes)
    return data


def test_a_title_with_many_line_breaks_is_stored_on_one_line(client, member, requirement):
    login(client, member)
    title = "Rubrik" + "\r\n" * 60 + "fortsätter"
    client.post(reverse("requirement_edit", args=[requirement.pk]), _form_data(requirement, title=title))
    requirement.refresh_from_db()
    assert requirement.title == "Rubrik fortsätter"


@pytest.mark.parametrize("typed, stored", [
    ("Första stycket.  \r\n\r\nAndra stycket.", "Första stycket.\n\nAndra stycket."),  # CRLF from the browser
    ("Webbplatsen ska \u202evisa\u202c kontakt.", "Webbplatsen ska visa kontakt."),  # a bidi override
])
def test_text_from_the_browser_is_stored_normalised(client, member, requirement, typed, stored):
    login(client, member)
    client.post(reverse("requirement_edit", args=[requirement.pk]), _form_data(requirement, statement=typed))
    requirement.refresh_from_db()
    assert requirement.statement == stored


@pytest.mark.parametrize("character", ["\ufffe", "\uffff", "\x80", "\x9f", "\x00", "\x1b", "\U0001ffff"])
def test_xml_invalid_characters_are_refused_at_the_model(requirement, character):
    requirement.statement = f"Webbplatsen ska{character} fungera."
    with pytest.raises(ValidationError) as error:
        requirement.full_clean(exclude=["area", "author"])
    assert "statement" in error.value.message_dict


@pytest.mark.parametrize("character", ["\ufffe", "\x90", "\uffff"])
def test_xml_invalid_characters_are_a_field_error_in_the_form(client, member, requirement, character):
    login(client, member)
    response = client.post(reverse("requirement_edit", args=[requirement.pk]),
                           _form_data(requirement, rationale=f"Motiv{character}"))
    assert response.status_code == 200
    assert "ogiltigt tecken" in str(response.context["form"].errors["rationale"])


def test_xml_invalid_characters_are_refused_by_the_import(member, area, insight):
    content = ("Kravnummer;Kravområde;Rubrik;Kravtext;Typ;Verifiering;Insikter\n"
               f";LADD;Rubrik;Webbplatsen ska \ufffe fungera.;Ska-krav;Bekräfta;{insight.key}\n").encode()
    report = import_requirements(member, read_dataset("krav.csv", content), "krav.csv", dry_run=False)
    assert not report.ok and "ogiltigt tecken" in " ".join(report.invalid[0][1])
    assert not Requirement.objects.exists()


def test_the_import_normalises_titles_and_line_breaks(member, area, insight):
    content = ("Kravnummer;Kravområde;Rubrik;Kravtext;Typ;Verifiering;Insikter\n"
               f';LADD;"Rubrik\r\n\r\nmed radbrytningar";"Rad ett  \r\nrad två";Ska-krav;Bekräfta;{insight.key}\n').encode()
    report = import_requirements(member, read_dataset("krav.csv", content), "krav.csv", dry_run=False)
    assert report.ok, report.invalid
    requirement = Requirement.objects.get()
    assert (requirement.title, requirement.statement) == ("Rubrik med radbrytningar", "Rad ett\nrad två")


def test_the_admin_normalises_and_refuses_like_the_form(coordinator, area):
    coordinator.user.is_staff = coordinator.user.is_superuser = True
    coordinator.user.save()
    request = RequestFactory().post("/")
    request.user = coordinator.user
    form_class = site._registry[Area].get_form(request, obj=area)
    form = form_class({"name": "Ladda\r\nupp", "description": "Text  \r\n", "order": 1}, instance=area)
    assert form.is_valid(), form.errors
    form.save()
    area.refresh_from_db()
    assert (area.name, area.description) == ("Ladda upp", "Text")
    form = form_class({"name": "Namn\uffff", "order": 1}, instance=area)
    assert not form.is_valid() and "name" in form.errors


def test_exported_xlsx_with_every_allowed_character_opens(member, make_requirement):
    text = normalise("".join(chr(c) for c in range(0x21, 0x2000) if not 0x7F <= c <= 0x9F)[:5000])
    requirement = make_requirement(statement=text)
    content = export_requirements(member, Requirement.objects.filter(pk=requirement.pk).for_list(), "xlsx")
    assert load_workbook(io.BytesIO(content)).active["D2"].value == text
