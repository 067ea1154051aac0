"""The PDF machinery the tender documents share (reportlab Platypus): fonts,
styles, escaping, headings that become bookmarks, the table of contents, page
numbers, the page template with its header, footer and marks.

Each document is built in a single layout pass. Page numbers that are only
known at the end – the contents' page column and every footer's "Sida X av Y" –
are PDF form XObjects that the pages refer to and that are drawn once the last
page is known (multiBuild would lay the whole document out two or three times).
Every text a user typed becomes a Paragraph through `text()`, which escapes it.
"""

import functools
import io
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_FILES = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf"}
MARGIN = 20 * mm
ACCENT = colors.HexColor("#00548f")


def font_files(font_dir):
    """The DejaVu Sans files in `font_dir`, or a clear error naming what is missing."""
    font_dir = Path(font_dir)
    missing = [name for name in FONT_FILES.values() if not (font_dir / name).is_file()]
    if missing:
        raise ImproperlyConfigured(
            f"The tender PDF needs the DejaVu Sans fonts ({', '.join(missing)}) in {font_dir}. "
            "Install Debian's fonts-dejavu-core, or set TENDER_FONT_DIR to a folder that holds them."
        )
    return {name: font_dir / filename for name, filename in FONT_FILES.items()}


def register_fonts():
    """Register DejaVu Sans (embedded, so å ä ö – ≥ and quotes render everywhere)."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    for name, path in font_files(settings.TENDER_FONT_DIR).items():
        pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


def _styles():
    base = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13.5, spaceAfter=5)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11, textColor=colors.HexColor("#333333")),
        "meta": ParagraphStyle("meta", parent=base, fontSize=9, leading=12, textColor=colors.HexColor("#333333")),
        "h1": ParagraphStyle("h1", parent=base, fontName=FONT_BOLD, fontSize=16, leading=20, spaceBefore=6,
                             spaceAfter=10, textColor=ACCENT, keepWithNext=1),
        "h2": ParagraphStyle("h2", parent=base, fontName=FONT_BOLD, fontSize=11.5, leading=15, spaceBefore=10,
                             spaceAfter=4, keepWithNext=1),
        "label": ParagraphStyle("label", parent=base, fontName=FONT_BOLD, spaceAfter=1, keepWithNext=1),
        # A table's header cell: wraps within its column instead of printing over the next.
        "th": ParagraphStyle("th", parent=base, fontName=FONT_BOLD, fontSize=9, leading=11, spaceAfter=0),
        "th_right": ParagraphStyle("th_right", parent=base, fontName=FONT_BOLD, fontSize=9, leading=11, spaceAfter=0,
                                   alignment=TA_RIGHT),
        "cover": ParagraphStyle("cover", parent=base, fontName=FONT_BOLD, fontSize=26, leading=32, alignment=TA_CENTER,
                                spaceAfter=14, textColor=ACCENT),
        "cover_sub": ParagraphStyle("cover_sub", parent=base, fontSize=14, leading=20, alignment=TA_CENTER),
        "draft": ParagraphStyle("draft", parent=base, fontName=FONT_BOLD, fontSize=20, alignment=TA_CENTER,
                                textColor=colors.HexColor("#a4161a")),
    }


@functools.cache
def _covered_characters():
    """The characters both DejaVu faces have a glyph for, in the Basic
    Multilingual Plane: reportlab writes a broken text map (ToUnicode) for the
    few glyphs DejaVu has beyond it, so they would not extract."""
    regular, bold = (pdfmetrics.getFont(name).face.charToGlyph for name in (FONT, FONT_BOLD))
    return frozenset(code for code in regular if code < 0x10000 and code in bold)


def visible_glyphs(value):
    """`value` with each character the font cannot draw (an emoji, say) written
    as its code point, "[U+1F600]": a box would hide it and extract as NUL."""
    if value.isascii():
        return value
    covered = _covered_characters()
    missing = {char for char in set(value) if ord(char) not in covered and char != "\n"}
    for char in missing:
        value = value.replace(char, f"[U+{ord(char):04X}]")
    return value


def line(value):
    """User text for a canvas line (contents, header, footer): one line, drawable."""
    return visible_glyphs(" ".join((value or "").split()))


def text(value):
    """User text as Paragraph markup: escaped, line breaks kept. The one place
    where typed text enters reportlab, so `<b>`, `&` or `<font>` stay literal."""
    return escape(visible_glyphs(value or "")).replace("\n", "<br/>")


class Heading(Paragraph):
    """A heading that becomes a bookmark, an outline entry and a TOC line
    (`outline`: level, title, key). It keeps Paragraph's signature, because
    reportlab rebuilds the parts of a split paragraph through its class; the
    first part of a split heading keeps the entry."""

    outline = None

    def split(self, avail_width, avail_height):
        parts = super().split(avail_width, avail_height)
        if parts:
            parts[0].outline = self.outline
        return parts


class TableOfContents(Flowable):
    """One line per heading. The page numbers of each chunk (one chunk per page
    it lands on) are one form XObject, drawn when the document ends (see
    `PageNumbers`)."""

    line_height = 13

    def __init__(self, entries, chunks=None):
        super().__init__()
        self.entries = entries  # [(level, title, key)]
        self.chunks = chunks if chunks is not None else []  # shared: [[keys of one drawn chunk]]

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        return avail_width, len(self.entries) * self.line_height

    def split(self, avail_width, avail_height):
        fits = int(avail_height // self.line_height)
        if fits <= 0 or fits >= len(self.entries):
            return [] if fits <= 0 else [self]
        return [
            TableOfContents(self.entries[:fits], self.chunks),
            TableOfContents(self.entries[fits:], self.chunks),
        ]

    def draw(self):
        canvas = self.canv
        top = self.line_height * len(self.entries) - 10
        y = top
        for level, title, key in self.entries:
            font, size, indent = (FONT_BOLD, 10, 0) if level == 0 else (FONT, 9, 12)
            canvas.setFont(font, size)
            room = self.width - indent - 40
            title = line(title)
            while title and pdfmetrics.stringWidth(title, font, size) > room:
                title = title[:-2].rstrip() + "…"
            canvas.drawString(indent, y, title)
            canvas.linkRect("", key, (indent, y - 3, self.width, y + 10), relative=1)
            y -= self.line_height
        canvas.saveState()
        canvas.translate(self.width, top)
        canvas.doForm(f"toc-{len(self.chunks)}")
        canvas.restoreState()
        self.chunks.append([key for _level, _title, key in self.entries])


class PageNumbers(Flowable):
    """Zero-size, last in the story: draws each page's footer "Sida X av Y" and
    each TOC entry's page, now that every page is laid out. The footer is one
    form per page, so it reads (and extracts) as one line."""

    def __init__(self, doc, toc):
        super().__init__()
        self.doc, self.toc = doc, toc

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def draw(self):
        canvas = self.canv
        total = self.doc.page
        for page in range(1, total + 1):
            canvas.beginForm(f"footer-{page}", lowerx=-200, lowery=-2, upperx=1, uppery=10)
            canvas.setFont(FONT, 8)
            canvas.drawRightString(0, 0, _("Page %(page)s of %(total)s") % {"page": page, "total": total})
            canvas.endForm()
        height = TableOfContents.line_height
        for index, keys in enumerate(self.toc.chunks):
            # A form clips to its bounding box: the numbers are right-aligned at x=0, going down.
            canvas.beginForm(f"toc-{index}", lowerx=-60, lowery=-height * len(keys), upperx=1, uppery=height)
            canvas.setFont(FONT, 9)
            for row, key in enumerate(keys):
                canvas.drawRightString(0, -row * height, str(self.doc.heading_pages.get(key, "")))
            canvas.endForm()


# "UTKAST" as strokes on a 4 × 6 grid: a watermark drawn as lines is seen, but
# is not text, so it never ends up in the document's extracted text.
STROKES = {
    "U": [(0, 6), (0, 1), (1, 0), (3, 0), (4, 1), (4, 6)],
    "T": [(0, 6), (4, 6), None, (2, 6), (2, 0)],
    "K": [(0, 6), (0, 0), None, (4, 6), (0, 2), None, (1.4, 3.4), (4, 0)],
    "A": [(0, 0), (2, 6), (4, 0), None, (0.9, 2.6), (3.1, 2.6)],
    "S": [(4, 5), (3, 6), (1, 6), (0, 5), (0, 4), (1, 3), (3, 3), (4, 2), (4, 1), (3, 0), (1, 0), (0, 1)],
}


def draw_stroke_word(canvas, word, unit):
    """Draw `word` (letters of STROKES) centred on the origin, each grid step `unit` long."""
    advance = 6 * unit
    x0 = -(advance * len(word) - 2 * unit) / 2
    path = canvas.beginPath()
    for index, letter in enumerate(word):
        pen_up = True
        for point in STROKES[letter]:
            if point is None:
                pen_up = True
                continue
            x, y = x0 + index * advance + point[0] * unit, (point[1] - 3) * unit
            if pen_up:
                path.moveTo(x, y)
                pen_up = False
            else:
                path.lineTo(x, y)
    canvas.drawPath(path, stroke=1, fill=0)


class DocumentTemplate(BaseDocTemplate):
    """A4 with a cover page and body pages. Body pages carry a header (left and
    right texts), a footer (left text, "Sida X av Y"); `mark` is "draft" (an
    UTKAST watermark on every page) or "internal" (the beslutsunderlag's label,
    an allmän handling whose secrecy is tried on request, on every page, cover
    included) or empty."""

    def __init__(self, buffer, header_left, header_right, footer_left, mark="", dated=None, **kwargs):
        super().__init__(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN + 6 * mm,
                         bottomMargin=MARGIN, **kwargs)
        self.header_left, self.header_right, self.footer_left, self.mark = header_left, header_right, footer_left, mark
        self.dated = dated
        self.heading_pages = {}
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([
            PageTemplate(id="cover", frames=[frame], onPage=self._marks),
            PageTemplate(id="body", frames=[frame], onPage=self._header_footer),
        ])

    def beforeDocument(self):
        # Created and modified on the edition's date, not reportlab's invariant
        # 2000-01-01: still the same bytes for the same edition.
        if self.dated:
            stamp = f"D:{self.dated:%Y%m%d}000000+00'00'"
            self.canv.setDateFormatter(lambda *_ignored: stamp)

    def afterFlowable(self, flowable):
        outline = getattr(flowable, "outline", None)
        if outline:
            level, title, key = outline
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(title, key, level=level, closed=level > 0)
            self.heading_pages[key] = self.page

    def _marks(self, canvas, doc):
        if self.mark == "draft":
            canvas.saveState()
            canvas.setStrokeColor(colors.Color(0.75, 0.1, 0.1, alpha=0.18))
            canvas.setLineWidth(9)
            canvas.setLineCap(1)
            canvas.setLineJoin(1)
            canvas.translate(A4[0] / 2, A4[1] / 2)
            canvas.rotate(45)
            draw_stroke_word(canvas, "UTKAST", 14)
            canvas.restoreState()
        elif self.mark == "internal":
            canvas.saveState()
            canvas.setFont(FONT_BOLD, 9)
            canvas.setFillColor(colors.HexColor("#a4161a"))
            canvas.drawCentredString(A4[0] / 2, A4[1] - MARGIN + 8 * mm,
                                     _("Decision record – a public document; secrecy is tried on request"))
            canvas.restoreState()

    def _header_footer(self, canvas, doc):
        self._marks(canvas, doc)
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.setFillColor(colors.HexColor("#333333"))
        top = A4[1] - MARGIN + 2 * mm
        canvas.drawString(MARGIN, top, line(self.header_left))
        canvas.drawRightString(A4[0] - MARGIN, top, line(self.header_right))
        canvas.setStrokeColor(ACCENT)
        canvas.line(MARGIN, top - 2 * mm, A4[0] - MARGIN, top - 2 * mm)
        canvas.drawString(MARGIN, MARGIN - 8 * mm, line(self.footer_left))
        canvas.translate(A4[0] - MARGIN, MARGIN - 8 * mm)
        canvas.doForm(f"footer-{doc.page}")
        canvas.restoreState()


class StoryBase:
    """What every document's story shares: numbered chapters and appendices
    whose headings feed the contents and the outline, paragraphs, tables."""

    def __init__(self):
        self.s = _styles()
        self.entries = []  # (level, title, key) for the TOC and outline
        self.chapter = 0

    def heading(self, title, level, key=None):
        key = key or f"h{len(self.entries)}"
        self.entries.append((level, title, key))
        heading = Heading(text(title), self.s["h1" if level == 0 else "h2"])
        heading.outline = (level, title, key)
        return heading

    def chapter_heading(self, title, appendix=None):
        if appendix:
            return self.heading(_("Appendix %(letter)s. %(title)s") % {"letter": appendix, "title": title}, 0)
        self.chapter += 1
        return self.heading(f"{self.chapter}. {title}", 0)

    def para(self, markup, style="body"):
        return Paragraph(markup, self.s[style])

    def paragraphs(self, value, style="body"):
        """User text of several paragraphs (blank lines between) as Paragraphs."""
        return [self.para(text(part), style) for part in (value or "").split("\n\n") if part.strip()]

    def build(self, doc):
        body = self.body()
        toc = TableOfContents(self.entries)
        return self.cover() + [self.para(_("Contents"), "h1"), toc, PageBreak()] + body + [PageNumbers(doc, toc)]

    def table(self, rows, col_widths, total_row=False):
        # Header words wrap in their column (a plain string would print over the next column).
        header = [self.para(text(cell), "th_right" if index == len(rows[0]) - 1 else "th") if isinstance(cell, str)
                  else cell for index, cell in enumerate(rows[0])]
        # splitInRow: a row taller than a page (a very long title) is split, not a LayoutError.
        table = Table([header, *rows[1:]], colWidths=col_widths, repeatRows=1, splitInRow=1)
        style = [
            ("FONT", (0, 0), (-1, -1), FONT, 9),
            ("FONT", (0, 0), (-1, 0), FONT_BOLD, 9),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
            ("ALIGN", (-1, 0), (-1, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
        if total_row:
            style += [("FONT", (0, -1), (-1, -1), FONT_BOLD, 9), ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black)]
        table.setStyle(TableStyle(style))
        return table

    def chunked_table(self, header, rows, col_widths, total=None):
        """Page-sized tables (one long Table is re-measured at every page it
        splits over); `total`, if given, closes the last one."""
        rows = rows + [total] if total is not None else rows
        chunk = 40
        starts = range(0, len(rows), chunk)
        return [
            self.table([header, *rows[start:start + chunk]], col_widths, total_row=total is not None and start == starts[-1])
            for start in starts
        ]


def render(story, header_left, header_right, footer_left, mark, dated=None, **metadata):
    """The story's document as PDF bytes, dated `dated` (the edition's date);
    the same story gives the same bytes."""
    register_fonts()
    buffer = io.BytesIO()
    with translation.override("sv"):
        doc = DocumentTemplate(
            buffer, header_left, header_right, footer_left, mark, dated=dated, creator="Kravverkstaden", lang="sv-SE",
            displayDocTitle=True, invariant=1,
            # A canvas starts in Helvetica, which is not embedded: DejaVu instead, so every font is (PDF/A).
            initialFontName=FONT, **metadata,
        )
        doc.build(story.build(doc))
    return buffer.getvalue()
