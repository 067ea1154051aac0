from django.urls import reverse

from requirements_app.models import Requirement

from .conftest import login


def test_overview_counts_per_area_and_status(client, member, make_requirement, procurement, django_assert_max_num_queries):
    make_requirement()
    withdrawn = make_requirement()
    Requirement.objects.filter(pk=withdrawn.pk).update(status=Requirement.Status.WITHDRAWN)
    login(client, member)
    # +2: what waits for the member (and the badge); +12: kravgranskning's counts, on a cold shared cache (their
    # key: 3; the reports: 3; storing them: 6). Warm, the counts are their key and one read: see below.
    with django_assert_max_num_queries(22):
        response = client.get(reverse("procurement", args=[procurement.pk]))
    with django_assert_max_num_queries(14):
        client.get(reverse("procurement", args=[procurement.pk]))
    [row] = response.context["areas"]
    statuses = list(Requirement.Status.values)
    assert row["counts"][statuses.index("draft")] == 1
    assert row["counts"][statuses.index("withdrawn")] == 1
    assert row["total"] == 2


def test_overview_lists_insights_that_no_requirement_answers(client, member, requirement, insight, other_insight):
    login(client, member)
    response = client.get(reverse("procurement", args=[requirement.area.procurement_id]))
    assert list(response.context["unanswered"]) == [other_insight]
    assert "Göta, 92" in response.content.decode()


def test_home_lists_procurements_when_user_has_several(client, member, other_procurement):
    from requirements_app.models import Membership

    Membership.objects.create(procurement=other_procurement, user=member.user, role=Membership.Role.EXPERT)
    login(client, member)
    html = client.get(reverse("home")).content.decode()
    assert "Ny Götawebb" in html and "Annan upphandling" in html


def test_area_is_added_by_the_coordinator_with_upper_case_code(client, coordinator, procurement):
    login(client, coordinator)
    response = client.post(reverse("area_create", args=[procurement.pk]), {"code": "säk", "name": "Säkerhet", "order": 50})
    assert response.status_code == 302
    assert procurement.areas.get().code == "SÄK"


def test_duplicate_area_code_is_a_field_error(client, coordinator, area):
    login(client, coordinator)
    response = client.post(reverse("area_create", args=[area.procurement_id]), {"code": "ladd", "name": "X", "order": 1})
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == ["Upphandlingen har redan ett kravområde med den koden."]


def test_the_overview_shows_bars_per_area_and_what_waits_and_the_menu_counts_it(client, member, second_member, requirement):
    from requirements_app.drafting import requirements as drafting

    drafting.change_status(second_member, requirement, "review", "")
    login(client, member)
    html = client.get(reverse("procurement", args=[member.procurement_id])).content.decode()
    assert 'role="img"' in html and 'aria-label="Ladda upp/ladda ner: 1 under granskning"' in html
    assert "1 krav att rösta på" in html
    assert '<span class="badge"><span class="visually-hidden">(</span>1<span class="visually-hidden"> väntar på dig)' in html
