"""The coordinator's path through the tenders received, in chromium: the
opening, an import with its preview, the examination, a demonstration
protocol, the evaluation, the award decision with its standstill and the
individual report. axe checks every page, and the pages reflow at 320 px."""

import datetime

import pytest
import time_machine

from requirements_app.tenders import examination, receiving

from ..test_tenders import (ALFA, FILLED, OPENING_DAY, at, edition, examine_as_proposed, fill,  # noqa: F401 (fixture)
                            numbers, tender)
from .conftest import check_a11y, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def reflows(page):
    page.set_viewport_size({"width": 320, "height": 800})
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size({"width": 1280, "height": 900})
    return fits


def test_the_coordinator_opens_examines_evaluates_and_awards(new_page, edition, coordinator, member,  # noqa: F811
                                                             tmp_path):
    procurement = coordinator.procurement_id
    with time_machine.travel(at(OPENING_DAY + datetime.timedelta(days=1)), tick=True):
        page = new_page()
        login(page, "karin")
        page.goto(f"/upphandling/{procurement}/anbud/utvarderare/")
        assert page.get_by_label("Anders (arbetsgrupp)").is_checked()
        check_a11y(page)
        page.goto(f"/upphandling/{procurement}/")
        page.get_by_role("link", name="Inkomna anbud").click()
        assert "Sekretess till dess att tilldelningsbeslut fattats" in page.locator("main").inner_text()
        check_a11y(page)
        page.get_by_role("link", name="Registrera öppningen").click()
        check_a11y(page)
        page.get_by_label("Öppnade").fill(f"{OPENING_DAY.isoformat()}T09:00")
        page.get_by_label("Andra person närvarande").select_option(label="Anders")
        page.get_by_label("Inkomna anbud").fill("\n".join(f"{name}; 2027-04-08 12:00" for name in FILLED))
        page.get_by_role("button", name="Registrera öppningen").click()
        assert "Öppningen är registrerad" in page.get_by_role("status").first.inner_text()
        check_a11y(page)

        page.get_by_role("link", name=ALFA).click()
        path = tmp_path / "alfa.xlsx"
        path.write_bytes(fill(edition, ALFA, *FILLED[ALFA][:2], FILLED[ALFA][2]))
        page.get_by_label("Anbudets ifyllda svarsmall (XLSX)").set_input_files(str(path))
        page.get_by_role("button", name="Läs filen").click()
        assert "212000-0001" in page.locator("main").inner_text()
        check_a11y(page)
        assert reflows(page)
        page.get_by_role("button", name="Importera anbudet").click()
        assert "Anbudet är importerat" in page.get_by_role("status").first.inner_text()
        check_a11y(page)
        page.get_by_role("button", name="Spara bedömningarna").click()
        assert "3 bedömningar sparade" in page.get_by_role("status").first.inner_text()
        page.get_by_label("Tilldelningskriterium").select_option(numbers(edition)["Boktips"])
        page.get_by_label("Hölls den").fill("2027-04-12")
        page.get_by_label("Vad som visades").fill("Boktips utifrån lånehistorik och sparade sökningar.")
        page.get_by_label("Uppnådd nivå (%)").fill("100")
        page.get_by_label("Utfall").fill("Nivå 100 % uppnådd.")
        page.get_by_role("button", name="Spara protokollet").click()
        assert "Väntar på en andra utvärderares signatur" in page.locator("main").inner_text()
        check_a11y(page)
        assert reflows(page)

        # The other evaluator signs; the other three tenders come in and are examined as their answers propose.
        protocol = tender(ALFA).demonstrations.get()
        examination.sign_demonstration(member, protocol, protocol.version_no)
        for name, (answers, prices, levels) in FILLED.items():
            if name != ALFA:
                receiving.import_tender(member, tender(name), "anbud.xlsx",
                                        fill(edition, name, answers, prices, levels))
        examine_as_proposed(member, edition)

        page.goto(f"/upphandling/{procurement}/anbud/")
        page.get_by_role("button", name="Utvärdera anbuden nu").click()
        assert "Anbuden är utvärderade" in page.get_by_role("status").first.inner_text()
        check_a11y(page)
        assert reflows(page)
        page.get_by_role("link", name="Utvärderingsprotokoll (HTML)").click()
        assert "Jämförelsetal = 1 520 000 kr − 150 000 kr = 1 370 000 kr" in " ".join(
            page.locator("main").inner_text().replace("\u00a0", " ").split())
        check_a11y(page)
        assert reflows(page)

        page.goto(f"/upphandling/{procurement}/anbud/")
        page.get_by_role("link", name="Registrera tilldelningsbeslutet").click()
        check_a11y(page)
        page.get_by_label("Beslutat den").fill("2027-05-03")
        page.get_by_label("Beslutat av (namn och befattning)").fill("Kim Beslutsfattare, kulturchef")
        page.get_by_role("button", name="Registrera beslutet").click()
        assert "Tilldelat Beta Digital AB" in page.locator("main").inner_text()
        page.get_by_label("Skickat elektroniskt till alla anbudsgivare den").fill("2027-05-03")
        page.get_by_role("button", name="Registrera när det skickades").click()
        # Ten days from Monday 3 May 2027 is Thursday 13 May; a contract may be signed from the 14th.
        assert "till och med 2027-05-13; avtal får tecknas från och med 2027-05-14" in page.locator(
            "main").inner_text()
        check_a11y(page)
        page.get_by_role("link", name="Tilldelningsbeslut (HTML)").click()
        assert "Kontraktet tilldelas Beta Digital AB." in page.locator("main").inner_text()
        check_a11y(page)
        assert reflows(page)

        page.goto(f"/upphandling/{procurement}/anbud/")
        page.get_by_role("link", name="Komplettera och frys den individuella rapporten").click()
        check_a11y(page)
        page.get_by_label("Den upphandlande myndighetens adress").fill("Storgatan 1, Exempelstad")
        page.get_by_label("Kontraktets värde").fill("Cirka 2 miljoner kronor.")
        for label in ("Underleverantörer", "Intressekonflikter som upptäckts", "Annat som rapporten"):
            page.get_by_label(label).fill("–")
        page.get_by_role("button", name="Frys och försegla rapporten").click()
        assert "Den individuella rapporten är fryst och förseglad" in page.get_by_role("status").first.inner_text()
        check_a11y(page)
