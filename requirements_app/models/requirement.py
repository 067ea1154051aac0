"""Requirements: numbered, versioned, traced to insights.

`version_no` is the public version ("version 3"): it grows by one with every
change of content, in `drafting.save_requirement`, together with the reversion
revision that stores that content. Votes and comments point at it.
"""

import re

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..scale import parse as parse_scale
from ..text import LineField, TextField
from .catalogue import check_references
from .core import Area, Insight

# The largest value a criterion may have (kronor or points).
MAX_VALUE = 100_000_000
NUMBER_RE = re.compile(r"^\s*([A-ZÅÄÖ]{2,8})-(\d{1,4})\s*$", re.IGNORECASE)


class RequirementQuerySet(models.QuerySet):
    def for_procurement(self, procurement):
        return self.filter(area__procurement=procurement)

    def live(self):
        """Requirements still in play: not withdrawn, not rejected."""
        return self.filter(status__in=Requirement.Status.live_values())

    def approved(self):
        return self.filter(status=Requirement.Status.APPROVED)

    def in_review(self):
        return self.filter(status=Requirement.Status.REVIEW)

    def with_number(self, number):
        """The requirement numbered e.g. "TILL-03" (none if the text is not a number)."""
        match = NUMBER_RE.match(number or "")
        if not match:
            return self.none()
        return self.filter(area__code=match.group(1).upper(), seq=int(match.group(2)))

    def locked(self, pk):
        """The requirement, its row locked until the transaction ends (the one
        place state changes serialise on; only this row, not its area). A lock
        that leaves its key alone (FOR NO KEY UPDATE on PostgreSQL): rows that
        refer to it, a stored report or a search entry another transaction
        writes, can still be checked against it, so neither waits on the other."""
        return self.select_for_update(of=("self",), no_key=True).select_related("area__procurement").get(pk=pk)

    def for_list(self):
        return self.select_related("area", "author").prefetch_related("insights").order_by(
            "area__order", "area__code", "seq"
        )


@reversion.register()
class Requirement(models.Model):
    """One numbered, verifiable requirement (krav).

    `version_no` is the public version ("version 3"): it grows by one with every
    change of content, in `drafting.save_requirement`, together with the reversion
    revision that stores that content. Votes and comments point at it.
    """

    class Kind(models.TextChoices):
        """What a requirement is in the procurement (LOU), which decides when and
        how it is checked: see `checked_at_tender`."""

        # On the supplier (standing, experience): checked before tenders are evaluated.
        QUALIFICATION = "qualification", _("qualification requirement")
        # On what is bought, checked at tender time: a tender that fails one is rejected.
        MANDATORY = "mandatory", _("mandatory requirement")
        # An award criterion (tilldelningskriterium), scored by its stated value.
        EVALUATED = "evaluated", _("evaluated requirement")
        # An obligation during the contract (tests before launch, user tests):
        # cannot reject a tender; followed up after award, as `follow_up` says.
        CONTRACT_CONDITION = "contract_condition", _("special contract condition")
        # Something the authority may call off later, priced in the tender.
        OPTION = "option", _("option")

        @classmethod
        def checked_at_tender(cls):
            """Kinds a tender is rejected for failing."""
            return [cls.QUALIFICATION, cls.MANDATORY]

        @classmethod
        def bought(cls):
            """Kinds about what is bought: only these make the site meet a WCAG
            criterion (a kvalificeringskrav judges the supplier, a contract
            condition binds after award)."""
            return [cls.MANDATORY, cls.EVALUATED]

    class Verification(models.TextChoices):
        CONFIRM = "confirm", _("confirm")
        DESCRIBE = "describe", _("describe")
        ATTACH = "attach", _("attach")
        DEMONSTRATE = "demonstrate", _("demonstrate")
        TESTED = "tested", _("tested by the authority")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        REVIEW = "review", _("in review")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")

        @classmethod
        def live_values(cls):
            return [cls.DRAFT, cls.REVIEW, cls.APPROVED]

    class Proposal(models.TextChoices):
        PENDING = "pending", _("proposal awaiting the working group")
        ADOPTED = "adopted", _("proposal adopted")
        DECLINED = "declined", _("proposal declined")

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="requirements", verbose_name=_("area"))
    seq = models.PositiveIntegerField(_("sequence number"), editable=False)
    title = LineField(_("title"), max_length=200)
    statement = TextField(_("requirement text"), max_length=5000)
    rationale = TextField(_("rationale"), blank=True, max_length=5000)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MANDATORY)
    verifikat = TextField(
        _("verifikat"), blank=True, max_length=2000,
        help_text=_("Exactly what the tenderer submits or demonstrates to show the requirement is met."),
    )
    follow_up = TextField(
        _("follow-up"), blank=True, max_length=2000,
        help_text=_("For a special contract condition: how the authority follows it up during the contract."),
    )
    # An award criterion's maximum value, in the unit of the procurement's
    # evaluation model: kronor of mervärde, or points. Called weight since the
    # first version (when it was a bare 1–100), so stored versions still read back.
    weight = models.PositiveIntegerField(
        _("value"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_VALUE)],
        help_text=_("Only for an evaluated requirement: its maximum added value in kronor (or its points, if the "
                    "evaluation model uses points)."),
    )
    scale = TextField(
        _("scale"), blank=True, max_length=2000,
        help_text=_("Only for an evaluated requirement that can be met in part: one level a line, from “0 %: …” to "
                    "“100 %: …”, saying what each level means. Empty: met or not met."),
    )
    # Why an award criterion is worth its value: for the beslutsunderlag (LOU 12
    # kap. documentation), never for the tender document.
    class Basis(models.TextChoices):
        # Not every requirement comes from the workshop: qualification requirements, contract terms, service
        # levels and options rest on other grounds.
        NEEDS_ANALYSIS = "needs_analysis", _("needs analysis (behovsanalys)")
        MARKET_ANALYSIS = "market_analysis", _("market analysis (marknadsanalys)")
        LAW = "law", _("law or regulation")
        POLICY = "policy", _("policy or decision")
        PRESTUDY = "prestudy", _("pre-study (förstudie)")
        OTHER = "other", _("other basis")

    basis_kind = models.CharField(
        _("other basis"), max_length=20, choices=Basis.choices, blank=True,
        help_text=_("When the requirement rests on something other than a workshop insight."),
    )
    basis = TextField(
        _("the basis, stated"), blank=True, max_length=2000,
        help_text=_("What it rests on, so a reader can find it: the document, the section, the decision."),
    )
    value_reason = TextField(
        _("reasoning behind the value"), blank=True, max_length=2000,
        help_text=_("Only for an evaluated requirement: why it is worth its value. Internal: it goes into the "
                    "decision record, never into the tender document."),
    )
    verification = models.CharField(
        _("verification"), max_length=20, choices=Verification.choices, default=Verification.CONFIRM
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    insights = models.ManyToManyField(
        Insight, related_name="requirements", blank=True, verbose_name=_("insights")
    )
    references = TextField(
        _("references"), blank=True, max_length=2000,
        help_text=_("One per line. WCAG, EN 301 549, the Convention on the Rights of the Child, the GDPR and the "
                    "catalogue's laws are checked against the catalogue (“WCAG 2.1 1.4.3”, “GDPR art. 6”); "
                    "anything else is free text."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="authored_requirements",
        verbose_name=_("author"),
    )
    # An expert's proposal is a draft the working group adopts or declines; the
    # expert stays credited.
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposed_requirements",
        verbose_name=_("proposed by"),
    )
    proposal = models.CharField(_("proposal"), max_length=10, choices=Proposal.choices, blank=True)
    version_no = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RequirementQuerySet.as_manager()

    # The fields a version consists of: what diffs compare and restore brings back.
    CONTENT_FIELDS = (
        "title", "statement", "rationale", "kind", "weight", "verification", "verifikat", "follow_up", "references",
        "scale", "value_reason", "basis_kind", "basis",
    )

    class Meta:
        ordering = ["area__order", "area__code", "seq"]
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        constraints = [
            models.UniqueConstraint(fields=["area", "seq"], name="unique_requirement_number"),
            models.CheckConstraint(
                condition=(~Q(kind="evaluated") & Q(weight__isnull=True))
                # IS NOT NULL is spelled out: a CHECK whose expression is NULL passes.
                | (Q(kind="evaluated") & Q(weight__isnull=False) & Q(weight__gte=1) & Q(weight__lte=MAX_VALUE)),
                name="weight_only_and_always_for_evaluated",
                violation_error_message=_("An evaluated requirement needs a value; no other kind has one."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["qualification", "mandatory", "evaluated", "contract_condition", "option"]),
                name="requirement_kind_valid",
            ),
            models.CheckConstraint(
                condition=~Q(kind="contract_condition") | ~Q(follow_up=""),
                name="contract_condition_has_follow_up",
                violation_error_message=_("A special contract condition says how it is followed up."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "review", "approved", "rejected", "withdrawn"]),
                name="requirement_status_valid",
            ),
            models.CheckConstraint(
                condition=(Q(proposed_by__isnull=True) & Q(proposal=""))
                | (Q(proposed_by__isnull=False) & ~Q(proposal="")),
                name="proposal_state_with_proposer",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def get_absolute_url(self):
        return reverse("requirement", args=[self.pk])

    @property
    def number(self):
        """The stable requirement number, e.g. TILL-03 ("TILL-?" before it is given)."""
        return f"{self.area.code}-{self.seq:02d}" if self.seq is not None else f"{self.area.code}-?"

    @property
    def area_code(self):
        return self.area.code

    @property
    def procurement(self):
        return self.area.procurement

    @property
    def is_pending_proposal(self):
        return self.proposal == self.Proposal.PENDING

    @property
    def is_live(self):
        """Still in play: kravgranskning compares the others with it."""
        return self.status in self.Status.live_values()

    @property
    def is_editable(self):
        """Withdrawn and rejected requirements stay as they were, for the record."""
        return self.status in {self.Status.DRAFT, self.Status.REVIEW, self.Status.APPROVED}

    def clean_fields(self, exclude=None):
        # The weight rule lives here rather than in clean(): here we know whether the
        # weight already failed (a form's "abc"), and then one error is enough.
        errors = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if "weight" not in errors and "weight" not in (exclude or ()):
            if self.kind == self.Kind.EVALUATED and self.weight is None:
                errors["weight"] = [_("An evaluated requirement needs a value.")]
            elif self.kind == self.Kind.MANDATORY and self.weight is not None:
                errors["weight"] = [_("A mandatory requirement has no value.")]
            elif self.kind != self.Kind.EVALUATED and self.weight is not None:
                errors["weight"] = [_("Only an evaluated requirement has a value.")]
        if "scale" not in errors and "scale" not in (exclude or ()) and (self.scale or "").strip():
            if self.kind != self.Kind.EVALUATED:
                errors["scale"] = [_("Only an evaluated requirement has a scale.")]
            else:
                try:
                    parse_scale(self.scale)
                except ValidationError as error:
                    errors["scale"] = error.error_list
        if "references" not in errors and "references" not in (exclude or ()):
            try:
                check_references(self.references)
            except ValidationError as error:
                errors["references"] = error.error_list
        if self.kind == self.Kind.CONTRACT_CONDITION and not (self.follow_up or "").strip():
            errors.setdefault("follow_up", []).append(_("Say how the authority follows the condition up during the contract."))
        if errors:
            raise ValidationError(errors)

    def check_insights_for_status(self, status, insights):
        """A requirement leaves draft only when it rests on something: at least
        one workshop insight, or another basis stated (its kind and text)."""
        if status != self.Status.DRAFT and status in self.Status.live_values() and not (
                insights or (self.basis_kind and (self.basis or "").strip())):
            raise ValidationError(
                {"insights": _("Link at least one workshop insight, or state another basis (a needs analysis, the "
                               "market analysis, a law, a policy, the pre-study), before the requirement leaves "
                               "draft.")}
            )

    def content(self):
        """The fields a version consists of, as a dict (what drafting saves)."""
        return {name: getattr(self, name) for name in self.CONTENT_FIELDS}

    def reference_list(self):
        return [line.strip() for line in self.references.splitlines() if line.strip()]
