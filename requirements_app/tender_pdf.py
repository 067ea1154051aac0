"""The tender document (kravspecifikation) as a PDF, with reportlab Platypus.

Layout only: the data comes from `editions.TenderData`. The document is built
in a single layout pass. Page numbers that are only known at the end – the
"av Y" of every footer and the page column of the table of contents – are PDF
form XObjects that each page refers to and that are drawn once the last page is
known. (multiBuild would lay the whole document out two or three times.)
Every text a user typed becomes a Paragraph through `text()`, which escapes it.
"""

import functools
import io
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from .models import Decision, Requirement

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
    """Zero-size, last in the story: draws the forms for the total page count
    and for each TOC entry's page, now that every page is laid out."""

    def __init__(self, doc, toc):
        super().__init__()
        self.doc, self.toc = doc, toc

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def draw(self):
        canvas = self.canv
        canvas.beginForm("page-total")
        canvas.setFont(FONT, 8)
        canvas.drawString(0, 0, str(self.doc.page))
        canvas.endForm()
        height = TableOfContents.line_height
        for index, keys in enumerate(self.toc.chunks):
            # A form clips to its bounding box: the numbers are right-aligned at x=0, going down.
            canvas.beginForm(f"toc-{index}", lowerx=-60, lowery=-height * len(keys), upperx=1, uppery=height)
            canvas.setFont(FONT, 9)
            for line, key in enumerate(keys):
                canvas.drawRightString(0, -line * height, str(self.doc.heading_pages.get(key, "")))
            canvas.endForm()


class TenderDocTemplate(BaseDocTemplate):
    def __init__(self, buffer, data, **kwargs):
        super().__init__(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN + 6 * mm,
                         bottomMargin=MARGIN, **kwargs)
        self.data = data
        self.heading_pages = {}
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([
            PageTemplate(id="cover", frames=[frame], onPage=self._draft_mark),
            PageTemplate(id="body", frames=[frame], onPage=self._header_footer),
        ])

    def afterFlowable(self, flowable):
        outline = getattr(flowable, "outline", None)
        if outline:
            level, title, key = outline
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(title, key, level=level, closed=level > 0)
            self.heading_pages[key] = self.page

    def _draft_mark(self, canvas, doc):
        if not self.data.draft:
            return
        canvas.saveState()
        canvas.setFont(FONT_BOLD, 90)
        canvas.setFillColor(colors.Color(0.75, 0.1, 0.1, alpha=0.18))
        canvas.translate(A4[0] / 2, A4[1] / 2)
        canvas.rotate(45)
        canvas.drawCentredString(0, -30, _("DRAFT"))
        canvas.restoreState()

    def _header_footer(self, canvas, doc):
        self._draft_mark(canvas, doc)
        procurement = self.data.context["procurement"]
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.setFillColor(colors.HexColor("#333333"))
        top = A4[1] - MARGIN + 2 * mm
        canvas.drawString(MARGIN, top, line(procurement["name"]))
        canvas.drawRightString(A4[0] - MARGIN, top, _("Requirements specification") + f" – {line(self.data.label)}")
        canvas.setStrokeColor(ACCENT)
        canvas.line(MARGIN, top - 2 * mm, A4[0] - MARGIN, top - 2 * mm)
        label = _("Page %(page)s of") % {"page": doc.page} + " "
        x = A4[0] - MARGIN - pdfmetrics.stringWidth(label, FONT, 8) - 12
        canvas.drawString(x, MARGIN - 8 * mm, label)
        canvas.translate(x + pdfmetrics.stringWidth(label, FONT, 8), MARGIN - 8 * mm)
        canvas.doForm("page-total")
        canvas.restoreState()
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.drawString(MARGIN, MARGIN - 8 * mm, line(procurement["organisation"]))
        canvas.restoreState()


# What each verification method asks of the supplier (translated when drawn).
VERIFICATION_GUIDANCE = {
    Requirement.Verification.CONFIRM: gettext_noop("The tenderer confirms in the response form that the requirement is met."),
    Requirement.Verification.DESCRIBE: gettext_noop("The tenderer describes in the response form how the requirement is met."),
    Requirement.Verification.ATTACH: gettext_noop(
        "The tenderer attaches documents that show the requirement is met and names them in the response form."
    ),
    Requirement.Verification.DEMONSTRATE: gettext_noop("The tenderer demonstrates, when asked, that the requirement is met."),
    Requirement.Verification.TESTED: gettext_noop(
        "The contracting authority tests that the requirement is met, for example before the service goes live."
    ),
}


class StoryBuilder:
    """Turns TenderData into Platypus flowables, chapter by chapter."""

    def __init__(self, data):
        self.data = data
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

    def body(self):
        """The document's chapters and appendices (without cover and contents)."""
        body = []
        body += self.introduction()
        for area, items in self.data.items_by_area():
            body += self.area_chapter(area, items)
        body += self.evaluation_model()
        body += self.traceability()
        body += self.change_log()
        body += self.decision_log()
        return body

    def build(self, doc):
        body = self.body()
        toc = TableOfContents(self.entries)
        return self.cover() + [self.para(_("Contents"), "h1"), toc, PageBreak()] + body + [PageNumbers(doc, toc)]

    def cover(self):
        data, procurement = self.data, self.data.context["procurement"]
        flow = [Spacer(0, 40 * mm)]
        if data.draft:
            flow.append(self.para(_("DRAFT – not a frozen edition"), "draft"))
            flow.append(Spacer(0, 8 * mm))
        flow += [
            self.para(_("Requirements specification"), "cover"),
            self.para(text(procurement["name"]), "cover_sub"),
            Spacer(0, 12 * mm),
            self.para(text(procurement["organisation"]), "cover_sub"),
            self.para(f"{text(data.label)}, {date_format(data.edition_date, 'j F Y')}", "cover_sub"),
        ]
        if procurement["reference"]:
            flow.append(self.para(_("Reference number") + f": {text(procurement['reference'])}", "cover_sub"))
        flow += [NextPageTemplate("body"), PageBreak()]
        return flow

    def introduction(self):
        insights = self.data.context["insights"]
        decisions = [i for i in insights if i["kind"] == "decision"]
        messages = [i for i in insights if i["kind"] == "shared_message"]
        flow = [self.chapter_heading(_("Introduction")), self.heading(_("Background"), 1)]
        if self.data.context["procurement"]["description"]:
            flow.append(self.para(text(self.data.context["procurement"]["description"])))
        flow.append(self.para(_("On 15 April 2016 the Götabiblioteken held a workshop. Its decisions:")))
        flow += [self.para(f"• {text(i['text'])}") for i in decisions]
        flow.append(self.para(_("The shared message:")))
        flow += [self.para(f"• {text(i['text'])}") for i in messages]
        flow += [
            self.heading(_("How to read the requirements"), 1),
            self.para(_("<b>Mandatory requirements</b> (ska-krav) must be met. A tender that does not meet every mandatory requirement is rejected.")),
            self.para(_("<b>Evaluated requirements</b> (bör-krav) are not required. Each has a weight; a tender that meets it gains the weight in the evaluation (see the evaluation model).")),
            self.para(_("A reference to a standard, brand or product is to be read as followed by “or equivalent” (eller likvärdigt).")),
            self.heading(_("How the tenderer shows that a requirement is met"), 1),
        ]
        for value, label in Requirement.Verification.choices:
            flow.append(self.para(f"<b>{text(str(label).capitalize())}:</b> " + _(VERIFICATION_GUIDANCE[value])))
        return flow

    def area_chapter(self, area, items):
        flow = [PageBreak(), self.chapter_heading(area["name"])]
        if area["description"]:
            flow.append(self.para(text(area["description"])))
        for item in items:
            flow += self.requirement(item)
        return flow

    def requirement(self, item):
        kind = str(Requirement.Kind(item.kind).label).capitalize()
        if item.kind == Requirement.Kind.EVALUATED:
            kind += ", " + _("weight %(weight)s") % {"weight": item.weight}
        meta = kind + " · " + _("Verification: %(method)s") % {"method": Requirement.Verification(item.verification).label}
        if self.data.draft:
            meta += " · " + _("Status: %(status)s, version %(version)s") % {
                "status": Requirement.Status(item.status).label, "version": item.version_no}
        parts = [
            self.heading(f"{item.number} {item.title}", 1, key=f"req-{item.number}"),
            self.para(text(meta), "meta"),
            self.para(f"<b>{escape(_('Requirement'))}:</b> {text(item.statement)}"),
        ]
        if item.rationale:
            parts.append(self.para(f"<b>{escape(_('Rationale'))}:</b> {text(item.rationale)}", "small"))
        extra = []
        if item.insight_keys:
            extra.append(_("Answers the insights") + ": " + text(", ".join(item.insight_keys)))
        if item.references:
            extra.append(_("References") + ": " + text("; ".join(item.reference_list())))
        extra.append(_("How it is shown") + ": " + _(VERIFICATION_GUIDANCE[item.verification]))
        parts.append(self.para("<br/>".join(extra), "small"))
        return parts

    def evaluation_model(self):
        items = self.data.evaluated_items()
        flow = [PageBreak(), self.chapter_heading(_("Evaluation model"))]
        flow.append(self.para(_("The evaluated requirements and their weights. A tender gains the weight of each evaluated requirement it meets.")))
        if not items:
            return flow + [self.para(_("This edition has no evaluated requirements."))]
        header = [_("Number"), _("Requirement"), _("Weight")]
        rows = [[item.number, self.para(text(item.title), "small"), str(item.weight)] for item in items]
        rows.append(["", _("Total"), str(sum(item.weight for item in items))])
        # Page-sized tables: one long Table is re-measured at every page it splits over.
        chunk = 40
        return flow + [self._weight_table([header, *rows[start:start + chunk]]) for start in range(0, len(rows), chunk)]

    def _weight_table(self, rows):
        # splitInRow: a row taller than a page (a very long title) is split, not a LayoutError.
        table = Table(rows, colWidths=[25 * mm, None, 20 * mm], repeatRows=1, splitInRow=1)
        style = [
            ("FONT", (0, 0), (-1, -1), FONT, 9),
            ("FONT", (0, 0), (-1, 0), FONT_BOLD, 9),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
            ("ALIGN", (2, 0), (2, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
        if rows[-1][0] == "":  # the total
            style += [("FONT", (0, -1), (-1, -1), FONT_BOLD, 9), ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black)]
        table.setStyle(TableStyle(style))
        return table

    def traceability(self):
        flow = [PageBreak(), self.chapter_heading(_("Traceability"), appendix="A")]
        flow.append(self.para(_("Each insight from the workshop of 15 April 2016 and the requirements that answer it.")))
        unanswered = []
        for insight, numbers in self.data.traceability():
            if not numbers:
                unanswered.append(insight)
                continue
            flow.append(self.para(
                f"<b>{text(insight['key'])}</b> ({text(insight['kind_label'])}) {text(insight['text'])}<br/>"
                f"→ {text(', '.join(numbers))}", "small"))
        flow.append(self.heading(_("Insights that no requirement answers"), 1))
        if not unanswered:
            flow.append(self.para(_("None.")))
        for insight in unanswered:
            flow.append(self.para(f"<b>{text(insight['key'])}</b> {text(insight['text'])}", "small"))
        return flow

    def change_log(self):
        flow = [CondPageBreak(60 * mm), self.chapter_heading(_("Change log"), appendix="B")]
        if not self.data.previous_label:
            return flow + [self.para(_("This is the first edition."))]
        log = self.data.change_log()
        flow.append(self.para(_("Changes since %(label)s.") % {"label": text(self.data.previous_label)}))
        flow.append(self.heading(_("Added"), 1))
        flow += [self.para(f"{text(i.number)} {text(i.title)}", "small") for i in log["added"]] or [self.para(_("None."))]
        flow.append(self.heading(_("Changed"), 1))
        for old, new, runs in log["changed"]:
            diff = "".join(
                f"<strike>{text(run)}</strike>" if op == "delete" else f"<u>{text(run)}</u>" if op == "insert" else text(run)
                for op, run in runs
            )
            flow.append(self.para(
                f"<b>{text(new.number)} {text(new.title)}</b> "
                + _("(version %(old)s → %(new)s)") % {"old": old.version_no, "new": new.version_no}
                + f"<br/>{diff}", "small"))
        if not log["changed"]:
            flow.append(self.para(_("None.")))
        flow.append(self.heading(_("Removed"), 1))
        flow += [self.para(f"{text(i.number)} {text(i.title)}", "small") for i in log["removed"]] or [self.para(_("None."))]
        return flow

    def decision_log(self):
        flow = [CondPageBreak(60 * mm), self.chapter_heading(_("Decision log"), appendix="C")]
        decided = [item for item in self.data.items if item.decision]
        if not decided:
            return flow + [self.para(_("No decisions are recorded for these requirements."))]
        rules = sorted({item.decision["rule"] for item in decided})
        for rule in rules:  # said once, not on every line
            flow.append(self.para(_("Decision rule: %(rule)s.") % {"rule": text(rule)}))
        for item in decided:
            d = item.decision
            line = _("%(number)s version %(version)s: %(outcome)s %(date)s, %(yes)s yes, %(no)s no, %(abstain)s abstain.") % {
                "number": item.number, "version": item.version_no, "outcome": Decision.Outcome(d["outcome"]).label,
                "date": d["date"], "yes": d["yes"], "no": d["no"], "abstain": d["abstain"],
            }
            markup = text(line)
            if len(rules) > 1:
                markup += " " + text(f"({d['rule']})")
            if d["advisory"]:
                markup += f" {text(d['advisory'])}."
            if d["dissent"]:
                markup += "<br/>" + _("Dissent") + ": " + text(d["dissent"])
            flow.append(self.para(markup, "small"))
        return flow


def render_tender_pdf(data):
    """The tender document for `data` as PDF bytes; the same data gives the same bytes."""
    register_fonts()
    buffer = io.BytesIO()
    with translation.override("sv"):
        procurement = data.context["procurement"]
        title = _("Requirements specification") + f" – {procurement['name']} – {data.label}"
        doc = TenderDocTemplate(
            buffer, data, title=title, author=procurement["organisation"] or procurement["name"],
            subject=_("Tender document: requirements specification"), creator="Kravverkstaden",
            lang="sv-SE", displayDocTitle=True, invariant=1,
        )
        doc.build(StoryBuilder(data).build(doc))
    return buffer.getvalue()
