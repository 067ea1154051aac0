"""Kravgranskning's findings are stored with the write that changes them, in
each language, and read by every page: nothing checks a text per request."""

import logging
from unittest import mock

from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from requirements_app.admin import RuleTermAdmin
from requirements_app.drafting import requirements as drafting, sections
from requirements_app.kravgranskning import findings
from requirements_app.kravgranskning.quality import Checker, Draft
from requirements_app.models import Definition, Requirement, RuleTerm, StoredReport

from .conftest import edit, login

SAME = "Webbplatsen ska visa lånetiden för varje lånad e-bok i dagar."


def codes(requirement):
    requirement.refresh_from_db()
    return sorted(f.code for f in findings.report_for(requirement).findings)


def test_a_saved_requirement_has_its_findings_stored_in_both_languages(make_requirement):
    requirement = make_requirement(statement="Webbplatsen ska vara användarvänlig.")
    stored = StoredReport.objects.get(requirement=requirement)
    assert stored.version_no == requirement.version_no
    vague = next(f for f in stored.findings if f["code"] == "VAGUE")
    assert set(vague["messages"]) == {"sv", "en"} and vague["messages"]["sv"] != vague["messages"]["en"]
    with translation.override("en"):
        assert "imprecise" in findings.report_for(requirement).findings[0].message


def test_pages_read_the_stored_findings_and_check_nothing(client, coordinator, make_requirement, approve):
    approve(make_requirement(statement="Webbplatsen ska vara användarvänlig."))
    requirement = make_requirement(title="Snabb", statement="Sökningen ska vara snabb.")
    login(client, coordinator)
    refuse = mock.patch.object(Checker, "check", side_effect=AssertionError("a page checked a text"))
    with refuse:
        for url in (reverse("requirement_list", args=[coordinator.procurement_id]),
                    reverse("requirement_list", args=[coordinator.procurement_id]) + "?findings=VAGUE",
                    requirement.get_absolute_url(), reverse("procurement", args=[coordinator.procurement_id]),
                    reverse("edition_freeze", args=[coordinator.procurement_id])):
            assert client.get(url).status_code == 200, url


def test_a_duplicate_is_stored_on_both_sides_and_goes_when_one_is_withdrawn(member, make_requirement):
    first = make_requirement(title="Första", statement=SAME)
    second = make_requirement(title="Andra", statement=SAME)
    assert "DUPLICATE" in codes(first) and "DUPLICATE" in codes(second)
    drafting.change_status(member, second, Requirement.Status.WITHDRAWN, "Dubblett")
    assert "DUPLICATE" not in codes(first)
    assert not StoredReport.objects.filter(requirement=second).exists()  # out of play: nothing stored


def test_an_edit_checks_the_requirement_and_its_neighbours_only(member, make_requirement):
    first = make_requirement(title="Första", statement=SAME)
    make_requirement(title="Andra", statement=SAME)
    for n in range(5):
        make_requirement(title=f"Annat {n}", statement=f"Webbplatsen ska visa öppettider för filial {n} i en karta.")
    checked = []
    real = Checker.check_one

    def spy(self, draft, others):
        checked.append(draft.number)
        return real(self, draft, others)

    with mock.patch.object(Checker, "check_one", spy):
        edit(member, first, statement=SAME + " Även ljudböcker.")
    # Once per language: the edited requirement and the duplicate it named.
    assert sorted(checked) == ["LADD-01", "LADD-01", "LADD-02", "LADD-02"]


def test_a_review_word_added_in_the_admin_refreshes_the_findings(rf, procurement, make_requirement):
    requirement = make_requirement(statement="Webbplatsen ska ha en blixtrande sökning.")
    assert "VAGUE" not in codes(requirement)
    request = rf.post("/admin/")
    request.user = User.objects.create_superuser("root", "root@example.org", "a-long-test-password")
    word = RuleTerm(procurement=procurement, rule="VAGUE", text="blixtrande")
    RuleTermAdmin(RuleTerm, admin.site).save_model(request, word, None, False)
    assert "VAGUE" in codes(requirement)
    RuleTermAdmin(RuleTerm, admin.site).delete_model(request, word)
    assert "VAGUE" not in codes(requirement)


def test_deleting_a_definition_is_versioned_and_checks_the_texts_again(procurement, member, make_requirement):
    requirement = make_requirement(statement="Leverantören ska visa lånetiden i dagar.")
    definition = sections.save_definition(member, Definition(procurement=procurement, term="anbudsgivaren",
                                                             meaning="Den som får kontraktet.",
                                                             role=Definition.Role.SUPPLIER), "Ny definition")
    assert "TERM" in codes(requirement)
    sections.delete_definition(member, definition, "Behövs inte")
    assert "TERM" not in codes(requirement)
    assert Version.objects.get_for_model(Definition).filter(revision__comment="Behövs inte").exists()


def test_a_version_without_stored_findings_is_checked_on_reading_and_logged(caplog, area, member):
    # Written past the services, as no code of the workbench does: the page still shows its findings.
    requirement = Requirement.objects.create(area=area, seq=1, title="Förbi", author=member.user,
                                             statement="Webbplatsen ska vara användarvänlig.")
    with caplog.at_level(logging.WARNING, logger="requirements_app.kravgranskning.findings"):
        assert "VAGUE" in codes(requirement)
    assert "no stored findings for 1 requirement" in caplog.text


def test_every_service_of_a_working_day_keeps_the_stored_findings_fresh(caplog, coordinator, member, second_member,
                                                                        third_member, expert, make_requirement,
                                                                        approve):
    from requirements_app.deliberation import comments, decisions

    with caplog.at_level(logging.WARNING, logger="requirements_app.kravgranskning.findings"):
        first = approve(make_requirement(title="Första", statement=SAME))
        second = make_requirement(title="Andra", statement="Webbplatsen ska vara användarvänlig.")
        proposal = make_requirement(title="Förslag", by=expert, statement=SAME)
        drafting.decide_proposal(member, proposal, adopt=False)
        suggestion = comments.add_comment(expert, second, "Bättre så här", suggested_statement=SAME + " Alltid.")
        second = comments.adopt_suggestion(member, suggestion, second.version_no, {}, list(second.insights.all()),
                                           "Expertens förslag")
        drafting.restore_version(member, first, drafting.requirement_versions(first)[1], first.version_no,
                                 reopen_decided=True)
        in_review = drafting.change_status(member, make_requirement(title="Avslås", statement=SAME), "review", "")
        for voter in (member, second_member, third_member):
            decisions.cast_vote(voter, in_review, in_review.version_no, "no", "Samma som LADD-01")
        decisions.record_decision(coordinator, in_review, in_review.version_no, (0, 3, 0))  # rejected: out of play
        stored = findings.reports(member.procurement)
    assert "no stored findings" not in caplog.text
    live = list(Requirement.objects.for_procurement(member.procurement).live().select_related("area"))
    fresh = findings.checker_for(member.procurement).check_all([Draft.of(r) for r in live])
    for requirement, found in zip(live, fresh):
        assert sorted(f.code for f in stored[requirement.pk].findings + [f for f, _d in stored[requirement.pk].dismissed]) \
            == sorted(f.code for f in found), requirement.number


def test_the_requirement_page_makes_as_many_queries_for_300_requirements_as_for_3(client, member, area, insight,
                                                                                  make_requirement):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .test_requirement_list import bulk_requirements

    page = make_requirement(statement="Webbplatsen ska vara användarvänlig.")
    login(client, member)
    counted = []
    for more in (2, 297):
        area.refresh_from_db()
        bulk_requirements(area, member.user, insight, more)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page.get_absolute_url()).status_code == 200
        counted.append(len(queries))
    assert counted[0] == counted[1], counted


def test_migrate_stores_the_findings_a_requirement_lacks(make_requirement):
    from django.core.management import call_command

    from requirements_app.models import StoredReport

    requirement = make_requirement(statement="Webbplatsen ska vara användarvänlig.")
    StoredReport.objects.filter(requirement=requirement).delete()
    call_command("migrate", verbosity=0)
    assert StoredReport.objects.get(requirement=requirement).version_no == requirement.version_no
