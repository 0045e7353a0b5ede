"""`plan-progress build [DIR]`: CSV -> JSON-LD, Turtle, N-Triples and the flat CSV."""

from __future__ import annotations

import argparse

from plan_progress.build import build
from plan_progress.cli.common import add_dir_argument, add_lang_option, print_problems
from plan_progress.package import PlanPackage
from plan_progress.problems import InvalidPackage


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "build",
        help="生成ファイルを作成・検証する / build and validate the generated files",
        description="元の CSV を検証し、JSON-LD・Turtle・N-Triples・フラット CSV を書き出す（不正なら何も書かない）。"
        " / Validate the source CSV and write JSON-LD, Turtle, N-Triples and the flat CSV"
        " (nothing is written when invalid).",
    )
    add_dir_argument(parser)
    add_lang_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        package = PlanPackage.open(args.dir)
        written = build(package)
    except InvalidPackage as invalid:
        print_problems(invalid.problems, args.lang)
        return 1
    for path in written:
        print(f"wrote {path}")
    if not written:
        print("生成ファイルは最新です / generated files are up to date")
    return 0
