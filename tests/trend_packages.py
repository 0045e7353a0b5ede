"""Copies of the real pairs of consecutive years with one change each, for the cookbook's trend
questions (queries 20-22): the real pairs hold no grade that fell, no issue copied unchanged
and no indicator moving away from its target, so each copy makes exactly one such case (the
change is named in the docstring of each builder), and the answer must name it and nothing else.
Every copy is rebuilt and validated by the command line, as a user's package would be."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO, copy_package, edit, run_cli

RECORDS = REPO / "tests" / "records"
SASEBO = (RECORDS / "sasebo-chiiki-fukushi-toshin-h26", RECORDS / "sasebo-chiiki-fukushi-toshin-h27")
NERIMA = (RECORDS / "nerima-shogai-torikumi-h30-r1", RECORDS / "nerima-shogai-torikumi-r2")


def built(*roots: Path) -> list[Path]:
    for root in roots:
        result = run_cli("build", str(root), cwd=REPO)
        assert result.returncode == 0, result.stderr
    result = run_cli("validate", *map(str, roots), cwd=REPO)
    assert result.returncode == 0, result.stderr
    return list(roots)


def _ordinal(root: Path, ranks: dict[str, int]) -> None:
    """Sasebo's A-D legend given ranks (the source prints none: this is the test's change)."""
    edit(root / "data" / "grade-scales.csv", ",nominal,", ",ordinal,")
    for code, rank in ranks.items():
        edit(root / "data" / "grade-levels.csv", f"zentai,{code},,", f"zentai,{code},{rank},")


def sasebo_ordinal(tmp: Path, ranks: dict[str, int], h27_area1: str = "B") -> list[Path]:
    """The Sasebo pair with ranked levels, and goal 1's FY2015 grade set to `h27_area1`."""
    h26 = copy_package(tmp / "sasebo-h26", SASEBO[0])
    h27 = copy_package(tmp / "sasebo-h27", SASEBO[1])
    for root in (h26, h27):
        _ordinal(root, ranks)
    if h27_area1 != "B":
        edit(h27 / "data" / "grades.csv", "area1-h27,zentai,B,", f"area1-h27,zentai,{h27_area1},")
    return built(h26, h27)


def nerima_with_issues(tmp: Path, moving_away: bool = False) -> list[Path]:
    """The Nerima pair with issue texts (the source prints none): one copied from 令和元年度 to
    令和2年度 (across the two packages), one from 平成30年度 to 令和元年度 (inside the first), and
    one that differs by a final 。 only (not unchanged); with `moving_away`, also the change of
    nerima_moving_away (one store then holds a case of both questions)."""
    old = copy_package(tmp / "nerima-h30-r1", NERIMA[0])
    new = copy_package(tmp / "nerima-r2", NERIMA[1])
    if moving_away:
        _away(new)
    entries = old / "data" / "progress-entries.csv"
    edit(entries, "実施 20回,,2019", "実施 20回,勉強会の参加者を増やす,2019")
    edit(new / "data" / "progress-entries.csv", "18回 実施,,2020", "18回 実施,勉強会の参加者を増やす,2020")
    edit(entries, "石神井・大泉地区3回),,2018", "石神井・大泉地区3回),事業所を増やす,2018")
    edit(entries, "支援の実施,,2019", "支援の実施,事業所を増やす,2019")
    edit(entries, "研修センター12回,,2018", "研修センター12回,研修を充実する,2018")
    edit(entries, "研修センター10回,,2019", "研修センター10回,研修を充実する。,2019")
    return built(old, new)


def nerima_moving_away(tmp: Path) -> list[Path]:
    """The Nerima pair with the offices count of 令和2年度 at 34 instead of 33: further from the
    target 32 than 令和元年度's 31 (the real 33 is as far as 31, so it does not move away)."""
    old = copy_package(tmp / "nerima-h30-r1", NERIMA[0])
    new = copy_package(tmp / "nerima-r2", NERIMA[1])
    _away(new)
    return built(old, new)


def _away(r2: Path) -> None:
    edit(r2 / "data" / "indicator-values.csv", "令和2年度,,33,", "令和2年度,,34,")
