"""Questions and answers: each state change of the tender period, through the
write pipeline (permission, lock, comparison with the version the person saw,
revision, derived rows). Answers go out to everyone in numbered batches, never later than
the law allows before the tender deadline (calendar.py)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import derived
from ..kravgranskning.identity import finding_text
from ..models import AnswerBatch, DeadlineExtension, DocumentSection, Edition, Procurement, Question
from ..permissions import Action, require
from ..writes import write
from . import calendar


def answer_deadline(procurement):
    """The last day answers may be published before the tender deadline in force; None without a deadline."""
    if procurement.tender_deadline is None:
        return None
    return calendar.last_answer_day(timezone.localdate(procurement.tender_deadline), procurement.accelerated)


def register_question(membership, received_at, asker, text, requirements, revises=None, sections=()):
    """Register a question as it came in through the e-procurement system
    (coordinator only, once an edition is published). It gets the next number."""
    require(membership, Action.COORDINATE, message=_("Only the coordinator registers questions."))
    procurement = membership.procurement
    if Edition.objects.latest_publication(procurement) is None:
        raise ValidationError(_("No edition is published yet: questions come in after publication."))
    for requirement in requirements:
        require(membership, Action.COORDINATE, requirement.area.procurement_id)

    def numbered():
        Procurement.objects.select_for_update().get(pk=procurement.pk)  # numbers are taken one at a time
        number = (Question.objects.filter(procurement=procurement).aggregate(last=Max("number"))["last"] or 0) + 1
        return Question(procurement=procurement, number=number, received_at=received_at, asker=asker, text=text,
                        revises=revises, sections=[kind for kind in DocumentSection.Kind.values if kind in sections])

    def change(question):
        question.full_clean()
        question.save()
        question.requirements.set(requirements)

    return write(membership, Action.COORDINATE, numbered, change,
                 lambda question: _("Question %(number)s registered") % {"number": question.number},
                 procurement_id=procurement.pk, derive=derived.question_written)


def _stale(locked):
    return ValidationError(_("Someone saved the answer after you opened it (now version %(version)s). Read it and "
                             "make your change again.") % {"version": locked.answer_version}, code="stale")


def _unpublished(locked):
    if locked.batch_id:
        raise ValidationError(_("This answer is published and stays as it went out. Revise it as a new answer."))


def _lock(question):
    return lambda: Question.objects.select_for_update().get(pk=question.pk)


def save_answer(membership, question, expected_version, text):
    """Save the answer's text as its next version; an approval of an earlier text no longer counts."""
    def change(locked):
        _unpublished(locked)
        before = locked.answer
        locked.answer = text
        locked.full_clean()
        if locked.answer == before:
            return False
        locked.answer_version += 1
        locked.drafted_by = membership.user
        locked.approved_version = locked.approved_by = locked.approved_at = None
        locked.approval_note = ""
        locked.save()

    return write(membership, Action.DRAFT, _lock(question), change,
                 lambda locked: _("Answer to question %(number)s, version %(version)s")
                 % {"number": locked.number, "version": locked.answer_version},
                 procurement_id=question.procurement_id, expected_version=expected_version,
                 version=lambda row: row.answer_version, conflict=_stale, derive=derived.question_written,
                 message=_("The working group and the coordinator write answers."))


def findings(question):
    """The stored findings of what in the question or answer may tell who asked, as sentences."""
    return [finding_text(finding, question.asker) for finding in question.identity]


def _refuse_if_late(procurement, today, what):
    last = answer_deadline(procurement)
    if last is not None and today > last:
        raise ValidationError(
            _("%(what)s: the last day to publish answers was %(day)s (%(days)s days before the tender deadline). "
              "Decide a deadline extension first.")
            % {"what": what, "day": last.isoformat(),
               "days": calendar.ANSWER_DAYS_ACCELERATED if procurement.accelerated else calendar.ANSWER_DAYS},
            code="late")


def approve_answer(membership, question, expected_version, note=""):
    """Approve the answer as it stands (one approval, by someone allowed to
    approve who did not write it). Anything that may identify the asker needs
    `note`, the approver's reason; an answer past the last answer day is refused."""
    def change(locked):
        _unpublished(locked)
        if not locked.answer:
            raise ValidationError(_("There is no answer to approve yet."))
        if locked.drafted_by_id == membership.user_id:
            raise ValidationError(_("Someone other than the answer's writer approves it."))
        _refuse_if_late(locked.procurement, timezone.localdate(), _("Question %(number)s") % {"number": locked.number})
        if locked.identity and not note.strip():
            raise ValidationError(_("The answer may tell who asked. Change it, or say why it may be published as it "
                                    "is."), code="identity")
        locked.approved_version = locked.answer_version
        locked.approved_by = membership.user
        locked.approved_at = timezone.now()
        locked.approval_note = note.strip()
        locked.save()

    return write(membership, Action.APPROVE_ANSWER, _lock(question), change,
                 lambda locked: _("Answer to question %(number)s approved") % {"number": locked.number},
                 procurement_id=question.procurement_id, expected_version=expected_version,
                 version=lambda row: row.answer_version, conflict=_stale,
                 message=_("You may not approve answers in this procurement."))


def publish_batch(membership, render):
    """Publish every approved, unpublished answer to everyone as the next
    "Frågor och svar" batch. `render(batch, questions)` gives its (PDF, HTML)
    bytes, stored as they went out. Refused when an answer would be late."""
    def change(procurement):
        ready = list(Question.objects.select_for_update().filter(procurement=procurement, batch__isnull=True,
                                                                 approved_version__isnull=False).order_by("number"))
        if not ready:
            raise ValidationError(_("No approved answer is waiting to be published."))
        _refuse_if_late(procurement, timezone.localdate(), _("The batch"))
        number = (AnswerBatch.objects.filter(procurement=procurement).aggregate(last=Max("number"))["last"] or 0) + 1
        batch = AnswerBatch(procurement=procurement, number=number, published_at=timezone.now(),
                            published_by=membership.user)
        batch.pdf, batch.html = render(batch, ready)
        batch.save()
        Question.objects.filter(pk__in=[q.pk for q in ready]).update(batch=batch)
        return batch

    # A batch is its own record, stored as it went out.
    return write(membership, Action.COORDINATE, _lock_procurement(membership), change,
                 procurement_id=membership.procurement_id, revise=False,
                 message=_("Only the coordinator publishes answers."))


def _lock_procurement(membership):
    return lambda: Procurement.objects.select_for_update().get(pk=membership.procurement_id)


def extend_deadline(membership, new_deadline, reason):
    """Decide a later tender deadline, with its reason: the deadline moves, and
    the last answer day with it. The terms' revision records the change."""
    def change(procurement):
        if procurement.tender_deadline is None:
            raise ValidationError(_("The procurement has no tender deadline to extend yet."))
        if new_deadline <= procurement.tender_deadline:
            raise ValidationError({"new_deadline": _("The new deadline must come after the one in force (%(deadline)s).")
                                   % {"deadline": timezone.localtime(procurement.tender_deadline)
                                      .strftime("%Y-%m-%d %H:%M")}})
        extension = DeadlineExtension(procurement=procurement, previous_deadline=procurement.tender_deadline,
                                      new_deadline=new_deadline, reason=reason, decided_by=membership.user)
        extension.full_clean()
        extension.save()
        procurement.tender_deadline = new_deadline
        procurement.terms_version += 1
        procurement.save(update_fields=["tender_deadline", "terms_version"])
        return extension

    return write(membership, Action.COORDINATE, _lock_procurement(membership), change,
                 _("Tender deadline extended: %(reason)s") % {"reason": reason},
                 procurement_id=membership.procurement_id,
                 message=_("Only the coordinator decides on the tender deadline."))


def revise_answer(membership, question):
    """Revise a published answer that no longer holds: a new question with the
    same text, pointing to it, to be answered and published in a later batch
    (coordinator only, as registering is). The old one is no longer suspect."""
    if not question.batch_id:
        raise ValidationError(_("An unpublished answer is changed in place."))
    with transaction.atomic():
        revision = register_question(membership, question.received_at, question.asker, question.text,
                                     list(question.requirements.all()), revises=question, sections=question.sections)
        Question.objects.filter(pk=question.pk).update(suspect_since=None, suspect_reason="")
    return revision


def confirm_answer(membership, question, note):
    """Confirm that a suspect answer still holds after the change (coordinator or an approver)."""
    reasons = []

    def change(locked):
        if locked.suspect_since is None:
            return False
        reasons.append(locked.suspect_reason)
        locked.suspect_since, locked.suspect_reason = None, ""
        locked.save(update_fields=["suspect_since", "suspect_reason"])

    return write(membership, Action.APPROVE_ANSWER, _lock(question), change,
                 lambda locked: _("Answer to question %(number)s confirmed after “%(reason)s”: %(note)s")
                 % {"number": locked.number, "reason": reasons[0], "note": note},
                 procurement_id=question.procurement_id, message=_("You may not confirm answers in this procurement."))
