"""The coordinator sets up the evaluation model, simulates three tenders and
freezes an edition whose PDF states the model with its example."""

import pytest

from requirements_app.models import EvaluationModel

from .conftest import check_a11y, download, login, pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_set_up_simulate_and_freeze(new_page, coordinator, make_requirement, approve):
    approve(make_requirement(title="Boktips", kind="evaluated", weight=150_000,
                             scale="0 %: Inga tips\n50 %: Tips utifrån lån\n100 %: Tips utifrån lån och intressen"))
    approve(make_requirement(title="Uppläsning", kind="evaluated", weight=50_000))
    page = new_page()
    login(page, "karin")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Utvärdering").click()
    check_a11y(page)
    page.get_by_label("Förväntat pris (kronor)").fill("500000")
    page.get_by_label("Lägst anbudspris").check()
    page.get_by_role("button", name="Spara utvärderingsmodellen").click()
    assert "Utvärderingsmodellen har sparats." in page.get_by_role("status").first.inner_text()
    assert EvaluationModel.objects.get().expected_price == 500_000
    # 200 000 kr of added value is 40 % of 500 000: more than the 30 % the model warns above.
    assert "mer än 30 % av det förväntade priset" in page.get_by_role("region", name="Att balansera före frysning").inner_text()

    page.get_by_label("Namn på anbud 1").fill("Alfa")
    page.get_by_label("Pris för anbud 1 (kronor)").fill("1000000")
    page.get_by_label("Anbud 1, LADD-01").select_option("50")
    page.get_by_label("Anbud 1, LADD-02").select_option("100")
    page.get_by_label("Pris för anbud 2 (kronor)").fill("900000")
    page.get_by_label("Pris för anbud 3 (kronor)").fill("950000")
    page.get_by_label("Anbud 3, LADD-01").select_option("100")
    page.get_by_role("button", name="Jämför anbuden").click()
    ranking = page.get_by_role("table", name="De påhittade anbuden, bäst först").inner_text()
    assert ranking.index("Anbud 3") < ranking.index("Alfa") < ranking.index("Anbud 2")
    assert "800\u00a0000\u00a0kr" in ranking
    assert "LADD-01 avgör tilldelningen: utan det skulle Anbud 2 vinna." in page.locator("main").inner_text()
    check_a11y(page)

    page.get_by_role("link", name="Upphandlingsdokument").click()
    page.get_by_role("link", name="Förhandsgranska och frys en ny utgåva").click()
    page.get_by_label("Beteckning").fill("Utgåva 1.0")
    page.get_by_role("button", name="Frys utgåvan").click()
    pdf = download(page, lambda: page.get_by_role("link", name="Upphandlingsdokument Utgåva 1.0 (PDF)").click())
    text = " ".join(pdf_text(pdf).split())
    assert "Jämförelsetal = anbudspris − summan av erhållna mervärden" in text
    assert "Räkneexempel" in text and "vinner, med lägst jämförelsetal" in text
