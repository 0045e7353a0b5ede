"""`plan-progress release [DIR...]`: each validated package as `DIR/dist/` with catalog
metadata; the reports of one plan given together are released as its series."""

from __future__ import annotations

import argparse
import sys

from plan_progress.cli.common import (
    add_dirs_argument,
    add_lang_option,
    in_package,
    print_problems,
)
from plan_progress.core.package import PlanPackage
from plan_progress.core.problems import InvalidPackage

WARNING = {
    "ja": "警告：--allow-placeholders のため公開します",
    "en": "warning: released anyway, --allow-placeholders",
}


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "release",
        help="公開用の dist/ を作成する / build the dist/ release bundle",
        description="パッケージを検証し、公開する全ファイル・SHA256SUMS・DCAT 3 のカタログ情報・"
        "オープンデータ一覧の行を DIR/dist/ に書き出す（不正なら何も書かない）。同じ計画の年度ごとの"
        "報告を一緒に指定すると、計画のシリーズ（dcat:DatasetSeries、前年度へのリンク、年度ごとの表）"
        "として出す。 / Validate the packages, then write every published file, SHA256SUMS,"
        " DCAT 3 catalog metadata and an オープンデータ一覧 row to each DIR/dist/ (nothing is"
        " written when any is invalid). The yearly reports of one plan given together are"
        " released as the plan's series (dcat:DatasetSeries, previous-year links, a yearly"
        " table).",
    )
    add_dirs_argument(parser)
    parser.add_argument(
        "--allow-placeholders",
        action="store_true",
        help="plan-progress new の仮の表題・説明が残っていても警告だけにする"
        " / only warn about the placeholder title and description that new wrote",
    )
    add_lang_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from plan_progress.release.bundle import release_all
    from plan_progress.release.placeholders import find_placeholders

    packages, problems = [], []
    for directory in args.dirs:
        try:
            packages.append(PlanPackage.open(directory))
        except InvalidPackage as invalid:
            found = invalid.problems
            problems += in_package(found, directory) if len(args.dirs) > 1 else found
    if problems:
        print_problems(problems, args.lang)
        return 1
    try:
        written = release_all(packages, allow_placeholders=args.allow_placeholders)
    except InvalidPackage as invalid:
        print_problems(invalid.problems, args.lang)
        return 1
    if args.allow_placeholders:
        for package in packages:
            for problem in find_placeholders(package):
                print(f"{problem.as_line(args.lang)} ({WARNING[args.lang]})", file=sys.stderr)
    for target, contents in written:
        for path in sorted(contents):
            print(f"{target / path}")
        print(f"{len(contents)} files → {target}")
    return 0
