"""Shared fixtures: one procurement with a named user per role, as in
healthchecks' BaseTestCase (alice, bob, charlie)."""

import pytest
from django.contrib.auth.models import User

from requirements_app import derived
from requirements_app.drafting import requirements as drafting
from requirements_app.models import Area, Insight, Membership, Procurement, Requirement, Workshop

PASSWORD = "a-long-test-password"


def pytest_addoption(parser):
    parser.addoption(
        "--clock-ahead-days", type=int, default=0,
        help="Run the whole suite with the clock this many days ahead (no test may depend on today's date).",
    )


def pytest_configure(config):
    days = config.getoption("--clock-ahead-days")
    if days:
        import datetime

        import time_machine

        ahead = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=days)
        time_machine.travel(ahead, tick=True).start()


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing():
    """PBKDF2 costs half a second per user; tests do not need it to be slow."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_user(username, **extra):
    return User.objects.create_user(username=username, password=PASSWORD, first_name=username.title(), **extra)


def _database_fixture(request):
    """The database fixture a test uses: "transactional_db", "db" or None."""
    marker = request.node.get_closest_marker("django_db")
    if (marker and marker.kwargs.get("transaction")) or {"live_server", "transactional_db"} & set(request.fixturenames):
        return "transactional_db"
    if marker or "db" in request.fixturenames:
        return "db"
    return None


@pytest.fixture(autouse=True)
def empty_cache(request):
    """Each test with a database starts with an empty cache (the list page caches
    its table); the cache is a table of that database."""
    database = _database_fixture(request)
    if database:
        from django.core.cache import cache

        request.getfixturevalue(database)
        cache.clear()


@pytest.fixture(autouse=True)
def catalogue_loaded(request):
    """Migration 0013 loads the catalogue of standards; a transactional test
    (run after all others) flushes every table, so those load it again."""
    if _database_fixture(request) == "transactional_db":
        request.getfixturevalue("transactional_db")
        from requirements_app.catalogue import standards as catalogue

        catalogue.load()


@pytest.fixture
def procurement(db):
    return Procurement.objects.create(name="Ny Götawebb", reference="GB 2016/01", organisation="Götabiblioteken")


@pytest.fixture
def workshop(procurement):
    return Workshop.objects.create(procurement=procurement, title="Workshop", held_on="2016-04-15")


def add_insight(workshop, **fields):
    """An insight from the workshop notes, written as the admin writes one (searchable)."""
    insight = Insight.objects.create(workshop=workshop, **fields)
    derived.insights_written([insight])
    return insight


@pytest.fixture
def insight(workshop):
    return add_insight(workshop, key="FRAM-04", kind=Insight.Kind.SUCCESS_FACTOR, section="Framgångsfaktorer",
                       text="Ladda upp. Ladda ner. T ex egenutgivna böcker.", order=10)


@pytest.fixture
def other_insight(workshop):
    return add_insight(workshop, key="CIT-01", kind=Insight.Kind.QUOTE, section="Löpsedlar",
                       text="Göta, 92, säger – Jag lånar e-böcker lätt som en plätt!", order=20)


@pytest.fixture
def area(procurement):
    return Area.objects.create(procurement=procurement, code="LADD", name="Ladda upp/ladda ner", order=30)


def _member(procurement, username, role):
    user = make_user(username)
    return Membership.objects.create(procurement=procurement, user=user, role=role)


@pytest.fixture
def coordinator(procurement):
    return _member(procurement, "karin", Membership.Role.COORDINATOR)


@pytest.fixture
def member(procurement):
    """A working-group member (arbetsgrupp)."""
    return _member(procurement, "anders", Membership.Role.WORKING_GROUP)


@pytest.fixture
def second_member(procurement):
    return _member(procurement, "fatima", Membership.Role.WORKING_GROUP)


@pytest.fixture
def expert(procurement):
    return _member(procurement, "sara", Membership.Role.EXPERT)


@pytest.fixture
def other_procurement(db):
    return Procurement.objects.create(name="Annan upphandling")


@pytest.fixture
def outsider(other_procurement):
    """Coordinator of another procurement: a stranger to ours."""
    return _member(other_procurement, "olle", Membership.Role.COORDINATOR)


@pytest.fixture
def make_requirement(area, member, insight):
    """Create a requirement through the service, as the UI does."""

    def make(title="Låna e-böcker", by=None, insights=None, area=area, **fields):
        data = {
            "title": title,
            "statement": "Webbplatsen ska låta en inloggad användare låna en e-bok i högst tre steg.",
            "rationale": "Göta, 92, ska kunna låna lika lätt som alla andra: det är vad workshopen bad om.",
            "kind": Requirement.Kind.MANDATORY,
            "weight": None,
            "verification": Requirement.Verification.DEMONSTRATE,
            "references": "",
        }
        if fields.get("kind") == Requirement.Kind.EVALUATED and "statement" not in fields:
            data["statement"] = data["statement"].replace(" ska ", " bör ")  # a bör-krav says bör (kravgranskning)
        data.update(fields)
        return drafting.create_requirement(
            by or member, area, data, [insight] if insights is None else insights, "Första utkast"
        )

    return make


@pytest.fixture
def requirement(make_requirement):
    return make_requirement()


def login(client, membership):
    client.force_login(membership.user)
    return client


@pytest.fixture
def third_member(procurement):
    return _member(procurement, "eva", Membership.Role.WORKING_GROUP)


@pytest.fixture
def in_review(requirement, member):
    """The requirement, sent for review (voting open)."""
    return drafting.change_status(member, requirement, Requirement.Status.REVIEW, "På granskning")


def edit(membership, requirement, **changes):
    """Save a new version of `requirement` with `changes`, as the edit form does
    (for an approved requirement, with the editor's confirmation that it goes back to review)."""
    requirement.refresh_from_db()
    content = {f: getattr(requirement, f) for f in Requirement.CONTENT_FIELDS}
    content.update(changes)
    return drafting.save_requirement(
        membership, requirement, requirement.version_no, content, list(requirement.insights.all()), "Ändrat",
        reopen_decided=True,
    )


@pytest.fixture
def approve(coordinator, member, second_member, third_member):
    """Take a requirement through review to an approved decision (3 yes votes)."""
    from requirements_app.deliberation import decisions

    def run(requirement):
        requirement.refresh_from_db()
        if requirement.status == Requirement.Status.DRAFT:
            drafting.change_status(member, requirement, Requirement.Status.REVIEW, "")
        requirement.refresh_from_db()
        for voter in (member, second_member, third_member):
            decisions.cast_vote(voter, requirement, requirement.version_no, "yes")
        decisions.record_decision(coordinator, requirement, requirement.version_no, (3, 0, 0))
        requirement.refresh_from_db()
        return requirement

    return run


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in Swedish: a request in English leaves English active
    in its thread (LocaleMiddleware activates, nothing deactivates)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


# Made-up parties for tests: names that no authority has, and numbers chosen
# only for their check digit.
TEST_PARTIES = [("Exempelstads kommun", "212000-0001"), ("Provby kommun", "212000-0019")]


def complete_terms(coordinator, parties=TEST_PARTIES, **changes):
    """Give the procurement everything the publication check asks of its terms."""
    import datetime

    from django.utils import timezone

    from requirements_app import terms
    from requirements_app.models import ContractingAuthority

    procurement = coordinator.procurement
    from requirements_app.models import PriceComponent

    for order, (kind, label, quantity, unit) in enumerate([("fixed", "Utveckling och införande", 1, ""),
                                                          ("monthly", "Drift och förvaltning", 48, "månader")]):
        terms.save_price_component(coordinator, PriceComponent(procurement=procurement, kind=kind, label=label,
                                                               quantity=quantity, unit=unit, order=order))
    for order, (name, number) in enumerate(parties):
        terms.save_authority(coordinator, ContractingAuthority(procurement=procurement, legal_name=name,
                                                               organisation_number=number, order=order,
                                                               contact_name="Kim Kontakt",
                                                               contact_email="kim@example.org"))
    fields = {
        "joint_model": Procurement.JointModel.EACH_PARTY, "joint_basis": "", "procedure": Procurement.Procedure.OPEN,
        "estimated_value": 6_000_000, "value_includes": "Utveckling, fyra års drift och optionerna.",
        "procurement_threshold": 2_000_000, "procurement_threshold_source": "Testkällan för tröskelvärden",
        "procurement_threshold_date": datetime.date(2026, 1, 1),
        "questions_deadline": datetime.date(2027, 3, 25),
        "tender_deadline": timezone.make_aware(datetime.datetime(2027, 4, 8, 23, 59)),
        "tender_valid_until": datetime.date(2027, 9, 30), "tender_language": "sv", "esystem": "Testsystemet",
        "accelerated": False, "market_analysis": "Fem leverantörer av bibliotekswebbar svarade på vår RFI.",
        **changes,
    }
    procurement.refresh_from_db()
    saved = terms.save_terms(coordinator, fields, procurement.terms_version)
    procurement.refresh_from_db()  # the membership's procurement, as later requests would read it
    return saved


# Who decides a publication in the tests (made up).
ADOPTED = {"name": "Kim Beslutsfattare", "position": "kultur- och fritidschef",
           "delegation": "Delegationsordning för kulturnämnden, punkt 4.2"}
