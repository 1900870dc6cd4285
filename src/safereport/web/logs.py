"""What is logged about a request names its route, never its raw path (issue 14, item 6): a
mistyped reference in an address could be a name. Imports nothing of the service's apps, as
Django configures logging (settings.LOGGING) before the apps are loaded."""

from __future__ import annotations

import logging

from django.http import HttpRequest


def route_of(request: HttpRequest) -> str:
    """The route a request matched (`cases/<str:reference>/`), or that it matched none."""
    match = getattr(request, "resolver_match", None)
    return f"/{match.route}" if match is not None and match.route else "(no route matched)"


class RouteNotPath(logging.Filter):
    """On the console handler: Django's request logs ("Not Found: /cases/case_x/", "Internal
    Server Error: ...", runserver's "GET /path HTTP/1.1") name the route and the status instead
    of the path the caller typed."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if record.name == "django.request" and isinstance(request, HttpRequest):
            status = getattr(record, "status_code", "")
            what = record.getMessage().split(":", 1)[0]  # "Not Found", without the path
            record.msg = "%s: %s %s (%s)"
            record.args = (what, request.method, route_of(request), status)
        elif record.name == "django.server":
            # runserver's access line: '"%s" %s %s' % (request line, status, size): the method
            # and the status are kept, the path is not (local mode only: gunicorn logs no access).
            line = record.args[0] if isinstance(record.args, tuple) and record.args else ""
            method = str(line).split(" ", 1)[0] or "request"
            record.msg = "%s (%s)"
            record.args = (method, getattr(record, "status_code", ""))
        return True
