"""`plan-progress query [DIR...] QUERY.rq`: SPARQL 1.1 over one or more packages (or a store)."""

from __future__ import annotations

import argparse
import os
import sys
import threading
from pathlib import Path

from plan_progress.cli.common import add_lang_option, print_problems
from plan_progress.core.problems import InvalidPackage, Problem
from plan_progress.sparql import (
    GRAPH_FORMATS,
    QueryTooLarge,
    ServiceRefused,
    UnsupportedFormat,
    default_format,
    load_store,
    open_read_only,
    open_store_info,
    render,
    run_query,
)

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
FORMATS = ("table", "csv", "json", "tsv", "xml", *GRAPH_FORMATS)


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "query",
        help="SPARQL クエリを実行する / run a SPARQL query over one or more packages",
        description="パッケージ（複数可）の RDF を一つのグラフに読み込み、SPARQL 1.1 クエリを実行する。"
        "SERVICE（外部への問い合わせ）は --allow-service を付けたときだけ実行する。"
        " / Load the RDF of one or more packages into one graph and run a SPARQL 1.1 query."
        " SERVICE (a query sent to another host) runs only with --allow-service.",
        usage="plan-progress query [-h] [--store STORE] [--format FORMAT] [--timeout SECONDS]"
        " [--allow-service] [--lang {ja,en}] [DIR ...] QUERY.rq",
    )
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="[DIR ...] QUERY.rq",
        help="パッケージのディレクトリ（既定：現在のディレクトリ）と、最後に .rq ファイル"
        " / package directories (default: .), then the .rq file",
    )
    parser.add_argument(
        "--store",
        metavar="STORE",
        help="plan-progress load で作ったストアに問い合わせる（DIR の代わり）"
        " / query a store made by plan-progress load (instead of DIRs)",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="出力形式。SELECT/ASK：table（既定）・csv・json・tsv・xml（SPARQL 1.1 結果形式）、"
        "CONSTRUCT/DESCRIBE：turtle（既定）・ntriples・jsonld"
        " / output: for SELECT/ASK a table (default) or SPARQL 1.1 results csv, json, tsv, xml;"
        " for CONSTRUCT/DESCRIBE turtle (default), ntriples or jsonld (compacted with our context)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="制限時間（秒）。超えたら終了コード 1 / time limit in seconds; past it, exit 1",
    )
    parser.add_argument(
        "--allow-service",
        action="store_true",
        help="SERVICE で他のホストへ問い合わせることを許す（危険：クエリが任意のホストに接続できる）"
        " / allow SERVICE to query other hosts (a risk: the query can make this computer"
        " connect anywhere)",
    )
    add_lang_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    query_path = Path(args.paths[-1])
    directories = args.paths[:-1] or ["."]
    if args.timeout is not None and args.timeout <= 0:
        print("--timeout は正の数 / --timeout must be > 0", file=sys.stderr)
        return EXIT_USAGE
    if args.store and args.paths[:-1]:
        print("--store と DIR は同時に指定できません / give --store or DIRs", file=sys.stderr)
        return EXIT_USAGE
    try:
        query = query_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        print_problems(
            [Problem("query.not-found", str(query_path), params={"detail": err})], args.lang
        )
        return EXIT_USAGE
    try:
        if args.store:
            store = open_read_only(open_store_info(args.store))
        else:
            store = load_store(directories)
    except InvalidPackage as invalid:
        print_problems(invalid.problems, args.lang)
        return EXIT_INVALID
    except OSError as err:  # the engine could not open the store's database
        print_problems([Problem("store.manifest", args.store, params={"detail": err})], args.lang)
        return EXIT_INVALID

    outcome: list[bytes | Problem] = []

    def evaluate() -> None:
        outcome.append(_evaluate(store, query, query_path, args))

    # The engine cannot be interrupted inside a query, but it lets go of Python while it
    # works: the query runs in a thread, and this thread waits (Ctrl-C still works here).
    worker = threading.Thread(target=evaluate, daemon=True)
    worker.start()
    worker.join(args.timeout)
    if worker.is_alive():
        seconds = f"{args.timeout:g}"
        problem = Problem("query.timeout", str(query_path), params={"seconds": seconds})
        print_problems([problem], args.lang)
        sys.stderr.flush()
        # Ending the process is the only way to stop a query the engine cannot cancel.
        os._exit(EXIT_INVALID)
    (result,) = outcome
    if isinstance(result, Problem):
        print_problems([result], args.lang)
        return EXIT_USAGE if result.rule == "query.format" else EXIT_INVALID
    sys.stdout.buffer.write(result if result.endswith(b"\n") else result + b"\n")
    sys.stdout.flush()
    return EXIT_OK


def _evaluate(store, query: str, query_path: Path, args: argparse.Namespace) -> bytes | Problem:
    where = str(query_path)
    try:
        results = run_query(store, query, allow_service=args.allow_service)
        return render(results, args.format or default_format(results))
    except QueryTooLarge as large:
        return Problem(large.rule, where, params=large.params)
    except ServiceRefused as refused:
        if refused.use.reason == "service":
            return Problem("query.service", where)
        return Problem("query.service-unchecked", where, params={"detail": refused.use.detail})
    except SyntaxError as err:
        return Problem("query.syntax", where, params={"detail": err})
    except UnsupportedFormat as err:
        return Problem("query.format", where, params={"kind": str(err), "format": args.format})
    except (OSError, RuntimeError, ValueError) as err:
        return Problem("query.failed", where, params={"detail": err})
