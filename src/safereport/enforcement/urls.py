"""URLs of the Immigration Enforcement side's pages, under /ie/. No page searches for anyone."""

from django.urls import path

from safereport.enforcement import views

app_name = "enforcement"

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("disclosures/<str:reference>/", views.disclosure, name="disclosure"),
    path("protocol-check/", views.protocol_check, name="protocol-check"),
    path("protocol-check/result/", views.protocol_check_result, name="protocol-check-result"),
    path("protocol-checks/", views.protocol_checks, name="protocol-checks"),
]
