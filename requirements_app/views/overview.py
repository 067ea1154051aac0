"""The start page and a procurement's overview: its areas at a glance, what
waits for the member, and the workshop's insights still open."""

from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone

from ..access import get_membership
from ..deliberation import attention
from ..deliberation.decisions import rule_text
from ..kravgranskning import findings
from ..models import Edition, Insight, Membership, Question, Requirement
from ..tender_period import questions


def home(request):
    memberships = Membership.objects.for_user(request.user).select_related("procurement")
    if len(memberships) == 1:
        return redirect(memberships[0].procurement)
    return render(request, "requirements_app/home.html", {"memberships": memberships})


def _tender_period(procurement):
    """Open questions and the days left to answer them, once an edition is published; else None."""
    if Edition.objects.latest_publication(procurement) is None:
        return None
    deadline = questions.answer_deadline(procurement)
    return {
        "open": Question.objects.filter(procurement=procurement, batch__isnull=True).count(),
        "answer_deadline": deadline,
        "days_left": (deadline - timezone.localdate()).days if deadline else None,
    }


def procurement_overview(request, pk):
    membership = get_membership(request, pk)
    procurement = membership.procurement
    counts = {
        (row["area"], row["status"]): row["n"]
        for row in Requirement.objects.for_procurement(procurement).values("area", "status").annotate(n=Count("id"))
    }
    statuses = Requirement.Status
    areas = []
    for area in procurement.areas.all():
        row = [counts.get((area.pk, status), 0) for status in statuses.values]
        areas.append({"area": area, "counts": row, "total": sum(row), "bar": _bar(row, statuses)})
    # One query for the coverage and the open list: a workshop has about a hundred insights.
    insights = list(Insight.objects.for_procurement(procurement).with_answered().order_by("order"))
    unanswered = [i for i in insights if not i.answered and i.triage == Insight.Triage.OPEN]
    coverage = {
        "answered": sum(i.answered for i in insights),
        "triaged": sum(not i.answered and i.triage != Insight.Triage.OPEN for i in insights),
        "open": len(unanswered),
    }
    return render(
        request,
        "requirements_app/procurement.html",
        {
            "membership": membership,
            "procurement": procurement,
            "areas": areas,
            "tender_period": _tender_period(procurement),
            "statuses": statuses.labels,
            "unanswered": unanswered,
            "coverage": coverage,
            "bar_width": BAR_WIDTH,
            "waiting": attention.waiting_counts(membership),
            "rule": rule_text(procurement),
            "finding_counts": findings.procurement_counts(procurement),
        },
    )


BAR_WIDTH = 300


def _bar(counts, statuses):
    """The segments of an area's status bar: (status, label, count, x, width) in
    SVG units of a BAR_WIDTH-wide bar (SVG attributes, so no inline style is needed)."""
    total, x, segments = sum(counts), 0, []
    for status, label, count in zip(statuses.values, statuses.labels, counts):
        if count:
            width = round(BAR_WIDTH * count / total, 2)
            segments.append((status, label, count, x, width))
            x = round(x + width, 2)
    return segments
