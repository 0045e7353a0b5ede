"""The pages: the upload form, a review's report and to-do list, its files and its preview."""

from __future__ import annotations

import mimetypes
import shutil
import unicodedata
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from plan_progress.core.limits import mib
from plan_progress.review.limits import Limits
from plan_progress.review.pdf import corrected
from plan_progress.review.result import ReviewResult
from plan_progress.review.run import (
    DRAFT_WORKBOOK,
    DRAFT_ZIP,
    PACKAGE_ZIP,
    RELEASE_ZIP,
    WORKBOOK,
    zip_bytes,
)
from plan_progress.review.web.jobs import Job, Jobs
from plan_progress.review.web.pages import Words, lang_of
from plan_progress.review.web.store import Review, Store, default_root, new_visitor_token

VISITOR_COOKIE = "pp_review_visitor"
STATIC = Path(__file__).resolve().parent / "static"
SITE_CSS = Path(__file__).resolve().parents[2] / "site" / "static" / "style.css"
# The files the page itself serves: fixed names, never a path from the request.
STATIC_FILES = {
    "site.css": SITE_CSS,
    "review.css": STATIC / "review.css",
    "review.js": STATIC / "review.js",
}
_PREVIEW_ROWS = 20
_SHOWN_NAME_CHARS = 120
_DOWNLOAD_NAMES = {
    PACKAGE_ZIP: ".zip",
    RELEASE_ZIP: "-release.zip",
    WORKBOOK: ".xlsx",
    DRAFT_ZIP: "-draft.zip",
    DRAFT_WORKBOOK: "-draft.xlsx",
}
_DRAFT_FOLDER = "draft"  # the folder inside draft.zip (`run.zip_bytes`)


@cache
def store() -> Store:
    root = Path(settings.REVIEW_STORE) if settings.REVIEW_STORE else default_root()
    return Store(root, settings.REVIEW_TTL)


@cache
def jobs() -> Jobs:
    """This process's review queue and workers."""
    return Jobs(store(), settings.REVIEW_AT_ONCE, settings.REVIEW_QUEUE, settings.REVIEW_SECONDS)


def _page(request: HttpRequest, template: str, status: int = 200, **context: Any) -> HttpResponse:
    lang = lang_of(request.GET.get("lang"))
    other = "en" if lang == "ja" else "ja"
    context.update(lang=lang, other_lang=other, w=Words(lang))
    return render(request, template, context, status=status)


def error_page(request: HttpRequest, key: str, status: int) -> HttpResponse:
    response = _page(
        request,
        "error.html",
        status,
        message_key=key,
        limit=mib(settings.MAX_UPLOAD_BYTES),
    )
    response["Cache-Control"] = "no-store"
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return error_page(request, "csrf", 403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, "not_found", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return error_page(request, "server_error", 500)


@require_GET
@never_cache
def upload_form(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        "upload.html",
        limit=mib(settings.MAX_UPLOAD_BYTES),
        minutes=settings.REVIEW_TTL // 60,
        error=None,
    )


def _shown_name(name: str | None) -> str:
    """The file name as sent, for showing only: printable, NFC, not too long."""
    text = unicodedata.normalize("NFC", name or "upload")
    text = "".join(c for c in text if c.isprintable()) or "upload"
    return text[:_SHOWN_NAME_CHARS]


@require_POST
@never_cache
def upload(request: HttpRequest) -> HttpResponse:
    the_store = store()
    the_store.sweep()
    uploaded = request.FILES.get("file")
    if getattr(request, "upload_too_large", False):
        return error_page(request, "too_large", 413)
    if uploaded is None:
        return _page(
            request,
            "upload.html",
            400,
            limit=mib(settings.MAX_UPLOAD_BYTES),
            minutes=settings.REVIEW_TTL // 60,
            error="no_file",
        )
    visitor = request.COOKIES.get(VISITOR_COOKIE) or new_visitor_token()
    review = the_store.create(visitor)
    try:
        source = review.work / "upload"  # our name; the sender's name is only shown
        with source.open("xb") as out:
            shutil.copyfileobj(uploaded, out)
        uploaded.close()
    except BaseException:
        the_store.delete(review)
        raise
    return _queue(request, review, source, _shown_name(uploaded.name), visitor)


def _queue(
    request: HttpRequest, review: Review, source: Path, shown: str, visitor: str
) -> HttpResponse:
    """Put the review of `source` in the queue and send the visitor to its page."""
    try:
        limits = Limits(upload_bytes=settings.MAX_UPLOAD_BYTES)
        queued = jobs().submit(Job(review, source, shown, limits))
    except BaseException:
        store().delete(review)
        raise
    if not queued:
        store().delete(review)
        response = error_page(request, "busy", 503)
        response["Retry-After"] = "30"
        return response
    lang = lang_of(request.GET.get("lang"))
    target = reverse("result", args=[review.id]) + ("?lang=en" if lang == "en" else "")
    return _with_visitor(HttpResponseRedirect(target, status=303), request, visitor)


@require_POST
@never_cache
def correct(request: HttpRequest, review_id: str) -> HttpResponse:
    """A PDF's draft with the texts the person corrected, reviewed as a new zipped package
    (validate's findings, and the workbook and package when nothing is wrong). The draft is
    the one this review made and stored; only the texts of its cells come from the form."""
    review = _find(request, review_id)
    draft = review.download(DRAFT_ZIP) if review is not None else None
    if review is None or draft is None:
        return not_found(request)
    outcome = review.result()
    texts = [request.POST.get(f"cell-{n}") for n in range(len(outcome.cells))]
    prefix = _DRAFT_FOLDER + "/"
    with zipfile.ZipFile(draft) as archive:
        files = {
            info.filename.removeprefix(prefix): archive.read(info)
            for info in archive.infolist()
            if not info.is_dir()
        }
    package = zip_bytes(sorted(corrected(files, outcome.cells, texts).items()), _DRAFT_FOLDER)
    visitor = request.COOKIES[VISITOR_COOKIE]
    fresh = store().create(visitor)
    source = fresh.work / "upload"
    source.write_bytes(package)
    return _queue(request, fresh, source, outcome.upload_name, visitor)


def _with_visitor(response: HttpResponse, request: HttpRequest, visitor: str) -> HttpResponse:
    """The visitor's cookie, for the results' time-out from now. A review may wait in the
    queue for a while: the waiting page and its status answers renew the cookie, so that
    it outlives the wait and the results' own time-out."""
    response.set_cookie(
        VISITOR_COOKIE,
        visitor,
        max_age=settings.REVIEW_TTL,
        httponly=True,
        samesite="Strict",
        secure=request.is_secure(),
        path=settings.FORCE_SCRIPT_NAME or "/",
    )
    return response


def _find(request: HttpRequest, review_id: str) -> Review | None:
    """The visitor's finished review."""
    review = _find_any(request, review_id)
    return review if review is not None and review.done else None


def _find_any(request: HttpRequest, review_id: str) -> Review | None:
    """The visitor's review, finished or waiting (expired ones are swept first)."""
    the_store = store()
    the_store.sweep()
    return the_store.find_any(review_id, request.COOKIES.get(VISITOR_COOKIE))


@require_GET
@never_cache
def result(request: HttpRequest, review_id: str) -> HttpResponse:
    review = _find_any(request, review_id)
    if review is None:
        return not_found(request)
    if not review.done:
        waiting = _page(request, "pending.html", review_id=review.id)
        return _with_visitor(waiting, request, request.COOKIES[VISITOR_COOKIE])
    outcome = review.page()
    shown = outcome.listed()
    return _page(
        request,
        "result.html",
        review_id=review.id,
        r=outcome,
        groups=outcome.listed_groups(),
        listed_count=len(shown.items),
        not_listed=shown.not_listed_total,
        preview=[(t, t.rows[:_PREVIEW_ROWS]) for t in outcome.preview],
        import_first=any(f.rule.startswith("import.") for f in outcome.findings),
        values_first=_values_first(outcome),
    )


def _values_first(outcome: ReviewResult) -> bool:
    """True when only the first checks ran (validation stops before the later ones)."""
    return any(f.rule.startswith(("table.", "package.", "profile.")) for f in outcome.findings)


@require_GET
@never_cache
def status(request: HttpRequest, review_id: str) -> HttpResponse:
    """Whether the review is finished, for the waiting page's script."""
    review = _find_any(request, review_id)
    if review is None:
        return JsonResponse({"found": False}, status=404)
    answer = JsonResponse({"found": True, "done": review.done})
    return _with_visitor(answer, request, request.COOKIES[VISITOR_COOKIE])


@require_GET
@never_cache
def todo(request: HttpRequest, review_id: str) -> HttpResponse:
    review = _find(request, review_id)
    if review is None:
        return not_found(request)
    outcome = review.page()
    shown = outcome.listed()
    # In the order a person walks through the workbook: sheet by sheet, row by row.
    items = sorted(
        shown.items,
        key=lambda f: (f.place.where, f.place.row or 0, f.place.column or "", f.rule),
    )
    return _page(
        request,
        "todo.html",
        review_id=review.id,
        r=outcome,
        todo_items=items,
        not_listed=shown.not_listed_total,
    )


@require_GET
@never_cache
def report_file(request: HttpRequest, review_id: str, fmt: str) -> HttpResponse:
    review = _find(request, review_id)
    if review is None:
        return not_found(request)
    lang = lang_of(request.GET.get("lang"))
    outcome = review.result()
    if fmt == "csv":
        response = HttpResponse(outcome.report_csv(lang), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            outcome.report_json(lang), content_type="application/json; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="review-{lang}.{fmt}"'
    return response


@require_GET
@never_cache
def download(request: HttpRequest, review_id: str, name: str) -> HttpResponse:
    review = _find(request, review_id)
    path = review.download(name) if review is not None and name in _DOWNLOAD_NAMES else None
    if review is None or path is None:
        return not_found(request)
    package_name = _package_name(review.page())
    filename = package_name + _DOWNLOAD_NAMES[name]
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )


def _package_name(outcome: ReviewResult) -> str:
    # The report page's folder is the package's name (checked by the site to be a plain word).
    page = outcome.site_report.get("ja", "reports/package/index.html")
    return page.split("/")[1]


@require_GET
@never_cache
def site_file(request: HttpRequest, review_id: str, path: str) -> HttpResponse:
    review = _find(request, review_id)
    stored = review.site_file(path) if review is not None else None
    if stored is None or not stored.is_file():
        return not_found(request)
    content_type = _site_types(path)
    return FileResponse(stored.open("rb"), content_type=content_type)


def _site_types(path: str) -> str:
    suffix = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    return {
        "html": "text/html; charset=utf-8",
        "css": "text/css; charset=utf-8",
        "js": "text/javascript; charset=utf-8",
        "ttl": "text/turtle; charset=utf-8",
        "nt": "application/n-triples",
        "jsonld": "application/ld+json",
        "json": "application/json",
        "csv": "text/csv; charset=utf-8",
        "txt": "text/plain; charset=utf-8",
        "md": "text/plain; charset=utf-8",
        "cff": "text/plain; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }.get(suffix, "application/octet-stream")


@require_POST
@never_cache
def delete(request: HttpRequest, review_id: str) -> HttpResponse:
    review = _find(request, review_id)
    if review is None:
        return not_found(request)
    store().delete(review)
    return _page(request, "deleted.html")


@require_GET
def static(request: HttpRequest, name: str) -> HttpResponse:
    path = STATIC_FILES.get(name)
    if path is None:
        return not_found(request)
    response = FileResponse(path.open("rb"), content_type=_site_types(name))
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
def no_icon(request: HttpRequest) -> HttpResponse:
    """Browsers ask every site for an icon; the page has none (and says so without an error)."""
    return HttpResponse(status=204)
