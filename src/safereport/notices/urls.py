"""URLs of the notices: the officer's page of a person's notice, and the person's own page."""

from django.urls import path

from safereport.notices import views

app_name = "notices"

urlpatterns = [
    path("parties/<str:reference>/notice/", views.party_notice, name="party-notice"),
    path("parties/<str:reference>/notice/given/", views.give_in_person, name="give-in-person"),
    path("notice/", views.open_notice, name="open"),
    path("notice/read/", views.read_notice, name="read"),
    path("your-information/", views.your_information, name="your-information"),
    path("your-information/<str:code>/", views.force_information, name="force-information"),
]
