"""The working group's daily tools, in chromium."""

import pytest

from requirements_app.models import Insight

from .conftest import check_a11y, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_triaging_an_insight_out_of_the_open_list(new_page, member, insight, other_insight):
    page = new_page()
    login(page, "anders")
    assert "CIT-01" in page.locator("main").inner_text()
    page.goto(f"/insikt/{other_insight.pk}/")
    page.get_by_label("ej kravgrundande").check()
    page.get_by_role("button", name="Spara bedömningen").click()
    assert "Ange ett skäl" in page.get_by_role("alert").inner_text()
    check_a11y(page)
    page.get_by_label("Skäl").fill("Ett citat från framtidsverkstaden, ingen funktion.")
    page.get_by_role("button", name="Spara bedömningen").click()
    assert "Bedömningen av CIT-01 sparades." in page.get_by_role("status").first.inner_text()
    assert "Ej kravgrundande: Ett citat från framtidsverkstaden" in page.locator("#triage-title + p").inner_text()
    check_a11y(page)
    page.goto(f"/upphandling/{member.procurement_id}/")
    assert "1 är bedömda som ej kravgrundande" in page.locator("main").inner_text()
    assert Insight.objects.get(pk=other_insight.pk).triage == "not_requirement"
