"""axe-core on the pages the journey does not pass through, errors included."""

import pytest

from .conftest import check_a11y, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "Kravnummer;Kravområde;Rubrik;Kravtext;Motivering;Typ;Vikt;Verifiering;Status;Insikter;Referenser;Version"


def test_login_page_with_and_without_an_error(new_page, member):
    page = new_page()
    page.goto("/konto/login/")
    check_a11y(page)
    page.get_by_label("Användarnamn").fill("anders")
    page.get_by_label("Lösenord").fill("fel")
    page.locator("main").get_by_role("button", name="Logga in").click()
    assert "Ange ett korrekt användarnamn" in page.get_by_role("alert").inner_text()
    check_a11y(page)


def test_coordinator_forms_with_errors(new_page, coordinator, area, insight, requirement):
    page = new_page()
    login(page, "karin")
    page.goto(f"/upphandling/{coordinator.procurement_id}/omraden/nytt/")
    page.get_by_label("Kod").fill("ladd")
    page.get_by_role("button", name="Spara").click()
    assert page.get_by_role("alert").is_visible()
    check_a11y(page)
    page.goto(f"/upphandling/{coordinator.procurement_id}/beslutsregel/")
    check_a11y(page)
    page.goto(f"/insikt/{insight.pk}/")
    check_a11y(page)
    page.goto(f"/krav/{requirement.pk}/historik/")
    check_a11y(page)


def test_import_preview_with_invalid_rows(new_page, member, area, tmp_path):
    page = new_page()
    login(page, "anders")
    page.goto(f"/upphandling/{member.procurement_id}/krav/import/")
    check_a11y(page)
    bad = tmp_path / "krav.csv"
    bad.write_text(HEADER + "\n;NOPE;Låna;Webbplatsen ska …;;ska-krav;;bekräfta;;;;\n", encoding="utf-8")
    page.get_by_label("Kalkylblad").set_input_files(str(bad))
    page.get_by_role("button", name="Visa vad importen skulle göra").click()
    assert "Okänt kravområde" in page.locator("main").inner_text()
    check_a11y(page)


def test_refused_and_missing_pages(new_page, expert, requirement):
    page = new_page()
    login(page, "sara")
    assert page.goto(f"/krav/{requirement.pk}/redigera/").status == 403
    check_a11y(page)
    assert page.goto("/krav/999999/").status == 404
    check_a11y(page)


def test_the_tender_documents_html_twin_and_the_document_pages(new_page, coordinator, member, make_requirement, approve):
    import datetime

    from requirements_app import sections
    from requirements_app.editions import edition_data, freeze_edition
    from requirements_app.models import Definition
    from requirements_app.tender_html import render_tender_html

    sections.save_section(member, "scope", 0, "Webbplats, drift och förvaltning i fyra år.\n\nMed option på två år.", "x")
    Definition.objects.create(procurement=coordinator.procurement, term="Leverantören", meaning="…", role="supplier")
    from tests.conftest import complete_terms

    complete_terms(coordinator)  # the parties, the procedure and the dates, as lists and a definition list
    approve(make_requirement(verifikat="Demonstration i testmiljö."))
    approve(make_requirement(title="Egna listor", kind="evaluated", weight=10))
    approve(make_requirement(title="Tester före driftstart", kind="contract_condition",
                             follow_up="Beställaren granskar testrapporten."))
    edition = freeze_edition(coordinator, "Utgåva 1.0", datetime.date(2026, 11, 29))
    page = new_page()
    page.set_content(render_tender_html(edition_data(edition)).decode())
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.locator("#LADD-03").is_visible()
    check_a11y(page)
    login(page, "karin")
    page.goto(f"/upphandling/{coordinator.procurement_id}/dokument/")
    check_a11y(page)
    page.goto(f"/upphandling/{coordinator.procurement_id}/dokument/scope/")
    check_a11y(page)
    page.goto(f"/upphandling/{coordinator.procurement_id}/definitioner/ny/")
    check_a11y(page)


def test_terms_and_parties_pages_with_errors_and_read_only(new_page, coordinator, member):
    from tests.conftest import complete_terms

    complete_terms(coordinator, parties=[("Exempelstads kommun", "212000-0001")], joint_model="single")
    procurement = coordinator.procurement_id
    page = new_page()
    login(page, "karin")
    page.goto(f"/upphandling/{procurement}/villkor/")
    page.get_by_label("Sista dag för frågor").fill("2027-04-09")
    page.locator("main").get_by_role("button", name="Spara").click()
    assert "måste komma före sista anbudsdag" in page.get_by_role("alert").inner_text()
    check_a11y(page)
    page.goto(f"/upphandling/{procurement}/villkor/myndighet/ny/")
    page.get_by_label("Juridiskt namn").fill("Provby kommun")
    page.get_by_label("Organisationsnummer").fill("212000-0002")
    page.locator("main").get_by_role("button", name="Spara").click()
    assert "är inget organisationsnummer" in page.locator("main").inner_text()
    check_a11y(page)
    page.set_viewport_size({"width": 390, "height": 800})
    for path in ("villkor/", "villkor/myndighet/ny/"):
        page.goto(f"/upphandling/{procurement}/{path}")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
    page.context.clear_cookies()
    login(page, "anders")
    page.goto(f"/upphandling/{procurement}/villkor/")
    assert "Exempelstads kommun" in page.locator("main").inner_text()
    check_a11y(page)
