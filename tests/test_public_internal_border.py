"""The border between what suppliers receive and the internal record: the
public PDF, its HTML twin and the svarsmall carry no member names, votes,
tallies, dissent, comments, insight keys, insight texts, rationale or workshop
notes. The beslutsunderlag carries them, for members only."""

import datetime
import io
import re
from html import unescape
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from requirements_app.deliberation import comments, decisions
from requirements_app.documents.editions import edition_data, freeze_edition
from requirements_app.documents.record_pdf import render_record_pdf
from requirements_app.documents.response_form import render_response_form
from requirements_app.documents.tender_html import render_tender_html
from requirements_app.documents.tender_pdf import render_tender_pdf
from requirements_app.drafting import requirements as drafting

from .conftest import complete_terms

DISSENT = "Otydligt vad tre steg betyder"
COMMENT = "Kommentaren från experten"
RATIONALE = "Göta, 92: Jag lånar e-böcker lätt som en plätt!"
VALUE_REASON = "Listor är värda tio för att läsecirklarna bad om dem"
OVERRIDE = "Styrgruppen har beslutat ordalydelsen"
MEETING = "Fastställt vid arbetsgruppens möte 2016-09-12"


@pytest.fixture
def edition(coordinator, member, second_member, third_member, expert, make_requirement, insight, other_insight,
            approve):
    complete_terms(coordinator)  # its contacts, estimated value and threshold source are internal
    approve(make_requirement(title="Egna listor", kind="evaluated", weight=10, value_reason=VALUE_REASON))
    requirement = make_requirement(rationale=RATIONALE, insights=[insight, other_insight], verifikat="Demonstration.")
    drafting.change_status(member, requirement, "review", "")
    comments.add_comment(expert, requirement, COMMENT)
    decisions.cast_vote(member, requirement, 1, "yes")
    decisions.cast_vote(second_member, requirement, 1, "yes")
    decisions.cast_vote(third_member, requirement, 1, "no", DISSENT)
    decisions.record_decision(coordinator, requirement, 1, (2, 1, 0), note=MEETING)
    return freeze_edition(coordinator, "Utgåva 1.0", datetime.date(2026, 11, 29))


def internal_material(edition):
    names = ["Karin", "Anders", "Fatima", "Eva", "Sara", "karin", "anders", "fatima", "sara"]
    insights = ["FRAM-04", "CIT-01", "Ladda upp. Ladda ner.", "Göta, 92"]
    terms = ["Kim Kontakt", "kim@example.org", "Testkällan för tröskelvärden", "6 000 000", "6\u00a0000\u00a0000"]
    return names + insights + terms + [MEETING, DISSENT, COMMENT, RATIONALE, VALUE_REASON, "Beslutsregel", "2 ja", "2–1–0", "Spårbarhet",
                               "Reservation", "Kravgranskning vid frysning"]


def pdf_text(content):
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def html_text(content):
    parser = _Text()
    parser.feed(content.decode())
    return " ".join(" ".join(parser.parts).split())


def sheet_text(content):
    book = load_workbook(io.BytesIO(content))
    return " ".join(str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row if c)


@pytest.mark.parametrize("render, extract", [
    (render_tender_pdf, pdf_text), (render_tender_html, html_text), (render_response_form, sheet_text),
])
def test_nothing_internal_reaches_what_suppliers_receive(edition, render, extract):
    text = extract(render(edition_data(edition)))
    assert "LADD-01" in text and "LADD-02" in text
    leaked = [word for word in internal_material(edition) if word in text]
    assert leaked == []


def test_the_decision_record_holds_the_internal_material(edition):
    text = pdf_text(render_record_pdf(edition_data(edition)))
    for word in ["FRAM-04", "Ladda upp. Ladda ner.", DISSENT, "2 ja, 1 nej", "Anders", "Karin", VALUE_REASON,
                 "LADD-01 Egna listor: 10 kr.", MEETING, RATIONALE, f"Anders ja; Fatima ja; Eva nej ({DISSENT})",
                 "2 insikter besvaras av ett krav; 0 är sorterade bort med ett skäl; 0 är öppna.",
                 "Beslutsunderlag – allmän handling", "(OSL 19 kap. 3 § under upphandlingen)"]:
        assert word in text, word


def test_the_html_twin_is_structured_for_assistive_technology(edition):
    html = render_tender_html(edition_data(edition)).decode()
    assert html.startswith("<!doctype html>") and '<html lang="sv">' in html
    assert 'id="LADD-01"' in html and "@media print" in html
    assert "<link" not in html and "<script" not in html  # self-contained
    levels = [int(level) for level in re.findall(r"<h([1-6])", html)]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:]))
    assert '<th scope="col">' in html


def test_the_html_twin_forbids_script_in_itself_and_opens_in_the_browser(client, coordinator, edition):
    html = render_tender_html(edition_data(edition)).decode()
    policy = unescape(re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html).group(1))
    assert "default-src 'none'" in policy and "script-src" not in policy  # so no script at all
    client.force_login(coordinator.user)
    response = client.get(reverse("edition_html", args=[edition.pk]))
    assert response["Content-Disposition"].startswith("inline; filename=")
    assert response["Content-Security-Policy"] == policy


def test_export_command_writes_the_html_twin_and_the_internal_record(edition, tmp_path):
    html, record = tmp_path / "k.html", tmp_path / "b.pdf"
    call_command("export_tender", "GB 2016/01", "--edition", "Utgåva 1.0", "-o", str(html), "--format", "html",
                 stdout=io.StringIO())
    call_command("export_tender", "GB 2016/01", "--edition", "Utgåva 1.0", "-o", str(record), "--internal",
                 stdout=io.StringIO())
    assert html.read_bytes() == render_tender_html(edition_data(edition))
    assert record.read_bytes() == render_record_pdf(edition_data(edition))
    assert render_record_pdf(edition_data(edition)) == render_record_pdf(edition_data(edition))


def test_the_record_dates_a_decision_by_its_meeting(coordinator, member, second_member, third_member, requirement):
    import datetime

    drafting.change_status(member, requirement, "review", "")
    for voter in (member, second_member, third_member):
        decisions.cast_vote(voter, requirement, 1, "yes")
    decisions.record_decision(coordinator, requirement, 1, (3, 0, 0), meeting_date=datetime.date(2016, 9, 12))
    edition = freeze_edition(coordinator, "Utgåva 1.0", datetime.date(2026, 11, 29))
    assert "Beslutat vid mötet 2016-09-12." in pdf_text(render_record_pdf(edition_data(edition)))
