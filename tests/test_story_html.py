"""The record's story as HTML: each flowable as what it means, nothing dropped unseen."""

import pytest
from reportlab.platypus import PageBreak, Spacer
from reportlab.platypus.tables import Table

from requirements_app.documents.pdf_layout import StoryBase, register_fonts, text
from requirements_app.documents.story_html import inline, story_html


@pytest.fixture
def story():
    register_fonts()
    return StoryBase()


def test_headings_paragraphs_and_a_diff_become_their_html(story):
    html = story_html([
        story.chapter_heading("Beslutslogg"), story.heading("Varningar", 1), Spacer(0, 10), PageBreak(),
        story.para(f"<b>{text('LADD-01 <Låna>')}</b><br/><strike>gammalt</strike> <u>nytt</u>", "small"),
    ])
    assert html == ('<h2 id="h0">1. Beslutslogg</h2>\n<h3 id="h1">Varningar</h3>\n'
                    '<p class="small"><strong>LADD-01 &lt;Låna&gt;</strong><br><del>gammalt</del> <ins>nytt</ins></p>')


def test_a_flowable_without_html_is_an_error_not_dropped(story):
    with pytest.raises(TypeError):
        story_html([Table([["a"]])])


def test_markup_without_an_html_counterpart_is_an_error():
    with pytest.raises(ValueError):
        inline('<font color="red">röd</font>')
