"""Django settings of the review page, read from the environment (never from a file).

| variable | meaning | default |
| --- | --- | --- |
| PP_REVIEW_STORE | folder for the reviews (made 0700; must be this user's and private) | a folder in the system's temporary directory |
| PP_REVIEW_ALLOWED_HOSTS | host names the page answers to, comma-separated | 127.0.0.1,localhost,[::1] |
| PP_REVIEW_TTL | seconds a review's results are kept | 3600 |
| PP_REVIEW_MAX_UPLOAD | largest upload in bytes | 20 MiB |
| PP_REVIEW_AT_ONCE | reviews one worker process runs at the same time (its worker threads) | 2 |
| PP_REVIEW_QUEUE | uploads one worker process keeps waiting for a worker; one more is answered 503 | 8 |
| PP_REVIEW_SECONDS | longest review (its child process is then killed: `review.timeout`) | 300 |
| PP_REVIEW_HTTPS_PROXY | 1 behind a reverse proxy that terminates HTTPS (trusts X-Forwarded-Proto) | unset |
| PP_REVIEW_TRUSTED_ORIGINS | origins the form may be posted from, e.g. https://review.example.lg.jp | none |
| PP_REVIEW_URL_PREFIX | the path the proxy serves the page under, e.g. /review | none |
| PP_REVIEW_SECRET_KEY | Django's secret key (nothing here signs with it) | random per process |
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from csp.constants import NONE, SELF

from plan_progress.review.limits import FORM_CELLS, FORM_TEXT_BYTES, MIB

HERE = Path(__file__).resolve().parent


def _list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = False
SECRET_KEY = os.environ.get("PP_REVIEW_SECRET_KEY") or secrets.token_urlsafe(50)
ALLOWED_HOSTS = _list("PP_REVIEW_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
ROOT_URLCONF = "plan_progress.review.web.urls"
WSGI_APPLICATION = "plan_progress.review.web.wsgi.application"
INSTALLED_APPS: list[str] = []
DATABASES: dict[str, dict] = {}
USE_I18N = False
USE_TZ = True

MIDDLEWARE = [
    # The headers first: they then wrap every answer, the page's own refusals included.
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Every method: Django checks the Host only when something asks for it (CSRF on POST).
    "plan_progress.review.web.middleware.known_host",
    # Before CSRF: CsrfViewMiddleware reads the form, which would read the whole upload.
    "plan_progress.review.web.middleware.upload_limit",
    "django.middleware.csrf.CsrfViewMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [HERE / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "plan_progress.review.web.pages.environment"},
    }
]

# Uploads: always to a private temporary file (never kept in memory), one file per form.
MAX_UPLOAD_BYTES = int(os.environ.get("PP_REVIEW_MAX_UPLOAD", 20 * MIB))
FILE_UPLOAD_MAX_MEMORY_SIZE = 0
FILE_UPLOAD_PERMISSIONS = 0o600
# The form's other fields: the correction form of a PDF's draft has one per cell shown (the
# whole request stays under the upload's limit, `middleware.upload_limit`).
DATA_UPLOAD_MAX_MEMORY_SIZE = FORM_TEXT_BYTES
DATA_UPLOAD_MAX_NUMBER_FIELDS = FORM_CELLS + 10
DATA_UPLOAD_MAX_NUMBER_FILES = 1

REVIEW_STORE = os.environ.get("PP_REVIEW_STORE", "")
REVIEW_TTL = int(os.environ.get("PP_REVIEW_TTL", 3600))
# At least one of each: no worker would leave every review waiting, and Python's queue takes
# a size of 0 for "no limit".
REVIEW_AT_ONCE = max(1, int(os.environ.get("PP_REVIEW_AT_ONCE", 2)))
REVIEW_QUEUE = max(1, int(os.environ.get("PP_REVIEW_QUEUE", 8)))
REVIEW_SECONDS = max(1.0, float(os.environ.get("PP_REVIEW_SECONDS", 300)))

# Security headers: no sniffing, no framing, nothing sent to other sites, no inline scripts.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Strict"
CSRF_FAILURE_VIEW = "plan_progress.review.web.views.csrf_failure"
CSRF_TRUSTED_ORIGINS = _list("PP_REVIEW_TRUSTED_ORIGINS")

if os.environ.get("PP_REVIEW_HTTPS_PROXY") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 0  # the intranet's proxy decides HSTS for its whole host
if os.environ.get("PP_REVIEW_URL_PREFIX"):
    FORCE_SCRIPT_NAME = "/" + os.environ["PP_REVIEW_URL_PREFIX"].strip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django": {"handlers": ["stderr"], "level": "WARNING"},
        "plan_progress": {"handlers": ["stderr"], "level": "WARNING"},
    },
}
