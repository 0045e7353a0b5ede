"""`plan-progress` console script: parses arguments and dispatches to one command module."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from plan_progress.cli import build as build_command
from plan_progress.cli import import_ as import_command
from plan_progress.cli import migrate as migrate_command
from plan_progress.cli import new as new_command
from plan_progress.cli import publish as publish_command
from plan_progress.cli import query as query_command
from plan_progress.cli import release as release_command
from plan_progress.cli import serve as serve_command
from plan_progress.cli import site as site_command
from plan_progress.cli import template as template_command
from plan_progress.cli import validate as validate_command
from plan_progress.core.version import __version__

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

COMMANDS = (
    build_command,
    validate_command,
    release_command,
    publish_command,
    new_command,
    template_command,
    import_command,
    migrate_command,
    query_command,
    serve_command,
    site_command,
)


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="plan-progress",
        description="計画の事業進捗をオープンデータにする / Plan progress reports as open data",
    )
    root.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = root.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMANDS:
        module.register(commands)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        print("interrupted / 中断しました", file=sys.stderr)
        return 130
