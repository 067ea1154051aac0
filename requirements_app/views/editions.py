"""Editions and the tender documents made from them."""

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import download, throttled
from .. import findings, publication
from ..access import get_membership, require_coordinator
from ..editions import draft_stamp, edition_data, freeze_edition, freeze_preview, preview_data
from ..forms import EditionForm
from ..models import Edition, EditionDocument, Requirement
from ..response_form import render_response_form
from ..record_pdf import render_record_pdf
from ..tender_html import DOCUMENT_POLICY, render_tender_html
from ..tender_pdf import render_tender_pdf

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
    require_coordinator(membership)
    procurement = membership.procurement
    preview = freeze_preview(procurement)
    reports = findings.reports(procurement)
    form = EditionForm(
        request.POST or None, initial={"edition_date": timezone.localdate()}, removed_numbers=preview.removed_numbers
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            edition = freeze_edition(
                membership, data["label"], data["edition_date"], data["note"], form.confirmed_removals(),
                kind=data["kind"], override_reason=data["override_reason"],
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
         "checks": publication.publication_checks(procurement, preview.included, reports)},
        status=400 if form.is_bound else 200,
    )


def _stored(edition, kind, render):
    """The edition's document of `kind`: the bytes stored at its first download,
    or rendered now and stored (a second download at once stores nothing twice)."""
    content = EditionDocument.objects.filter(edition=edition, kind=kind).values_list("content", flat=True).first()
    if content is None:
        content = render(edition_data(edition))
        try:
            with transaction.atomic():
                EditionDocument.objects.create(edition=edition, kind=kind, content=content)
        except IntegrityError:  # stored meanwhile by another download: serve those bytes
            content = EditionDocument.objects.get(edition=edition, kind=kind).content
    return bytes(content)


@throttled
def edition_pdf(request, pk):
    edition, membership = _get_edition_for_user(request, pk)
    return download(_stored(edition, EditionDocument.Kind.PDF, render_tender_pdf), PDF,
                    _filename(edition.label, edition.procurement, "pdf"))


@throttled
def edition_html(request, pk):
    """The public tender document as one accessible HTML file, beside the PDF."""
    edition, membership = _get_edition_for_user(request, pk)
    response = download(_stored(edition, EditionDocument.Kind.HTML, render_tender_html), HTML,
                        _filename(edition.label, edition.procurement, "html"), inline=True)
    response["Content-Security-Policy"] = DOCUMENT_POLICY  # its own style block; no script
    return response


@throttled
def edition_record(request, pk):
    """The internal beslutsunderlag: members of the procurement only (404 for others)."""
    edition, membership = _get_edition_for_user(request, pk)
    return download(_stored(edition, EditionDocument.Kind.RECORD, render_record_pdf), PDF,
                    _filename(f"beslutsunderlag {edition.label}", edition.procurement, "pdf"))


@throttled
def edition_response_form(request, pk):
    edition, membership = _get_edition_for_user(request, pk)
    return download(_stored(edition, EditionDocument.Kind.RESPONSE_FORM, render_response_form), XLSX,
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