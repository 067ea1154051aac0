"""Declarations of interest: every member sees them and declares their own."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..access import get_membership
from ..deliberation import declarations
from ..models import InterestDeclaration
from ..text import NormalisedFormField


class DeclarationForm(forms.Form):
    declared_on = forms.DateField(label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"},
                                                                                     format="%Y-%m-%d"))
    has_interest = forms.TypedChoiceField(
        label=gettext_lazy("Do you have an interest in a potential supplier?"), widget=forms.RadioSelect,
        coerce=lambda value: value == "yes",
        choices=[("no", gettext_lazy("No, I have no interest to declare")),
                 ("yes", gettext_lazy("Yes, I declare an interest"))])
    description = NormalisedFormField(
        label=gettext_lazy("The interest"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Employment, ownership, assignments, close relations, or earlier work with or for a "
                               "supplier."))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("has_interest") and not cleaned.get("description"):
            self.add_error("description", _("Describe the interest you declare."))
        return cleaned


def declaration_list(request, pk):
    membership = get_membership(request, pk)
    procurement = membership.procurement
    form = DeclarationForm(request.POST or None, initial={"declared_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        declarations.declare(membership, data["declared_on"], data["has_interest"], data["description"])
        messages.success(request, _("Your declaration was recorded."))
        return redirect("declaration_list", pk)
    return render(request, "requirements_app/declarations.html", {
        "membership": membership, "procurement": procurement, "form": form, "rules": declarations.RULES,
        "declarations": InterestDeclaration.objects.for_procurement(procurement),
        "undeclared": procurement.memberships.exclude(
            user__in=InterestDeclaration.objects.filter(procurement=procurement).values("member")
        ).select_related("user"),
    })
