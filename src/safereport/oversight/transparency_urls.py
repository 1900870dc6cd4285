"""URLs of the transparency returns, public, under /transparency/."""

from django.urls import path

from safereport.oversight import returns_views

app_name = "transparency"

urlpatterns = [
    path("", returns_views.transparency, name="index"),
    path("returns.csv", returns_views.transparency_csv, name="csv"),
    path("<str:force>/<str:year>/", returns_views.transparency_return, name="return"),
    path(
        "<str:force>/<str:year>/return.csv",
        returns_views.transparency_return_csv,
        name="return-csv",
    ),
]
