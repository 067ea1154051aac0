import datetime
import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from requirements_app.documents.editions import edition_data, freeze_edition, preview_data
from requirements_app.documents.pdf_layout import font_files
from requirements_app.documents.record_pdf import render_record_pdf
from requirements_app.documents.tender_pdf import render_tender_pdf

from .conftest import edit, login

DAY = datetime.date(2026, 11, 29)
HOSTILE_TITLE = '<b>unclosed & "bold</b> <font color=red>röd</font>'
HOSTILE_STATEMENT = "Webbplatsen bör visa x<y & y>z, ≥ 3 steg – ”citat” <para>inte markup</para>"


@pytest.fixture
def edition(coordinator, make_requirement, approve, time_machine):
    # Decisions are dated the day they are recorded: set that day.
    time_machine.move_to(datetime.datetime(2026, 11, 29, 10, tzinfo=datetime.UTC))
    approve(make_requirement(title="Låna e-böcker lätt som en plätt",
                             statement="Webbplatsen ska låta en användare låna e-böcker i högst tre steg, även på äldre mobiler."))
    approve(make_requirement(title=HOSTILE_TITLE, statement=HOSTILE_STATEMENT, kind="evaluated", weight=12))
    return freeze_edition(coordinator, "Utgåva 1.0", DAY, "Första utgåvan")


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_holds_every_requirement_with_swedish_text_intact(edition):
    reader, text = pdf_text(render_tender_pdf(edition_data(edition)))
    assert "LADD-01" in text and "LADD-02" in text
    assert "låna e-böcker i högst tre steg, även på äldre mobiler" in " ".join(text.split())
    for heading in ("Innehåll", "Upphandlande myndigheter", "Bakgrund och syfte", "Omfattning", "Definitioner",
                    "Anvisningar för anbudets utformning", "Ska-krav", "Bör-krav (tilldelningskriterier)",
                    "Utvärdering", "Ladda upp/ladda ner"):
        assert heading in text, heading
    total = len(reader.pages)
    for number, page in enumerate(reader.pages[1:], start=2):  # the cover has no footer
        assert f"Sida {number} av {total}" in page.extract_text().splitlines(), number
    assert "Värde: högst 12 kr" in text  # the criterion with the chapter Utvärdering's unit


def test_pdf_has_metadata_and_an_outline_for_chapters(edition):
    reader, _text = pdf_text(render_tender_pdf(edition_data(edition)))
    meta = reader.metadata
    assert meta.title == "Kravspecifikation – Ny Götawebb – Utgåva 1.0"
    assert meta.author == "Götabiblioteken"
    assert "kravspecifikation" in meta.subject
    assert reader.trailer["/Root"]["/Lang"] == "sv-SE"

    def titles(outline):
        for entry in outline:
            if isinstance(entry, list):
                yield from titles(entry)
            else:
                yield entry.title

    outline = list(titles(reader.outline))
    assert "1. Upphandlande myndigheter" in outline and "5. Uteslutningsgrunder och ESPD" in outline
    chapters = [title for title in outline if title[0].isdigit()]
    assert chapters[-1] == f"{len(chapters)}. Utvärdering"
    embedded = {str(font["/BaseFont"]) for page in reader.pages for font in page["/Resources"]["/Font"].values()}
    assert any("DejaVuSans" in name for name in embedded)


def test_the_pdf_is_dated_titled_and_in_swedish_and_names_its_accessible_twin(edition):
    reader, text = pdf_text(render_tender_pdf(edition_data(edition)))
    info = reader.metadata
    assert info["/CreationDate"].startswith("D:20261129") and info["/ModDate"].startswith("D:20261129")
    assert info["/Title"] == "Kravspecifikation – Ny Götawebb – Utgåva 1.0"
    assert str(reader.trailer["/Root"]["/Lang"]) == "sv-SE"
    assert "tillgänglig HTML" in " ".join(text.split())
    record = PdfReader(io.BytesIO(render_record_pdf(edition_data(edition))))
    assert record.metadata["/CreationDate"].startswith("D:20261129")


def test_the_same_edition_gives_byte_identical_pdfs(edition):
    assert render_tender_pdf(edition_data(edition)) == render_tender_pdf(edition_data(edition))


def test_the_pdf_of_an_edition_survives_later_edits(edition, member):
    before = render_tender_pdf(edition_data(edition))
    item = edition.items.first()
    edit(member, item.requirement, statement="Helt ny text")
    assert render_tender_pdf(edition_data(edition)) == before


def test_hostile_text_is_printed_literally_not_interpreted(edition):
    _reader, text = pdf_text(render_tender_pdf(edition_data(edition)))
    flat = " ".join(text.split())
    assert "<b>unclosed & \"bold</b> <font color=red>röd</font>" in flat
    assert "x<y & y>z, ≥ 3 steg – ”citat” <para>inte markup</para>" in flat


def test_the_decision_record_traces_insights_and_logs_decisions(edition):
    reader, text = pdf_text(render_record_pdf(edition_data(edition)))
    flat = " ".join(text.split())
    assert "FRAM-04" in flat and "→ LADD-01, LADD-02" in flat
    assert "CIT-01" not in flat  # no insight of that key in this fixture
    assert "LADD-01 version 1: fastställt 2026-11-29, 3 ja, 0 nej, 0 avstår." in flat
    assert flat.count("Beslutsregel: minst 3 röster") == 1  # stated once, not per line
    assert "Detta är den första utgåvan." in flat
    assert "Anders" in flat and "Karin" in flat  # who wrote, who recorded the approval
    assert all("Beslutsunderlag – allmän handling; sekretessprövas vid begäran" in page.extract_text()
               for page in reader.pages)


def test_draft_preview_is_marked_on_every_page_without_letters_in_its_text(procurement, make_requirement):
    make_requirement()
    content = render_tender_pdf(preview_data(procurement, DAY))
    reader, text = pdf_text(content)
    assert "UTKAST – inte en fastställd utgåva" in text  # said once, on the cover
    body = text.split("UTKAST – inte en fastställd utgåva", 1)[1]
    assert "UTKAST" not in body and "U T K A S T" not in body
    for page in reader.pages:  # the watermark: strokes on every page
        assert b" l\n" in page.get_contents().get_data() or b" l " in page.get_contents().get_data()


def test_members_download_the_pdf_and_outsiders_get_404(client, edition, expert, outsider):
    login(client, expert)
    response = client.get(reverse("edition_pdf", args=[edition.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="ny-gotawebb-utgava-10.pdf"' in response["Content-Disposition"]
    login(client, outsider)
    assert client.get(reverse("edition_pdf", args=[edition.pk])).status_code == 404


def test_export_command_writes_the_edition_and_the_response_form(edition, tmp_path):
    pdf, xlsx = tmp_path / "t.pdf", tmp_path / "s.xlsx"
    call_command("export_tender", "GB 2016/01", "--edition", "Utgåva 1.0", "-o", str(pdf), "--response-form", str(xlsx), stdout=io.StringIO())
    assert pdf.read_bytes() == render_tender_pdf(edition_data(edition))
    assert xlsx.read_bytes().startswith(b"PK")


def test_export_command_names_the_editions_when_the_label_is_wrong(edition):
    with pytest.raises(CommandError, match="Utgåva 1.0"):
        call_command("export_tender", "Ny Götawebb", "--edition", "2.0", "-o", "/dev/null")


def test_missing_font_gives_a_clear_error(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="fonts-dejavu-core"):
        font_files(tmp_path)
