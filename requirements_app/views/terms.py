"""The procurement's terms and parties: everyone in the procurement reads
them, the coordinator changes them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import terms
from ..access import get_membership, require_coordinator
from ..forms import AuthorityForm, TermsForm
from ..models import ContractingAuthority
from ..models.core import TERMS_FIELDS
from ..publication import terms_checks


def procurement_terms(request, pk):
    membership = get_membership(request, pk)
    procurement = membership.procurement
    form = TermsForm(request.POST or None, instance=procurement) if membership.is_coordinator else None
    if request.method == "POST":
        require_coordinator(membership)
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
    require_coordinator(membership)
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
    require_coordinator(membership)
    authority = get_object_or_404(ContractingAuthority, pk=authority_pk, procurement=membership.procurement)
    terms.delete_authority(membership, authority)
    messages.success(request, _("%(name)s was removed.") % {"name": authority.legal_name})
    return redirect("procurement_terms", pk)
