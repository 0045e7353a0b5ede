"""`plan-progress new DIR --code 6DIGITS --name NAME`: a package skeleton for a municipality."""

from __future__ import annotations

import argparse
from pathlib import Path

from plan_progress.cli.common import add_lang_option, print_problems
from plan_progress.core.problems import InvalidPackage


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "new",
        help="他の自治体のパッケージを作成する / scaffold a package for a municipality",
        description="空の表（見出し行のみ）、datapackage.json、README.md をもつパッケージを作る。"
        " / Create a package with empty tables (header rows), datapackage.json and a README.md.",
    )
    parser.add_argument("dir", metavar="DIR", help="作成するディレクトリ / directory to create")
    parser.add_argument(
        "--code",
        required=True,
        metavar="6DIGITS",
        help="全国地方公共団体コード（検査数字を含む6桁） / municipality code with its check digit",
    )
    parser.add_argument(
        "--name", required=True, metavar="NAME", help="地方公共団体名 / municipality name"
    )
    parser.add_argument(
        "--plan-id",
        metavar="ID",
        help="計画ID（英小文字・数字・ハイフン。IRI の一部になる） / plan id (part of the IRIs)",
    )
    add_lang_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from plan_progress.model.scaffold import scaffold

    target = Path(args.dir)
    try:
        written = scaffold(target, args.code, args.name, args.plan_id)
    except InvalidPackage as invalid:
        print_problems(invalid.problems, args.lang)
        return 1
    for path in written:
        print(f"wrote {path}")
    print(
        f"次に data/ の表を入力し、plan-progress build {target} と plan-progress validate {target}"
        f" を実行してください / next: fill in data/, then run plan-progress build {target}"
        f" and plan-progress validate {target}"
    )
    return 0
