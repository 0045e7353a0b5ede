"""The bad-input matrix (issue 10): every command, run as a user runs it, on hostile and
careless input. Each case must end with its exit code and one line naming its rule and
place; the package tree and everything beside it must be byte for byte as before; no
traceback, no secret, no token, no line broken in two; and no network connection at all.

The cases are in `tests/bad_input_cases.py`. They run two at a time (each is a subprocess)
in one session fixture; each case is then its own test.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

import bad_input_round2  # noqa: F401  (registers issue 24's cases into CASES)
from bad_input_cases import CASES, TOKEN, Case
from sandbox import SECRET, Listener, Run, Sandbox, run_in

COMMANDS = (
    "validate",
    "build",
    "import",
    "new",
    "template",
    "release",
    "publish",
    "query",
    "load",
    "serve",
    "site",
    "migrate",
)
# A problem line: location, then [rule], then the message, all on one line.
PROBLEM = re.compile(r"^(?P<where>.*?): \[(?P<rule>[a-z]+\.[a-z-]+)\] \S")


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    listener = Listener()
    yield listener
    listener.close()


@pytest.fixture(scope="module")
def results(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, listener: Listener
) -> dict[str, Run]:
    # Only the cases this session runs (pytest -k picks some).
    selected = {
        item.callspec.params["case"].id
        for item in request.session.items
        if hasattr(item, "callspec") and "case" in item.callspec.params
    }
    cases = [c for c in CASES if c.id in selected] or CASES

    def run(case: Case) -> tuple[str, Run]:
        started = time.monotonic()
        sandbox = Sandbox(tmp_path_factory.mktemp(case.id[:40]), listener)
        try:
            argv = case.setup(sandbox)
            run = run_in(sandbox, argv, case.env)
            SANDBOXES[case.id] = sandbox
            return case.id, run
        finally:
            sandbox.cleanup()
            TIMES[case.id] = time.monotonic() - started

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(run, cases))


TIMES: dict[str, float] = {}
SANDBOXES: dict[str, Sandbox] = {}


def test_the_matrix_is_large_and_covers_every_command() -> None:
    assert len(CASES) >= 200
    per_command = Counter(c.command for c in CASES)
    assert set(per_command) == set(COMMANDS), per_command


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case, results: dict[str, Run]) -> None:
    run = results[case.id]
    output = run.stdout + run.stderr
    assert "Traceback" not in output and "internal.error" not in output, output[-3000:]
    assert run.code == case.code, output[-3000:]
    # Nothing in the sandbox changed: the package, the files beside it, the outside secret.
    changed = {
        k for k in run.before.keys() | run.after.keys() if run.before.get(k) != run.after.get(k)
    }
    if case.writes:  # a success case: only what it is meant to write
        assert changed and all(k.startswith(case.writes) for k in changed), sorted(changed)
        assert case.after is not None
        case.after(SANDBOXES[case.id])
    else:
        assert not changed, sorted(changed)
    for hidden in (SECRET, "SECRET-LINE", TOKEN, *case.hidden):
        assert hidden not in output, hidden
    if case.rule is None:
        return
    as_json = "--format" in run.argv
    lines = run.stderr.splitlines()
    problems = [PROBLEM.match(line) for line in lines]
    if as_json:
        assert f'"rule": "{case.rule}"' in run.stdout
        assert max(len(line) for line in run.stdout.splitlines()) < 1000
        return
    found = [m for m in problems if m and m["rule"] == case.rule]
    assert found, run.stderr[-3000:]
    assert any(case.where in m["where"] for m in found), (case.where, [m["where"] for m in found])
    # One problem, one line: every stderr line is a problem, the count heading or a count.
    for line in lines:
        assert PROBLEM.match(line) or line.startswith(("規則ごと", "Problems by", "  ")), line
        assert len(line) < 1000, line[:200]


def test_no_case_made_a_network_connection(results: dict[str, Run], listener: Listener) -> None:
    assert results
    assert listener.connections() == 0


def test_a_good_package_keeps_its_result_beside_a_bad_one(results: dict[str, Run]) -> None:
    """Many-directory mode: the good package is reported valid, every bad one by its rule."""
    run = results["validate-many-one-huge"]
    assert "good" not in run.stderr
    assert "limit.file-size" in run.stderr and "package.shape" in run.stderr
