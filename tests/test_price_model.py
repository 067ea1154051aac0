"""The price model: components a supplier prices against, the utvärderingspris
stated as a formula, and a svarsmall price sheet made from them."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from requirements_app.documents import publication
from requirements_app.documents.editions import edition_data, freeze_edition
from requirements_app.documents.response_form import render_response_form
from requirements_app.documents.tender_html import render_tender_html
from requirements_app.evaluation.price_model import evaluation_price, formula_text
from requirements_app.models import PriceComponent

from .conftest import complete_terms, login
from .test_public_internal_border import html_text

COMPONENTS = [
    {"kind": "fixed", "label": "Utveckling", "quantity": 1, "unit": "", "evaluated": True, "option": False},
    {"kind": "monthly", "label": "Drift", "quantity": 48, "unit": "månader", "evaluated": True, "option": False},
    {"kind": "hourly", "label": "Vidareutveckling", "quantity": 200, "unit": "timmar", "evaluated": True,
     "option": False},
    {"kind": "monthly", "label": "Förlängd drift", "quantity": 24, "unit": "månader", "evaluated": False,
     "option": True},
]


def test_the_evaluation_price_sums_the_evaluated_components_times_their_quantities():
    # 600 000 + 48 × 10 000 + 200 × 900; the option is not evaluated.
    assert evaluation_price(COMPONENTS, [600_000, 10_000, 900, 9_000]) == 1_260_000
    assert formula_text(COMPONENTS) == ("Utvärderingspris = Utveckling + 48 × Drift + 200 × Vidareutveckling, "
                                        "var och en i kronor exklusive moms.")


def test_the_coordinator_builds_the_price_model_and_members_read_it(client, coordinator, member, procurement):
    login(client, coordinator)
    url = reverse("price_model", args=[procurement.pk])
    response = client.post(url, {"label": "Utveckling", "kind": "fixed", "quantity": 2, "order": 0})
    assert "Ett fast pris räknas en gång" in response.content.decode()
    client.post(url, {"label": "Utveckling", "kind": "fixed", "quantity": 1, "evaluated": "on", "order": 0})
    client.post(url, {"label": "Drift", "kind": "monthly", "quantity": 48, "unit": "månader", "evaluated": "on",
                      "order": 1})
    assert PriceComponent.objects.count() == 2
    login(client, member)
    page = client.get(url).content.decode()
    assert "Utvärderingspris = Utveckling + 48 × Drift" in page and "<form" not in page.split("<main")[1]
    assert client.post(url, {"label": "X", "kind": "fixed", "quantity": 1}).status_code == 403


def test_no_price_components_refuses_publication_until_there_are(coordinator, procurement):
    complete_terms(coordinator)
    assert "NO_PRICE_COMPONENTS" not in [c.code for c in publication.terms_checks(procurement)]
    PriceComponent.objects.all().delete()
    assert "NO_PRICE_COMPONENTS" in [c.code for c in publication.terms_checks(procurement)]


@pytest.fixture
def edition(coordinator, make_requirement, approve):
    approve(make_requirement(verifikat="Anbudsgivaren bekräftar kravet."))
    complete_terms(coordinator)
    return freeze_edition(coordinator, "Utgåva 1.0", datetime.date(2027, 3, 1))


def test_the_tender_document_states_the_components_and_the_formula(edition):
    text = html_text(render_tender_html(edition_data(edition)))
    assert "Drift och förvaltning" in text and "48" in text
    assert "Utvärderingspris = Utveckling och införande + 48 × Drift och förvaltning" in text


def test_the_price_sheet_is_made_from_the_components(edition):
    book = load_workbook(io.BytesIO(render_response_form(edition_data(edition))))
    sheet = book["Pris"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    drift = next(row for row in rows if row[0] == "Drift och förvaltning (månader)")
    assert drift[1] == 48 and drift[4] == "Ja" and drift[3].startswith("=B") and "*C" in drift[3]
    total = next(row for row in rows if row[0] == "Utvärderingspris")
    assert total[3].startswith('=SUMIF(E') and '"Ja"' in total[3]
    answer = next(cell for cell in sheet["C"] if cell.row > 1 and not cell.protection.locked)
    assert answer.value is None


def test_the_evaluation_compares_the_utvarderingspris(edition):
    text = html_text(render_tender_html(edition_data(edition)))
    assert "Priset som jämförs är utvärderingspriset, som räknas fram ur prismodellen" in text
