"""The endpoint's attacks (issue 24, classes 1-5 and 11's 413): each sends one request and,
where the attack could kill or occupy the engine, a simple query after it."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

from plan_progress.abuse import payloads
from plan_progress.abuse.checks import Check, Options
from plan_progress.abuse.http import Answer, exchange
from plan_progress.abuse.processes import cpu_seconds

RESULTS = "application/sparql-results+json"
# A simple query must answer this fast after any attack (issue 24: "under 100 ms" on the
# endpoint's own machine; a margin for the network and the checker).
ALIVE_SECONDS = 1.0
# How long the server's CPU time is watched after a timed-out query's answer.
CPU_WINDOW = 3.0


def _get(url: str, query: str, timeout: float, headers: dict[str, str] | None = None) -> Answer:
    parts = urlsplit(url)
    path = (parts.path or "/") + "?" + urlencode({"query": query})
    return exchange(url, "GET", path, {"Accept": RESULTS, **(headers or {})}, timeout=timeout)


def _post(url: str, query: str, timeout: float) -> Answer:
    return exchange(
        url,
        "POST",
        headers={"Content-Type": "application/sparql-query", "Accept": RESULTS},
        body=query.encode("utf-8"),
        timeout=timeout,
    )


def _alive(url: str) -> tuple[bool, str]:
    answer = _get(url, payloads.SIMPLE, timeout=10)
    ok = answer.status == 200 and answer.seconds < ALIVE_SECONDS
    return ok, f"then ASK: {answer.status or 'no answer'} in {answer.seconds * 1000:.0f} ms"


def _refused_and_alive(
    name: str, query: str, by_post: bool = False, statuses: tuple[int, ...] = (400,)
) -> Callable[..., Check]:
    def run(url: str, options: Options) -> Check:
        limit = options.timeout
        answer = (_post if by_post else _get)(url, query, timeout=limit + 30)
        alive, after = _alive(url)
        said = " or ".join(map(str, statuses))
        return Check(
            "sparql",
            name,
            f"{said} within the time limit; a simple query still answers in < 1 s",
            f"{answer.got}; {after}",
            answer.status in statuses and answer.seconds < limit + 1 and alive,
        )

    return run


def timeout_stops_the_work(url: str, options: Options) -> Check:
    limit = options.timeout
    answer = _get(url, payloads.CARTESIAN, timeout=limit + 30)
    busy = ""
    still_working = False
    if options.server_pid is not None:
        # The limit must stop the work, not only the answer: the server's processes (the
        # front and the engine, restarted or not) may not keep a core busy afterwards.
        before = cpu_seconds(options.server_pid)
        time.sleep(CPU_WINDOW)
        used = cpu_seconds(options.server_pid) - before
        still_working = used > CPU_WINDOW / 3
        busy = f"; CPU {used:.1f} s in the {CPU_WINDOW:.0f} s after"
    alive, after = _alive(url)
    measured = "" if options.server_pid is not None else " (CPU not measured: --server-pid)"
    return Check(
        "sparql",
        "cartesian COUNT(*) past the time limit",
        f"503 within the limit ({limit:.0f} s) + 5 s, then no work left: the server's CPU"
        f" under {CPU_WINDOW / 3:.0f} s in {CPU_WINDOW:.0f} s{measured}",
        f"{answer.got}{busy}; {after}",
        answer.status == 503 and answer.seconds < limit + 5 and alive and not still_working,
    )


def describe_everything(url: str, options: Options) -> Check:
    limit = options.timeout
    answer = exchange(
        url,
        "GET",
        (urlsplit(url).path or "/") + "?" + urlencode({"query": payloads.DESCRIBE_ALL}),
        {"Accept": "application/n-triples"},
        timeout=limit + 30,
    )
    alive, after = _alive(url)
    bounded = answer.status in (200, 413, 503) and not answer.truncated
    return Check(
        "sparql",
        "DESCRIBE of everything",
        f"an answer capped like every other form (or 503) within {limit:.0f} s + 5 s",
        f"{answer.got}; {after}",
        bounded and answer.seconds < limit + 5 and alive,
    )


def cross_site_get(url: str, options: Options) -> Check:
    headers = {"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"}
    answer = _get(url, payloads.SIMPLE, timeout=30, headers=headers)
    return Check(
        "sparql",
        "cross-site GET (Origin: evil.example)",
        "403 (unless the endpoint runs with --cors)",
        answer.got,
        answer.status == 403,
    )


def oversize_body(url: str, options: Options) -> Check:
    # Just past any sane query limit (the front's is 1 MiB); sent, so the answer is real.
    body = b"ASK { } #" + b"x" * (2 * 1024 * 1024)
    answer = exchange(
        url,
        "POST",
        headers={"Content-Type": "application/sparql-query", "Accept": RESULTS},
        body=body,
        timeout=30,
    )
    return Check("sparql", "2 MiB query body", "413", answer.got, answer.status == 413)


def _guarded(
    title: str, attack: Callable[[str, Options], Check]
) -> Callable[[str, Options], Check]:
    """`attack`, unless the endpoint no longer answers a simple query (an earlier attack
    killed its engine): then the row says so, as a failure, without sending the attack."""

    def run(url: str, options: Options) -> Check:
        answer = _get(url, payloads.SIMPLE, timeout=10)
        if answer.status == 200:
            return attack(url, options)
        return Check(
            "sparql",
            title,
            "the endpoint answers a simple query before the attack",
            f"not sent: a simple query got {answer.got}",
            False,
        )

    return run


def _attacks() -> list[tuple[str, Callable[[str, Options], Check]]]:
    named = [
        ("oversize", "2 MiB query body", oversize_body),
        ("cross-site", "cross-site GET (Origin: evil.example)", cross_site_get),
        ("braces", "2,000 nested { } around a SERVICE", None),
        ("groups", "12,000 UNION groups (200 KB)", None),
        ("service", "1,000 nested SERVICE", None),
        ("describe", "DESCRIBE of everything", describe_everything),
        ("timeout", "cartesian COUNT(*) past the time limit", timeout_stops_the_work),
        # Last: on an endpoint without the defence these kill the engine for good.
        ("bangs", "20,000 ! in a FILTER", None),
        ("parentheses", "5,000 nested (", None),
    ]
    refused = {
        "braces": _refused_and_alive("2,000 nested { } around a SERVICE", payloads.braces()),
        "groups": _refused_and_alive(
            "12,000 UNION groups (200 KB)", payloads.many_groups(), True, (400, 503)
        ),
        "service": _refused_and_alive("1,000 nested SERVICE", payloads.nested_service(), True),
        "bangs": _refused_and_alive("20,000 ! in a FILTER", payloads.bangs()),
        "parentheses": _refused_and_alive("5,000 nested (", payloads.parentheses()),
    }
    return [(key, _guarded(title, attack or refused[key])) for key, title, attack in named]


ATTACKS = _attacks()
