"""The procurement's terms and parties: the coordinator states them (versioned,
never over a save they did not see), the publication check names each one that
is missing, and the documents state them: the tender document what suppliers
need, the beslutsunderlag the rest."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from requirements_app.documents import publication
from requirements_app.documents.editions import edition_data, freeze_edition
from requirements_app.documents.record_pdf import render_record_pdf
from requirements_app.documents.tender_html import render_tender_html
from requirements_app.documents.tender_pdf import render_tender_pdf
from requirements_app.kravgranskning import findings
from requirements_app.models import ContractingAuthority, Procurement

from .conftest import complete_terms, login
from .test_public_internal_border import html_text, pdf_text


def terms_codes(procurement):
    procurement.refresh_from_db()
    return [check.code for check in publication.terms_checks(procurement)]


def form_data(procurement, **changes):
    data = {
        "joint_model": "each_party", "joint_basis": "", "procedure": "open", "estimated_value": "6000000",
        "value_includes": "Utveckling och fyra års drift.", "procurement_threshold": "2000000",
        "procurement_threshold_source": "Testkällan", "procurement_threshold_date": "2026-01-01",
        "questions_deadline": "2027-03-25", "tender_deadline": "2027-04-08T23:59", "tender_valid_until": "2027-09-30",
        "tender_language": "sv", "esystem": "Testsystemet", "version": procurement.terms_version,
        "market_analysis": "Fem leverantörer svarade på vår RFI.",
        "comment": "Villkoren enligt styrgruppens beslut",
    }
    data.update(changes)
    return data


def test_coordinator_states_the_terms_as_a_new_version(client, coordinator, procurement):
    login(client, coordinator)
    response = client.post(reverse("procurement_terms", args=[procurement.pk]), form_data(procurement))
    assert response.status_code == 302
    procurement.refresh_from_db()
    assert procurement.procedure == "open" and procurement.terms_version == 1
    assert timezone.localtime(procurement.tender_deadline).strftime("%Y-%m-%d %H:%M") == "2027-04-08 23:59"
    version = Version.objects.get_for_object(procurement).first()
    assert version.revision.comment == "Villkoren enligt styrgruppens beslut"
    assert version.field_dict["esystem"] == "Testsystemet"


def test_a_save_over_terms_someone_else_saved_is_refused_and_loses_nothing(client, coordinator, procurement):
    complete_terms(coordinator, parties=[])
    login(client, coordinator)
    response = client.post(reverse("procurement_terms", args=[procurement.pk]),
                           form_data(procurement, version=0, esystem="Ett annat system"), follow=True)
    assert "Någon sparade villkoren efter att du öppnade dem" in response.content.decode()
    procurement.refresh_from_db()
    assert procurement.esystem == "Testsystemet" and procurement.terms_version == 1


def test_questions_after_the_tender_deadline_are_refused_with_a_message(client, coordinator, procurement):
    login(client, coordinator)
    response = client.post(reverse("procurement_terms", args=[procurement.pk]),
                           form_data(procurement, questions_deadline="2027-04-09"))
    assert response.status_code == 200
    assert "Sista dag för frågor måste komma före sista anbudsdag." in response.content.decode()
    procurement.refresh_from_db()
    assert procurement.terms_version == 0


def test_working_group_reads_the_terms_but_cannot_change_them(client, member, procurement):
    login(client, member)
    page = client.get(reverse("procurement_terms", args=[procurement.pk]))
    assert page.status_code == 200 and "<form" not in page.content.decode().split("<main")[1]
    assert client.post(reverse("procurement_terms", args=[procurement.pk]), form_data(procurement)).status_code == 403
    assert client.get(reverse("authority_create", args=[procurement.pk])).status_code == 403


def test_an_organisationsnummer_with_a_wrong_check_digit_is_refused(client, coordinator, procurement):
    login(client, coordinator)
    response = client.post(reverse("authority_create", args=[procurement.pk]),
                           {"legal_name": "Exempelstads kommun", "organisation_number": "212000-0002", "order": 0})
    assert "är inget organisationsnummer" in response.content.decode()
    assert not ContractingAuthority.objects.exists()


def test_only_one_authority_runs_the_procurement(client, coordinator, procurement):
    complete_terms(coordinator)
    ContractingAuthority.objects.filter(legal_name="Exempelstads kommun").update(lead=True)
    login(client, coordinator)
    other = ContractingAuthority.objects.get(legal_name="Provby kommun")
    response = client.post(reverse("authority_edit", args=[procurement.pk, other.pk]),
                           {"legal_name": other.legal_name, "organisation_number": other.organisation_number,
                            "lead": "on", "order": 1})
    assert "En annan myndighet genomför redan upphandlingen." in response.content.decode()
    other.refresh_from_db()
    assert not other.lead


def test_removing_an_authority_keeps_it_in_the_history(client, coordinator, procurement):
    complete_terms(coordinator)
    party = ContractingAuthority.objects.get(legal_name="Provby kommun")
    login(client, coordinator)
    client.post(reverse("authority_delete", args=[procurement.pk, party.pk]))
    assert not ContractingAuthority.objects.filter(pk=party.pk).exists()
    assert Version.objects.get_deleted(ContractingAuthority).get().field_dict["organisation_number"] == "212000-0019"


@pytest.mark.parametrize("code, break_it, fix_it", [
    ("NO_PARTY", lambda c: ContractingAuthority.objects.all().delete(),
     lambda c: complete_terms(c, parties=[("Exempelstads kommun", "212000-0001")], joint_model="single")),
    ("PARTY_NUMBER", lambda c: ContractingAuthority.objects.filter(legal_name="Provby kommun").update(
        organisation_number=""),
     lambda c: ContractingAuthority.objects.filter(legal_name="Provby kommun").update(organisation_number="212000-0019")),
    ("JOINT_MODEL", lambda c: Procurement.objects.update(joint_model="single"),
     lambda c: Procurement.objects.update(joint_model="each_party")),
    ("JOINT_BASIS", lambda c: Procurement.objects.update(joint_model="on_behalf"),
     lambda c: (ContractingAuthority.objects.filter(legal_name="Provby kommun").update(lead=True),
                Procurement.objects.update(joint_basis="Fullmakt från Exempelstads kommun, 2026-10-01"))),
    ("NO_JOINT_MODEL", lambda c: Procurement.objects.update(joint_model=""),
     lambda c: Procurement.objects.update(joint_model="each_party")),
    ("NO_PROCEDURE", lambda c: Procurement.objects.update(procedure=""),
     lambda c: Procurement.objects.update(procedure="open")),
    ("PROCEDURE_BELOW_ONLY", lambda c: Procurement.objects.update(procedure="simplified"),
     lambda c: Procurement.objects.update(procedure="open")),
    ("NO_VALUE", lambda c: Procurement.objects.update(estimated_value=None),
     lambda c: Procurement.objects.update(estimated_value=6_000_000)),
    ("NO_THRESHOLD", lambda c: Procurement.objects.update(procurement_threshold_source=""),
     lambda c: Procurement.objects.update(procurement_threshold_source="Testkällan")),
    ("NO_DATE", lambda c: Procurement.objects.update(tender_valid_until=None),
     lambda c: Procurement.objects.update(tender_valid_until=datetime.date(2027, 9, 30))),
    ("NO_MARKET_ANALYSIS", lambda c: Procurement.objects.update(market_analysis=""),
     lambda c: Procurement.objects.update(market_analysis="Fem leverantörer svarade på vår RFI.")),
    ("NO_ESYSTEM", lambda c: Procurement.objects.update(esystem=""),
     lambda c: Procurement.objects.update(esystem="Testsystemet")),
])
def test_each_missing_term_is_refused_until_it_is_fixed(coordinator, procurement, code, break_it, fix_it):
    complete_terms(coordinator)
    assert terms_codes(procurement) == []
    break_it(coordinator)
    assert code in terms_codes(procurement)
    fix_it(coordinator)
    assert terms_codes(procurement) == []


def test_no_check_link_leads_nowhere(client, coordinator, procurement):
    login(client, coordinator)
    for check in publication.terms_checks(procurement):
        assert client.get(check.link).status_code == 200


@pytest.fixture
def edition(coordinator, make_requirement, approve):
    approve(make_requirement(verifikat="Anbudsgivaren bekräftar kravet."))
    complete_terms(coordinator)
    return freeze_edition(coordinator, "Utgåva 1.0", datetime.date(2027, 3, 1))


@pytest.mark.parametrize("render, extract", [(render_tender_pdf, pdf_text), (render_tender_html, html_text)])
def test_the_tender_document_states_parties_procedure_dates_and_secrecy(edition, render, extract):
    text = extract(render(edition_data(edition)))
    for said in ["Exempelstads kommun, organisationsnummer 212000-0001", "Provby kommun, organisationsnummer 212000-0019",
                 "Var och en av dem är part i avtalet", "Öppet förfarande enligt lagen (2016:1145)",
                 "överstiger tröskelvärdet", "Sista dag för frågor", "2027-03-25",
                 "Anbudet ska ha kommit in senast 2027-04-08 kl. 23.59.",
                 "giltigt till och med 2027-09-30", "skrivet på svenska", "genom Testsystemet",
                 "19 kap. 3 §", "31 kap. 16 §"]:
        assert said in text, said
    # What rests behind the terms stays internal.
    for internal in ["Kim Kontakt", "kim@example.org", "Testkällan", "6 000 000", "Utveckling, fyra års drift",
                     "RFI"]:
        assert internal not in text, internal


def test_the_decision_record_holds_contacts_value_and_the_thresholds_source(edition):
    text = pdf_text(render_record_pdf(edition_data(edition)))
    for said in ["Kim Kontakt", "kim@example.org", "6\u00a0000\u00a0000\u00a0kr (Utveckling, fyra års drift",
                 "Fem leverantörer av bibliotekswebbar svarade på vår RFI.",
                 "Testkällan för tröskelvärden, 2026-01-01: över tröskelvärdet"]:
        assert said.replace("\u00a0", " ") in text.replace("\u00a0", " "), said


def test_an_edition_frozen_before_terms_shows_none(edition):
    del edition.context["terms"], edition.context["parties"]
    assert "Sekretess för anbud" not in render_tender_html(edition_data(edition)).decode()


def test_a_changed_estimated_value_checks_the_turnover_demands_again(coordinator, make_requirement):
    requirement = make_requirement(kind="qualification",
                                   statement="Anbudsgivaren ska ha en årsomsättning på minst 20 miljoner kronor.")
    assert "TURNOVER" not in [f.code for f in findings.report_for(requirement).findings]
    complete_terms(coordinator, parties=[], estimated_value=5_000_000)
    assert "TURNOVER" in [f.code for f in findings.report_for(requirement).findings]
