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
