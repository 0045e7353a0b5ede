"""`plan-progress query [DIR...] QUERY.rq`: SPARQL 1.1 over one or more packages."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from plan_progress.cli.common import add_lang_option, print_problems
from plan_progress.core.problems import InvalidPackage, Problem
from plan_progress.sparql.results import UnsupportedFormat, execute, render
from plan_progress.sparql.store import load_store

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "query",
        help="SPARQL クエリを実行する / run a SPARQL query over one or more packages",
        description="パッケージ（複数可）の RDF を一つのグラフに読み込み、SPARQL 1.1 クエリを実行する。"
        " / Load the RDF of one or more packages into one graph and run a SPARQL 1.1 query.",
        usage="plan-progress query [-h] [--format {table,csv,json}] [--lang {ja,en}] [DIR ...] QUERY.rq",
    )
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="[DIR ...] QUERY.rq",
        help="パッケージのディレクトリ（既定：現在のディレクトリ）と、最後に .rq ファイル"
        " / package directories (default: .), then the .rq file",
    )
    parser.add_argument(
        "--format",
        choices=("table", "csv", "json"),
        default="table",
        help="出力形式：表、SPARQL 1.1 結果の CSV または JSON / output: a table, or SPARQL 1.1 results CSV or JSON",
    )
    add_lang_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    query_path = Path(args.paths[-1])
    directories = args.paths[:-1] or ["."]
    try:
        query = query_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        print_problems(
            [Problem("query.not-found", str(query_path), params={"detail": err})], args.lang
        )
        return EXIT_USAGE
    try:
        store = load_store(directories)
    except InvalidPackage as invalid:
        print_problems(invalid.problems, args.lang)
        return EXIT_INVALID
    try:
        results = execute(store, query)
        output = render(results, args.format)
    except SyntaxError as err:
        print_problems(
            [Problem("query.syntax", str(query_path), params={"detail": err})], args.lang
        )
        return EXIT_INVALID
    except UnsupportedFormat as err:
        params = {"kind": str(err), "format": args.format}
        print_problems([Problem("query.format", str(query_path), params=params)], args.lang)
        return EXIT_USAGE
    except (OSError, RuntimeError, ValueError) as err:
        print_problems(
            [Problem("query.failed", str(query_path), params={"detail": err})], args.lang
        )
        return EXIT_INVALID
    sys.stdout.buffer.write(output if output.endswith(b"\n") else output + b"\n")
    sys.stdout.flush()
    return EXIT_OK
