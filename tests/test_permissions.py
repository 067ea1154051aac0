"""Every URL of the workbench × every role. The matrix is checked against the
URL configuration, so a new URL without an entry here fails the suite."""

import datetime

import pytest
from django.urls import get_resolver, reverse

from requirements_app.deliberation import comments
from requirements_app.documents.editions import freeze_edition
from requirements_app.drafting import requirements as drafting
from requirements_app.importing.spreadsheets import export_requirements
from requirements_app.models import (
    AnswerBatch, ContractingAuthority, Definition, Edition, EditionSignature, ImportUpload, PriceComponent, Question,
    Requirement, Tender, TenderOpening, Clarification, Demonstration,
)
from requirements_app.permissions import Action
from requirements_app.versions import requirement_versions

ROLES = ["anonymous", "outsider", "expert", "member", "coordinator"]
A = Action
IN_PROCUREMENT = ["expert", "member", "coordinator"]
NOT_FOUND = {role: 404 for role in IN_PROCUREMENT}  # the matrix's objects have nothing there to show
HOME = {role: 302 for role in ROLES}  # one procurement each: straight to it


def expected_status(method, action, membership, exceptions, role):
    """What the permission table says `role` gets: the login page, 404 outside the
    procurement (and for what it hides), 403 for an action its role may not do,
    else the page (GET) or the redirect after the change (POST)."""
    if role in exceptions:
        return exceptions[role]
    if role == "anonymous":
        return 302
    if role == "outsider":
        return 404
    # The tenders' pages are shown only to those who may see that tenders exist.
    if action in (A.SEE_TENDERS, A.EVALUATE) and not membership.may(A.SEE_TENDERS):
        return 404
    if not membership.may(action):
        return 403
    return exceptions.get("allowed", 200 if method == "get" else 302)


# url name -> (method, kwargs from the objects, the permission table's action, [statuses that differ from what
# the table alone gives: a role's, or "allowed" for every role the table allows])
MATRIX = {
    "home": ("get", lambda o: {}, A.READ, HOME),
    "procurement": ("get", lambda o: {"pk": o["procurement"].pk}, A.READ),
    "requirement_list": ("get", lambda o: {"pk": o["procurement"].pk}, A.READ),
    "requirement_create": ("get", lambda o: {"pk": o["procurement"].pk}, A.PROPOSE),  # experts propose
    "requirement_bulk_status": ("post", lambda o: {"pk": o["procurement"].pk}, A.DRAFT),
    "insight_list": ("get", lambda o: {"pk": o["procurement"].pk}, A.READ),
    "area_create": ("get", lambda o: {"pk": o["procurement"].pk}, A.COORDINATE),
    "requirement": ("get", lambda o: {"pk": o["requirement"].pk}, A.READ),
    "requirement_edit": ("get", lambda o: {"pk": o["requirement"].pk}, A.DRAFT),
    "requirement_status": ("post", lambda o: {"pk": o["requirement"].pk, "action": "withdraw"}, A.DRAFT),
    "requirement_history": ("get", lambda o: {"pk": o["requirement"].pk}, A.READ),
    "requirement_compare": ("get", lambda o: {"pk": o["requirement"].pk}, A.READ),
    "requirement_restore": (
        "post",
        lambda o: {"pk": o["requirement"].pk, "version_pk": o["first_version"].pk},
        A.DRAFT,
    ),
    "insight": ("get", lambda o: {"pk": o["insight"].pk}, A.READ),
    "decision_log": ("get", lambda o: {"pk": o["procurement"].pk}, A.READ),
    "decision_rule": ("get", lambda o: {"pk": o["procurement"].pk}, A.COORDINATE),
    "to_review": ("get", lambda o: {"pk": o["procurement"].pk}, A.READ),
    "news": ("get", lambda o: {"pk": o["procurement"].pk}, A.READ),
    "notification_list": ("get", lambda o: {"pk": o["procurement"].pk}, A.READ),
    "search": ("get", lambda o: {"pk": o["procurement"].pk}, A.READ),
    "standards": ("get", lambda o: {"pk": o["procurement"].pk}, A.READ),
    "evaluation_model": ("get", lambda o: {"pk": o["procurement"].pk}, A.READ),
    "comment_create": ("post", lambda o: {"pk": o["requirement"].pk}, A.COMMENT),
    "comment_reply": ("post", lambda o: {"pk": o["comment"].pk}, A.COMMENT),
    "comment_resolve": ("post", lambda o: {"pk": o["comment"].pk}, A.COORDINATE),
    "comment_reopen": ("post", lambda o: {"pk": o["comment"].pk}, A.COORDINATE),
    "suggestion_decline": ("post", lambda o: {"pk": o["comment"].pk}, A.DRAFT),
    "vote": ("post", lambda o: {"pk": o["requirement"].pk}, A.VOTE),
    "decide": ("post", lambda o: {"pk": o["requirement"].pk}, A.COORDINATE),
    "finding_dismiss": ("post", lambda o: {"pk": o["requirement"].pk}, A.DRAFT),
    "review_rule": ("get", lambda o: {"code": "VAGUE"}, A.READ, {"outsider": 200}),  # the rules are the same for all
    "proposal_adopt": ("post", lambda o: {"pk": o["proposal"].pk}, A.DRAFT),
    "proposal_decline": ("post", lambda o: {"pk": o["proposal"].pk}, A.DRAFT),
    "edition_list": ("get", lambda o: {"pk": o["procurement"].pk}, A.READ),
    "document": ("get", lambda o: {"pk": o["procurement"].pk}, A.READ),
    "section_edit": ("get", lambda o: {"pk": o["procurement"].pk, "kind": "scope"}, A.DRAFT),
    "definition_create": ("get", lambda o: {"pk": o["procurement"].pk}, A.DRAFT),
    "definition_edit": ("get", lambda o: {"pk": o["procurement"].pk, "definition_pk": o["definition"].pk}, A.DRAFT),
    "definition_delete": (
        "post", lambda o: {"pk": o["procurement"].pk, "definition_pk": o["definition"].pk}, A.DRAFT,
    ),
    "procurement_terms": ("get", lambda o: {"pk": o["procurement"].pk}, A.READ),
    "price_model": ("get", lambda o: {"pk": o["procurement"].pk}, A.READ),
    "price_component_edit": ("get", lambda o: {"pk": o["procurement"].pk, "component_pk": o["component"].pk},
                             A.COORDINATE),
    "price_component_delete": ("post", lambda o: {"pk": o["procurement"].pk, "component_pk": o["component"].pk},
                               A.COORDINATE),
    "declaration_list": ("get", lambda o: {"pk": o["procurement"].pk}, A.COMMENT),  # everyone declares their own
    "authority_create": ("get", lambda o: {"pk": o["procurement"].pk}, A.COORDINATE),
    "authority_edit": ("get", lambda o: {"pk": o["procurement"].pk, "authority_pk": o["authority"].pk}, A.COORDINATE),
    "authority_delete": ("post", lambda o: {"pk": o["procurement"].pk, "authority_pk": o["authority"].pk},
                         A.COORDINATE),
    "question_list": ("get", lambda o: {"pk": o["procurement"].pk}, A.READ),
    "question_create": ("get", lambda o: {"pk": o["procurement"].pk}, A.COORDINATE),
    "batch_publish": ("post", lambda o: {"pk": o["procurement"].pk}, A.COORDINATE),
    "deadline_calendar": ("get", lambda o: {"pk": o["procurement"].pk}, A.READ),
    "deadline_extend": ("get", lambda o: {"pk": o["procurement"].pk}, A.COORDINATE),
    "question": ("get", lambda o: {"pk": o["question"].pk}, A.READ),
    # A refused answer (stale version) shows the page again: 200 for those who may write.
    "question_answer": ("post", lambda o: {"pk": o["question"].pk}, A.DRAFT, {"allowed": 200}),
    "question_approve": ("post", lambda o: {"pk": o["question"].pk}, A.APPROVE_ANSWER, {"allowed": 200}),
    "question_confirm": ("post", lambda o: {"pk": o["question"].pk}, A.APPROVE_ANSWER),
    "question_revise": ("post", lambda o: {"pk": o["question"].pk}, A.COORDINATE),
    "batch_document": ("get", lambda o: {"pk": o["batch"].pk, "file_format": "html"}, A.READ),
    # The matrix's edition corrects nothing: 404 for members too (test_corrections shows a correction's notice).
    "edition_eforms": ("get", lambda o: {"pk": o["edition"].pk}, A.READ, NOT_FOUND),
    # The matrix's publication edition is sealed (a manifest) and signed once, by the coordinator.
    "edition_sign": ("get", lambda o: {"pk": o["publication"].pk}, A.SIGN),
    "signature_revoke": ("post", lambda o: {"pk": o["signature"].pk}, A.COORDINATE),
    # Its documents are not stored, so the bundle is the remiss edition's: none (test_sealed_editions has one).
    "edition_bundle": ("get", lambda o: {"pk": o["edition"].pk}, A.READ, NOT_FOUND),
    "tender_list": ("get", lambda o: {"pk": o["procurement"].pk}, A.SEE_TENDERS),
    "tender_evaluators": ("get", lambda o: {"pk": o["procurement"].pk}, A.COORDINATE),
    "tender_opening": ("get", lambda o: {"pk": o["procurement"].pk}, A.SEE_TENDERS),
    "evaluation_run": ("post", lambda o: {"pk": o["procurement"].pk}, A.EVALUATE),
    "evaluation_record": ("get", lambda o: {"pk": o["procurement"].pk, "file_format": "html"}, A.SEE_TENDERS, NOT_FOUND),
    "award_decide": ("get", lambda o: {"pk": o["procurement"].pk}, A.SEE_TENDERS, NOT_FOUND),
    "award_sent": ("post", lambda o: {"pk": o["procurement"].pk}, A.SEE_TENDERS, NOT_FOUND),
    "award_document": ("get", lambda o: {"pk": o["procurement"].pk, "file_format": "html"}, A.SEE_TENDERS, NOT_FOUND),
    "report_freeze": ("get", lambda o: {"pk": o["procurement"].pk}, A.SEE_TENDERS, NOT_FOUND),
    "report_document": ("get", lambda o: {"pk": o["procurement"].pk, "file_format": "html"}, A.SEE_TENDERS, NOT_FOUND),
    "tender": ("get", lambda o: {"pk": o["tender"].pk}, A.SEE_TENDERS),
    "tender_file": ("get", lambda o: {"pk": o["tender"].pk}, A.SEE_TENDERS, NOT_FOUND),  # not imported yet
    "tender_import": ("post", lambda o: {"pk": o["tender"].pk}, A.EVALUATE),
    # The upload is the member's: nobody else confirms it.
    "tender_import_confirm": ("post", lambda o: {"pk": o["tender"].pk, "upload_pk": o["upload"].pk}, A.SEE_TENDERS, NOT_FOUND),
    "tender_examine": ("post", lambda o: {"pk": o["tender"].pk}, A.EVALUATE),
    "clarification_create": ("post", lambda o: {"pk": o["tender"].pk}, A.EVALUATE),
    "clarification_answer": ("post", lambda o: {"pk": o["clarification"].pk}, A.EVALUATE),
    "demonstration_save": ("post", lambda o: {"pk": o["tender"].pk}, A.EVALUATE),
    "demonstration_sign": ("post", lambda o: {"pk": o["demonstration"].pk}, A.EVALUATE),
    "edition_freeze": ("get", lambda o: {"pk": o["procurement"].pk}, A.COORDINATE),
    "edition_pdf": ("get", lambda o: {"pk": o["edition"].pk}, A.READ),
    "edition_response_form": ("get", lambda o: {"pk": o["edition"].pk}, A.READ),
    "edition_html": ("get", lambda o: {"pk": o["edition"].pk}, A.READ),
    "edition_record": ("get", lambda o: {"pk": o["edition"].pk}, A.READ),
    "preview_pdf": ("get", lambda o: {"pk": o["procurement"].pk}, A.READ),
    "requirement_export": ("get", lambda o: {"pk": o["procurement"].pk, "file_format": "xlsx"}, A.READ),
    "requirement_import": ("get", lambda o: {"pk": o["procurement"].pk}, A.DRAFT),
    "insight_export": ("get", lambda o: {"pk": o["procurement"].pk, "file_format": "csv"}, A.READ),
    # An upload belongs to the member who made it: the coordinator cannot confirm it either.
    "requirement_import_confirm": (
        "post", lambda o: {"pk": o["procurement"].pk, "upload_pk": o["upload"].pk}, A.DRAFT, {"coordinator": 404},
    ),
}


def workbench_url_names():
    from requirements_app import urls

    return {pattern.name for pattern in urls.urlpatterns}


def test_every_workbench_url_is_in_the_matrix():
    assert workbench_url_names() == set(MATRIX)


def test_every_url_outside_the_admin_and_login_requires_login():
    public = {"health", "login", "logout", "set_language", "password_reset", "password_reset_done",
              "password_reset_confirm", "password_reset_complete"}
    names = {p.name for p in get_resolver().url_patterns if getattr(p, "name", None)}
    assert not (names - public - workbench_url_names())


@pytest.fixture
def objects(procurement, requirement, member, coordinator, expert, insight, make_requirement, approve):
    content = {f: getattr(requirement, f) for f in Requirement.CONTENT_FIELDS}
    drafting.save_requirement(member, requirement, 1, {**content, "title": "Två"}, [insight], "Ändrat")
    drafting.change_status(member, requirement, Requirement.Status.REVIEW, "")
    publication = Edition.objects.create(procurement=procurement, label="Utgåva 1.0", kind="publication",
                                         edition_date=datetime.date(2026, 11, 2), frozen_by=coordinator.user,
                                         manifest={"root_digest": "0" * 64, "content_digest": "1" * 64})
    question = Question.objects.create(procurement=procurement, number=1, received_at=publication.frozen_at,
                                       asker="Leverantör AB", text="Fråga?")
    batch = AnswerBatch.objects.create(procurement=procurement, number=1, published_at=publication.frozen_at,
                                       published_by=coordinator.user, pdf=b"%PDF", html=b"<!doctype html>")
    coordinator.evaluator = True
    coordinator.save(update_fields=["evaluator"])
    opening = TenderOpening.objects.create(procurement=procurement, edition=publication, opened_at=publication.frozen_at,
                                           opened_by=coordinator.user, witness=member.user, digest="0" * 64,
                                           recorded_by=coordinator.user)
    tender = Tender.objects.create(procurement=procurement, opening=opening, tenderer="Alfa Webb AB",
                                   received_at=publication.frozen_at)
    return {
        "procurement": procurement,
        "tender": tender,
        "clarification": Clarification.objects.create(tender=tender, request="Bifoga intyget.",
                                                      requested_at=publication.frozen_at, recorded_by=coordinator.user),
        "demonstration": Demonstration.objects.create(tender=tender, number="X-01", held_on=datetime.date(2026, 12, 1),
                                                      shown="Visat", level=50, outcome="Godkänt",
                                                      recorded_by=coordinator.user),
        "question": question,
        "publication": publication,
        "signature": EditionSignature.objects.create(edition=publication, signer=coordinator.user, signer_name="Karin",
                                                     role="samordnare", meaning="adopted", root_digest="0" * 64),
        "batch": batch,
        "requirement": requirement,
        "insight": insight,
        "first_version": requirement_versions(requirement).last(),
        "comment": comments.add_comment(coordinator, requirement, "Tydligare?", "Webbplatsen ska vara tydlig."),
        "proposal": make_requirement(by=expert, title="Expertens förslag"),
        "upload": ImportUpload.objects.create(
            procurement=procurement, uploaded_by=member.user, filename="krav.csv",
            content=export_requirements(member, Requirement.objects.for_procurement(procurement), "csv"),
        ),
        "component": PriceComponent.objects.create(procurement=procurement, kind="fixed", label="Utveckling"),
        "authority": ContractingAuthority.objects.create(procurement=procurement, legal_name="Exempelstads kommun"),
        "definition": Definition.objects.create(
            procurement=procurement, term="Leverantören", meaning="Den som tilldelas kontraktet.", role="supplier"),
        "edition": freeze_edition(coordinator, "Utgåva 0.9", datetime.date(2026, 11, 1)) if approve(make_requirement()) else None,
    }


@pytest.fixture
def as_role(client, request):
    def login(role):
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role).user)
        return client

    return login


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_permission_matrix(name, role, objects, as_role, outsider, expert, member, coordinator):
    method, kwargs, action, *exceptions = MATRIX[name]
    membership = {"expert": expert, "member": member, "coordinator": coordinator}.get(role)
    if membership is not None:
        membership.refresh_from_db()  # the objects made the coordinator an evaluator
    expected = expected_status(method, action, membership, exceptions[0] if exceptions else {}, role)
    client = as_role(role)
    url = reverse(name, kwargs=kwargs(objects))
    data = None
    if method == "post":
        data = {"version": objects["requirement"].version_no, "body": "Bra", "choice": "yes",
                "label": "Utgåva 1.0", "edition_date": "2026-11-29"}
    response = getattr(client, method)(url, data)
    assert response.status_code == expected, f"{role} {method.upper()} {url}"
    if role == "anonymous":
        assert response.url.startswith(reverse("login"))


def test_admin_is_for_coordinators_only(client, coordinator, member):
    coordinator.user.is_staff = True
    coordinator.user.save()
    client.force_login(member.user)
    assert client.get("/admin/").status_code == 302
    client.force_login(coordinator.user)
    assert client.get("/admin/").status_code == 200


def test_admin_shows_a_coordinator_only_their_procurements_requirements(client, coordinator, requirement, outsider):
    from requirements_app.demo import coordinator_group

    for membership in (coordinator, outsider):
        membership.user.is_staff = True
        membership.user.save()
        membership.user.groups.add(coordinator_group())
    client.force_login(outsider.user)
    response = client.get("/admin/requirements_app/requirement/")
    assert response.status_code == 200
    assert requirement.title not in response.content.decode()
    client.force_login(coordinator.user)
    assert requirement.title in client.get("/admin/requirements_app/requirement/").content.decode()
    history = client.get(f"/admin/requirements_app/requirement/{requirement.pk}/history/")
    assert history.status_code == 200
    assert "Första utkast" in history.content.decode()
