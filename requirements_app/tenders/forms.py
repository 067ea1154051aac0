"""Forms of the tenders received. Text enters through the normalising fields."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Membership
from ..text import NormalisedFormField
from . import award

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EvaluatorsForm(forms.Form):
    evaluators = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Evaluators"), queryset=Membership.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Only they see the tenders until the award decision."))

    def __init__(self, *args, procurement, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["evaluators"]
        field.queryset = Membership.objects.filter(procurement=procurement).select_related("user").order_by(
            "user__first_name", "user__username")
        field.label_from_instance = lambda m: f"{m.user.get_full_name() or m.user.username} ({m.get_role_display()})"


class OpeningForm(forms.Form):
    opened_at = forms.DateTimeField(label=gettext_lazy("Opened"), widget=DATETIME)
    witness = forms.ModelChoiceField(label=gettext_lazy("Second person present"), queryset=Membership.objects.none())
    received = NormalisedFormField(
        label=gettext_lazy("Tenders received"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000,
        help_text=gettext_lazy("One a line, as the e-procurement system lists them: the tenderer's name, a "
                               "semicolon, and when it was received (YYYY-MM-DD HH:MM)."))

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["witness"]
        field.queryset = (Membership.objects.filter(procurement=membership.procurement).exclude(pk=membership.pk)
                          .select_related("user").order_by("user__first_name", "user__username"))
        field.label_from_instance = lambda m: m.user.get_full_name() or m.user.username

    def clean_received(self):
        received = []
        for number, line in enumerate(self.cleaned_data["received"].splitlines(), start=1):
            if not line.strip():
                continue
            name, _semicolon, when = line.rpartition(";")
            try:
                moment = datetime.datetime.strptime(when.strip(), "%Y-%m-%d %H:%M")
            except ValueError:
                raise ValidationError(_("Line %(number)s: write the name, a semicolon and the time received as "
                                        "YYYY-MM-DD HH:MM.") % {"number": number})
            received.append((name.strip(), timezone.make_aware(moment)))
        return received


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("The tender's filled svarsmall (XLSX)"))
    reason = NormalisedFormField(label=gettext_lazy("Why a corrected file replaces the imported one"),
                                 required=False, max_length=1000, one_line=True)


class ClarificationForm(forms.Form):
    number = forms.ChoiceField(label=gettext_lazy("Requirement"), required=False)
    request = NormalisedFormField(label=gettext_lazy("Request to the tenderer"), max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    requested_at = forms.DateTimeField(label=gettext_lazy("Sent"), widget=DATETIME)

    def __init__(self, *args, numbers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].choices = [("", _("The tender as a whole"))] + [(n, n) for n in numbers]


class ClarificationAnswerForm(forms.Form):
    answer = NormalisedFormField(label=gettext_lazy("The tenderer's answer"), max_length=10000,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    answered_at = forms.DateTimeField(label=gettext_lazy("Answered"), widget=DATETIME)


class DemonstrationForm(forms.Form):
    number = forms.ChoiceField(label=gettext_lazy("Award criterion"))
    held_on = forms.DateField(label=gettext_lazy("Held on"), widget=DATE)
    shown = NormalisedFormField(label=gettext_lazy("What was shown"), max_length=5000,
                                widget=forms.Textarea(attrs={"rows": 3}))
    level = forms.IntegerField(label=gettext_lazy("Level reached (%)"), min_value=0, max_value=100)
    outcome = NormalisedFormField(label=gettext_lazy("Outcome"), max_length=2000, widget=forms.Textarea(
        attrs={"rows": 2}))

    def __init__(self, *args, numbers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].choices = [(n, n) for n in numbers]


class AwardForm(forms.Form):
    decided_on = forms.DateField(label=gettext_lazy("Decided on"), widget=DATE)
    decided_by = NormalisedFormField(label=gettext_lazy("Decided by (name and position)"), max_length=200,
                                     one_line=True)
    lot_winner = NormalisedFormField(
        label=gettext_lazy("Won the draw (only when the first place is equal)"), required=False, max_length=200,
        one_line=True)


class SentForm(forms.Form):
    sent_on = forms.DateField(label=gettext_lazy("Sent electronically to every tenderer on"), widget=DATE)


class ReportForm(forms.Form):
    address = NormalisedFormField(label=gettext_lazy("The contracting authority's address"), max_length=1000,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    contract_value = NormalisedFormField(label=gettext_lazy("The value of the contract"), max_length=1000,
                                         widget=forms.Textarea(attrs={"rows": 2}))
    subcontracting = NormalisedFormField(
        label=gettext_lazy("Subcontracting: the share, and the subcontractors, where known"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}))
    conflict_measures = NormalisedFormField(
        label=gettext_lazy("Conflicts of interest found, and the measures taken"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}))
    other = NormalisedFormField(
        label=gettext_lazy("Anything else the report must hold (write “–” where nothing applies)"),
        max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    field_order = list(award.REPORT_FIELDS)
