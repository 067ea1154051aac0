"""After voting or commenting the page lands on that section, and the
confirmation is shown there, not at the top of the page out of sight."""

import re

from django.urls import reverse

from .conftest import login


def section(html, section_id):
    return re.search(rf'<section id="{section_id}".*?</section>', html, re.S).group()


def top_messages(html):
    main = html.split('<main id="main" tabindex="-1">', 1)[1]
    return main.split("<h1", 1)[0]


def test_the_vote_confirmation_is_in_the_voting_section(client, member, in_review):
    login(client, member)
    response = client.post(reverse("vote", args=[in_review.pk]), {"choice": "yes", "version": 1}, follow=True)
    assert response.redirect_chain[-1][0].endswith("#voting")
    html = response.content.decode()
    assert "Din röst på version 1 har sparats." in section(html, "voting")
    assert "Din röst" not in top_messages(html)


def test_the_comment_confirmation_is_in_the_comments_section(client, expert, requirement):
    login(client, expert)
    response = client.post(reverse("comment_create", args=[requirement.pk]), {"body": "Bra krav"}, follow=True)
    html = response.content.decode()
    assert "Din kommentar har lagts till." in section(html, "comments")
    assert "Din kommentar" not in top_messages(html)


def test_other_messages_stay_at_the_top(client, member, requirement):
    login(client, member)
    response = client.post(reverse("requirement_status", args=[requirement.pk, "submit"]), follow=True)
    assert "är nu under granskning" in top_messages(response.content.decode())
