"""Middleware: a Content Security Policy without inline scripts or styles, an
early refusal of oversized requests, and a 503 when SQLite stays busy."""

from django.conf import settings
from django.db import OperationalError
from django.shortcuts import render

POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    """Set the workbench's CSP on every response that does not set its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", POLICY)
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared body is larger than MAX_REQUEST_BYTES with
    413 before anything reads it (an upload is otherwise spooled to disk in full
    before the import's own size check). The proxy in front should refuse such
    requests too (nginx: client_max_body_size)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > settings.MAX_REQUEST_BYTES:
            response = render(request, "413.html", {"limit_mb": settings.MAX_REQUEST_BYTES // (1024 * 1024)}, status=413)
            response["Connection"] = "close"
            return response
        return self.get_response(request)


class DatabaseBusyMiddleware:
    """SQLite's "database is locked" (a writer waited past the busy timeout)
    becomes a 503 page that says to try again, never a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError) and "database is locked" in str(exception):
            response = render(request, "503.html", status=503)
            response["Retry-After"] = "10"
            return response
        return None
