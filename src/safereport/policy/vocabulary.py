"""The vocabulary of DOMAIN.md section 3, used verbatim in the API, the CLI and the tests.

Each enumeration mirrors an enumerated entity type of `cedar/safereport.cedarschema`; a test
keeps the two in step.
"""

from __future__ import annotations

from enum import StrEnum


class RegimeId(StrEnum):
    COMPLETE_FIREWALL = "complete-firewall"
    HMICFRS_INTERIM = "hmicfrs-interim"
    MIGRANT_VICTIMS_PROTOCOL = "migrant-victims-protocol"
    MIGRANT_VICTIMS_PROTOCOL_2023 = "migrant-victims-protocol-2023"


class Role(StrEnum):
    VICTIM = "victim"
    WITNESS = "witness"
    SUSPECT = "suspect"


class AgeGroup(StrEnum):
    ADULT = "adult"
    CHILD = "child"


class ImmigrationStatus(StrEnum):
    NOT_IN_QUESTION = "not_in_question"
    UNCERTAIN = "uncertain"
    INSECURE = "insecure"


class CrimeType(StrEnum):
    DOMESTIC_ABUSE = "domestic_abuse"
    MODERN_SLAVERY = "modern_slavery"
    SEXUAL_VIOLENCE = "sexual_violence"
    OTHER = "other"


class Stage(StrEnum):
    INVESTIGATION = "investigation"
    PROSECUTION = "prosecution"
    CONCLUDED = "concluded"


class Support(StrEnum):
    NONE = "none"
    OFFERED = "offered"
    RECEIVING = "receiving"


class Nrm(StrEnum):
    NONE = "none"
    REFERRED = "referred"
    POSITIVE_REASONABLE_GROUNDS = "positive_reasonable_grounds"
    POSITIVE_CONCLUSIVE_GROUNDS = "positive_conclusive_grounds"
    NEGATIVE = "negative"


class Purpose(StrEnum):
    STATUS_CHECK = "status_check"
    ENFORCEMENT_REFERRAL = "enforcement_referral"
    SAFEGUARDING = "safeguarding"
    INVESTIGATION = "investigation"
    VICTIM_REQUEST = "victim_request"


class Category(StrEnum):
    IDENTITY = "identity"
    CONTACT = "contact"
    LOCATION = "location"
    IMMIGRATION = "immigration"
    OFFENCE = "offence"
    SUPPORT = "support"


class Consent(StrEnum):
    NONE = "none"
    GIVEN = "given"
    REFUSED = "refused"


class EnforcementAction(StrEnum):
    ARREST = "arrest"
    DETENTION = "detention"
    REMOVAL = "removal"
    REPORTING_CONDITIONS = "reporting_conditions"
    CASEWORK_DECISION = "casework_decision"


class Duty(StrEnum):
    GIVE_NOTICE = "give_notice"
    INFORM_SUPPORT_WORKER = "inform_support_worker"
    REFER_TO_THIRD_PARTY = "refer_to_third_party"
    OFFER_SPECIALIST_SUPPORT = "offer_specialist_support"
    REFER_TO_NRM = "refer_to_nrm"
    OFFER_NRM_REFERRAL = "offer_nrm_referral"
    NOTIFY_HOME_OFFICE_ANONYMOUSLY = "notify_home_office_anonymously"
    RECORD_LAWFUL_BASIS = "record_lawful_basis"
    REGISTER_PROTOCOL_PROTECTION = "register_protocol_protection"
    ENGAGE_BEFORE_DECISION = "engage_before_decision"


class Outcome(StrEnum):
    """The overall answer of a sharing decision."""

    PERMITTED = "permitted"
    PARTLY_PERMITTED = "partly_permitted"
    PROHIBITED = "prohibited"


class Verdict(StrEnum):
    """The answer for one requested category."""

    PERMITTED = "permitted"
    PROHIBITED = "prohibited"


class GateOutcome(StrEnum):
    """The answer of a protocol check."""

    BLOCKED = "blocked"
    ALLOWED = "allowed"


# Enforcement actions that the protocols hold back (DOMAIN.md section 5, G1 and G1-2023).
PROTECTED_ACTIONS = frozenset(
    {
        EnforcementAction.ARREST,
        EnforcementAction.DETENTION,
        EnforcementAction.REMOVAL,
        EnforcementAction.REPORTING_CONDITIONS,
    }
)

PROTOCOL_REGIMES = frozenset(
    {RegimeId.MIGRANT_VICTIMS_PROTOCOL, RegimeId.MIGRANT_VICTIMS_PROTOCOL_2023}
)

# Plain words for each value, for explanations and `policy diff` statements.
DUTY_TEXT: dict[Duty, str] = {
    Duty.GIVE_NOTICE: "tell the person what will and will not be shared, when and why",
    Duty.INFORM_SUPPORT_WORKER: "tell the person's support worker about the sharing",
    Duty.REFER_TO_THIRD_PARTY: "link the person to a third party for advice and assistance",
    Duty.OFFER_SPECIALIST_SUPPORT: "offer a referral to a specialist domestic abuse service",
    Duty.REFER_TO_NRM: "refer the person to the National Referral Mechanism",
    Duty.OFFER_NRM_REFERRAL: "ask the person's consent to a National Referral Mechanism referral",
    Duty.NOTIFY_HOME_OFFICE_ANONYMOUSLY: "notify the Home Office anonymously (duty to notify)",
    Duty.RECORD_LAWFUL_BASIS: "record the lawful basis for what is shared",
    Duty.REGISTER_PROTOCOL_PROTECTION: "register the victim for protocol protection",
    Duty.ENGAGE_BEFORE_DECISION: (
        "engage with the victim, through the police or their support worker, before any "
        "casework or enforcement decision"
    ),
}

PURPOSE_TEXT: dict[Purpose, str] = {
    Purpose.STATUS_CHECK: "a status check",
    Purpose.ENFORCEMENT_REFERRAL: "an enforcement referral",
    Purpose.SAFEGUARDING: "safeguarding",
    Purpose.INVESTIGATION: "the investigation",
    Purpose.VICTIM_REQUEST: "the person's own request",
}

ACTION_TEXT: dict[EnforcementAction, str] = {
    EnforcementAction.ARREST: "arrest",
    EnforcementAction.DETENTION: "detention",
    EnforcementAction.REMOVAL: "removal",
    EnforcementAction.REPORTING_CONDITIONS: "reporting conditions",
    EnforcementAction.CASEWORK_DECISION: "a casework decision",
}
