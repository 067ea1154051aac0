"""The PDF renders any text that can be stored: a fuzz test over hostile content.

Built from in-memory edition items, so it can hold more than any form allows
(10,000-character statements, 3,000-character words, a title with line breaks)."""

import datetime
import io
import random
import sys

import pytest
from pypdf import PdfReader

from requirements_app.documents.editions import TenderData
from requirements_app.documents.tender_pdf import render_tender_pdf
from requirements_app.models import EditionItem
from requirements_app.validators import FORBIDDEN_CHARACTERS

# One character from every 128-code-point block of Unicode that holds any
# character a text field accepts, up to the supplementary planes' end.
EVERY_BLOCK = "".join(
    char
    for start in range(0x20, sys.maxunicode, 128)
    for char in [chr(start + 5)]
    if not FORBIDDEN_CHARACTERS.search(char)
)


def hostile_text(rng, length):
    pieces = [
        lambda: "x" * rng.randint(500, 3000),  # one very long word
        lambda: "".join(rng.choice(EVERY_BLOCK) for _ in range(rng.randint(1, 80))),
        lambda: "<b>unclosed & </para> <font color=red>",
        lambda: "\n" * rng.randint(1, 60),
        lambda: " ".join("ord" for _ in range(rng.randint(1, 200))),
        lambda: "😀🇸🇪\u200d\u202e\ufeff",
    ]
    out = ""
    while len(out) < length:
        out += rng.choice(pieces)()
    return out[:length]


def item(rng, seq, kind):
    return EditionItem(
        version_no=rng.randint(1, 9), number=f"FUZZ-{seq:02d}", area_code="FUZZ", seq=seq,
        title=hostile_text(rng, rng.choice([10, 200, 1000])), statement=hostile_text(rng, rng.choice([50, 300, 300, 10_000])),
        rationale=hostile_text(rng, rng.choice([0, 0, 3000])), kind=kind, weight=rng.randint(1, 100) if kind == "evaluated" else None,
        verification="confirm", status="approved", references=hostile_text(rng, 500), insight_keys=["FRAM-04"],
        decision={"outcome": "approved", "yes": 3, "no": 1, "abstain": 0, "advisory": "", "rule": hostile_text(rng, 300),
                  "dissent": hostile_text(rng, 2000), "date": "2026-11-29"},
    )


@pytest.mark.parametrize("seed", range(3))
def test_the_pdf_renders_random_hostile_content(seed):
    rng = random.Random(seed)
    # Enough evaluated items for the weight table to run over several pages.
    items = [item(rng, seq, "evaluated" if seq % 3 else "mandatory") for seq in range(1, 31)]
    previous = [item(rng, seq, "mandatory") for seq in range(1, 10)]
    data = TenderData(
        context={
            "procurement": {"name": hostile_text(rng, 300), "organisation": hostile_text(rng, 200),
                            "reference": "GB 2016/01", "description": hostile_text(rng, 3000)},
            "areas": [{"code": "FUZZ", "name": hostile_text(rng, 150), "description": hostile_text(rng, 10_000)}],
            "insights": [{"key": "FRAM-04", "kind": "need", "kind_label": "behov", "text": hostile_text(rng, 10_000)},
                         {"key": "FRAM-05", "kind": "need", "kind_label": "behov", "text": hostile_text(rng, 5000)}],
        },
        items=items, label="Utgåva <1.0>", edition_date=datetime.date(2026, 11, 29), draft=seed == 0,
        previous_label="Utgåva 0.9", previous_items=previous,
    )
    pdf = render_tender_pdf(data)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "FUZZ-01" in text and "FUZZ-30" in text
    assert "\x00" not in text


def test_a_glyph_the_font_lacks_is_written_as_its_code_point():
    rng = random.Random(1)
    fuzz = item(rng, 1, "mandatory")
    fuzz.title, fuzz.statement = "Emoji", "Webbplatsen ska visa 😀 i chatten."
    data = TenderData(
        context={"procurement": {"name": "P", "organisation": "", "reference": "", "description": ""},
                 "areas": [{"code": "FUZZ", "name": "Område", "description": ""}], "insights": []},
        items=[fuzz], label="Utgåva 1.0", edition_date=datetime.date(2026, 11, 29),
    )
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(render_tender_pdf(data))).pages)
    assert "visa [U+1F600] i chatten" in " ".join(text.split())
    assert "\x00" not in text
