"""What the API takes and gives, as pydantic schemas: these are the OpenAPI document's contents.

Inputs refuse fields they do not know (a misspelt field is named rather than ignored) and take
true/false only as JSON booleans. The vocabulary is the policy's own (DOMAIN.md section 3), so
the document lists every allowed value. The domain's actions still check everything they are
given; the schemas only make the first pass.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictStr
from pydantic_core import PydanticCustomError

from safereport.casework.status import OFFENDING_HINT, STATUS_HINTS
from safereport.casework.vocabulary import ConsentAnswer, ConsentMethod, LawfulBasis, ReportingRoute
from safereport.pathways.lifecycle import ReferralStatus
from safereport.pathways.vocabulary import DeclineReason, ReportStatus
from safereport.policy.vocabulary import (
    AgeGroup,
    Category,
    Consent,
    CrimeType,
    Duty,
    EnforcementAction,
    GateOutcome,
    ImmigrationStatus,
    Nrm,
    Outcome,
    Purpose,
    RegimeId,
    Stage,
    Support,
    Verdict,
)
from safereport.policy.vocabulary import Role as PartyRole


# Plain pydantic models, not ninja's `Schema`: every value in and out of the API is a dict or a
# body already parsed, never a model instance, and `Schema` wraps each in an attribute getter
# (twice for a model that forbids extra keys), which cost about a tenth of a sharing decision's
# CPU (README, "A sharing decision through the API").
class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Output(BaseModel):
    # Some answers are read from an object's attributes (the inbox's entries), most from dicts.
    model_config = ConfigDict(from_attributes=True)


# A date in a request: ISO 8601's YYYY-MM-DD and nothing else. pydantic alone also takes a
# number, or a string of one ("0"), as seconds since 1970, so that `0` was 1 January 1970. No
# date of this service (a birth, a crime, a report) is before 1900, as on the pages' date fields.
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # ASCII digits: \d also takes other scripts'
EARLIEST_DATE = date(1900, 1, 1)


def _iso_date(value: Any) -> date:
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        raise PydanticCustomError("date_parsing", "must be a date written YYYY-MM-DD")
    try:
        found = date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("date_parsing", "must be a date written YYYY-MM-DD") from None
    if found < EARLIEST_DATE:
        raise PydanticCustomError("date_too_early", "must be a date from 1900-01-01 on")
    return found


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


# Errors ------------------------------------------------------------------------------------------


class ErrorDetail(Output):
    code: str = Field(description="what kind of error, e.g. invalid_request, not_found")
    message: str = Field(description="what happened, for a person")
    fields: dict[str, str] = Field(description="each field to fix (dotted path), and why")


class ErrorOut(Output):
    """The service's one error shape."""

    error: ErrorDetail


# Every endpoint can answer these: no valid token; not found (or not for this role); too many
# bad tokens from the client (`auth.py`); a failure; the database out of reach (`outages`).
ALWAYS = (401, 404, 429, 500, 503)


def answers(success: Mapping[int, Any], *errors: int) -> dict[Any, Any]:
    """An endpoint's responses: its success, and the error shape for `errors` and `ALWAYS`."""
    return {**success, tuple(sorted({*ALWAYS, *errors})): ErrorOut}


# Police: cases and parties -----------------------------------------------------------------------


class PersonIn(Input):
    """Who the person is and how to reach them safely; all of it is encrypted at rest."""

    given_name: StrictStr = ""
    family_name: StrictStr = ""
    date_of_birth: IsoDate | None = None
    nationality: StrictStr = ""
    phone: StrictStr = ""
    email: StrictStr = ""
    address: StrictStr = ""
    preferred_language: StrictStr = Field("", description="ISO 639-1 code, e.g. es")
    interpreter_needed: StrictBool = False
    safe_contact_instructions: StrictStr = Field(
        "", description="how to contact them safely, in their words (for the officer)"
    )
    safe_contact: dict[str, Any] | None = Field(
        None,
        description='how they may be reached, for notices: {"channels": [in_person, sms, email, '
        'letter, phone_call], "windows": [{"days": [mon..sun], "from": "09:00", "until": '
        '"12:00"}], "only_through_support_worker": bool, "note": text}; none: in person only',
    )


# What each answer about status means (Recommendation 1 turns on the difference).
STATUS_DESCRIPTION = " ".join(f"`{value}`: {hint}" for value, hint in STATUS_HINTS.items())


class PartyIn(Input):
    """A person's part in a case. Without `person`, the party is known only anonymously (a
    third-party report)."""

    role: PartyRole
    age_group: AgeGroup
    immigration_status: ImmigrationStatus = Field(description=STATUS_DESCRIPTION)
    suspected_offending: StrictBool = Field(False, description=OFFENDING_HINT)
    support: Support = Support.NONE
    nrm: Nrm = Nrm.NONE
    person: PersonIn | None = None


class CaseIn(Input):
    """A report: the case, and its parties (the first is the person reporting or reported for)."""

    crime_type: CrimeType
    reporting_route: ReportingRoute
    reported_on: IsoDate
    occurred_on: IsoDate | None = None
    summary: StrictStr = ""
    parties: list[PartyIn] = Field(min_length=1)


class PersonOut(Output):
    reference: str
    given_name: str
    family_name: str
    date_of_birth: date | None
    nationality: str
    phone: str
    email: str
    address: str
    preferred_language: str
    interpreter_needed: bool
    safe_contact_instructions: str
    safe_contact: dict[str, Any] | None


class PartyOut(Output):
    reference: str
    case: str = Field(description="the case's reference")
    role: PartyRole
    age_group: AgeGroup
    immigration_status: ImmigrationStatus
    suspected_offending: bool
    support: Support
    nrm: Nrm
    person: PersonOut | None


class TaskOut(Output):
    """A duty that a decision created (DOMAIN.md section 4)."""

    reference: str
    party: str
    duty: Duty
    status: str = Field(description="open or done")
    done_at: datetime | None


class DecisionSummaryOut(Output):
    reference: str
    party: str
    purpose: Purpose
    categories: list[Category]
    outcome: Outcome
    created_at: datetime
    disclosed: bool


class CaseOut(Output):
    reference: str
    force: str = Field(description="the force's code")
    crime_type: CrimeType
    reporting_route: ReportingRoute
    reported_on: date
    occurred_on: date | None
    summary: str
    stage: Stage
    officer_in_charge: str = Field(description="the officer's pseudonym")
    regime: RegimeId | None = Field(description="the force's regime in force today, if set")
    parties: list[PartyOut]
    tasks: list[TaskOut]
    decisions: list[DecisionSummaryOut]


class CaseStateIn(Input):
    stage: Stage


class CaseStateOut(Output):
    reference: str
    stage: Stage


class PartyStateIn(Input):
    """Give either or both."""

    support: Support | None = None
    nrm: Nrm | None = None


class PartyStateOut(Output):
    reference: str
    case: str
    support: Support
    nrm: Nrm


# Police: sharing decisions and disclosures -------------------------------------------------------


class RuleOut(Output):
    id: str
    rule: str = Field(description="the rule's name in DOMAIN.md, e.g. H1")
    effect: str = Field(description="permit, forbid or duty")
    source: str
    statement: str


class CategoryBasisOut(Output):
    basis: str = Field(
        description="permitted_by_rule, forbidden_by_rule, not_permitted_by_any_rule or "
        "not_consented (prohibited for want of the person's consent to that category)"
    )
    rules: list[str]


class DecisionOut(Output):
    """The engine's answer to a proposed share, exactly as `safereport decide` prints it."""

    regime: RegimeId
    regime_version: str
    outcome: Outcome
    categories: dict[Category, Verdict]
    category_basis: dict[Category, CategoryBasisOut]
    duties: list[Duty]
    rules: list[RuleOut]
    explanation: str


class GateOut(Output):
    """The protocol check's answer, exactly as `safereport gate` prints it."""

    regime: RegimeId
    regime_version: str
    outcome: GateOutcome
    duties: list[Duty]
    rules: list[RuleOut]
    explanation: str


class DecisionRequestIn(Input):
    purpose: Purpose
    categories: list[Category] = Field(min_length=1)


class SharingDecisionOut(Output):
    reference: str
    party: str
    purpose: Purpose
    categories: list[Category]
    consent: Literal["none", "given", "refused", "mixed"] = Field(
        description="the consent the decision read, from the party's records: one word when the "
        "same for every requested category, else mixed"
    )
    consent_by_category: dict[Category, Consent] = Field(
        description="the consent the decision read for each requested category"
    )
    outcome: Outcome
    permitted: list[Category]
    regime: RegimeId
    regime_version: str
    created_at: datetime
    decision: DecisionOut


class DisclosureIn(Input):
    """A share is a deliberate act: what to send, on which lawful basis and why, all given."""

    categories: list[Category] = Field(
        min_length=1,
        description="the permitted categories to send, chosen by the officer (no default)",
    )
    lawful_basis: LawfulBasis = Field(description="the lawful basis of the share")
    justification: str = Field(
        min_length=1,
        max_length=5_000,
        description="why the share is needed, in the officer's own words (IE does not see it)",
    )


class DisclosureOut(Output):
    reference: str
    decision: str
    categories: list[Category]
    lawful_basis: LawfulBasis
    enforcement_reference: str = Field(description="the disclosure's reference at IE")
    protocol_reference: str | None = Field(
        description="the reference IE quotes for the protocol check, when a protection was "
        "registered"
    )
    disclosed_at: datetime


# Immigration Enforcement -----------------------------------------------------------------------


class InboxEntryOut(Output):
    """One disclosure: only what was handed over."""

    reference: str
    received_at: datetime
    force: str = Field(description="the disclosing force's name")
    purpose: Purpose
    categories: list[Category]
    fields: dict[str, dict[str, str | None]] = Field(
        description="for each category, its fields' values (None where the police hold nothing)"
    )
    protocol_reference: str | None


class ProtocolCheckIn(Input):
    protocol_reference: StrictStr = Field(max_length=100)
    action: EnforcementAction


class ProtocolCheckOut(GateOut):
    protocol_reference: str


# The CLI's scenarios (documentation only: `decide` and `gate` read them with the CLI's parser) ---


class ScenarioPerson(Input):
    role: PartyRole
    age_group: AgeGroup
    immigration_status: ImmigrationStatus
    suspected_offending: bool


class ScenarioCrime(Input):
    type: CrimeType


class ScenarioCase(Input):
    stage: Stage
    support: Support
    nrm: Nrm
    nrm_consent: Consent = Field(
        Consent.NONE,
        description="an adult's consent to a National Referral Mechanism referral, read only by "
        "the NRM duties; absent means none (not asked)",
    )


class ScenarioRequest(Input):
    purpose: Purpose
    categories: list[Category] = Field(min_length=1)


class SharingScenario(Input):
    """A proposed share, as `safereport decide` reads it."""

    regime: RegimeId
    person: ScenarioPerson
    crime: ScenarioCrime
    case: ScenarioCase
    request: ScenarioRequest
    consent: Consent | dict[Category, Consent] = Field(
        description="the person's consent: one value for every requested category, or one per "
        "category (a requested category missing from the object is none)"
    )


class GateScenario(Input):
    """A proposed enforcement action, as `safereport gate` reads it."""

    regime: RegimeId
    person: ScenarioPerson
    crime: ScenarioCrime
    case: ScenarioCase
    action: EnforcementAction
    referred_by_police: bool


# Pathways: referrals, support status and third-party reports (issue 5) ---------------------------


class ReferralStepOut(Output):
    status: ReferralStatus
    at: datetime


class ReferralOut(Output):
    """A referral to a support organisation, without what it carries."""

    reference: str
    status: ReferralStatus
    organisation: str = Field(description="the support organisation's code")
    organisation_name: str
    force: str = Field(description="the force's code")
    case: str = Field(description="the case's reference")
    party: str = Field(description="the referred party's reference")
    crime_type: CrimeType
    offered_at: datetime
    sent_at: datetime | None
    first_contact_due_on: date | None = Field(
        description="the second working day after sending (Victims' Code right 4)"
    )
    overdue: bool = Field(description="still awaiting first contact after the day it was due")
    consent: str | None = Field(description="the reference of the victim's consent, if recorded")
    categories: list[Category] = Field(description="the data categories sent")
    decline_reason: DeclineReason | None
    steps: list[ReferralStepOut]


class ReferralContentOut(ReferralOut):
    """A referral with what it carries: for each category sent, its fields' values (None where
    nothing is held). Reading it is an audit event."""

    content: dict[str, dict[str, Any]]


class OfferIn(Input):
    organisation: StrictStr = Field(
        max_length=100, description="the code of an organisation listed in the directory"
    )


class ConsentIn(Input):
    """The person's answer: `given` names the data categories it covers."""

    answer: ConsentAnswer
    method: ConsentMethod
    categories: list[Category] = Field(default_factory=list)


class DeclineIn(Input):
    reason: DeclineReason


class SupportIn(Input):
    support: Literal["offered", "receiving"]
    advice_on_stay_given: StrictBool = False


class SupportStatusOut(Output):
    reference: str
    party: str
    organisation: str
    support: Support
    advice_on_stay_given: bool
    recorded_at: datetime


class ReasonOut(Output):
    aspect: str = Field(description="service, immigration_advice, area, language, ...")
    fits: bool
    text: str


class MatchOut(Output):
    organisation: str = Field(description="the organisation's code, to offer a referral to")
    name: str
    points: int
    has_capacity: bool
    illustrative: bool = Field(description="an illustrative entry: check before use")
    reasons: list[ReasonOut]


class NeedsOut(Output):
    crime_type: CrimeType
    force: str
    language: str = Field(description="ISO 639-1, empty when not known")
    interpreter: bool
    immigration_advice: bool
    community: str


class MatchesOut(Output):
    """The directory's organisations that can help the party, best first, and why."""

    party: str
    needs: NeedsOut
    matches: list[MatchOut]


class ThirdPartyReportIn(Input):
    """A crime reported for a victim or witness. `identity` stays with your organisation."""

    force: StrictStr = Field(max_length=100, description="the police force's code")
    crime_type: CrimeType
    pseudonym: StrictStr = Field(
        max_length=100,
        description="what you and the police call the person; never their name nor part of it",
    )
    role: PartyRole
    age_group: AgeGroup
    immigration_status: ImmigrationStatus = Field(description=STATUS_DESCRIPTION)
    support: Support = Support.OFFERED
    summary: StrictStr = ""
    occurred_on: IsoDate | None = None
    identity: PersonIn


class ThirdPartyReportOut(Output):
    reference: str
    organisation: str
    force: str
    status: ReportStatus
    pseudonym: str
    crime_type: CrimeType
    role: PartyRole
    age_group: AgeGroup
    immigration_status: ImmigrationStatus
    support: Support
    summary: str
    occurred_on: date | None
    submitted_at: datetime
    case: str | None = Field(description="the case's reference, once the police record it")
    identity_revealed_categories: list[Category]


class ConsentOut(Output):
    """A consent record, of either kind, in its one shape (`api.consent.consent_json`)."""

    reference: str
    party: str
    categories: list[Category]
    recipient: str = Field(description="the code of the organisation it lets receive the data")
    answer: ConsentAnswer
    method: ConsentMethod
    recorded_at: datetime
    recorded_by: str = Field(description="the pseudonym of the user who recorded it")
    withdrawn_at: datetime | None
    withdrawn_by: str | None = Field(description="the pseudonym of who recorded the withdrawal")


class PathwayConsentOut(ConsentOut):
    purpose: str = Field(description="support_referral or identity_reveal")


# Consent to share with Immigration Enforcement (police) ----------------------------------------


class ConsentRecordIn(Input):
    """The person's answer about sharing with Immigration Enforcement for one purpose: `given`
    or `refused`, for the data categories named, and how it was given."""

    purpose: Purpose
    categories: list[Category] = Field(min_length=1)
    answer: ConsentAnswer
    method: ConsentMethod


class ConsentRecordOut(ConsentOut):
    purpose: Purpose


# Consent to a National Referral Mechanism referral (police) -----------------------------------


class NrmConsentIn(Input):
    """An adult's answer about being referred to the National Referral Mechanism, and how it was
    given. Its own question: it says nothing about sharing with Immigration Enforcement."""

    answer: ConsentAnswer
    method: ConsentMethod


class ErasureIn(Input):
    """A person's valid request to erase their data, as the force's DPO logged it."""

    request_reference: StrictStr = Field(
        description="the force's own reference for the request (1 to 40 letters, digits, "
        "dots, slashes or dashes): it goes into the audit event, so never a name"
    )
    received_on: IsoDate = Field(description="the day the request was received")


class ErasureOut(Output):
    person: str = Field(description="the person's reference, which stays")
    erased_at: datetime
    parties: list[str] = Field(description="each part they play, erased with them")
    cases: list[str] = Field(description="their cases, whose summaries were erased")


class NrmConsentOut(Output):
    reference: str
    party: str
    answer: ConsentAnswer
    method: ConsentMethod
    recorded_at: datetime
    recorded_by: str = Field(description="the pseudonym of the user who recorded it")
    withdrawn_at: datetime | None
    withdrawn_by: str | None = Field(description="the pseudonym of who recorded the withdrawal")


# Notices (police) -------------------------------------------------------------------------------


class DeliveryIn(Input):
    """How the current version reaches the person."""

    channel: Literal["in_person", "sms", "email", "letter"]
    interpreter_language: StrictStr = Field(
        "", max_length=16, description="in person: the language an interpreter read it in"
    )


class DeliveryOut(Output):
    reference: str
    version: int
    channel: Literal["in_person", "sms", "email", "letter"]
    status: Literal["delivered", "sending", "failed"]
    interpreter_language: str | None
    recorded_at: datetime
    access_code: str | None = Field(
        None, description="in person: the new access code printed for the person, shown once"
    )


class NoticeOut(Output):
    reference: str = Field(description="the notice reference the person types on their page")
    version: int
    language: str
    issued_at: datetime
    regime: RegimeId
    regime_version: str
    sha256: str = Field(description="SHA-256 of `text`, as its audit event holds")
    text: str
    english_sha256: str
    english_text: str
    deliveries: list[DeliveryOut]


class NotifyReceiptOut(Output):
    recorded: bool = Field(description="whether the receipt was of a notice this service sent")
