"""The administrator's pages, included at /administration/. Users are addressed by pseudonym,
organisations by code: no username or email address in an address."""

from django.urls import path

from safereport.accounts import organisations_views, users_views

app_name = "accounts"

urlpatterns = [
    path("users/", users_views.user_list, name="users"),
    path("users/new/", users_views.user_new, name="user-new"),
    path("users/<str:pseudonym>/", users_views.user_page, name="user"),
    path("users/<str:pseudonym>/unlock/", users_views.user_unlock, name="user-unlock"),
    path(
        "users/<str:pseudonym>/password-link/",
        users_views.user_password_link,
        name="user-password-link",
    ),
    path(
        "users/<str:pseudonym>/revoke-token/",
        users_views.user_revoke_token,
        name="user-revoke-token",
    ),
    path("users/<str:pseudonym>/deactivate/", users_views.user_deactivate, name="user-deactivate"),
    path("users/<str:pseudonym>/reactivate/", users_views.user_reactivate, name="user-reactivate"),
    path("organisations/", organisations_views.organisation_list, name="organisations"),
    path("organisations/new/", organisations_views.organisation_new, name="organisation-new"),
    path("organisations/<str:code>/", organisations_views.organisation_edit, name="organisation"),
]
