"""A document's story (the reportlab flowables its PDF is drawn from) as
semantic HTML, so that WeasyPrint can make a tagged PDF that says exactly
what the reportlab PDF says: one story, two renderers. Headings become h2/h3
(the cover's title h1), paragraphs p; reportlab's paragraph markup is already
escaped text with a few tags, which map to their HTML meaning. Page furniture
(spacers, page breaks, the contents' page numbers) is left to the stylesheet.
A flowable this does not know is an error, so nothing is dropped unseen."""

import re

from django.utils.html import escape
from reportlab.platypus import CondPageBreak, NextPageTemplate, PageBreak, Paragraph, Spacer

from .pdf_layout import Heading, PageNumbers, TableOfContents


# reportlab's inline tags → HTML's (<strike> and <u> mark a diff's deleted and inserted words).
INLINE = {"b": "strong", "i": "em", "strike": "del", "u": "ins"}
TAG = re.compile(r"<(/?)(b|i|strike|u)>|<br/>")
# Paragraph styles that are not body text: what each is in HTML.
STYLES = {"cover": "h1", "cover_sub": "p", "draft": "p", "body": "p", "small": "p", "meta": "p"}
# Flowables that only place things on pages (the template draws the contents from the story's entries).
LAYOUT = (Spacer, PageBreak, CondPageBreak, NextPageTemplate, PageNumbers, TableOfContents)


def inline(markup):
    """reportlab paragraph markup (escaped text, <b>, <i>, <u>, <strike>, <br/>) as HTML."""
    def replace(match):
        if match.group(0) == "<br/>":
            return "<br>"
        return f"<{match.group(1)}{INLINE[match.group(2)]}>"
    html = TAG.sub(replace, markup)
    if re.search(r"<(?!/?(strong|em|del|ins)>|br>)", html):
        raise ValueError(f"Markup HTML has no counterpart for: {markup[:80]!r}")
    return html


def flowable_html(flowable):
    """One flowable as HTML ("" for page furniture)."""
    if isinstance(flowable, LAYOUT):
        return ""
    if isinstance(flowable, Heading):
        level, _title, key = flowable.outline
        return f'<h{level + 2} id="{escape(key)}">{inline(flowable.text)}</h{level + 2}>'
    if isinstance(flowable, Paragraph):
        name = flowable.style.name
        tag = STYLES.get(name)
        if tag is None:
            raise ValueError(f"No HTML for the paragraph style {name!r}")
        return f'<{tag} class="{name}">{inline(flowable.text)}</{tag}>'
    raise TypeError(f"No HTML for {type(flowable).__name__}")


def story_html(flowables):
    """The flowables as one HTML fragment, in their order."""
    return "\n".join(html for html in map(flowable_html, flowables) if html)
