"""The admin does not cross procurements: a coordinator of one procurement can
neither see nor add nor move anything into another, nor browse other users."""

import datetime

import pytest
from django.urls import reverse

from requirements_app.demo import coordinator_group
from requirements_app.models import Area, Insight, Membership, Procurement, Workshop

from .conftest import make_user


@pytest.fixture
def admin_client(client, coordinator):
    user = coordinator.user
    user.is_staff = True
    user.save()
    user.groups.add(coordinator_group())
    client.force_login(user)
    return client


@pytest.fixture
def theirs(other_procurement):
    """Procurement 2 with its own workshop, insight, area and a member with an e-mail address."""
    workshop = Workshop.objects.create(procurement=other_procurement, title="Deras workshop", held_on=datetime.date(2020, 1, 1))
    insight = Insight.objects.create(workshop=workshop, key="HEM-01", kind="need", section="Behov", text="Hemligt")
    area = Area.objects.create(procurement=other_procurement, code="HEM", name="Hemligt")
    stranger = make_user("stranger", email="stranger@example.se")
    Membership.objects.create(procurement=other_procurement, user=stranger, role=Membership.Role.WORKING_GROUP)
    return {"procurement": other_procurement, "workshop": workshop, "insight": insight, "area": area, "user": stranger}


def admin_url(model, action, *args):
    return reverse(f"admin:requirements_app_{model}_{action}", args=args)


def test_adding_an_area_to_another_procurement_is_refused(admin_client, procurement, theirs):
    html = admin_client.get(admin_url("area", "add")).content.decode()
    assert f'value="{theirs["procurement"].pk}"' not in html
    response = admin_client.post(admin_url("area", "add"), {"procurement": theirs["procurement"].pk, "code": "SMYG",
                                                            "name": "Smyg", "description": "", "order": 1})
    assert response.status_code == 200 and "procurement" in response.context["adminform"].form.errors
    assert not Area.objects.filter(code="SMYG").exists()
    response = admin_client.post(admin_url("area", "add"), {"procurement": procurement.pk, "code": "EGEN",
                                                            "name": "Eget", "description": "", "order": 1})
    assert response.status_code == 302 and Area.objects.filter(code="EGEN", procurement=procurement).exists()


def test_adding_or_moving_an_insight_into_another_workshop_is_refused(admin_client, workshop, insight, theirs):
    data = {"workshop": theirs["workshop"].pk, "key": "SMYG-01", "kind": "need", "section": "Behov", "text": "Smyg",
            "order": 1}
    response = admin_client.post(admin_url("insight", "add"), data)
    assert "workshop" in response.context["adminform"].form.errors
    assert not Insight.objects.filter(key="SMYG-01").exists()
    response = admin_client.post(admin_url("insight", "change", insight.pk), {**data, "key": insight.key})
    assert "workshop" in response.context["adminform"].form.errors
    insight.refresh_from_db()
    assert insight.workshop == workshop


def test_moving_a_workshop_to_another_procurement_is_refused(admin_client, workshop, theirs):
    response = admin_client.post(admin_url("workshop", "change", workshop.pk), {
        "procurement": theirs["procurement"].pk, "title": "Flyttad", "held_on": "2016-04-15", "organiser": ""})
    assert "procurement" in response.context["adminform"].form.errors
    workshop.refresh_from_db()
    assert workshop.procurement != theirs["procurement"]


@pytest.mark.parametrize("model, key", [("procurement", "procurement"), ("workshop", "workshop"),
                                        ("insight", "insight"), ("area", "area")])
def test_objects_of_another_procurement_cannot_be_seen_or_changed(admin_client, theirs, model, key):
    obj = theirs[key]
    assert str(obj) not in admin_client.get(admin_url(model, "changelist")).content.decode()
    response = admin_client.get(admin_url(model, "change", obj.pk))
    assert response.status_code == 302  # "does not exist", back to the admin index
    response = admin_client.post(admin_url(model, "change", obj.pk), {"name": "Kapad", "title": "Kapad", "text": "Kapad"})
    assert response.status_code == 302
    obj.refresh_from_db()
    assert "Kapad" not in str(obj)


def test_filters_list_only_own_choices(admin_client, area, theirs):
    html = admin_client.get(admin_url("insight", "changelist")).content.decode()
    assert "Deras workshop" not in html
    html = admin_client.get(admin_url("area", "changelist")).content.decode()
    assert theirs["procurement"].name not in html


def test_the_user_list_and_member_picker_do_not_reveal_other_users(admin_client, coordinator, member, theirs):
    html = admin_client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "stranger" not in html and member.user.username in html
    picker = reverse("admin:autocomplete")
    params = {"app_label": "requirements_app", "model_name": "membership", "field_name": "user"}
    found = admin_client.get(picker, {**params, "term": "str"}).json()["results"]
    assert found == []
    found = admin_client.get(picker, {**params, "term": "stranger@example.se"}).json()["results"]
    assert found == [{"id": str(theirs["user"].pk), "text": "stranger"}]


def test_a_superuser_still_sees_everything(client, coordinator, theirs):
    coordinator.user.is_staff = coordinator.user.is_superuser = True
    coordinator.user.save()
    client.force_login(coordinator.user)
    assert theirs["procurement"].name in client.get(admin_url("procurement", "changelist")).content.decode()
    assert Procurement.objects.count() == 2
