"""English phrases in the Swedish public document carry lang="en" (WCAG 3.1.2)."""

import datetime

import pytest

from requirements_app.documents.editions import preview_data
from requirements_app.documents.tender_html import render_tender_html
from requirements_app.language import language_of


@pytest.mark.parametrize("phrase, language", [
    ("European Accessibility Act", "en"),
    ("Web Content Accessibility Guidelines 2.1", "en"),
    ("EN 301 549 Accessibility requirements for ICT products and services", "en"),
    ("Lag (2023:254)", ""),
    ("Barnkonventionen art. 12", ""),
    ("Lag (2018:1937) om tillgänglighet till digital offentlig service", ""),
    ("WCAG 2.1 1.4.3", ""),  # codes alone are no language
    ("EN 301 549", ""),  # scored only as unknown: once a KeyError that broke the HTML twin of the demo
])
def test_a_phrase_is_english_only_when_its_words_are(phrase, language):
    assert language_of(phrase) == language


def test_an_english_reference_is_marked_in_the_html_twin(procurement, make_requirement, approve):
    approve(make_requirement(title="E-böcker", references="Lag (2023:254)\nEuropean Accessibility Act"))
    html = render_tender_html(preview_data(procurement, datetime.date(2026, 12, 4))).decode()
    assert '<dd>Lag (2023:254); <span lang="en">European Accessibility Act</span></dd>' in html
