"""Spreadsheet export of the (filtered) requirement list, and import with preview."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..access import get_membership
from ..forms import ImportForm, RequirementFilterForm
from ..importing.spreadsheets import (
    FORMATS,
    SpreadsheetError,
    export_insights,
    export_requirements,
    import_requirements,
    read_dataset,
    read_upload,
)
from ..models import ImportUpload, Requirement
from ..permissions import Action, require
from . import download, throttled


@throttled
def requirement_export(request, pk, file_format):
    membership = get_membership(request, pk)
    if file_format not in FORMATS:
        raise Http404
    filters = RequirementFilterForm(request.GET or None, membership=membership)
    if filters.is_bound and not filters.is_valid():
        messages.error(request, _("A filter is not valid, so nothing was exported. Correct the filter and export again."))
        return redirect(f"{reverse('requirement_list', args=[pk])}?{request.GET.urlencode()}")
    queryset = filters.filter(Requirement.objects.for_procurement(membership.procurement).for_list())
    return download(
        export_requirements(membership, queryset, file_format), FORMATS[file_format],
        f"{slugify(membership.procurement.name)}-krav.{file_format}",
    )


@throttled
def insight_export(request, pk, file_format):
    membership = get_membership(request, pk)
    if file_format not in FORMATS:
        raise Http404
    return download(
        export_insights(membership.procurement, file_format), FORMATS[file_format],
        f"{slugify(membership.procurement.name)}-insikter.{file_format}",
    )


def _page(request, membership, form, report=None, upload=None, error=None, status=200):
    return render(
        request,
        "requirements_app/import.html",
        {"membership": membership, "procurement": membership.procurement, "form": form, "report": report,
         "upload": upload, "error": error},
        status=status,
    )


def requirement_import(request, pk):
    """Upload a file and see what importing it would do (a dry run)."""
    membership = get_membership(request, pk)
    require(membership, Action.DRAFT)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return _page(request, membership, form)
    if not form.is_valid():
        return _page(request, membership, form, status=400)
    uploaded = form.cleaned_data["file"]
    try:
        content, dataset = read_upload(uploaded)
    except SpreadsheetError as error:
        return _page(request, membership, form, error=str(error), status=400)
    report = import_requirements(membership, dataset, uploaded.name, dry_run=True)
    upload = None
    if report.ok:
        ImportUpload.objects.filter(procurement=membership.procurement, uploaded_by=request.user).delete()
        upload = ImportUpload.objects.create(
            procurement=membership.procurement, uploaded_by=request.user, filename=uploaded.name, content=content
        )
    return _page(request, membership, ImportForm(), report=report, upload=upload, status=200 if report.ok else 400)


@require_POST
def requirement_import_confirm(request, pk, upload_pk):
    """Apply a previewed file, checking every row again: all rows or none."""
    membership = get_membership(request, pk)
    require(membership, Action.DRAFT)
    upload = get_object_or_404(
        ImportUpload, pk=upload_pk, procurement=membership.procurement, uploaded_by=request.user
    )
    try:
        dataset = read_dataset(upload.filename, bytes(upload.content))
    except SpreadsheetError as error:  # cannot happen for a previewed file, but never a 500
        upload.delete()
        messages.error(request, str(error))
        return redirect("requirement_import", pk=pk)
    report = import_requirements(membership, dataset, upload.filename, dry_run=False)
    if not report.ok:
        # Something changed since the preview: show the new problems, write nothing.
        return _page(request, membership, ImportForm(), report=report, status=409)
    upload.delete()
    messages.success(request, _("Imported %(file)s: %(summary)s.") % {"file": upload.filename, "summary": report.summary()})
    return redirect("requirement_list", pk=pk)
