"""A victim's notice in the browser (issue 11, item 11): the officer gives it in person through an
interpreter and prints it with its access code; the victim, in a browser of her own, opens it at
/notice/ with the reference and code, reads it in Arabic (right to left, mirrored), then in
English; the officer then gives it again as a PDF, which carries a new code. Every page is
scanned with axe-core; a screenshot of the Arabic page is kept."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path

from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader
from pytest_django.live_server_helper import LiveServer

from safereport.accounts.roles import Role
from safereport.policy.vocabulary import RegimeId
from tests.e2e.helpers import another_context, row, sign_in
from tests.integration.casework import builders as cw

CODE = re.compile(r"^[34679ACDEFGHJKMNPQRTUVWXY]{5}-[34679ACDEFGHJKMNPQRTUVWXY]{5}$")


def test_a_notice_given_in_person_is_read_again_in_arabic_then_english(
    page: Page, browser: Browser, live_server: LiveServer, tmp_path: Path
) -> None:
    officer = sign_in(page, live_server, Role.POLICE_OFFICER)
    cw.regime(officer.organisation, RegimeId.MIGRANT_VICTIMS_PROTOCOL)
    party = cw.report(
        officer, support="receiving", details=replace(cw.person(), preferred_language="ar")
    )

    page.goto(f"{live_server.url}/cases/{party.case.reference}/")
    page.get_by_role("link", name=re.compile(r"^Give the notice")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The person's notice")
    page.get_by_label("Which language did the interpreter read it in?").fill("ar")
    page.get_by_role("button", name="Record that you gave it, and print it").click()

    expect(page.get_by_role("heading", name="Notice given")).to_be_visible()
    reference = row(page, "Notice reference").first.inner_text().strip()
    code = row(page, "Access code").inner_text().strip()
    assert CODE.fullmatch(code), code
    expect(page.locator('article[lang="ar"][dir="rtl"]')).to_be_visible()

    with another_context(browser, live_server, "victim") as victim:
        victim.goto("/notice/")
        expect(victim).to_have_title("Read a notice")
        expect(victim.locator(".govuk-exit-this-page")).to_be_visible()
        victim.get_by_label("Notice reference").fill(reference)
        victim.get_by_label("Access code").fill(code.lower())
        victim.get_by_role("button", name="Read the notice").click()

        arabic = victim.locator('article[lang="ar"][dir="rtl"]').first
        expect(arabic).to_be_visible()
        heading = arabic.locator("h2").first
        # Mirrored: a right-to-left heading's text starts at the right of its box.
        assert heading.evaluate("h => getComputedStyle(h).direction") == "rtl"
        bullets = arabic.locator(".govuk-list--bullet").first
        assert bullets.evaluate("l => getComputedStyle(l).paddingRight") == "20px"
        shots = os.environ.get("SAFEREPORT_E2E_SCREENSHOTS")
        victim.screenshot(path=str(Path(shots or tmp_path) / "notice-arabic.png"), full_page=True)

        victim.get_by_role("link", name="English", exact=True).click()
        expect(victim.locator('article[lang="en"][dir="ltr"]').first).to_contain_text(
            "What happens to your information"
        )
        expect(victim.locator('article[dir="rtl"]')).to_have_count(0)

    # The officer gives it again as a PDF: the browser downloads it, with a new code on it.
    page.goto(f"{live_server.url}/parties/{party.reference}/notice/")
    page.get_by_label("Which language did the interpreter read it in?").fill("ar")
    with page.expect_download() as downloading:
        page.get_by_role("button", name="Record that you gave it, and download a PDF").click()
    download = downloading.value
    assert download.suggested_filename == f"notice-{reference}-v1.pdf"
    text = " ".join(p.extract_text() for p in PdfReader(download.path()).pages)
    [new_code] = re.findall(CODE.pattern.strip("^$"), text)
    assert new_code != code
