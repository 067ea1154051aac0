"""Procurements and their members, the workshop's insights, and the areas."""

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..organisation_numbers import is_valid as valid_organisation_number
from ..permissions import Action, Role, allows
from ..text import LineField, TextField


def validate_organisation_number(value):
    if value and not valid_organisation_number(value):
        raise ValidationError(_("“%(value)s” is not an organisationsnummer: write NNNNNN-NNNN with its check digit."),
                              params={"value": value}, code="invalid")


# The decision rule is versioned: a tally is read against the rule in force, so
# who changed it, when and from what must be on record.
# The terms suppliers read (procedure, dates, how to communicate) and what they
# rest on (the estimated value, the threshold) are versioned like the rule.
TERMS_FIELDS = [
    "joint_model", "joint_basis", "procedure", "estimated_value", "value_includes", "procurement_threshold",
    "procurement_threshold_source", "procurement_threshold_date", "questions_deadline", "tender_deadline",
    "tender_valid_until", "accelerated", "tender_language", "esystem", "market_analysis",
]


@reversion.register(fields=["quorum", "threshold", "expert_votes", "answer_approvers", "signatures_required",
                            *TERMS_FIELDS])
class Procurement(models.Model):
    """One procurement (upphandling), e.g. "Ny Götawebb", with its decision rule
    and its terms: who buys, by which procedure, and by which dates."""

    class Threshold(models.TextChoices):
        MAJORITY = "majority", _("simple majority of votes cast")
        TWO_THIRDS = "two_thirds", _("two thirds of votes cast")
        UNANIMOUS = "unanimous", _("all votes cast")

    class ExpertVotes(models.TextChoices):
        NONE = "none", _("experts do not vote")
        ADVISORY = "advisory", _("experts vote advisorily, shown apart")
        COUNTED = "counted", _("experts' votes count")

    name = LineField(_("name"), max_length=200)
    reference = LineField(_("reference number"), max_length=50, blank=True)
    organisation = LineField(_("contracting authority"), max_length=200, blank=True)
    description = TextField(_("description"), blank=True)
    # Left empty until the group states it: never guessed (kravgranskning's
    # turnover check waits for it).
    estimated_value = models.PositiveBigIntegerField(
        _("estimated contract value (kronor)"), null=True, blank=True,
        help_text=_("The whole contract's estimated value excluding VAT, options and extensions included."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    quorum = models.PositiveSmallIntegerField(
        _("quorum"), default=3, help_text=_("The least number of counted votes (yes, no or abstain) for a decision.")
    )
    threshold = models.CharField(_("threshold"), max_length=20, choices=Threshold.choices, default=Threshold.MAJORITY)
    expert_votes = models.CharField(
        _("experts' votes"), max_length=20, choices=ExpertVotes.choices, default=ExpertVotes.NONE
    )

    class AnswerApprovers(models.TextChoices):
        WORKING_GROUP = "working_group", _("a member of the working group or the coordinator")
        COORDINATOR = "coordinator", _("the coordinator")

    # How many people sign a publication edition before it is sealed (e.g. the decision-maker and a second).
    signatures_required = models.PositiveSmallIntegerField(
        _("signatures a publication edition needs"), default=2,
        help_text=_("Each signer enters their password again; a signature states its meaning."))
    # Who approves the answer to a supplier's question (one approval, by someone other than its writer).
    answer_approvers = models.CharField(_("answers to questions are approved by"), max_length=20,
                                        choices=AnswerApprovers.choices, default=AnswerApprovers.WORKING_GROUP)

    # Terms. Left empty until the group states them: the publication check
    # lists what is missing instead of the workbench guessing.
    class JointModel(models.TextChoices):
        SINGLE = "single", _("one contracting authority buys for itself")
        EACH_PARTY = "each_party", _("the authorities procure jointly, each is a party to the contract")
        ON_BEHALF = "on_behalf", _("one authority procures on behalf of the others")

    class Procedure(models.TextChoices):
        # LOU (2016:1145): 6 kap. above the thresholds, 19 kap. below them.
        OPEN = "open", _("open procedure (öppet förfarande)")
        RESTRICTED = "restricted", _("restricted procedure (selektivt förfarande)")
        NEGOTIATED = "negotiated", _("competitive procedure with negotiation (förhandlat förfarande med föregående "
                                     "annonsering)")
        DIALOGUE = "dialogue", _("competitive dialogue (konkurrenspräglad dialog)")
        SIMPLIFIED = "simplified", _("simplified procedure, below the thresholds (förenklat förfarande)")
        SELECTIVE_BELOW = "selective_below", _("selection procedure, below the thresholds (urvalsförfarande)")

        @classmethod
        def below_threshold_only(cls):
            return {cls.SIMPLIFIED, cls.SELECTIVE_BELOW}

    class Language(models.TextChoices):
        SWEDISH = "sv", _("Swedish")
        SWEDISH_OR_ENGLISH = "sv_en", _("Swedish or English")

    joint_model = models.CharField(_("joint procurement"), max_length=20, choices=JointModel.choices, blank=True)
    joint_basis = TextField(
        _("what the joint procurement rests on"), blank=True, max_length=2000,
        help_text=_("The power of attorney (fullmakt) or cooperation agreement, with its date, when one authority "
                    "procures on behalf of the others."),
    )
    procedure = models.CharField(_("procedure"), max_length=20, choices=Procedure.choices, blank=True)
    value_includes = TextField(
        _("what the estimated value includes"), blank=True, max_length=2000,
        help_text=_("For example: development, four years of operation and the options to extend by 2 × 12 months."),
    )
    procurement_threshold = models.PositiveBigIntegerField(
        _("threshold (kronor)"), null=True, blank=True,
        help_text=_("The EU threshold in force for this kind of contract and authority, in kronor."),
    )
    procurement_threshold_source = LineField(
        _("source of the threshold"), max_length=300, blank=True,
        help_text=_("Where the threshold is published, e.g. the Swedish National Agency for Public Procurement's "
                    "page on thresholds."),
    )
    procurement_threshold_date = models.DateField(_("threshold in force from"), null=True, blank=True)
    questions_deadline = models.DateField(_("last day for questions"), null=True, blank=True)
    tender_deadline = models.DateTimeField(_("tender deadline"), null=True, blank=True)
    tender_valid_until = models.DateField(_("tenders valid until"), null=True, blank=True)
    accelerated = models.BooleanField(
        _("accelerated procedure"), default=False,
        help_text=_("Time limits shortened for urgency: answers to questions may then go out 4 days before the tender "
                    "deadline instead of 6."),
    )
    tender_language = models.CharField(_("language of tenders"), max_length=10, choices=Language.choices,
                                       default=Language.SWEDISH)
    esystem = LineField(
        _("e-procurement system"), max_length=200, blank=True,
        help_text=_("The system through which all communication and the tenders go, e.g. its product name."),
    )
    # Internal: the beslutsunderlag documents it, the tender document does not.
    market_analysis = TextField(
        _("market analysis"), blank=True, max_length=10000,
        help_text=_("A short analysis of the market: which suppliers and solutions there are, what the dialogue with "
                    "them showed, and why the requirements and the procedure fit. For the beslutsunderlag only."),
    )
    # Grows with every saved change of the terms: a save compares it with the version the coordinator saw.
    terms_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("procurement")
        verbose_name_plural = _("procurements")
        constraints = [
            models.CheckConstraint(condition=models.Q(quorum__gte=1), name="quorum_at_least_one"),
            models.CheckConstraint(condition=models.Q(signatures_required__gte=1), name="at_least_one_signature"),
            models.CheckConstraint(condition=models.Q(procurement_threshold__isnull=True)
                                   | models.Q(procurement_threshold__gt=0), name="threshold_positive"),
        ]

    def clean(self):
        super().clean()
        if self.questions_deadline and self.tender_deadline and (
                self.questions_deadline >= timezone.localdate(self.tender_deadline)):
            raise ValidationError({"questions_deadline": _("The last day for questions must come before the tender "
                                                           "deadline.")})
        if self.tender_valid_until and self.tender_deadline and (
                self.tender_valid_until <= timezone.localdate(self.tender_deadline)):
            raise ValidationError({"tender_valid_until": _("Tenders must stay valid past the tender deadline.")})

    @property
    def above_threshold(self):
        """True or False once both the estimated value and the threshold are stated; else None."""
        if self.estimated_value is None or not self.procurement_threshold:
            return None
        return self.estimated_value >= self.procurement_threshold

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("procurement", args=[self.pk])

    @property
    def award_decided(self):
        """Whether the award decision is made: until then the tenders are secret (OSL 19 kap. 3 §)."""
        return self.award_decisions.exists()

    def vote_weight(self, role):
        """How the decision rule in force takes a vote by a member of `role`:
        "counted", "advisory", or None (not at all: not a voter, or no longer a member)."""
        if role in (Membership.Role.COORDINATOR, Membership.Role.WORKING_GROUP):
            return "counted"
        if role == Membership.Role.EXPERT:
            return {self.ExpertVotes.COUNTED: "counted", self.ExpertVotes.ADVISORY: "advisory"}.get(self.expert_votes)
        return None


class MembershipQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user) if user.is_authenticated else self.none()


class Membership(models.Model):
    """A user's role in one procurement; what the role may do is `permissions.TABLE`'s."""

    Role = Role

    procurement = models.ForeignKey(
        Procurement, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("procurement")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # What "new since last visit" and the e-mail digest count from.
    last_seen_at = models.DateTimeField(_("last visit"), null=True, blank=True)
    digest = models.BooleanField(_("daily e-mail digest"), default=False)
    digest_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Sees the tenders received, which are secret until the award decision (OSL 19 kap. 3 §).
    evaluator = models.BooleanField(_("evaluator"), default=False)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["procurement", "user"], name="one_membership_per_user"),
        ]

    def __str__(self):
        return f"{self.user} – {self.procurement} ({self.get_role_display()})"

    def may(self, action):
        """Whether this member may do `action` (permissions.Action), as the permission table says."""
        return allows(self, action)

    # The table's answers the templates read.
    @property
    def is_coordinator(self):
        return allows(self, Action.COORDINATE)

    @property
    def can_edit(self):
        return allows(self, Action.DRAFT)

    @property
    def is_expert(self):
        return self.role == Role.EXPERT

    @property
    def can_approve_answers(self):
        return allows(self, Action.APPROVE_ANSWER)

    @property
    def can_vote(self):
        return allows(self, Action.VOTE)


class Workshop(models.Model):
    """A workshop whose notes are the source of insights."""

    procurement = models.ForeignKey(
        Procurement, on_delete=models.CASCADE, related_name="workshops", verbose_name=_("procurement")
    )
    title = LineField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    organiser = LineField(_("organiser"), max_length=200, blank=True)

    class Meta:
        ordering = ["held_on"]
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")

    def __str__(self):
        return f"{self.title} ({self.held_on:%Y-%m-%d})"


class InsightQuerySet(models.QuerySet):
    def for_procurement(self, procurement):
        return self.filter(workshop__procurement=procurement)

    def with_answered(self):
        """Each insight with `answered`: whether a live (not withdrawn or
        rejected) requirement answers it."""
        from .requirement import Requirement  # requirement.py imports this module

        live = Requirement.insights.through.objects.filter(
            insight=models.OuterRef("pk"), requirement__status__in=Requirement.Status.live_values()
        )
        return self.annotate(answered=models.Exists(live))

    def open(self):
        """Neither answered by a live requirement nor triaged: what waits."""
        return self.with_answered().filter(answered=False, triage="")


@reversion.register(fields=["triage", "triage_reason"])
class Insight(models.Model):
    """One point from the workshop notes, in Swedish as written.

    Not every point is requirement material. The working group triages those
    out, with a reason; the triage is versioned and can be undone."""

    class Triage(models.TextChoices):
        OPEN = "", _("open, waiting for a requirement")
        NOT_REQUIREMENT = "not_requirement", _("not requirement material")
        OUTSIDE = "outside", _("handled outside the procurement")

    class Kind(models.TextChoices):
        EXPECTATION = "expectation", _("expectation")
        CONTRIBUTION = "contribution", _("contribution")
        CURRENT_STATE = "current_state", _("current state")
        OPPORTUNITY = "opportunity", _("opportunity")
        OBSTACLE = "obstacle", _("obstacle")
        HEADLINE = "headline", _("future headline")
        QUOTE = "quote", _("quote")
        SUCCESS_FACTOR = "success_factor", _("success factor")
        SHARED_MESSAGE = "shared_message", _("shared message")
        COMMUNICATION_GOAL = "communication_goal", _("communication goal")
        NEED = "need", _("need")
        DECISION = "decision", _("decision")

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="insights", verbose_name=_("workshop")
    )
    key = models.CharField(
        _("key"),
        max_length=20,
        validators=[RegexValidator(r"^[A-Z]+-\d+$")],
        help_text=_("Stable identifier, e.g. FRAM-04."),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    section = LineField(_("section"), max_length=200)
    text = TextField(_("text"))
    order = models.PositiveIntegerField(_("order"), default=0)
    triage = models.CharField(_("triage"), max_length=20, choices=Triage.choices, blank=True, default=Triage.OPEN)
    triage_reason = TextField(_("reason"), blank=True, max_length=2000)

    objects = InsightQuerySet.as_manager()

    class Meta:
        ordering = ["order", "key"]
        verbose_name = _("insight")
        verbose_name_plural = _("insights")
        constraints = [
            models.UniqueConstraint(fields=["workshop", "key"], name="unique_insight_key_per_workshop"),
            models.CheckConstraint(
                condition=Q(triage="") | (Q(triage__in=["not_requirement", "outside"]) & ~Q(triage_reason="")),
                name="triage_has_a_reason",
                violation_error_message=_("Give a reason for the triage."),
            ),
        ]

    def __str__(self):
        return f"{self.key}: {self.text[:60]}"

    def get_absolute_url(self):
        return reverse("insight", args=[self.pk])


@reversion.register(fields=["code", "name", "description", "order"])
class Area(models.Model):
    """A requirement area (kravområde). Its code prefixes every requirement number
    and is fixed once set, so numbers stay stable."""

    procurement = models.ForeignKey(
        Procurement, on_delete=models.CASCADE, related_name="areas", verbose_name=_("procurement")
    )
    code = models.CharField(
        _("code"),
        max_length=8,
        validators=[
            RegexValidator(r"^[A-ZÅÄÖ]{2,8}$", _("Use 2–8 capital letters, e.g. TILL.")),
        ],
    )
    name = LineField(_("name"), max_length=100)
    description = TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    # Highest sequence number ever handed out; only grows, so numbers are never reused.
    last_seq = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [
            models.UniqueConstraint(fields=["procurement", "code"], name="unique_area_code_per_procurement"),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"


class ContractingAuthorityQuerySet(models.QuerySet):
    def for_procurement(self, procurement):
        return self.filter(procurement=procurement).order_by("order", "legal_name")


@reversion.register()
class ContractingAuthority(models.Model):
    """An upphandlande myndighet: a legal person the supplier contracts with.

    The Götabiblioteken themselves are no legal person, so every party is a
    municipality or another authority, with its organisationsnummer."""

    procurement = models.ForeignKey(
        Procurement, on_delete=models.CASCADE, related_name="authorities", verbose_name=_("procurement")
    )
    legal_name = LineField(_("legal name"), max_length=200)
    organisation_number = models.CharField(
        _("organisationsnummer"), max_length=11, blank=True, validators=[validate_organisation_number],
        help_text=_("NNNNNN-NNNN, as in the register of the Swedish Companies Registration Office."),
    )
    # On whose behalf: the authority that runs the procurement for the others.
    lead = models.BooleanField(_("runs the procurement"), default=False)
    # Internal: the beslutsunderlag names them, the tender document does not.
    contact_name = LineField(_("contact"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact's e-mail"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ContractingAuthorityQuerySet.as_manager()

    class Meta:
        ordering = ["order", "legal_name"]
        verbose_name = _("contracting authority")
        verbose_name_plural = _("contracting authorities")
        constraints = [
            models.UniqueConstraint(fields=["procurement", "organisation_number"],
                                    condition=~models.Q(organisation_number=""), name="one_party_per_number",
                                    violation_error_message=_("This organisationsnummer is already a party.")),
            models.UniqueConstraint(fields=["procurement"], condition=models.Q(lead=True), name="one_lead_party",
                                    violation_error_message=_("Another authority already runs the procurement.")),
        ]

    def __str__(self):
        return f"{self.legal_name} ({self.organisation_number})" if self.organisation_number else self.legal_name
