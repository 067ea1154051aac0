"""The rows derived from what people write: search entries, citations,
kravgranskning's stored findings, and the identity check and suspicion of the
answers to suppliers' questions.

The write pipeline (`writes.py`) and the few services that write in bulk call
these in the transaction of the write that changes what they derive from, so a
page only reads them: nothing derived is computed per request, and no signal
keeps anything current behind a writer's back.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from . import search
from .catalogue import standards as catalogue
from .kravgranskning import findings
from .kravgranskning.identity import document_words, identity_findings
from .models import Question, Requirement

# Up to this many requirements created at once are checked one by one, with
# their neighbours; more (an import) with the whole procurement.
ONE_BY_ONE = 10


def requirements_created(procurement, requirements, prepared_terms=None, prepared_citations=None,
                         prepared_findings=None):
    """New requirements: their search entries and citations (from what an
    import made before its write lock, when given) and their findings
    (`prepared_findings` when they still hold)."""
    search.index(requirements=requirements, prepared=prepared_terms)
    catalogue.link(requirements, prepared_citations)
    if prepared_findings:
        findings.write_prepared(procurement, prepared_findings, requirements)
    elif len(requirements) > ONE_BY_ONE:
        findings.refresh_all(procurement)
    else:
        findings.refresh(procurement, requirements)
    refresh_identity(procurement)


def requirement_revised(requirement):
    """A requirement saved as a new version: everything read from its text, and
    the answers about it, which may no longer hold."""
    procurement = requirement.area.procurement
    search.index(requirements=[requirement])
    catalogue.link([requirement])
    findings.refresh(procurement, [requirement])
    refresh_identity(procurement)
    Question.objects.filter(requirements=requirement, suspect_since__isnull=True, answer_version__gt=0).update(
        suspect_since=timezone.now(),
        suspect_reason=_("%(number)s changed to version %(version)s")
        % {"number": requirement.number, "version": requirement.version_no})


def requirement_in_or_out_of_play(requirement):
    """A status change that puts a requirement in play or takes it out: the
    others are compared with it, or no longer, and the document's words change."""
    procurement = requirement.area.procurement
    findings.refresh(procurement, [requirement])
    refresh_identity(procurement)


def section_revised(section):
    """A document section saved as a new version: the document's words, and the
    answers about the section."""
    refresh_identity(section.procurement)
    for question in Question.objects.filter(procurement=section.procurement_id, suspect_since__isnull=True,
                                            answer_version__gt=0):
        if section.kind in question.sections:  # a JSON list: compared here, the same on both databases
            Question.objects.filter(pk=question.pk).update(
                suspect_since=timezone.now(),
                suspect_reason=_("The section “%(section)s” changed to version %(version)s")
                % {"section": section.get_kind_display(), "version": section.version_no})


def words_changed(procurement):
    """What kravgranskning reads beside the texts changed (a definition, a
    review word, an insight's text, the estimated value): check everything again."""
    findings.refresh_all(procurement)


def insights_written(insights):
    """Insights added or changed (the admin, the workshop notes): their search
    entries, and the findings that compare rationales with them."""
    search.index(insights=insights)
    for procurement in {insight.workshop.procurement for insight in insights}:
        words_changed(procurement)


def question_written(question):
    """A question or its answer written: what in it may tell who asked."""
    refresh_identity(question.procurement, only=question)


def rebuild(procurement):
    """Everything derived, anew: after fixtures were loaded raw (setup_workbench)."""
    search.rebuild(procurement)
    catalogue.link(list(Requirement.objects.for_procurement(procurement)))
    findings.refresh_all(procurement)
    refresh_identity(procurement)


def document_words_of(procurement):
    """The words the tender document uses now: its sections and live requirements."""
    texts = [section.text for section in procurement.sections.all()]
    texts += [f"{r.number} {r.title} {r.statement} {r.verifikat} {r.references}"
              for r in Requirement.objects.for_procurement(procurement).live()]
    return document_words(texts)


def refresh_identity(procurement, only=None):
    """Store what may identify the asker in each unpublished question (or just
    `only`), against the document's words as they are now."""
    unpublished = Question.objects.filter(procurement=procurement, batch__isnull=True)
    if only is not None:
        unpublished = unpublished.filter(pk=only.pk)
    unpublished = list(unpublished.only("pk", "asker", "text", "answer", "identity"))
    if not unpublished:
        return
    words = document_words_of(procurement)
    for question in unpublished:
        found = identity_findings(question.asker, question.text, question.answer, words)
        if found != question.identity:
            Question.objects.filter(pk=question.pk).update(identity=found)
        if only is not None:
            only.identity = found
