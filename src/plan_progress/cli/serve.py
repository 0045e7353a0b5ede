"""`plan-progress serve [DIR...]` or `serve --store STORE`: a read-only SPARQL 1.1 endpoint."""

from __future__ import annotations

import argparse
import shutil
import sys

from plan_progress.cli.common import add_lang_option, print_problems
from plan_progress.core.problems import InvalidPackage
from plan_progress.sparql import DEFAULT_HOST

DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 30.0


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "serve",
        help="SPARQL エンドポイントを起動する / start a local SPARQL endpoint",
        description="パッケージ（複数可）またはストアの RDF を、127.0.0.1 の読み取り専用 SPARQL 1.1 "
        "エンドポイント（Oxigraph）で公開する。Ctrl-C（SIGINT）または SIGTERM で停止する。"
        " / Serve the RDF of packages (or of a store) from a read-only SPARQL 1.1 endpoint"
        " (Oxigraph) on 127.0.0.1 until SIGINT (Ctrl-C) or SIGTERM.",
    )
    parser.add_argument(
        "dirs",
        nargs="*",
        metavar="DIR",
        help="パッケージのディレクトリ（既定：現在のディレクトリ） / package directories (default: .)",
    )
    parser.add_argument(
        "--store",
        metavar="STORE",
        help="plan-progress load で作ったストアを公開する（DIR の代わり）"
        " / serve a store made by plan-progress load (instead of DIRs)",
    )
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help="待ち受けるアドレス（既定 127.0.0.1。他のアドレスにすると他のコンピュータから問い合わせられる）"
        f" / address to listen on (default {DEFAULT_HOST}; another lets other computers query it)",
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
    parser.add_argument(
        "--allow-service",
        action="store_true",
        help="SERVICE を許す（危険：訪れたウェブページが、このコンピュータから任意のホストへ接続させられる）"
        " / allow SERVICE (a risk: any web page you visit could make this computer connect to any"
        " host)",
    )
    parser.add_argument(
        "--cors",
        action="store_true",
        help="他のオリジンのウェブページからの問い合わせを許す（CORS） / let web pages of other"
        " origins read the answers (CORS)",
    )
    parser.add_argument(
        "--describe-limit",
        type=int,
        default=10_000,
        help="DESCRIBE 1回で説明する資源の上限 / most resources one DESCRIBE may describe"
        " (default 10000)",
    )
    parser.add_argument(
        "--access-log",
        action="store_true",
        help="要求ごとに1行を標準エラーに出す / log one line per request on stderr",
    )
    add_lang_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    # The endpoint (uvicorn, Starlette) is loaded only when one is started.
    from plan_progress.sparql import EngineError, open_store_info
    from plan_progress.sparql.serve import ServeOptions, listen, temporary_store
    from plan_progress.sparql.serve import run as serve

    if not 0 <= args.port <= 65535 or args.timeout <= 0 or args.describe_limit < 1:
        print(
            "--port は 0〜65535、--timeout と --describe-limit は正の数"
            " / --port 0-65535, --timeout and --describe-limit > 0",
            file=sys.stderr,
        )
        return 2
    if args.store and args.dirs:
        print("--store と DIR は同時に指定できません / give --store or DIRs", file=sys.stderr)
        return 2
    workdir = None
    try:
        if args.store:
            info = open_store_info(args.store)
        else:
            info, workdir = temporary_store(args.dirs or ["."])
    except InvalidPackage as invalid:
        print_problems(invalid.problems, args.lang)
        return 1
    try:
        try:
            sock = listen(args.host, args.port)
        except OSError as err:
            print(f"ポートを開けません / cannot listen on port {args.port}: {err}", file=sys.stderr)
            return 1
        options = ServeOptions(
            host=args.host,
            port=args.port,
            timeout_seconds=args.timeout,
            allow_service=args.allow_service,
            cors=args.cors,
            access_log=args.access_log,
            describe_limit=args.describe_limit,
        )

        def announce(url: str) -> None:
            # The first line on stdout is the endpoint, so scripts (and tests) find the port.
            print(f"SPARQL endpoint: {url}", flush=True)
            print("停止するには Ctrl-C / press Ctrl-C to stop", file=sys.stderr, flush=True)

        try:
            serve(info, sock, options, announce)
        except EngineError as err:
            print(
                f"SPARQL エンジンを起動できません / cannot start the engine: {err}", file=sys.stderr
            )
            return 1
        finally:
            sock.close()
    finally:
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)
    print("停止しました / stopped", file=sys.stderr, flush=True)
    return 0
