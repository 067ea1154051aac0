"""The requirement types are in the data model: a ska-krav is checked at
tender time, a särskilt kontraktsvillkor is followed up after award, and only
a bör-krav (tilldelningskriterium) has a weight."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from requirements_app.models import Requirement
from requirements_app.versions import compare, requirement_versions, version_content

from .conftest import edit


def test_the_kinds_checked_at_tender_time():
    assert Requirement.Kind.checked_at_tender() == ["qualification", "mandatory"]


def test_a_contract_condition_says_how_it_is_followed_up(make_requirement):
    with pytest.raises(ValidationError) as error:
        make_requirement(kind="contract_condition")
    assert "follow_up" in error.value.message_dict
    condition = make_requirement(kind="contract_condition", follow_up="Beställaren granskar testrapporten före driftstart.")
    with pytest.raises(IntegrityError), transaction.atomic():
        Requirement.objects.filter(pk=condition.pk).update(follow_up="")


@pytest.mark.parametrize("kind", ["qualification", "mandatory", "contract_condition", "option"])
def test_only_an_evaluated_requirement_has_a_weight(make_requirement, kind):
    with pytest.raises(ValidationError) as error:
        make_requirement(kind=kind, weight=10, follow_up="Uppföljning")
    assert "weight" in error.value.message_dict


def test_verifikat_and_follow_up_are_versioned(member, make_requirement):
    requirement = make_requirement(verifikat="Skärmdump av lånet.")
    edit(member, requirement, verifikat="Demonstration i testmiljö.")
    new, old = (version_content(v) for v in requirement_versions(requirement)[:2])
    diff = compare(old, new)
    assert [t["label"] for t in diff["texts"] if t["changed"]] == ["verifikat"]


def test_a_version_stored_before_the_new_fields_reads_and_restores_them_as_empty(member, requirement):
    import json

    from requirements_app.drafting import requirements as drafting

    version = requirement_versions(requirement).get()
    data = json.loads(version.serialized_data)
    for name in ("verifikat", "follow_up"):
        del data[0]["fields"][name]
    version.serialized_data = json.dumps(data)
    version.save()
    version = requirement_versions(requirement).get()
    assert (version_content(version)["verifikat"], version_content(version)["follow_up"]) == ("", "")
    edit(member, requirement, title="Ny", verifikat="Något")
    restored = drafting.restore_version(member, requirement, version, 2)
    assert (restored.version_no, restored.verifikat) == (3, "")


def test_the_document_says_a_condition_is_accepted_by_tendering_and_a_failed_qualification_is_not_qualified(
        procurement, make_requirement, approve):
    import datetime
    import re

    from requirements_app.documents.editions import preview_data
    from requirements_app.documents.tender_html import render_tender_html

    approve(make_requirement(title="Tester", kind="contract_condition", verifikat="Testplan i anbudet.",
                             follow_up="Testrapport före driftstart."))
    approve(make_requirement(title="Erfarenhet", kind="qualification",
                             statement="Anbudsgivaren ska ha levererat två webbplatser.", verifikat="Referenser."))
    html = re.sub(r"\s+", " ", render_tender_html(preview_data(procurement, datetime.date(2026, 12, 4))).decode())
    assert "Anbudsgivaren accepterar dem genom att lämna anbud, och ett anbud med reservationer mot dem förkastas." in html
    assert "inte skäl att förkasta" not in html and "Prövas inte" not in html
    assert "Verifikat (för kännedom: villkoret accepteras genom anbudet)" in html
    assert "är inte kvalificerad, och anbudet utvärderas inte" in html and "utesluts" not in html
