""""Frågor och svar N" as suppliers receive it, in PDF and in accessible HTML.

The border: `PublicAnswers` holds only what every supplier may read, the
question as registered (written without who asked), its answer and the
requirement numbers. Never the asker, the writer or the approver."""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import NextPageTemplate, PageBreak, Spacer

from ..documents.pdf_layout import StoryBase, render, text
from ..documents.tender_html import DOCUMENT_POLICY
from ..models import DocumentSection


@dataclass(frozen=True)
class PublicAnswer:
    number: int
    question: str
    answer: str
    requirements: list  # the numbers, and the names of the sections, it concerns
    revises: int | None  # the number of the question whose answer this one revises


@dataclass(frozen=True)
class PublicAnswers:
    procurement: str
    reference: str
    edition: str
    number: int
    published_on: object  # date
    answers: list

    @property
    def title(self):
        return _("Questions and answers %(number)s") % {"number": self.number}


def public_answers(batch, questions, edition_label):
    """The PublicAnswers of a batch about to be published."""
    procurement = batch.procurement
    return PublicAnswers(
        procurement=procurement.name, reference=procurement.reference, edition=edition_label, number=batch.number,
        published_on=timezone.localdate(batch.published_at),
        answers=[PublicAnswer(number=q.number, question=q.text, answer=q.answer,
                              requirements=sorted(r.number for r in q.requirements.all()) + [
                                  str(DocumentSection.Kind(kind).label) for kind in q.sections],
                              revises=q.revises.number if q.revises_id else None) for q in questions],
    )


class AnswersStory(StoryBase):
    def __init__(self, document):
        super().__init__()
        self.document = document

    def cover(self):
        document = self.document
        flow = [Spacer(0, 40 * mm), self.para(text(document.title), "cover"),
                self.para(text(document.procurement), "cover_sub"), Spacer(0, 12 * mm),
                self.para(text(_("Published %(date)s, to every supplier") % {
                    "date": date_format(document.published_on, "j F Y")}), "cover_sub"),
                self.para(text(_("About the tender document %(edition)s") % {"edition": document.edition}),
                          "cover_sub")]
        if document.reference:
            flow.append(self.para(text(_("Reference number") + f": {document.reference}"), "cover_sub"))
        return flow + [NextPageTemplate("body"), PageBreak()]

    def body(self):
        flow = [self.chapter_heading(_("Questions and answers"))]
        for answer in self.document.answers:
            flow.append(self.heading(_("Question %(number)s") % {"number": answer.number}, 1, key=f"q{answer.number}"))
            if answer.revises:
                flow.append(self.para(text(_("Revises the answer to question %(number)s.") % {"number": answer.revises}),
                                      "meta"))
            if answer.requirements:
                flow.append(self.para(text(_("Concerns: %(numbers)s") % {"numbers": ", ".join(answer.requirements)}),
                                      "meta"))
            flow.append(self.para(f"<b>{text(_('Question'))}:</b>"))
            flow += self.paragraphs(answer.question)
            flow.append(self.para(f"<b>{text(_('Answer'))}:</b>"))
            flow += self.paragraphs(answer.answer)
        return flow


def render_answers(batch, questions, edition_label):
    """(PDF bytes, HTML bytes) of a batch, in Swedish, saying the same thing."""
    with translation.override("sv"):
        document = public_answers(batch, questions, edition_label)
        pdf = render(AnswersStory(document), document.procurement, document.title, document.reference, "",
                     dated=document.published_on, title=f"{document.title} – {document.procurement}",
                     author=document.procurement, subject=document.title)
        html = render_to_string("documents/answers.html", {"document": document, "csp": DOCUMENT_POLICY})
    return pdf, html.encode("utf-8")
