"""Forms for the tender document: its sections and definitions, freezing an
edition, and the evaluation model with its simulation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..documents import eforms
from ..models import Definition, Edition, EditionSignature, EvaluationModel
from ..text import NormalisedFormField


class SectionForm(forms.Form):
    """One section of the tender document, with the version it was opened on."""

    text = NormalisedFormField(label=_("Text"), max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 12}))
    comment = NormalisedFormField(label=_("Change comment"), max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput)


class DefinitionForm(forms.ModelForm):
    comment = NormalisedFormField(label=_("Change comment"), max_length=500, required=False)

    class Meta:
        model = Definition
        fields = ["term", "meaning", "role"]
        widgets = {"meaning": forms.Textarea(attrs={"rows": 3}), "role": forms.RadioSelect}

    def __init__(self, *args, procurement, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.procurement = procurement

    def clean(self):
        cleaned = super().clean()
        # The unique constraints include the procurement, which is not a form
        # field: check here for a field error, not a 500.
        others = Definition.objects.filter(procurement=self.instance.procurement).exclude(pk=self.instance.pk)
        if cleaned.get("term") and others.filter(term__iexact=cleaned["term"]).exists():
            self.add_error("term", _("This term is already defined."))
        role = cleaned.get("role")
        if role and role != Definition.Role.OTHER and others.filter(role=role).exists():
            self.add_error("role", _("The procurement already has a term for this role."))
        return cleaned


class EditionForm(forms.Form):
    """Freezing an edition. When requirements of the previous edition would be
    left out, the coordinator confirms exactly the ones the preview showed."""

    label = NormalisedFormField(
        one_line=True, label=_("Label"), max_length=50, help_text=_("For example “Utgåva 1.0”.")
    )
    edition_date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("Freeze for"), choices=Edition.Kind.choices, initial=Edition.Kind.CONSULTATION,
                             widget=forms.RadioSelect, required=False,
                             help_text=_("Only an edition for publication is the procurement document; it must pass "
                                         "the publication check."))
    adopted_name = NormalisedFormField(label=_("Decided by (name)"), max_length=200, required=False, one_line=True,
                                       help_text=_("For an edition for publication: who decides it for the "
                                                   "contracting authority."))
    adopted_position = NormalisedFormField(label=_("Position"), max_length=200, required=False, one_line=True)
    adopted_delegation = NormalisedFormField(
        label=_("Delegation"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The delegation the decision rests on, e.g. the delegation order and its paragraph."))
    override_reason = NormalisedFormField(
        label=_("Publish despite the requirement check's errors or the evaluation model's warnings, because"), max_length=500, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only the requirement check's errors and the evaluation model's warnings can be passed this way; the "
                    "reason goes into the beslutsunderlag."),
    )
    note = NormalisedFormField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}),
    )
    # A correction (a publication edition after an earlier one): what the change notice says, and the
    # decision a significant change needs.
    change_reason = forms.ChoiceField(label=_("Change reason (eForms BT-140)"), required=False,
                                      choices=[("", "–"), *eforms.CHANGE_REASONS.items()])
    change_description = NormalisedFormField(label=_("Description of the change (BT-141)"), max_length=2000,
                                             required=False, widget=forms.Textarea(attrs={"rows": 2}))
    previous_notice = NormalisedFormField(
        label=_("The notice it changes (BT-758)"), max_length=100, required=False, one_line=True,
        help_text=_("The notice's identifier and version, from the e-procurement system."))
    change_decision = forms.ChoiceField(
        label=_("If a change is significant"), required=False, widget=forms.RadioSelect,
        choices=[("extended", _("the tender deadline has been extended in proportion to the changes")),
                 ("restart", _("the procurement is restarted"))])
    change_decision_note = NormalisedFormField(label=_("Why the procurement is restarted"), max_length=1000,
                                               required=False, widget=forms.Textarea(attrs={"rows": 2}))
    treat_as_significant = forms.BooleanField(label=_("Treat every change as significant"), required=False)
    removed = forms.CharField(widget=forms.HiddenInput, required=False)
    confirm_removals = forms.BooleanField(
        label=_("I have seen which requirements of the previous edition are left out, and freeze anyway"),
        required=False,
    )

    CORRECTION_FIELDS = ("change_reason", "change_description", "previous_notice", "change_decision",
                         "change_decision_note", "treat_as_significant")

    def __init__(self, *args, removed_numbers=(), corrects=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["removed"].initial = ",".join(removed_numbers)
        if not removed_numbers:
            del self.fields["confirm_removals"]
        if corrects is None:  # no edition published yet: nothing to correct
            for name in self.CORRECTION_FIELDS:
                del self.fields[name]

    def adopted(self):
        """Who decides the publication, for `freeze_edition`."""
        data = self.cleaned_data
        return {"name": data["adopted_name"], "position": data["adopted_position"],
                "delegation": data["adopted_delegation"]}

    def correction(self):
        """What `freeze_edition` needs of a correction, from the cleaned data (None when there is nothing to correct)."""
        if "change_reason" not in self.fields:
            return None
        data = self.cleaned_data
        return {"reason_code": data["change_reason"], "description": data["change_description"],
                "previous_notice": data["previous_notice"], "decision": data["change_decision"],
                "decision_note": data["change_decision_note"], "significant": data["treat_as_significant"]}

    def clean(self):
        cleaned = super().clean()
        if "confirm_removals" in self.fields and not cleaned.get("confirm_removals"):
            self.add_error("confirm_removals", _("Confirm that these requirements are left out of the new edition."))
        return cleaned

    def clean_kind(self):
        # Not chosen: the edition that asks nothing of the publication check.
        return self.cleaned_data["kind"] or Edition.Kind.CONSULTATION

    def confirmed_removals(self):
        """The removed numbers the coordinator saw when confirming."""
        if not self.cleaned_data.get("confirm_removals"):
            return []
        return [number for number in self.cleaned_data["removed"].split(",") if number]


class EvaluationModelForm(forms.ModelForm):
    """The coordinator's settings of the evaluation model, with the version the
    coordinator saw (a second coordinator's save in between is not overwritten)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version_no

    class Meta:
        model = EvaluationModel
        fields = ["basis", "method", "price_points", "price_formula", "reference_price", "tie_break", "expected_price",
                  "max_share"]
        widgets = {"basis": forms.RadioSelect, "method": forms.RadioSelect, "price_formula": forms.RadioSelect,
                   "tie_break": forms.RadioSelect}


class SimulationForm(forms.Form):
    """Imagined tenders for the simulation: per tender a name, a price and the
    level reached on each criterion (GET: nothing is stored)."""

    MAX_TENDERS = 10

    def __init__(self, *args, criteria, count=3, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria, self.count = criteria, count
        for index in range(1, count + 1):
            self.fields[f"t{index}-name"] = NormalisedFormField(
                label=_("Name of tender %(index)s") % {"index": index}, max_length=50, required=False,
                initial=_("Tender %(index)s") % {"index": index})
            self.fields[f"t{index}-price"] = forms.IntegerField(
                label=_("Price of tender %(index)s (kronor)") % {"index": index}, min_value=0,
                max_value=10**12, required=False)
            for criterion in criteria:
                self.fields[f"t{index}-{criterion.number}"] = forms.TypedChoiceField(
                    label=_("Tender %(index)s, %(number)s") % {"index": index, "number": criterion.number},
                    choices=[(level.percent, f"{level.percent} %") for level in criterion.levels],
                    coerce=int, required=False, empty_value=0)

    def rows(self):
        """The level fields as a table: [(criterion, [bound field per tender])]."""
        return [(c, [self[f"t{i}-{c.number}"] for i in range(1, self.count + 1)]) for c in self.criteria]

    def tender_fields(self):
        return [(self[f"t{i}-name"], self[f"t{i}-price"]) for i in range(1, self.count + 1)]

    def tenders(self):
        """The tenders with a price (the others are left out)."""
        from ..evaluation.comparison import Tender

        data = self.cleaned_data
        return [
            Tender(data[f"t{i}-name"] or _("Tender %(index)s") % {"index": i}, data[f"t{i}-price"],
                   {c.number: data[f"t{i}-{c.number}"] for c in self.criteria})
            for i in range(1, self.count + 1) if data[f"t{i}-price"] is not None
        ]


class SignForm(forms.Form):
    """Signing a sealed edition: what the signature means, and the password again."""

    meaning = forms.ChoiceField(label=_("The signature means"), choices=EditionSignature.Meaning.choices,
                                widget=forms.RadioSelect)
    password = forms.CharField(label=_("Your password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class RevokeForm(forms.Form):
    reason = NormalisedFormField(label=_("Why the signature is revoked"), max_length=1000,
                                 widget=forms.Textarea(attrs={"rows": 2}))
