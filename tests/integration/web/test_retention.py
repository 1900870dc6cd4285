"""`safereport retention` (issue 14, item 8): the dry run lists, by reference, what is past its
period and erases nothing; `--apply` erases exactly that, one audit event per record; a person
on a case still held keeps their details; the periods come from the settings."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone
from pytest_django import Settings

from safereport.casework.models import Case, Party
from safereport.enforcement.models import Disclosure
from safereport.pathways import actions as pathways_actions
from safereport.pathways.errors import PathwaysError
from safereport.pathways.models import ThirdPartyReport
from safereport.web import retention
from tests.integration.casework import builders as cw
from tests.integration.casework import erasure_builders as eb
from tests.integration.pathways import builders as pw


def run(*args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("retention", *args, "--json", stdout=out)
    result: dict[str, Any] = json.loads(out.getvalue())
    return result


class _Later:
    """`django.utils.timezone` as `web.retention` reads it, `days` in the future."""

    def __init__(self, days: int) -> None:
        self.days = days

    def localdate(self) -> date:
        return timezone.localdate() + timedelta(days=self.days)

    def __getattr__(self, name: str) -> Any:
        return getattr(timezone, name)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Move the retention's clock forward by a number of days."""

    def move(days: int) -> None:
        monkeypatch.setattr(retention, "timezone", _Later(days))

    return move


@pytest.mark.django_db
def test_the_dry_run_lists_what_is_past_its_period_and_erases_nothing() -> None:
    old, recent = eb.held(), eb.held()
    eb.concluded_years_ago(old.party.case, 7)
    eb.concluded_years_ago(recent.party.case, 5)

    result = run("--dry-run")

    assert result["mode"] == "dry_run"
    assert result["references"]["case"] == [old.party.case.reference]
    assert result["references"]["person"] == [old.party.person.reference]  # type: ignore[union-attr]
    assert result["counts"]["case"] == 1
    assert eb.person_of(old.party).erased_at is None
    assert cw.events("casework:case:erased") == []
    assert "Quispe" not in json.dumps(result)


@pytest.mark.django_db
def test_apply_erases_only_what_is_past_its_period_one_event_per_record() -> None:
    old, recent = eb.held(), eb.held()
    eb.concluded_years_ago(old.party.case, 7)
    eb.concluded_years_ago(recent.party.case, 5)
    open_case = cw.report(old.world.officer)  # never concluded: kept whatever its age

    result = run("--apply")

    assert result["references"]["case"] == [old.party.case.reference]
    assert Case.objects.get(pk=old.party.case_id).summary == ""
    assert eb.person_of(old.party).family_name == ""
    assert Party.objects.get(pk=old.party.pk).erased_at is not None
    assert eb.person_of(recent.party).family_name == "Quispe Mamani"
    assert Case.objects.get(pk=open_case.case_id).erased_at is None
    [case_event] = cw.events("casework:case:erased")
    assert case_event["subjects"][0] == old.party.case.reference
    assert case_event["details"]["basis"] == "retention"
    assert case_event["actor"]["id"] == "system:retention"
    [person_event] = cw.events("casework:person:erased")
    assert person_event["subjects"][0] == old.party.person.reference  # type: ignore[union-attr]
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)  # the log holds references only: untouched
    assert json.loads(out.getvalue())["ok"] is True
    # Running again finds nothing more.
    assert run("--apply")["counts"] == {
        "case": 0,
        "person": 0,
        "third_party_report": 0,
        "disclosure": 0,
    }


@pytest.mark.django_db
def test_a_person_on_a_case_still_held_keeps_their_details() -> None:
    h = eb.held()
    eb.concluded_years_ago(h.party.case, 7)
    other = cw.report(h.world.officer)
    Party.objects.filter(pk=other.pk).update(person=h.party.person)

    assert run("--dry-run")["references"]["person"] == []
    result = run("--apply")

    assert result["references"]["case"] == [h.party.case.reference]
    assert result["references"]["person"] == []
    assert eb.person_of(h.party).family_name == "Quispe Mamani"
    assert Case.objects.get(pk=h.party.case_id).summary == ""


@pytest.mark.django_db
def test_a_person_whose_cases_are_all_due_goes_with_the_last_once() -> None:
    h = eb.held()
    other = cw.report(h.world.officer)
    Party.objects.filter(pk=other.pk).update(person=h.party.person)
    Case.objects.filter(pk=other.case_id).update(stage="concluded")
    eb.concluded_years_ago(h.party.case, 7)
    eb.concluded_years_ago(other.case, 8)

    listed = run("--dry-run")
    result = run("--apply")

    person = h.party.person.reference  # type: ignore[union-attr]
    assert listed["references"]["person"] == [person]
    assert result["references"]["person"] == [person]
    assert len(result["references"]["case"]) == 2
    assert len(cw.events("casework:person:erased")) == 1


@pytest.mark.django_db
def test_unrecorded_third_party_reports_and_disclosures_have_their_own_periods(
    clock: Any,
) -> None:
    police = cw.force()
    worker = pw.support_worker(pw.entry())
    report = pw.report(worker, police)
    h = eb.held(conclude=False)  # a disclosure made today; its case still open
    disclosure = Disclosure.objects.get()

    clock(364)
    assert run("--dry-run")["counts"]["third_party_report"] == 0
    clock(370)
    assert run("--dry-run")["references"]["third_party_report"] == [report.reference]
    assert run("--dry-run")["counts"]["disclosure"] == 0
    clock(6 * 366)
    result = run("--apply")

    assert result["references"]["disclosure"] == [disclosure.reference]
    assert result["references"]["third_party_report"] == [report.reference]
    erased = ThirdPartyReport.objects.get(pk=report.pk)
    assert (erased.pseudonym, erased.summary, erased.identity) == ("", "", {})
    assert erased.crime_type == "domestic_abuse"
    assert Disclosure.objects.get(pk=disclosure.pk).content == {}
    assert eb.person_of(h.party).erased_at is None  # the case is open
    assert len(cw.events("pathways:third_party_report:erased")) == 1
    assert len(cw.events("enforcement:disclosure:erased")) == 1


@pytest.mark.django_db
def test_the_periods_come_from_the_settings(settings: Settings) -> None:
    h = eb.held()
    eb.concluded_years_ago(h.party.case, 3)
    assert run("--dry-run")["counts"]["case"] == 0

    settings.RETENTION_CASE_YEARS = 2

    result = run("--dry-run")
    assert result["references"]["case"] == [h.party.case.reference]
    assert result["periods"]["case_years"] == 2


@pytest.mark.django_db
def test_the_command_asks_for_a_dry_run_or_apply() -> None:
    with pytest.raises(CommandError, match="one of the arguments --dry-run --apply is required"):
        call_command("retention")


@pytest.mark.django_db
def test_the_text_report_gives_counts_and_references() -> None:
    h = eb.held()
    eb.concluded_years_ago(h.party.case, 7)
    out = io.StringIO()

    call_command("retention", "--dry-run", stdout=out)

    text = out.getvalue()
    assert "Would erase 1 case(s)" in text
    assert h.party.case.reference in text
    assert "Quispe" not in text


def test_a_year_before_the_29th_of_february_is_the_28th() -> None:
    assert retention.years_before(date(2028, 2, 29), 1) == date(2027, 2, 28)
    assert retention.months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert retention.months_before(date(2026, 1, 15), 13) == date(2024, 12, 15)


@pytest.mark.django_db
def test_an_erased_report_still_renders_and_can_no_longer_be_recorded(
    client: Client, clock: Any
) -> None:
    police = cw.force()
    worker = pw.support_worker(pw.entry())
    report = pw.report(worker, police)
    officer = cw.officer(police)
    clock(400)
    run("--apply")

    client.force_login(worker)
    theirs = client.get(f"/pathways/reports/{report.reference}/")
    listed = client.get("/pathways/reports/")
    client.force_login(officer)
    police_page = client.get(f"/pathways/reports/{report.reference}/")

    for page in (theirs, listed, police_page):
        assert page.status_code == 200
        assert "(erased)" in page.content.decode()
        assert "Client A" not in page.content.decode()
    with pytest.raises(PathwaysError, match="erased"):
        pathways_actions.record_third_party_report(actor=officer, report=report.reference)
