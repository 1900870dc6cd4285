"""URLs of the statistics for oversight, under /statistics/."""

from django.urls import path

from safereport.oversight import statistics_views

app_name = "oversight"

urlpatterns = [
    path("", statistics_views.statistics_page, name="statistics"),
    path("regimes/", statistics_views.regimes_page, name="regimes"),
]
