import pytest
from django.urls import reverse

from requirements_app.drafting import requirements as drafting
from requirements_app.models import Requirement
from requirements_app.versions import compare, requirement_versions, version_content, word_diff

from .conftest import login


def save(membership, requirement, comment="Ändrat", insights=None, **changes):
    requirement.refresh_from_db()
    content = {f: getattr(requirement, f) for f in Requirement.CONTENT_FIELDS}
    content.update(changes)
    insights = [*requirement.insights.all()] if insights is None else insights
    return drafting.save_requirement(membership, requirement, requirement.version_no, content, insights, comment)


def test_word_diff_marks_only_the_changed_words():
    runs = word_diff("Webbplatsen ska vara snabb.", "Webbplatsen ska svara inom 2 sekunder.")
    assert ("delete", "vara snabb") in runs
    assert ("insert", "svara inom 2 sekunder") in runs
    assert runs[0] == ("equal", "Webbplatsen ska ")


def test_history_lists_every_version_with_user_and_comment(client, member, second_member, requirement):
    save(second_member, requirement, comment="Skärpt kravtext", statement="Ny text")
    login(client, member)
    response = client.get(reverse("requirement_history", args=[requirement.pk]))
    html = response.content.decode()
    assert [row["content"]["version_no"] for row in response.context["versions"]] == [2, 1]
    assert "Skärpt kravtext" in html and "Första utkast" in html
    assert "Fatima" in html and "Anders" in html


def test_compare_shows_text_diff_and_changed_attributes(member, requirement, other_insight):
    save(member, requirement, kind="evaluated", weight=20, insights=[other_insight], title="Låna e-ljudböcker")
    new, old = requirement_versions(requirement)
    diff = compare(version_content(old), version_content(new))
    title = diff["texts"][0]
    assert title["changed"]
    assert ("delete", "böcker") in title["runs"]
    assert ("insert", "ljudböcker") in title["runs"]
    changed = {str(field["label"]): (field["old"], field["new"]) for field in diff["fields"]}
    assert changed["värde"] == ("–", "20")
    assert changed["insikter"] == ("FRAM-04", "CIT-01")
    assert "typ" in changed


def test_compare_page_picks_any_two_versions(client, member, requirement):
    save(member, requirement, title="Två")
    save(member, requirement, title="Tre")
    v3, v2, v1 = requirement_versions(requirement)
    login(client, member)
    response = client.get(reverse("requirement_compare", args=[requirement.pk]), {"old": v1.pk, "new": v3.pk})
    assert response.context["old"]["content"]["version_no"] == 1
    assert response.context["new"]["content"]["version_no"] == 3


def test_compare_ignores_versions_of_other_requirements(client, member, requirement, make_requirement):
    other = make_requirement(title="Annat")
    foreign = requirement_versions(other).first()
    login(client, member)
    response = client.get(reverse("requirement_compare", args=[requirement.pk]), {"old": foreign.pk})
    assert response.context["old"]["version"].object_id == str(requirement.pk)


def test_restore_brings_back_old_content_as_a_new_version(client, member, requirement, other_insight):
    save(member, requirement, title="Fel rubrik", insights=[other_insight])
    v1 = requirement_versions(requirement).last()
    login(client, member)
    response = client.post(reverse("requirement_restore", args=[requirement.pk, v1.pk]), {"version": 2})
    assert response.status_code == 302
    requirement.refresh_from_db()
    assert requirement.title == "Låna e-böcker"
    assert requirement.version_no == 3
    assert [i.key for i in requirement.insights.all()] == ["FRAM-04"]
    assert requirement_versions(requirement).first().revision.get_comment() == "Återställde version 1"


def test_a_restore_is_previewed_with_its_diff_and_asks_why(client, member, requirement):
    save(member, requirement, title="Fel rubrik")
    drafting.change_status(member, requirement, Requirement.Status.REVIEW, "")
    v1 = requirement_versions(requirement).last()
    login(client, member)
    response = client.get(reverse("requirement_history", args=[requirement.pk]))
    history, current = response.content.decode(), response.context["current"]["version"]
    # The status change is a row, not a version: nothing to compare or restore there.
    assert history.count("Återställ version 1…") == 1 and "Återställ version 2" not in history
    preview = client.get(reverse("requirement_compare", args=[requirement.pk]),
                         {"old": current.pk, "new": v1.pk, "aterstall": "1"})
    page = preview.content.decode()
    assert preview.context["restoring"] and "Fel" in page and "e-böcker" in page and 'name="comment"' in page
    assert [row["content"]["version_no"] for row in preview.context["versions"]] == [2, 1]  # no status rows
    client.post(reverse("requirement_restore", args=[requirement.pk, v1.pk]),
                {"version": 2, "comment": "Rubriken var rätt från början"})
    requirement.refresh_from_db()
    assert requirement.title == "Låna e-böcker"
    assert requirement_versions(requirement).first().revision.get_comment() == (
        "Återställde version 1: Rubriken var rätt från början")


def test_restore_from_a_stale_history_page_changes_nothing(client, member, requirement):
    save(member, requirement, title="Två")
    v1 = requirement_versions(requirement).last()
    login(client, member)
    client.post(reverse("requirement_restore", args=[requirement.pk, v1.pk]), {"version": 1})
    requirement.refresh_from_db()
    assert requirement.title == "Två"
    assert requirement.version_no == 2


def test_expert_cannot_restore(client, expert, member, requirement):
    save(member, requirement, title="Två")
    v1 = requirement_versions(requirement).last()
    login(client, expert)
    response = client.post(reverse("requirement_restore", args=[requirement.pk, v1.pk]), {"version": 2})
    assert response.status_code == 403


@pytest.mark.parametrize("edits", [2, 20])
def test_history_query_count_does_not_grow_with_versions(client, member, requirement, edits, django_assert_max_num_queries):
    for n in range(edits):
        save(member, requirement, title=f"Rubrik {n}")
    login(client, member)
    with django_assert_max_num_queries(8):  # +2: the navigation's count badge
        response = client.get(reverse("requirement_history", args=[requirement.pk]))
    assert len(response.context["versions"]) == edits + 1


def test_the_compare_view_shows_a_changed_scale(member, make_requirement):
    criterion = make_requirement(title="Boktips", kind="evaluated", weight=150_000)
    edited = save(member, criterion, scale="0 %: Inga tips\n100 %: Tips utifrån lån")
    old, new = (version_content(v) for v in reversed(requirement_versions(edited)[:2]))
    changed = [str(t["label"]) for t in compare(old, new)["texts"] if t["changed"]]
    assert changed == ["skala"]
