"""`plan-progress serve [DIR...]`: a local read-only SPARQL 1.1 endpoint."""

from __future__ import annotations

import argparse
import sys

from plan_progress.cli.common import add_lang_option, print_problems
from plan_progress.core.problems import InvalidPackage
from plan_progress.sparql.serve import SparqlServer, serve
from plan_progress.sparql.store import load_descriptions, load_store

DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 30.0


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "serve",
        help="SPARQL エンドポイントを起動する / start a local SPARQL endpoint",
        description="パッケージ（複数可）の RDF を読み込み、127.0.0.1 で読み取り専用の SPARQL 1.1 エンドポイントを開く。"
        "Ctrl-C（SIGINT）または SIGTERM で停止する。"
        " / Load the RDF of one or more packages and serve a read-only SPARQL 1.1 endpoint on"
        " 127.0.0.1 until SIGINT (Ctrl-C) or SIGTERM.",
    )
    parser.add_argument(
        "dirs",
        nargs="*",
        default=["."],
        metavar="DIR",
        help="パッケージのディレクトリ（既定：現在のディレクトリ） / package directories (default: .)",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"ポート番号（0 なら空いている番号） / port (0 picks a free one; default {DEFAULT_PORT})",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        help=f"1クエリの制限時間（秒） / time limit of one query in seconds (default {DEFAULT_TIMEOUT:g})",
    )
    add_lang_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not 0 <= args.port <= 65535 or args.timeout <= 0:
        print(
            "--port は 0〜65535、--timeout は正の数 / --port 0-65535, --timeout > 0",
            file=sys.stderr,
        )
        return 2
    try:
        store = load_store(args.dirs)
        descriptions = load_descriptions(args.dirs)
    except InvalidPackage as invalid:
        print_problems(invalid.problems, args.lang)
        return 1
    try:
        server = SparqlServer(store, descriptions, args.port, args.timeout)
    except OSError as err:
        print(f"ポートを開けません / cannot listen on port {args.port}: {err}", file=sys.stderr)
        return 1
    # The first line on stdout is the endpoint, so scripts (and the tests) can find the port.
    print(f"SPARQL endpoint: {server.endpoint_url}", flush=True)
    print("停止するには Ctrl-C / press Ctrl-C to stop", file=sys.stderr, flush=True)
    serve(server)
    print("停止しました / stopped", file=sys.stderr, flush=True)
    return 0
