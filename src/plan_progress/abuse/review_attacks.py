"""The review page's attacks (issue 24, classes 6-9 and 11): hosts, cross-site posts, the
413 page, hostile workbooks and zips, and the page's answer time under many uploads."""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urljoin, urlsplit

from plan_progress.abuse import payloads
from plan_progress.abuse.checks import Check, Options
from plan_progress.abuse.http import Answer, exchange

# The page must answer this fast under any upload load (issue 24, class 8).
PAGE_SECONDS = 1.0
# A review of a hostile upload must end (refused or reported) within this.
REVIEW_SECONDS = 30.0
# A result or to-do page beyond this is a page re-rendered at every view (class 9).
PAGE_BYTES = 1024 * 1024
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Visitor:
    """One browser: its cookies, the form's token, and uploads as the form sends them."""

    def __init__(self, base: str) -> None:
        self.base = base if base.endswith("/") else base + "/"
        self.cookies: dict[str, str] = {}

    def get(self, path: str = "", headers: dict[str, str] | None = None) -> Answer:
        answer = exchange(self.base, "GET", self._path(path), self._headers(headers), timeout=60)
        self._keep_cookies(answer)
        return answer

    def token(self) -> str:
        match = _TOKEN.search(self.get().body.decode("utf-8", "replace"))
        return match.group(1) if match else ""

    def upload(self, name: str, data: bytes, token: str | None = None) -> Answer:
        token = self.token() if token is None else token
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
                f'{token}\r\n--{boundary}\r\nContent-Disposition: form-data; name="file";'
                f' filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Referer": self.base,
            "Origin": f"{urlsplit(self.base).scheme}://{urlsplit(self.base).netloc}",
        }
        answer = exchange(
            self.base,
            "POST",
            self._path("review"),
            self._headers(headers),
            body,
            timeout=REVIEW_SECONDS * 4,
        )
        self._keep_cookies(answer)
        return answer

    def result(self, answer: Answer, deadline: float) -> Answer:
        """The result page an upload leads to, waiting while it says it is still working."""
        location = answer.header("location")
        if answer.status not in (302, 303) or not location:
            return answer
        path = urlsplit(urljoin(self.base, location)).path
        while not self.done(path) and time.monotonic() < deadline:
            time.sleep(0.5)
        return self.get(path)

    def done(self, result_path: str) -> bool:
        """Whether the review behind a result page has ended: the page queues the work and
        answers its `status` ({"found", "done"}) while a worker reviews."""
        answer = self.get(result_path + "status")
        if answer.status != 200:
            return True  # nothing to wait for: the result page says what happened
        try:
            return bool(json.loads(answer.body).get("done", True))
        except ValueError:
            return True

    def _path(self, path: str) -> str:
        return urlsplit(self.base).path + path if not path.startswith("/") else path

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        headers = dict(extra or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers

    def _keep_cookies(self, answer: Answer) -> None:
        # http.client joins several Set-Cookie headers with ", ".
        for match in re.finditer(r"(?:^|, )([A-Za-z0-9_-]+)=([^;,]*)", answer.header("set-cookie")):
            self.cookies[match.group(1)] = match.group(2)


def wrong_host(base: str, options: Options) -> Check:
    answer = exchange(base, "GET", headers={"Host": "evil.example"}, timeout=30)
    return Check("review", "GET / with Host: evil.example", "400", answer.got, answer.status == 400)


def cross_site_post(base: str, options: Options) -> Check:
    answer = exchange(
        base,
        "POST",
        urlsplit(base).path.rstrip("/") + "/review",
        {"Origin": "http://evil.example", "Content-Type": "application/x-www-form-urlencoded"},
        b"csrfmiddlewaretoken=" + b"x" * 64,
        timeout=30,
    )
    return Check("review", "cross-site upload", "403", answer.got, answer.status == 403)


def oversize_upload(base: str, options: Options) -> Check:
    upload_limit = options.upload_limit
    answer = Visitor(base).upload("big.xlsx", b"0" * (upload_limit + 64 * 1024))
    policy = answer.header("content-security-policy")
    framed = "frame-ancestors 'none'" in policy or answer.header("x-frame-options") == "DENY"
    headers = f"CSP {'yes' if policy else 'no'}, frame protection {'yes' if framed else 'no'}"
    return Check(
        "review",
        f"upload past the limit ({upload_limit // (1024 * 1024)} MiB)",
        "413 with CSP and frame protection",
        f"{answer.got}; {headers}",
        answer.status == 413 and bool(policy) and framed,
    )


def _hostile_upload(
    name: str, make: Callable[[], bytes], file_name: str, expected: str, pages: bool = False
) -> Callable[[str, Options], Check]:
    """Upload `make()`; with `pages`, the result and to-do pages must stay small, else the
    upload must be refused (a 4xx, or a result naming a limit.* rule)."""

    def run(base: str, options: Options) -> Check:
        data = make()
        visitor = Visitor(base)
        started = time.monotonic()
        answer = visitor.upload(file_name, data)
        page = visitor.result(answer, started + REVIEW_SECONDS)
        seconds = time.monotonic() - started
        rules = sorted(set(re.findall(rb'id="rule-([a-z]+\.[a-z-]+)"', page.body)))
        said = ", ".join(r.decode() for r in rules[:4]) or "no rule"
        ok = seconds < REVIEW_SECONDS and page.status in (200, 400, 413) and not page.truncated
        if pages:
            todo = visitor.get(urlsplit(page_url(answer, base)).path + "todo")
            ok = ok and len(page.body) < PAGE_BYTES and len(todo.body) < PAGE_BYTES
            said += (
                f"; result page {len(page.body) // 1024} KiB, to-do {len(todo.body) // 1024} KiB"
            )
        else:
            ok = ok and (page.status != 200 or any(r.startswith(b"limit.") for r in rules))
        return Check(
            "review",
            f"{name} ({len(data) // 1024} KiB)",
            expected,
            f"{page.status or 'no answer'} after {seconds:.1f} s; {said}",
            ok,
        )

    return run


def page_url(answer: Answer, base: str) -> str:
    return urljoin(base, answer.header("location") or "")


def page_under_load(base: str, options: Options, uploads: int = 8) -> Check:
    """`uploads` wide-row workbooks at once, while GET / is timed every 0.2 s."""
    data = payloads.wide_rows()
    visitors = [Visitor(base) for _ in range(uploads)]
    tokens = [v.token() for v in visitors]
    with ThreadPoolExecutor(max_workers=uploads) as pool:
        running = [
            pool.submit(v.upload, "wide.xlsx", data, t)
            for v, t in zip(visitors, tokens, strict=True)
        ]
        times = []
        deadline = time.monotonic() + REVIEW_SECONDS
        # The uploads return as soon as they are queued: keep timing GET / until every
        # review has ended too, since the reviews are the load.
        pending = list(zip(visitors, running, strict=True))
        while pending and time.monotonic() < deadline:
            times.append(exchange(base, "GET", timeout=REVIEW_SECONDS).seconds)
            pending = [
                (v, f)
                for v, f in pending
                if not f.done() or not v.done(urlsplit(page_url(f.result(), base)).path)
            ]
            time.sleep(0.2)
    slowest = max(times, default=0.0)
    return Check(
        "review",
        f"GET / while {uploads} uploads run",
        f"every GET / in < {PAGE_SECONDS:.0f} s",
        f"{len(times)} GETs, slowest {slowest:.1f} s",
        bool(times) and slowest < PAGE_SECONDS,
    )


ATTACKS: list[tuple[str, Callable[[str, Options], Check]]] = [
    ("host", wrong_host),
    ("cross-site", cross_site_post),
    ("oversize", oversize_upload),
    (
        "wide-rows",
        _hostile_upload(
            "wide rows (one cell in XFD)",
            payloads.wide_rows,
            "wide.xlsx",
            f"refused (4xx or a limit.* rule) in < {REVIEW_SECONDS:.0f} s",
        ),
    ),
    (
        "shared-strings",
        _hostile_upload(
            "1,000,000 shared strings",
            payloads.shared_string_bomb,
            "strings.xlsx",
            f"refused with a limit.* rule in < {REVIEW_SECONDS:.0f} s",
        ),
    ),
    (
        "findings",
        _hostile_upload(
            "30,000 extra columns",
            payloads.findings_flood,
            "columns.zip",
            f"pages < {PAGE_BYTES // 1024} KiB, answered in < {REVIEW_SECONDS:.0f} s",
            pages=True,
        ),
    ),
    ("load", page_under_load),
]
