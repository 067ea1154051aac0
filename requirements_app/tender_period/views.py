"""The tender period's pages: the questions, one question with its answer,
the deadline calendar, and the published batches."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..access import get_membership, get_question_for_user
from ..documents.tender_html import DOCUMENT_POLICY
from ..models import AnswerBatch, DeadlineExtension, Edition, Question
from ..permissions import Action, require
from . import questions
from .documents import render_answers
from .forms import AnswerForm, ApproveForm, ConfirmForm, ExtensionForm, QuestionForm


def _dates(procurement):
    answer_deadline = questions.answer_deadline(procurement)
    today = timezone.localdate()
    return {
        "answer_deadline": answer_deadline,
        "days_left": (answer_deadline - today).days if answer_deadline else None,
        "extensions": DeadlineExtension.objects.filter(procurement=procurement).select_related("decided_by"),
        "edition": Edition.objects.latest_publication(procurement),
    }


def question_list(request, pk):
    membership = get_membership(request, pk)
    procurement = membership.procurement
    listed = list(Question.objects.for_procurement(procurement))
    return render(request, "requirements_app/question_list.html", {
        "membership": membership, "procurement": procurement, "questions": listed,
        "ready_to_publish": [q for q in listed if q.is_approved and not q.batch_id],
        "batches": AnswerBatch.objects.filter(procurement=procurement).defer("pdf", "html"),
        **_dates(procurement),
    })


def deadline_calendar(request, pk):
    membership = get_membership(request, pk)
    procurement = membership.procurement
    return render(request, "requirements_app/deadline_calendar.html", {
        "membership": membership, "procurement": procurement,
        "open_questions": Question.objects.filter(procurement=procurement, batch__isnull=True).count(),
        **_dates(procurement),
    })


def question_create(request, pk):
    membership = get_membership(request, pk)
    require(membership, Action.COORDINATE)
    form = QuestionForm(request.POST or None, procurement=membership.procurement)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            question = questions.register_question(membership, data["received_at"], data["asker"], data["text"],
                                                   data["requirements"], sections=data["sections"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Question %(number)s was registered.") % {"number": question.number})
            return redirect("question", question.pk)
    return render(request, "requirements_app/question_form.html",
                  {"membership": membership, "procurement": membership.procurement, "form": form})


def question_detail(request, pk, answer_form=None, approve_form=None):
    question, membership = get_question_for_user(request, pk)
    published = bool(question.batch_id)
    return render(request, "requirements_app/question_detail.html", {
        "membership": membership, "procurement": question.procurement, "question": question,
        "requirements": question.requirements.select_related("area"),
        "findings": questions.findings(question) if question.answer and not published else [],
        "answer_form": answer_form or (AnswerForm(initial={"answer": question.answer,
                                                           "version": question.answer_version})
                                       if membership.can_edit and not published else None),
        "approve_form": approve_form or (ApproveForm(initial={"version": question.answer_version})
                                         if membership.can_approve_answers and question.answer and not published
                                         and not question.is_approved else None),
        "confirm_form": ConfirmForm() if membership.can_approve_answers and question.suspect_since else None,
        "revisions": question.revisions.all(),
        **_dates(question.procurement),
    })


def _act(request, form, action, question, success):
    """Run a question's `action` with the form's data; the page again with the reason on refusal."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success)
            return redirect("question", question.pk)
    return None


@require_POST
def question_answer(request, pk):
    question, membership = get_question_for_user(request, pk)
    require(membership, Action.DRAFT)
    form = AnswerForm(request.POST)
    done = _act(request, form, lambda d: questions.save_answer(membership, question, d["version"], d["answer"]),
                question, _("The answer was saved."))
    return done or question_detail(request, pk, answer_form=form)


@require_POST
def question_approve(request, pk):
    question, membership = get_question_for_user(request, pk)
    form = ApproveForm(request.POST)
    require(membership, Action.APPROVE_ANSWER)
    done = _act(request, form, lambda d: questions.approve_answer(membership, question, d["version"], d["note"]),
                question, _("The answer was approved."))
    return done or question_detail(request, pk, approve_form=form)


@require_POST
def question_confirm(request, pk):
    question, membership = get_question_for_user(request, pk)
    require(membership, Action.APPROVE_ANSWER)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        questions.confirm_answer(membership, question, form.cleaned_data["note"])
        messages.success(request, _("The answer was confirmed."))
    else:
        messages.error(request, _("Say why the answer still holds."))
    return redirect("question", question.pk)


@require_POST
def question_revise(request, pk):
    question, membership = get_question_for_user(request, pk)
    require(membership, Action.COORDINATE)
    try:
        revision = questions.revise_answer(membership, question)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("question", question.pk)
    messages.success(request, _("Question %(number)s revises the published answer. Answer it and publish it in the "
                                "next batch.") % {"number": revision.number})
    return redirect("question", revision.pk)


@require_POST
def batch_publish(request, pk):
    membership = get_membership(request, pk)
    require(membership, Action.COORDINATE)
    edition = Edition.objects.latest_publication(membership.procurement)
    try:
        batch = questions.publish_batch(
            membership, lambda batch, ready: render_answers(batch, ready, edition.label if edition else ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Questions and answers %(number)s was published.") % {"number": batch.number})
    return redirect("question_list", pk)


def batch_document(request, pk, file_format):
    batch = get_object_or_404(AnswerBatch.objects.select_related("procurement"), pk=pk)
    get_membership(request, batch.procurement_id)
    if file_format not in ("pdf", "html"):
        raise Http404
    name = f"fragor-och-svar-{batch.number}.{file_format}"
    if file_format == "pdf":
        response = HttpResponse(bytes(batch.pdf), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    else:


        response = HttpResponse(bytes(batch.html), content_type="text/html; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{name}"'
        response["Content-Security-Policy"] = DOCUMENT_POLICY
    return response


def deadline_extend(request, pk):
    membership = get_membership(request, pk)
    require(membership, Action.COORDINATE)
    form = ExtensionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            questions.extend_deadline(membership, form.cleaned_data["new_deadline"], form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The tender deadline was extended."))
            return redirect("deadline_calendar", pk)
    return render(request, "requirements_app/deadline_extend.html",
                  {"membership": membership, "procurement": membership.procurement, "form": form})
