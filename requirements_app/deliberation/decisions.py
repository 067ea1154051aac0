"""Votes and decisions: the tally against the procurement's decision rule,
casting a vote on the current version, and recording the decision.

Both state changes lock the requirement row, so a vote and a decision (or an
edit, which bumps the version) are strictly ordered: a decision is never taken
on a tally other than the one the coordinator saw.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from .. import derived, notifications
from ..models import Decision, Membership, Procurement, Requirement, Vote
from ..permissions import Action
from ..writes import write


class StaleTally(Exception):
    """The version or the votes changed after the coordinator looked."""


@dataclass
class Tally:
    """The counted votes on a requirement's current version, against the rule."""

    procurement: Procurement
    yes: int = 0
    no: int = 0
    abstain: int = 0
    advisory: dict = field(default_factory=lambda: {"yes": 0, "no": 0, "abstain": 0})
    dissent: list = field(default_factory=list)
    votes: list = field(default_factory=list)
    # Everyone who voted on the version, counted or not (jäv is checked against them).
    voter_ids: list = field(default_factory=list)

    @property
    def cast(self):
        return self.yes + self.no + self.abstain

    @property
    def counts(self):
        return (self.yes, self.no, self.abstain)

    @property
    def quorum_met(self):
        return self.cast >= self.procurement.quorum

    @property
    def passes(self):
        """Whether the yes votes carry under the threshold (abstentions left out)."""
        threshold = self.procurement.threshold
        if threshold == Procurement.Threshold.UNANIMOUS:
            return self.yes > 0 and self.no == 0
        if threshold == Procurement.Threshold.TWO_THIRDS:
            return self.yes > 0 and 3 * self.yes >= 2 * (self.yes + self.no)
        return self.yes > self.no

    @property
    def outcome(self):
        return Decision.Outcome.APPROVED if self.passes else Decision.Outcome.REJECTED

    @property
    def has_advisory(self):
        return any(self.advisory.values())

    def advisory_text(self):
        if not self.has_advisory:
            return ""
        return _("advisory: %(yes)s yes, %(no)s no, %(abstain)s abstain") % self.advisory


RULE_FIELDS = ("quorum", "threshold", "expert_votes", "answer_approvers", "signatures_required")


def change_rule(membership, fields, comment=""):
    """Change the procurement's decision rule (coordinator only), as a revision:
    the rule before and after, who changed it and when. Open tallies follow it."""
    before = []

    def change(locked):
        if all(getattr(locked, name) == fields[name] for name in RULE_FIELDS):
            return False
        before.append(rule_text(locked))
        for name in RULE_FIELDS:
            setattr(locked, name, fields[name])
        locked.full_clean()
        locked.save(update_fields=list(RULE_FIELDS))

    def said(locked):
        after = rule_text(locked)
        return comment or (_("Decision rule changed from “%(before)s” to “%(after)s”")
                           % {"before": before[0], "after": after} if after != before[0]
                           else _("Who approves answers, and how many sign an edition, changed"))

    return write(membership, Action.COORDINATE,
                 lambda: Procurement.objects.select_for_update().get(pk=membership.procurement_id), change, said,
                 message=_("Only the coordinator changes the decision rule."))


def rule_text(procurement):
    """The decision rule in words, for the page and the decision record."""
    return _("at least %(quorum)s votes; %(threshold)s; %(experts)s") % {
        "quorum": procurement.quorum,
        "threshold": procurement.get_threshold_display(),
        "experts": procurement.get_expert_votes_display(),
    }


def tally(requirement):
    """Count the votes on the requirement's current version under the rule in
    force now: each voter's role today decides whether the vote counts, is
    advisory, or is left out (an expert's vote once experts no longer vote)."""
    procurement = requirement.area.procurement
    result = Tally(procurement=procurement)
    role = Membership.objects.filter(procurement=procurement, user=OuterRef("voter")).values("role")[:1]
    for vote in Vote.objects.current(requirement).select_related("voter").annotate(voter_role=Subquery(role)):
        vote.weight = procurement.vote_weight(vote.voter_role)
        result.voter_ids.append(vote.voter_id)
        if vote.weight is None:
            continue
        result.votes.append(vote)
        if vote.weight == "advisory":
            result.advisory[vote.choice] += 1
            continue
        setattr(result, vote.choice, getattr(result, vote.choice) + 1)
        if vote.choice == Vote.Choice.NO:
            result.dissent.append((vote.voter, vote.reason))
    return result


def _in_review(requirement_pk, refusal):
    """The requirement locked for a vote or a decision; `refusal` (a message of number and status) unless in review."""
    def lock():
        locked = Requirement.objects.locked(requirement_pk)
        if locked.status != Requirement.Status.REVIEW:
            raise ValidationError(refusal % {"number": locked.number, "status": locked.get_status_display()})
        return locked
    return lock


def _version_changed(locked):
    return ValidationError(_("%(number)s has changed to version %(version)s. Read the new text before you vote.")
                           % {"number": locked.number, "version": locked.version_no})


def cast_vote(membership, requirement, version_no, choice, reason=""):
    """Cast or change the member's vote on the current version.

    Refused (nothing written) unless the requirement is in review and
    `version_no` is still its current version. A vote is its own record (one
    per member and version, the latest word counts): no revision of the requirement.
    """
    def change(locked):
        vote = Vote.objects.filter(requirement=locked, version_no=version_no, voter=membership.user).first()
        vote = vote or Vote(requirement=locked, version_no=version_no, voter=membership.user)
        vote.choice, vote.reason = choice, reason.strip()
        if vote.choice == Vote.Choice.NO and not vote.reason:
            raise ValidationError({"reason": _("Give a reason for a no vote.")})
        vote.full_clean(exclude=["requirement", "voter"], validate_unique=False)
        vote.save()
        return vote

    return write(membership, Action.VOTE, _in_review(requirement.pk, _("%(number)s is %(status)s and takes no votes.")),
                 change, procurement_id=requirement.area.procurement_id, expected_version=version_no,
                 conflict=_version_changed, revise=False,
                 message=_("Your role does not vote on requirements in this procurement."))


def record_decision(membership, requirement, expected_version, expected_counts, note="", meeting_date=None):
    """Record the decision the current tally gives, as the coordinator saw it.

    Raises StaleTally when the version or the counted votes changed since the
    page was shown, ValidationError when the quorum is not met or the
    requirement is not in review.
    """
    def stale(locked):
        return StaleTally()

    def change(locked):
        current = tally(locked)
        if current.counts != tuple(expected_counts):
            raise StaleTally
        if not current.quorum_met:
            raise ValidationError(
                _("The quorum is not met: %(cast)s of at least %(quorum)s votes.")
                % {"cast": current.cast, "quorum": locked.area.procurement.quorum}
            )
        decision = Decision.objects.create(
            requirement=locked,
            version_no=locked.version_no,
            outcome=current.outcome,
            yes=current.yes,
            no=current.no,
            abstain=current.abstain,
            advisory=current.advisory_text(),
            dissent="\n".join(f"{voter.get_full_name() or voter.get_username()}: {reason}" for voter, reason in current.dissent),
            rule=rule_text(locked.area.procurement),
            note=note.strip(),
            meeting_date=meeting_date,
            recorded_by=membership.user,
        )
        locked.status = current.outcome
        locked.save(update_fields=["status", "updated_at"])
        return decision

    def out_of_play(decision):  # rejected: no longer compared with the others
        if not decision.requirement.is_live:
            derived.requirement_in_or_out_of_play(decision.requirement)

    return write(membership, Action.COORDINATE,
                 _in_review(requirement.pk, _("Only a requirement in review can be decided.")), change,
                 lambda decision: _("Decision: %(outcome)s (%(tally)s)") % {
                     "outcome": decision.get_outcome_display(), "tally": decision.tally},
                 procurement_id=requirement.area.procurement_id, expected_version=expected_version, conflict=stale,
                 derive=out_of_play, notify=notifications.new_decision,
                 message=_("Only the coordinator records decisions."))
