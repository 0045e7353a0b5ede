"""Round 2 of the bad-input matrix (issue 24): numbers and nesting in a descriptor that
Python's own parser chokes on, codes that would change their IRI, ids that look like others,
NUL bytes, byte order marks, other encodings, links of every kind, FIFOs, overlong names and
formulas in every text column. Registered into `bad_input_cases.CASES`; each case says its
exit code, rule and place, and the matrix checks that nothing was written.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from bad_input_cases import CASES, _publish, case
from conftest import EXAMPLES, copy_package
from sandbox import SECRET, Sandbox

# --- commands run on a package, as a user types them ---------------------------------------


def _query_file(sb: Sandbox) -> Path:
    query = sb.root / "q.rq"
    query.write_text("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "utf-8")
    return query


def _import_source(sb: Sandbox) -> Path:
    source = sb.root / "csv"
    if not source.exists():
        source.mkdir()
        for path in (sb.pkg / "data").glob("*.csv"):
            (source / path.name).write_bytes(path.read_bytes())
    return source


ARGV: dict[str, Callable[[Sandbox, Path], list[str]]] = {
    "validate": lambda sb, pkg: ["validate", str(pkg)],
    "build": lambda sb, pkg: ["build", str(pkg)],
    "site": lambda sb, pkg: ["site", str(pkg), "--out", str(sb.root / "site")],
    "release": lambda sb, pkg: ["release", str(pkg)],
    "template": lambda sb, pkg: ["template", str(sb.root / "out.xlsx"), "--from", str(pkg)],
    "import": lambda sb, pkg: ["import", str(_import_source(sb)), str(pkg)],
    "publish": lambda sb, pkg: [*_publish(sb), "--dry-run"],
    "load": lambda sb, pkg: ["load", str(sb.root / "store"), str(pkg)],
    "query": lambda sb, pkg: ["query", str(pkg), str(_query_file(sb))],
    "migrate": lambda sb, pkg: ["migrate", str(pkg)],
    # A refused package stops serve before it listens (else the case would hang).
    "serve": lambda sb, pkg: ["serve", str(pkg), "--port", "0"],
}
PACKAGE_COMMANDS = tuple(ARGV)


# --- 1. Numbers and nesting Python's parser chokes on (issue 24, class 10) ---------------
def _descriptor_with(raw: str) -> Callable[[Sandbox], None]:
    """Put `"x": raw` (JSON text, not a Python value) into the descriptor's planProgress."""

    def edit(sb: Sandbox) -> None:
        path = sb.pkg / "datapackage.json"
        text = path.read_text(encoding="utf-8")
        at = text.index('"planProgress": {') + len('"planProgress": {')
        path.write_text(text[:at] + f'"x": {raw}, ' + text[at:], encoding="utf-8")

    return edit


def _package_case(
    id: str, command: str, rule: str, where: str, edit: Callable[[Sandbox], None]
) -> None:
    def setup(sb: Sandbox) -> list[str]:
        argv = ARGV[command](sb, sb.pkg)  # before the edit: the import source is a good copy
        edit(sb)
        return argv

    case(id, command, 1, rule, where)(setup)


HUGE_INTEGER = "9" * 5001
DEEP = "[" * 100_000 + "]" * 100_000


def _released_descriptor_with(raw: str) -> Callable[[Sandbox], None]:
    """`publish` reads the release, not the package: the released descriptor gets `raw`,
    and SHA256SUMS is made to agree (as a careful forger would)."""

    def edit(sb: Sandbox) -> None:
        import hashlib

        from bad_input_cases import _release

        dist = _release(sb)
        path = dist / "main" / "datapackage.json"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("{", '{"x": ' + raw + ", ", 1), encoding="utf-8")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        sums = (dist / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
        sums = [
            f"{digest}  main/datapackage.json" if line.endswith("  main/datapackage.json") else line
            for line in sums
        ]
        (dist / "SHA256SUMS").write_text("\n".join(sums) + "\n", encoding="utf-8")

    return edit


for command in PACKAGE_COMMANDS:
    if command == "publish":
        for label, raw in (("5001-digit-integer", HUGE_INTEGER), ("nested-100000-deep", DEEP)):
            _package_case(
                f"publish-released-descriptor-{label}",
                "publish",
                "publish.release-corrupt",
                "dist/",
                _released_descriptor_with(raw),
            )
        continue
    _package_case(
        f"{command}-descriptor-5001-digit-integer",
        command,
        "package.descriptor",
        "datapackage.json",
        _descriptor_with(HUGE_INTEGER),
    )
    _package_case(
        f"{command}-descriptor-nested-100000-deep",
        command,
        "limit.json-nesting",
        "datapackage.json",
        _descriptor_with(DEEP),
    )
for command, raw in (
    ("validate", "1e999999"),
    ("build", "-1e400"),
    ("release", HUGE_INTEGER + ".5"),
    ("site", "NaN"),
    ("template", "Infinity"),
    ("load", "-" + HUGE_INTEGER),
):
    label = re.sub(r"[^a-z0-9]+", "-", raw.lower())[:12].strip("-")
    _package_case(
        f"{command}-descriptor-number-{label}",
        command,
        "package.descriptor",
        "datapackage.json",
        _descriptor_with(raw),
    )


def _profile_with(text: str) -> Callable[[Sandbox], None]:
    def edit(sb: Sandbox) -> None:
        (sb.pkg / "profile.json").write_text(text, encoding="utf-8")
        descriptor = sb.descriptor()
        descriptor["planProgress"]["profiles"] = ["profile.json"]
        sb.write_descriptor(descriptor)

    return edit


_package_case(
    "validate-profile-5001-digit-integer",
    "validate",
    "profile.invalid",
    "profile.json",
    _profile_with('{"name": "p", "version": ' + HUGE_INTEGER + "}"),
)
_package_case(
    "build-profile-nested-100000-deep",
    "build",
    "limit.json-nesting",
    "profile.json",
    _profile_with(DEEP),
)


# --- 2. A grade level's code becomes an IRI segment (issue 24, class 12) -----------------
def _example(sb: Sandbox) -> Path:
    """A copy of the fictional example with grade levels (the Shimotsuke data has none)."""
    return copy_package(sb.root / "ex", EXAMPLES[0])


def _set_cell(path: Path, row: int, column: str, value: str) -> None:
    """Row `row` (1 = first data row) of `column` set to `value`, as a spreadsheet saves it."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows[row][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


GRADE_CODES = {
    "dot-dot": "..",
    "dot": ".",
    "slash": "A/B",
    "backslash": "A\\B",
    "hash": "A#",
    "question-mark": "A?",
}
for label, code in GRADE_CODES.items():

    def _grade_setup(sb: Sandbox, code: str = code) -> list[str]:
        example = _example(sb)
        _set_cell(example / "data" / "grade-levels.csv", 1, "code", code)
        return ARGV["validate"](sb, example)

    case(
        f"validate-grade-code-{label}",
        "validate",
        1,
        "table.pattern",
        "data/grade-levels.csv:2:code",
    )(_grade_setup)
for command in ("build", "site", "release"):

    def _grade_setup(sb: Sandbox, command: str = command) -> list[str]:
        example = _example(sb)
        _set_cell(example / "data" / "grade-levels.csv", 1, "code", "..")
        return ARGV[command](sb, example)

    case(
        f"{command}-grade-code-dot-dot",
        command,
        1,
        "table.pattern",
        "data/grade-levels.csv:2:code",
    )(_grade_setup)


@case("validate-grade-code-only-a-space", "validate", 1, "text.whitespace", "grade-levels.csv:2")
def _(sb: Sandbox) -> list[str]:
    example = _example(sb)
    _set_cell(example / "data" / "grade-levels.csv", 1, "code", " ")
    return ARGV["validate"](sb, example)


# --- 3. Ids that look like other ids, or hide characters ---------------------------------
ID_EDITS = {
    "plan-id-zero-width-space": ("plans", "plan_id", "chiiki-fukushi-2\u200b"),
    "actor-id-bidi-override": ("actors", "actor_id", "\u202eytic"),
    "goal-id-full-width": ("basic-goals", "goal_id", "ｇ１"),
    "initiative-id-cyrillic-a": ("initiatives", "initiative_id", "g1-\u04301"),
    "report-id-no-break-space": ("reports", "report_id", "progress\u00a0summary"),
    "actor-id-dot-dot": ("actors", "actor_id", ".."),
    "plan-id-slash": ("plans", "plan_id", "a/b"),
    "goal-id-upper-case": ("basic-goals", "goal_id", "G1"),
    "actor-id-windows-device-path": ("actors", "actor_id", "con:"),
    "plan-id-percent-encoded-dots": ("plans", "plan_id", "%2e%2e"),
}
for label, (table, column, value) in ID_EDITS.items():

    def _id_setup(sb: Sandbox, table: str = table, column: str = column, value: str = value):
        _set_cell(sb.csv(table), 1, column, value)
        return ARGV["validate"](sb, sb.pkg)

    case(f"validate-{label}", "validate", 1, "table.pattern", f"data/{table}.csv:2:{column}")(
        _id_setup
    )


# --- 4. NUL bytes ----------------------------------------------------------------------
def _raw_edit(table: str, old: bytes, new: bytes) -> Callable[[Sandbox], None]:
    def edit(sb: Sandbox) -> None:
        path = sb.csv(table)
        data = path.read_bytes()
        assert old in data, (table, old)
        path.write_bytes(data.replace(old, new, 1))

    return edit


for command in ("validate", "build", "release"):
    _package_case(
        f"{command}-nul-byte-in-a-text",
        command,
        "text.control-character",
        "data/actors.csv:2:name",
        _raw_edit("actors", "下野市,".encode(), "下野\x00市,".encode()),
    )
_package_case(
    "validate-nul-byte-in-an-id",
    "validate",
    "table.pattern",
    "data/actors.csv:2:actor_id",
    _raw_edit("actors", b"\ncity,", b"\nci\x00ty,"),
)
_package_case(
    "validate-nul-byte-in-a-header",
    "validate",
    "table.header",
    "data/actors.csv",
    _raw_edit("actors", b"actor_id,", b"actor\x00_id,"),
)
_package_case(
    "validate-nul-byte-in-the-descriptor",
    "validate",
    "package.descriptor",
    "datapackage.json",
    lambda sb: (sb.pkg / "datapackage.json").write_bytes(
        (sb.pkg / "datapackage.json").read_bytes().replace(b'"name"', b'"na\x00me"', 1)
    ),
)


# --- 5. Byte order marks and other encodings ---------------------------------------------
def _reencode(table: str, encoding: str, prefix: bytes = b"") -> Callable[[Sandbox], None]:
    def edit(sb: Sandbox) -> None:
        path = sb.csv(table)
        path.write_bytes(prefix + path.read_text(encoding="utf-8").encode(encoding))

    return edit


for label, encoding, prefix in (
    ("utf-16-le-with-bom", "utf-16-le", b"\xff\xfe"),
    ("utf-16-be-with-bom", "utf-16-be", b"\xfe\xff"),
    ("utf-32-with-bom", "utf-32", b""),
    ("cp932", "cp932", b""),
    ("euc-jp", "euc-jp", b""),
):
    _package_case(
        f"validate-table-{label}",
        "validate",
        "table.source",
        "data/actors.csv",
        _reencode("actors", encoding, prefix),
    )
_package_case(
    "build-table-cp932",
    "build",
    "table.source",
    "data/actors.csv",
    _reencode("actors", "cp932"),
)
_package_case(
    "validate-descriptor-utf-8-bom",
    "validate",
    "package.descriptor",
    "datapackage.json",
    lambda sb: (sb.pkg / "datapackage.json").write_bytes(
        b"\xef\xbb\xbf" + (sb.pkg / "datapackage.json").read_bytes()
    ),
)
_package_case(
    "validate-descriptor-utf-16",
    "validate",
    "package.descriptor",
    "datapackage.json",
    lambda sb: (sb.pkg / "datapackage.json").write_bytes(
        (sb.pkg / "datapackage.json").read_text(encoding="utf-8").encode("utf-16")
    ),
)
_package_case(
    "validate-descriptor-cp932",
    "validate",
    "package.descriptor",
    "datapackage.json",
    lambda sb: (sb.pkg / "datapackage.json").write_bytes(
        (sb.pkg / "datapackage.json").read_text(encoding="utf-8").encode("cp932", "replace")
    ),
)


@case("import-cp932-read-as-utf-8", "import", 1, "import.encoding", "actors.csv")
def _(sb: Sandbox) -> list[str]:
    source = _import_source(sb)
    path = source / "actors.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp932"))
    return ["import", str(source), str(sb.pkg), "--encoding", "utf-8"]


# --- 6. Headers -------------------------------------------------------------------------
HEADER_EDITS = {
    "header-upper-case": (b"actor_id,short_name", b"Actor_ID,short_name"),
    "header-trailing-space": (b"actor_id,short_name", b"actor_id ,short_name"),
    "header-full-width-letters": (b"actor_id,short_name", "ａｃｔｏｒ_id,short_name".encode()),
    "header-duplicate-of-a-required-column": (b"actor_id,short_name", b"actor_id,actor_id"),
    "header-zero-width-space": (b"actor_id,short_name", "actor_id\u200b,short_name".encode()),
}
for label, (old, new) in HEADER_EDITS.items():
    _package_case(
        f"validate-{label}",
        "validate",
        "table.header",
        "data/actors.csv",
        _raw_edit("actors", old, new),
    )


@case("import-csv-duplicate-header", "import", 1, "import.header", "actors.csv")
def _(sb: Sandbox) -> list[str]:
    source = _import_source(sb)
    path = source / "actors.csv"
    path.write_bytes(path.read_bytes().replace(b"actor_id,short_name", b"actor_id,actor_id", 1))
    return ["import", str(source), str(sb.pkg)]


# --- 7. Links, FIFOs and other things that are not plain files ---------------------------
def _hard_link_untouched(sb: Sandbox) -> None:
    generated = sb.pkg / "data" / "generated" / "report.nt"
    assert sb.csv("actors").stat().st_nlink == 1  # the link was replaced, not written through
    assert sb.csv("actors").read_bytes() == (sb.root / "actors.orig").read_bytes()
    assert generated.read_bytes().startswith(b"<")


@case(
    "build-generated-file-hard-linked-to-a-source",
    "build",
    0,
    None,
    writes="pkg/data/generated",
    after=_hard_link_untouched,
)
def _(sb: Sandbox) -> list[str]:
    # A hard link cannot be told from a file; a build that wrote into the file in place
    # would overwrite the table it is linked to. Files are replaced, never written through.
    (sb.root / "actors.orig").write_bytes(sb.csv("actors").read_bytes())
    generated = sb.pkg / "data" / "generated" / "report.nt"
    generated.unlink()
    os.link(sb.csv("actors"), generated)
    return ARGV["build"](sb, sb.pkg)


@case("validate-dangling-link", "validate", 1, "path.link-outside", "datapackage.json")
def _(sb: Sandbox) -> list[str]:
    sb.csv("actors").unlink()
    sb.csv("actors").symlink_to(sb.outside / "nothing-here.csv")
    return ARGV["validate"](sb, sb.pkg)


@case("validate-link-loop", "validate", 1, "table.source", "data/actors.csv")
def _(sb: Sandbox) -> list[str]:
    sb.csv("actors").unlink()
    sb.csv("actors").symlink_to(sb.csv("actors").name)
    return ARGV["validate"](sb, sb.pkg)


@case("validate-link-to-dev-zero", "validate", 1, "path.link-outside", "datapackage.json")
def _(sb: Sandbox) -> list[str]:
    sb.csv("actors").unlink()
    sb.csv("actors").symlink_to("/dev/zero")
    return ARGV["validate"](sb, sb.pkg)


@case("validate-descriptor-is-a-fifo", "validate", 1, "package.not-found", "datapackage.json")
def _(sb: Sandbox) -> list[str]:
    (sb.pkg / "datapackage.json").unlink()
    os.mkfifo(sb.pkg / "datapackage.json")
    return ARGV["validate"](sb, sb.pkg)


@case("build-descriptor-is-a-directory", "build", 1, "package.not-found", "datapackage.json")
def _(sb: Sandbox) -> list[str]:
    (sb.pkg / "datapackage.json").unlink()
    (sb.pkg / "datapackage.json").mkdir()
    return ARGV["build"](sb, sb.pkg)


@case("validate-profile-is-a-fifo", "validate", 1, "path.not-a-file", "profile.json")
def _(sb: Sandbox) -> list[str]:
    os.mkfifo(sb.pkg / "profile.json")
    descriptor = sb.descriptor()
    descriptor["planProgress"]["profiles"] = ["profile.json"]
    sb.write_descriptor(descriptor)
    return ARGV["validate"](sb, sb.pkg)


@case("import-workbook-is-a-fifo", "import", 1, "path.not-a-file", "book.xlsx")
def _(sb: Sandbox) -> list[str]:
    os.mkfifo(sb.root / "book.xlsx")
    return ["import", str(sb.root / "book.xlsx"), str(sb.pkg)]


@case("release-table-is-a-fifo", "release", 1, "path.not-a-file", "data/actors.csv")
def _(sb: Sandbox) -> list[str]:
    sb.csv("actors").unlink()
    os.mkfifo(sb.csv("actors"))
    return ARGV["release"](sb, sb.pkg)


# --- 8. Overlong names ------------------------------------------------------------------
_package_case(
    "validate-resource-path-of-300-characters",
    "validate",
    "path.too-long",
    "datapackage.json",
    lambda sb: sb.set_resource("actors", "path", "data/" + "a" * 300 + ".csv"),
)
_package_case(
    "validate-resource-path-of-5000-characters",
    "validate",
    "path.too-long",
    "datapackage.json",
    lambda sb: sb.set_resource("actors", "path", "data/" + "a/" * 2500 + "a.csv"),
)
_package_case(
    "build-profile-path-too-long",
    "build",
    "path.too-long",
    "datapackage.json",
    lambda sb: sb.write_descriptor(
        {
            **sb.descriptor(),
            "planProgress": {**sb.descriptor()["planProgress"], "profiles": ["p" * 256]},
        }
    ),
)
LONG = "n" * 300  # one name longer than any file system takes (255 bytes)
TOO_LONG_ARGV: dict[str, Callable[[Sandbox], list[str]]] = {
    "validate": lambda sb: ["validate", str(sb.root / LONG)],
    "build": lambda sb: ["build", str(sb.root / LONG)],
    "release": lambda sb: ["release", str(sb.root / LONG)],
    "site": lambda sb: ["site", str(sb.pkg), "--out", str(sb.root / LONG)],
    "template": lambda sb: ["template", str(sb.root / (LONG + ".xlsx")), "--from", str(sb.pkg)],
    "import": lambda sb: ["import", str(sb.root / (LONG + ".xlsx")), str(sb.pkg)],
    "new": lambda sb: ["new", str(sb.root / LONG), "--code", "092169", "--name", "下野市"],
    "serve": lambda sb: ["serve", "--store", str(sb.root / LONG), "--port", "0"],
}
for command, argv in TOO_LONG_ARGV.items():
    # template's atomic write says it in its own words (io.write, "File name too long").
    rule = "io.write" if command == "template" else "path.too-long"
    case(f"{command}-name-longer-than-the-file-system-takes", command, 1, rule, LONG)(argv)


# --- 9. Formulas in every text column (nothing a spreadsheet would run) ------------------
FORMULAS = ("=1+1", "+1", "-1", "@SUM(A1)", '=HYPERLINK("http://example.org/x","x")')


def _free_text_columns(pkg: Path) -> dict[str, list[str]]:
    """Table -> its string columns without pattern, enum or format (free text)."""
    out: dict[str, list[str]] = {}
    for resource in json.loads((pkg / "datapackage.json").read_text("utf-8"))["resources"]:
        fields = resource.get("schema", {}).get("fields", []) if "schema" in resource else []
        free = [
            f["name"]
            for f in fields
            if f.get("type") == "string"
            and "format" not in f
            and not {"pattern", "enum"} & set(f.get("constraints", {}))
            and not f["name"].endswith("_label")
        ]
        if free and resource["path"].endswith(".csv") and "generated" not in resource["path"]:
            out[resource["path"]] = free
    return out


def _formulas_everywhere(sb: Sandbox) -> int:
    """In every free-text column of every table, the first filled cell now starts with a
    formula; the package is rebuilt (as a careful user would). Returns how many cells."""
    from plan_progress.core.package import PlanPackage
    from plan_progress.pipeline.build import build

    count = 0
    for relpath, columns in _free_text_columns(sb.pkg).items():
        path = sb.pkg / relpath
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        if len(rows) < 2:
            continue
        for column in columns:
            at = rows[0].index(column)
            filled = next((row for row in rows[1:] if row[at]), None)
            if filled is not None:
                filled[at] = FORMULAS[count % len(FORMULAS)] + filled[at]
                count += 1
        with path.open("w", encoding="utf-8", newline="") as f:
            csv.writer(f, lineterminator="\n").writerows(rows)
    build(PlanPackage.open(sb.pkg))
    assert count >= 12, count  # the Shimotsuke data fills 12 free-text columns
    return count


def _no_formula_in(book: Path) -> None:
    with zipfile.ZipFile(book) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets
        assert not any(re.search(rb"<f[ >]", archive.read(n)) for n in sheets)
        texts = b"".join(archive.read(n) for n in archive.namelist() if n.endswith(".xml"))
    assert b"=1+1" in texts and b"@SUM(A1)" in texts and b"HYPERLINK" in texts


@case(
    "template-formula-in-every-text-column",
    "template",
    0,
    None,
    writes="out.xlsx",
    after=lambda sb: _no_formula_in(sb.root / "out.xlsx"),
)
def _(sb: Sandbox) -> list[str]:
    _formulas_everywhere(sb)
    return ARGV["template"](sb, sb.pkg)


def _release_has_no_formula(sb: Sandbox) -> None:
    main = sb.pkg / "dist" / "main"
    _no_formula_in(next(main.glob("*.xlsx")))
    for path in main.glob("*_excel.csv"):
        text = path.read_bytes().decode("utf-8-sig")
        for row in csv.reader(io.StringIO(text, newline="")):
            for cell in row:
                assert not cell.startswith(("=", "+", "@")), (path.name, cell[:40])


@case(
    "release-formula-in-every-text-column",
    "release",
    0,
    None,
    writes="pkg/dist",
    after=_release_has_no_formula,
)
def _(sb: Sandbox) -> list[str]:
    _formulas_everywhere(sb)
    return ARGV["release"](sb, sb.pkg)


assert len({c.id for c in CASES}) == len(CASES), "case ids must be unique"
assert SECRET
