"""Editions and the tender documents made from them."""

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..access import get_membership
from ..documents import eforms, publication, sealing
from ..documents.editions import (
    correction_preview,
    draft_stamp,
    edition_data,
    freeze_edition,
    freeze_preview,
    preview_data,
)
from ..documents.tender_html import DOCUMENT_POLICY
from ..documents.tender_pdf import render_tender_pdf
from ..forms import EditionForm, RevokeForm, SignForm
from ..kravgranskning import findings
from ..models import Edition, EditionDocument, EditionSignature, Requirement
from ..permissions import Action, require
from . import download, throttled

PDF = "application/pdf"
HTML = "text/html; charset=utf-8"
DRAFT_KEPT = 24 * 60 * 60  # a rendered draft's time in the cache (its key changes with any edit)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _get_edition_for_user(request, pk):
    edition = get_object_or_404(Edition.objects.select_related("procurement", "previous"), pk=pk)
    return edition, get_membership(request, edition.procurement_id)


def _filename(edition_or_label, procurement, extension):
    return f"{slugify(procurement.name)}-{slugify(edition_or_label)}.{extension}"


def edition_list(request, pk):
    membership = get_membership(request, pk)
    procurement = membership.procurement
    return render(
        request,
        "requirements_app/edition_list.html",
        {
            "membership": membership,
            "procurement": procurement,
            "editions": Edition.objects.for_procurement(procurement),
            "approved_count": Requirement.objects.for_procurement(procurement).approved().count(),
        },
    )


def edition_freeze(request, pk):
    """What freezing would put in, leave out and change, then the freeze itself."""
    membership = get_membership(request, pk)
    require(membership, Action.COORDINATE)
    procurement = membership.procurement
    preview = freeze_preview(procurement)
    reports = findings.reports(procurement)
    corrects = Edition.objects.latest_publication(procurement)
    form = EditionForm(
        request.POST or None, initial={"edition_date": timezone.localdate()}, removed_numbers=preview.removed_numbers,
        corrects=corrects,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            edition = freeze_edition(
                membership, data["label"], data["edition_date"], data["note"], form.confirmed_removals(),
                kind=data["kind"], override_reason=data["override_reason"], correction=form.correction(),
                adopted=form.adopted(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(label)s was frozen with %(count)s approved requirements.")
                % {"label": edition.label, "count": edition.items.count()},
            )
            return redirect(edition)
    return render(
        request,
        "requirements_app/edition_freeze.html",
        {"membership": membership, "procurement": procurement, "preview": preview, "form": form,
         "findings": _findings_of(preview.included, reports),
         "checks": publication.publication_checks(procurement, preview.included, reports), "corrects": corrects,
         "corrections": correction_preview(procurement, corrects, preview) if corrects else []},
        status=400 if form.is_bound else 200,
    )


def _stored(edition, kind):
    return sealing.stored_document(edition, kind, lambda: edition_data(edition))


@throttled
def edition_pdf(request, pk):
    edition, membership = _get_edition_for_user(request, pk)
    return download(_stored(edition, EditionDocument.Kind.PDF), PDF,
                    _filename(edition.label, edition.procurement, "pdf"))


@throttled
def edition_html(request, pk):
    """The public tender document as one accessible HTML file, beside the PDF."""
    edition, membership = _get_edition_for_user(request, pk)
    response = download(_stored(edition, EditionDocument.Kind.HTML), HTML,
                        _filename(edition.label, edition.procurement, "html"), inline=True)
    response["Content-Security-Policy"] = DOCUMENT_POLICY  # its own style block; no script
    return response


@throttled
def edition_record(request, pk):
    """The internal beslutsunderlag: members of the procurement only (404 for others)."""
    edition, membership = _get_edition_for_user(request, pk)
    return download(_stored(edition, EditionDocument.Kind.RECORD), PDF,
                    _filename(f"beslutsunderlag {edition.label}", edition.procurement, "pdf"))


@throttled
def edition_response_form(request, pk):
    edition, membership = _get_edition_for_user(request, pk)
    return download(_stored(edition, EditionDocument.Kind.RESPONSE_FORM), XLSX,
                    _filename(f"svarsmall {edition.label}", edition.procurement, "xlsx"))


@throttled
def preview_pdf(request, pk):
    """The draft document as it is now. Rendered once for each state of what it
    is made of, and kept in the shared cache: a large procurement's draft is not
    rendered again on every download, in every worker."""
    membership = get_membership(request, pk)
    procurement = membership.procurement
    today = timezone.localdate()
    key = f"draft-pdf:{procurement.pk}:{draft_stamp(procurement, today)}"
    content = cache.get(key)
    if content is None:
        content = render_tender_pdf(preview_data(procurement, today))
        cache.set(key, content, DRAFT_KEPT)
    return download(content, PDF, _filename("utkast", procurement, "pdf"))


def _findings_of(items, reports):
    """[(number, [Finding], [(Finding, Dismissal)])] of kravgranskning for the
    requirements about to be frozen: the open findings, and those set aside or
    overridden, with their reasons (an override is never out of sight)."""
    return [(item.number, reports[item.requirement_id].findings, reports[item.requirement_id].dismissed)
            for item in items
            if item.requirement_id in reports
            and (reports[item.requirement_id].findings or reports[item.requirement_id].dismissed)]

def edition_eforms(request, pk):
    """A correction's change notice fields (eForms) as JSON, for the e-procurement system."""
    edition, membership = _get_edition_for_user(request, pk)
    correction = edition.context.get("correction")
    if correction is None:
        raise Http404
    data = eforms.notice_change(correction, edition.label, edition.edition_date, edition.context["changes"]["items"])
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{_filename(edition.label, edition.procurement, "json")}"'
    return response


def edition_sign(request, pk):
    """Sign a sealed publication edition: the password again, and what the signature means."""
    edition, membership = _get_edition_for_user(request, pk)
    require(membership, Action.SIGN)
    if not edition.manifest:
        raise Http404
    form = SignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sealing.sign(membership, edition, form.cleaned_data["password"], form.cleaned_data["meaning"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("You signed %(label)s.") % {"label": edition.label})
            return redirect(edition)
    valid, required = sealing.status(edition)
    return render(request, "requirements_app/edition_sign.html", {
        "membership": membership, "procurement": edition.procurement, "edition": edition, "form": form,
        "signatures": edition.signatures.select_related("revoked_by"), "valid": valid, "required": required,
        "revoke_form": RevokeForm(),
    })


@require_POST
def signature_revoke(request, pk):
    signature = get_object_or_404(EditionSignature.objects.select_related("edition"), pk=pk)
    membership = get_membership(request, signature.edition.procurement_id)
    sealing.check_revoke(membership, signature)
    form = RevokeForm(request.POST)
    if form.is_valid():
        sealing.revoke(membership, signature, form.cleaned_data["reason"])
        messages.success(request, _("The signature was revoked."))
    else:
        messages.error(request, _("Say why the signature is revoked."))
    return redirect("edition_sign", signature.edition_id)


@throttled
def edition_bundle(request, pk):
    """One zip of the sealed edition: its documents, the manifest and the signature records."""
    edition, membership = _get_edition_for_user(request, pk)
    if not edition.manifest:
        raise Http404
    return download(sealing.bundle(edition, lambda: edition_data(edition)), "application/zip",
                    _filename(f"{edition.label} forseglad", edition.procurement, "zip"))
