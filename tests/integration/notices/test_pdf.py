"""The in-person notice as a PDF (issue 11, item 5): the officer records giving it and downloads
it on A4, with the access code printed on it (which then opens the person's own page), its proof,
and the English alongside; every script the notices ship in is drawn in a font that has it."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from pypdf import PdfReader

from safereport.notices import pdf, reading
from safereport.notices.codes import display_code
from safereport.notices.issuing import current
from safereport.notices.models import Delivery
from safereport.policy.vocabulary import RegimeId
from tests.integration.casework import builders as cw

CODE = re.compile(r"[34679ACDEFGHJKMNPQRTUVWXY]{5}-[34679ACDEFGHJKMNPQRTUVWXY]{5}")


def _fonts(document: PdfReader) -> set[str]:
    """The fonts a PDF embeds, without their subset prefix (`ABCDEF+Noto-Sans` is `Noto-Sans`)."""
    return {
        str(font["/BaseFont"]).split("+")[-1]
        for page in document.pages
        for font in page["/Resources"]["/Font"].values()
    }


@pytest.mark.django_db
def test_the_officer_downloads_the_notice_as_a_pdf_whose_code_opens_it(client: Client) -> None:
    w = cw.world(regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL, support="receiving")
    client.force_login(w.officer)
    notice_page = client.get(f"/parties/{w.party.reference}/notice/").content.decode()

    response = client.post(
        f"/parties/{w.party.reference}/notice/given/",
        {"interpreter_language": "es", "printed_as": "pdf"},
    )

    notice = current(w.party)
    assert notice is not None
    reference = notice.series.reference
    assert 'name="printed_as" value="pdf"' in notice_page
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="notice-{reference}-v{notice.version}.pdf"'
    )
    assert response["Cache-Control"] == "no-store"  # it carries the access code
    document = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in document.pages)
    assert document.metadata is not None
    assert document.metadata.title == f"Notice {reference}, version {notice.version}"
    assert reference in text
    assert notice.sha256[:16] in text  # the check code
    assert "In English" in text
    assert reading.written(notice, "en").title in text
    assert reading.written(notice, "es").title in text
    [code] = CODE.findall(text)
    assert Delivery.objects.get().channel == "in_person"
    assert len(cw.events("notices:notice:delivered")) == 1

    client.logout()
    opened = client.post("/notice/", {"reference": reference, "code": code}, follow=True)
    assert opened.status_code == 200
    assert reading.written(notice, "es").title in opened.content.decode()


@pytest.mark.django_db
def test_a_refused_giving_sends_no_pdf_and_says_why(client: Client) -> None:
    w = cw.world(regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL, support="receiving")
    client.force_login(w.officer)

    response = client.post(
        f"/parties/{w.party.reference}/notice/given/",
        {"interpreter_language": "", "printed_as": "pdf"},
    )

    assert response["Content-Type"].startswith("text/html")
    assert "Enter the language the interpreter read the notice in" in response.content.decode()
    assert not Delivery.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("preferred", "language", "font"),
    [
        ("ar", "ar", "Noto-Naskh-Arabic"),
        ("fa", "fa", "Noto-Naskh-Arabic"),
        ("ur", "ur", "Noto-Nastaliq-Urdu"),
        ("bn", "bn", "Noto-Sans-Bengali"),
        ("zh", "zh-hans", "Noto-Sans-CJK-SC"),
        ("vi", "vi", "Noto-Sans"),
    ],
)
def test_every_script_is_drawn_in_a_font_that_has_it(
    preferred: str, language: str, font: str
) -> None:
    w = cw.world(
        regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL,
        support="receiving",
        details=cw.person(preferred_language=preferred),
    )
    notice = current(w.party)
    assert notice is not None
    assert notice.language == language
    written = reading.written(notice, language)

    document = PdfReader(
        io.BytesIO(
            pdf.printed(
                {
                    "notice": notice,
                    "written": written,
                    "english": reading.written(notice, "en"),
                    "proof": notice.sha256[:16],
                    "code": display_code("3467934679"),
                    "read_at": "http://testserver/notice/",
                }
            )
        )
    )

    assert font in _fonts(document)
    if language not in {"bn", "ur"}:
        # Text taken back out of a PDF keeps these scripts' letters in order; Bengali and
        # Nastaliq are shaped into ligatures that do not always map back one to one. A zero
        # width non-joiner (in Farsi) shapes the letters beside it and is no letter itself.
        assert written.title.replace("\u200c", "") in document.pages[0].extract_text()
