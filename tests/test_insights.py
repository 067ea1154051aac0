from django.urls import reverse

from .conftest import login


def test_insight_list_groups_by_kind_with_answer_counts(client, expert, requirement, insight, other_insight, django_assert_max_num_queries):
    login(client, expert)
    with django_assert_max_num_queries(8):  # +2: the navigation's count badge
        response = client.get(reverse("insight_list", args=[insight.workshop.procurement_id]))
    groups = dict(response.context["groups"])
    assert [i.answered_by for i in groups["framgångsfaktor"]] == [1]
    assert [i.answered_by for i in groups["citat"]] == [0]


def test_insight_page_lists_the_requirements_that_answer_it(client, expert, requirement, insight):
    login(client, expert)
    html = client.get(reverse("insight", args=[insight.pk])).content.decode()
    assert "Ladda upp. Ladda ner." in html
    assert requirement.number in html
    assert "Skriv ett krav" not in html  # experts do not draft


def test_member_gets_a_link_to_write_a_requirement_for_the_insight(client, member, insight):
    login(client, member)
    html = client.get(reverse("insight", args=[insight.pk])).content.decode()
    assert f"?insight={insight.pk}" in html
