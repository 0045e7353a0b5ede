"""The SPARQL service benchmark: `plan-progress serve` beside bare `oxigraph serve-read-only`
on the same store, in the same run, under 1, 16 and 64 concurrent loopback clients.

    .venv/bin/python scripts/bench_sparql.py --output docs/benchmarks.md   # full run
    .venv/bin/python scripts/bench_sparql.py --quick                       # seed only, smoke

Measured: the seed package and the ~50,000-entry merged corpus (`scripts/generate_corpus.py`);
each client sends the cookbook's queries in turn over one keep-alive connection (20 each on
the seed; on the big store one client sends each query once, 16 clients 4 each, 64 clients 2
each, since some queries there take a second or more); the load
generator speaks HTTP/1.1 through h11, so it costs little next to the servers); p50/p95 of
the request latency, errors (any status but 200, any broken connection), queries per
second. Then: a slow-client flood (20 connections sending a byte a second) against a
client's normal query; each cookbook query's p50 on the big store; the time of
`plan-progress load` for the 1,741-package corpus and for its merge.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from plan_progress.scale.doc_sections import replace_section
from plan_progress.scale.load_drive import Load, drive, flood, pooled

ROOT = Path(__file__).resolve().parents[3]
# Both servers get the same generous time limit: the load test measures latency under load,
# not the limit (tests/test_serve.py proves the limit).
LIMIT = 600
MARK_START, MARK_END = "<!-- bench-sparql:start -->", "<!-- bench-sparql:end -->"


def cookbook() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted((ROOT / "queries").glob("*.rq"))}


@contextmanager
def front(store: Path) -> Iterator[str]:
    process = subprocess.Popen(
        [
            _tool("plan-progress"),
            "serve",
            "--store",
            str(store),
            "--port",
            "0",
            "--timeout",
            str(LIMIT),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    try:
        yield line.split(": ", 1)[1].strip()
    finally:
        process.terminate()
        process.wait(timeout=60)


@contextmanager
def bare(store: Path) -> Iterator[str]:
    from plan_progress.sparql.engine import start

    engine = start(store / "oxigraph", LIMIT, ports=tuple(range(47001, 47100)))
    try:
        yield engine.url + "/query"
    finally:
        engine.stop()


def _tool(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def load_store(store: Path, dirs: list[Path]) -> float:
    started = time.perf_counter()
    subprocess.run(
        [_tool("plan-progress"), "load", str(store), *map(str, dirs)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _alternating(
    front_url: str, bare_url: str, queries: list[str], clients: int, count: int, rounds: int
) -> tuple[Load, Load, list[float]]:
    """Both servers driven `rounds` times, taking turns (the front first in odd rounds, bare
    Oxigraph first in even ones), so that a change in the machine's outside load falls on
    both: each server's requests pooled, and each round's p95 ratio."""
    ours: list[Load] = []
    theirs: list[Load] = []
    for n in range(rounds):
        turns = [("plan-progress serve", front_url, ours), ("bare oxigraph", bare_url, theirs)]
        for server, url, into in turns if n % 2 == 0 else reversed(turns):
            into.append(drive(url, server, queries, clients, count))
    ratios = [a.p95 / b.p95 for a, b in zip(ours, theirs, strict=True)]
    return pooled(ours), pooled(theirs), ratios


def run(work: Path, corpus: Path | None, quick: bool, rounds: int = 1) -> tuple[str, list[str]]:
    """Every measurement; the Markdown section and the verdicts."""
    queries = list(cookbook().values())
    lines: list[str] = []
    verdicts: list[str] = []
    tiers = [("seed (28 entries)", [ROOT])]
    if corpus is not None:
        tiers.append(("merged corpus (~50,000 entries)", [corpus / "merged"]))
    concurrency = (1, 4) if quick else (1, 16, 64)
    per_client = 5 if quick else 20
    load_rows = []
    table = [
        "| data | clients | server | requests | errors | p50 | p95 | queries/s | p95 ÷ bare |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    total_errors = 0
    # The target is under concurrent clients on the largest store (issue 23, part 4).
    target_ratios: dict[int, float] = {}
    cookbook_rows: list[str] = []
    flood_rows: list[str] = []
    round_rows: list[str] = []
    for label, dirs in tiers:
        store = work / ("store-" + label.split()[0])
        seconds = load_store(store, dirs)
        load_rows.append(f"| {label} | `plan-progress load` | {seconds:.1f} s |")
        with front(store) as front_url, bare(store) as bare_url:
            for clients in concurrency:
                # On the big store the heavier cookbook queries take seconds: fewer per client
                # there (every query once for one client), so a full run stays within minutes.
                count = per_client if not label.startswith("merged") else max(2, 64 // clients)
                if label.startswith("merged") and clients == 1:
                    count = len(queries)
                ours, theirs, round_ratios = _alternating(
                    front_url, bare_url, queries, clients, count, rounds
                )
                ratio = ours.p95 / theirs.p95
                if clients > 1:
                    target_ratios[clients] = ratio  # the last data tier's stay
                total_errors += ours.errors
                if rounds > 1:
                    round_rows.append(
                        f"| {label} | {clients} | "
                        + ", ".join(f"{r:.2f}×" for r in round_ratios)
                        + f" | {ratio:.2f}× |"
                    )
                for result, shown in ((ours, f"{ratio:.2f}×"), (theirs, "")):
                    table.append(
                        f"| {label} | {clients} | {result.server} | {result.requests} |"
                        f" {result.errors} | {ms(result.p50)} | {ms(result.p95)} |"
                        f" {result.qps:.0f} | {shown} |"
                    )
            for server, url in (("plan-progress serve", front_url), ("bare oxigraph", bare_url)):
                normal = flood(url, queries[:1], requests=10 if quick else 40)
                flood_rows.append(
                    f"| {label} | {server} | {normal.requests} | {normal.errors} |"
                    f" {ms(normal.p50)} | {ms(normal.p95)} |"
                )
                if server == "plan-progress serve":
                    flood_p95 = normal.p95
            if label.startswith("merged") or quick:
                for name, query in cookbook().items():
                    times = drive(front_url, "", [query], 1, 3 if quick else 5).latencies
                    bare_times = drive(bare_url, "", [query], 1, 3 if quick else 5).latencies
                    p50 = statistics.median(times)
                    cookbook_rows.append(
                        f"| `{name}` | {ms(p50)} | {ms(statistics.median(bare_times))} |"
                        f" {'met' if p50 <= 0.1 else '**missed**'} |"
                    )
    if corpus is not None and not quick:
        packages = sorted(p for p in (corpus / "packages").iterdir() if p.is_dir())
        seconds = load_store(work / "store-1741", packages)
        load_rows.append(
            f"| {len(packages)} packages (the same corpus, one package per municipality) |"
            f" `plan-progress load` | {seconds:.1f} s |"
        )
    verdicts.append(f"0 errors: {'met' if total_errors == 0 else 'missed'} ({total_errors})")
    verdicts.append(
        f"p95 within 1.2× bare Oxigraph under concurrent clients on the largest store:"
        f" {'met' if max(target_ratios.values()) <= 1.2 else 'missed'} ("
        + ", ".join(f"{c} clients {r:.2f}×" for c, r in sorted(target_ratios.items()))
        + ")"
    )
    verdicts.append(
        f"slow-client flood leaves p95 under 200 ms: {'met' if flood_p95 < 0.2 else 'missed'}"
        f" ({ms(flood_p95)}, last data tier)"
    )
    missed = [r for r in cookbook_rows if "missed" in r]
    verdicts.append(
        f"every cookbook query ≤ 100 ms p50 on the big store: {'met' if not missed else 'missed'}"
        f" ({len(missed)} over)"
    )
    lines += table
    if round_rows:
        lines += [
            "",
            f"Each server was driven {rounds} times at each level, taking turns (the front first"
            " in odd rounds); the table pools each server's requests. p95 ratio of each round:",
            "",
            "| data | clients | p95 ÷ bare, round by round | pooled |",
            "|---|---|---|---|",
            *round_rows,
        ]
    lines += [
        "",
        "Slow-client flood: 20 connections each sending a byte a second while one client"
        " sends the first cookbook query, one after another:",
        "",
        "| data | server | requests | errors | p50 | p95 |",
        "|---|---|---|---|---|---|",
        *flood_rows,
    ]
    lines += [
        "",
        "Each cookbook query alone, one client, median of 5 (3 in `--quick`), on the"
        " largest store measured:",
        "",
        "| query | `plan-progress serve` p50 | bare oxigraph p50 | ≤ 100 ms |",
        "|---|---|---|---|",
        *cookbook_rows,
    ]
    lines += [
        "",
        "Loading (wall time of the command, a fresh store each time):",
        "",
        "| data | command | time |",
        "|---|---|---|",
        *load_rows,
    ]
    return "\n".join(lines), verdicts


def environment() -> str:
    from importlib.metadata import version

    names = ("pyoxigraph", "oxigraph", "starlette", "uvicorn", "h11", "uvloop", "httptools")
    versions = ", ".join(f"{n} {version(n)}" for n in names)
    return (
        f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores;"
        f" {versions}."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="seed only, few requests")
    parser.add_argument(
        "--corpus",
        type=Path,
        default=ROOT / "build" / "corpus",
        help="a built corpus (scripts/generate_corpus.py, then plan-progress build)",
    )
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench-sparql")
    parser.add_argument("--output", type=Path, help="write the section into this Markdown file")
    parser.add_argument(
        "--rounds",
        type=int,
        help="times each server is driven at each level, taking turns (default 3; 1 quick)",
    )
    args = parser.parse_args(argv)
    corpus = None if args.quick else args.corpus
    if (
        corpus is not None
        and not (corpus / "merged" / "data" / "generated" / "report.nt").is_file()
    ):
        print(f"build the corpus first (see {Path(__file__).name}): {corpus}", file=sys.stderr)
        return 2
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    rounds = args.rounds or (1 if args.quick else 3)
    body, verdicts = run(args.work, corpus, args.quick, rounds)
    seconds = time.perf_counter() - started
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    section = "\n".join(
        [
            MARK_START,
            "Command: `.venv/bin/python scripts/bench_sparql.py"
            + (" --quick" if args.quick else "")
            + (f" --rounds {rounds}" if rounds > 1 else "")
            + "`",
            f"Environment: {environment()}",
            f"Run: {when}, {seconds:.0f} s; load average before {load_before:.2f},"
            f" after {os.getloadavg()[0]:.2f} (1 min).",
            "",
            body,
            "",
            "Targets: " + "; ".join(verdicts) + ".",
            MARK_END,
        ]
    )
    print(section)
    if args.output:
        replace_section(
            args.output, section, MARK_START, MARK_END, "SPARQL service / SPARQL サービス"
        )
    shutil.rmtree(args.work, ignore_errors=True)
    return 0
