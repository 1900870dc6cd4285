"""WSGI entry point (gunicorn safereport.web.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safereport.web.settings")
application = get_wsgi_application()
