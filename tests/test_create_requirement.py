from django.urls import reverse

from requirements_app.models import Requirement
from requirements_app.versions import requirement_versions

from .conftest import login


def form_data(area, insight, **overrides):
    data = {
        "area": area.pk,
        "title": "Ladda upp egna böcker",
        "statement": "Webbplatsen ska låta användare ladda upp egenutgivna böcker i EPUB-format.",
        "rationale": "Ladda upp. Ladda ner.",
        "kind": "evaluated",
        "weight": "15",
        "verification": "demonstrate",
        "insights": [insight.pk],
        "references": "EPUB 3",
        "comment": "Första utkast",
    }
    data.update(overrides)
    return data


def test_member_creates_numbered_requirement_as_version_1(client, member, area, insight):
    login(client, member)
    response = client.post(reverse("requirement_create", args=[area.procurement_id]), form_data(area, insight))
    requirement = Requirement.objects.get()
    assert response.status_code == 302
    assert response.url == requirement.get_absolute_url()
    assert requirement.number == "LADD-01"
    assert requirement.version_no == 1
    assert requirement.author == member.user
    assert list(requirement.insights.all()) == [insight]
    [version] = requirement_versions(requirement)
    assert version.revision.user == member.user
    assert version.revision.get_comment() == "Första utkast"


def test_insight_link_prefills_the_new_requirement_form(client, member, area, insight):
    login(client, member)
    response = client.get(reverse("requirement_create", args=[area.procurement_id]) + f"?insight={insight.pk}")
    assert f'value="{insight.pk}" id="insight-{insight.pk}" checked' in response.content.decode()


def test_evaluated_requirement_without_weight_gets_field_error(client, member, area, insight):
    login(client, member)
    response = client.post(
        reverse("requirement_create", args=[area.procurement_id]), form_data(area, insight, weight="")
    )
    assert response.status_code == 200
    assert "weight" in response.context["form"].errors
    assert not Requirement.objects.exists()


def test_a_weight_on_a_mandatory_requirement_is_refused_as_the_import_refuses_it(client, member, area, insight):
    from requirements_app.importing.spreadsheets import import_requirements, read_dataset

    login(client, member)
    response = client.post(
        reverse("requirement_create", args=[area.procurement_id]), form_data(area, insight, kind="mandatory")
    )
    assert response.context["form"].errors["weight"] == ["Ett ska-krav har inget värde."]
    content = ("Kravnummer;Kravområde;Rubrik;Kravtext;Typ;Vikt;Verifiering;Insikter\n"
               f";{area.code};Rubrik;Webbplatsen ska fungera.;Ska-krav;10;Bekräfta;{insight.key}\n").encode()
    report = import_requirements(member, read_dataset("krav.csv", content), "krav.csv", dry_run=True)
    assert report.invalid == [(1, ["Vikt: Ett ska-krav har inget värde."])]
    assert not Requirement.objects.exists()


def test_a_new_requirement_without_a_comment_is_saved_as_nytt_krav(client, member, area, insight):
    from requirements_app.versions import requirement_versions

    login(client, member)
    client.post(reverse("requirement_create", args=[area.procurement_id]), form_data(area, insight, comment=""))
    requirement = Requirement.objects.get()
    assert requirement_versions(requirement).get().revision.comment == "Nytt krav"


def test_field_errors_are_in_swedish_and_tied_to_their_field(client, member, area, insight):
    login(client, member)
    response = client.post(
        reverse("requirement_create", args=[area.procurement_id]),
        form_data(area, insight, title="", comment="", weight="abc"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in html
    assert response.context["form"].errors["weight"] == ["Fyll i ett heltal."]
    assert 'aria-describedby="id_title_error"' in html
    assert 'aria-invalid="true"' in html


def test_area_from_another_procurement_is_refused(client, member, area, insight, other_procurement):
    from requirements_app.models import Area

    foreign = Area.objects.create(procurement=other_procurement, code="XX", name="Främmande")
    login(client, member)
    data = form_data(area, insight)
    data["area"] = foreign.pk
    response = client.post(reverse("requirement_create", args=[area.procurement_id]), data)
    assert "area" in response.context["form"].errors
    assert not Requirement.objects.exists()
