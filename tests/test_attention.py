from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from requirements_app.deliberation import comments, decisions
from requirements_app.models import Membership

from .conftest import edit, login


def test_to_review_lists_requirements_without_my_vote_on_the_current_version(client, member, second_member, in_review, django_assert_max_num_queries):
    login(client, member)
    url = reverse("to_review", args=[in_review.area.procurement_id])
    assert list(client.get(url).context["to_vote"]) == [in_review]
    decisions.cast_vote(member, in_review, 1, "yes")
    assert list(client.get(url).context["to_vote"]) == []
    edit(second_member, in_review, title="Ny")  # my vote is now stale
    with django_assert_max_num_queries(10):  # +2: the navigation's count badge
        assert list(client.get(url).context["to_vote"]) == [in_review]


def test_to_review_lists_threads_awaiting_my_reply(client, expert, member, requirement):
    thread = comments.add_comment(expert, requirement, "Vilken EPUB-version?")
    login(client, expert)
    url = reverse("to_review", args=[requirement.area.procurement_id])
    assert list(client.get(url).context["threads"]) == []  # I wrote last
    comments.reply(member, thread, "EPUB 3")
    assert list(client.get(url).context["threads"]) == [thread]
    comments.set_resolved(expert, thread, True)
    assert list(client.get(url).context["threads"]) == []


def test_to_review_shows_proposals_to_the_working_group(client, expert, member, make_requirement, requirement):
    proposal = make_requirement(by=expert, title="Expertförslag")
    wording = comments.add_comment(expert, requirement, "Kortare?", "Webbplatsen ska …")
    login(client, member)
    context = client.get(reverse("to_review", args=[requirement.area.procurement_id])).context
    assert list(context["proposals"]) == [proposal] and list(context["wordings"]) == [wording]


def test_news_shows_what_changed_since_the_last_visit_and_then_resets(client, expert, member, requirement):
    Membership.objects.filter(pk=expert.pk).update(last_seen_at=timezone.now() - timedelta(hours=1))
    comments.add_comment(member, requirement, "Se över rubriken")
    login(client, expert)
    url = reverse("news", args=[requirement.area.procurement_id])
    first = client.get(url).context
    assert [r.pk for r in first["requirements"]["page"]] == [requirement.pk]
    assert len(first["comments"]["page"]) == 1
    second = client.get(url).context
    assert list(second["requirements"]["page"]) == [] and list(second["comments"]["page"]) == []


def test_member_turns_on_the_daily_digest(client, expert):
    login(client, expert)
    client.post(reverse("news", args=[expert.procurement_id]), {"digest": "on"})
    expert.refresh_from_db()
    assert expert.digest is True


def test_digest_mails_only_members_who_asked_and_only_news(member, expert, requirement, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    expert.user.email = "sara@example.se"
    expert.user.save()
    member.user.email = "anders@example.se"
    member.user.save()
    Membership.objects.filter(pk=expert.pk).update(digest=True)
    comments.add_comment(member, requirement, "Ny kommentar")
    call_command("send_digest", stdout=open("/dev/null", "w"))
    assert [m.to for m in mail.outbox] == [["sara@example.se"]]
    assert "Nytt i Ny Götawebb" in mail.outbox[0].body and "LADD-01" in mail.outbox[0].body
    call_command("send_digest", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1  # nothing new since


def test_news_query_count_does_not_grow(client, expert, member, make_requirement, django_assert_max_num_queries):
    for n in range(15):
        requirement = make_requirement(title=f"Krav {n}")
        comments.add_comment(member, requirement, f"Kommentar {n}")
    login(client, expert)
    with django_assert_max_num_queries(12):
        context = client.get(reverse("news", args=[expert.procurement_id])).context
    assert len(context["requirements"]["page"]) == 15 and len(context["comments"]["page"]) == 15


def test_news_after_a_bulk_import_comes_in_pages_that_keep_their_starting_point(
        client, expert, member, area, insight, django_assert_max_num_queries):
    from requirements_app.drafting import requirements as drafting

    fields = {"statement": "Webbplatsen ska …", "rationale": "", "kind": "mandatory", "weight": None,
              "verification": "confirm", "references": ""}
    drafting.create_requirements(member, [(area, {**fields, "title": f"Krav {n}"}, [insight], "draft")
                                          for n in range(120)], "Import")
    login(client, expert)
    url = reverse("news", args=[expert.procurement_id])
    with django_assert_max_num_queries(14):
        first = client.get(url)
    assert len(first.context["requirements"]["page"]) == 50
    since = first.context["since"]
    html = first.content.decode()
    assert "requirements_page=2" in html and "Sida 1 av 3" in html
    third = client.get(url, {"since": since.isoformat(), "requirements_page": 3}).context
    assert len(third["requirements"]["page"]) == 20


def test_an_expert_sees_the_requirements_in_review_they_have_not_looked_at(
        client, expert, member, make_requirement, django_assert_max_num_queries):
    from requirements_app.deliberation import decisions
    from requirements_app.drafting import requirements as drafting
    from requirements_app.models import Procurement, Requirement

    first, second, third = (make_requirement(title=t) for t in ("Ett", "Två", "Tre"))
    make_requirement(title="Utkast")
    for requirement in (first, second, third):
        drafting.change_status(member, requirement, Requirement.Status.REVIEW, "")
    comments.add_comment(expert, first, "Tydligt.")
    Procurement.objects.filter(pk=expert.procurement_id).update(expert_votes="advisory")
    expert.procurement.refresh_from_db()
    decisions.cast_vote(expert, second, 1, "yes")
    login(client, expert)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("to_review", args=[expert.procurement_id]))
        assert [r.title for r in response.context["to_comment"]] == ["Tre"]
    assert "Krav på granskning som väntar på dina kommentarer" in response.content.decode()


def test_waiting_counts_are_the_sizes_of_the_lists_for_every_role(
        coordinator, member, second_member, expert, make_requirement, django_assert_num_queries):
    """The badges' one statement counts what "To review" and "Notifications" list."""
    from requirements_app import notifications
    from requirements_app.deliberation import attention
    from requirements_app.drafting import requirements as drafting
    from requirements_app.models import Notification, Procurement, Requirement

    first, second, third = (make_requirement(title=t) for t in ("Ett", "Två", "Tre"))
    make_requirement(title="Utkast")
    make_requirement(by=expert, title="Expertförslag")
    for requirement in (first, second, third):
        drafting.change_status(member, requirement, Requirement.Status.REVIEW, "")
    Procurement.objects.filter(pk=expert.procurement_id).update(expert_votes="advisory")
    expert.procurement.refresh_from_db()
    decisions.cast_vote(member, first, 1, "yes")
    decisions.cast_vote(member, second, 1, "yes")
    decisions.cast_vote(expert, first, 1, "abstain")
    comments.add_comment(expert, second, "Oklart.")
    edit(second_member, second, title="Två, nu tydligare")  # the votes and comment on version 1 are stale
    answered = comments.add_comment(expert, first, "Vilken EPUB-version?")
    comments.reply(member, answered, "EPUB 3")
    mine_last = comments.add_comment(member, third, "Räcker det?")
    comments.reply(expert, mine_last, "Ja.")
    comments.reply(member, mine_last, "Tack.")
    resolved = comments.add_comment(member, first, "Stavfel.")
    comments.reply(expert, resolved, "Rättat.")
    comments.set_resolved(member, resolved, True)
    comments.add_comment(expert, third, "Kortare?", "Webbplatsen ska …")
    notifications.mark_read(second_member, None)
    for membership in (coordinator, member, second_member, expert):
        membership = Membership.objects.select_related("procurement", "user").get(pk=membership.pk)
        requirements, wordings = attention.proposals_to_handle(membership)
        listed = {
            "vote": attention.to_vote(membership).count(),
            "comment": attention.to_comment(membership).count(),
            "threads": attention.awaiting_reply(membership).count(),
            "proposals": requirements.count() + wordings.count(),
        }
        unread = Notification.objects.for_membership(membership).unread().count()
        with django_assert_num_queries(1):
            counted = attention.waiting_counts(membership)
        assert counted == {**listed, "total": sum(listed.values()), "unread": unread}, membership.role
        assert bool(unread) == (membership in (member, expert))  # the others have none, or read them
    assert counted == {"vote": 2, "comment": 1, "threads": 2, "proposals": 0, "total": 5, "unread": unread}
