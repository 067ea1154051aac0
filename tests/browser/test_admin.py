"""The coordinator's admin works under the workbench's Content Security Policy."""

import pytest

from requirements_app.demo import coordinator_group

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_uses_the_admin_without_csp_errors(new_page, coordinator, requirement):
    coordinator.user.is_staff = True
    coordinator.user.save()
    coordinator.user.groups.add(coordinator_group())
    page = new_page()  # console errors, CSP refusals included, fail the test
    login(page, "karin")
    for path in (
        "/admin/",
        f"/admin/requirements_app/procurement/{coordinator.procurement_id}/change/",
        "/admin/requirements_app/requirement/",
        f"/admin/requirements_app/requirement/{requirement.pk}/history/",
    ):
        response = page.goto(path)
        assert response.status == 200, path
    assert "Första utkast" in page.locator("#content").inner_text()
