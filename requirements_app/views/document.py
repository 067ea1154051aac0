"""The tender document's own sections and definitions."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..access import get_membership
from ..drafting import sections
from ..forms import DefinitionForm, SectionForm
from ..models import Definition, DocumentSection, Requirement
from ..permissions import Action, require
from ..writes import EditConflict


def document(request, pk):
    membership = get_membership(request, pk)
    procurement = membership.procurement
    requirements = Requirement.objects.for_procurement(procurement).live().select_related("area")
    return render(
        request,
        "requirements_app/document.html",
        {
            "membership": membership,
            "procurement": procurement,
            "sections": DocumentSection.objects.every_kind(procurement),
            "definitions": procurement.definitions.all(),
            "findings": sections.document_findings(procurement, requirements),
        },
    )


def section_edit(request, pk, kind):
    membership = get_membership(request, pk)
    require(membership, Action.DRAFT)
    if kind not in DocumentSection.Kind.values:
        return redirect("document", pk=pk)
    section = next(s for s in DocumentSection.objects.every_kind(membership.procurement) if s.kind == kind)
    form = SectionForm(request.POST or None, initial={"text": section.text, "version": section.version_no})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = sections.save_section(membership, kind, data["version"], data["text"], data["comment"])
        except EditConflict as conflict:
            form.add_error(None, _("Somebody saved this section while you were editing it (now version %(version)s). "
                                   "Copy your text, reload the page and merge.") % {"version": conflict.current.version_no})
        else:
            messages.success(request, _("%(section)s was saved as version %(version)s.")
                             % {"section": saved.get_kind_display().capitalize(), "version": saved.version_no})
            return redirect("document", pk=pk)
    return render(
        request,
        "requirements_app/section_form.html",
        {"membership": membership, "procurement": membership.procurement, "section": section, "form": form,
         "guidance": DocumentSection.GUIDANCE.get(kind, "")},
    )


def definition_edit(request, pk, definition_pk=None):
    membership = get_membership(request, pk)
    require(membership, Action.DRAFT)
    definition = (
        get_object_or_404(Definition, pk=definition_pk, procurement=membership.procurement) if definition_pk else None
    )
    form = DefinitionForm(request.POST or None, instance=definition, procurement=membership.procurement)
    if request.method == "POST" and form.is_valid():
        saved = sections.save_definition(
            membership, form.instance, form.cleaned_data["comment"] or _("Definition saved")
        )
        messages.success(request, _("The definition of “%(term)s” was saved.") % {"term": saved.term})
        return redirect("document", pk=pk)
    return render(
        request,
        "requirements_app/definition_form.html",
        {"membership": membership, "procurement": membership.procurement, "form": form, "definition": definition},
    )


@require_POST
def definition_delete(request, pk, definition_pk):
    membership = get_membership(request, pk)
    require(membership, Action.DRAFT)
    definition = get_object_or_404(Definition, pk=definition_pk, procurement=membership.procurement)
    sections.delete_definition(membership, definition, _("Definition of “%(term)s” removed") % {"term": definition.term})
    messages.success(request, _("The definition of “%(term)s” was removed.") % {"term": definition.term})
    return redirect("document", pk=pk)
