"""`plan-progress virtuoso-load DIR...`: bulk-load packages into a running Virtuoso.

A command of its own rather than `load --engine virtuoso`: `load` writes a store directory
(its first argument) that `serve` and `query --store` open; this one writes into a server
that already runs elsewhere, through its SQL port, and needs none of that.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from plan_progress.cli.common import add_lang_option, print_problems
from plan_progress.core.problems import InvalidPackage
from plan_progress.virtuoso.isql import PASSWORD_ENV, Connection
from plan_progress.virtuoso.load import DATA_GRAPH, bulk_load


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "virtuoso-load",
        help="パッケージを起動中の Virtuoso に一括で読み込む / bulk-load packages into a running Virtuoso",
        description="パッケージ（複数可）の N-Triples と語彙を、起動中の Virtuoso に Virtuoso 自身の一括読み込み"
        "（ld_dir・rdf_loader_run）で読み込む。データはすべて一つのグラフ、語彙は語彙のグラフへ。"
        f"パスワードは環境変数 {PASSWORD_ENV} から読む。docs/virtuoso.md を参照。"
        " / Bulk-load the N-Triples of packages and the vocabulary into a running Virtuoso with"
        " its own loader (ld_dir, rdf_loader_run): all data into one graph, the vocabulary into"
        f" its own. The password is read from {PASSWORD_ENV}. See docs/virtuoso.md.",
    )
    parser.add_argument(
        "dirs", nargs="+", metavar="DIR", help="パッケージのディレクトリ / package directories"
    )
    parser.add_argument(
        "--staging",
        type=Path,
        required=True,
        help="virtuoso.ini の DirsAllowed にあるディレクトリ（同じ機械）"
        " / a directory listed in virtuoso.ini's DirsAllowed (same machine)",
    )
    parser.add_argument("--host", default="127.0.0.1", help="既定 / default 127.0.0.1")
    parser.add_argument("--port", type=int, default=1111, help="SQL port (default 1111)")
    parser.add_argument("--user", default="dba", help="既定 / default dba")
    parser.add_argument("--graph", default=DATA_GRAPH, help=f"default {DATA_GRAPH}")
    parser.add_argument(
        "--loaders",
        type=int,
        default=1,
        help="並行して動かす rdf_loader_run の数 / concurrent rdf_loader_run (default 1)",
    )
    parser.add_argument(
        "--replace",
        action="store_true",
        help="先にデータのグラフを空にする / empty the data graph first",
    )
    add_lang_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.loaders < 1:
        print("--loaders は 1 以上 / --loaders must be at least 1", file=sys.stderr)
        return 2
    started = time.monotonic()
    connection = Connection.from_environment(args.host, args.port, args.user)
    try:
        loaded = bulk_load(
            connection,
            args.dirs,
            args.staging,
            graph=args.graph,
            loaders=args.loaders,
            replace=args.replace,
        )
    except InvalidPackage as invalid:
        print_problems(invalid.problems, args.lang)
        return 1
    except OSError as err:
        print(
            f"ステージングに書き込めません / cannot write the staging directory: {err}",
            file=sys.stderr,
        )
        return 1
    seconds = time.monotonic() - started
    print(
        f"{args.host}:{args.port}: {loaded.packages} パッケージを <{loaded.graph}> に"
        f"（{seconds:.1f} 秒） / {loaded.packages} package(s) into <{loaded.graph}>"
        f" in {seconds:.1f} s",
        file=sys.stderr,
    )
    return 0
