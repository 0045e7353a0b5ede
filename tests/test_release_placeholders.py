"""`release` and the placeholders `new` writes: refused, located, or only warned about."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_cli
from plan_progress.model.scaffold import PLACEHOLDER_DESCRIPTION, PLACEHOLDER_TITLE, is_placeholder
from test_scaffold import fill_minimal_example, name_titles, new


def built_skeleton(tmp_path: Path) -> Path:
    target = new(tmp_path)
    fill_minimal_example(target)
    built = run_cli("build", str(target))
    assert built.returncode == 0, built.stderr
    return target


def descriptor_line(target: Path, key: str) -> int:
    lines = (target / "datapackage.json").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.startswith(f'  "{key}":'))


def test_placeholders_stop_a_release_at_their_lines(tmp_path: Path) -> None:
    target = built_skeleton(tmp_path)
    ja = run_cli("release", str(target))
    en = run_cli("release", str(target), "--lang", "en")
    assert ja.returncode == en.returncode == 1
    title, description = descriptor_line(target, "title"), descriptor_line(target, "description")
    assert f"datapackage.json:{title}:title: [release.placeholder]" in ja.stderr
    assert f"datapackage.json:{description}:description: [release.placeholder]" in ja.stderr
    assert (
        "仮の文「宇都宮市 計画の事業進捗 / Plan progress of 宇都宮市」が残っています" in ja.stderr
    )
    assert "--allow-placeholders" in ja.stderr
    assert "The placeholder 宇都宮市 計画の事業進捗" in en.stderr
    assert len(ja.stderr.strip().splitlines()) == 4  # two lines, then the count per rule
    assert not (target / "dist").exists()


def test_allow_placeholders_releases_with_warnings(tmp_path: Path) -> None:
    target = built_skeleton(tmp_path)
    result = run_cli("release", str(target), "--allow-placeholders", "--lang", "en")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "[release.placeholder]" in line]
    assert len(warnings) == 2
    assert all(
        line.endswith("(warning: released anyway, --allow-placeholders)") for line in warnings
    )
    assert (target / "dist" / "SHA256SUMS").is_file()


def test_a_placeholder_copied_into_a_table_is_found(tmp_path: Path) -> None:
    target = new(tmp_path)
    fill_minimal_example(target)
    name_titles(target)
    plans = target / "data" / "plans.csv"
    description = PLACEHOLDER_DESCRIPTION.format(name="宇都宮市")
    plans.write_text(
        plans.read_text(encoding="utf-8").replace("（例）地域福祉計画", f'"{description}"'),
        encoding="utf-8",
    )
    assert run_cli("build", str(target)).returncode == 0
    result = run_cli("release", str(target))
    assert result.returncode == 1
    assert "data/plans.csv:2:title: [release.placeholder]" in result.stderr
    assert "datapackage.json" not in result.stderr


def test_real_titles_release_without_a_word(tmp_path: Path) -> None:
    target = new(tmp_path)
    fill_minimal_example(target)
    name_titles(target)
    assert run_cli("build", str(target)).returncode == 0
    result = run_cli("release", str(target))
    assert result.returncode == 0, result.stderr
    assert "placeholder" not in result.stderr


def test_placeholder_recognition() -> None:
    for name in ("宇都宮市", "下野市", "架空町（例）"):
        assert is_placeholder(PLACEHOLDER_TITLE.format(name=name))
        assert is_placeholder(PLACEHOLDER_DESCRIPTION.format(name=name))
    # A title the municipality wrote, even one mentioning progress, is not a placeholder.
    assert not is_placeholder("第２期計画 事業進捗のまとめ(確定版) / Plan progress summary")
    assert not is_placeholder("宇都宮市 計画の事業進捗 / Plan progress of 下野市")
    shimotsuke = json.loads(
        (Path(__file__).parent.parent / "datapackage.json").read_text(encoding="utf-8")
    )
    assert not is_placeholder(shimotsuke["title"]) and not is_placeholder(shimotsuke["description"])
