"""The public upphandlingsdokument (kravspecifikation) as a PDF: what
suppliers receive. Layout only: what it shows is `documents.PublicDocument`."""

from xml.sax.saxutils import escape

from django.utils import translation
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from reportlab.lib.units import mm
from reportlab.platypus import NextPageTemplate, PageBreak, Spacer

from ..models import Definition, Requirement
from .audiences import digest_text, public_document
from .pdf_layout import StoryBase, render, text

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


def how_to_answer():
    """The standing instructions every tender document gives, after the procurement's own."""
    return [
        _("Answer every requirement in the response form (svarsmall), on the sheet of its kind: Ja or Nej, and a "
          "description or a reference to an attachment where the requirement's verifikat asks for one."),
        _("Where a requirement names a standard, brand or product, a solution that is equivalent (eller likvärdigt) "
          "is accepted. Describe in the response form's column for an equivalent solution how it meets the same "
          "need, with what shows it (test reports, certificates, documentation)."),
    ]


class PublicStory(StoryBase):
    """Turns a PublicDocument into Platypus flowables, chapter by chapter."""

    def __init__(self, document):
        super().__init__()
        self.document = document

    def body(self):
        body = self.changes()
        for section in self.document.sections:
            if section["kind"] == "instructions":  # definitions come before the instructions
                body += self.definitions()
            body += self.section(section)
        for chapter in self.document.chapters:
            body += self.requirement_chapter(chapter)
        body += self.evaluation()
        if self.document.digest:
            body += [Spacer(0, 8 * mm), self.para(escape(digest_text(self.document.digest)), "small")]
        return body

    def cover(self):
        document, procurement = self.document, self.document.procurement
        flow = [Spacer(0, 40 * mm)]
        if document.draft:
            flow.append(self.para(_("DRAFT – not a frozen edition"), "draft"))
            flow.append(Spacer(0, 8 * mm))
        elif not document.publication:
            flow.append(self.para(_("FOR CONSULTATION – not the procurement document"), "draft"))
            flow.append(Spacer(0, 8 * mm))
        flow += [
            self.para(_("Tender document"), "cover_sub"),
            self.para(_("Requirements specification"), "cover"),
            self.para(text(procurement["name"]), "cover_sub"),
            Spacer(0, 12 * mm),
            self.para(f"{text(document.label)}, {date_format(document.edition_date, 'j F Y')}", "cover_sub"),
        ]
        if procurement["reference"]:
            flow.append(self.para(_("Reference number") + f": {text(procurement['reference'])}", "cover_sub"))
        flow += [Spacer(0, 12 * mm),
                 self.para(_("The same document is published as accessible HTML, with the same content."), "cover_sub"),
                 NextPageTemplate("body"), PageBreak()]
        return flow

    def changes(self):
        """A correction's changes since the edition it corrects, before everything else."""
        changes = self.document.changes
        if not changes:
            return []
        flow = [self.chapter_heading(_("Changes since %(label)s") % {"label": changes["since"]})]
        flow.append(self.para(escape(_("This edition corrects %(label)s. Every change suppliers read is listed: what it "
                                       "was, and what it is now.") % {"label": changes["since"]})))
        for change in changes["items"]:
            flow.append(self.para(f"<b>{text(change['where'])}</b>: {text(change['what'])}", "label"))
            flow.append(self.para(f"<b>{escape(_('Before'))}:</b> {text(change['before'] or '–')}<br/>"
                                  f"<b>{escape(_('Now'))}:</b> {text(change['after'] or '–')}", "small"))
        return flow + [PageBreak()]

    def section(self, section):
        flow = [self.chapter_heading(capfirst(section["title"]))]  # "ESPD" stays in capitals
        flow += self.paragraphs(section["text"]) or [self.para(_("(Not written yet.)"))]
        terms = self.document.terms
        if terms and section["kind"] == "authorities":
            for name, number in terms.parties:
                flow.append(self.para("• " + text(name) + (f", {_('organisationsnummer')} {text(number)}" if number else "")))
            if terms.joint:
                flow.append(self.para(text(terms.joint)))
        elif terms and section["kind"] == "instructions":
            if terms.facts:
                flow.append(self.heading(_("Procedure, dates and communication"), 1))
                flow += [self.para(f"<b>{text(label)}:</b> {text(value)}") for label, value in terms.facts]
            flow.append(self.heading(_("Secrecy of tenders"), 1))
            flow += [self.para(text(paragraph)) for paragraph in terms.confidentiality]
        if section["kind"] == "price_model" and self.document.price_model:
            header = [_("What is priced"), _("Priced per"), _("Quantity"), _("In the utvärderingspris")]
            rows = [[self.para(text(c["label"] + (f" ({_('option')})" if c["option"] else "")), "small"),
                     text(c["unit"] or "–"), str(c["quantity"]), _("yes") if c["evaluated"] else _("no")]
                    for c in self.document.price_model]
            flow += self.chunked_table(header, rows, [None, 30 * mm, 20 * mm, 35 * mm])
            if self.document.price_formula:
                flow.append(self.para(text(self.document.price_formula)))
        if section["kind"] == "instructions":
            flow += [self.para(escape(paragraph)) for paragraph in how_to_answer()]
            flow.append(self.heading(_("How the tenderer shows that a requirement is met"), 1))
            for value, label in Requirement.Verification.choices:
                flow.append(self.para(f"<b>{text(str(label).capitalize())}:</b> " + _(VERIFICATION_GUIDANCE[value])))
        return flow

    def definitions(self):
        flow = [self.chapter_heading(_("Definitions"))]
        if not self.document.definitions:
            return flow + [self.para(_("(No definitions yet.)"))]
        for definition in self.document.definitions:
            role = ""
            if definition["role"] != Definition.Role.OTHER:
                role = f" ({text(str(Definition.Role(definition['role']).label))})"
            flow.append(self.para(f"<b>{text(definition['term'])}</b>{role}: {text(definition['meaning'])}"))
        return flow

    def requirement_chapter(self, chapter):
        flow = [PageBreak(), self.chapter_heading(chapter.title), self.para(escape(chapter.introduction))]
        for area, items in chapter.areas:
            if area["name"]:  # the qualification requirements stand in one list
                flow.append(self.heading(area["name"], 1, key=f"{chapter.kind}-{area['code']}"))
                flow += self.paragraphs(area["description"], "small")
            for item in items:
                flow += self.requirement(item)
        return flow

    def requirement(self, item):
        meta = _("Verification: %(method)s") % {"method": Requirement.Verification(item.verification).label}
        if item.value_text:
            meta = _("Value: %(value)s") % {"value": item.value_text} + " · " + meta
        elif item.kind == Requirement.Kind.EVALUATED:
            meta = _("weight %(weight)s").capitalize() % {"weight": item.weight} + " · " + meta
        if self.document.draft:
            meta += " · " + _("Status: %(status)s, version %(version)s") % {
                "status": Requirement.Status(item.status).label, "version": item.version_no}
        parts = [
            self.para(f"<b>{text(item.number)} {text(item.title)}</b>", "label"),
            self.para(text(meta), "meta"),
            self.para(text(item.statement)),
        ]
        labelled = [
            (item.verifikat_label, text(item.verifikat)),
            (_("Follow-up"), text(item.follow_up)),
            (_("References"), text("; ".join(item.reference_list()))),
            (_("Scale"), text("; ".join(line.strip() for line in item.scale.splitlines() if line.strip()))),
            (_("How it is shown"), escape(_(VERIFICATION_GUIDANCE[item.verification]))),
        ]
        extra = [f"<b>{escape(label)}:</b> {markup}" for label, markup in labelled if markup]
        parts.append(self.para("<br/>".join(extra), "small"))
        parts.append(Spacer(0, 2 * mm))
        return parts

    def evaluation(self):
        chapter = self.document.evaluation
        flow = [PageBreak(), self.chapter_heading(_("Evaluation"))]
        if chapter is None:
            return flow + self.bare_weights()
        flow += [self.para(text(paragraph)) for paragraph in chapter.paragraphs]
        if not chapter.criteria:
            return flow
        header = [_("Number"), _("Award criterion"), _("Value"), _("Scale")]
        rows = [[number, self.para(text(title), "small"), value, self.para(text(levels), "small")]
                for number, title, value, levels in chapter.criteria]
        flow += self.chunked_table(header, rows, [20 * mm, None, 28 * mm, 60 * mm],
                                   total=["", _("Total"), chapter.total, ""])
        if chapter.example:
            flow.append(self.heading(_("Worked example"), 1, key="example"))
            flow.append(self.para(text(chapter.example_intro)))
            flow += self.chunked_table(chapter.example_levels_header, [list(row) for row in chapter.example_levels],
                                       [40 * mm, 30 * mm, 30 * mm, 30 * mm])
            widths = ([25 * mm, 32 * mm, 24 * mm, 26 * mm, 24 * mm, 15 * mm] if len(chapter.example_header) == 6
                      else [25 * mm, 32 * mm, 35 * mm, 35 * mm, 15 * mm])
            flow += self.chunked_table(chapter.example_header, [list(row) for row in chapter.example], widths)
            flow.append(self.para(text(chapter.example_outcome)))
        return flow

    def bare_weights(self):
        """An edition frozen before the evaluation model: its criteria and bare weights, as it said then."""
        items = self.document.evaluated_items()
        flow = [self.para(_("The evaluated requirements and their weights. A tender gains the weight of each evaluated requirement it meets."))]
        if not items:
            return flow + [self.para(_("This edition has no evaluated requirements."))]
        header = [_("Number"), _("Requirement"), _("Weight")]
        rows = [[item.number, self.para(text(item.title), "small"), str(item.weight)] for item in items]
        total = ["", _("Total"), str(sum(item.weight for item in items))]
        return flow + self.chunked_table(header, rows, [25 * mm, None, 20 * mm], total=total)


def render_tender_pdf(data):
    """The public tender document for a TenderData, as PDF bytes (the same data gives the same bytes)."""
    with translation.override("sv"):
        return _render(public_document(data))


def _render(document):
    procurement = document.procurement
    with_label = _("Requirements specification") + f" – {document.label}"
    return render(
        PublicStory(document), procurement["name"], with_label, procurement["organisation"],
        "draft" if document.draft else "", dated=document.edition_date,
        title=f"{_('Requirements specification')} – {procurement['name']} – {document.label}",
        author=procurement["organisation"] or procurement["name"],
        subject=_("Tender document: requirements specification"),
    )
