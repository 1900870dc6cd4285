"""Finding a case (issue 13, item 3): opened by its reference typed on the list (another
force's case and an unknown reference get the same answer, no name search), and the list
filtered by stage, crime and "assigned to me", the pages keeping the filters."""

from __future__ import annotations

import pytest
from django.test import Client

from safereport.casework import actions
from safereport.casework.views import cases
from safereport.policy.vocabulary import CrimeType
from tests.integration.casework import builders as cw


@pytest.mark.django_db
def test_a_case_is_opened_by_its_reference_typed_on_the_list(client: Client) -> None:
    force = cw.force()
    officer = cw.officer(force)
    mine = cw.report(officer)
    elsewhere = cw.report(cw.officer(cw.force()))
    client.force_login(officer)

    opened = client.get("/cases/", {"reference": f"  {mine.case.reference.upper()} "})
    other = client.get("/cases/", {"reference": elsewhere.case.reference}).content.decode()
    unknown = client.get("/cases/", {"reference": "case_" + "0" * 32}).content.decode()
    empty = client.get("/cases/", {"reference": ""}).content.decode()

    assert opened.status_code == 302
    assert opened["Location"] == f"/cases/{mine.case.reference}/"
    said = "There is no case with that reference in your force"
    assert said in other
    assert said in unknown
    assert "<title>Error: Cases" in other
    assert "Enter the case reference" in empty


@pytest.mark.django_db
def test_the_list_is_filtered_and_its_pages_keep_the_filters(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    force = cw.force()
    officer, colleague = cw.officer(force), cw.officer(force)
    abuse = cw.report(officer)
    slavery = cw.report(officer, crime_type=CrimeType.MODERN_SLAVERY)
    theirs = cw.report(colleague)
    actions.change_case_stage(actor=officer, case=abuse.case, stage="concluded")
    client.force_login(officer)

    concluded = client.get("/cases/", {"filter": "1", "stage": "concluded"}).content.decode()
    by_crime = client.get(
        "/cases/", {"filter": "1", "crime_type": "modern_slavery"}
    ).content.decode()
    assigned = client.get("/cases/", {"filter": "1", "mine": "yes"}).content.decode()
    nothing = client.get("/cases/", {"filter": "1", "stage": "prosecution"}).content.decode()
    monkeypatch.setattr(cases, "CASES_PER_PAGE", 1)
    paged = client.get("/cases/", {"filter": "1", "mine": "yes"}).content.decode()

    references = {p: p.case.reference for p in (abuse, slavery, theirs)}
    assert references[abuse] in concluded
    assert references[slavery] not in concluded
    assert references[slavery] in by_crime
    assert references[abuse] not in by_crime
    assert references[theirs] not in assigned
    assert {references[abuse], references[slavery]} <= {
        r for r in references.values() if r in assigned
    }
    assert "No case matches." in nothing
    assert "filter=1&amp;mine=yes&amp;page=2" in paged
