"""URLs of the statistics for oversight, under /statistics/."""

from django.urls import path

from safereport.oversight import returns_views, statistics_views, tracker_views

app_name = "oversight"

urlpatterns = [
    path("", statistics_views.statistics_page, name="statistics"),
    path("statistics.csv", statistics_views.statistics_download, {"kind": "csv"}, name="csv"),
    path("statistics.ods", statistics_views.statistics_download, {"kind": "ods"}, name="ods"),
    path("regimes/", statistics_views.regimes_page, name="regimes"),
    path("regimes.csv", statistics_views.regimes_download, {"kind": "csv"}, name="regimes-csv"),
    path("regimes.ods", statistics_views.regimes_download, {"kind": "ods"}, name="regimes-ods"),
    path("recommendations/", tracker_views.recommendations, name="recommendations"),
    path(
        "recommendations/<str:recommendation>/evidence/",
        tracker_views.record_evidence,
        name="record-evidence",
    ),
    path("progress-update/", tracker_views.progress_update, name="progress-update"),
    path("returns/", returns_views.force_returns, name="returns"),
    path("returns/<str:year>/", returns_views.make_return, name="make-return"),
]
