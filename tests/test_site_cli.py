"""`plan-progress site` as a user runs it: exit codes, one-line errors with rule ids, nothing
written when the input is bad, and the defences against hostile input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLES, PACKAGES, REPO, copy_package, edit, run_cli
from plan_progress.site import paths
from plan_progress.site.build import MARKER
from plan_progress.site.report import _web


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_the_command_builds_the_same_site_in_another_process_and_replaces_its_own(
    tmp_path: Path, built_site: Path
) -> None:
    out = tmp_path / "site"
    command = [
        sys.executable,
        "-m",
        "plan_progress",
        "site",
        *map(str, PACKAGES),
        "--out",
        str(out),
    ]
    # Another interpreter with another hash seed: nothing may depend on set or dict order.
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    first = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    assert files_of(out) == files_of(built_site)
    (out / "stale.html").write_text("left from before", encoding="utf-8")
    again = run_cli("site", str(REPO), "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert not (out / "stale.html").exists()  # the site is replaced as a whole
    assert (out / MARKER).is_file() and (out / "index.html").is_file()


def test_an_invalid_package_gets_an_error_line_and_leaves_the_previous_site(
    tmp_path: Path,
) -> None:
    out = tmp_path / "site"
    assert run_cli("site", str(REPO), "--out", str(out)).returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    broken = copy_package(tmp_path / "broken")
    edit(broken / "data" / "plans.csv", "092169", "092160")  # wrong check digit
    result = run_cli("site", str(broken), "--out", str(out), "--lang", "en")
    assert result.returncode == 1
    assert "data/plans.csv:2:municipality_code: [" in result.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_a_directory_that_is_not_a_site_is_never_replaced(tmp_path: Path) -> None:
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "letter.txt").write_text("keep me", encoding="utf-8")
    result = run_cli("site", str(REPO), "--out", str(precious))
    assert result.returncode == 1
    assert "[site.out-not-site]" in result.stderr
    assert sorted(p.name for p in precious.iterdir()) == ["letter.txt"]
    a_file = tmp_path / "file.txt"
    a_file.write_text("x", encoding="utf-8")
    assert "[site.out-not-site]" in run_cli("site", str(REPO), "--out", str(a_file)).stderr


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run_cli("site", str(REPO)).returncode == 2  # --out is required
    bad = run_cli("site", str(REPO), "--out", str(tmp_path / "s"), "--site-url", "x y\nRewrite")
    assert bad.returncode == 2 and "[site.url]" in bad.stderr
    assert not (tmp_path / "s").exists()


def test_two_packages_of_the_same_name_are_refused(tmp_path: Path) -> None:
    twin = copy_package(tmp_path / "twin")
    result = run_cli("site", str(REPO), str(twin), "--out", str(tmp_path / "s"))
    assert result.returncode == 1 and "[site.duplicate-name]" in result.stderr
    assert not (tmp_path / "s").exists()


def test_a_code_that_would_make_a_path_outside_its_folder_is_refused(tmp_path: Path) -> None:
    """A grade level's code is printed text: "a/b" would become …/level/a%2Fb in the IRI and,
    decoded into a file path, hide a folder. Its Table Schema pattern refuses it before any
    IRI is made (issue 24, class 12); the site's own refusal of such a path (site.iri-path)
    stays as a second line (test_dot_segments_and_long_names_never_become_paths)."""
    package = copy_package(tmp_path / "example", EXAMPLES[0])
    for table in ("grade-levels", "grades", "grade-counts"):
        path = package / "data" / f"{table}.csv"
        path.write_text(path.read_text("utf-8").replace("tassei,A,", "tassei,a/b,"), "utf-8")
    result = run_cli("build", str(package))
    assert result.returncode == 1
    assert "data/grade-levels.csv:2:code: [table.pattern] 「a/b」" in result.stderr
    out = tmp_path / "s"
    result = run_cli("site", str(package), "--out", str(out))
    assert result.returncode == 1 and "[table.pattern]" in result.stderr
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["example"]


def test_dot_segments_and_long_names_never_become_paths() -> None:
    base = "https://w3id.org/plan-progress/id/990019/plan/p/report/r/grade-scale/s/level/"
    for code in ("..", "%2E%2E", ".", "a%2Fb", "a%5Cb", "x" * 300, "%00"):
        try:
            stem = paths.page_stem(base + code)
        except paths.UnmappableIri:
            continue
        raise AssertionError(f"{code!r} mapped to {stem}")
    assert paths.page_stem(base + "%E2%97%8E") == "id/990019/plan/p/report/r/grade-scale/s/level/◎"


def test_iris_map_to_site_paths_and_links_are_relative() -> None:
    assert paths.page_stem("https://w3id.org/plan-progress/id/092169/actor/city") == (
        "id/092169/actor/city"
    )
    assert paths.page_stem("https://w3id.org/plan-progress/id/092169/x#part") == "id/092169/x"
    assert paths.page_stem("https://w3id.org/plan-progress/id/092169/x/") == "id/092169/x/index"
    assert paths.page_stem("https://data.example.lg.jp:8443/pp/actor/a") == (
        "ext/data.example.lg.jp_8443/pp/actor/a"
    )
    assert paths.page_stem("urn:x:y") is None and paths.page_stem("javascript:alert(1)") is None
    assert paths.vocabulary_target("https://w3id.org/plan-progress/ns#Initiative") == (
        paths.VOCABULARY_PAGE,
        "Initiative",
    )
    assert paths.href("id/a/b.html", "id/c.html") == "../c.html"
    assert paths.href("reports/x/index.html", "id/a/level/◎.html", "p q") == (
        "../../id/a/level/%E2%97%8E.html#p%20q"
    )


def test_a_javascript_address_in_the_data_is_refused_and_never_linked(tmp_path: Path) -> None:
    package = copy_package(tmp_path / "example", EXAMPLES[0])
    edit(
        package / "data" / "reports.csv",
        "https://example.org/kakuu-shi/fukushi/hyoka-r6.pdf",
        "javascript:alert(1)",
    )
    # source_url takes only web addresses: the package is invalid, and no site is written.
    for args in (("build", str(package)), ("site", str(package), "--out", str(tmp_path / "s"))):
        done = run_cli(*args)
        assert done.returncode == 1, done.stderr
        assert "data/reports.csv:2:source_url: [table.pattern]" in done.stderr
    assert not (tmp_path / "s").exists()
    # A second line of defence for any other address the page shows: only http(s) is linked.
    assert _web("javascript:alert(1)") is None and _web("data:text/html,x") is None
    assert _web("https://example.org/a.pdf") == "https://example.org/a.pdf"


def test_a_symlinked_citation_file_is_not_copied(tmp_path: Path) -> None:
    package = copy_package(tmp_path / "pkg")
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the site", encoding="utf-8")
    (package / "CITATION.cff").symlink_to(secret)
    out = tmp_path / "s"
    assert run_cli("site", str(package), "--out", str(out)).returncode == 0
    assert not any("not for the site" in p.read_text(errors="ignore") for p in out.rglob("*.cff"))
    assert not list(out.rglob("CITATION.cff"))
