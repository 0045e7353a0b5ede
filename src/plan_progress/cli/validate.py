"""`plan-progress validate [DIR]`: every check, writing nothing."""

from __future__ import annotations

import argparse
import sys

from plan_progress.cli.common import (
    add_dir_argument,
    add_lang_option,
    print_problems,
    problems_json,
)
from plan_progress.package import PlanPackage
from plan_progress.problems import InvalidPackage
from plan_progress.validation import validate


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "validate",
        help="パッケージを検証する（書き込みなし） / validate the package without writing",
        description="Table Schema（frictionless）、JSON Schema、SHACL、生成ファイルの一致を検査する。"
        " / Check the Table Schemas (frictionless), the JSON Schema, SHACL and the generated files.",
    )
    add_dir_argument(parser)
    add_lang_option(parser)
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="結果の形式 / report format (json goes to stdout)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        problems = validate(PlanPackage.open(args.dir))
    except InvalidPackage as invalid:
        problems = invalid.problems
    if args.format == "json":
        print(problems_json(problems, args.lang))
    else:
        print_problems(problems, args.lang)
        if not problems:
            print("検証に合格しました / valid", file=sys.stdout)
    return 1 if problems else 0
