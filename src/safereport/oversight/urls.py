"""URLs of the inspectors' pages of the audit log, under /audit/: its checkpoint and proofs,
the event browser, and verification in the background."""

from django.urls import path

from safereport.oversight import events_views, views

app_name = "audit"

urlpatterns = [
    path("", views.inspector, name="inspector"),
    path("checkpoint.txt", views.checkpoint_download, name="checkpoint"),
    path("public-key.txt", views.public_key_download, name="public-key"),
    path("events/", events_views.events, name="events"),
    path("verification/", events_views.verify, name="verify"),
    path("verification/<str:reference>/", events_views.verification, name="verification"),
]
