import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from requirements_app.deliberation import comments
from requirements_app.models import Comment

from .conftest import edit, login


def test_expert_comments_on_the_current_version(client, expert, requirement):
    login(client, expert)
    response = client.post(reverse("comment_create", args=[requirement.pk]), {"body": "Vilken EPUB-version?"})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.author, comment.version_no) == (expert.user, 1)
    html = client.get(requirement.get_absolute_url()).content.decode()
    assert "gäller version 1" in html and "skrivet på en äldre version" not in html


def test_comment_is_marked_older_after_an_edit(client, expert, member, requirement):
    comments.add_comment(expert, requirement, "Vilken EPUB-version?")
    edit(member, requirement, statement="Webbplatsen ska stödja EPUB 3.")
    login(client, expert)
    html = client.get(requirement.get_absolute_url()).content.decode()
    assert "gäller version 1" in html and "skrivet på en äldre version" in html


def test_empty_comment_gets_a_swedish_error_and_writes_nothing(client, expert, requirement):
    login(client, expert)
    response = client.post(reverse("comment_create", args=[requirement.pk]), {"body": "   "})
    assert response.status_code == 400
    assert "Detta fält måste fyllas i." in response.content.decode()
    assert not Comment.objects.exists()


def test_reply_to_a_reply_joins_the_thread(expert, member, requirement):
    thread = comments.add_comment(expert, requirement, "Fråga")
    first = comments.reply(member, thread, "Svar")
    second = comments.reply(expert, first, "Tack")
    assert first.parent == thread and second.parent == thread


def test_author_resolves_thread_and_it_folds_away_but_stays_readable(client, expert, requirement):
    thread = comments.add_comment(expert, requirement, "Klart snart?")
    login(client, expert)
    client.post(reverse("comment_resolve", args=[thread.pk]))
    thread.refresh_from_db()
    assert thread.resolved_by == expert.user
    html = client.get(requirement.get_absolute_url()).content.decode()
    assert "<details>" in html and "Klart snart?" in html


def test_coordinator_may_resolve_anyones_thread(coordinator, expert, requirement):
    thread = comments.add_comment(expert, requirement, "Fråga")
    comments.set_resolved(coordinator, thread, True)
    assert Comment.objects.get().resolved_at is not None


def test_other_member_cannot_resolve_the_thread(client, expert, member, requirement):
    thread = comments.add_comment(expert, requirement, "Fråga")
    login(client, member)
    assert client.post(reverse("comment_resolve", args=[thread.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        comments.set_resolved(member, thread, True)


def test_a_new_reply_reopens_a_resolved_thread(expert, member, requirement):
    thread = comments.add_comment(expert, requirement, "Fråga")
    comments.set_resolved(expert, thread, True)
    comments.reply(member, thread, "Men vänta")
    thread.refresh_from_db()
    assert thread.resolved_at is None


def test_outsider_cannot_comment(client, outsider, requirement):
    login(client, outsider)
    assert client.post(reverse("comment_create", args=[requirement.pk]), {"body": "Hej"}).status_code == 404
    assert not Comment.objects.exists()
