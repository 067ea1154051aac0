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

    from requirements_app.documents.editions import edition_data, freeze_edition
    from requirements_app.documents.tender_html import render_tender_html
    from requirements_app.drafting import sections
    from requirements_app.models import Definition

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


def test_the_tender_period_pages_and_the_published_answers(new_page, coordinator, member, second_member,
                                                          make_requirement, approve):
    """Set up in 2025 with the clock set; the pages are then read as they are today (past the deadlines)."""
    import datetime

    import time_machine

    from requirements_app.models import AnswerBatch, Edition, Question
    from requirements_app.tender_period import questions
    from tests.conftest import complete_terms
    from tests.test_tender_period import ask, at, render

    requirement = approve(make_requirement(verifikat="Anbudsgivaren bekräftar kravet."))
    complete_terms(coordinator, questions_deadline=datetime.date(2025, 3, 28),
                   tender_deadline=at(datetime.date(2025, 4, 8), 23), tender_valid_until=datetime.date(2025, 9, 30))
    # The tender period starts with a publication edition; its content does not matter here.
    Edition.objects.create(procurement=coordinator.procurement, label="Utgåva 1.0", kind="publication",
                           edition_date=datetime.date(2025, 3, 1), frozen_by=coordinator.user)
    question = ask(coordinator, requirement, "Kan vår plattform WebbCMS användas?")
    with time_machine.travel(at(datetime.date(2025, 3, 24)), tick=False):
        questions.save_answer(member, question, 0, "Ja, om kravet i övrigt uppfylls.")
        questions.approve_answer(second_member, question, 1, note="Produktnamnet är allmänt.")
        questions.publish_batch(coordinator, render)
        waiting = ask(coordinator, requirement, "Gäller kravet även appen?")
        questions.save_answer(member, waiting, 0, "Ja.")
    procurement = coordinator.procurement_id
    page = new_page()
    login(page, "karin")
    for path in (f"/upphandling/{procurement}/fragor/", f"/upphandling/{procurement}/tidplan/",
                 f"/fraga/{question.pk}/", f"/fraga/{waiting.pk}/", f"/upphandling/{procurement}/fragor/ny/",
                 f"/upphandling/{procurement}/tidplan/forlang/", f"/upphandling/{procurement}/",
                 f"/krav/{requirement.pk}/"):
        page.goto(path)
        check_a11y(page)
    page.goto(f"/upphandling/{procurement}/fragor/ny/")
    page.locator("main").get_by_role("button", name="Registrera").click()
    assert page.get_by_role("alert").is_visible()
    check_a11y(page)
    page.set_viewport_size({"width": 390, "height": 800})
    for path in (f"/upphandling/{procurement}/fragor/", f"/fraga/{waiting.pk}/"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
    batch = AnswerBatch.objects.get()
    page = new_page()  # a blank page: the workbench's own policy forbids the file's inline style
    page.set_content(bytes(batch.html).decode())
    assert page.locator("html").get_attribute("lang") == "sv"
    check_a11y(page)
    assert Question.objects.count() == 2


def test_price_model_declarations_and_signing_pages(new_page, coordinator, member):
    import datetime

    from requirements_app.models import Edition, PriceComponent

    procurement = coordinator.procurement_id
    PriceComponent.objects.create(procurement=coordinator.procurement, kind="monthly", label="Drift", quantity=48,
                                  unit="månader")
    sealed = Edition.objects.create(procurement=coordinator.procurement, label="Utgåva 1.0", kind="publication",
                                    edition_date=datetime.date(2026, 11, 2), frozen_by=coordinator.user,
                                    manifest={"root_digest": "0" * 64, "content_digest": "1" * 64})
    page = new_page()
    login(page, "karin")
    page.goto(f"/upphandling/{procurement}/prismodell/")
    page.get_by_label("Vad som prissätts").fill("Utveckling")
    page.get_by_label("fast pris").check()
    page.get_by_label("Antal").fill("2")
    page.locator("main").get_by_role("button", name="Spara").click()
    assert "Ett fast pris räknas en gång" in page.locator("main").inner_text()
    check_a11y(page)
    page.goto(f"/upphandling/{procurement}/jav/")
    page.get_by_label("Ja, jag anmäler ett intresse").check()
    page.locator("main").get_by_role("button", name="Deklarera").click()
    assert "Beskriv intresset du anmäler." in page.locator("main").inner_text()
    check_a11y(page)
    page.goto(f"/utgava/{sealed.pk}/underteckna/")
    page.get_by_label("fastställd för publicering").check()
    page.get_by_label("Ditt lösenord").fill("fel")
    page.locator("main").get_by_role("button", name="Underteckna").click()
    assert "Lösenordet stämmer inte" in page.locator("main").inner_text()
    check_a11y(page)
    page.set_viewport_size({"width": 390, "height": 800})
    for path in (f"/upphandling/{procurement}/prismodell/", f"/upphandling/{procurement}/jav/",
                 f"/utgava/{sealed.pk}/underteckna/"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
