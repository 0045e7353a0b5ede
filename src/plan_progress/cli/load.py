"""`plan-progress load STORE DIR...`: bulk-load packages into an on-disk store for `serve`."""

from __future__ import annotations

import argparse
import sys
import time

from plan_progress.cli.common import add_lang_option, print_problems
from plan_progress.core.problems import InvalidPackage
from plan_progress.sparql import create_store


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "load",
        help="パッケージをストアに一括で読み込む / bulk-load packages into an on-disk store",
        description="パッケージ（複数可）の RDF と語彙をディスク上のストア（Oxigraph）に一括で読み込む。"
        "完成してから置き換えるので、失敗しても元のストアは残る。"
        "plan-progress serve --store STORE または query --store STORE で使う。"
        " / Bulk-load the RDF of packages and the vocabulary into an on-disk store (Oxigraph),"
        " replacing it only when complete, for serve --store STORE or query --store STORE.",
    )
    parser.add_argument("store", metavar="STORE", help="ストアのディレクトリ / store directory")
    parser.add_argument(
        "dirs",
        nargs="+",
        metavar="DIR",
        help="パッケージのディレクトリ / package directories",
    )
    add_lang_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    started = time.monotonic()
    try:
        info = create_store(args.store, args.dirs)
    except InvalidPackage as invalid:
        print_problems(invalid.problems, args.lang)
        return 1
    except OSError as err:
        print(f"ストアを書き込めません / cannot write the store: {err}", file=sys.stderr)
        return 1
    seconds = time.monotonic() - started
    print(
        f"{args.store}: {len(info.packages)} パッケージ・{info.default_graph_triples} トリプル"
        f"（{seconds:.1f} 秒） / {len(info.packages)} package(s),"
        f" {info.default_graph_triples} triples in {seconds:.1f} s",
        file=sys.stderr,
    )
    return 0
