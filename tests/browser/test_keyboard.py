"""The main flow with the keyboard alone: log in, skip to content, write a
requirement, send it for review, vote. Focus must always be visible."""

import re

import pytest

from requirements_app.models import Requirement, Vote

from .conftest import check_a11y

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def focused(page):
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {tag: el.tagName, text: (el.innerText || el.value || '').trim(), id: el.id,
                    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0};
        }"""
    )


def tab_to(page, matches, limit=200):
    """Press Tab until the focused element matches; every stop must show focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        assert element["outline"], f"no visible focus on {element}"
        if matches(element):
            return element
    raise AssertionError("never reached the element by Tab")


def test_main_flow_with_the_keyboard_alone(new_page, member, second_member, third_member, area, insight):
    page = new_page()
    page.goto("/konto/login/")
    assert focused(page)["id"] == "id_username"  # the login form starts there
    page.keyboard.type("anders")
    page.keyboard.press("Tab")
    page.keyboard.type("a-long-test-password")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/upphandling/\d+/$"))

    # The skip link moves focus to the content.
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Hoppa till innehållet"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"

    tab_to(page, lambda e: e["text"] == "Nytt krav")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/krav/nytt/$"))
    tab_to(page, lambda e: e["id"] == "id_title")
    page.keyboard.type("Tangentbord hela vägen")
    page.keyboard.press("Tab")
    page.keyboard.type("Webbplatsen ska kunna användas med enbart tangentbord.")
    tab_to(page, lambda e: e["id"] == "insight-search")  # the list stays closed until searched
    page.keyboard.type("ladda upp")
    tab_to(page, lambda e: e["id"] == f"insight-{insight.pk}")
    page.keyboard.press("Space")
    tab_to(page, lambda e: e["id"] == "id_comment")
    page.keyboard.type("Skrivet med tangentbordet")
    tab_to(page, lambda e: e["text"] == "Spara")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/krav/\d+/$"))
    requirement = Requirement.objects.get()
    assert requirement.title == "Tangentbord hela vägen"
    assert [i.key for i in requirement.insights.all()] == ["FRAM-04"]

    tab_to(page, lambda e: e["text"] == "Skicka på granskning")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, lambda e: e["tag"] == "INPUT" and e["id"] == "id_choice_0")  # "ja"
    page.keyboard.press("Space")
    tab_to(page, lambda e: e["text"] == "Rösta")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert Vote.objects.get().choice == "yes"
    check_a11y(page)
