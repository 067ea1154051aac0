"""Browser tests: Python playwright driving Debian's chromium against live_server.

The browser is never downloaded: CI installs Debian's chromium (.ci/run).
"""

import io
import os
import re
from pathlib import Path

import pytest

# playwright's sync API runs an event loop in this thread; Django must still
# allow the test's own ORM calls (set before the first query).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--disable-sync", "--disable-dev-shm-usage",
]
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run installs Debian's chromium")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """A page in a fresh Swedish context; console errors (e.g. CSP refusals) fail the test."""
    contexts, problems = [], []

    def make():
        context = browser.new_context(locale="sv-SE", base_url=live_server.url, accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        # Script errors and CSP refusals count; a deliberate 4xx response does not.
        page.on("console", lambda m: m.type == "error" and "Failed to load resource" not in m.text and problems.append(m.text))
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.set_default_timeout(10_000)
        return page

    yield make
    for context in contexts:
        context.close()
    assert problems == [], problems


def login(page, username, password="a-long-test-password"):
    page.goto("/konto/login/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.locator("main").get_by_role("button", name="Logga in").click()
    page.wait_for_url(re.compile(r"/upphandling/\d+/$"))


def check_a11y(page):
    """axe-core, WCAG 2.1 A and AA, in the real browser: no violations."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def download(page, trigger):
    """The bytes of the file a click downloads."""
    with page.expect_download() as info:
        trigger()
    return Path(info.value.path()).read_bytes()


def pdf_text(content):
    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())
