"""Forms: they validate input and report field errors; the models and the
service modules (`drafting.py`, `decisions.py` …) enforce the rules."""

from .drafting import AreaForm, BulkStatusForm, BulkTriageForm, ImportForm, RequirementFilterForm, RequirementForm, SearchForm, StatusChangeForm, TriageForm
from .review import CommentForm, DecisionForm, DecisionRuleForm, DigestForm, DismissForm, ReplyForm, VoteForm
from .terms import AuthorityForm, PriceComponentForm, TermsForm
from .documents import (
    DefinitionForm, EditionForm, EvaluationModelForm, RevokeForm, SectionForm, SignForm, SimulationForm,
)

__all__ = [
    "PriceComponentForm",
    "RevokeForm",
    "SignForm",
    "AuthorityForm",
    "TermsForm",
    "AreaForm",
    "BulkStatusForm",
    "CommentForm",
    "DecisionForm",
    "DecisionRuleForm",
    "DefinitionForm",
    "DigestForm",
    "DismissForm",
    "EditionForm",
    "EvaluationModelForm",
    "ImportForm",
    "ReplyForm",
    "RequirementFilterForm",
    "RequirementForm",
    "SearchForm",
    "SectionForm",
    "SimulationForm",
    "StatusChangeForm",
    "BulkTriageForm",
    "TriageForm",
    "VoteForm",
]
