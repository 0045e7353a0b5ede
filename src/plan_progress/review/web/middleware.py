"""The host check and the upload limit, enforced before anything reads the request body.

Django checks the Host header against ALLOWED_HOSTS only when something asks for the host
(CSRF checking on a POST), so a GET with any Host got the page; `known_host` asks on every
request and answers 400 (DNS rebinding: a page on another name must not read this one).

Django limits the size of a form's fields but not of its files, and CSRF checking reads the
whole form; so this runs first: a POST must say its length, and a length over the limit is
answered with 413 without reading the body. The upload handler then counts the bytes as they
arrive, so a request whose body is longer than its declared length still stops at the limit."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.files.uploadhandler import StopUpload, TemporaryFileUploadHandler
from django.http import HttpRequest, HttpResponse

# Room for the form's boundaries, headers and CSRF token around the file.
FORM_OVERHEAD = 64 * 1024


class LimitedUpload(TemporaryFileUploadHandler):
    """Django's handler that writes to a private temporary file, with a ceiling."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.seen = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.seen += len(raw_data)
        if self.seen > self.limit:
            self.request.upload_too_large = True  # type: ignore[union-attr]
            raise StopUpload(connection_reset=True)
        return super().receive_data_chunk(raw_data, start)


def upload_limit(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable:
    def middleware(request: HttpRequest) -> HttpResponse:
        if request.method == "POST":
            from plan_progress.review.web import views

            try:
                length = int(request.META.get("CONTENT_LENGTH") or "")
            except ValueError:
                return views.error_page(request, "length_required", 411)
            if length > settings.MAX_UPLOAD_BYTES + FORM_OVERHEAD:
                return views.error_page(request, "too_large", 413)
            request.upload_handlers = [LimitedUpload(request, settings.MAX_UPLOAD_BYTES)]
        return get_response(request)

    return middleware


def known_host(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable:
    def middleware(request: HttpRequest) -> HttpResponse:
        try:
            request.get_host()
        except DisallowedHost:
            from plan_progress.review.web import views

            return views.error_page(request, "bad_host", 400)
        return get_response(request)

    return middleware
