"""The procurement's terms and parties: everyone in the procurement reads
them, the coordinator changes them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import terms
from ..access import get_membership
from ..documents.publication import terms_checks
from ..evaluation.price_model import formula_text as price_model_text
from ..forms import AuthorityForm, PriceComponentForm, TermsForm
from ..models import ContractingAuthority, PriceComponent
from ..models.core import TERMS_FIELDS
from ..permissions import Action, require


def procurement_terms(request, pk):
    membership = get_membership(request, pk)
    procurement = membership.procurement
    form = TermsForm(request.POST or None, instance=procurement) if membership.is_coordinator else None
    if request.method == "POST":
        require(membership, Action.COORDINATE)
        if form.is_valid():
            data = form.cleaned_data
            try:
                terms.save_terms(membership, {name: data[name] for name in TERMS_FIELDS}, data["version"],
                                 data["comment"])
            except ValidationError as error:
                if error.code != "stale":
                    raise
                messages.error(request, error.messages[0])
                procurement.refresh_from_db()
                form = TermsForm(instance=procurement)
            else:
                messages.success(request, _("The terms were saved."))
                return redirect("procurement_terms", pk)
        else:
            procurement.refresh_from_db()  # the page describes the saved terms, not the refused input
    return render(request, "requirements_app/terms.html", {
        "membership": membership,
        "procurement": procurement,
        "form": form,
        "authorities": ContractingAuthority.objects.for_procurement(procurement),
        "checks": terms_checks(procurement),
    })


def authority_edit(request, pk, authority_pk=None):
    membership = get_membership(request, pk)
    require(membership, Action.COORDINATE)
    authority = (get_object_or_404(ContractingAuthority, pk=authority_pk, procurement=membership.procurement)
                 if authority_pk else None)
    form = AuthorityForm(request.POST or None, instance=authority, procurement=membership.procurement)
    if request.method == "POST" and form.is_valid():
        try:
            saved = terms.save_authority(membership, form.instance)
        except ValidationError as error:  # the constraints across the procurement: one lead, one party per number
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s was saved.") % {"name": saved.legal_name})
            return redirect("procurement_terms", pk)
    return render(request, "requirements_app/authority_form.html", {
        "membership": membership, "procurement": membership.procurement, "form": form, "authority": authority,
    })


@require_POST
def authority_delete(request, pk, authority_pk):
    membership = get_membership(request, pk)
    require(membership, Action.COORDINATE)
    authority = get_object_or_404(ContractingAuthority, pk=authority_pk, procurement=membership.procurement)
    terms.delete_authority(membership, authority)
    messages.success(request, _("%(name)s was removed.") % {"name": authority.legal_name})
    return redirect("procurement_terms", pk)


def price_model(request, pk, component_pk=None):
    """The price model: everyone reads it; the coordinator adds and changes its components."""
    membership = get_membership(request, pk)
    procurement = membership.procurement
    component = (get_object_or_404(PriceComponent, pk=component_pk, procurement=procurement)
                 if component_pk else None)
    if request.method == "POST" or component_pk:
        require(membership, Action.COORDINATE)
    form = (PriceComponentForm(request.POST or None, instance=component, procurement=procurement)
            if membership.is_coordinator else None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = terms.save_price_component(membership, form.instance)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s was saved.") % {"name": saved.label})
            return redirect("price_model", pk)
    components = list(PriceComponent.objects.for_procurement(procurement))
    return render(request, "requirements_app/price_model.html", {
        "membership": membership, "procurement": procurement, "form": form, "component": component,
        "components": components, "formula": price_model_text(terms.price_snapshot(components)),
    })


@require_POST
def price_component_delete(request, pk, component_pk):
    membership = get_membership(request, pk)
    require(membership, Action.COORDINATE)
    component = get_object_or_404(PriceComponent, pk=component_pk, procurement=membership.procurement)
    terms.delete_price_component(membership, component)
    messages.success(request, _("%(name)s was removed.") % {"name": component.label})
    return redirect("price_model", pk)
