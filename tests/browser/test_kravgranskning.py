"""Kravgranskning in the browser: checking the text without saving, the
findings on the requirement page, and the coordinator's override."""

import pytest

from requirements_app.models import Requirement

from .conftest import check_a11y, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_check_the_text_then_send_for_review_with_an_override(new_page, coordinator, make_requirement):
    requirement = make_requirement(title="Talsyntes", kind="evaluated", weight=50_000,
                                   statement="Webbplatsen bör erbjuda talsyntes på svenska.")
    page = new_page()
    login(page, "karin")
    page.goto(f"/krav/{requirement.pk}/redigera/")
    page.get_by_label("Kravtext").fill("Webbplatsen skall erbjuda en smidig talsyntes.")
    page.get_by_role("button", name="Granska texten").click()
    findings = page.get_by_role("region", name="Kravgranskning").inner_text()
    assert "”smidig” är oprecist" in findings and "”skall”: termen är ”ska”" in findings
    assert Requirement.objects.get(pk=requirement.pk).version_no == 1  # nothing saved
    check_a11y(page)
    page.get_by_label("Ändringskommentar").fill("Ny formulering")
    page.get_by_role("button", name="Spara", exact=True).click()
    assert "Kravgranskning:" in page.get_by_role("status").first.inner_text()
    check_a11y(page)
    page.get_by_role("button", name="Skicka på granskning").click()
    assert "Kravgranskningen hittade fel (MODAL)" in page.locator("main").inner_text()
    page.get_by_label("Åsidosätt kravgranskningens fel, eftersom").fill("Styrgruppen vill ha formuleringen kvar.")
    page.get_by_role("button", name="Skicka på granskning").click()
    assert Requirement.objects.get(pk=requirement.pk).status == Requirement.Status.REVIEW
    check_a11y(page)
