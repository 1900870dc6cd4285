"""Every list is filtered by GET forms of vocabulary words, dates and flags and paginated by the
one kit (`web.kit.lists`, issue 13, item 3): each filter narrows its list, a wrong value is
named with its field (400, never a 500), the pages keep the filters, and IE's inbox records
reading only the disclosures of the page shown."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.test import Client, RequestFactory
from django.utils import timezone

from safereport.casework import actions as casework
from safereport.casework.models import DutyTask
from safereport.enforcement.models import Disclosure
from safereport.pathways import actions
from safereport.pathways.models import Referral
from safereport.policy.vocabulary import RegimeId
from safereport.web.kit import lists
from tests.integration.casework import builders as cw
from tests.integration.pathways import builders as pw


def text(client: Client, url: str, query: dict[str, str] | None = None) -> str:
    return client.get(url, query or {}).content.decode()


def summary_of(page: str) -> str:
    start = page.index("govuk-error-summary")
    return page[start : page.index("</ul>", start)]


# The kit ---------------------------------------------------------------------------------------


def test_pages_are_numbered_as_govuk_pagination_numbers_them() -> None:
    request = RequestFactory().get("/cases/", {"filter": "1", "stage": "concluded", "page": "5"})

    paged = lists.paginate(request, list(range(100)), 10)

    numbers = [item["number"] if not item["ellipsis"] else "…" for item in paged.items]
    assert numbers == [1, "…", 4, 5, 6, "…", 10]
    assert paged.previous_href == "?filter=1&stage=concluded&page=4"
    assert paged.next_href == "?filter=1&stage=concluded&page=6"
    assert [item["current"] for item in paged.items if not item["ellipsis"]].count(True) == 1


def test_a_page_out_of_range_or_not_a_number_is_the_nearest_page() -> None:
    factory = RequestFactory()

    assert lists.paginate(factory.get("/", {"page": "999"}), list(range(30)), 10).page.number == 3
    assert lists.paginate(factory.get("/", {"page": "two"}), list(range(30)), 10).page.number == 1
    assert not lists.paginate(factory.get("/"), list(range(10)), 10).several


# Cases -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_cases_with_overdue_tasks_are_listed_apart(client: Client) -> None:
    w = cw.world(regime=RegimeId.HMICFRS_INTERIM)
    recent = cw.report(w.officer)
    done = cw.report(w.officer)
    # Owed a week ago (more than 2 working days whatever the day), and still open.
    DutyTask.objects.filter(party__in=[w.party, done]).update(
        created_at=timezone.now() - timedelta(days=7)
    )
    for task in DutyTask.objects.filter(party=done):
        task.status = "done"
        task.save()
    client.force_login(w.officer)

    overdue = text(client, "/cases/", {"filter": "1", "overdue": "yes"})
    every = text(client, "/cases/")

    assert w.party.case.reference in overdue
    assert recent.case.reference not in overdue
    assert done.case.reference not in overdue
    assert {w.party.case.reference, recent.case.reference, done.case.reference} <= set(
        re.findall(r"case_[0-9a-f]+", every)
    )
    assert "Only cases with overdue tasks" in every


@pytest.mark.django_db
def test_a_wrong_case_filter_is_named_not_a_failure(client: Client) -> None:
    w = cw.world(regime=RegimeId.HMICFRS_INTERIM)
    client.force_login(w.officer)

    response = client.get("/cases/", {"filter": "1", "stage": "sentenced", "overdue": "maybe"})

    assert response.status_code == 400
    summary = summary_of(response.content.decode())
    assert "Select a stage from the list" in summary
    assert "Select only cases with overdue tasks, or leave it unticked" in summary


# Referrals and third-party reports -----------------------------------------------------------


@pytest.mark.django_db
def test_referrals_are_filtered_by_status_and_overdue_on_both_sides(client: Client) -> None:
    party, officer = pw.police_party()
    later, _ = pw.police_party()
    to = pw.entry()
    sent = pw.sent(party, officer, to)
    acknowledged = pw.sent(later, cw.officer(later.case.force), to)
    worker = pw.support_worker(to)
    actions.acknowledge_referral(actor=worker, referral=acknowledged)
    offered = actions.offer_referral(
        actor=officer, party=cw.report(officer), organisation=pw.entry()
    )
    Referral.objects.filter(pk=sent.pk).update(
        first_contact_due_on=timezone.localdate() - timedelta(days=1)
    )

    client.force_login(officer)
    police_sent = text(client, "/pathways/referrals/", {"filter": "1", "status": "sent"})
    police_offered = text(client, "/pathways/referrals/", {"filter": "1", "status": "offered"})
    police_overdue = text(client, "/pathways/referrals/", {"filter": "1", "overdue": "yes"})
    client.force_login(worker)
    inbox_acknowledged = text(client, "/pathways/inbox/", {"filter": "1", "status": "acknowledged"})
    inbox_overdue = text(client, "/pathways/inbox/", {"filter": "1", "overdue": "yes"})

    assert sent.reference in police_sent
    assert offered.reference not in police_sent
    assert offered.reference in police_offered
    assert sent.reference not in police_offered
    assert sent.reference in police_overdue
    assert offered.reference not in police_overdue
    assert acknowledged.reference in inbox_acknowledged
    assert sent.reference not in inbox_acknowledged
    assert sent.reference in inbox_overdue
    assert acknowledged.reference not in inbox_overdue


@pytest.mark.django_db
def test_the_support_workers_lists_know_people_by_pseudonym_never_by_name(client: Client) -> None:
    party, officer = pw.police_party()
    to = pw.entry()
    referral = pw.sent(party, officer, to, ("identity", "contact"))
    worker = pw.support_worker(to)
    report = pw.report(worker, party.case.force)
    client.force_login(worker)

    inbox = text(client, "/pathways/inbox/")
    reports = text(client, "/pathways/reports/")

    assert ">Person</th>" in inbox
    assert party.reference in inbox
    assert referral.reference in inbox
    assert ">Pseudonym</th>" in reports
    assert "Client A" in reports
    assert report.reference in reports
    for name in ("Ana", "Quispe", "Rosa", "Fictitious-Example"):
        assert name not in inbox, name
        assert name not in reports, name


@pytest.mark.django_db
def test_third_party_reports_are_filtered_by_status_for_police_and_organisation(
    client: Client,
) -> None:
    force = cw.force()
    officer = cw.officer(force)
    worker = pw.support_worker(pw.entry())
    waiting = pw.report(worker, force)
    recorded = pw.report(worker, force, pseudonym="Client B")
    actions.record_third_party_report(actor=officer, report=recorded)

    client.force_login(officer)
    to_record = text(client, "/pathways/reports/", {"filter": "1", "status": "submitted"})
    client.force_login(worker)
    made = text(client, "/pathways/reports/", {"filter": "1", "status": "recorded"})
    wrong = client.get("/pathways/reports/", {"filter": "1", "status": "lost"})

    assert waiting.reference in to_record
    assert recorded.reference not in to_record
    assert recorded.reference in made
    assert waiting.reference not in made
    assert wrong.status_code == 400
    assert "Select a status from the list" in summary_of(wrong.content.decode())


@pytest.mark.django_db
def test_the_referral_list_is_paged_keeping_its_filters(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    party, officer = pw.police_party()
    for _ in range(3):
        actions.offer_referral(actor=officer, party=party, organisation=pw.entry())
    monkeypatch.setattr("safereport.pathways.views.referrals.REFERRALS_PER_PAGE", 2)
    client.force_login(officer)

    first = text(client, "/pathways/referrals/", {"filter": "1", "status": "offered"})
    second = text(client, "/pathways/referrals/", {"filter": "1", "status": "offered", "page": "2"})

    assert "3 referrals" in first
    assert "filter=1&amp;status=offered&amp;page=2" in first
    assert len(re.findall(r'href="/pathways/referrals/ref_', first)) == 2
    assert len(re.findall(r'href="/pathways/referrals/ref_', second)) == 1
    assert "(page 2 of 2)" in second


# Immigration Enforcement's inbox --------------------------------------------------------------


def _disclosed(purpose: str) -> Disclosure:
    w = cw.world(regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL, support="receiving")
    decision = casework.request_sharing_decision(
        actor=w.officer, party=w.party, purpose=purpose, categories=["offence"]
    )
    record = cw.share(w.officer, decision)
    return Disclosure.objects.get(reference=record.enforcement_reference)


@pytest.mark.django_db
def test_the_ie_inbox_is_filtered_by_day_received_and_protection(client: Client) -> None:
    protected = _disclosed("enforcement_referral")
    unprotected = _disclosed("investigation")
    Disclosure.objects.filter(pk=unprotected.pk).update(
        received_at=timezone.now() - timedelta(days=10)
    )
    client.force_login(cw.ie_caseworker())
    today, ten_days_ago = timezone.localdate(), timezone.localdate() - timedelta(days=10)

    def dated(field: str, day: date) -> dict[str, str]:
        return {
            f"{field}_day": str(day.day),
            f"{field}_month": str(day.month),
            f"{field}_year": str(day.year),
        }

    with_protection = text(client, "/ie/inbox/", {"filter": "1", "protection": "yes"})
    without = text(client, "/ie/inbox/", {"filter": "1", "protection": "no"})
    recent = text(client, "/ie/inbox/", {"filter": "1", **dated("received_from", today)})
    older = text(client, "/ie/inbox/", {"filter": "1", **dated("received_to", ten_days_ago)})

    assert protected.reference in with_protection
    assert unprotected.reference not in with_protection
    assert unprotected.reference in without
    assert protected.reference not in without
    assert protected.reference in recent
    assert unprotected.reference not in recent
    assert unprotected.reference in older
    assert protected.reference not in older


@pytest.mark.django_db
def test_wrong_ie_inbox_filters_are_named_with_their_fields(client: Client) -> None:
    client.force_login(cw.ie_caseworker())

    wrong = client.get(
        "/ie/inbox/",
        {
            "filter": "1",
            "received_from_day": "31",
            "received_from_month": "2",
            "received_from_year": "2026",
            "received_to_day": "1",
            "received_to_month": "1",
            "received_to_year": "20",
            "protection": "perhaps",
        },
    )
    backwards = client.get(
        "/ie/inbox/",
        {
            "filter": "1",
            "received_from_day": "2",
            "received_from_month": "3",
            "received_from_year": "2026",
            "received_to_day": "1",
            "received_to_month": "3",
            "received_to_year": "2026",
        },
    )

    assert wrong.status_code == 400
    summary = summary_of(wrong.content.decode())
    assert "Received from must be a real date" in summary
    assert "Received to must have a year with 4 numbers" in summary
    assert "Select whether a protocol protection is registered, or either" in summary
    assert "Received to must be the same as or after received from" in summary_of(
        backwards.content.decode()
    )


@pytest.mark.django_db
def test_reading_a_page_of_the_ie_inbox_records_only_that_page(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = [_disclosed("investigation") for _ in range(3)]
    monkeypatch.setattr("safereport.enforcement.views.INBOX_PER_PAGE", 2)
    client.force_login(cw.ie_caseworker())

    first = text(client, "/ie/inbox/")
    second = text(client, "/ie/inbox/", {"page": "2"})

    reads = cw.events("enforcement:inbox:read")
    newest_first = [d.reference for d in reversed(shown)]
    assert reads[-2]["subjects"] == newest_first[:2]
    assert reads[-1]["subjects"] == newest_first[2:]
    assert "3 disclosures" in first
    assert 'href="?page=2"' in first
    assert newest_first[2] in second
    assert newest_first[0] not in second
