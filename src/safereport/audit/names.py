"""Every kind of event the audit log holds, as one enumeration: `record()` takes nothing else,
so a misspelt name fails type-checking (and at run time), not only a regular expression.

Names read `<context>:<subject>:<verb>` (STYLE.md 5, as warehouse's `events/tags.py`): the
context is the part of the service that acts, the subject what it acted on, the verb what
happened, in the past tense.
"""

from __future__ import annotations

from enum import StrEnum


class AuditAction(StrEnum):
    """The name of an event, as written in its `action` field."""

    # Accounts: sign-in, users, organisations, API tokens.
    ACCOUNTS_API_TOKEN_CREATED = "accounts:api_token:created"  # noqa: S105 - a name, no secret
    ACCOUNTS_API_TOKEN_REVOKED = "accounts:api_token:revoked"  # noqa: S105 - a name, no secret
    ACCOUNTS_API_TOKEN_REFUSED = "accounts:api_token:refused"  # noqa: S105 - a name, no secret
    ACCOUNTS_ORGANISATION_CHANGED = "accounts:organisation:changed"
    ACCOUNTS_ORGANISATION_CREATED = "accounts:organisation:created"
    ACCOUNTS_PASSWORD_LINK_SENT = "accounts:password_link:sent"  # noqa: S105 - a name, no secret
    ACCOUNTS_PASSWORD_SET = "accounts:password:set"  # noqa: S105 - a name, no secret
    ACCOUNTS_SESSION_LOCKED_OUT = "accounts:session:locked_out"
    ACCOUNTS_SESSION_SIGN_IN_FAILED = "accounts:session:sign_in_failed"
    ACCOUNTS_SESSION_SIGNED_IN = "accounts:session:signed_in"
    ACCOUNTS_SESSION_SIGNED_OUT = "accounts:session:signed_out"
    ACCOUNTS_USER_CREATED = "accounts:user:created"
    ACCOUNTS_USER_DEACTIVATED = "accounts:user:deactivated"
    ACCOUNTS_USER_REACTIVATED = "accounts:user:reactivated"
    ACCOUNTS_USER_UNLOCKED = "accounts:user:unlocked"

    # The audit log itself.
    AUDIT_BENCHMARK_EVENT_RECORDED = "audit:benchmark_event:recorded"
    AUDIT_OPERATOR_NOTE_RECORDED = "audit:operator_note:recorded"

    # The police side.
    CASEWORK_CASE_OPENED = "casework:case:opened"
    CASEWORK_CASE_ERASED = "casework:case:erased"
    CASEWORK_CASE_RECORDED = "casework:case:recorded"
    CASEWORK_CASE_OPENING_REFUSED = "casework:case_opening:refused"
    CASEWORK_CASE_REASSIGNED = "casework:case:reassigned"
    CASEWORK_CASE_STATE_CHANGED = "casework:case_state:changed"
    CASEWORK_CONSENT_RECORDED = "casework:consent:recorded"
    CASEWORK_CONSENT_WITHDRAWN = "casework:consent:withdrawn"
    CASEWORK_DISCLOSURE_MADE = "casework:disclosure:made"
    CASEWORK_DUTY_DONE = "casework:duty:done"
    CASEWORK_FORCE_REGIME_CHANGED = "casework:force_regime:changed"
    CASEWORK_NRM_CONSENT_RECORDED = "casework:nrm_consent:recorded"
    CASEWORK_NRM_CONSENT_WITHDRAWN = "casework:nrm_consent:withdrawn"
    CASEWORK_PARTY_ADDED = "casework:party:added"
    CASEWORK_PERSON_CORRECTED = "casework:person:corrected"
    CASEWORK_PERSON_ERASED = "casework:person:erased"
    CASEWORK_REVIEW_ITEM_REVIEWED = "casework:review_item:reviewed"
    CASEWORK_SHARING_DECISION_MADE = "casework:sharing_decision:made"

    # Field encryption.
    CRYPTO_FIELD_KEYS_ROTATED = "crypto:field_keys:rotated"

    # The Immigration Enforcement side.
    ENFORCEMENT_DISCLOSURE_READ = "enforcement:disclosure:read"
    ENFORCEMENT_DISCLOSURE_ERASED = "enforcement:disclosure:erased"
    ENFORCEMENT_DISCLOSURE_READ_REFUSED = "enforcement:disclosure_read:refused"
    ENFORCEMENT_DISCLOSURE_RECEIVED = "enforcement:disclosure:received"
    ENFORCEMENT_INBOX_READ = "enforcement:inbox:read"
    ENFORCEMENT_PROTECTION_REGISTERED = "enforcement:protection:registered"
    ENFORCEMENT_PROTECTION_UPDATED = "enforcement:protection:updated"
    ENFORCEMENT_PROTOCOL_CHECK_MADE = "enforcement:protocol_check:made"
    ENFORCEMENT_PROTOCOL_CHECK_REFUSED = "enforcement:protocol_check:refused"

    # Victim notices.
    NOTICES_ACCESS_CODE_ISSUED = "notices:access_code:issued"
    NOTICES_NOTICE_DELIVERED = "notices:notice:delivered"
    NOTICES_NOTICE_ISSUED = "notices:notice:issued"
    NOTICES_NOTICE_READ = "notices:notice:read"
    NOTICES_NOTICE_READ_REFUSED = "notices:notice_read:refused"
    NOTICES_NOTICE_SENT = "notices:notice:sent"

    # Oversight: what forces return to their inspectors and the public.
    OVERSIGHT_LOG_VERIFICATION_REQUESTED = "oversight:log_verification:requested"
    OVERSIGHT_PROGRESS_UPDATE_SIGNED_OFF = "oversight:progress_update:signed_off"
    OVERSIGHT_RECOMMENDATION_EVIDENCE_RECORDED = "oversight:recommendation_evidence:recorded"
    OVERSIGHT_TRANSPARENCY_RETURN_SUBMITTED = "oversight:transparency_return:submitted"

    # Support organisations, referrals, third-party reports, consent.
    PATHWAYS_CONSENT_RECORDED = "pathways:consent:recorded"
    PATHWAYS_CONSENT_WITHDRAWN = "pathways:consent:withdrawn"
    PATHWAYS_DIRECTORY_IMPORTED = "pathways:directory:imported"
    PATHWAYS_DIRECTORY_ENTRY_CREATED = "pathways:directory_entry:created"
    PATHWAYS_DIRECTORY_ENTRY_UPDATED = "pathways:directory_entry:updated"
    PATHWAYS_IDENTITY_REVEALED = "pathways:identity:revealed"
    PATHWAYS_REFERRAL_ACCEPTED = "pathways:referral:accepted"
    PATHWAYS_REFERRAL_ACKNOWLEDGED = "pathways:referral:acknowledged"
    PATHWAYS_REFERRAL_DECLINED_BY_ORGANISATION = "pathways:referral:declined_by_organisation"
    PATHWAYS_REFERRAL_DECLINED_BY_VICTIM = "pathways:referral:declined_by_victim"
    PATHWAYS_REFERRAL_FIRST_CONTACT_MADE = "pathways:referral:first_contact_made"
    PATHWAYS_REFERRAL_OFFERED = "pathways:referral:offered"
    PATHWAYS_REFERRAL_READ = "pathways:referral:read"
    PATHWAYS_REFERRAL_READ_REFUSED = "pathways:referral_read:refused"
    PATHWAYS_REFERRAL_SENT = "pathways:referral:sent"
    PATHWAYS_REFERRAL_UNABLE_TO_CONTACT = "pathways:referral:unable_to_contact"
    PATHWAYS_REFERRAL_WITHDRAWN = "pathways:referral:withdrawn"
    PATHWAYS_SUPPORT_STATUS_RECORDED = "pathways:support_status:recorded"
    PATHWAYS_THIRD_PARTY_REPORT_ERASED = "pathways:third_party_report:erased"
    PATHWAYS_THIRD_PARTY_REPORT_READ = "pathways:third_party_report:read"
    PATHWAYS_THIRD_PARTY_REPORT_READ_REFUSED = "pathways:third_party_report_read:refused"
    PATHWAYS_THIRD_PARTY_REPORT_RECORDED = "pathways:third_party_report:recorded"
    PATHWAYS_THIRD_PARTY_REPORT_SUBMITTED = "pathways:third_party_report:submitted"
