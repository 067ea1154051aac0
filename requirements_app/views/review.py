"""The requirement page with its deliberation: comments, votes, decisions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ..access import get_membership, get_requirement_for_user
from ..catalogue import standards as catalogue
from ..deliberation import comments, decisions, declarations
from ..drafting import requirements as drafting
from ..evaluation import comparison as evaluation
from ..forms import CommentForm, DecisionForm, DecisionRuleForm, DismissForm, ReplyForm, StatusChangeForm, VoteForm
from ..kravgranskning import findings
from ..models import Comment, Decision, Requirement, Vote
from ..permissions import Action, require
from ..quality_rules import RULES
from ..templatetags.sections import section_tag
from . import flash_errors

# Messages after these actions show in the section the redirect lands on.
COMMENTS, VOTING = section_tag("comments"), section_tag("voting")
FINDINGS = "findings"
# What a requirement's type means for a tenderer: shown where people vote on it.
KIND_CONSEQUENCES = {
    Requirement.Kind.QUALIFICATION: gettext_lazy(
        "Checked before the tenders are compared: a supplier that does not meet it is not qualified."),
    Requirement.Kind.MANDATORY: gettext_lazy(
        "Confirmed in the tender: a tender that does not meet it is rejected."),
    Requirement.Kind.EVALUATED: gettext_lazy(
        "An award criterion: a tender earns up to its value, by the level it reaches; one that does not meet it is "
        "not rejected."),
    Requirement.Kind.CONTRACT_CONDITION: gettext_lazy(
        "Accepted by submitting a tender and followed up during the contract; a tender with reservations against "
        "it is rejected."),
    Requirement.Kind.OPTION: gettext_lazy(
        "Priced in the tender; the authority decides during the contract whether to call it off."),
}


def _detail_context(requirement, membership, **forms):
    tally = decisions.tally(requirement)
    my_votes = list(Vote.objects.filter(requirement=requirement, voter=membership.user).order_by("-version_no"))
    my_vote = next((v for v in my_votes if v.version_no == requirement.version_no), None)
    stale_vote = None if my_vote else next(iter(my_votes), None)
    vote_initial = {"version": requirement.version_no}
    if my_vote:
        vote_initial.update(choice=my_vote.choice, reason=my_vote.reason)
    decision_initial = {"version": requirement.version_no, "yes": tally.yes, "no": tally.no, "abstain": tally.abstain}
    return {
        "membership": membership,
        "procurement": membership.procurement,
        "requirement": requirement,
        "questions": requirement.questions.select_related("batch").order_by("number"),
        "conflicted": declarations.conflicted_voters(membership.procurement, tally),
        "report": findings.report_for(requirement) if requirement.is_editable else None,
        "dismiss_form": DismissForm(),
        "value_text": (evaluation.amount(evaluation.model_for(membership.procurement), requirement.weight)
                       if requirement.weight else ""),
        "consequence": KIND_CONSEQUENCES.get(requirement.kind, ""),
        "references": _references(requirement, membership.procurement),
        "insights": requirement.insights.select_related("workshop"),
        "threads": requirement.comments.threads(),
        "tally": tally,
        "rule": decisions.rule_text(membership.procurement),
        "my_vote": my_vote,
        "stale_vote": stale_vote,
        "decisions": requirement.decisions.select_related("recorded_by"),
        "status_form": forms.get("status_form") or StatusChangeForm(),
        "comment_form": forms.get("comment_form") or CommentForm(),
        "reply_form": ReplyForm(),
        "vote_form": forms.get("vote_form") or VoteForm(initial=vote_initial),
        "decision_form": forms.get("decision_form") or DecisionForm(initial=decision_initial),
    }


def _references(requirement, procurement):
    """[(line, [(title, link, language, note)])]: a WCAG criterion, an EN 301 549
    clause or an article of Barnkonventionen links to its row on the standards
    page; a law or the GDPR to its source."""
    standards = reverse("standards", args=[procurement.pk])
    named = []
    for line, entries in catalogue.named_references(requirement.references):
        shown = []
        for entry in entries:
            if entry.kind == "whole":  # the line itself names it
                continue
            anchor = None
            if entry.source in ("wcag21", "wcag22") and entry.kind == "part":
                anchor = f"{'?wcag=2.2' if entry.source == 'wcag22' else ''}#{entry.source}-{entry.number}"
            elif entry.source == "en301549" and entry.wcag_id:
                anchor = f"#wcag21-{entry.number[2:]}"
            elif entry.source == "crc":
                anchor = f"#crc-{entry.number}"
            elif entry.kind == "level":
                anchor = "?wcag=2.2" if entry.source == "wcag22" else ""
            link = f"{standards}{anchor}" if anchor is not None else entry.url
            language = "en" if entry.source in ("wcag21", "wcag22", "en301549") and entry.kind == "part" else ""
            shown.append((entry.title, link, language, entry.note))
        named.append((line, shown))
    return named


def render_detail(request, requirement, membership, status=200, **forms):
    """The requirement page; forms with errors are passed in to be shown again."""
    return render(
        request,
        "requirements_app/requirement_detail.html",
        _detail_context(requirement, membership, **forms),
        status=status,
    )


def requirement_detail(request, pk):
    requirement, membership = get_requirement_for_user(request, pk)
    return render_detail(request, requirement, membership)


@require_POST
def comment_create(request, pk):
    requirement, membership = get_requirement_for_user(request, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return render_detail(request, requirement, membership, status=400, comment_form=form)
    comments.add_comment(membership, requirement, form.cleaned_data["body"], form.cleaned_data["suggested_statement"])
    messages.success(request, _("Your comment was added."), extra_tags=COMMENTS)
    return redirect(requirement.get_absolute_url() + "#comments")


def _get_comment_for_user(request, pk):
    comment = get_object_or_404(Comment.objects.select_related("requirement__area", "author", "parent"), pk=pk)
    return comment, get_membership(request, comment.requirement.area.procurement_id)


@require_POST
def comment_reply(request, pk):
    parent, membership = _get_comment_for_user(request, pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        comments.reply(membership, parent, form.cleaned_data["body"])
        messages.success(request, _("Your reply was added."), extra_tags=COMMENTS)
    else:
        messages.error(request, _("Write something before you send a reply."), extra_tags=COMMENTS)
    return redirect(parent.requirement.get_absolute_url() + f"#comment-{(parent.parent_id or parent.pk)}")


@require_POST
def comment_resolve(request, pk, resolved):
    thread, membership = _get_comment_for_user(request, pk)
    try:
        comments.set_resolved(membership, thread, resolved)
    except ValidationError as error:
        flash_errors(request, error, "comments")
    return redirect(thread.requirement.get_absolute_url() + f"#comment-{thread.pk}")


@require_POST
def suggestion_decline(request, pk):
    comment, membership = _get_comment_for_user(request, pk)
    try:
        comments.decline_suggestion(membership, comment)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The proposal was declined."))
    return redirect(comment.requirement)


@require_POST
def proposal_decide(request, pk, adopt):
    requirement, membership = get_requirement_for_user(request, pk)
    try:
        drafting.decide_proposal(membership, requirement, adopt)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The proposal was adopted.") if adopt else _("The proposal was declined."))
    return redirect(requirement)


@require_POST
def vote(request, pk):
    requirement, membership = get_requirement_for_user(request, pk)
    require(membership, Action.VOTE)
    form = VoteForm(request.POST)
    if not form.is_valid():
        return render_detail(request, requirement, membership, status=400, vote_form=form)
    try:
        decisions.cast_vote(
            membership, requirement, form.cleaned_data["version"], form.cleaned_data["choice"],
            form.cleaned_data["reason"],
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            form.add_error(None, error)
            return render_detail(request, requirement, membership, status=400, vote_form=form)
        flash_errors(request, error, "voting")
    else:
        messages.success(
            request, _("Your vote on version %(version)s was saved.") % {"version": requirement.version_no},
            extra_tags=VOTING,
        )
    return redirect(requirement.get_absolute_url() + "#voting")


@require_POST
def decide(request, pk):
    requirement, membership = get_requirement_for_user(request, pk)
    require(membership, Action.COORDINATE)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The decision form was incomplete. Try again."))
        return redirect(requirement)
    data = form.cleaned_data
    try:
        decision = decisions.record_decision(
            membership, requirement, data["version"], (data["yes"], data["no"], data["abstain"]), data["note"],
            data["meeting_date"],
        )
    except decisions.StaleTally:
        messages.error(
            request, _("The votes or the text changed while you were looking. Check the new tally and decide again."),
            extra_tags=VOTING,
        )
    except ValidationError as error:
        flash_errors(request, error, "voting")
    else:
        messages.success(
            request,
            _("Decision recorded: %(number)s is %(outcome)s (%(tally)s).")
            % {"number": requirement.number, "outcome": decision.get_outcome_display(), "tally": decision.tally},
            extra_tags=VOTING,
        )
    return redirect(requirement.get_absolute_url() + "#decision")


def decision_log(request, pk):
    membership = get_membership(request, pk)
    log = Decision.objects.for_procurement(membership.procurement).for_log()
    return render(
        request,
        "requirements_app/decision_log.html",
        {"membership": membership, "procurement": membership.procurement, "decisions": log},
    )


def decision_rule(request, pk):
    membership = get_membership(request, pk)
    require(membership, Action.COORDINATE)
    form = DecisionRuleForm(request.POST or None, instance=membership.procurement)
    if request.method == "POST" and form.is_valid():
        decisions.change_rule(membership, form.cleaned_data)
        messages.success(request, _("The decision rule was saved."))
        return redirect("procurement", pk=pk)
    return render(
        request,
        "requirements_app/decision_rule.html",
        {"membership": membership, "procurement": membership.procurement, "form": form},
    )


@require_POST
def finding_dismiss(request, pk):
    """Set a kravgranskning finding aside for the requirement's current version."""
    requirement, membership = get_requirement_for_user(request, pk)
    require(membership, Action.DRAFT)
    form = DismissForm(request.POST)
    if not form.is_valid():
        flash_errors(request, ValidationError(_("Give a reason for setting the finding aside.")), FINDINGS)
        return redirect(requirement.get_absolute_url() + "#findings")
    try:
        dismissal = findings.dismiss(membership, requirement, form.cleaned_data["version"], form.cleaned_data["code"],
                                     form.cleaned_data["reason"])
    except ValidationError as error:
        flash_errors(request, error, FINDINGS)
    else:
        messages.success(request, _("The finding was set aside for version %(version)s.")
                         % {"version": dismissal.version_no}, extra_tags=section_tag(FINDINGS))
    return redirect(requirement.get_absolute_url() + "#findings")


def review_rule(request, code):
    """A rule of kravgranskning: what it finds, why, and its source."""
    if code not in RULES:
        raise Http404
    return render(request, "requirements_app/review_rule.html", {"rule": RULES[code], "rules": RULES.values()})
