"""The inspector's audit page in the browser: the latest signed checkpoint and the public key,
and the inclusion proof form, with an error summary and with a valid index."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from safereport.accounts.roles import Role
from tests.e2e.helpers import page_title, sign_in

ORIGIN = "safereport.test/safereport/audit"  # set for every browser test in conftest.py


def test_the_inspector_sees_the_checkpoint_and_key_and_proves_an_event(
    page: Page, live_server: LiveServer
) -> None:
    sign_in(page, live_server, Role.INSPECTOR)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Audit log").click()

    expect(page).to_have_title(page_title("Audit log"))
    expect(page.locator("#checkpoint-note")).to_contain_text(ORIGIN)
    size = page.locator(".govuk-summary-list__row", has_text="Events in the log").locator("dd")
    expect(size).to_have_text(re.compile(r"^\s*[1-9][0-9]*\s*$"))
    expect(page.locator("#public-key-text")).to_have_text(re.compile(rf"^{re.escape(ORIGIN)}\+"))
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the checkpoint").click()
    assert download.value.suggested_filename.startswith("safereport-audit-checkpoint-")

    index = page.get_by_label("Event index")
    index.fill("abc")
    page.get_by_role("button", name="Show the inclusion proof").click()

    expect(page).to_have_title(page_title("Audit log", error=True))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="Event index must be a whole number, like 41").click()
    expect(index).to_be_focused()
    expect(index).to_have_accessible_description(
        re.compile(r"starting from 0\.\s+Error:\s+Event index must be a whole number, like 41")
    )

    index.fill("0")
    page.get_by_role("button", name="Show the inclusion proof").click()

    expect(page).to_have_title(page_title("Audit log"))
    proof = page.get_by_role("heading", name="Inclusion proof for event 0")
    expect(proof).to_be_focused()
    expect(proof).to_be_in_viewport()
    tree_size = page.locator(".govuk-summary-list__row", has_text="Tree size").locator("dd")
    expect(tree_size).to_have_text(size.inner_text().strip())
