"""Transparency returns (issue 12, item 5): a force's DPO makes the return for a year that has
ended, its tables frozen with their SHA-256 in the audit event; a force that disclosed nothing
certifies "none", and only then; returns are due by 30 June and listed as overdue after it; the
public page lists every force's with CSV; the command line prints one."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import date, timedelta

import pytest
import rfc8785
from django.core.management import call_command
from django.test import Client

from safereport.accounts.models import Organisation
from safereport.casework.models import DisclosureRecord, ForceRegime, SharingDecision
from safereport.enforcement.models import Protection, ProtocolCheck
from safereport.errors import AlreadyDoneError, NotPermittedError, ServiceError
from safereport.oversight import returns
from safereport.oversight.models import TransparencyReturn
from safereport.oversight.periods import year_ending_march
from tests.integration.casework import builders as cw
from tests.integration.oversight.test_statistics import Fixture

PERSONAL = ("Ana", "Quispe", "Rosa", "Fictitious", "07700", "ana.quispe")


def after(year_end: date, days: int = 1) -> date:
    return year_end + timedelta(days=days)


def a_year_ago(force: Organisation) -> None:
    """Move the force's regime and sharing back a year, so last year's return can be made."""
    year = timedelta(days=366)
    for regime in ForceRegime.objects.filter(force=force):
        ForceRegime.objects.filter(pk=regime.pk).update(effective_from=regime.effective_from - year)
    for model, field, path in (
        (SharingDecision, "created_at", "party__case__force"),
        (DisclosureRecord, "disclosed_at", "decision__party__case__force"),
        (Protection, "created_at", "force"),
        (ProtocolCheck, "checked_at", "force"),
    ):
        for row in model.objects.filter(**{path: force}):
            model.objects.filter(pk=row.pk).update(**{field: getattr(row, field) - year})


@pytest.mark.django_db
def test_the_return_freezes_the_published_tables_and_its_event_holds_their_hash(
    oversight_records: Fixture,
) -> None:
    f = oversight_records
    dpo = cw.dpo(f.force)
    today = after(f.period.end)

    made = returns.submit(actor=dpo, year=f.period, certify_none=False, today=today)

    assert not made.certified_none
    assert [t["id"] for t in made.tables] == [
        "decisions",
        "disclosures",
        "categories",
        "checks",
        "protections",
    ]
    [decisions] = [t for t in made.tables if t["id"] == "decisions"]
    [referral] = [r for r in decisions["rows"] if r["label"] == "Enforcement referral"]
    assert referral["cells"]["Permitted"] == "[c]"  # one: suppressed below national level
    assert made.sha256 == hashlib.sha256(rfc8785.dumps(made.tables)).hexdigest()
    [event] = cw.events("oversight:transparency_return:submitted")
    assert event["subjects"] == [made.reference]
    assert event["details"] == {
        "force": f.force.code,
        "year": f.period.code,
        "certified_none": False,
        "sha256": made.sha256,
    }
    with pytest.raises(AlreadyDoneError):
        returns.submit(actor=dpo, year=f.period, certify_none=False, today=today)


@pytest.mark.django_db
def test_none_is_certified_only_by_a_force_that_disclosed_nothing(
    oversight_records: Fixture,
) -> None:
    f = oversight_records  # force A disclosed once; force B never
    today = after(f.period.end)

    with pytest.raises(ServiceError) as refused:
        returns.submit(actor=cw.dpo(f.force), year=f.period, certify_none=True, today=today)
    assert "cannot certify none" in refused.value.fields["certify_none"]
    with pytest.raises(ServiceError) as refused:
        returns.submit(actor=cw.dpo(f.other), year=f.period, certify_none=False, today=today)
    assert refused.value.fields["certify_none"].startswith(f"Certify that {f.other.name}")

    made = returns.submit(actor=cw.dpo(f.other), year=f.period, certify_none=True, today=today)

    assert made.certified_none
    assert cw.events("oversight:transparency_return:submitted")[-1]["details"]["certified_none"]


@pytest.mark.django_db
def test_a_return_waits_for_its_year_to_end_and_only_a_dpo_makes_it(
    oversight_records: Fixture,
) -> None:
    f = oversight_records

    with pytest.raises(ServiceError) as refused:
        returns.submit(actor=cw.dpo(f.force), year=f.period, certify_none=False, today=f.period.end)
    assert refused.value.fields["year"].startswith("ends on 31 March")
    with pytest.raises(NotPermittedError):
        returns.submit(
            actor=f.officer, year=f.period, certify_none=False, today=after(f.period.end)
        )
    assert not TransparencyReturn.objects.exists()


@pytest.mark.django_db
def test_a_return_is_due_by_30_june_and_overdue_after(oversight_records: Fixture) -> None:
    f = oversight_records
    year = f.period

    def status(today: date) -> returns.Status:
        [entry] = [e for e in returns.entries(f.force, today) if e.year == year]
        return entry.status

    assert status(year.end) is returns.Status.OPEN
    assert status(after(year.end)) is returns.Status.DUE
    assert status(date(year.end.year, 6, 30)) is returns.Status.DUE
    assert status(date(year.end.year, 7, 1)) is returns.Status.OVERDUE
    listed = returns.every_force(date(year.end.year, 7, 1))
    assert {(e.force, e.status) for e in listed if e.year == year} == {
        (f.force, returns.Status.OVERDUE),
        (f.other, returns.Status.OVERDUE),
    }
    returns.submit(actor=cw.dpo(f.force), year=year, certify_none=False, today=after(year.end))
    assert status(date(year.end.year, 7, 1)) is returns.Status.SUBMITTED


@pytest.mark.django_db
def test_the_public_page_lists_the_returns_with_csv_and_no_personal_data(
    client: Client, oversight_records: Fixture
) -> None:
    f = oversight_records
    made = returns.submit(
        actor=cw.dpo(f.force), year=f.period, certify_none=False, today=after(f.period.end)
    )
    returns.submit(
        actor=cw.dpo(f.other), year=f.period, certify_none=True, today=after(f.period.end)
    )

    index = client.get("/transparency/").content.decode()
    page = client.get(f"/transparency/{f.force.code}/{f.period.code}/")
    one = client.get(f"/transparency/{f.force.code}/{f.period.code}/return.csv")
    every = client.get("/transparency/returns.csv")

    assert f.force.name in index
    assert "Certified none" in index
    html = page.content.decode()
    assert page.status_code == 200
    assert made.sha256 in html
    assert 'id="decisions"' in html
    rows = list(csv.DictReader(io.StringIO(one.content.decode())))
    assert one["Content-Type"] == "text/csv; charset=utf-8"
    assert {r["force_code"] for r in rows} == {f.force.code}
    permitted = [
        r
        for r in rows
        if (r["table"], r["row"], r["column"]) == ("decisions", "Enforcement referral", "Permitted")
    ]
    assert [r["count"] for r in permitted] == ["[c]"]
    all_rows = list(csv.DictReader(io.StringIO(every.content.decode())))
    assert {r["certified_none"] for r in all_rows if r["force_code"] == f.other.code} == {"yes"}
    for text in (index, html, one.content.decode(), every.content.decode()):
        for personal in PERSONAL:
            assert personal not in text, personal
    # Nothing else has a return page: an unknown force, a quarter, a year not returned.
    for missing in (
        f"/transparency/nowhere/{f.period.code}/",
        f"/transparency/{f.force.code}/2026-Q2/",
        f"/transparency/{f.force.code}/2020-21/",
    ):
        assert client.get(missing).status_code == 404, missing


@pytest.mark.django_db
def test_the_dpo_makes_last_years_return_on_the_page(
    client: Client, oversight_records: Fixture
) -> None:
    f = oversight_records
    a_year_ago(f.force)
    last = year_ending_march(f.period.start.year - 1)
    dpo = cw.dpo(f.force)
    client.force_login(dpo)

    listing = client.get("/statistics/returns/").content.decode()
    form = client.get(f"/statistics/returns/{last.code}/")
    refused = client.post(f"/statistics/returns/{last.code}/", {})
    made = client.post(f"/statistics/returns/{last.code}/", {"confirm": "yes"})

    assert last.label in listing
    assert "Overdue" in listing or "Due" in listing
    assert f"I confirm that these counts are {f.force.name}" in form.content.decode()
    assert refused.status_code == 400
    assert "Confirm that these counts are your force" in refused.content.decode()
    assert made.status_code == 302
    assert made["Location"] == f"/transparency/{f.force.code}/{last.code}/"
    saved = TransparencyReturn.objects.get()
    assert (saved.force, saved.year, saved.submitted_by) == (f.force, last.start.year, dpo)
    # Made once: the page now shows the published return.
    assert client.get(f"/statistics/returns/{last.code}/").status_code == 302


@pytest.mark.django_db
def test_the_command_line_prints_a_return(
    capsys: pytest.CaptureFixture[str], oversight_records: Fixture
) -> None:
    f = oversight_records

    call_command("oversight", "return", f.force.code, f.period.code, "--json")
    open_year = json.loads(capsys.readouterr().out)
    returns.submit(
        actor=cw.dpo(f.force), year=f.period, certify_none=False, today=after(f.period.end)
    )
    call_command("oversight", "return", f.force.code, f.period.code, "--json")
    made = json.loads(capsys.readouterr().out)
    call_command("oversight", "return", f.force.code, f.period.code)
    text = capsys.readouterr().out

    assert open_year["status"] == "open"
    assert open_year["sha256"] is None
    assert made["status"] == "submitted"
    assert made["sha256"] == TransparencyReturn.objects.get().sha256
    assert made["tables"] == open_year["tables"]
    assert made["due"] == date(f.period.end.year, 6, 30).isoformat()
    assert text.startswith(f"{f.force.name}: transparency return for {f.period.label}")
    assert made["sha256"] in text
    assert "Sharing decisions asked for, by purpose and outcome" in text
