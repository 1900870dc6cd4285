"""The in-person notice as a PDF: the same parts as the print page (`notices/_printed.html`),
laid out on A4 by WeasyPrint, whose Pango shapes every shipped script and sets right-to-left
text as the browser does. Made when the officer records giving the notice, because the access
code printed on it exists only then (it is stored as a hash).

The PDF loads nothing: the template carries its own styles and the fonts are the machine's
(`scripts/install-fonts.sh`), so a notice can never make the service fetch an address.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string


def printed(context: dict[str, Any]) -> bytes:
    """The PDF of `notices/pdf.html` rendered with `context` (as the print page's)."""
    # Imported here, not with the module: loading Pango through cffi takes about half a second,
    # which every process serving the URL configuration would pay at start (each command, each
    # worker), while only giving a notice in person makes a PDF.
    from weasyprint import HTML, URLFetcher  # noqa: PLC0415

    html = render_to_string("notices/pdf.html", context)
    # No protocol is allowed, and a refused fetch stops the rendering instead of leaving a gap.
    nothing = URLFetcher(allowed_protocols=frozenset(), fail_on_errors=True)
    return bytes(HTML(string=html, url_fetcher=nothing).write_pdf())


def file_name(reference: str, version: int) -> str:
    """What the downloaded file is called: the notice's reference and version, nothing personal."""
    return f"notice-{reference}-v{version}.pdf"
