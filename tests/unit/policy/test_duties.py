"""Worked cases for the duties table of DOMAIN.md section 4."""

from __future__ import annotations

import pytest

from safereport.policy import decide
from safereport.policy.situations import SharingSituation
from tests.unit.policy.builders import sharing

CASES: list[tuple[str, SharingSituation, set[str]]] = [
    (
        "give_notice for a witness; nothing else for a non-DA status check",
        sharing(role="witness", crime="other", purpose="status_check"),
        {"give_notice"},
    ),
    (
        "no notice duty for a suspect",
        sharing(role="suspect", crime="other", purpose="investigation"),
        {"record_lawful_basis"},
    ),
    (
        "inform_support_worker when support is offered and something is permitted",
        sharing(crime="other", support="offered", purpose="investigation"),
        {"give_notice", "inform_support_worker", "record_lawful_basis"},
    ),
    (
        "inform_support_worker when support is being received",
        sharing(crime="other", support="receiving", purpose="investigation"),
        {"give_notice", "inform_support_worker", "record_lawful_basis"},
    ),
    (
        "no inform_support_worker when nothing is permitted",
        sharing("complete-firewall", crime="other", support="receiving", purpose="investigation"),
        {"give_notice", "refer_to_third_party"},
    ),
    (
        "refer_to_third_party when F1 prohibited",
        sharing("complete-firewall", role="witness", crime="other", purpose="safeguarding"),
        {"give_notice", "refer_to_third_party"},
    ),
    (
        "refer_to_third_party when H1 prohibited",
        sharing("hmicfrs-interim", immigration_status="uncertain", purpose="safeguarding"),
        {"give_notice", "refer_to_third_party", "offer_specialist_support"},
    ),
    (
        "no refer_to_third_party when only C1 prohibited",
        sharing(crime="other", purpose="status_check"),
        {"give_notice"},
    ),
    (
        "offer_specialist_support for every domestic abuse victim, even when nothing is shared",
        sharing(purpose="status_check"),
        {"give_notice", "offer_specialist_support"},
    ),
    (
        "no offer_specialist_support for a domestic abuse witness",
        sharing(role="witness", purpose="status_check"),
        {"give_notice"},
    ),
    # The NRM duties read the adult's consent to a referral (case.nrm_consent), never consent to
    # share with Immigration Enforcement.
    (
        "refer_to_nrm for a child without asking consent",
        sharing(crime="modern_slavery", age_group="child", purpose="status_check"),
        {"give_notice", "refer_to_nrm"},
    ),
    (
        "refer_to_nrm for a child even when the child's NRM consent was refused",
        sharing(
            crime="modern_slavery", age_group="child", nrm_consent="refused", purpose="status_check"
        ),
        {"give_notice", "refer_to_nrm"},
    ),
    (
        "refer_to_nrm for an adult who consents to the referral",
        sharing(crime="modern_slavery", nrm_consent="given", purpose="status_check"),
        {"give_notice", "refer_to_nrm"},
    ),
    (
        "offer_nrm_referral for an adult not yet asked",
        sharing(crime="modern_slavery", nrm_consent="none", purpose="status_check"),
        {"give_notice", "offer_nrm_referral"},
    ),
    (
        "notify_home_office_anonymously for an adult who refuses the referral",
        sharing(crime="modern_slavery", nrm_consent="refused", purpose="status_check"),
        {"give_notice", "notify_home_office_anonymously"},
    ),
    (
        "consent to share with IE is not consent to an NRM referral",
        sharing(
            crime="modern_slavery",
            purpose="victim_request",
            consent="given",
            nrm_consent="none",
        ),
        {"give_notice", "offer_nrm_referral", "record_lawful_basis"},
    ),
    (
        "refusing to share with IE is not refusing an NRM referral",
        sharing(
            crime="modern_slavery",
            purpose="victim_request",
            consent="refused",
            nrm_consent="given",
        ),
        {"give_notice", "refer_to_nrm"},
    ),
    (
        "no NRM duty once referred, whatever the NRM consent",
        sharing(
            crime="modern_slavery", nrm="referred", nrm_consent="given", purpose="status_check"
        ),
        {"give_notice"},
    ),
    (
        "no NRM duty for a witness of modern slavery",
        sharing(
            role="witness", crime="modern_slavery", nrm_consent="given", purpose="status_check"
        ),
        {"give_notice"},
    ),
    (
        "no NRM duty for a victim of another crime",
        sharing(crime="other", nrm_consent="given", purpose="status_check"),
        {"give_notice"},
    ),
    (
        "record_lawful_basis when some category is permitted",
        sharing(crime="other", purpose="investigation", categories=("identity", "contact")),
        {"give_notice", "record_lawful_basis"},
    ),
    (
        "register_protocol_protection: protocol, victim, enforcement referral, permitted",
        sharing(crime="other", purpose="enforcement_referral"),
        {"give_notice", "record_lawful_basis", "register_protocol_protection"},
    ),
    (
        "register_protocol_protection under the 2023 wording, for safeguarding",
        sharing("migrant-victims-protocol-2023", crime="other", purpose="safeguarding"),
        {"give_notice", "record_lawful_basis", "register_protocol_protection"},
    ),
    (
        "no register_protocol_protection when nothing is permitted",
        sharing(crime="other", purpose="enforcement_referral", categories=("contact",)),
        {"give_notice"},
    ),
    (
        "no register_protocol_protection for an investigation share",
        sharing(crime="other", purpose="investigation"),
        {"give_notice", "record_lawful_basis"},
    ),
    (
        "no register_protocol_protection for a witness",
        sharing(role="witness", crime="other", purpose="enforcement_referral"),
        {"give_notice", "record_lawful_basis"},
    ),
    (
        "no register_protocol_protection outside the protocol regimes",
        sharing("hmicfrs-interim", crime="other", purpose="enforcement_referral"),
        {"give_notice", "record_lawful_basis"},
    ),
]


@pytest.mark.parametrize(("situation", "duties"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_duties(situation: SharingSituation, duties: set[str]) -> None:
    decision = decide(situation)

    assert {d.value for d in decision.duties} == duties
    assert list(decision.duties) == sorted(decision.duties)


def test_each_duty_cites_its_own_rule() -> None:
    decision = decide(sharing("hmicfrs-interim", immigration_status="uncertain"))

    permissions = [rule for rule in decision.rules if rule.kind == "permission"]
    duty_rules = [rule for rule in decision.rules if rule.duty is not None]
    assert {rule.duty.value for rule in duty_rules if rule.duty} == {
        d.value for d in decision.duties
    }
    assert "duty:refer_to_third_party" in {rule.rule for rule in duty_rules}
    assert not permissions  # nothing was permitted, so no permission is cited
