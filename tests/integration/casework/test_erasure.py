"""Erasing a person's data (issue 14, item 8): the DPO's action on a valid request and its
refusals, what is erased and what is kept, one audit event per record erased holding references
only, and `audit verify` still passing."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from safereport.audit.events import Actor
from safereport.casework import actions
from safereport.casework.actions import ErasureRefusedError, ErasureRequest
from safereport.casework.errors import CaseworkError
from safereport.casework.models import Case, DisclosureRecord, Party
from safereport.enforcement.models import Disclosure, Protection
from safereport.errors import AlreadyDoneError, NotFoundError, NotPermittedError
from safereport.notices import issuing
from safereport.notices.models import Notice, NoticeSeries
from safereport.pathways import actions as pathways_actions
from safereport.pathways.models import Referral, ThirdPartyReport
from safereport.policy.vocabulary import Stage
from tests.integration.casework import builders as cw
from tests.integration.casework import erasure_builders as eb
from tests.integration.pathways import builders as pw


def request() -> ErasureRequest:
    """A valid request, received today."""
    return ErasureRequest(reference="DPA/2026/0042", received_on=timezone.localdate())


def verify() -> dict[str, object]:
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    result: dict[str, object] = json.loads(out.getvalue())
    return result


@pytest.mark.django_db
def test_the_dpo_erases_a_person_everywhere_and_keeps_what_oversight_counts() -> None:
    h = eb.held()
    party, dpo = h.party, h.world.dpo
    assert dpo is not None
    assert Notice.objects.filter(series__party=party).exists()

    actions.erase_person(actor=dpo, party=party, request=request())

    person = eb.person_of(party)
    assert person.erased_at is not None
    assert (person.given_name, person.family_name, person.phone, person.email) == ("", "", "", "")
    assert (person.address, person.nationality, person.date_of_birth) == ("", "", None)
    assert person.safe_contact_instructions == ""
    case = Case.objects.get(pk=party.case_id)
    assert (case.summary, case.occurred_on) == ("", None)
    assert case.erased_at is not None
    # What oversight counts stays as it was.
    assert (case.crime_type, case.stage, case.reported_on) == (
        "domestic_abuse",
        Stage.CONCLUDED,
        party.case.reported_on,
    )
    erased_party = Party.objects.get(pk=party.pk)
    assert erased_party.erased_at is not None
    assert (erased_party.role, erased_party.support) == ("victim", "receiving")
    assert DisclosureRecord.objects.get(decision__party=party).justification == ""
    disclosure = Disclosure.objects.get()
    assert disclosure.content == {}
    assert disclosure.erased_at is not None
    assert disclosure.categories == ["identity"]
    assert Protection.objects.filter(disclosures=disclosure).exists()
    referral = Referral.objects.get(pk=h.referral.pk)
    assert (referral.content, referral.first_contact_note) == ({}, "")
    assert referral.status == h.referral.status
    for notice in Notice.objects.filter(series__party=party):
        assert (notice.text, notice.english_text) == ("", "")
        assert len(notice.sha256) == 64  # what was issued stays provable by its hash
    assert NoticeSeries.objects.get(party=party).code_hash == ""


@pytest.mark.django_db
def test_each_record_erased_is_an_event_naming_references_only_and_the_log_verifies() -> None:
    h = eb.held()
    assert h.world.dpo is not None
    before = len(cw.events())

    actions.erase_person(actor=h.world.dpo, party=h.party, request=request())

    new = cw.events()[before:]
    erased = {event["action"]: event for event in new if event["action"].endswith(":erased")}
    assert set(erased) == {
        "casework:person:erased",
        "casework:case:erased",
        "enforcement:disclosure:erased",
    }
    person_event = erased["casework:person:erased"]
    assert person_event["subjects"] == [
        h.party.person.reference,  # type: ignore[union-attr]
        h.party.reference,
        h.party.case.reference,
    ]
    assert person_event["details"]["basis"] == "request"
    assert person_event["details"]["request_reference"] == "DPA/2026/0042"
    assert person_event["actor"]["role"] == "police_dpo"
    text = json.dumps(new)
    for value in (*eb.PLAINTEXTS, "Ana"):
        assert value not in text
    assert verify()["ok"] is True


@pytest.mark.django_db
def test_erasure_is_refused_while_a_case_of_theirs_is_open() -> None:
    h = eb.held(conclude=False)
    assert h.world.dpo is not None

    with pytest.raises(ErasureRefusedError) as refused:
        actions.erase_person(actor=h.world.dpo, party=h.party, request=request())

    assert "open" in refused.value.message
    assert h.party.case.reference in refused.value.fields["person"]
    assert eb.person_of(h.party).family_name == "Quispe Mamani"
    assert cw.events("casework:person:erased") == []


@pytest.mark.django_db
def test_only_the_dpo_of_the_force_may_erase() -> None:
    h = eb.held()
    with pytest.raises(NotPermittedError):
        actions.erase_person(actor=h.world.officer, party=h.party, request=request())
    with pytest.raises(NotFoundError):  # another force's DPO learns nothing
        actions.erase_person(actor=cw.dpo(cw.force()), party=h.party, request=request())
    assert eb.person_of(h.party).erased_at is None


@pytest.mark.django_db
def test_a_request_is_checked_field_by_field() -> None:
    h = eb.held()
    assert h.world.dpo is not None
    bad = ErasureRequest(
        reference="Ana Quispe", received_on=timezone.localdate() + timedelta(days=1)
    )

    with pytest.raises(CaseworkError) as refused:
        actions.erase_person(actor=h.world.dpo, party=h.party, request=bad)

    assert set(refused.value.fields) == {"request_reference", "received_on"}
    assert "future" in refused.value.fields["received_on"]
    assert eb.person_of(h.party).erased_at is None


@pytest.mark.django_db
def test_erasing_twice_is_refused_as_already_done() -> None:
    h = eb.held()
    assert h.world.dpo is not None
    actions.erase_person(actor=h.world.dpo, party=h.party, request=request())

    with pytest.raises(AlreadyDoneError):
        actions.erase_person(actor=h.world.dpo, party=h.party, request=request())
    assert len(cw.events("casework:person:erased")) == 1


@pytest.mark.django_db
def test_a_party_to_another_forces_case_is_for_that_force_to_agree() -> None:
    h = eb.held()
    assert h.world.dpo is not None
    other = cw.report(cw.officer(cw.force()))
    Party.objects.filter(pk=other.pk).update(person=h.party.person)

    with pytest.raises(ErasureRefusedError, match="another force"):
        actions.erase_person(actor=h.world.dpo, party=h.party, request=request())


@pytest.mark.django_db
def test_no_notice_is_issued_again_for_an_erased_party() -> None:
    h = eb.held()
    assert h.world.dpo is not None
    actions.erase_person(actor=h.world.dpo, party=h.party, request=request())
    versions = Notice.objects.filter(series__party=h.party).count()

    assert issuing.caught_up(Party.objects.get(pk=h.party.pk)) is None
    assert Notice.objects.filter(series__party=h.party).count() == versions


@pytest.mark.django_db
def test_reopening_a_case_stops_its_retention_clock() -> None:
    h = eb.held()
    case = Case.objects.get(pk=h.party.case_id)
    assert case.concluded_on == timezone.localdate()

    actions.change_case_stage(actor=h.world.officer, case=case, stage=Stage.INVESTIGATION)

    assert Case.objects.get(pk=case.pk).concluded_on is None


@pytest.mark.django_db
def test_an_anonymous_party_has_nothing_to_erase_on_request() -> None:
    police = cw.force()
    worker = pw.support_worker(pw.entry())
    report = pw.report(worker, police)
    officer = cw.officer(police)
    party = pathways_actions.record_third_party_report(actor=officer, report=report)

    with pytest.raises(CaseworkError, match="anonymously"):
        actions.erase_person(actor=cw.dpo(police), party=party, request=request())


@pytest.mark.django_db
def test_a_third_party_report_is_erased_with_its_case() -> None:
    police = cw.force()
    worker = pw.support_worker(pw.entry())
    report = pw.report(worker, police)
    officer = cw.officer(police)
    party = pathways_actions.record_third_party_report(actor=officer, report=report)
    actions.change_case_stage(actor=officer, case=party.case, stage=Stage.CONCLUDED)

    erased = actions.erase_case(actor=Actor.system("retention"), case=party.case)

    assert erased == [party.case.reference]  # no person: reported anonymously
    kept = ThirdPartyReport.objects.get(pk=report.pk)
    assert (kept.pseudonym, kept.identity, kept.erased_at is not None) == ("", {}, True)
    assert kept.status == "recorded"
    [event] = cw.events("pathways:third_party_report:erased")
    assert event["subjects"] == [report.reference, party.reference]


@pytest.mark.django_db
def test_nothing_more_is_recorded_shared_or_sent_about_an_erased_person() -> None:
    h = eb.held()
    assert h.world.dpo is not None
    officer = h.world.officer
    earlier = actions.request_sharing_decision(
        actor=officer, party=h.party, purpose="investigation", categories=["identity"]
    )
    actions.erase_person(actor=h.world.dpo, party=h.party, request=request())

    attempts: list[Callable[[], object]] = [
        lambda: actions.correct_person(actor=officer, party=h.party, details=cw.person()),
        lambda: actions.request_sharing_decision(
            actor=officer, party=h.party, purpose="investigation", categories=["identity"]
        ),
        lambda: cw.share(officer, earlier),
        lambda: pathways_actions.offer_referral(
            actor=officer, party=h.party, organisation=pw.entry()
        ),
    ]
    for attempt in attempts:
        with pytest.raises(CaseworkError) as refused:
            attempt()
        assert refused.value.fields == {"party": "erased"}
    assert eb.person_of(h.party).family_name == ""
    assert Disclosure.objects.count() == 1  # the one made before, erased
