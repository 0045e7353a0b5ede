"""Property-based fuzzing of the source CSVs and the descriptor (hypothesis, fixed seed,
bounded examples): whatever the mutation, `validate` ends with exit 0 or 1 and never an
internal error; and a mutated package that validates holds exactly the original's data
(its typed table rows are equal), since validation compares the committed outputs with a
fresh build of the mutated source.

Examples run in-process through `main()` (the command line's own entry point, with its
last net), which is what makes a few hundred of them affordable.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO, copy_package
from plan_progress.checks.tables import read_tables
from plan_progress.cli.main import main
from plan_progress.core.package import PlanPackage

# Tables of the seed that hold rows (the optional ones are empty in the seed).
TABLES = ("reports", "plans", "actors", "basic-goals", "initiatives", "progress-entries")
NASTY = (
    "\u0085",
    "\u2028",
    "\u200b",
    "\u200d",
    "\u202e",
    "\u2066",
    "\ue000",
    "\u0378",
    "\u0301",
    "\ufeff",
    '=HYPERLINK("http://x","y")',
    "@SUM(1)",
    "\n",
    "\r\n",
    "\r",
    "\t",
    '"',
    ",",
    " ",
    "\u3000",
    "../../etc/passwd",
    "",
    "092169",
    "-1",
    "0",
    "１",
    "true",
    "2024-02-30",
    "x" * 300,
)
TEXT = st.one_of(
    st.sampled_from(NASTY),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=12),
    st.integers(-(10**12), 10**12).map(str),
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=6,
)
FUZZ = settings(
    derandomize=True,  # a fixed seed: the same examples on every run and in CI
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def rows_of(root: Path) -> dict[str, list[dict[str, Any]]]:
    tables = read_tables(PlanPackage.open(root))
    return {name: [row.cells for row in rows] for name, rows in tables.items()}


ORIGINAL = rows_of(REPO)


def check(root: Path) -> None:
    """validate must answer 0 or 1 in one line per problem; when 0, the data are the seed's."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["validate", str(root)])
    assert code in (0, 1), err.getvalue()[-2000:]
    assert "internal.error" not in err.getvalue()
    if code == 0:
        assert rows_of(root) == ORIGINAL, "a mutated package validated with other data"


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def fresh(workdir: Path) -> Path:
    target = workdir / "pkg"
    if target.exists():
        shutil.rmtree(target)
    return copy_package(target)


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


CELL_EDIT = st.tuples(
    st.sampled_from(TABLES), st.integers(0, 40), st.integers(0, 10), TEXT, st.booleans()
)


@settings(FUZZ, max_examples=60)
@given(edits=st.lists(CELL_EDIT, min_size=1, max_size=3))
def test_cell_edits(workdir: Path, edits: list) -> None:
    """Replace a cell, or insert text into it (row 0 is the header)."""
    root = fresh(workdir)
    for table, row, column, text, insert in edits:
        path = root / "data" / f"{table}.csv"
        rows = read_rows(path)
        r = rows[row % len(rows)]
        c = column % len(r)
        r[c] = r[c][: len(r[c]) // 2] + text + r[c][len(r[c]) // 2 :] if insert else text
        write_rows(path, rows)
    check(root)


@settings(FUZZ, max_examples=40)
@given(
    table=st.sampled_from(TABLES),
    position=st.integers(0, 10**6),
    cut=st.integers(0, 4),
    insert=st.binary(max_size=6)
    | st.sampled_from([b'"', b",", b"\n", b"\r", b"\xff", b"\xe3\x81"]),
)
def test_byte_edits(workdir: Path, table: str, position: int, cut: int, insert: bytes) -> None:
    """Bytes cut from or put into a CSV file anywhere: broken quotes, broken UTF-8, rows
    split or joined."""
    root = fresh(workdir)
    path = root / "data" / f"{table}.csv"
    data = path.read_bytes()
    at = position % (len(data) + 1)
    path.write_bytes(data[:at] + insert + data[at + cut :])
    check(root)


@settings(FUZZ, max_examples=30)
@given(
    table=st.sampled_from(TABLES),
    action=st.sampled_from(
        ["drop-column", "swap-columns", "add-column", "drop-row", "copy-row", "blank-row"]
    ),
    a=st.integers(0, 40),
    b=st.integers(0, 40),
)
def test_structure_edits(workdir: Path, table: str, action: str, a: int, b: int) -> None:
    root = fresh(workdir)
    path = root / "data" / f"{table}.csv"
    rows = read_rows(path)
    width = len(rows[0])
    if action == "drop-column":
        rows = [r[: a % width] + r[a % width + 1 :] for r in rows]
    elif action == "swap-columns":
        i, j = a % width, b % width
        for r in rows:
            r[i], r[j] = r[j], r[i]
    elif action == "add-column":
        rows = [[*r, "extra" if n == 0 else ""] for n, r in enumerate(rows)]
    elif action == "drop-row" and len(rows) > 1:
        del rows[1 + a % (len(rows) - 1)]
    elif action == "copy-row" and len(rows) > 1:
        rows.append(list(rows[1 + a % (len(rows) - 1)]))
    elif action == "blank-row":
        rows.insert(1 + a % len(rows), [""] * width)
    write_rows(path, rows)
    check(root)


def _paths(value: Any, here: tuple = ()) -> list[tuple]:
    found = [here]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*here, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*here, index))
    return found


DESCRIPTOR = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
PATHS = _paths(DESCRIPTOR)


@settings(FUZZ, max_examples=150)
@given(
    edits=st.lists(st.tuples(st.sampled_from(PATHS), JSON, st.booleans()), min_size=1, max_size=3)
)
def test_descriptor_edits(workdir: Path, edits: list) -> None:
    """Any value of datapackage.json replaced by any JSON value, or deleted."""
    root = fresh(workdir)
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    for path, value, delete in edits:
        parent: Any = descriptor
        try:
            for key in path[:-1]:
                parent = parent[key]
            if not path:
                descriptor = value
            elif delete:
                del parent[path[-1]]
            else:
                parent[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier edit removed or replaced the place
    (root / "datapackage.json").write_text(
        json.dumps(descriptor, ensure_ascii=False), encoding="utf-8"
    )
    check(root)


# Number tokens Python's parser chokes on or turns into values no JSON writer may write back
# (issue 24, class 10), and deep nesting, written as raw JSON text anywhere in the descriptor.
HOSTILE_TOKENS = (
    "9" * 5001,
    "-" + "9" * 4301,
    "9" * 101,
    "1e999999",
    "-1e400",
    "1" + "0" * 4300 + ".5",
    "NaN",
    "Infinity",
    "-Infinity",
    "[" * 50_000 + "]" * 50_000,
    '{"a":' * 2_000 + "1" + "}" * 2_000,
    "0." + "0" * 5000 + "1",  # a small, valid number: read as 1e-5001 → 0.0
)


@settings(FUZZ, max_examples=40)
@given(place=st.sampled_from(PATHS[1:]), token=st.sampled_from(HOSTILE_TOKENS))
def test_descriptor_hostile_numbers(workdir: Path, place: tuple, token: str) -> None:
    """A hostile number or nesting in place of any value: exit 1 with a clear rule (the
    descriptor's own, or a limit), never an internal error."""
    root = fresh(workdir)
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    parent: Any = descriptor
    for key in place[:-1]:
        parent = parent[key]
    parent[place[-1]] = "\x00raw\x00"
    text = json.dumps(descriptor, ensure_ascii=False).replace('"\\u0000raw\\u0000"', token, 1)
    assert token in text
    (root / "datapackage.json").write_text(text, encoding="utf-8")
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["validate", str(root)])
    said = err.getvalue()
    assert "internal.error" not in said and "Traceback" not in said, said[-2000:]
    if token.startswith("0."):
        assert code in (0, 1), said[-2000:]
    else:
        assert code == 1, said[-2000:]
        assert "[package.descriptor]" in said or "[limit.json-nesting]" in said, said[-2000:]
