"""The pages of the tenders received. Until the award decision only
evaluators see anything here (404 for everyone else, as for outsiders), and
every page or file that shows a tender is logged."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..access import get_membership
from ..documents.tender_html import DOCUMENT_POLICY
from ..models import (AwardDecision, Clarification, Demonstration, Edition, ImportUpload, IndividualReport, Requirement,
                      Tender, TenderAccess, TenderOpening)
from ..permissions import Action, require
from ..text import normalise
from ..views import posted_version
from . import award, examination, receiving
from .documents import render_evaluation_record
from .forms import (AwardForm, ClarificationAnswerForm, ClarificationForm, DemonstrationForm, EvaluatorsForm,
                    ImportForm, OpeningForm, ReportForm, SentForm)


def get_tenders_membership(request, procurement_pk):
    """The membership of someone who may see the procurement's tenders, else 404."""
    membership = get_membership(request, procurement_pk)
    if not membership.may(Action.SEE_TENDERS):
        raise Http404
    return membership


def get_tender_for_user(request, pk):
    """(tender, membership) for someone who may see the tender, else 404; the access is logged."""
    tender = get_object_or_404(Tender.objects.select_related("opening__edition", "procurement"), pk=pk)
    membership = get_tenders_membership(request, tender.procurement_id)
    receiving.log(membership, request.path, tender)
    return tender, membership


def _cleaned(form):
    """The form's cleaned data, or ValidationError with each message, named by its field
    (the messages show on the next page, away from the form)."""
    if not form.is_valid():
        raise ValidationError([f"{form.fields[name].label}: {error}" if name in form.fields else error
                               for name, errors in form.errors.items() for error in errors])
    return form.cleaned_data


def _refused(request, error):
    for message in error.messages:
        messages.error(request, message)


def tender_list(request, pk):
    membership = get_tenders_membership(request, pk)
    procurement = membership.procurement
    receiving.log(membership, request.path)
    edition = Edition.objects.latest_publication(procurement)
    tenders = list(Tender.objects.for_procurement(procurement).prefetch_related("marks", "clarifications"))
    run = award.latest_run(edition) if edition else None
    decision = AwardDecision.objects.filter(edition=edition).defer("html", "pdf").first() if edition else None
    return render(request, "requirements_app/tender_list.html", {
        "membership": membership, "procurement": procurement, "edition": edition, "tenders": tenders,
        "opening": TenderOpening.objects.filter(edition=edition).select_related("opened_by", "witness").first()
        if edition else None,
        "run": run, "decision": decision, "standstill": award.standstill(decision) if decision else None,
        "report": IndividualReport.objects.filter(edition=edition).defer("html", "pdf").first() if edition else None,
        "clarifications": examination.side_by_side(tenders),
        "accesses": TenderAccess.objects.filter(procurement=procurement).select_related("user", "tender")[:50]
        if membership.is_coordinator else [],
    })


def evaluators(request, pk):
    membership = get_membership(request, pk)
    require(membership, Action.COORDINATE)
    procurement = membership.procurement
    form = EvaluatorsForm(request.POST or None, procurement=procurement,
                          initial={"evaluators": procurement.memberships.filter(evaluator=True)})
    if request.method == "POST" and form.is_valid():
        receiving.set_evaluators(membership, list(form.cleaned_data["evaluators"]))
        messages.success(request, _("The evaluators are saved."))
        return redirect("procurement", pk)
    return render(request, "requirements_app/tender_evaluators.html",
                  {"membership": membership, "procurement": procurement, "form": form})


def tender_opening(request, pk):
    membership = get_tenders_membership(request, pk)
    require(membership, Action.EVALUATE)
    form = OpeningForm(request.POST or None, membership=membership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            receiving.open_tenders(membership, data["opened_at"], data["witness"], data["received"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The opening is recorded and its list sealed."))
            return redirect("tender_list", pk)
    return render(request, "requirements_app/tender_opening.html",
                  {"membership": membership, "procurement": membership.procurement, "form": form,
                   "edition": Edition.objects.latest_publication(membership.procurement)})


def tender_detail(request, pk):
    tender, membership = get_tender_for_user(request, pk)
    items = list(tender.opening.edition.items.order_by("pk"))
    numbers = [item.number for item in items if item.kind in examination.EXAMINED]
    criteria = [item.number for item in items if item.kind == Requirement.Kind.EVALUATED]
    return render(request, "requirements_app/tender_detail.html", {
        "membership": membership, "procurement": tender.procurement, "tender": tender,
        "rows": examination.rows(tender, items),
        "criteria": [(item, tender.answers.get(item.number, {})) for item in items
                     if item.kind == Requirement.Kind.EVALUATED],
        "clarifications": tender.clarifications.select_related("recorded_by"),
        "demonstrations": tender.demonstrations.select_related("recorded_by", "second_signer"),
        "clarification_form": ClarificationForm(numbers=numbers + criteria),
        "demonstration_form": DemonstrationForm(numbers=criteria) if criteria else None,
        "import_form": ImportForm(),
        "editable": membership.may(Action.EVALUATE) and not tender.procurement.award_decided,
    })


def tender_file(request, pk):
    tender, _membership = get_tender_for_user(request, pk)
    if not tender.imported:
        raise Http404
    response = HttpResponse(bytes(tender.file), content_type="application/vnd.openxmlformats-officedocument."
                                                            "spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="anbud-{tender.pk}-v{tender.version_no}.xlsx"'
    return response


@require_POST
def tender_import(request, pk):
    """Read the uploaded file and show what it says; nothing is stored until it is confirmed."""
    tender, membership = get_tender_for_user(request, pk)
    require(membership, Action.EVALUATE)
    form = ImportForm(request.POST, request.FILES)
    try:
        _cleaned(form)
    except ValidationError as error:
        _refused(request, error)
        return redirect("tender", pk)
    content = form.cleaned_data["file"].read()
    try:
        answers = receiving.read_tender(tender.opening.edition, content)
    except ValidationError as error:
        return render(request, "requirements_app/tender_import.html", {
            "membership": membership, "procurement": tender.procurement, "tender": tender,
            "errors": error.messages}, status=400)
    upload = ImportUpload.objects.create(procurement=tender.procurement, uploaded_by=request.user,
                                         filename=form.cleaned_data["file"].name[:255], content=content)
    return render(request, "requirements_app/tender_import.html", {
        "membership": membership, "procurement": tender.procurement, "tender": tender, "answers": answers,
        "upload": upload, "reason": form.cleaned_data["reason"]})


@require_POST
def tender_import_confirm(request, pk, upload_pk):
    tender, membership = get_tender_for_user(request, pk)
    upload = get_object_or_404(ImportUpload, pk=upload_pk, procurement=tender.procurement, uploaded_by=request.user)
    try:
        receiving.import_tender(membership, tender, upload.filename, bytes(upload.content),
                                normalise(request.POST.get("reason", ""), one_line=True))
    except ValidationError as error:
        _refused(request, error)
    else:
        upload.delete()
        messages.success(request, _("The tender is imported."))
    return redirect("tender", pk)


@require_POST
def tender_examine(request, pk):
    tender, membership = get_tender_for_user(request, pk)
    numbers = [row.item.number for row in examination.rows(tender, tender.opening.edition.items.all())]
    marks = {number: (request.POST.get(f"met-{number}") == "1", normalise(request.POST.get(f"reason-{number}", ""),
                                                                           one_line=True))
             for number in numbers if request.POST.get(f"met-{number}") in ("0", "1")}
    try:
        changed = examination.mark(membership, tender, marks)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("%(count)s marks saved.") % {"count": len(changed)})
    return redirect("tender", pk)


@require_POST
def clarification_create(request, pk):
    tender, membership = get_tender_for_user(request, pk)
    form = ClarificationForm(request.POST, numbers=list(tender.opening.edition.items.values_list("number",
                                                                                                 flat=True)))
    try:
        data = _cleaned(form)
        examination.request_clarification(membership, tender, data["number"], data["request"], data["requested_at"])
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The request is recorded."))
    return redirect("tender", pk)


@require_POST
def clarification_answer(request, pk):
    clarification = get_object_or_404(Clarification.objects.select_related("tender"), pk=pk)
    tender, membership = get_tender_for_user(request, clarification.tender_id)
    form = ClarificationAnswerForm(request.POST)
    try:
        data = _cleaned(form)
        examination.record_answer(membership, clarification, data["answer"], data["answered_at"])
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The answer is recorded."))
    return redirect("tender", tender.pk)


@require_POST
def demonstration_save(request, pk):
    tender, membership = get_tender_for_user(request, pk)
    criteria = list(tender.opening.edition.items.filter(kind=Requirement.Kind.EVALUATED).values_list("number",
                                                                                                   flat=True))
    form = DemonstrationForm(request.POST, numbers=criteria)
    try:
        data = _cleaned(form)
        examination.record_demonstration(membership, tender, data["number"], data["held_on"], data["shown"],
                                         data["level"], data["outcome"])
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The protocol is saved; a second evaluator signs it."))
    return redirect("tender", pk)


@require_POST
def demonstration_sign(request, pk):
    protocol = get_object_or_404(Demonstration, pk=pk)
    tender, membership = get_tender_for_user(request, protocol.tender_id)
    try:
        examination.sign_demonstration(membership, protocol, posted_version(request))
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("You signed the protocol."))
    return redirect("tender", tender.pk)


@require_POST
def evaluation_run(request, pk):
    membership = get_tenders_membership(request, pk)
    edition = Edition.objects.latest_publication(membership.procurement)
    if edition is None:
        raise Http404
    try:
        award.run(membership, edition)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The tenders are evaluated."))
    return redirect("tender_list", pk)


def _decision(membership, **defer):
    """The award decision on the publication edition's tenders, else 404."""
    decision = AwardDecision.objects.filter(edition=Edition.objects.latest_publication(membership.procurement))
    return get_object_or_404(decision.defer("html", "pdf") if defer else decision)


def _document(content, file_format, name):
    if file_format == "pdf":
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    else:
        response = HttpResponse(content, content_type="text/html; charset=utf-8")
        response["Content-Security-Policy"] = DOCUMENT_POLICY
    return response


def evaluation_record(request, pk, file_format):
    membership = get_tenders_membership(request, pk)
    edition = Edition.objects.latest_publication(membership.procurement)
    run = award.latest_run(edition) if edition else None
    if run is None or file_format not in ("pdf", "html"):
        raise Http404
    receiving.log(membership, request.path)
    html, pdf = render_evaluation_record(edition, run)
    return _document(pdf if file_format == "pdf" else html, file_format, "utvarderingsprotokoll")


def award_decide(request, pk):
    membership = get_tenders_membership(request, pk)
    require(membership, Action.COORDINATE)
    edition = Edition.objects.latest_publication(membership.procurement)
    run = award.latest_run(edition) if edition else None
    if run is None:
        raise Http404
    form = AwardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            award.decide(membership, run, data["decided_on"], data["decided_by"], data["lot_winner"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The award decision is recorded. Send it to every tenderer."))
            return redirect("tender_list", pk)
    return render(request, "requirements_app/award_decision.html", {
        "membership": membership, "procurement": membership.procurement, "form": form, "run": run,
        "rows": run.result["tenders"]})


@require_POST
def award_sent(request, pk):
    membership = get_tenders_membership(request, pk)
    decision = _decision(membership, light=True)
    form = SentForm(request.POST)
    try:
        award.mark_sent(membership, decision, _cleaned(form)["sent_on"])
    except ValidationError as error:
        _refused(request, error)
    return redirect("tender_list", pk)


def award_document(request, pk, file_format):
    membership = get_tenders_membership(request, pk)
    decision = _decision(membership)
    if file_format not in ("pdf", "html"):
        raise Http404
    return _document(bytes(decision.pdf if file_format == "pdf" else decision.html), file_format,
                     "tilldelningsbeslut")


def report_freeze(request, pk):
    membership = get_tenders_membership(request, pk)
    require(membership, Action.COORDINATE)
    decision = _decision(membership, light=True)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            award.freeze_report(membership, decision, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The individual report is frozen and sealed."))
            return redirect("tender_list", pk)
    return render(request, "requirements_app/individual_report.html", {
        "membership": membership, "procurement": membership.procurement, "form": form,
        "facts": award.report_facts(decision)})


def report_document(request, pk, file_format):
    membership = get_tenders_membership(request, pk)
    report = get_object_or_404(IndividualReport, edition=Edition.objects.latest_publication(membership.procurement))
    if file_format not in ("pdf", "html"):
        raise Http404
    return _document(bytes(report.pdf if file_format == "pdf" else report.html), file_format, "individuell-rapport")
