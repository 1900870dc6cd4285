"""Plain words for staff (issue 13, item 6), checked over the demo as each role sees it: every page
reachable by following links from a role's home page is read, and no vocabulary word is shown as
the machine spells it (`domestic_abuse`, `duty:refer_to_third_party`, `hmicfrs-interim`), nor a
source document by its file name (`002_5d3773e54a66fdb4.txt`), outside a `<code>` element (where
an exact reference is meant: a regime's version, the file names in a source's details)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import Client
from pytest_django import Settings

from safereport.accounts.models import User
from safereport.policy import vocabulary
from safereport.web.demo import load_demo

PAGES_PER_ROLE = 120  # enough to reach every kind of page from each home page
DEMO_ROLES = ("demo-officer", "demo-dpo", "demo-ie", "demo-support", "demo-inspector", "demo-admin")
NOT_PAGES = re.compile(r"(\.csv|\.ods|\.pdf|/sign-out/|/static/)", re.IGNORECASE)

# Every word of the vocabulary that a person would not write: with an underscore, a hyphen or a
# prefix; and the seeds' file names.
MACHINE_WORDS = sorted(
    {
        str(member.value)
        for enum in vars(vocabulary).values()
        if isinstance(enum, type) and issubclass(enum, vocabulary.StrEnum)
        for member in enum
        if re.search(r"[_:-]", str(member.value))
    }
    | {f"duty:{duty.value}" for duty in vocabulary.Duty},
    key=len,
    reverse=True,
)
SHOWN_AS_SPELT = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(word) for word in MACHINE_WORDS) + r")(?![\w-])"
    r"|\b\d{3}_[0-9a-f]{16}\.txt\b"
)


class Page(HTMLParser):
    """A page's links and its visible text outside <code>, <script> and <style>."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.text: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("code", "script", "style"):
            self._hidden += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("code", "script", "style"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.text.append(data)


@pytest.fixture
def demo(settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFEREPORT_VAR_DIR", str(tmp_path))
    settings.AUDIT_SIGNING_KEY_FILE = tmp_path / "audit-signing.key"
    load_demo()


def crawl(client: Client) -> dict[str, str]:
    """Each page reachable from the home page by links (GET only), with its visible text."""
    seen: dict[str, str] = {}
    queue = ["/"]
    while queue and len(seen) < PAGES_PER_ROLE:
        path = queue.pop(0)
        if path in seen:
            continue
        response = client.get(path)
        if response.status_code in (301, 302):
            queue.append(response["Location"])
            seen[path] = ""
            continue
        assert response.status_code in (200, 403, 404), f"GET {path}: {response.status_code}"
        if "text/html" not in response.get("Content-Type", ""):
            seen[path] = ""
            continue
        page = Page()
        page.feed(response.content.decode())
        seen[path] = " ".join(page.text)
        for href in page.links:
            link, _ = urldefrag(href)
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            if not NOT_PAGES.search(parts.path) and link not in seen:
                queue.append(link)
    return seen


@pytest.mark.django_db
@pytest.mark.parametrize("username", DEMO_ROLES)
def test_no_page_shows_a_machine_word(demo: None, username: str) -> None:
    client = Client()
    client.force_login(User.objects.get(username=username))

    pages = crawl(client)

    assert len(pages) > 3, pages.keys()
    found = {
        path: sorted({match[0] for match in SHOWN_AS_SPELT.finditer(text)})
        for path, text in pages.items()
    }
    bad = {path: words for path, words in found.items() if words}
    assert bad == {}


def test_the_check_finds_a_machine_word() -> None:
    page = Page()
    page.feed(
        "<p>Crime: domestic_abuse; duty:refer_to_third_party, from 002_5d3773e54a66fdb4.txt</p>"
        "<p>Regime <code>hmicfrs-interim</code> (a reference, meant exactly)</p>"
    )
    text = " ".join(page.text)
    assert {m[0] for m in SHOWN_AS_SPELT.finditer(text)} == {
        "domestic_abuse",
        "duty:refer_to_third_party",
        "002_5d3773e54a66fdb4.txt",
    }
