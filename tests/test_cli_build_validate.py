"""`build` and `validate` on broken packages: the right rule, the place, exit 1, nothing written."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import edit, generated_digests, run_cli
from plan_progress.core.messages import RULES


def dangling_foreign_key(pkg: Path) -> None:
    edit(
        pkg / "data/progress-entries.csv",
        "g1-1-city,progress-summary,g1-1,",
        "g1-1-city,progress-summary,g9-9,",
    )


def empty_required_text(pkg: Path) -> None:
    edit(pkg / "data/initiatives.csv", "g1-2,g1,2,地域交流の場となる拠点づくり", "g1-2,g1,2,")


def bad_check_digit(pkg: Path) -> None:
    edit(pkg / "data/plans.csv", ",092169,", ",092168,")


def broken_quote(pkg: Path) -> None:
    edit(pkg / "data/actors.csv", "city,市,下野市,", 'city,"市,下野市,')


def duplicated_id(pkg: Path) -> None:
    edit(pkg / "data/basic-goals.csv", "g2,chiiki-fukushi-2,2,", "g1,chiiki-fukushi-2,2,")


def wrapped_text(pkg: Path) -> None:
    edit(pkg / "data/initiatives.csv", "ふれあい交流の促進", "ふれあい\n交流の促 進")
    # the cell now holds a line break with a space: quote it as a spreadsheet would
    edit(
        pkg / "data/initiatives.csv",
        "g1-1,g1,1,ふれあい\n交流の促 進",
        'g1-1,g1,1," ふれあい\n交流の促進"',
    )


def decomposed_kana(pkg: Path) -> None:
    edit(pkg / "data/basic-goals.csv", "まちづくり", unicodedata.normalize("NFD", "まちづくり"))


def unknown_status(pkg: Path) -> None:
    edit(pkg / "data/reports.csv", ",final,", ",kakutei,")


CASES: list[tuple[str, Callable[[Path], None], str, str, int | None, str | None]] = [
    (
        "dangling-fk",
        dangling_foreign_key,
        "table.foreign-key",
        "data/progress-entries.csv",
        2,
        "initiative_id",
    ),
    ("empty-required", empty_required_text, "table.required", "data/initiatives.csv", 3, "title"),
    (
        "check-digit",
        bad_check_digit,
        "code.municipality-check-digit",
        "data/plans.csv",
        2,
        "municipality_code",
    ),
    ("broken-quote", broken_quote, "table.missing-cell", "data/actors.csv", 2, None),
    ("duplicated-id", duplicated_id, "table.primary-key", "data/basic-goals.csv", 3, "goal_id"),
    ("wrapped-text", wrapped_text, "text.whitespace", "data/initiatives.csv", 2, "title"),
    ("not-nfc", decomposed_kana, "text.not-nfc", "data/basic-goals.csv", 3, "title"),
    ("unknown-code", unknown_status, "table.enum", "data/reports.csv", 2, "status"),
]


def source_digests(pkg: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((pkg / "data").glob("*.csv"))}


@pytest.mark.parametrize(
    ("name", "corrupt", "rule", "file", "row", "column"), CASES, ids=[c[0] for c in CASES]
)
def test_broken_input_fails_with_rule_and_place_and_writes_nothing(
    package_copy: Path, name, corrupt, rule, file, row, column
) -> None:
    corrupt(package_copy)
    generated_before = generated_digests(package_copy)
    source_before = source_digests(package_copy)

    result = run_cli("build", str(package_copy))

    assert result.returncode == 1, result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if f"[{rule}]" in line]
    assert lines, result.stderr
    place = f"{file}:{row if row is not None else ''}:{column or ''}"
    if column is None:
        assert any(line.startswith(f"{file}:{row}:") for line in lines), lines
    else:
        assert any(line.startswith(place) for line in lines), (place, lines)
    assert generated_digests(package_copy) == generated_before
    assert source_digests(package_copy) == source_before

    validated = run_cli("validate", str(package_copy), "--format", "json", "--lang", "en")
    assert validated.returncode == 1
    report = json.loads(validated.stdout)
    assert report["valid"] is False
    assert rule in report["summary"]
    problem = next(p for p in report["problems"] if p["rule"] == rule)
    assert (problem["file"], problem["row"]) == (file, row)
    assert problem["message"].endswith(RULES[rule].fix_en.format(dir=package_copy))


def test_a_cell_error_quotes_the_cell_not_the_row(package_copy: Path) -> None:
    unknown_status(package_copy)
    result = run_cli("validate", str(package_copy), "--lang", "en")
    (line,) = [line for line in result.stderr.splitlines() if "[table.enum]" in line]
    assert line.startswith("data/reports.csv:2:status: [table.enum] kakutei is not in the codelist")
    assert "progress-summary" not in line


def test_messages_are_japanese_by_default_and_english_on_request(package_copy: Path) -> None:
    bad_check_digit(package_copy)
    ja = run_cli("validate", str(package_copy))
    en = run_cli("validate", str(package_copy), "--lang", "en")
    assert "検査数字が正しくありません（正しくは 092169）" in ja.stderr
    assert "wrong check digit (expected 092169)" in en.stderr
    assert "規則ごとの件数" in ja.stderr and "Problems by rule" in en.stderr


def test_validate_passes_on_the_repository_package(repo: Path) -> None:
    result = run_cli("validate", str(repo), "--format", "json")
    assert result.returncode == 0, result.stdout
    assert json.loads(result.stdout) == {"valid": True, "problems": [], "summary": {}}


def test_stale_generated_file_is_reported_with_the_fix_and_build_mends_it(
    package_copy: Path,
) -> None:
    edit(package_copy / "data/generated/report.ttl", "第２期計画推進委員会", "推進委員会")
    result = run_cli("validate", str(package_copy), "--lang", "en")
    assert result.returncode == 1
    assert "data/generated/report.ttl::: [generated.stale]" in result.stderr
    assert f"Run: plan-progress build {package_copy}" in result.stderr
    assert run_cli("build", str(package_copy)).returncode == 0
    assert run_cli("validate", str(package_copy)).returncode == 0


def test_source_edit_makes_generated_files_stale_until_rebuilt(package_copy: Path) -> None:
    edit(
        package_copy / "data/confirmation-bodies.csv",
        "第２期計画推進委員会",
        "第２期計画推進委員会（仮）",
    )
    stale = run_cli("validate", str(package_copy), "--format", "json")
    assert {p["rule"] for p in json.loads(stale.stdout)["problems"]} == {"generated.stale"}
    built = run_cli("build", str(package_copy))
    assert built.returncode == 0
    assert "（仮）" in (package_copy / "data/generated/report.ttl").read_text(encoding="utf-8")


def test_missing_generated_file_is_reported(package_copy: Path) -> None:
    (package_copy / "data/generated/report.nt").unlink()
    result = run_cli("validate", str(package_copy), "--lang", "en")
    assert result.returncode == 1
    assert "[generated.missing]" in result.stderr


def test_json_ld_that_disagrees_with_turtle_is_caught(package_copy: Path) -> None:
    # Both files edited the same way would pass the staleness check only if a fresh build
    # agreed; here only the JSON-LD's id changes, so the graphs differ too.
    edit(
        package_copy / "data/generated/report.jsonld",
        '"actor": "actor/city"',
        '"actor": "actor/town"',
    )
    result = run_cli("validate", str(package_copy), "--lang", "en")
    assert "[generated.stale]" in result.stderr


def test_missing_package_is_exit_1_with_a_clear_message(tmp_path: Path) -> None:
    result = run_cli("validate", str(tmp_path / "nowhere"), "--lang", "en")
    assert result.returncode == 1
    assert "[package.not-found]" in result.stderr


def test_usage_errors_exit_2() -> None:
    assert run_cli("validate", "--format", "xml").returncode == 2
    assert run_cli("no-such-command").returncode == 2
    assert run_cli().returncode == 2
