"""Nothing changes by accident, tried in chromium as a user does it: an
unchanged save, an edit of an approved requirement, freezing, adopting an
expert's wording, the language switch, and a spreadsheet round trip."""

import datetime
import re

import pytest

from requirements_app.deliberation import comments, decisions
from requirements_app.documents.editions import freeze_edition
from requirements_app.drafting import requirements as drafting
from requirements_app.importing.spreadsheets import import_requirements, read_dataset
from requirements_app.models import Comment, Edition, Requirement
from requirements_app.versions import requirement_versions

from .conftest import check_a11y, download, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_saving_without_a_change_keeps_the_version_and_the_votes(new_page, member, second_member, in_review):
    decisions.cast_vote(member, in_review, 1, "yes")
    decisions.cast_vote(second_member, in_review, 1, "yes")
    anders = new_page()
    login(anders, "anders")
    anders.goto(f"/krav/{in_review.pk}/redigera/")
    anders.get_by_label("Ändringskommentar").fill("Tittade bara")
    anders.get_by_role("button", name="Spara").click()
    assert "Inget ändrades: LADD-01 är fortfarande version 1." in anders.get_by_role("status").first.inner_text()
    assert "2 ja, 0 nej, 0 avstår" in anders.locator("#voting").inner_text()
    assert Requirement.objects.get(pk=in_review.pk).version_no == 1


def test_editing_an_approved_requirement_warns_and_asks_first(new_page, member, requirement, approve):
    approve(requirement)
    anders = new_page()
    login(anders, "anders")
    anders.goto(f"/krav/{requirement.pk}/redigera/")
    warning = anders.get_by_role("region", name="LADD-01 är fastställt").inner_text()
    assert "beslutet kvar i beslutsloggen" in warning and "inte med i nästa utgåva" in warning
    check_a11y(anders)
    anders.get_by_label("Kravtext").fill(requirement.statement + " Även på surfplattor.")
    anders.get_by_label("Ändringskommentar").fill("En mening till")
    anders.get_by_role("button", name="Spara").click()
    assert "Kryssa i rutan" in anders.get_by_role("alert").inner_text()
    assert Requirement.objects.get(pk=requirement.pk).status == Requirement.Status.APPROVED
    check_a11y(anders)
    anders.get_by_label(re.compile("Jag förstår")).check()
    anders.get_by_role("button", name="Spara").click()
    assert "sparades som version 2" in anders.get_by_role("status").first.inner_text()
    assert Requirement.objects.get(pk=requirement.pk).status == Requirement.Status.REVIEW


def test_freezing_shows_what_changes_and_asks_before_a_requirement_disappears(
        new_page, coordinator, member, make_requirement, approve):
    kept, reopened = approve(make_requirement(title="Behålls")), approve(make_requirement(title="Öppnas igen"))
    freeze_edition(coordinator, "Utgåva 1.0", datetime.date(2026, 11, 1))
    content = {f: getattr(reopened, f) for f in Requirement.CONTENT_FIELDS}
    drafting.save_requirement(member, reopened, 1, {**content, "title": "Öppnad igen"}, list(reopened.insights.all()),
                              "Ändrad", reopen_decided=True)
    karin = new_page()
    login(karin, "karin")
    karin.goto(f"/upphandling/{coordinator.procurement_id}/utgavor/")
    karin.get_by_role("link", name="Förhandsgranska och frys en ny utgåva").click()
    warning = karin.get_by_role("alert").inner_text()
    assert "1 krav i Utgåva 1.0 försvinner ur den nya utgåvan" in warning
    assert "LADD-02" in warning and "väntar på ett nytt beslut (nu under granskning)" in warning
    assert "LADD-01" in karin.get_by_role("region", name="Det här kommer med").inner_text()
    check_a11y(karin)
    karin.get_by_label("Beteckning").fill("Utgåva 2.0")
    karin.get_by_role("button", name="Frys utgåvan").click()
    assert "Bekräfta att de här kraven utelämnas" in karin.locator(".error-summary").inner_text()
    assert Edition.objects.count() == 1
    karin.get_by_label(re.compile("Jag har sett vilka krav")).check()
    karin.get_by_role("button", name="Frys utgåvan").click()
    assert "Utgåva 2.0 har frysts med 1 fastställda krav." in karin.get_by_role("status").first.inner_text()
    assert [i.number for i in Edition.objects.get(label="Utgåva 2.0").items.all()] == [kept.number]


def test_adopting_an_experts_wording_shows_the_diff_and_lets_the_group_edit_it(new_page, member, expert, requirement):
    proposal = "Webbplatsen ska låta en inloggad användare låna en e-bok eller e-ljudbok i högst tre steg."
    comments.add_comment(expert, requirement, "Glöm inte e-ljudböcker.", proposal)
    anders = new_page()
    login(anders, "anders")
    anders.goto(f"/krav/{requirement.pk}/")
    anders.get_by_role("link", name="Granska och anta…").click()
    assert "e-ljudbok" in anders.locator(".proposal ins").first.inner_text()
    assert anders.get_by_label("Kravtext").input_value() == proposal
    check_a11y(anders)
    edited = proposal.replace("e-ljudbok", "e-ljudbok via strömning")
    anders.get_by_label("Kravtext").fill(edited)
    anders.get_by_role("button", name="Spara").click()
    assert "sparades som version 2" in anders.get_by_role("status").first.inner_text()
    requirement.refresh_from_db()
    assert requirement.statement == edited
    assert Comment.objects.get().suggestion == Comment.Suggestion.ADOPTED
    assert "Antog formuleringen som Sara föreslog" in requirement_versions(requirement).first().revision.get_comment()


def test_the_language_switch_works_before_and_after_logging_in(new_page, member):
    page = new_page()
    page.goto("/konto/login/")
    page.get_by_role("button", name="In English").click()
    assert page.locator("h1").inner_text() == "Log in"
    page.get_by_label("Username").fill("anders")
    page.get_by_label("Password").fill("a-long-test-password")
    page.locator("main").get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/upphandling/\d+/$"))
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("button", name="På svenska").click()
    page.wait_for_url(re.compile(r"/upphandling/\d+/$"))
    assert page.locator("html").get_attribute("lang") == "sv"
    assert "Logga in" not in page.locator("h1").inner_text()


@pytest.mark.parametrize("file_format", ["CSV", "XLSX", "JSON"])
def test_an_export_after_browser_edits_re_imports_with_no_changes(new_page, member, requirement, file_format):
    anders = new_page()
    login(anders, "anders")
    anders.goto(f"/krav/{requirement.pk}/redigera/")
    # Typed in a textarea: the browser sends CRLF line breaks, and trailing spaces.
    anders.get_by_label("Kravtext").fill("Första stycket.  \n\nAndra stycket, med é och å.")
    anders.get_by_label("Motivering").fill("Göta, 92.\nRad två ")
    anders.get_by_label("Ändringskommentar").fill("Två stycken")
    anders.get_by_role("button", name="Spara").click()
    anders.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Krav", exact=True).click()
    content = download(anders, lambda: anders.get_by_role("link", name=file_format, exact=True).click())
    name = f"krav.{file_format.lower()}"
    report = import_requirements(member, read_dataset(name, content), name, dry_run=True)
    assert (len(report.unchanged), len(report.changed), report.invalid) == (1, 0, [])
