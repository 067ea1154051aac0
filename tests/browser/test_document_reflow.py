"""The HTML twin of the tender document reflows (WCAG 1.4.10): at 320 CSS px
nothing scrolls sideways, also with the text-spacing of WCAG 1.4.12."""

import datetime

import pytest

from requirements_app.documents.editions import edition_data, freeze_edition
from requirements_app.documents.tender_html import render_tender_html
from requirements_app.models import Definition

from .conftest import check_a11y

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

TEXT_SPACING = """* { line-height: 1.5 !important; letter-spacing: .12em !important; word-spacing: .16em !important; }
p { margin-bottom: 2em !important; }"""


@pytest.fixture
def html(coordinator, make_requirement, approve):
    Definition.objects.create(procurement=coordinator.procurement, term="Tillgänglighetsredogörelse",
                              meaning="Den redogörelse för webbplatsens tillgänglighet som lagen kräver.",
                              role="")
    approve(make_requirement(title="Tillgänglighetsredogörelse och återkopplingsfunktion",
                             statement="Webbplatsen ska uppfylla WCAG 2.1 nivå AA med tillgänglighetsredogörelse och kontrast.",
                             references="WCAG 2.1 nivå AA"))
    approve(make_requirement(title="Boktips", kind="evaluated", weight=150_000,
                             scale="0 %: Inga tips\n50 %: Tips utifrån lån\n100 %: Tips utifrån lån och intressen"))
    edition = freeze_edition(coordinator, "Utgåva 1.0", datetime.date(2026, 11, 29))
    return render_tender_html(edition_data(edition)).decode()


@pytest.mark.parametrize("spacing", [False, True], ids=["as-is", "text-spacing"])
def test_the_html_twin_reflows_at_320_px(browser, html, spacing):
    context = browser.new_context(viewport={"width": 320, "height": 640}, bypass_csp=True)  # for axe
    page = context.new_page()
    page.set_content(html)
    if spacing:
        page.add_style_tag(content=TEXT_SPACING)
    width = page.evaluate("document.scrollingElement.scrollWidth")
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 321)"
        ".slice(0, 3).map(e => e.tagName + '.' + e.className + ' ' + e.textContent.slice(0, 40))")
    check_a11y(page)
    context.close()
    assert width <= 320, wide
