"""The workshop fixture holds every point of the notes, as written, and the demo
requirements make a living workbench."""

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command

from requirements_app.models import Area, Insight, Requirement

ROOT = Path(__file__).resolve().parent.parent
NOTES = (ROOT / "fixtures" / "sources" / "gotabiblioteken-workshop-2016-04-15.txt").read_text(encoding="utf-8")


def words(text):
    return set(re.findall(r"\w+", text.lower()))


def bullets_after(heading, until):
    """The "- " lines of the notes between a heading and the next one."""
    section = NOTES.split(heading, 1)[1].split(until, 1)[0]
    return [line for line in section.splitlines() if line.startswith("- ") and line[2:].strip()]


@pytest.fixture
def workshop_loaded(db):
    call_command("loaddata", ROOT / "fixtures" / "gotabiblioteken.json", verbosity=0)


def count(kind):
    return Insight.objects.filter(kind=kind).count()


def test_every_insight_uses_only_words_from_the_notes(workshop_loaded):
    notes_words = words(NOTES)
    labels = words("Till vem Vad budskap Av vem När Hur Uppföljning")  # the table's column heads
    for insight in Insight.objects.all():
        invented = words(insight.text) - notes_words - labels
        assert not invented, f"{insight.key}: {invented}"


def test_nothing_is_left_out(workshop_loaded):
    assert count("success_factor") == len(bullets_after("Framgångsfaktorer", "Deltagare om - Vad")) == 11
    assert count("need") == len(bullets_after("Behov som framkom", "Sammanfattning")) == 3
    table_rows = [line for line in NOTES.splitlines() if line.count("\t") >= 4][1:]  # minus the header row
    assert count("communication_goal") == len(table_rows) == 7
    expectations = NOTES.split("Förväntningar - ", 1)[1].splitlines()[0].split(", ")
    assert count("expectation") == len(expectations) == 10
    contributions = NOTES.split("Mitt bidrag - ", 1)[1].splitlines()[0].split(", ")
    assert count("contribution") == len(contributions) == 9
    assert count("opportunity") == 3 and count("obstacle") == 3
    assert count("quote") == 2
    assert count("headline") == 5
    assert count("decision") == 6
    assert Insight.objects.count() == 73


def test_the_insights_the_requirements_answer_are_there(workshop_loaded):
    texts = list(Insight.objects.values_list("text", flat=True))
    for phrase in [
        "Ladda upp. Ladda ner. T ex egenutgivna böcker.",
        "Tjänstutveckling t ex mer personifierat.",
        "Vinner pris för tillgänglighet och barnperspektiv",
        "Göta, 92, säger – Jag lånar e-böcker lätt som en plätt!",
        "Götabiblioteken ska ha en ny Götawebb",
        "först bilda arbetsgrupp (4-5 personer)",
    ]:
        assert any(phrase in text for text in texts), phrase


def test_four_areas_in_order(workshop_loaded):
    assert list(Area.objects.values_list("code", flat=True)) == ["TILL", "BARN", "LADD", "PERS"]


def test_demo_requirements_cover_every_area_and_answer_known_insights(workshop_loaded):
    rows = json.loads((ROOT / "fixtures" / "demo_requirements.json").read_text(encoding="utf-8"))
    keys = set(Insight.objects.values_list("key", flat=True))
    assert min(Counter(row["area"] for row in rows).values()) >= 5
    for row in rows:
        assert row["insights"] and set(row["insights"]) <= keys, row["title"]
        assert (row["kind"] == "evaluated") == (row["weight"] is not None), row["title"]
        assert row["statement"].startswith(("Webbplatsen ska", "Webbplatsen bör", "Leverantören ska", "En inloggad",
                                            "Alla funktioner", "E-böcker", "Användaren ska", "Webbplatsens startsida",
                                            "Publiceringsverktyget ska", "Anbudsgivaren ska", "När användaren",
                                            "Lösningen ska", "Webbplatsens läs- och lånefunktioner"))
        # What can only happen after award is a contract condition, with its follow-up.
        after_award = "före driftstart" in row["statement"] or "under utvecklingen" in row["statement"]
        assert after_award <= (row["kind"] == "contract_condition"), row["title"]
        assert (row["kind"] == "contract_condition") == bool(row.get("follow_up")), row["title"]
        for vague in ("användarvänlig", "snabb", "modern", "etc.", "och/eller"):
            assert vague not in row["statement"], (row["title"], vague)


def test_setup_loads_everything_once_and_changes_nothing_the_second_time(db, settings, capsys):
    settings.DEBUG = True
    call_command("setup_workbench")
    first = capsys.readouterr().out
    assert "gotawebben2016" in first and "samordnare" in first
    snapshot = list(Requirement.objects.order_by("pk").values("pk", "version_no", "status", "seq"))
    assert len(snapshot) >= 20
    assert Requirement.objects.filter(status="review").exists()
    assert Requirement.objects.filter(status="approved").count() == 2  # decided in the demo
    from requirements_app.models import Comment, Decision

    assert Decision.objects.count() == 2 and Comment.objects.filter(suggestion="open").count() == 1
    from requirements_app.drafting.sections import document_findings
    from requirements_app.models import Definition, DocumentSection

    assert DocumentSection.objects.count() == 4 and Definition.objects.filter(role__in=["supplier", "authority"]).count() == 2
    procurement = DocumentSection.objects.first().procurement
    findings = document_findings(procurement, Requirement.objects.for_procurement(procurement).live())
    assert findings == []  # the terms match the definitions; no area introduction binds
    call_command("setup_workbench")
    assert list(Requirement.objects.order_by("pk").values("pk", "version_no", "status", "seq")) == snapshot
    assert DocumentSection.objects.filter(version_no=1).count() == 4
    assert Area.objects.get(code="TILL").last_seq == Requirement.objects.filter(area__code="TILL").count()


def test_setup_without_debug_creates_no_demo_users(db, settings):
    from django.contrib.auth.models import User

    settings.DEBUG = False
    call_command("setup_workbench", stdout=open("/dev/null", "w"))
    assert Insight.objects.count() == 73
    assert not User.objects.exists()
    assert not Requirement.objects.exists()
