"""`plan-progress migrate [DIR...]`: bring packages of an earlier standard version up to date."""

from __future__ import annotations

import argparse
from pathlib import Path

from plan_progress.cli.common import add_dirs_argument, add_lang_option, in_package, print_problems
from plan_progress.core.problems import InvalidPackage, Problem
from plan_progress.core.version import __version__


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "migrate",
        help=f"旧版のパッケージを {__version__} 版にする / migrate packages to {__version__}",
        description="datapackage.json の表定義と版を現在の標準に合わせ、新しい表（見出し行のみ）を加える。"
        "値は変えない（docs/migration-0.2.md、docs/migration-0.3.md）。最新のパッケージには何もしない。"
        " / Update the Table Schemas and version in datapackage.json to the current standard and add"
        " the new tables (header rows only); no value changes (docs/migration-0.2.md,"
        " docs/migration-0.3.md). A package"
        " already up to date is left as it is.",
    )
    add_dirs_argument(parser)
    add_lang_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from plan_progress.model.migration import migrate

    dirs: list[str] = args.dirs
    problems: list[Problem] = []
    for directory in dirs:
        try:
            written = migrate(Path(directory))
        except InvalidPackage as invalid:
            problems += (
                in_package(invalid.problems, directory) if len(dirs) > 1 else invalid.problems
            )
            continue
        for path in written:
            print(f"wrote {path}")
        if not written:
            print(f"{directory}: {__version__} 版のままです / already at {__version__}")
    if problems:
        print_problems(problems, args.lang)
        return 1
    print("次に plan-progress build を実行してください / next: run plan-progress build")
    return 0
