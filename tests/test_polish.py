"""Small things a reader notices."""

import pytest
from django.urls import reverse

from requirements_app.drafting import requirements as drafting
from requirements_app.models import Insight

from .conftest import login


def test_the_history_marks_a_status_change_instead_of_repeating_the_version(client, member, requirement):
    drafting.change_status(member, requirement, "review", "På granskning")
    login(client, member)
    response = client.get(reverse("requirement_history", args=[requirement.pk]))
    rows = response.context["versions"]
    assert [row.get("status_change", False) for row in rows] == [True, False]
    html = response.content.decode()
    assert "statusändring" in html and '<td class="actions">' not in html


def test_the_decision_log_header_and_the_kind_column_start_with_a_capital(client, member, make_requirement, approve):
    approve(make_requirement(kind="evaluated", weight=5))
    login(client, member)
    assert '<th scope="col">Beslut</th>' in client.get(reverse("decision_log", args=[member.procurement_id])).content.decode()
    assert '<td data-label="Typ">Bör-krav</td>' in client.get(reverse("requirement_list", args=[member.procurement_id])).content.decode()


def test_a_quoted_insight_is_not_quoted_twice(client, member, make_requirement, workshop):
    quoted = Insight.objects.create(workshop=workshop, key="FRAM-01", kind="success_factor", section="Framgångsfaktorer",
                                    text="”Mer bibliotek”", order=1)
    requirement = make_requirement(insights=[quoted])
    login(client, member)
    html = client.get(requirement.get_absolute_url()).content.decode()
    assert "”Mer bibliotek”" in html and "<q>" not in html


@pytest.mark.parametrize("language", ["sv", "en"])
def test_dates_are_iso_in_both_languages(language):
    import datetime

    from django.utils import formats, translation

    with translation.override(language):
        moment = datetime.datetime(2026, 12, 1, 17, 52)
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "2026-12-01 17:52"
        assert formats.date_format(moment.date(), "SHORT_DATE_FORMAT") == "2026-12-01"


def test_the_requirement_page_shows_every_field_that_goes_to_suppliers(client, member, make_requirement):
    requirement = make_requirement(
        title="Kontrast", kind="contract_condition", statement="Leverantören ska åtgärda kontrastbrister före driftstart.",
        verifikat="En granskningsrapport före driftstart.", follow_up="Granskning vid leverans, vite vid brist.",
        references="WCAG 2.1 1.4.3\nEN 301 549 9.1.4.3\nBarnkonventionen art. 12\nOffentlighets- och sekretesslagen")
    login(client, member)
    page = client.get(requirement.get_absolute_url()).content.decode()
    for text in ("En granskningsrapport före driftstart.", "Granskning vid leverans, vite vid brist.",
                 "Accepteras genom att lämna anbud", "Offentlighets- och sekretesslagen"):
        assert text in page, text
    standards = reverse("standards", args=[member.procurement_id])
    assert f'<a href="{standards}#wcag21-1.4.3" lang="en">Contrast (Minimum)</a>' in page
    assert f'<a href="{standards}#wcag21-1.4.3" lang="en">Contrast (Minimum)</a>' in page.split("EN 301 549 9.1.4.3")[1]
    assert f'href="{standards}#crc-12"' in page and "(Sammanfattning, inte lagtext.)" in page
    assert 'id="wcag21-1.4.3"' in client.get(standards).content.decode()  # the link lands on its row
