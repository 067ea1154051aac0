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


def test_the_revision_view_does_not_show_another_models_version(admin_client, requirement, theirs):
    """Reversion looked a version up by object id alone: a version id of another
    model whose object id equals our requirement's pk showed that object's name."""
    import reversion
    from reversion.models import Version

    from requirements_app.models import Definition

    their = Definition.objects.create(pk=requirement.pk, procurement=theirs["procurement"],
                                      term="Hemlig upphandling", meaning="Deras.", role="supplier")
    with reversion.create_revision():
        reversion.add_to_revision(their)
    version = Version.objects.get_for_object(their).first()
    url = f"/admin/requirements_app/requirement/{requirement.pk}/history/{version.pk}/"
    response = admin_client.get(url)
    assert response.status_code == 404
    assert "Hemlig upphandling" not in response.content.decode()


def test_the_revision_view_of_our_requirement_opens_the_workbench_compare(admin_client, requirement):
    from requirements_app.versions import requirement_versions

    version = requirement_versions(requirement).first()
    response = admin_client.get(f"/admin/requirements_app/requirement/{requirement.pk}/history/{version.pk}/")
    assert response.status_code == 302
    assert response.url == reverse("requirement_compare", args=[requirement.pk]) + f"?new={version.pk}"


def test_a_coordinator_granted_change_user_cannot_make_themselves_superuser(admin_client, coordinator):
    from django.contrib.auth.models import Permission

    user = coordinator.user
    user.user_permissions.add(Permission.objects.get(codename="change_user"))
    response = admin_client.post(reverse("admin:auth_user_change", args=[user.pk]), {
        "username": user.username, "first_name": "Karin", "last_name": "", "email": "",
        "is_active": "on", "is_staff": "on", "is_superuser": "on",
        "groups": [], "user_permissions": [p.pk for p in Permission.objects.all()],
    })
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_superuser
    assert user.user_permissions.count() == 1 and user.groups.exists()


def test_a_coordinator_cannot_change_a_superusers_account(admin_client, coordinator, procurement):
    from django.contrib.auth.models import Permission

    coordinator.user.user_permissions.add(Permission.objects.get(codename="change_user"))
    root = make_user("root", is_superuser=True, is_staff=True)
    Membership.objects.create(procurement=procurement, user=root, role=Membership.Role.COORDINATOR)
    response = admin_client.post(reverse("admin:auth_user_change", args=[root.pk]), {
        "username": "kapad", "is_active": "on"})
    root.refresh_from_db()
    assert response.status_code == 403 and root.username == "root"


@pytest.mark.django_db(transaction=True)
def test_the_coordinator_group_exists_with_its_exact_permissions_after_migrating():
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from requirements_app import coordinators

    call_command("migrate", "requirements_app", "0015", verbosity=0)
    Group.objects.filter(name=coordinators.GROUP_NAME).delete()
    call_command("migrate", "requirements_app", verbosity=0)
    group = Group.objects.get(name=coordinators.GROUP_NAME)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"view_requirement", "change_procurement", "add_ruleterm", "view_user"} <= codenames
    assert not codenames & {"change_user", "add_user", "change_requirement", "delete_procurement", "add_group"}
