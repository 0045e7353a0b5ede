"""docs/guide.md stays true to the code: its commands parse, its rule ids and sample lines exist."""

from __future__ import annotations

import re
import shlex

import pytest

from conftest import REPO
from plan_progress.cli.main import parser
from plan_progress.core.messages import RULES
from plan_progress.core.problems import Problem

GUIDE = (REPO / "docs" / "guide.md").read_text(encoding="utf-8")
# Design §5 commands that other branches implement; parsed here as soon as they are registered.
CONTRACT_ELSEWHERE = {"release", "publish"}


def guide_commands() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", GUIDE, flags=re.S)
    lines = [line.split("#")[0].strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line.startswith("plan-progress ")]


def registered() -> set[str]:
    subparsers = next(a for a in parser()._actions if a.dest == "command")
    return set(subparsers.choices)


def test_guide_shows_the_commands_of_every_step() -> None:
    used = {shlex.split(line)[1] for line in guide_commands()}
    assert {"new", "template", "import", "build", "validate"} <= used


@pytest.mark.parametrize("line", guide_commands())
def test_guide_commands_parse(line: str) -> None:
    argv = shlex.split(line)[1:]
    if argv[0] in registered():
        parser().parse_args(argv)  # raises SystemExit(2) on a wrong option
    else:
        assert argv[0] in CONTRACT_ELSEWHERE, argv[0]


def test_rule_ids_named_in_the_guide_exist() -> None:
    named = set(re.findall(r"\[([a-z]+\.[a-z-]+)\]", GUIDE))
    named |= set(re.findall(r"`([a-z]+\.[a-z][a-z-]+)`", GUIDE))
    named = {n for n in named if not n.endswith((".csv", ".json", ".md", ".xlsx"))}
    assert named and not named - set(RULES), named - set(RULES)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_sample_error_lines_are_what_the_tools_print(lang: str) -> None:
    samples = [
        Problem("table.required", "data/plans.csv", 2, "title"),
        Problem(
            "import.leading-zeros",
            "[book.xlsx]plans",
            3,
            "municipality_code",
            {"value": "92011", "suggestion": "092011", "length": 6},
        ),
    ]
    for problem in samples:
        assert problem.as_line(lang) in GUIDE
