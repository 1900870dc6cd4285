"""Reading pathways records for the pages and the API: each lookup checks access and answers
`NotFoundError` alike for what does not exist and what the user may not see. These record
nothing; reading a referral's or a report's content is `actions.read_referral` or
`actions.read_third_party_report`, which record it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from django.db.models import Case as DbCase
from django.db.models import F, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from safereport.accounts.models import User
from safereport.casework import access as casework_access
from safereport.casework.models import Case, Party
from safereport.pathways import access
from safereport.pathways.consent import current_consent
from safereport.pathways.directory import EntryDetails
from safereport.pathways.errors import NotFoundError
from safereport.pathways.lifecycle import AWAITING_CONTACT, ReferralStatus
from safereport.pathways.matching import Candidate, Match, Needs, rank
from safereport.pathways.models import (
    DirectoryEntry,
    PathwayConsent,
    Referral,
    SupportStatus,
    ThirdPartyReport,
)
from safereport.pathways.vocabulary import AdviserRegulator, ConsentPurpose
from safereport.policy.vocabulary import CrimeType, ImmigrationStatus

# Statuses whose holders may need advice on their immigration status.
NEEDS_ADVICE = frozenset({ImmigrationStatus.UNCERTAIN, ImmigrationStatus.INSECURE})


# Referrals ------------------------------------------------------------------------------------


def is_overdue(referral: Referral, today: date | None = None) -> bool:
    """Still awaiting first contact after the day it was due (Victims' Code right 4)."""
    due = referral.first_contact_due_on
    if referral.status not in AWAITING_CONTACT or due is None:
        return False
    return (today or timezone.localdate()) > due


def referral_for(actor: User, reference: str) -> Referral:
    """A referral the actor may see: police of the case's force, or the organisation it was
    sent to (after sending). Its content is not read here."""
    found = (
        Referral.objects.select_related(
            "entry__organisation", "party__case__force", "party__person", "consent", "offered_by"
        )
        .filter(reference=reference)
        .first()
    )
    if found is None or not access.may_see_referral(actor, found):
        raise NotFoundError
    return found


# What a listed referral shows beside itself (the API's `referral_json`, the inbox pages), read
# with it: a list of hundreds of referrals is a few queries, not a few for each.
LISTED_WITH = ("party__case__force", "entry__organisation", "consent")


def inbox(actor: User) -> QuerySet[Referral]:
    """The referrals sent to the actor's organisation: overdue first, then those awaiting first
    contact by due day, then the rest newest first."""
    if not access.is_support_worker(actor):
        return Referral.objects.none()
    return urgent_first(
        Referral.objects.filter(entry__organisation_id=actor.organisation_id, sent_at__isnull=False)
        .select_related(*LISTED_WITH)
        .prefetch_related("steps")
    )


def force_referrals(actor: User) -> QuerySet[Referral]:
    """The referrals of the actor's force's cases, in the same order as an inbox."""
    if not casework_access.is_police(actor):
        return Referral.objects.none()
    return urgent_first(
        Referral.objects.filter(party__case__force_id=actor.organisation_id)
        .select_related(*LISTED_WITH)
        .prefetch_related("steps")
    )


def party_referrals(party: Party) -> QuerySet[Referral]:
    """A party's referrals, newest first (the caller has checked access to the party)."""
    return (
        Referral.objects.filter(party=party)
        .select_related("entry__organisation")
        .order_by("-offered_at", "-id")
    )


def has_been_offered_referral(party: Party) -> bool:
    """Whether the party has been offered a referral, whatever they answered."""
    return Referral.objects.filter(party=party).exists()


def has_been_referred(party: Party) -> bool:
    """Whether a referral of the party has been sent to an organisation."""
    return Referral.objects.filter(party=party, sent_at__isnull=False).exists()


def case_referrals(case: Case) -> QuerySet[Referral]:
    """The referrals of a case's parties, oldest first, with their steps (the caller has
    checked access to the case)."""
    return (
        Referral.objects.filter(party__case=case)
        .select_related("entry__organisation", "party__person")
        .prefetch_related("steps")
        .order_by("offered_at", "id")
    )


def _awaiting() -> Q:
    return Q(status__in=AWAITING_CONTACT, first_contact_due_on__isnull=False)


def overdue(referrals: QuerySet[Referral], today: date | None = None) -> QuerySet[Referral]:
    """Those still awaiting first contact after the day it was due (as `is_overdue`)."""
    return referrals.filter(_awaiting(), first_contact_due_on__lt=today or timezone.localdate())


def urgent_first(referrals: QuerySet[Referral], today: date | None = None) -> QuerySet[Referral]:
    """Overdue first (the longest overdue first), then those awaiting first contact by due day,
    then the rest newest first: ordered by the database, so a page of a long list is read
    without reading the others."""
    awaiting = _awaiting()
    late = awaiting & Q(first_contact_due_on__lt=today or timezone.localdate())
    moment = Coalesce("sent_at", "offered_at")
    return referrals.order_by(
        DbCase(When(late, then=Value(0)), When(awaiting, then=Value(1)), default=Value(2)),
        DbCase(When(awaiting, then=F("first_contact_due_on"))).asc(),
        DbCase(When(awaiting, then=moment)).asc(),
        DbCase(When(~awaiting, then=moment)).desc(),
        "-id",
    )


def steps_of(referral: Referral) -> list[tuple[str, datetime]]:
    """A referral's steps as (status in words, when), oldest first."""
    return [
        (ReferralStatus(status).label, at)
        for status, at in referral.steps.values_list("status", "at")
    ]


# Consent and support ----------------------------------------------------------------------


def referral_consent(referral: Referral) -> PathwayConsent | None:
    """The victim's consent to this referral as it stands now."""
    return current_consent(
        referral.party, ConsentPurpose.SUPPORT_REFERRAL, referral.entry.organisation
    )


def identity_consents(report: ThirdPartyReport) -> list[PathwayConsent]:
    """Every answer about revealing the reporter's identity, newest first."""
    if report.party_id is None:
        return []
    return list(
        PathwayConsent.objects.filter(
            party_id=report.party_id, purpose=ConsentPurpose.IDENTITY_REVEAL
        ).order_by("-recorded_at", "-id")
    )


def latest_support(party: Party, actor: User) -> SupportStatus | None:
    """What the actor's organisation last recorded about the support it gives the party."""
    return SupportStatus.objects.filter(party=party, organisation=actor.organisation).first()


# Third-party reports ----------------------------------------------------------------------


def report_for(actor: User, reference: str) -> ThirdPartyReport:
    """A report of the actor's organisation, or one sent to the actor's force."""
    found = (
        ThirdPartyReport.objects.select_related("organisation", "force", "party__case")
        .filter(reference=reference)
        .first()
    )
    if found is None or not (
        access.may_hold_report(actor, found) or access.may_record_report(actor, found)
    ):
        raise NotFoundError
    return found


def organisation_reports(actor: User) -> QuerySet[ThirdPartyReport]:
    """The reports the actor's organisation made, newest first."""
    if not access.is_support_worker(actor):
        return ThirdPartyReport.objects.none()
    return (
        ThirdPartyReport.objects.filter(organisation_id=actor.organisation_id)
        .select_related("force", "party__case")
        .order_by("-submitted_at", "-id")
    )


def force_reports(actor: User) -> QuerySet[ThirdPartyReport]:
    """The reports sent to the actor's force, those still to record first."""
    if not casework_access.is_police(actor):
        return ThirdPartyReport.objects.none()
    # "submitted" sorts after "recorded", so descending status puts those to record first.
    return (
        ThirdPartyReport.objects.filter(force_id=actor.organisation_id)
        .select_related("organisation", "party__case")
        .order_by("-status", "-submitted_at", "-id")
    )


# The directory and matching ---------------------------------------------------------------


def directory() -> QuerySet[DirectoryEntry]:
    """Every entry, by organisation name."""
    return DirectoryEntry.objects.select_related("organisation").order_by(
        "organisation__name", "organisation__code"
    )


def entry_for(code: str) -> DirectoryEntry:
    """The entry of the organisation with this code."""
    found = directory().filter(organisation__code=code).first()
    if found is None:
        raise NotFoundError
    return found


def details_of(entry: DirectoryEntry) -> EntryDetails:
    """An entry as plain values: what a page edits and a CSV file holds."""
    return EntryDetails(
        code=entry.organisation.code,
        name=entry.organisation.name,
        services=list(entry.services),
        intake_channel=entry.intake_channel,
        adviser_regulator=entry.adviser_regulator,
        adviser_registration=entry.adviser_registration,
        by_and_for=entry.by_and_for,
        communities=list(entry.communities),
        national=entry.national,
        forces=list(entry.forces),
        languages=list(entry.languages),
        intake_notes=entry.intake_notes,
        has_capacity=entry.has_capacity,
        illustrative=entry.illustrative,
        listed=entry.listed,
    )


def candidates() -> list[Candidate]:
    """The listed entries as matching sees them."""
    return [
        Candidate(
            code=entry.organisation.code,
            name=entry.organisation.name,
            services=frozenset(entry.services),
            regulator=AdviserRegulator(entry.adviser_regulator).label
            if entry.adviser_regulator
            else "",
            national=entry.national,
            forces=frozenset(entry.forces),
            languages=frozenset(entry.languages),
            communities=tuple(entry.communities),
            by_and_for=entry.by_and_for,
            has_capacity=entry.has_capacity,
        )
        for entry in directory().filter(listed=True, organisation__active=True)
    ]


def needs_of(
    party: Party,
    *,
    immigration_advice: bool | None = None,
    community: str = "",
) -> Needs:
    """What the party needs, from the case and the person's record: language and interpreter
    from the person (an anonymous party has none known), immigration advice when their status is
    uncertain or insecure, unless the officer says otherwise."""
    person = party.person
    advice = (
        immigration_advice
        if immigration_advice is not None
        else ImmigrationStatus(party.immigration_status) in NEEDS_ADVICE
    )
    return Needs(
        crime_type=CrimeType(party.case.crime_type),
        force_code=party.case.force.code,
        force_name=party.case.force.name,
        language=person.preferred_language if person else "",
        interpreter=bool(person and person.interpreter_needed),
        immigration_advice=advice,
        community=community,
    )


def matches_for(party: Party, needs: Needs | None = None) -> list[Match]:
    """The directory's organisations that can help the party, best first, with reasons."""
    return rank(needs or needs_of(party), candidates())


def illustrative_codes() -> frozenset[str]:
    """The codes of the entries marked illustrative ("illustrative — check before use")."""
    return frozenset(
        DirectoryEntry.objects.filter(illustrative=True).values_list(
            "organisation__code", flat=True
        )
    )


def communities() -> Sequence[str]:
    """Every community the listed entries serve, once each, in alphabetical order."""
    found: dict[str, str] = {}
    for entry in directory().filter(listed=True):
        for community in entry.communities:
            found.setdefault(community.casefold(), community)
    return [found[key] for key in sorted(found)]


def consent_for(actor: User, reference: str) -> PathwayConsent:
    """A pathways consent the actor may record the withdrawal of."""
    found = (
        PathwayConsent.objects.select_related("party__case__force", "recipient")
        .filter(reference=reference)
        .first()
    )
    if found is None or not access.may_withdraw_consent(actor, found):
        raise NotFoundError
    return found


def consent_page(actor: User, consent: PathwayConsent) -> tuple[str, str] | None:
    """The page a consent belongs to, as (URL name, reference), if the actor may see it."""
    if consent.purpose == ConsentPurpose.SUPPORT_REFERRAL:
        for referral in Referral.objects.filter(consent=consent).select_related(
            "entry", "party__case"
        ):
            if access.may_see_referral(actor, referral):
                return "pathways:referral", referral.reference
        return None
    report = ThirdPartyReport.objects.filter(party_id=consent.party_id).first()
    if report is not None and (
        access.may_hold_report(actor, report) or access.may_record_report(actor, report)
    ):
        return "pathways:report", report.reference
    return None
