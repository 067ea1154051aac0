"""Notifications in the app: what others did on the requirements I am involved in."""

from django.urls import reverse

from requirements_app.deliberation import comments, decisions
from requirements_app.models import Notification

from .conftest import edit, login


def test_those_involved_hear_of_comments_versions_and_decisions_but_not_of_their_own(
        coordinator, member, second_member, third_member, expert, in_review):
    comments.add_comment(expert, in_review, "Ska PDF räknas?")
    assert [(n.membership, n.kind) for n in Notification.objects.all()] == [(member, "comment")]
    decisions.cast_vote(second_member, in_review, 1, "yes")
    edit(member, in_review, title="Ny rubrik")
    assert {(n.membership.user.username, n.kind) for n in Notification.objects.filter(kind="version")} == {
        ("sara", "version"), ("fatima", "version")}
    for voter in (member, second_member, third_member):
        decisions.cast_vote(voter, in_review, 2, "yes")
    decisions.record_decision(coordinator, in_review, 2, (3, 0, 0))
    told = set(Notification.objects.filter(kind="decision").values_list("membership__user__username", flat=True))
    assert told == {"anders", "fatima", "eva", "sara"}  # not karin, who recorded it


def test_notifications_are_read_item_by_item_or_all_at_once(client, member, expert, requirement,
                                                             django_assert_max_num_queries):
    for n in range(3):
        comments.add_comment(expert, requirement, f"Kommentar {n}")
    login(client, member)
    url = reverse("notification_list", args=[member.procurement_id])
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.context["unread"] == 3 and "Kommentar 2" in response.content.decode()
    first = Notification.objects.order_by("pk").first()
    client.post(url, {"notification": [first.pk]})
    assert Notification.objects.filter(read_at__isnull=True).count() == 2
    client.post(url, {"all": "1"})
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_another_members_notifications_cannot_be_marked(client, member, second_member, expert, requirement):
    comments.add_comment(expert, requirement, "Till Anders")
    theirs = Notification.objects.get()
    login(client, second_member)
    client.post(reverse("notification_list", args=[member.procurement_id]), {"notification": [theirs.pk]})
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_an_expert_is_told_in_words_what_became_of_their_proposals(expert, member, make_requirement, requirement):
    from requirements_app.drafting import requirements as drafting

    adopted = make_requirement(by=expert, title="Boktips för barn")
    declined = make_requirement(by=expert, title="Chatt")
    drafting.decide_proposal(member, adopted, adopt=True)
    drafting.decide_proposal(member, declined, adopt=False)
    wording = comments.add_comment(expert, requirement, "Tydligare?", "Webbplatsen ska visa lånetiden i dagar.")
    comments.decline_suggestion(member, wording)
    told = list(Notification.objects.filter(membership=expert).order_by("pk").values_list("summary", flat=True))
    assert told == [
        f"Ditt förslag {adopted.number} ”Boktips för barn” antogs: det är nu ett utkast från arbetsgruppen.",
        f"Ditt förslag {declined.number} ”Chatt” avböjdes; det finns kvar i historiken, återkallat.",
        f"Din föreslagna formulering till {requirement.number} avböjdes; den finns kvar i historiken.",
    ]
    assert not Notification.objects.filter(membership=member).filter(summary__startswith="Ditt").exists()


def test_the_menu_shows_how_many_notifications_are_unread(client, member, second_member, expert, requirement):
    for n in range(2):
        comments.add_comment(expert, requirement, f"Kommentar {n}")
    login(client, member)
    menu_item = ('Aviseringar <span class="badge"><span class="visually-hidden">(olästa: </span>2'
                 '<span class="visually-hidden">)</span></span>')
    assert menu_item in client.get(reverse("procurement", args=[member.procurement_id])).content.decode()
    client.post(reverse("notification_list", args=[member.procurement_id]), {"all": "1"})
    page = client.get(reverse("procurement", args=[member.procurement_id])).content.decode()
    assert "Aviseringar</a>" in page and "olästa:" not in page
    login(client, second_member)  # nothing happened on anything Fatima is involved in
    assert "olästa:" not in client.get(reverse("procurement", args=[member.procurement_id])).content.decode()
