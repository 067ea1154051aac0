"""Deliberation on a requirement: comments, votes and decisions, each bound to
the version (`version_no`) it was about."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..text import TextField
from .requirement import Requirement


class CommentQuerySet(models.QuerySet):
    def threads(self):
        """Top-level comments with their replies and authors, oldest first."""
        return (
            self.filter(parent__isnull=True)
            .select_related("author", "resolved_by")
            .prefetch_related(models.Prefetch("replies", queryset=Comment.objects.select_related("author")))
            .order_by("created_at")
        )

    def unresolved(self):
        return self.filter(parent__isnull=True, resolved_at__isnull=True)


class Comment(models.Model):
    """A comment on one version of a requirement; replies are one level deep.

    An expert may attach a proposed wording of the requirement text, which the
    working group adopts (as a new version) or declines.
    """

    class Suggestion(models.TextChoices):
        OPEN = "open", _("open")
        ADOPTED = "adopted", _("adopted")
        DECLINED = "declined", _("declined")

    requirement = models.ForeignKey(
        Requirement, on_delete=models.CASCADE, related_name="comments", verbose_name=_("requirement")
    )
    version_no = models.PositiveIntegerField(_("version"))
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies", verbose_name=_("reply to")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments", verbose_name=_("author")
    )
    body = TextField(_("comment"), max_length=5000)
    suggested_statement = TextField(_("proposed requirement text"), blank=True, max_length=5000)
    suggestion = models.CharField(_("proposal"), max_length=10, choices=Suggestion.choices, blank=True)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="comment_not_empty"),
            # A suggestion state exists exactly when a wording is proposed.
            models.CheckConstraint(
                condition=(Q(suggested_statement="") & Q(suggestion=""))
                | (~Q(suggested_statement="") & ~Q(suggestion="")),
                name="suggestion_state_with_wording",
            ),
        ]

    def __str__(self):
        return f"{self.author}: {self.body[:40]}"

    def is_outdated(self, requirement=None):
        """Written on an older version than the requirement's current one."""
        return self.version_no != (requirement or self.requirement).version_no


class VoteQuerySet(models.QuerySet):
    def current(self, requirement):
        """The votes on the requirement's current version: the only ones that count."""
        return self.filter(requirement=requirement, version_no=requirement.version_no)


class Vote(models.Model):
    """Ja, nej or avstår on one version of a requirement. A vote on an older
    version stays on record but no longer counts. Whether it counts, is advisory
    or is left out follows the voter's role under the decision rule in force
    (`Procurement.vote_weight`), so changing the rule recounts every open tally."""

    class Choice(models.TextChoices):
        YES = "yes", _("yes")
        NO = "no", _("no")
        ABSTAIN = "abstain", _("abstain")

    requirement = models.ForeignKey(
        Requirement, on_delete=models.CASCADE, related_name="votes", verbose_name=_("requirement")
    )
    version_no = models.PositiveIntegerField(_("version"))
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="votes", verbose_name=_("voter")
    )
    choice = models.CharField(_("vote"), max_length=10, choices=Choice.choices)
    reason = TextField(_("reason"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("cast"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = VoteQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["requirement", "version_no", "voter"], name="one_vote_per_voter_and_version"),
            models.CheckConstraint(condition=~Q(choice="no") | ~Q(reason=""), name="no_vote_needs_reason"),
            models.CheckConstraint(condition=Q(choice__in=["yes", "no", "abstain"]), name="vote_choice_valid"),
        ]

    def __str__(self):
        return f"{self.voter} {self.get_choice_display()} v{self.version_no}"


class DecisionQuerySet(models.QuerySet):
    def for_procurement(self, procurement):
        return self.filter(requirement__area__procurement=procurement)

    def for_log(self):
        return self.select_related("requirement__area", "recorded_by").order_by("recorded_at", "pk")


class Decision(models.Model):
    """A recorded decision on one version, with the tally it was taken on."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    requirement = models.ForeignKey(
        Requirement, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("requirement")
    )
    version_no = models.PositiveIntegerField(_("version"))
    outcome = models.CharField(_("decision"), max_length=10, choices=Outcome.choices)
    yes = models.PositiveSmallIntegerField(_("yes"))
    no = models.PositiveSmallIntegerField(_("no"))
    abstain = models.PositiveSmallIntegerField(_("abstain"))
    advisory = models.CharField(_("advisory votes"), max_length=100, blank=True)
    dissent = models.TextField(_("dissenting reasons"), blank=True)
    rule = models.CharField(_("decision rule"), max_length=200)
    note = TextField(_("note"), blank=True, max_length=2000)
    # When the decision was taken, at the group's meeting (recorded_at is when it was entered).
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["recorded_at"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(fields=["requirement", "version_no"], name="one_decision_per_version"),
        ]

    def __str__(self):
        return f"{self.requirement.number} v{self.version_no}: {self.get_outcome_display()}"

    @property
    def tally(self):
        return f"{self.yes}–{self.no}–{self.abstain}"
