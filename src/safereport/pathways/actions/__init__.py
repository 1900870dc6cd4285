"""The pathways' state changes: one function per change, each one transaction with its audit
event, a keyword-only `actor` (the signed-in user), and pseudonymous references only in events.

Records may be given as instances or by reference (what an API receives); either way they are
re-read and locked inside the transaction, and anything the actor may not see is `NotFoundError`,
the same as what does not exist. Callers import from here.
"""

from safereport.pathways.actions.consent import withdraw_consent
from safereport.pathways.actions.directory import (
    ImportResult,
    import_directory,
    save_directory_entry,
    store_directory_entries,
)
from safereport.pathways.actions.referrals import (
    acknowledge_referral,
    decline_referral,
    offer_referral,
    read_referral,
    record_first_contact,
    record_referral_answer,
    record_unable_to_contact,
    send_referral,
)
from safereport.pathways.actions.reports import (
    ReportDraft,
    check_third_party_report,
    read_third_party_report,
    record_identity_consent,
    record_third_party_report,
    submit_third_party_report,
)
from safereport.pathways.actions.support import record_support_status
from safereport.pathways.directory import EntryDetails

__all__ = [
    "EntryDetails",
    "ImportResult",
    "ReportDraft",
    "acknowledge_referral",
    "check_third_party_report",
    "decline_referral",
    "import_directory",
    "offer_referral",
    "read_referral",
    "read_third_party_report",
    "record_first_contact",
    "record_identity_consent",
    "record_referral_answer",
    "record_support_status",
    "record_third_party_report",
    "record_unable_to_contact",
    "save_directory_entry",
    "send_referral",
    "store_directory_entries",
    "submit_third_party_report",
    "withdraw_consent",
]
