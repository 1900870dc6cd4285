"""Every URL of the service. Each view declares who may see it (safereport.accounts.access)."""

from django.urls import include, path

from safereport.accounts import views as accounts
from safereport.accounts.password_views import set_password
from safereport.api.api import api
from safereport.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("health", views.health, name="health"),
    path("sign-in/", accounts.sign_in, name="sign-in"),
    path("sign-out/", accounts.sign_out, name="sign-out"),
    # The one-time link: Django's view wants the parts named `uidb64` and `token`; the first
    # holds the user's pseudonym (accounts/password_views.py).
    path("set-password/<str:uidb64>/<str:token>/", set_password, name="set-password"),
    path("administration/", include("safereport.accounts.urls")),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("cookies/", views.cookies, name="cookies"),
    path("audit/", include("safereport.oversight.urls")),
    path("statistics/", include("safereport.oversight.statistics_urls")),
    path("transparency/", include("safereport.oversight.transparency_urls")),
    path("", include("safereport.casework.urls")),
    path("ie/", include("safereport.enforcement.urls")),
    path("pathways/", include("safereport.pathways.urls")),
    path("", include("safereport.notices.urls")),
    path("api/v1/", api.urls),
]

# A failure outside a view's own handling (a middleware reading the session, say): an outage
# answers 503, anything else the service's 500 page, or the API's shape on its paths.
handler500 = "safereport.web.outages.server_error"
