"""State changes on the police side: one function per change, each one transaction with its audit
event (ARCHITECTURE.md), a keyword-only `actor` (the signed-in user), and pseudonymous references
only in the event.

A refusal that would reveal whether a case exists raises `NotFoundError`. Model instances given
as arguments are re-read (and locked) inside the transaction, so a stale copy from a page cannot
decide anything. Callers import from here; the modules only group the actions by subject.
"""

from safereport.casework.actions.erasure import (
    ErasureRefusedError,
    ErasureRequest,
    erase_case,
    erase_person,
)
from safereport.casework.actions.force_regimes import (
    RegimeChange,
    plan_force_regime,
    set_force_regime,
)
from safereport.casework.actions.identity import reveal_identity
from safereport.casework.actions.opening import open_case
from safereport.casework.actions.people import correct_person
from safereport.casework.actions.progress import (
    change_case_stage,
    change_party_nrm,
    change_party_state,
    change_party_status,
    change_party_support,
    mark_duty_done,
    mark_review_done,
    reassign_case,
)
from safereport.casework.actions.reports import (
    add_party,
    record_case,
    record_consent,
    record_nrm_consent,
    record_report,
    withdraw_consent,
    withdraw_nrm_consent,
)
from safereport.casework.actions.sharing import (
    DisclosurePreview,
    disclose,
    preview_disclosure,
    request_sharing_decision,
)
from safereport.casework.inputs import PartyFacts, PersonDetails

__all__ = [
    "DisclosurePreview",
    "ErasureRefusedError",
    "ErasureRequest",
    "PartyFacts",
    "PersonDetails",
    "RegimeChange",
    "add_party",
    "change_case_stage",
    "change_party_nrm",
    "change_party_state",
    "change_party_status",
    "change_party_support",
    "correct_person",
    "disclose",
    "erase_case",
    "erase_person",
    "mark_duty_done",
    "mark_review_done",
    "open_case",
    "plan_force_regime",
    "preview_disclosure",
    "reassign_case",
    "record_case",
    "record_consent",
    "record_nrm_consent",
    "record_report",
    "request_sharing_decision",
    "reveal_identity",
    "set_force_regime",
    "withdraw_consent",
    "withdraw_nrm_consent",
]
