"""scripts/abuse_check.py: run the attacks against the URLs given and print the table."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from plan_progress.abuse import review_attacks, sparql_attacks
from plan_progress.abuse.checks import Check, Options
from plan_progress.abuse.targets import TargetRefused, checked_url

DESCRIPTION = (
    "Send the attacks of issue 24 (bounded in count and time) to a review page and/or a"
    " SPARQL endpoint you run, and say which limits hold. Only loopback addresses unless"
    " --allow-remote. / 公開前に、自分で動かしているレビュー画面・SPARQL エンドポイントに"
    "既知の攻撃を送り、制限が効いているかを表で示します。"
)
HEADINGS = ("service", "attack", "expected", "got", "result")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="abuse_check.py", description=DESCRIPTION)
    p.add_argument(
        "--sparql", metavar="URL", help="the endpoint, e.g. http://127.0.0.1:7878/sparql"
    )
    p.add_argument("--review", metavar="URL", help="the review page, e.g. http://127.0.0.1:8000/")
    p.add_argument(
        "--allow-remote",
        action="store_true",
        help="attack a non-loopback address (only a service you run and may load)",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        help="the endpoint's query time limit in seconds (serve --timeout; default 30)",
    )
    p.add_argument(
        "--upload-limit",
        type=int,
        default=20 * 1024 * 1024,
        help="the page's upload limit in bytes (PP_REVIEW_MAX_UPLOAD; default 20 MiB)",
    )
    p.add_argument(
        "--server-pid",
        type=int,
        metavar="PID",
        help="the `plan-progress serve` process, when the check runs on its machine: its CPU"
        " time (and its engine's) is watched after a timed-out query",
    )
    p.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="NAME",
        help="run only these attacks (repeatable): "
        + ", ".join(sorted({n for n, _ in sparql_attacks.ATTACKS + review_attacks.ATTACKS})),
    )
    return p


def run_checks(
    sparql: str | None, review: str | None, options: Options, only: Sequence[str] = ()
) -> list[Check]:
    """Every selected attack against the given URLs (already checked), in order."""
    checks: list[Check] = []
    if review:
        for name, attack in review_attacks.ATTACKS:
            if not only or name in only:
                checks.append(attack(review, options))
    if sparql:
        for name, attack in sparql_attacks.ATTACKS:
            if not only or name in only:
                checks.append(attack(sparql, options))
    return checks


def table(checks: Sequence[Check]) -> str:
    rows = [HEADINGS] + [(c.service, c.attack, c.expected, c.got, c.verdict) for c in checks]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADINGS))]
    lines = [" | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    failed = sum(not c.passed for c in checks)
    lines.append(f"{len(checks) - failed} passed, {failed} failed")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """0: every check passed; 1: some failed; 2: usage (no URL, or a refused target)."""
    p = parser()
    args = p.parse_args(argv)
    if not args.sparql and not args.review:
        p.error("give --sparql URL and/or --review URL")
    try:
        sparql = args.sparql and checked_url(args.sparql, args.allow_remote)
        review = args.review and checked_url(args.review, args.allow_remote)
    except TargetRefused as refused:
        p.error(str(refused))
    options = Options(args.timeout, args.upload_limit, args.server_pid)
    checks = run_checks(sparql, review, options, args.only)
    if not checks:
        p.error("no attack selected (see --only)")
    print(table(checks))
    sys.stdout.flush()
    return 1 if any(not c.passed for c in checks) else 0
