"""`plan-progress build [DIR...]`: CSV -> JSON-LD, Turtle, N-Triples and the flat CSV."""

from __future__ import annotations

import argparse
from pathlib import Path

from plan_progress.cli.common import (
    add_dirs_argument,
    add_lang_option,
    exit_code,
    in_package,
    internal_problem,
    print_problems,
)
from plan_progress.core.package import PlanPackage
from plan_progress.core.problems import InvalidPackage, Problem, errors
from plan_progress.pipeline.build import build_reporting
from plan_progress.scale.batch import map_packages


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "build",
        help="生成ファイルを作成・検証する / build and validate the generated files",
        description="元の CSV を検証し、JSON-LD・Turtle・N-Triples・フラット CSV を書き出す（不正なら何も書かない）。"
        "複数のディレクトリを一度に処理できる（不正なパッケージには何も書かない）。"
        " / Validate the source CSV and write JSON-LD, Turtle, N-Triples and the flat CSV"
        " (nothing is written when invalid). Several directories are built in one run;"
        " an invalid package gets nothing written.",
    )
    add_dirs_argument(parser)
    add_lang_option(parser)
    parser.set_defaults(run=run)


def build_directory(directory: str) -> tuple[list[Path], list[Problem]]:
    """Paths written and problems found (only warnings when something was written)."""
    try:
        return build_reporting(PlanPackage.open(directory))
    except InvalidPackage as invalid:
        return [], invalid.problems


def build_failed(directory: str, err: BaseException) -> tuple[list[Path], list[Problem]]:
    return [], [internal_problem(directory, err)]


def run(args: argparse.Namespace) -> int:
    dirs: list[str] = args.dirs
    problems: list[Problem] = []
    written: list[Path] = []
    for directory, (paths, found) in map_packages(build_directory, dirs, "build", build_failed):
        written.extend(paths)
        problems.extend(in_package(found, directory) if len(dirs) > 1 else found)
    for path in written:
        print(f"wrote {path}")
    if problems:
        print_problems(problems, args.lang)
    if errors(problems):
        return exit_code(problems)
    if not written:
        print("生成ファイルは最新です / generated files are up to date")
    return 0
