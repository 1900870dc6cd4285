"""URLs of the police side's pages. Every page is addressed by a random reference, never a name."""

from django.urls import path

from safereport.casework.views import cases, force, people, sharing

app_name = "casework"

urlpatterns = [
    path("cases/", cases.case_list, name="cases"),
    path("cases/new/", cases.record_report, name="record-report"),
    path("cases/<str:reference>/", cases.case_page, name="case"),
    path("cases/<str:reference>/reason/", cases.open_reason, name="open-reason"),
    path("cases/<str:reference>/stage/", cases.change_stage, name="change-stage"),
    path("cases/<str:reference>/parties/new/", cases.add_party, name="add-party"),
    path("cases/<str:reference>/officer/", cases.reassign, name="reassign"),
    path("parties/<str:reference>/support/", cases.change_support, name="change-support"),
    path("parties/<str:reference>/nrm/", cases.change_nrm, name="change-nrm"),
    path("parties/<str:reference>/status/", cases.change_status, name="change-status"),
    path("parties/<str:reference>/person/", people.correct_person, name="correct-person"),
    path("parties/<str:reference>/erase/", people.erase_person, name="erase-person"),
    path("parties/<str:reference>/share/", sharing.sharing_panel, name="sharing-panel"),
    path("parties/<str:reference>/consent/", sharing.record_consent, name="record-consent"),
    path("consents/<str:reference>/withdraw/", sharing.withdraw_consent, name="withdraw-consent"),
    path("parties/<str:reference>/nrm-consent/", sharing.record_nrm_consent, name="nrm-consent"),
    path(
        "nrm-consents/<str:reference>/withdraw/",
        sharing.withdraw_nrm_consent,
        name="withdraw-nrm-consent",
    ),
    path("decisions/<str:reference>/", sharing.decision_page, name="decision"),
    path("decisions/<str:reference>/share/", sharing.share, name="share"),
    path("decisions/<str:reference>/share/check/", sharing.share_check, name="share-check"),
    path("tasks/<str:reference>/done/", sharing.mark_task_done, name="task-done"),
    path("force/regime/", force.regime, name="regime"),
    path("force/regime/confirm/", force.regime_confirm, name="regime-confirm"),
    path("force/review/", force.review_queue, name="review-queue"),
    path("force/review/<str:reference>/reviewed/", force.mark_reviewed, name="mark-reviewed"),
]
