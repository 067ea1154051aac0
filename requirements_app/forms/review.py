"""Forms for review: comments, votes, decisions and their rule, the digest, and
setting a kravgranskning finding aside."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Membership, Procurement, Vote
from ..quality_rules import RULES
from ..text import NormalisedFormField


class DismissForm(forms.Form):
    """Set one finding aside for the version it was found in."""

    code = forms.ChoiceField(choices=[(code, code) for code in RULES])
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = NormalisedFormField(label=_("Reason"), max_length=1000)


class CommentForm(forms.Form):
    body = NormalisedFormField(
        label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    suggested_statement = NormalisedFormField(
        label=_("Proposed requirement text (optional)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Propose a new wording; the working group can adopt it as the next version."),
    )


class ReplyForm(forms.Form):
    body = NormalisedFormField(
        label=_("Reply"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class VoteForm(forms.Form):
    choice = forms.ChoiceField(label=_("Your vote"), choices=Vote.Choice.choices, widget=forms.RadioSelect)
    reason = NormalisedFormField(
        label=_("Reason"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you vote no."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("choice") == Vote.Choice.NO and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Give a reason for a no vote."))
        return cleaned


class DecisionForm(forms.Form):
    """Carries the version and the tally the coordinator saw."""

    meeting_date = forms.DateField(
        label=_("Date of the meeting where it was decided (optional)"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = NormalisedFormField(
        label=_("Note for the decision log (optional)"), max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    yes = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    no = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    abstain = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class DecisionRuleForm(forms.ModelForm):
    class Meta:
        model = Procurement
        fields = ["quorum", "threshold", "expert_votes", "answer_approvers", "signatures_required"]
        widgets = {"threshold": forms.RadioSelect, "expert_votes": forms.RadioSelect,
                   "answer_approvers": forms.RadioSelect}

    def clean_quorum(self):
        quorum = self.cleaned_data["quorum"]
        if quorum < 1:
            raise forms.ValidationError(_("At least one vote is needed for a decision."))
        return quorum


class DigestForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["digest"]
        help_texts = {"digest": _("Once a day, what changed in this procurement, sent to your e-mail address.")}
