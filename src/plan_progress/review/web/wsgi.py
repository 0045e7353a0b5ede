"""The WSGI application, for any WSGI server: `plan-progress review` runs it in waitress;
an intranet server may run it in several worker processes, e.g.
`gunicorn --workers 4 plan_progress.review.web.wsgi:application` (see README)."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plan_progress.review.web.settings")

application = get_wsgi_application()
