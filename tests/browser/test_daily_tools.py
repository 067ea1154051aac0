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


def test_no_page_of_the_journey_scrolls_sideways_on_a_phone(browser, live_server, coordinator, member, expert,
                                                            make_requirement, approve, insight):
    import datetime

    from requirements_app.deliberation import comments
    from requirements_app.documents.editions import freeze_edition

    requirement = approve(make_requirement(title="Ett mycket långt kravnamn som inte får tvinga sidan att bli bredare"))
    comments.add_comment(expert, requirement, "En kommentar med ett långt ord: " + "tillgänglighetsredogörelse" * 3)
    make_requirement(title="Utkast", statement="x" * 300)
    freeze_edition(coordinator, "Utgåva 1.0", datetime.date(2026, 11, 29))
    # Something waits for the coordinator, so the menu shows its count badge (whose hidden text once
    # escaped the menu's scroll strip and made every page 545 px wide).
    from requirements_app.drafting import requirements as drafting

    drafting.change_status(member, make_requirement(title="Att rösta på"), "review", "")
    context = browser.new_context(locale="sv-SE", base_url=live_server.url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    login(page, "karin")
    procurement = coordinator.procurement_id
    wide = []
    assert page.locator(".menu .badge").count() == 1
    for path in (
        f"/upphandling/{procurement}/", f"/upphandling/{procurement}/krav/", f"/krav/{requirement.pk}/",
        f"/krav/{requirement.pk}/redigera/", f"/krav/{requirement.pk}/historik/", f"/krav/{requirement.pk}/jamfor/",
        f"/upphandling/{procurement}/insikter/", f"/insikt/{insight.pk}/", f"/upphandling/{procurement}/att-granska/",
        f"/upphandling/{procurement}/nytt-sedan-senast/", f"/upphandling/{procurement}/beslutslogg/",
        f"/upphandling/{procurement}/utgavor/", f"/upphandling/{procurement}/utgavor/frys/",
        f"/upphandling/{procurement}/dokument/", f"/upphandling/{procurement}/krav/import/",
        f"/upphandling/{procurement}/aviseringar/", f"/upphandling/{procurement}/sok/?q=kravnamn",
        f"/upphandling/{procurement}/standarder/", f"/upphandling/{procurement}/utvardering/",
    ):
        page.goto(path)
        if path.endswith("/utvardering/"):  # the simulation's ranking, as a person gets it
            page.fill('[name="t1-price"]', "10")
            with page.expect_navigation():  # the ranking is a new page: measure it, not the one it replaces
                page.get_by_role("button", name="Jämför anbuden").click()
        width = page.evaluate("document.scrollingElement.scrollWidth")
        if width > 390:
            culprits = page.evaluate(
                "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 391)"
                ".slice(-3).map(e => e.tagName + '.' + e.className)"
            )
            wide.append((path, width, culprits))
        check_a11y(page)
    context.close()
    assert wide == []  # (page, width, the elements that stick out)


def test_sending_selected_requirements_for_review_in_one_go(new_page, member, make_requirement):
    first, second = make_requirement(title="Första"), make_requirement(title="Andra")
    make_requirement(title="Tredje", insights=[])  # cannot leave draft
    page = new_page()
    login(page, "anders")
    page.goto(f"/upphandling/{member.procurement_id}/krav/?sort=-title")
    assert [cell.inner_text() for cell in page.locator("tbody tr td:nth-child(3)").all()] == ["Tredje", "Första", "Andra"]
    check_a11y(page)
    for number in ("LADD-01", "LADD-02", "LADD-03"):
        page.get_by_label(f"Markera {number}").check()
    page.get_by_label("Med de markerade kraven").select_option("submit")
    page.get_by_label("Kommentar").fill("Inför mötet")
    page.get_by_role("button", name="Ändra de markerade").click()
    # One blocked row: nothing changed, the reason shown, the others offered with the comment kept.
    assert "LADD-03: Koppla minst en insikt från workshoppen" in page.locator("main").inner_text()
    assert page.get_by_label("Kommentar").input_value() == "Inför mötet"
    check_a11y(page)
    page.get_by_role("button", name="Ändra de 2 som kan").click()
    assert "2 krav är nu under granskning." in page.get_by_role("status").first.inner_text()
    from requirements_app.models import Requirement

    assert set(Requirement.objects.filter(status="review").values_list("pk", flat=True)) == {first.pk, second.pk}


def test_the_insight_picker_filters_and_shows_chosen_insights_as_chips(new_page, member, area, insight, other_insight,
                                                                       requirement):
    page = new_page()
    login(page, "anders")
    page.goto(f"/upphandling/{member.procurement_id}/krav/nytt/")
    assert "besvaras av 1 krav" in page.locator(f"label[for=insight-{insight.pk}]").text_content()
    search = page.get_by_label("Sök bland insikterna")
    search.fill("gota 92")  # no accents, no comma: still finds "Göta, 92"
    assert page.locator(f"#insight-{other_insight.pk}").is_visible()
    assert "1 av 2 insikter visas" in page.locator("[data-matches]").inner_text()
    assert not page.locator(f"#insight-{insight.pk}").is_visible()
    search.fill("ladda upp")
    assert page.locator(f"#insight-{insight.pk}").is_visible() and not page.locator(f"#insight-{other_insight.pk}").is_visible()
    page.get_by_label("FRAM-04").check()
    chip = page.get_by_role("button", name="Ta bort FRAM-04")
    assert chip.is_visible()
    check_a11y(page)
    chip.click()
    assert not page.locator(f"#insight-{insight.pk}").is_checked()
    assert "inga än" in page.locator("[data-chosen]").inner_text()


def test_the_keyboard_passes_a_long_insight_list_in_a_few_steps(new_page, member, workshop):
    Insight.objects.bulk_create(
        Insight(workshop=workshop, key=f"LOP-{n:02d}", kind=Insight.Kind.EXPECTATION, section="Löpsedlar",
                text=f"Förväntning nummer {n}", order=n)
        for n in range(53)
    )
    page = new_page()
    login(page, "anders")
    page.goto(f"/upphandling/{member.procurement_id}/krav/nytt/")
    page.locator("#id_follow_up").focus()
    presses = 0
    while page.evaluate("document.activeElement.id") != "id_basis_kind":  # the field after the picker
        page.keyboard.press("Tab")
        presses += 1
        assert presses < 10, page.evaluate("document.activeElement.outerHTML")
    # The search field and "Visa alla 53 insikter"; the list opens on a search or on a click.
    assert presses == 3
    page.get_by_text("Visa alla 53 insikter").click()
    assert page.get_by_label("LOP-52").is_visible()


def test_the_insight_picker_works_without_javascript(browser, live_server, member, insight):
    context = browser.new_context(locale="sv-SE", base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    login(page, "anders")
    page.goto(f"/upphandling/{member.procurement_id}/krav/nytt/?insight={insight.pk}")
    assert page.locator(f"#insight-{insight.pk}").is_checked()
    assert "Valda: FRAM-04" in page.locator("[data-chosen]").inner_text()
    assert page.get_by_label("Sök bland insikterna").count() == 0
    assert not page.get_by_label("FRAM-04").is_visible()
    page.get_by_text("Visa 1 insikt").click()  # a details element: it opens without JavaScript
    page.get_by_label("FRAM-04").uncheck()
    context.close()


def test_searching_from_the_header_finds_requirements_and_insights(new_page, member, make_requirement, insight,
                                                                   other_insight):
    make_requirement(title="Tillgängliga e-böcker", statement="Webbplatsen ska låta användaren låna en e-bok.")
    page = new_page()
    login(page, "anders")
    search = page.get_by_role("search").get_by_label("Sök bland krav och insikter")
    search.fill("ebok")
    search.press("Enter")
    results = page.locator(".search-results")
    # The requirement, and Göta's quote: "e-böcker" is a form of "e-bok".
    assert "2 träffar för ”ebok”" in page.get_by_role("heading", level=2).inner_text()
    assert "LADD-01 Tillgängliga e-böcker" in results.inner_text() and "CIT-01" in results.inner_text()
    check_a11y(page)
    page.get_by_label("Sök bland krav och insikter").fill("platt tillganglig")
    page.get_by_role("button", name="Sök", exact=True).click()
    assert "0 träffar" in page.get_by_role("heading", level=2).inner_text()
    page.get_by_label("Sök bland krav och insikter").fill("plätt")
    page.get_by_role("button", name="Sök", exact=True).click()
    assert "CIT-01" in results.inner_text()
    check_a11y(page)


def test_from_a_wcag_gap_to_a_requirement_with_checked_references(new_page, member, area, insight):
    area.procurement.areas.create(code="TILL", name="Tillgänglighet", order=1)
    page = new_page()
    login(page, "anders")
    page.get_by_role("link", name="Standarder").click()
    assert "0 av 50 framgångskriterier täcks" in page.locator("main").inner_text()
    check_a11y(page)
    page.get_by_role("link", name="Skapa kravutkast (1.4.3)").click()
    assert page.get_by_label("Rubrik").input_value() == "Framgångskriterium 1.4.3 i WCAG 2.1"
    assert page.locator("#id_references").input_value() == "EN 301 549 9.1.4.3\nWCAG 2.1 1.4.3"
    page.get_by_text("Visa 1 insikt").click()
    page.get_by_label("FRAM-04").check()
    page.get_by_label("Lägg till en referens ur katalogen").fill("WCAG 2.1 4.4.4")
    page.get_by_role("button", name="Spara").click()
    assert "”WCAG 2.1 4.4.4” finns inte i katalogen" in page.locator("main").inner_text()
    check_a11y(page)
    page.get_by_label("Lägg till en referens ur katalogen").fill("Barnkonventionen art. 23")
    page.get_by_role("button", name="Spara").click()
    assert "TILL-01 har skapats." in page.get_by_role("status").first.inner_text()
    page.get_by_role("link", name="Standarder").click()
    main = page.locator("main").inner_text()
    assert "1 av 50 framgångskriterier täcks" in main and "1 artikel av 54 hänvisas till" in main
    check_a11y(page)


def test_a_word_longer_than_any_line_wraps_without_widening_a_desktop_page(browser, live_server, member,
                                                                           make_requirement):
    """Words break only where they must: the longest word still wraps (or its table scrolls on its own)."""
    requirement = make_requirement(title="Ord" * 60, statement="Webbplatsen ska visa " + "x" * 3000 + " i 2 steg.")
    context = browser.new_context(locale="sv-SE", base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    login(page, "anders")
    widths = {}
    for path in (f"/upphandling/{member.procurement_id}/krav/", f"/krav/{requirement.pk}/"):
        page.goto(path)
        widths[path] = page.evaluate("document.scrollingElement.scrollWidth")
    context.close()
    assert all(width <= 1280 for width in widths.values()), widths


@pytest.mark.parametrize("locale", ["sv-SE", "en-GB"])
def test_the_menu_fits_on_one_line_at_1280_px(browser, live_server, coordinator, member, expert, make_requirement,
                                              locale):
    from requirements_app.deliberation import comments
    from requirements_app.drafting import requirements as drafting

    coordinator.user.is_staff = True  # so that "Administration" shows too
    coordinator.user.save()
    mine = make_requirement(title="Karins krav", by=coordinator)
    drafting.change_status(member, make_requirement(title="Att rösta på"), "review", "")
    comments.add_comment(expert, mine, "En kommentar till Karin")  # an unread notification for Karin
    context = browser.new_context(locale=locale, base_url=live_server.url, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto("/konto/login/")
    page.get_by_label("Användarnamn" if locale == "sv-SE" else "Username").fill("karin")
    page.get_by_label("Lösenord" if locale == "sv-SE" else "Password").fill("a-long-test-password")
    page.locator("main button[type=submit]").click()
    assert page.locator(".menu .badge").count() == 2  # to review, and unread notifications
    tops = page.locator(".menu li").evaluate_all("items => items.map(i => Math.round(i.getBoundingClientRect().top))")
    assert len(set(tops)) == 1, tops
    assert page.get_by_role("link", name="Administration").count() == 1
    context.close()
