"""Search over requirements and insights: the same tests pass on SQLite (FTS5)
and PostgreSQL (full-text search over the same terms)."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from requirements_app import search
from requirements_app.demo import coordinator_group
from requirements_app.drafting import requirements as drafting
from requirements_app.models import Area, Procurement, Requirement

from .conftest import edit, login


def found(procurement, typed):
    return [str(result.object).split(":")[0].split(" ")[0] for result in search.search(procurement, typed)]


@pytest.fixture
def texts(make_requirement, area, procurement):
    """Three requirements with the words the tests look for."""
    accessible = Area.objects.create(procurement=procurement, code="TILL", name="Tillgänglighet", order=10)
    return {
        "ebook": make_requirement(title="Låna e-bok", statement="Webbplatsen ska låta en användare låna en e-bok."),
        "access": make_requirement(
            area=accessible, title="Kontrast", statement="Webbplatsen ska uppfylla kraven på tillgänglighet.",
            references="WCAG 2.1 1.4.3",
        ),
        "upload": make_requirement(title="Ladda upp", statement="En låntagare ska kunna ladda upp en egen bok.",
                                   rationale="Poddare vill synas."),
    }


def test_ebok_finds_e_bok_and_back(procurement, texts):
    assert found(procurement, "ebok") == ["LADD-01"]
    assert found(procurement, "e-bok") == ["LADD-01"]


def test_accents_need_not_match(procurement, texts):
    assert found(procurement, "tillganglighet") == ["TILL-01"]
    assert found(procurement, "TILLGÄNGLIGHET") == ["TILL-01"]


def test_word_forms_match(procurement, texts):
    assert "TILL-01" in found(procurement, "krav")  # the text says "kraven"
    assert "TILL-01" in found(procurement, "tillgängligheten")


def test_every_word_must_match(procurement, texts):
    assert found(procurement, "ladda poddare") == ["LADD-02"]
    assert found(procurement, "ladda kontrast") == []


@pytest.fixture
def compounds(make_requirement, procurement):
    accessible = Area.objects.create(procurement=procurement, code="TILL", name="Tillgänglighet", order=10)
    return {
        "statement": make_requirement(area=accessible, title="Redogörelse",
                                      statement="Webbplatsen ska ha en tillgänglighetsredogörelse."),
        "test": make_requirement(area=accessible, title="Test", statement="Leverantören ska göra ett tillgänglighetstest."),
        "ebooks": make_requirement(title="Låna", statement="Låntagare ska kunna låna e-böcker."),
    }


def test_a_word_finds_the_compounds_it_begins(procurement, compounds):
    assert found(procurement, "tillgänglighet") == ["TILL-01", "TILL-02"]
    assert found(procurement, "tillgänglighetstest") == ["TILL-02"]
    assert found(procurement, "redogörelse") == ["TILL-01"]  # the title


def test_an_irregular_plural_is_found_by_its_base_form(procurement, compounds):
    assert found(procurement, "ebok") == ["LADD-01"]
    assert found(procurement, "e-bok") == ["LADD-01"]
    assert found(procurement, "e-böckerna") == ["LADD-01"]
    # The insight's "egenutgivna böcker" are books too.
    assert found(procurement, "bok") == ["FRAM-04", "LADD-01"]


def test_a_typed_word_does_not_find_every_requirement_of_an_area_by_its_number(procurement, compounds):
    # "till" begins "TILL-01" and "TILL-02", but numbers match only whole.
    assert found(procurement, "till") == []
    assert found(procurement, "till-2") == ["TILL-02"]


def test_short_words_match_only_whole(procurement, make_requirement):
    make_requirement(title="Utlån", statement="Webbplatsen ska visa ut-lån per år.")
    make_requirement(title="Utställning", statement="Webbplatsen ska visa utställningar.")
    assert found(procurement, "ut") == []
    assert set(found(procurement, "utl")) == {"LADD-01"}


def test_searching_an_area_name_offers_its_requirements(client, member, compounds):
    login(client, member)
    response = client.get(reverse("search", args=[member.procurement_id]), {"q": "Tillganglighet"})
    area = Area.objects.get(code="TILL")
    assert response.context["areas"] == [area]
    link = f'{reverse("requirement_list", args=[member.procurement_id])}?area={area.pk}'
    assert f'<a href="{link}">Visa alla krav i Tillgänglighet</a>' in response.content.decode()
    assert search.areas_named(member.procurement, "ladda") == list(Area.objects.filter(code="LADD"))
    assert search.areas_named(member.procurement, "redogörelse") == []


def test_searches_number_title_rationale_and_references(procurement, texts):
    assert found(procurement, "TILL-01")[0] == "TILL-01"
    assert found(procurement, "till-1")[0] == "TILL-01"
    assert found(procurement, "kontrast") == ["TILL-01"]
    assert found(procurement, "poddare") == ["LADD-02"]  # only in the rationale
    assert found(procurement, "WCAG 1.4.3") == ["TILL-01"]


def test_insights_and_requirements_are_found_together(procurement, texts, insight, other_insight):
    # "Ladda upp" is the title of LADD-02 and the text of FRAM-04; the other
    # LADD requirements are not found for their number.
    assert set(found(procurement, "ladda upp")) == {"LADD-02", "FRAM-04"}
    assert found(procurement, "plätt") == ["CIT-01"]
    assert found(procurement, "platt") == ["CIT-01"]


def test_a_match_in_the_title_ranks_above_one_in_the_text(procurement, make_requirement):
    make_requirement(title="Inloggning", statement="Webbplatsen ska visa lånehistorik efter inloggning.")
    make_requirement(title="Lånehistorik", statement="Webbplatsen ska visa en sida för inloggade.")
    assert found(procurement, "lånehistorik") == ["LADD-02", "LADD-01"]


def test_other_procurements_are_not_searched(procurement, texts, other_procurement, outsider):
    area = Area.objects.create(procurement=other_procurement, code="LADD", name="Ladda", order=1)
    drafting.create_requirement(outsider, area, {"title": "E-bok", "statement": "En e-bok ska gå att låna."}, [], "")
    assert found(procurement, "ebok") == ["LADD-01"]
    assert found(other_procurement, "ebok") == ["LADD-01"]
    assert search.search(other_procurement, "ebok")[0].requirement.area == area


def test_an_edit_is_searchable_at_once_and_the_old_words_are_gone(procurement, texts, member):
    edit(member, texts["upload"], title="Egen utgivning", statement="Låntagare ska kunna publicera poesi.",
         rationale="")
    assert found(procurement, "poesi") == ["LADD-02"]
    assert found(procurement, "poddare") == []


def test_an_insight_changed_in_the_admin_is_found_by_its_new_words(client, coordinator, procurement, insight):
    # The admin is the one place an insight's text changes after the notes are loaded.
    coordinator.user.is_staff = True
    coordinator.user.save()
    coordinator.user.groups.add(coordinator_group())
    client.force_login(coordinator.user)
    response = client.post(reverse("admin:requirements_app_insight_change", args=[insight.pk]), {
        "workshop": insight.workshop_id, "key": insight.key, "kind": insight.kind, "section": insight.section,
        "text": "Skrivarverkstad för unga.", "order": insight.order})
    assert response.status_code == 302
    assert found(procurement, "skrivarverkstad") == ["FRAM-04"]
    assert found(procurement, "egenutgivna") == []


def test_imported_requirements_are_searchable(procurement, area, member, insight):
    drafts = [(area, {"title": f"Krav {n}", "statement": f"Webbplatsen ska visa boktips nummer {n}."}, [insight],
               Requirement.Status.DRAFT) for n in range(3)]
    drafting.create_requirements(member, drafts, "Import")
    assert len(found(procurement, "boktips")) == 3


def test_setup_workbench_indexes_the_workshop_fixture(db):
    call_command("setup_workbench", stdout=open("/dev/null", "w"))
    assert "CIT-01" in found(Procurement.objects.get(pk=1), "plätt")


@pytest.mark.parametrize("typed", [
    '"AND OR (', "a:*&b|!c", "NEAR(ebok", "^ebok*", "'", "-", "och det att", "", "   ", "ebok)) OR ((",
])
def test_search_syntax_in_what_is_typed_is_just_text(procurement, texts, typed):
    results = found(procurement, typed)
    assert results in ([], ["LADD-01"])


def test_the_search_page_shows_ranked_hits(client, expert, texts, insight, django_assert_max_num_queries):
    login(client, expert)
    with django_assert_max_num_queries(9):  # +1: the areas named
        response = client.get(reverse("search", args=[expert.procurement_id]), {"q": "ladda"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 träffar för ”ladda”" in page
    assert page.index("LADD-02 Ladda upp") < page.index("FRAM-04")


def test_the_search_page_without_a_query_shows_the_form(client, member):
    login(client, member)
    response = client.get(reverse("search", args=[member.procurement_id]))
    assert response.status_code == 200
    assert response.context["results"] is None


def test_a_too_long_query_is_a_field_error(client, member):
    login(client, member)
    response = client.get(reverse("search", args=[member.procurement_id]), {"q": "ord " * 100})
    assert response.status_code == 200
    assert response.context["form"].errors["q"]


def test_the_requirement_list_filter_uses_the_same_search(client, member, texts):
    login(client, member)
    response = client.get(reverse("requirement_list", args=[member.procurement_id]), {"q": "tillganglighet"})
    assert [r.number for r in response.context["page"].object_list] == ["TILL-01"]
