"""A correction (rättelse): a publication edition after an earlier one. It
lists every change for suppliers ("Ändringar sedan Utgåva 1.0"), rates each
change, needs a decided deadline extension (or a restart) when a change is
significant, and carries the change notice's eForms fields."""

import datetime
import json

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from requirements_app.documents.editions import edition_data, freeze_edition
from requirements_app.documents.record_pdf import render_record_pdf
from requirements_app.documents.tender_html import render_tender_html
from requirements_app.documents.tender_pdf import render_tender_pdf
from requirements_app.drafting import sections
from requirements_app.models import Edition
from requirements_app.tender_period import questions

from .conftest import ADOPTED, edit, login
from .test_public_internal_border import html_text, pdf_text
from .test_tender_period import at, published  # noqa: F401  (published is a fixture)

NOTICE = {"reason_code": "cor-buy", "description": "Omfattningen förtydligad.", "previous_notice": "2025-123456-01"}
DAY = datetime.date(2025, 3, 20)


def correct(coordinator, **given):
    with time_machine.travel(at(DAY), tick=False):
        return freeze_edition(coordinator, "Utgåva 1.1", DAY, kind=Edition.Kind.PUBLICATION,
                              correction={**NOTICE, **given}, adopted=ADOPTED)


def test_a_minor_correction_lists_its_change_for_suppliers(published, coordinator):  # noqa: F811
    sections.save_section(coordinator, "scope", 1, "Text som gruppen skrivit, nu förtydligad.", "Förtydligande")
    edition = correct(coordinator)
    assert edition.context["correction"]["significant"] is False
    for render, extract in ((render_tender_pdf, pdf_text), (render_tender_html, html_text)):
        text = extract(render(edition_data(edition)))
        assert "Ändringar sedan Utgåva 1.0" in text
        assert "Text som gruppen skrivit, nu förtydligad." in text
        assert "mindre" not in text  # the rating is the record's
    record = pdf_text(render_record_pdf(edition_data(edition)))
    assert "(mindre)" in record and "Alla ändringar är mindre: sista anbudsdag står kvar." in record
    assert "BT-140: cor-buy" in record


def test_a_correction_needs_its_change_notice_fields(published, coordinator):  # noqa: F811
    with pytest.raises(ValidationError) as refused:
        correct(coordinator, reason_code="", description="", previous_notice="")
    assert [m.split("(")[1][:6] for m in refused.value.messages] == ["BT-140", "BT-141", "BT-758"]
    assert Edition.objects.count() == 1


def test_a_significant_change_needs_a_decided_extension(published, coordinator, member, approve):  # noqa: F811
    edit(member, published, statement="Webbplatsen ska låta låntagare låna e-böcker i webbläsaren och i appen.")
    approve(published)
    with pytest.raises(ValidationError, match="väsentliga"):
        correct(coordinator)
    with pytest.raises(ValidationError, match="ingen förlängning"):
        correct(coordinator, decision="extended")
    with pytest.raises(ValidationError, match="varför upphandlingen görs om"):
        correct(coordinator, decision="restart")
    with time_machine.travel(at(DAY), tick=False):
        questions.extend_deadline(coordinator, at(datetime.date(2025, 4, 22), 12), "Kravet LADD-01 ändrat; beslut "
                                  "av samordnaren enligt delegation 2025-01-10.")
    edition = correct(coordinator, decision="extended")
    correction = edition.context["correction"]
    assert correction["significant"] and correction["extension"]["to"] == "2025-04-22 12:00"
    html = html_text(render_tender_html(edition_data(edition)))
    assert "i webbläsaren och i appen" in html and "2025-04-22 12:00" in html
    record = pdf_text(render_record_pdf(edition_data(edition)))
    assert "(väsentlig)" in record and "Sista anbudsdag förlängdes till 2025-04-22 12:00" in record


def test_a_changed_value_alone_is_a_significant_change(published, coordinator, make_requirement, approve):  # noqa: F811
    criterion = approve(make_requirement(title="Boktips", kind="evaluated", weight=150_000,
                                         statement="Webbplatsen bör visa boktips som bibliotekarierna skrivit."))
    first = correct(coordinator, decision="restart", decision_note="Ett nytt kriterium: upphandlingen görs om.")
    assert first.context["correction"]["significant"]
    edit(coordinator, criterion, weight=120_000)
    approve(criterion)
    with time_machine.travel(at(DAY), tick=False):
        with pytest.raises(ValidationError, match="väsentliga"):
            freeze_edition(coordinator, "Utgåva 1.2", DAY, kind=Edition.Kind.PUBLICATION, correction=NOTICE,
                           adopted=ADOPTED)
        changes = Edition.objects.latest_publication(coordinator.procurement)
    assert changes == first


def test_the_change_notice_is_downloaded_as_eforms_json(client, published, coordinator, outsider):  # noqa: F811
    sections.save_section(coordinator, "scope", 1, "Förtydligad omfattning.", "Förtydligande")
    edition = correct(coordinator)
    login(client, coordinator)
    data = json.loads(client.get(reverse("edition_eforms", args=[edition.pk])).content)
    assert data["BT-140-notice"] == "cor-buy" and data["BT-758-notice"] == "2025-123456-01"
    assert data["BT-718-notice"] is True and data["BT-719-notice"] == "2025-03-20"
    assert data["corrects"] == "Utgåva 1.0" and data["changes"][0]["after"] == "Förtydligad omfattning."
    first = Edition.objects.get(label="Utgåva 1.0")
    assert client.get(reverse("edition_eforms", args=[first.pk])).status_code == 404
    login(client, outsider)
    assert client.get(reverse("edition_eforms", args=[edition.pk])).status_code == 404


def test_the_freeze_page_shows_the_rated_changes_before_freezing(client, published, coordinator, member,  # noqa: F811
                                                                  approve):
    edit(member, published, title="Låna e-böcker i webbläsaren")
    approve(published)
    login(client, coordinator)
    page = client.get(reverse("edition_freeze", args=[coordinator.procurement_id])).content.decode()
    assert "För publicering rättar den här utgåvan Utgåva 1.0" in page
    assert "LADD-01 Låna e-böcker i webbläsaren: Rubrik" in page and "<strong>väsentlig</strong>" in page
