"""The page's addresses. A review's address holds its random id; every file in it is found by
a fixed name or through the review's own index, never by a path joined from the request."""

from __future__ import annotations

from django.urls import path, re_path

from plan_progress.review.web import views

ID = "<str:review_id>"

urlpatterns = [
    path("", views.upload_form, name="upload_form"),
    path("review", views.upload, name="upload"),
    path(f"r/{ID}/", views.result, name="result"),
    path(f"r/{ID}/status", views.status, name="status"),
    path(f"r/{ID}/todo", views.todo, name="todo"),
    re_path(
        r"^r/(?P<review_id>[A-Za-z0-9_-]+)/report\.(?P<fmt>csv|json)$",
        views.report_file,
        name="report",
    ),
    path(f"r/{ID}/download/<str:name>", views.download, name="download"),
    path(f"r/{ID}/site/<path:path>", views.site_file, name="site"),
    path(f"r/{ID}/delete", views.delete, name="delete"),
    path(f"r/{ID}/correct", views.correct, name="correct"),
    path("static/<str:name>", views.static, name="static"),
    path("favicon.ico", views.no_icon),
]

handler404 = "plan_progress.review.web.views.not_found"
handler500 = "plan_progress.review.web.views.server_error"
