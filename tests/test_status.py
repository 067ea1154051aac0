from django.urls import reverse

from requirements_app.models import Requirement

from .conftest import login


def test_member_sends_requirement_for_review(client, member, requirement):
    login(client, member)
    client.post(reverse("requirement_status", args=[requirement.pk, "submit"]), {"comment": "Klar"})
    requirement.refresh_from_db()
    assert requirement.status == Requirement.Status.REVIEW
    assert requirement.version_no == 1  # the text did not change


def test_requirement_without_insight_stays_draft(client, member, make_requirement):
    requirement = make_requirement(insights=[])
    login(client, member)
    response = client.post(reverse("requirement_status", args=[requirement.pk, "submit"]), follow=True)
    requirement.refresh_from_db()
    assert requirement.status == Requirement.Status.DRAFT
    assert "minst en insikt" in response.content.decode()


def test_withdrawn_requirement_keeps_its_number_and_history(client, member, requirement, make_requirement):
    login(client, member)
    client.post(reverse("requirement_status", args=[requirement.pk, "withdraw"]), {"comment": "Dubblett"})
    requirement.refresh_from_db()
    assert requirement.status == Requirement.Status.WITHDRAWN
    assert make_requirement(title="Nästa").number == "LADD-02"  # LADD-01 is never reused


def test_withdrawn_requirement_cannot_be_sent_for_review(client, member, requirement):
    login(client, member)
    client.post(reverse("requirement_status", args=[requirement.pk, "withdraw"]))
    client.post(reverse("requirement_status", args=[requirement.pk, "submit"]))
    requirement.refresh_from_db()
    assert requirement.status == Requirement.Status.WITHDRAWN


def test_unknown_status_action_is_404(client, member, requirement):
    login(client, member)
    assert client.post(reverse("requirement_status", args=[requirement.pk, "approve"])).status_code == 404


def test_status_change_needs_post(client, member, requirement):
    login(client, member)
    assert client.get(reverse("requirement_status", args=[requirement.pk, "withdraw"])).status_code == 405


def test_expert_cannot_withdraw(client, expert, requirement):
    login(client, expert)
    assert client.post(reverse("requirement_status", args=[requirement.pk, "withdraw"])).status_code == 403
