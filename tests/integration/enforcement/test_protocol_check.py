"""The protocol check: computed from the protection's facts at that moment, recorded every time,
and saying nothing about references the caseworker may not use."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from safereport.accounts.models import User
from safereport.accounts.roles import OrganisationKind, Role
from safereport.casework import actions
from safereport.casework.models import Party
from safereport.enforcement.actions import check_protocol
from safereport.enforcement.errors import EnforcementError, NotFoundError
from safereport.enforcement.models import Protection, ProtocolCheck
from safereport.policy.vocabulary import RegimeId
from tests import builders
from tests.integration.casework import builders as cw


def protected(
    regime: RegimeId = RegimeId.MIGRANT_VICTIMS_PROTOCOL, **facts: str
) -> tuple[Party, User, str]:
    """A victim receiving support, referred to IE under `regime`: (party, officer, reference)."""
    w = cw.world(regime=regime, **{"support": "receiving", **facts})
    party, officer = w.party, w.officer
    decision = actions.request_sharing_decision(
        actor=officer, party=party, purpose="enforcement_referral", categories=["identity"]
    )
    record = cw.share(officer, decision)
    assert record.protocol_reference is not None
    return party, officer, record.protocol_reference


@pytest.mark.django_db
def test_arrest_is_blocked_while_investigating_and_receiving_support_and_lifts_after() -> None:
    party, officer, reference = protected()
    ie = cw.ie_caseworker()

    during = check_protocol(actor=ie, protocol_reference=reference, action="arrest")
    actions.change_party_support(actor=officer, party=party, support="none")
    after = check_protocol(actor=ie, protocol_reference=reference, action="arrest")

    assert during.outcome == "blocked"
    assert [rule.id for rule in during.blocking_rules] == ["protocol-no-enforcement"]
    assert after.outcome == "allowed"
    assert after.duties == ("engage_before_decision",)


@pytest.mark.django_db
def test_the_block_has_no_time_limit() -> None:
    _, _, reference = protected()
    # Years pass with the investigation open and support continuing.
    Protection.objects.filter(protocol_reference=reference).update(
        created_at=timezone.now() - timedelta(days=5 * 365)
    )

    result = check_protocol(
        actor=cw.ie_caseworker(), protocol_reference=reference, action="removal"
    )

    assert result.outcome == "blocked"


@pytest.mark.django_db
def test_the_block_lifts_when_the_case_concludes() -> None:
    party, officer, reference = protected()
    ie = cw.ie_caseworker()

    actions.change_case_stage(actor=officer, case=party.case, stage="concluded")

    assert check_protocol(actor=ie, protocol_reference=reference, action="detention").outcome == (
        "allowed"
    )


@pytest.mark.django_db
def test_a_casework_decision_is_never_blocked_by_the_protocol() -> None:
    _, _, reference = protected()

    result = check_protocol(
        actor=cw.ie_caseworker(), protocol_reference=reference, action="casework_decision"
    )

    assert result.outcome == "allowed"
    assert "engage_before_decision" in result.duties


@pytest.mark.django_db
def test_the_2023_wording_protects_while_support_is_offered_even_after_the_case() -> None:
    party, officer, reference = protected(RegimeId.MIGRANT_VICTIMS_PROTOCOL_2023)
    ie = cw.ie_caseworker()
    actions.change_case_stage(actor=officer, case=party.case, stage="concluded")
    actions.change_party_support(actor=officer, party=party, support="offered")

    assert check_protocol(actor=ie, protocol_reference=reference, action="arrest").outcome == (
        "blocked"
    )


@pytest.mark.django_db
def test_every_check_is_an_audit_event_without_personal_data() -> None:
    _, _, reference = protected()
    ie = cw.ie_caseworker()

    result = check_protocol(actor=ie, protocol_reference=reference, action="arrest")

    [event] = cw.events("enforcement:protocol_check:made")
    assert event["actor"] == {
        "id": ie.pseudonym,
        "role": "ie_caseworker",
        "organisation": ie.organisation.code,
    }
    # Each check is kept with a reference of its own, which the event names beside the protection.
    check = ProtocolCheck.objects.get()
    assert (check.action, check.outcome, check.checked_by) == ("arrest", "blocked", ie.pseudonym)
    assert check.reference.startswith("chk_")
    assert event["subjects"] == [reference, check.reference]
    assert event["details"] == {
        "action": "arrest",
        "outcome": "blocked",
        "rules": ["protocol-no-enforcement"],
        "duties": [],
        "regime": "migrant-victims-protocol",
        "regime_version": result.regime_version,
    }
    for personal in ("Ana", "Quispe", "1990", "07700"):
        assert personal not in str(event)


@pytest.mark.django_db
def test_an_unknown_reference_and_one_the_user_may_not_use_get_the_same_answer() -> None:
    _, officer, reference = protected()
    other_ie = builders.organisation(OrganisationKind.IMMIGRATION_ENFORCEMENT)
    outsiders = [
        builders.user(Role.IE_CASEWORKER, other_ie.code),  # not addressed to their organisation
        officer,  # the police never run the check
        builders.user(Role.INSPECTOR),
    ]
    inactive = cw.ie_caseworker()
    inactive.is_active = False
    inactive.save()
    missing = "prot_" + "0" * 32

    answers = []
    for user in [*outsiders, inactive]:
        for asked in (reference, missing):
            with pytest.raises(NotFoundError) as refused:
                check_protocol(actor=user, protocol_reference=asked, action="arrest")
            answers.append(refused.value.as_json())
    with pytest.raises(NotFoundError) as known_user_unknown_reference:
        check_protocol(actor=cw.ie_caseworker(), protocol_reference=missing, action="arrest")

    assert all(answer == known_user_unknown_reference.value.as_json() for answer in answers)
    assert cw.events("enforcement:protocol_check:made") == []
    assert len(cw.events("enforcement:protocol_check:refused")) == len(answers) + 1


@pytest.mark.django_db
def test_what_was_typed_is_not_echoed_unless_it_is_a_protocol_reference() -> None:
    with pytest.raises(NotFoundError):
        check_protocol(
            actor=cw.ie_caseworker(), protocol_reference="Ana Quispe Mamani", action="removal"
        )

    [event] = cw.events("enforcement:protocol_check:refused")
    assert event["subjects"] == []
    assert event["details"] == {"action": "removal"}


@pytest.mark.django_db
def test_an_unknown_action_is_named() -> None:
    _, _, reference = protected()

    with pytest.raises(EnforcementError) as refused:
        check_protocol(actor=cw.ie_caseworker(), protocol_reference=reference, action="deport")

    assert "action" in refused.value.fields
    assert cw.events("enforcement:protocol_check:made") == []
