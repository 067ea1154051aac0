"""The working group's whole journey in a real browser, with axe on every page."""

import io
import re

import pytest
from openpyxl import load_workbook

from requirements_app.deliberation import decisions
from requirements_app.drafting import requirements as drafting
from requirements_app.models import Decision, Edition, Requirement

from .conftest import check_a11y, download, login, pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STATEMENT = "Webbplatsen ska låta användare ladda upp egenutgivna böcker i EPUB-format."


def test_from_insight_to_tender_document(new_page, coordinator, member, second_member, third_member, expert, area, insight):
    # The coordinator writes a requirement for the insight nobody answers yet.
    karin = new_page()
    login(karin, "karin")
    check_a11y(karin)
    assert "Ladda upp. Ladda ner." in karin.locator("main").inner_text()
    karin.get_by_role("link", name="Nytt krav").first.click()
    karin.get_by_label("Rubrik").fill("Ladda upp egna böcker")
    karin.get_by_role("button", name="Spara").click()  # without the required fields
    assert karin.get_by_role("alert").is_visible()
    assert karin.locator("#id_statement").get_attribute("aria-invalid") == "true"
    check_a11y(karin)
    karin.get_by_label("Kravområde").select_option(label="Ladda upp/ladda ner (LADD)")
    karin.get_by_label("Kravtext").fill(STATEMENT)
    karin.get_by_label("Motivering").fill("Ladda upp. Ladda ner. T ex egenutgivna böcker.")
    karin.get_by_label("Verifiering").select_option("demonstrate")
    karin.get_by_label("Sök bland insikterna").fill("FRAM-04")  # the closed list opens on a search
    karin.get_by_label(re.compile("FRAM-04")).check()
    karin.get_by_label("Ändringskommentar").fill("Första utkast")
    karin.get_by_role("button", name="Spara").click()
    karin.wait_for_url(re.compile(r"/krav/\d+/$"))
    assert "LADD-01" in karin.locator("h1").inner_text()
    check_a11y(karin)
    karin.get_by_role("button", name="Skicka på granskning").click()
    assert "under granskning" in karin.locator(".facts").inner_text()
    requirement = Requirement.objects.get()

    # A working-group member sharpens the text: version 2.
    anders = new_page()
    login(anders, "anders")
    anders.goto(f"/krav/{requirement.pk}/redigera/")
    check_a11y(anders)
    anders.get_by_label("Kravtext").fill(STATEMENT.replace("EPUB-format", "EPUB 3-format"))
    anders.get_by_label("Ändringskommentar").fill("EPUB 3")
    anders.get_by_role("button", name="Spara").click()
    assert "sparades som version 2" in anders.get_by_role("status").inner_text()

    # An expert comments on version 2.
    sara = new_page()
    login(sara, "sara")
    sara.goto(f"/krav/{requirement.pk}/")
    comments = sara.locator("#comments")
    comments.get_by_label("Kommentar:").fill("Ska PDF också räknas?")
    comments.get_by_role("button", name="Kommentera version 2").click()
    assert "gäller version 2" in sara.locator("#comments").inner_text()
    check_a11y(sara)

    # The working group votes; a no needs a reason.
    for page, name in ((anders, None), (new_page(), "fatima"), (new_page(), "eva")):
        if name:
            login(page, name)
        page.goto(f"/krav/{requirement.pk}/")
        voting = page.locator("#voting")
        if name == "eva":
            voting.get_by_label("nej").check()
            voting.get_by_role("button", name="Rösta").click()
            assert "Ange ett skäl när du röstar nej." in page.locator("#voting").inner_text()
            check_a11y(page)
            voting = page.locator("#voting")
            voting.get_by_label("nej").check()
            voting.get_by_label("Skäl").fill("PDF saknas.")
        else:
            voting.get_by_label("ja").check()
        voting.get_by_role("button", name="Rösta").click()
        assert "Din röst på version 2 har sparats." in page.get_by_role("status").inner_text()

    # The coordinator records the decision and freezes the edition.
    karin.goto(f"/krav/{requirement.pk}/")
    assert "2 ja, 1 nej, 0 avstår" in karin.locator("#voting").inner_text()
    karin.get_by_role("button", name="Registrera beslut: fastställt").click()
    assert "Beslut registrerat: LADD-01 är fastställt (2–1–0)." in karin.get_by_role("status").inner_text()
    assert Decision.objects.get().version_no == 2
    for link in ("Beslutslogg", "Insikter", "Att granska", "Nytt sedan senast", "Krav"):
        karin.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name=link, exact=True).click()
        check_a11y(karin)
    karin.goto(f"/krav/{requirement.pk}/historik/")
    check_a11y(karin)
    karin.get_by_role("link", name=re.compile("Jämför version 1")).first.click()
    assert karin.locator(".diff ins").first.inner_text().endswith(" 3")  # EPUB-format → EPUB 3-format
    check_a11y(karin)

    karin.get_by_role("link", name="Upphandlingsdokument").click()
    check_a11y(karin)
    karin.get_by_role("link", name="Förhandsgranska och frys en ny utgåva").click()
    assert "LADD-01" in karin.get_by_role("region", name="Det här kommer med").inner_text()
    check_a11y(karin)
    karin.get_by_label("Beteckning").fill("Utgåva 1.0")
    karin.get_by_role("button", name="Frys utgåvan").click()
    assert Edition.objects.get().label == "Utgåva 1.0"
    pdf = download(karin, lambda: karin.get_by_role("link", name="Upphandlingsdokument Utgåva 1.0 (PDF)").click())
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "LADD-01 Ladda upp egna böcker" in text and "EPUB 3-format" in text and "FRAM-04" not in text
    karin.get_by_role("link", name="Upphandlingsdokument Utgåva 1.0 (HTML, tillgängligt)").click()
    # The HTML twin opens in the browser, to read or to save.
    assert karin.locator("html").get_attribute("lang") == "sv" and karin.locator("#LADD-01").count() == 1
    check_a11y(karin)
    karin.go_back()
    record = download(karin, lambda: karin.get_by_role("link", name="Beslutsunderlag Utgåva 1.0 (PDF)").click())
    assert "→ LADD-01" in pdf_text(record) and "allmän handling" in pdf_text(record)
    form = download(karin, lambda: karin.get_by_role("link", name="Svarsmall Utgåva 1.0 (XLSX)").click())
    rows = list(load_workbook(io.BytesIO(form))["Ska-krav"].iter_rows(min_row=4, values_only=True))
    assert rows[0][0] == "LADD-01"

    karin.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Krav", exact=True).click()
    listing = download(karin, lambda: karin.get_by_role("link", name="XLSX").click())
    rows = list(load_workbook(io.BytesIO(listing)).active.iter_rows(values_only=True))
    assert rows[1][:3] == ("LADD-01", "LADD", "Ladda upp egna böcker")


def test_stale_vote_is_shown_to_the_voter(new_page, member, second_member, requirement):
    drafting.change_status(member, requirement, Requirement.Status.REVIEW, "")
    decisions.cast_vote(second_member, requirement, 1, "yes")
    content = {f: getattr(requirement, f) for f in Requirement.CONTENT_FIELDS}
    drafting.save_requirement(member, requirement, 1, {**content, "title": "Ny rubrik"}, list(requirement.insights.all()), "x")
    fatima = new_page()
    login(fatima, "fatima")
    fatima.goto(f"/krav/{requirement.pk}/")
    notice = fatima.locator("#voting .notice").inner_text()
    assert "Du röstade ja på version 1" in notice and "räknas inte längre" in notice
    check_a11y(fatima)


def test_edit_conflict_keeps_the_second_editors_text(new_page, member, second_member, requirement):
    anders, fatima = new_page(), new_page()
    login(anders, "anders")
    login(fatima, "fatima")
    for page in (anders, fatima):
        page.goto(f"/krav/{requirement.pk}/redigera/")
    anders.get_by_label("Rubrik").fill("Anders rubrik")
    anders.get_by_label("Ändringskommentar").fill("a")
    anders.get_by_role("button", name="Spara").click()
    fatima.get_by_label("Rubrik").fill("Fatimas rubrik")
    fatima.get_by_label("Ändringskommentar").fill("f")
    fatima.get_by_role("button", name="Spara").click()
    notice = fatima.get_by_role("alert").first.inner_text()
    assert "Inte sparat: Anders sparade först" in notice and "sparade Anders LADD-01 som version 2" in notice
    assert fatima.get_by_label("Rubrik").input_value() == "Fatimas rubrik"
    assert "Anders rubrik" in fatima.locator(".conflict ins").inner_text()
    check_a11y(fatima)
    requirement.refresh_from_db()
    assert requirement.title == "Anders rubrik"
