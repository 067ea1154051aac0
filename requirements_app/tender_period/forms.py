"""Forms of the tender period."""

import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import DocumentSection, Requirement
from ..text import NormalisedFormField

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class QuestionForm(forms.Form):
    received_at = forms.DateTimeField(label=gettext_lazy("Received"), widget=DATETIME)
    asker = NormalisedFormField(label=gettext_lazy("Asked by (organisation)"), max_length=200, one_line=True,
                                help_text=gettext_lazy("Kept internal: never shown to suppliers."))
    text = NormalisedFormField(label=gettext_lazy("Question"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}),
                               help_text=gettext_lazy("As it will be published: leave out anything that tells who "
                                                      "asked."))
    requirements = NormalisedFormField(
        label=gettext_lazy("Requirements it concerns"), max_length=1000, required=False, one_line=True,
        help_text=gettext_lazy("Requirement numbers separated by commas, for example TILL-01, LADD-02."))

    sections = forms.MultipleChoiceField(label=gettext_lazy("Sections it concerns"), required=False,
                                         choices=DocumentSection.Kind.choices, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, procurement, **kwargs):
        super().__init__(*args, **kwargs)
        self.procurement = procurement

    def clean_requirements(self):
        """The requirements named, in the order given; every number must be one of the procurement's."""
        numbers = list(dict.fromkeys(n for n in re.split(r"[,;\s]+", self.cleaned_data["requirements"].upper()) if n))
        requirements = Requirement.objects.for_procurement(self.procurement).select_related("area")
        found = {n: requirements.with_number(n).first() for n in numbers}
        unknown = [n for n, requirement in found.items() if requirement is None]
        if unknown:
            raise forms.ValidationError(_("No requirement has the number %(numbers)s.") % {"numbers": ", ".join(unknown)})
        return list(found.values())


class AnswerForm(forms.Form):
    answer = NormalisedFormField(label=gettext_lazy("Answer"), max_length=10000,
                                 widget=forms.Textarea(attrs={"rows": 6}))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ApproveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    note = NormalisedFormField(label=gettext_lazy("Why it may be published although the check found something"),
                               max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ConfirmForm(forms.Form):
    note = NormalisedFormField(label=gettext_lazy("Why the answer still holds"), max_length=1000,
                               widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionForm(forms.Form):
    new_deadline = forms.DateTimeField(label=gettext_lazy("New tender deadline"), widget=DATETIME)
    reason = NormalisedFormField(label=gettext_lazy("Reason and decision"), max_length=2000,
                                 widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text=gettext_lazy("Why the deadline moves, and the decision it rests on."))
