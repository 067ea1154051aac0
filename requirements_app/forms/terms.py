"""Forms for the procurement's terms and its contracting authorities."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import ContractingAuthority, PriceComponent, Procurement
from ..models.core import TERMS_FIELDS
from ..text import NormalisedFormField


class TermsForm(forms.ModelForm):
    """The terms, with the terms version the coordinator saw."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    comment = NormalisedFormField(label=_("Change comment"), max_length=500, required=False)

    class Meta:
        model = Procurement
        fields = TERMS_FIELDS
        widgets = {
            "joint_model": forms.RadioSelect,
            "procedure": forms.RadioSelect,
            "tender_language": forms.RadioSelect,
            "joint_basis": forms.Textarea(attrs={"rows": 2}),
            "value_includes": forms.Textarea(attrs={"rows": 2}),
            "market_analysis": forms.Textarea(attrs={"rows": 5}),
            "procurement_threshold_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "questions_deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "tender_deadline": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "tender_valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.terms_version
        # Radio lists read better without Django's "---------" for "not stated yet".
        for name in ("joint_model", "procedure"):
            self.fields[name].choices = [choice for choice in self.fields[name].choices if choice[0]]


class AuthorityForm(forms.ModelForm):
    class Meta:
        model = ContractingAuthority
        fields = ["legal_name", "organisation_number", "lead", "contact_name", "contact_email", "order"]

    def __init__(self, *args, procurement, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.procurement = procurement


class PriceComponentForm(forms.ModelForm):
    class Meta:
        model = PriceComponent
        fields = ["label", "kind", "quantity", "unit", "evaluated", "option", "order"]
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, procurement, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.procurement = procurement
