"""`plan-progress publish [DIR...] --portal URL`: the release in each DIR/dist/ onto a CKAN
portal; the reports of one plan in fiscal-year order, so each can link the year before."""

from __future__ import annotations

import argparse
import math
import os
import sys
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from plan_progress.cli.common import add_dirs_argument, add_lang_option, print_problems
from plan_progress.core.atomic_files import write_all
from plan_progress.core.problems import InvalidPackage, Problem

if TYPE_CHECKING:
    from plan_progress.publish.record import ReleaseRecord

TOKEN_ENV = "PLAN_PROGRESS_CKAN_TOKEN"
ORG_ENV = "PLAN_PROGRESS_CKAN_ORG"


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "publish",
        help="dist/ を CKAN ポータルに公開する / publish dist/ to a CKAN portal",
        description="plan-progress release で作った DIR/dist/ を CKAN の組織のデータセットとして"
        f"作成・更新する。API トークンは環境変数 {TOKEN_ENV} から読む。"
        f" / Create or update the organisation's dataset on a CKAN portal from DIR/dist/"
        f" (made by plan-progress release). The API token is read from {TOKEN_ENV}."
        " Several DIRs: the reports of one plan are published in fiscal-year order, each"
        " linking the previous year's dataset.",
    )
    add_dirs_argument(parser)
    add_lang_option(parser)
    parser.add_argument(
        "--portal", required=True, metavar="URL", help="CKAN サイトの URL / CKAN site URL"
    )
    parser.add_argument(
        "--org",
        default=os.environ.get(ORG_ENV),
        metavar="NAME",
        help=f"組織の名前（既定：環境変数 {ORG_ENV}） / organisation name (default: ${ORG_ENV})",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="変更の計画を表示するだけで何も変えない / print the plan, change nothing",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="1 回の通信の待ち時間（秒） / seconds to wait for each request (default: 30)",
    )
    parser.set_defaults(run=run)


def _usage(problem: Problem, lang: str) -> int:
    print(problem.as_line(lang), file=sys.stderr)  # type: ignore[arg-type]
    return 2


def valid_portal_url(text: str) -> bool:
    """An http(s) URL with a host (and a port in range): anything else is refused before a
    request is made."""
    if not text.isprintable() or any(c.isspace() for c in text):
        return False
    try:
        url = urlsplit(text)
        url.port  # noqa: B018 (raises ValueError when out of range or not a number)
    except ValueError:
        return False
    return url.scheme in ("http", "https") and bool(url.hostname)


def valid_token(token: str) -> bool:
    """A CKAN API token is printable ASCII without spaces; anything else cannot be sent in
    an HTTP header (and is a copy-and-paste mistake)."""
    return token.isascii() and token.isprintable() and " " not in token


def run(args: argparse.Namespace) -> int:
    from plan_progress.publish.portal import Portal
    from plan_progress.publish.publisher import release_dir
    from plan_progress.publish.record import load_release

    if not valid_portal_url(args.portal):
        return _usage(
            Problem("publish.bad-url", args.portal, params={"url": args.portal}), args.lang
        )
    if not (math.isfinite(args.timeout) and args.timeout > 0):
        return _usage(
            Problem("publish.bad-timeout", args.portal, params={"value": args.timeout}), args.lang
        )
    if not args.org:
        return _usage(
            Problem("publish.org-required", args.portal, params={"env": ORG_ENV}), args.lang
        )
    token = os.environ.get(TOKEN_ENV, "").strip() or None
    if token is None and not args.dry_run:
        return _usage(
            Problem("publish.token-missing", args.portal, params={"env": TOKEN_ENV}), args.lang
        )
    if token is not None and not valid_token(token):
        return _usage(
            Problem("publish.token-malformed", args.portal, params={"env": TOKEN_ENV}), args.lang
        )
    try:
        records = [(d, load_release(release_dir(d))) for d in args.dirs]
        portal = Portal(args.portal, token, timeout=args.timeout)
    except InvalidPackage as invalid:
        print_problems(invalid.problems, args.lang)
        return 1
    for directory, record in in_series_order(records):
        if len(records) > 1:
            print(f"== {directory}")
        code = _publish_one(args, portal, directory, record, token is not None)
        if code:
            return code
    return 0


def in_series_order(
    records: list[tuple[str, ReleaseRecord]],
) -> list[tuple[str, ReleaseRecord]]:
    """The records as given, except that a report comes after the previous year's report of
    its series when both are given (its link needs that dataset on the portal)."""
    names = {record.name for _, record in records}
    done: set[str] = set()
    ordered: list[tuple[str, ReleaseRecord]] = []
    remaining = list(records)
    while remaining:
        ready = next(
            (
                item
                for item in remaining
                if item[1].series is None
                or item[1].series.prev_name not in names
                or item[1].series.prev_name in done
            ),
            remaining[0],  # a cycle cannot come from one release; never loop forever
        )
        remaining.remove(ready)
        done.add(ready[1].name)
        ordered.append(ready)
    return ordered


def _publish_one(
    args: argparse.Namespace, portal: Any, directory: str, record: ReleaseRecord, token: bool
) -> int:
    from plan_progress.publish.portal import PortalError
    from plan_progress.publish.publisher import copies_dir, publish

    try:
        outcome = publish(portal, record, args.org, token, args.dry_run, print)
    except InvalidPackage as invalid:
        print_problems(invalid.problems, args.lang)
        return 1
    except PortalError as err:
        print(err.problem.as_line(args.lang), file=sys.stderr)
        return 1
    if outcome.changes and args.dry_run:
        print(f"計画（実行しません） / plan (dry run, nothing changed): {len(outcome.changes)}")
        for change in outcome.changes:
            print(f"  {change.line()}")
    elif outcome.changes:
        print(f"変更 / changes applied: {len(outcome.changes)}")
    else:
        print("変更なし / no changes")
    if outcome.verified:
        print(
            f"検証済み：{outcome.verified} 件のダウンロードの SHA-256 が一致"
            f" / verified: SHA-256 of {outcome.verified} downloads match"
        )
    if outcome.copies:
        # The catalogue, 一覧 and checksums as this portal serves them (dist/ stays as released).
        target = copies_dir(directory, args.portal)
        try:
            write_all({target / name: data for name, data in outcome.copies.items()})
        except OSError as err:
            print(f"{target}: {err.strerror or err}", file=sys.stderr)
            return 1
        print(f"ポータル用の写し / the portal's copies: {target}")
    print(outcome.dataset_url)
    return 0
