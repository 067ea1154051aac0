"""Production settings, security headers, and hostile text in every output."""

import datetime
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from requirements_app.deliberation import comments
from requirements_app.documents.editions import edition_data, freeze_edition
from requirements_app.documents.response_form import render_response_form
from requirements_app.documents.tender_pdf import render_tender_pdf
from requirements_app.importing.spreadsheets import export_requirements

from .conftest import login

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x7Lq-2vT9pR4mZ8wK1cY6nB3hJ0fD5sA-gE7uI2oP9lQ4rW8tY3",
    "DJANGO_ALLOWED_HOSTS": "krav.example.se",
}


def manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True)


def test_deploy_check_reports_nothing_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", DJANGO_DEBUG="0")
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr


def test_production_settings_secure_cookies_hsts_and_framing():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SECURE_HSTS_SECONDS,"
        " s.X_FRAME_OPTIONS, s.SECURE_SSL_REDIRECT)"
    )
    result = manage("shell", "-c", code, **PRODUCTION)
    assert result.stdout.strip().splitlines()[-1].split() == ["True", "True", "True", "31536000", "DENY", "True"]


def test_every_page_has_a_strict_content_security_policy(client, member):
    login(client, member)
    response = client.get(reverse("procurement", args=[member.procurement_id]))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_templates_have_no_inline_scripts_or_styles():
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        inline_script = re.search(r"<script(?![^>]*\bsrc=)", text)  # a script file is fine; CSP allows 'self'
        assert not inline_script and " style=" not in text and " on" + "click=" not in text, template


HOSTILE = {
    "title": '<script>alert("t")</script> <b>fet',
    "statement": "=HYPERLINK(\"http://evil\") x<y & </para><font color=red>röd</font> ≥ ”citat”",
    "rationale": "@SUM(A1) <img src=x onerror=alert(1)>",
    "references": "+46 8 123\n-1+1",
}


def test_hostile_text_is_harmless_in_html_pdf_and_spreadsheets(client, coordinator, expert, make_requirement, approve):
    requirement = approve(make_requirement(**HOSTILE))
    comments.add_comment(expert, requirement, "<script>alert('c')</script>", "<iframe src=//evil>")
    login(client, coordinator)
    html = client.get(requirement.get_absolute_url()).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html and "<iframe" not in html
    assert "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;" in html

    edition = freeze_edition(coordinator, "Utgåva 1.0", datetime.date(2026, 11, 29))
    pdf = render_tender_pdf(edition_data(edition))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert HOSTILE["title"] in text and "</para><font color=red>röd</font> ≥ ”citat”" in text

    sheet = load_workbook(io.BytesIO(render_response_form(edition_data(edition))))["Ska-krav"]
    assert sheet["D4"].data_type == "s" and sheet["D4"].quotePrefix  # the requirement text
    listing = load_workbook(io.BytesIO(export_requirements(
        coordinator, requirement.__class__.objects.filter(pk=requirement.pk).for_list(), "xlsx"))).active
    cells = [c.value for c in listing[2]]
    assert "'=HYPERLINK(\"http://evil\") x<y & </para><font color=red>röd</font> ≥ ”citat”" in cells
    assert "'@SUM(A1) <img src=x onerror=alert(1)>" in cells and "'+46 8 123\n-1+1" in cells


@pytest.mark.parametrize("field", ["title", "statement", "comment"])
def test_control_characters_and_overlong_text_get_field_errors(client, member, requirement, field):
    login(client, member)
    data = {
        "title": requirement.title, "statement": requirement.statement, "rationale": "", "kind": "mandatory",
        "verification": "confirm", "insights": [i.pk for i in requirement.insights.all()], "references": "",
        "comment": "ok", "version": 1,
    }
    data[field] = "Bell\x07 and escape\x1b"
    response = client.post(reverse("requirement_edit", args=[requirement.pk]), data)
    assert response.status_code == 200
    assert "osynligt eller ogiltigt tecken" in str(response.context["form"].errors[field])
    data[field] = "x" * 6000
    response = client.post(reverse("requirement_edit", args=[requirement.pk]), data)
    assert field in response.context["form"].errors
    requirement.refresh_from_db()
    assert requirement.version_no == 1


def test_control_characters_in_a_comment_are_refused_not_a_500(client, expert, requirement):
    login(client, expert)
    response = client.post(reverse("comment_create", args=[requirement.pk]), {"body": "Hej\x00där\x1b"})
    assert response.status_code == 400
