"""URLs of the inspectors' pages: the audit log's, under /audit/."""

from django.urls import path

from safereport.oversight import views

app_name = "audit"

urlpatterns = [
    path("", views.inspector, name="inspector"),
    path("checkpoint.txt", views.checkpoint_download, name="checkpoint"),
    path("public-key.txt", views.public_key_download, name="public-key"),
]
