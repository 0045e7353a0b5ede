"""The command line's last net (`cli.main`): an unexpected exception is one line with
`[internal.error]` and exit 70; `--debug` adds the traceback; in a run over several
packages, a bug in one package costs only that package its result."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import REPO, copy_package

# A bug planted in a real run: validating any package whose directory is named "buggy"
# raises an exception no check expects.
PLANT = """
import sys
from plan_progress.cli import validate
from plan_progress.cli.main import main

real = validate.validate

def buggy(package):
    if package.root.name == "buggy":
        raise ZeroDivisionError("secret detail from a file")
    return real(package)

validate.validate = buggy
# Several packages are validated through the series' reader, which calls the pipeline's.
from plan_progress.pipeline import series
series.validate = lambda package, **kw: (
    buggy(package) if package.root.name == "buggy" else real(package, **kw)
)
raise SystemExit(main(sys.argv[1:]))
"""


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", PLANT, *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_an_unexpected_error_is_one_line_and_exit_70(tmp_path: Path) -> None:
    buggy = copy_package(tmp_path / "buggy")
    result = run("validate", str(buggy))
    assert result.returncode == 70
    lines = result.stderr.strip().splitlines()
    assert "Traceback" not in result.stderr and "secret detail" not in result.stderr
    assert any("[internal.error]" in line and "ZeroDivisionError" in line for line in lines)
    assert "--debug" in result.stderr


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    buggy = copy_package(tmp_path / "buggy")
    for argv in (["--debug", "validate", str(buggy)], ["validate", str(buggy), "--debug"]):
        result = run(*argv)
        assert result.returncode == 70
        assert "Traceback" in result.stderr and "ZeroDivisionError" in result.stderr


def test_one_buggy_package_does_not_lose_the_others(tmp_path: Path) -> None:
    buggy = copy_package(tmp_path / "buggy")
    # Another plan than the repository's: two copies of one plan would be checked as a
    # series (and named in its problems), which is not what this test is about.
    good = copy_package(tmp_path / "good", REPO / "examples" / "kakuu-shi-chiiki-fukushi")
    bad = copy_package(tmp_path / "bad")
    (bad / "data" / "plans.csv").write_text("plan_id\n", encoding="utf-8")
    result = run("validate", str(good), str(buggy), str(bad), str(REPO))
    assert result.returncode == 70
    assert f"{buggy}::: [internal.error]" in result.stderr
    assert f"{bad}/data/plans.csv:1:" in result.stderr  # the bad package's own problems
    assert str(good) not in result.stderr and str(REPO) + "/" not in result.stderr
