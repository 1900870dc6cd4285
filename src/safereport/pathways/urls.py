"""URLs of the pathways' pages, included at /pathways/. Every page is addressed by a random
reference (or, in the directory, an organisation's code), never by a person's name."""

from django.urls import path

from safereport.pathways.views import consents, directory, referrals, reports

app_name = "pathways"

urlpatterns = [
    # Support workers
    path("inbox/", referrals.inbox, name="inbox"),
    path("referrals/<str:reference>/acknowledge/", referrals.acknowledge, name="acknowledge"),
    path("referrals/<str:reference>/first-contact/", referrals.first_contact, name="first-contact"),
    path(
        "referrals/<str:reference>/unable-to-contact/",
        referrals.unable_to_contact,
        name="unable-to-contact",
    ),
    path("referrals/<str:reference>/decline/", referrals.decline, name="decline"),
    path("referrals/<str:reference>/support/", referrals.referral_support, name="referral-support"),
    path("reports/new/", reports.report_new, name="report-new"),
    path("reports/<str:reference>/identity/", reports.identity_consent, name="identity-consent"),
    path("reports/<str:reference>/support/", reports.report_support, name="report-support"),
    # Police
    path("parties/<str:reference>/referral/", referrals.offer, name="offer"),
    path("referrals/", referrals.referral_list, name="referrals"),
    path("referrals/<str:reference>/answer/", referrals.answer, name="answer"),
    path("referrals/<str:reference>/send/", referrals.send, name="send"),
    path("reports/", reports.report_list, name="reports"),
    path("reports/<str:reference>/record/", reports.record, name="record-report"),
    # Both
    path("referrals/<str:reference>/", referrals.referral, name="referral"),
    path("reports/<str:reference>/", reports.report, name="report"),
    path("consents/<str:reference>/withdraw/", consents.withdraw, name="withdraw-consent"),
    # Administrators
    path("directory/", directory.directory_list, name="directory"),
    path("directory/new/", directory.directory_new, name="directory-new"),
    path("directory/export.csv", directory.directory_export, name="directory-export"),
    path("directory/import/", directory.directory_import, name="directory-import"),
    path("directory/<str:code>/", directory.directory_edit, name="directory-edit"),
]
