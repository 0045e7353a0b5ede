"""The bad-input matrix: each case sets up a hostile or careless input in a sandbox and says
what the command line must answer (exit code, rule id, where).

Every case listed under "Why" in issue 10 is here (marked `# why:`), with the faults around
them. `tests/test_bad_input_matrix.py` runs them.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sandbox import SECRET, Sandbox

Setup = Callable[[Sandbox], list[str]]
TOKEN = "pp-token-never-shown-7d41"


@dataclass(frozen=True)
class Case:
    id: str
    command: str
    setup: Setup
    code: int
    rule: str | None  # None: the command must succeed (a silent-loss case done right)
    where: str = ""  # a substring of the problem line's location (before the rule id)
    env: dict[str, str] = field(default_factory=dict)
    hidden: tuple[str, ...] = ()  # must not appear in the output
    writes: str = ""  # a success case may change files under this path (relative to the sandbox)
    after: Callable[[Sandbox], None] | None = None  # what a success case must have written


CASES: list[Case] = []


def case(
    id: str,
    command: str,
    code: int,
    rule: str | None,
    where: str = "",
    env: dict[str, str] | None = None,
    hidden: tuple[str, ...] = (),
    writes: str = "",
    after: Callable[[Sandbox], None] | None = None,
) -> Callable[[Setup], Setup]:
    def register(setup: Setup) -> Setup:
        CASES.append(Case(id, command, setup, code, rule, where, env or {}, hidden, writes, after))
        return setup

    return register


def _validate(sb: Sandbox) -> list[str]:
    return ["validate", str(sb.pkg)]


def _build(sb: Sandbox) -> list[str]:
    return ["build", str(sb.pkg)]


def _descriptor_case(id: str, command: str, code: int, rule: str, where: str, change) -> None:
    """A case whose only fault is in datapackage.json (`change` edits the parsed value)."""

    def setup(sb: Sandbox) -> list[str]:
        descriptor = sb.descriptor()
        replaced = change(sb, descriptor)
        sb.write_descriptor(descriptor if replaced is None else replaced)
        return (
            {"validate": _validate, "build": _build}[command](sb)
            if command
            in (
                "validate",
                "build",
            )
            else _release_or_template(command, sb)
        )

    case(id, command, code, rule, where)(setup)


def _release_or_template(command: str, sb: Sandbox) -> list[str]:
    if command == "release":
        return ["release", str(sb.pkg)]
    if command == "template":
        return ["template", str(sb.root / "out.xlsx"), "--from", str(sb.pkg)]
    raise AssertionError(command)


def _set(name: str, key: str, value):
    def change(sb: Sandbox, d: dict) -> None:
        sb.resource(d, name)[key] = value

    return change


def _res(sb: Sandbox, name: str, key: str) -> str:
    return f"datapackage.json::/resources/{sb.index(name)}/{key}"


# --- 1. Confinement: paths out of the package -------------------------------------------
# why: a descriptor can make build, release and import write anywhere (a path of ../..)
for command in ("validate", "build", "release", "template"):
    _descriptor_case(
        f"{command}-generated-path-climbs-out",
        command,
        1,
        "path.outside-package",
        "datapackage.json::/resources/",
        _set("report-ntriples", "path", "../outside/authorized_keys"),
    )
# why: ... or an absolute path
for command in ("validate", "build"):
    _descriptor_case(
        f"{command}-generated-path-absolute",
        command,
        1,
        "path.outside-package",
        "datapackage.json::/resources/",
        lambda sb, d: sb.resource(d, "report-turtle").update(
            path=str(sb.outside / "authorized_keys")
        ),
    )
_descriptor_case(
    "validate-source-path-absolute-etc",
    "validate",
    1,
    "path.outside-package",
    "datapackage.json::/resources/",
    _set("actors", "path", "/etc/passwd"),
)
_descriptor_case(
    "validate-source-path-climbs-out",
    "validate",
    1,
    "path.outside-package",
    "datapackage.json::/resources/",
    _set("actors", "path", "data/../../outside/secret.csv"),
)
_descriptor_case(
    "build-generated-path-overwrites-a-source",
    "build",
    1,
    "path.shared",
    "datapackage.json::/resources/",
    _set("progress-flat", "path", "data/progress-entries.csv"),
)
_descriptor_case(
    "build-generated-path-overwrites-the-descriptor",
    "build",
    1,
    "path.shared",
    "datapackage.json::/resources/",
    _set("report-jsonld", "path", "./datapackage.json"),
)
_descriptor_case(
    "validate-profile-path-climbs-out",
    "validate",
    1,
    "path.outside-package",
    "datapackage.json::/planProgress/profiles/0",
    lambda sb, d: d["planProgress"].update(profiles=["../outside/secret.csv"]),
)
_descriptor_case(
    "validate-profile-path-absolute",
    "validate",
    1,
    "path.outside-package",
    "datapackage.json::/planProgress/profiles/0",
    lambda sb, d: d["planProgress"].update(profiles=[str(sb.outside / "secret.csv")]),
)


# why: symlinks in data/ are followed out of the package, and a message echoed the target
@case("validate-symlinked-table-to-outside", "validate", 1, "path.link-outside", "datapackage.json")
def _(sb: Sandbox) -> list[str]:
    sb.csv("actors").unlink()
    sb.csv("actors").symlink_to(sb.outside / "secret.csv")
    return _validate(sb)


@case("build-symlinked-generated-dir", "build", 1, "path.link-outside", "datapackage.json")
def _(sb: Sandbox) -> list[str]:
    generated = sb.pkg / "data" / "generated"
    (sb.outside / "generated").mkdir()
    for path in generated.iterdir():
        (sb.outside / "generated" / path.name).write_bytes(path.read_bytes())
        path.unlink()
    generated.rmdir()
    generated.symlink_to(sb.outside / "generated")
    sb.replace_in(sb.csv("reports"), "確定版", "確定")
    return _build(sb)


@case("validate-symlinked-data-dir", "validate", 1, "path.link-outside", "datapackage.json")
def _(sb: Sandbox) -> list[str]:
    (sb.pkg / "data").rename(sb.outside / "data")
    (sb.pkg / "data").symlink_to(sb.outside / "data")
    return _validate(sb)


@case("validate-symlinked-descriptor", "validate", 1, "path.link-outside", "datapackage.json")
def _(sb: Sandbox) -> list[str]:
    (sb.pkg / "datapackage.json").rename(sb.outside / "datapackage.json")
    (sb.pkg / "datapackage.json").symlink_to(sb.outside / "datapackage.json")
    return _validate(sb)


@case("validate-symlinked-profile", "validate", 1, "path.link-outside", "datapackage.json")
def _(sb: Sandbox) -> list[str]:
    (sb.pkg / "profile.json").symlink_to(sb.outside / "secret.csv")
    descriptor = sb.descriptor()
    descriptor["planProgress"]["profiles"] = ["profile.json"]
    sb.write_descriptor(descriptor)
    return _validate(sb)


@case("validate-table-is-a-directory", "validate", 1, "path.not-a-file", "data/actors.csv")
def _(sb: Sandbox) -> list[str]:
    sb.csv("actors").unlink()
    sb.csv("actors").mkdir()
    return _validate(sb)


@case("validate-table-is-a-fifo", "validate", 1, "path.not-a-file", "data/actors.csv")
def _(sb: Sandbox) -> list[str]:
    sb.csv("actors").unlink()
    os.mkfifo(sb.csv("actors"))
    return _validate(sb)


# --- 2. No network -----------------------------------------------------------------------
# why: validate made HTTP requests for a remote Table Schema or dialect URL
_descriptor_case(
    "validate-remote-table-schema",
    "validate",
    1,
    "package.shape",
    "/schema",
    lambda sb, d: sb.resource(d, "actors").update(schema=f"{sb.listener.url}/schema.json"),
)
_descriptor_case(
    "validate-remote-dialect",
    "validate",
    1,
    "package.shape",
    "/dialect",
    lambda sb, d: sb.resource(d, "actors").update(dialect=f"{sb.listener.url}/dialect.json"),
)
_descriptor_case(
    "validate-remote-resource-path",
    "validate",
    1,
    "path.remote",
    "datapackage.json::/resources/",
    lambda sb, d: sb.resource(d, "actors").update(path=f"{sb.listener.url}/actors.csv"),
)
_descriptor_case(
    "validate-file-url-resource-path",
    "validate",
    1,
    "path.remote",
    "datapackage.json::/resources/",
    _set("actors", "path", "file:///etc/passwd"),
)
_descriptor_case(
    "validate-ref-in-table-schema",
    "validate",
    1,
    "path.remote",
    "/$ref",
    lambda sb, d: sb.resource(d, "actors")["schema"].update({"$ref": f"{sb.listener.url}/s"}),
)
_descriptor_case(
    "validate-custom-package-profile",
    "validate",
    1,
    "package.shape",
    "/$schema",
    lambda sb, d: d.update({"$schema": f"{sb.listener.url}/profile.json"}),
)
_descriptor_case(
    "validate-custom-resource-profile",
    "validate",
    1,
    "package.shape",
    "/profile",
    lambda sb, d: sb.resource(d, "actors").update(profile=f"{sb.listener.url}/p.json"),
)
_descriptor_case(
    "validate-custom-dialect-profile",
    "validate",
    1,
    "package.shape",
    "/dialect/$schema",
    lambda sb, d: sb.resource(d, "actors")["dialect"].update({"$schema": f"{sb.listener.url}/d"}),
)
_descriptor_case(
    "validate-remote-profile-path",
    "validate",
    1,
    "path.remote",
    "datapackage.json::/planProgress/profiles/0",
    lambda sb, d: d["planProgress"].update(profiles=[f"{sb.listener.url}/profile.json"]),
)
_descriptor_case(
    "build-remote-schema-writes-nothing",
    "build",
    1,
    "package.shape",
    "/schema",
    lambda sb, d: sb.resource(d, "progress-entries").update(schema=f"{sb.listener.url}/s.json"),
)

# --- 3. Descriptors of an unexpected shape (each was a traceback) -----------------------
# why: {"resources": 5}, "planProgress": "x", a resource without path, schema: {}, nesting
_descriptor_case(
    "validate-resources-is-a-number",
    "validate",
    1,
    "package.shape",
    "datapackage.json::/resources",
    lambda sb, d: {"name": "x", "resources": 5},
)
_descriptor_case(
    "validate-plan-progress-is-a-string",
    "validate",
    1,
    "package.shape",
    "datapackage.json::/planProgress",
    lambda sb, d: d.update(planProgress="x"),
)
_descriptor_case(
    "validate-resource-without-path",
    "validate",
    1,
    "package.shape",
    "datapackage.json::/resources/",
    lambda sb, d: sb.resource(d, "plans").pop("path") and None,
)
_descriptor_case(
    "validate-empty-table-schema",
    "validate",
    1,
    "package.shape",
    "/schema",
    _set("plans", "schema", {}),
)
_descriptor_case(
    "build-empty-table-schema",
    "build",
    1,
    "package.shape",
    "/schema",
    _set("progress-flat", "schema", {}),
)
_descriptor_case(
    "validate-resource-is-a-number",
    "validate",
    1,
    "package.shape",
    "datapackage.json::/resources/0",
    lambda sb, d: d["resources"].insert(0, 5),
)
_descriptor_case(
    "validate-inline-data",
    "validate",
    1,
    "package.shape",
    "datapackage.json::/resources/",
    lambda sb, d: sb.resource(d, "actors").update(data=[["a"]]),
)
_descriptor_case(
    "validate-remote-scheme",
    "validate",
    1,
    "package.shape",
    "/scheme",
    _set("actors", "scheme", "https"),
)
_descriptor_case(
    "validate-multipart-path",
    "validate",
    1,
    "package.shape",
    "/path",
    _set("actors", "path", ["data/actors.csv", "data/plans.csv"]),
)
_descriptor_case(
    "validate-missing-resource",
    "validate",
    1,
    "package.resource-missing",
    "datapackage.json",
    lambda sb, d: d.update(resources=[r for r in d["resources"] if r["name"] != "grades"]),
)
_descriptor_case(
    "validate-changed-dialect",
    "validate",
    1,
    "package.table-schema",
    "resources/actors/dialect",
    lambda sb, d: sb.resource(d, "actors")["dialect"].update(delimiter=";"),
)
_descriptor_case(
    "validate-compressed-table",
    "validate",
    1,
    "package.table-schema",
    "resources/actors/compression",
    _set("actors", "compression", "zip"),
)
_descriptor_case(
    "template-from-a-shapeless-descriptor",
    "template",
    1,
    "package.shape",
    "datapackage.json::/planProgress",
    lambda sb, d: d.update(planProgress=[]),
)


def _raw_descriptor(id: str, rule: str, data: bytes | Callable[[], bytes], where: str) -> None:
    @case(id, "validate", 1, rule, where)
    def setup(sb: Sandbox) -> list[str]:
        (sb.pkg / "datapackage.json").write_bytes(data() if callable(data) else data)
        return _validate(sb)


_raw_descriptor(
    "validate-nesting-5000-deep",
    "limit.json-nesting",
    b"[" * 5000 + b"]" * 5000,
    "datapackage.json",
)
_raw_descriptor(
    "validate-nesting-inside-a-valid-key",
    "limit.json-nesting",
    lambda: b'{"name": "x", "resources": [], "sources": ' + b"[" * 200 + b"]" * 200 + b"}",
    "datapackage.json",
)
_raw_descriptor(
    "validate-descriptor-not-json", "package.descriptor", b"{ not json", "datapackage.json"
)
_raw_descriptor(
    "validate-descriptor-not-utf8", "package.descriptor", b'{"name": "\xff"}', "datapackage.json"
)
_raw_descriptor(
    "validate-descriptor-too-large",
    "limit.file-size",
    lambda: b'{"name": "' + b"x" * (5 * 1024 * 1024) + b'"}',
    "datapackage.json",
)


# --- 4. Resource limits -----------------------------------------------------------------
# why: a 9 MB cell ended in MemoryError
@case(
    "validate-9-megabyte-cell",
    "validate",
    1,
    "limit.cell-size",
    "data/progress-entries.csv:2:progress",
)
def _(sb: Sandbox) -> list[str]:
    sb.replace_in(sb.csv("progress-entries"), sb.first_text(), "あ" + "a" * 9_000_000)
    return _validate(sb)


@case(
    "build-cell-over-excel-limit",
    "build",
    1,
    "limit.cell-size",
    "data/progress-entries.csv:2:progress",
)
def _(sb: Sandbox) -> list[str]:
    sb.replace_in(sb.csv("progress-entries"), sb.first_text(), "あ" * 40_000)
    return _build(sb)


def _big_file(path: Path, size: int) -> None:
    header = path.read_text(encoding="utf-8").splitlines()[0]
    path.write_text(header + "\n", encoding="utf-8")
    os.truncate(path, size)  # sparse: the size is real, the disk is not used


# why: a 200 MB CSV took over 6 GB, then broke the process pool
@case("validate-200-megabyte-csv", "validate", 1, "limit.file-size", "data/progress-entries.csv")
def _(sb: Sandbox) -> list[str]:
    _big_file(sb.csv("progress-entries"), 200 * 1024 * 1024)
    return _validate(sb)


# why: in many-directory mode one such package discarded every other package's results
@case("validate-many-one-huge", "validate", 1, "limit.file-size", "pkg/data/progress-entries.csv")
def _(sb: Sandbox) -> list[str]:
    _big_file(sb.csv("progress-entries"), 200 * 1024 * 1024)
    from conftest import copy_package

    good = copy_package(sb.root / "good")
    bad_shape = copy_package(sb.root / "bad-shape")
    sb.write_descriptor({"resources": 5}, bad_shape)
    return ["validate", str(good), str(sb.pkg), str(bad_shape)]


@case("build-many-one-huge", "build", 1, "limit.file-size", "pkg/data/progress-entries.csv")
def _(sb: Sandbox) -> list[str]:
    _big_file(sb.csv("progress-entries"), 200 * 1024 * 1024)
    from conftest import copy_package

    good = copy_package(sb.root / "good")
    return ["build", str(sb.pkg), str(good)]


@case(
    "validate-huge-committed-generated-file",
    "validate",
    1,
    "generated.stale",
    "data/generated/report.nt",
)
def _(sb: Sandbox) -> list[str]:
    os.truncate(sb.pkg / "data" / "generated" / "report.nt", 10 * 1024**3)  # sparse, never read
    return _validate(sb)


@case("validate-too-many-rows", "validate", 1, "limit.rows", "data/plan-authors.csv:100002")
def _(sb: Sandbox) -> list[str]:
    path = sb.csv("plan-authors")
    header = path.read_text(encoding="utf-8").splitlines()[0]
    path.write_text(header + "\n" + "p,a\n" * 100_001, encoding="utf-8")
    return _validate(sb)


# --- 5. Text rules -----------------------------------------------------------------------
# why: invisible and control characters were accepted
_TEXT_CASES = {
    "next-line-u0085": ("\u0085", "text.invisible-character"),
    "line-separator-u2028": ("\u2028", "text.invisible-character"),
    "zero-width-space": ("\u200b", "text.invisible-character"),
    "zero-width-joiner": ("\u200d", "text.invisible-character"),
    "zero-width-non-joiner": ("\u200c", "text.invisible-character"),
    "bidi-override-u202e": ("\u202e", "text.invisible-character"),
    "private-use": ("\ue000", "text.private-use"),
    "unassigned": ("\u0378", "text.unassigned"),
}
for label, (char, rule) in _TEXT_CASES.items():

    def _text_setup(sb: Sandbox, char: str = char) -> list[str]:
        text = sb.first_text()
        sb.replace_in(sb.csv("progress-entries"), text, text[:5] + char + text[5:])
        return _validate(sb)

    case(f"validate-{label}", "validate", 1, rule, "data/progress-entries.csv:2:progress")(
        _text_setup
    )


@case(
    "validate-stray-combining-mark-at-start",
    "validate",
    1,
    "text.stray-combining-mark",
    "data/progress-entries.csv:2:progress",
)
def _(sb: Sandbox) -> list[str]:
    text = sb.first_text()
    sb.replace_in(sb.csv("progress-entries"), text, "\u0301" + text)
    return _validate(sb)


@case(
    "build-stray-combining-mark-after-break",
    "build",
    1,
    "text.stray-combining-mark",
    "data/progress-entries.csv:2:progress",
)
def _(sb: Sandbox) -> list[str]:
    text = sb.first_text()
    sb.replace_in(sb.csv("progress-entries"), text, '"' + text[:5] + "\n\u3099" + text[5:] + '"')
    return _build(sb)


def _drop_column(path: Path, column: str) -> None:
    import csv

    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    position = rows[0].index(column)
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(
            [r[:position] + r[position + 1 :] for r in rows]
        )


# why: deleting an optional text column was accepted and its texts vanished
@case(
    "build-optional-text-column-deleted",
    "build",
    1,
    "table.header",
    "data/progress-entries.csv:1:issue",
)
def _(sb: Sandbox) -> list[str]:
    _drop_column(sb.csv("progress-entries"), "issue")
    return _build(sb)


@case(
    "validate-footnote-column-deleted", "validate", 1, "table.header", "data/reports.csv:1:footnote"
)
def _(sb: Sandbox) -> list[str]:
    _drop_column(sb.csv("reports"), "footnote")
    return _validate(sb)


@case(
    "validate-optional-table-column-deleted",
    "validate",
    1,
    "table.header",
    "data/indicators.csv:1:unit",
)
def _(sb: Sandbox) -> list[str]:
    _drop_column(sb.csv("indicators"), "unit")
    return _validate(sb)


# --- 6. Messages: one problem, one line, the column named, nothing of frictionless' English
# why: a duplicated or missing header was blamed on five other files
@case("validate-duplicate-header", "validate", 1, "table.header", "data/reports.csv:1:report_id")
def _(sb: Sandbox) -> list[str]:
    sb.replace_in(sb.csv("reports"), "report_id,plan_id", "report_id,report_id")
    return _validate(sb)


@case("validate-blank-header-label", "validate", 1, "table.header", "data/plans.csv:1:A")
def _(sb: Sandbox) -> list[str]:
    sb.replace_in(
        sb.csv("plans"),
        "plan_id,",
        ",",
    )
    return _validate(sb)


@case("validate-unknown-column", "validate", 1, "table.header", "data/actors.csv:1:extra")
def _(sb: Sandbox) -> list[str]:
    path = sb.csv("actors")
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text(
        "\n".join([lines[0] + ",extra", *[line + "," for line in lines[1:]]]) + "\n",
        encoding="utf-8",
    )
    return _validate(sb)


# why: a cell with a line break printed one problem over several lines
@case("validate-line-break-in-an-id", "validate", 1, "table.pattern", "data/actors.csv:2:actor_id")
def _(sb: Sandbox) -> list[str]:
    sb.replace_in(sb.csv("actors"), "\ncity,", '\n"ci\nty",')
    return _validate(sb)


# why: a URL with a password was echoed
@case(
    "validate-base-iri-with-password",
    "validate",
    1,
    "model.base-iri",
    "datapackage.json",
    hidden=("hunter2",),
)
def _(sb: Sandbox) -> list[str]:
    descriptor = sb.descriptor()
    descriptor["planProgress"]["baseIri"] = "https://admin:hunter2@example.org/id"
    sb.write_descriptor(descriptor)
    return _validate(sb)


@case("validate-not-utf8-table", "validate", 1, "table.source", "data/actors.csv")
def _(sb: Sandbox) -> list[str]:
    path = sb.csv("actors")
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp932"))
    return _validate(sb)


@case("validate-table-missing", "validate", 1, "table.source", "data/grades.csv")
def _(sb: Sandbox) -> list[str]:
    sb.csv("grades").unlink()
    return _validate(sb)


@case("validate-json-format-bad-shape", "validate", 1, "package.shape", "")
def _(sb: Sandbox) -> list[str]:
    sb.write_descriptor({"name": "x", "resources": "r" * 554_000})
    return ["validate", str(sb.pkg), "--format", "json"]


# A link in the catalogue and on the site must be a web address, not a script to run.
@case(
    "validate-source-url-javascript",
    "validate",
    1,
    "table.pattern",
    "data/reports.csv:2:source_url",
)
def _(sb: Sandbox) -> list[str]:
    sb.replace_in(
        sb.pkg / "data" / "reports.csv",
        "application/pdf,,",
        "application/pdf,javascript:alert(1)//https://example.org,",
    )
    return _validate(sb)


# --- 7. All or nothing: real I/O failures -----------------------------------------------
# why: disk full during build left a stray .tmp file
@case("build-disk-full", "build", 1, "io.write", "data/generated/")
def _(sb: Sandbox) -> list[str]:
    from conftest import copy_package

    pkg = copy_package(sb.full_disk() / "pkg")
    sb.replace_in(pkg / "data" / "reports.csv", "確定版", "確定")
    sb.fill(pkg.parent)
    return ["build", str(pkg)]


@case("build-directory-where-a-file-should-be", "build", 1, "io.write", "void.ttl")
def _(sb: Sandbox) -> list[str]:
    void = sb.pkg / "data" / "generated" / "void.ttl"
    void.unlink()
    void.mkdir()
    (void / "keep").write_text("x", encoding="utf-8")
    sb.replace_in(sb.csv("reports"), "確定版", "確定")
    return _build(sb)


def _workbook(sb: Sandbox, pkg: Path | None = None) -> bytes:
    from plan_progress.core.package import PlanPackage
    from plan_progress.spreadsheet.template import workbook

    buffer = io.BytesIO()
    workbook(PlanPackage.open(pkg or sb.pkg)).save(buffer)
    return buffer.getvalue()


def _changed_workbook(sb: Sandbox) -> Path:
    """A workbook of the package with one report title changed (so import must write)."""
    from conftest import copy_package

    other = copy_package(sb.root / "changed")
    sb.replace_in(other / "data" / "reports.csv", "確定版", "確定")
    target = sb.root / "book.xlsx"
    target.write_bytes(_workbook(sb, other))
    return target


# why: disk full during import; an I/O failure in the middle left some CSVs replaced
@case("import-disk-full", "import", 1, "io.write", "data/")
def _(sb: Sandbox) -> list[str]:
    from conftest import copy_package

    book = _changed_workbook(sb)
    pkg = copy_package(sb.full_disk() / "pkg")
    sb.fill(pkg.parent)
    return ["import", str(book), str(pkg)]


@case("import-directory-where-a-table-should-be", "import", 1, "io.write", "data/plans.csv")
def _(sb: Sandbox) -> list[str]:
    book = _changed_workbook(sb)
    sb.csv("plans").unlink()
    sb.csv("plans").mkdir()
    return ["import", str(book), str(sb.pkg)]


# why: disk full during template
@case("template-disk-full", "template", 1, "io.write", "out.xlsx")
def _(sb: Sandbox) -> list[str]:
    disk = sb.full_disk()
    sb.fill(disk)
    return ["template", str(disk / "out.xlsx")]


@case("template-directory-where-the-workbook-should-be", "template", 1, "io.write", "out.xlsx")
def _(sb: Sandbox) -> list[str]:
    (sb.root / "out.xlsx").mkdir()
    return ["template", str(sb.root / "out.xlsx"), "--force"]


@case("release-disk-full", "release", 1, "release.write", "dist")
def _(sb: Sandbox) -> list[str]:
    from conftest import copy_package

    pkg = copy_package(sb.full_disk("8m") / "pkg")
    sb.fill(pkg.parent)
    return ["release", str(pkg)]


@case("new-disk-full", "new", 1, "io.write", "newpkg")
def _(sb: Sandbox) -> list[str]:
    disk = sb.full_disk()
    sb.fill(disk)
    return ["new", str(disk / "newpkg"), "--code", "092169", "--name", "下野市"]


# --- 8. Import: hostile and broken workbooks and CSV files ------------------------------
def _rezip(
    source: bytes,
    change: Callable[[str, bytes], bytes],
    extra: Callable[[zipfile.ZipFile], None] | None = None,
) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(source)) as old,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new,
    ):
        for info in old.infolist():
            new.writestr(info.filename, change(info.filename, old.read(info.filename)))
        if extra:
            extra(new)
    return out.getvalue()


# why: an .xlsx with an XML entity declaration ended in a traceback
@case("import-xml-entity-declaration", "import", 1, "limit.xml-entity", "book.xlsx")
def _(sb: Sandbox) -> list[str]:
    def change(name: str, data: bytes) -> bytes:
        if name.startswith("xl/worksheets/sheet2"):
            declaration = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            if data.startswith(b"<?xml"):
                return data.replace(b"?>", b"?>" + declaration, 1)
            return declaration + data
        return data

    (sb.root / "book.xlsx").write_bytes(_rezip(_workbook(sb), change))
    return ["import", str(sb.root / "book.xlsx"), str(sb.pkg)]


# why: a workbook that expands to a gigabyte had no limit
@case("import-zip-bomb", "import", 1, "limit.workbook-size", "book.xlsx")
def _(sb: Sandbox) -> list[str]:
    def extra(archive: zipfile.ZipFile) -> None:
        with archive.open("xl/media/image1.bin", "w", force_zip64=True) as f:
            block = b"\0" * (1024 * 1024)
            for _ in range(300):
                f.write(block)

    (sb.root / "book.xlsx").write_bytes(_rezip(_workbook(sb), lambda n, d: d, extra))
    return ["import", str(sb.root / "book.xlsx"), str(sb.pkg)]


# why: an .xlsx whose <dimension> is wrong imported 3 rows of 28 with exit 0
@case("import-wrong-dimension-reads-every-row", "import", 0, None)
def _(sb: Sandbox) -> list[str]:
    import re

    def change(name: str, data: bytes) -> bytes:
        if name.startswith("xl/worksheets/"):
            return re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:B3"/>', data)
        return data

    (sb.root / "book.xlsx").write_bytes(_rezip(_workbook(sb), change))
    # Every row is read: the import writes exactly the package's own CSV (nothing changes).
    return ["import", str(sb.root / "book.xlsx"), str(sb.pkg)]


@case("import-not-a-workbook", "import", 1, "import.source", "book.xlsx")
def _(sb: Sandbox) -> list[str]:
    (sb.root / "book.xlsx").write_bytes(b"PK\x03\x04 this is not a zip")
    return ["import", str(sb.root / "book.xlsx"), str(sb.pkg)]


@case("import-truncated-workbook", "import", 1, "import.source", "book.xlsx")
def _(sb: Sandbox) -> list[str]:
    data = _workbook(sb)
    (sb.root / "book.xlsx").write_bytes(data[: len(data) // 2])
    return ["import", str(sb.root / "book.xlsx"), str(sb.pkg)]


@case("import-workbook-cell-too-long", "import", 1, "limit.cell-size", "progress-entries")
def _(sb: Sandbox) -> list[str]:
    from conftest import copy_package

    other = copy_package(sb.root / "long")
    sb.replace_in(other / "data" / "progress-entries.csv", sb.first_text(), "a" * 40_000)
    # openpyxl cuts a text at Excel's 32,767 characters when it writes: lengthen it after.
    long_cell = _rezip(_workbook(sb, other), lambda n, d: d.replace(b"a" * 32_767, b"a" * 40_000))
    (sb.root / "book.xlsx").write_bytes(long_cell)
    return ["import", str(sb.root / "book.xlsx"), str(sb.pkg)]


@case("import-csv-folder-with-a-link-out", "import", 1, "path.link-outside", "plans.csv")
def _(sb: Sandbox) -> list[str]:
    folder = sb.root / "csv"
    folder.mkdir()
    (folder / "plans.csv").symlink_to(sb.outside / "secret.csv")
    return ["import", str(folder), str(sb.pkg)]


@case("import-huge-csv", "import", 1, "limit.file-size", "actors.csv")
def _(sb: Sandbox) -> list[str]:
    source = sb.root / "actors.csv"
    source.write_text("actor_id\n", encoding="utf-8")
    os.truncate(source, 200 * 1024 * 1024)
    return ["import", str(source), str(sb.pkg)]


@case("import-csv-column-missing", "import", 1, "import.header", "actors.csv:1:")
def _(sb: Sandbox) -> list[str]:
    source = sb.root / "actors.csv"
    source.write_bytes(sb.csv("actors").read_bytes())
    _drop_column(source, "name")
    return ["import", str(source), str(sb.pkg)]


@case(
    "import-into-a-package-writing-outside",
    "import",
    1,
    "path.outside-package",
    "datapackage.json::/resources/",
)
def _(sb: Sandbox) -> list[str]:
    source = sb.root / "actors.csv"
    source.write_bytes(sb.csv("actors").read_bytes())
    sb.set_resource("actors", "path", "../outside/authorized_keys")
    return ["import", str(source), str(sb.pkg)]


@case("import-csv-table-is-a-fifo", "import", 1, "path.not-a-file", "plans.csv")
def _(sb: Sandbox) -> list[str]:
    folder = sb.root / "csv"
    folder.mkdir()
    os.mkfifo(folder / "plans.csv")
    return ["import", str(folder), str(sb.pkg)]


# --- 8b. Import: values that cannot be read for certain (issue 9, the adopter's path) ---
def _typed_workbook(
    sb: Sandbox,
    sheet: str,
    row: int,
    values: dict,
    pkg: Path | None = None,
    formats: dict | None = None,
) -> Path:
    """The package's workbook with `values` typed into `row` of `sheet` (by column name)."""
    from openpyxl import load_workbook

    target = sb.root / "book.xlsx"
    target.write_bytes(_workbook(sb, pkg))
    book = load_workbook(target)
    names = [c.value for c in book[sheet][2]]
    for name, value in values.items():
        cell = book[sheet].cell(row, names.index(name) + 1, value)
        cell.number_format = (formats or {}).get(name, "@" if isinstance(value, str) else "General")
    book.save(target)
    return target


def _mihon(sb: Sandbox) -> Path:
    """The fictional health-plan example (indicators with units) beside the package."""
    from conftest import REPO, copy_package

    return copy_package(sb.root / "mihon", REPO / "examples" / "mihon-machi-kenko")


# why: a codelist value that is not a code was written as typed (validate found it later,
# at a CSV row the person never saw)
@case("import-codelist-value-unknown", "import", 1, "import.code", "[book.xlsx]reports:3:status")
def _(sb: Sandbox) -> list[str]:
    return ["import", str(_typed_workbook(sb, "reports", 3, {"status": "速報"})), str(sb.pkg)]


# why: the codelist's Japanese titles (「確定版」) were refused although the template lists them
@case(
    "import-codelist-title-becomes-code",
    "import",
    0,
    None,
    writes="pkg/data/reports.csv",
    after=lambda sb: _assert_in(sb.csv("reports"), ",final,"),
)
def _(sb: Sandbox) -> list[str]:
    from conftest import copy_package

    other = copy_package(sb.root / "changed")
    sb.replace_in(other / "data" / "reports.csv", "確定版)", "確定版）")
    book = _typed_workbook(sb, "reports", 3, {"status": "確定版"}, other)
    return ["import", str(book), str(sb.pkg)]


def _assert_in(path: Path, text: str) -> None:
    assert text in path.read_text(encoding="utf-8"), path


# why: a number typed with a word around it was imported as text
@case("import-number-not-a-number", "import", 1, "import.number", "[book.xlsx]basic-goals:4:number")
def _(sb: Sandbox) -> list[str]:
    return ["import", str(_typed_workbook(sb, "basic-goals", 4, {"number": "第二"})), str(sb.pkg)]


# why: a percent-formatted cell (Excel stores 0.45 for 45%) became 0.45 silently
@case(
    "import-percent-with-another-unit",
    "import",
    1,
    "import.percent",
    "[book.xlsx]indicators:4:baseline_value",
)
def _(sb: Sandbox) -> list[str]:
    mihon = _mihon(sb)
    book = _typed_workbook(
        sb, "indicators", 4, {"baseline_value": 0.108}, mihon, {"baseline_value": "0.0%"}
    )
    return ["import", str(book), str(mihon)]


# why: 和暦 dates were left as text; H31.5.1 is after the end of Heisei
@case(
    "import-date-after-its-era",
    "import",
    1,
    "import.date",
    "[book.xlsx]reports:3:confirmation_date",
)
def _(sb: Sandbox) -> list[str]:
    book = _typed_workbook(sb, "reports", 3, {"confirmation_date": "H31.5.1"})
    return ["import", str(book), str(sb.pkg)]


# why: a two-digit year has no certain century: an error, not a guess
@case(
    "import-date-ambiguous-in-a-csv", "import", 1, "import.date", "reports.csv:2:confirmation_date"
)
def _(sb: Sandbox) -> list[str]:
    source = sb.root / "reports.csv"
    text = sb.csv("reports").read_text(encoding="utf-8")
    source.write_bytes(
        text.replace(",promotion-committee,,", ",promotion-committee,25/3/31,").encode("cp932")
    )
    return ["import", str(source), str(sb.pkg)]


@case(
    "import-fiscal-year-without-era",
    "import",
    1,
    "import.fiscal-year",
    "[book.xlsx]indicators:3:baseline_fiscal_year",
)
def _(sb: Sandbox) -> list[str]:
    mihon = _mihon(sb)
    book = _typed_workbook(sb, "indicators", 3, {"baseline_fiscal_year": "30年度"}, mihon)
    return ["import", str(book), str(mihon)]


# why: a package could say 092169 in plans.csv and publish its IRIs under another code
for command in ("validate", "build"):
    _descriptor_case(
        f"{command}-base-iri-of-another-municipality",
        command,
        1,
        "model.base-iri-code",
        "datapackage.json::planProgress.baseIri",
        lambda sb, d: d["planProgress"].update(baseIri="https://w3id.org/plan-progress/id/131105/"),
    )


# why: a release published the placeholder title that `new` wrote
@case("release-placeholder-title", "release", 1, "release.placeholder", "datapackage.json:")
def _(sb: Sandbox) -> list[str]:
    from conftest import run_cli
    from plan_progress.model.scaffold import PLACEHOLDER_TITLE

    descriptor = sb.descriptor()
    descriptor["title"] = PLACEHOLDER_TITLE.format(name="下野市")
    sb.write_descriptor(descriptor)
    assert run_cli("build", str(sb.pkg)).returncode == 0
    return ["release", str(sb.pkg)]


# why: the option at fault read `--code:::`
@case("new-code-with-a-wrong-check-digit", "new", 1, "code.municipality-check-digit", "--code")
def _(sb: Sandbox) -> list[str]:
    return ["new", str(sb.root / "n"), "--code", "092168", "--name", "下野市"]


# --- 9. new and template ----------------------------------------------------------------
@case("new-bad-code", "new", 1, "new.municipality-code", "--code")
def _(sb: Sandbox) -> list[str]:
    return ["new", str(sb.root / "n"), "--code", "09216", "--name", "下野市"]


@case("new-target-not-empty", "new", 1, "new.target-exists", "pkg")
def _(sb: Sandbox) -> list[str]:
    return ["new", str(sb.pkg), "--code", "092169", "--name", "下野市"]


@case("new-name-with-a-line-break", "new", 1, "new.name", "--name")
def _(sb: Sandbox) -> list[str]:
    return ["new", str(sb.root / "n"), "--code", "092169", "--name", "下野\n市"]


@case("new-from-a-folder-that-is-no-package", "new", 1, "new.from-invalid", "nothing")
def _(sb: Sandbox) -> list[str]:
    (sb.root / "nothing").mkdir()
    return ["new", "--from", str(sb.root / "nothing"), "--out", str(sb.root / "n")]


@case("new-from-an-invalid-package", "new", 1, "new.from-invalid", "pkg")
def _(sb: Sandbox) -> list[str]:
    sb.replace_in(sb.csv("plans"), "092169", "092168")
    return ["new", "--from", str(sb.pkg), "--out", str(sb.root / "n")]


@case("new-from-out-not-empty", "new", 1, "new.target-exists", "busy")
def _(sb: Sandbox) -> list[str]:
    (sb.root / "busy").mkdir()
    (sb.root / "busy" / "keep.txt").write_text("mine", encoding="utf-8")
    return ["new", "--from", str(sb.pkg), "--out", str(sb.root / "busy")]


@case("new-from-out-elsewhere", "new", 1, "new.from-elsewhere", "pkg")
def _(sb: Sandbox) -> list[str]:
    return ["new", "--from", str(sb.pkg), "--out", str(sb.root / "other" / "next")]


@case("template-previous-link-outside", "template", 1, "template.previous", "datapackage.json")
def _(sb: Sandbox) -> list[str]:
    import json
    import shutil

    from plan_progress.core.package import PlanPackage
    from plan_progress.model.next_year import write_draft

    series = sb.root / "series"
    series.mkdir()
    shutil.copytree(sb.pkg, series / "last")
    write_draft(series / "next", PlanPackage.open(series / "last"), 2025)
    os.symlink(sb.pkg, series / "linked")  # a real package, but outside the series folder
    path = series / "next" / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["planProgress"]["previous"]["path"] = "../linked"
    path.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    return ["template", str(sb.root / "out.xlsx"), "--from", str(series / "next")]


@case("template-exists", "template", 1, "template.exists", "out.xlsx")
def _(sb: Sandbox) -> list[str]:
    (sb.root / "out.xlsx").write_bytes(b"keep me")
    return ["template", str(sb.root / "out.xlsx")]


@case(
    "template-from-package-with-a-link-out", "template", 1, "path.link-outside", "datapackage.json"
)
def _(sb: Sandbox) -> list[str]:
    sb.csv("plans").unlink()
    sb.csv("plans").symlink_to(sb.outside / "secret.csv")
    return ["template", str(sb.root / "out.xlsx"), "--from", str(sb.pkg)]


@case(
    "template-from-package-missing-a-column",
    "template",
    1,
    "table.header",
    "data/reports.csv:1:footnote",
)
def _(sb: Sandbox) -> list[str]:
    _drop_column(sb.csv("reports"), "footnote")
    return ["template", str(sb.root / "out.xlsx"), "--from", str(sb.pkg)]


# --- 10. release and publish ------------------------------------------------------------
@case("release-stale-generated-files", "release", 1, "generated.stale", "data/generated/")
def _(sb: Sandbox) -> list[str]:
    sb.replace_in(sb.csv("reports"), "確定版", "確定")
    return ["release", str(sb.pkg)]


@case("release-symlinked-table", "release", 1, "path.link-outside", "datapackage.json")
def _(sb: Sandbox) -> list[str]:
    sb.csv("actors").unlink()
    sb.csv("actors").symlink_to(sb.outside / "secret.csv")
    return ["release", str(sb.pkg)]


def _publish(sb: Sandbox, *extra: str) -> list[str]:
    return ["publish", str(sb.pkg), "--portal", sb.listener.url, "--org", "o", *extra]


_TOKEN = {"PLAN_PROGRESS_CKAN_TOKEN": TOKEN}
# why: --timeout 0, a malformed --portal URL, a token with non-Latin-1 characters
for value in ("0", "nan"):
    case(f"publish-timeout-{value}", "publish", 2, "publish.bad-timeout", "", _TOKEN, (TOKEN,))(
        lambda sb, value=value: _publish(sb, "--timeout", value)
    )
for label, url in {
    "unclosed-ipv6": "http://[::1",
    "space-in-host": "http://exa mple.org",
    "port-out-of-range": "http://127.0.0.1:99999",
    "no-host": "https://",
    "ftp-scheme": "ftp://example.org",
    "password-in-url": "https://user:hunter2@[::1",
}.items():
    case(
        f"publish-portal-{label}", "publish", 2, "publish.bad-url", "", _TOKEN, (TOKEN, "hunter2")
    )(lambda sb, url=url: ["publish", str(sb.pkg), "--portal", url, "--org", "o"])
for label, token in {
    "non-latin1": "abc鍵xyz",
    "line-break": "abc\ndef",
    "space": "abc def",
}.items():
    case(
        f"publish-token-{label}",
        "publish",
        2,
        "publish.token-malformed",
        "",
        {"PLAN_PROGRESS_CKAN_TOKEN": token},
        (token,) if label != "space" else (),
    )(lambda sb: _publish(sb))


@case("publish-without-release", "publish", 1, "publish.no-release", "dist", _TOKEN, (TOKEN,))
def _(sb: Sandbox) -> list[str]:
    return _publish(sb)


def _release(sb: Sandbox) -> Path:
    from plan_progress.core.package import PlanPackage
    from plan_progress.release.bundle import release

    target, _ = release(PlanPackage.open(sb.pkg))
    return target


# A release whose SHA256SUMS names a file outside it: publishing would upload that file.
@case(
    "publish-checksums-name-a-file-outside",
    "publish",
    1,
    "path.outside-package",
    "SHA256SUMS",
    _TOKEN,
    (TOKEN,),
)
def _(sb: Sandbox) -> list[str]:
    import hashlib

    dist = _release(sb)
    digest = hashlib.sha256((sb.outside / "authorized_keys").read_bytes()).hexdigest()
    with (dist / "SHA256SUMS").open("a", encoding="utf-8") as f:
        f.write(f"{digest}  ../../outside/authorized_keys\n")
    return _publish(sb)


@case(
    "publish-catalog-garbage",
    "publish",
    1,
    "publish.release-corrupt",
    "catalog.ttl",
    _TOKEN,
    (TOKEN,),
)
def _(sb: Sandbox) -> list[str]:
    import hashlib

    dist = _release(sb)
    (dist / "catalog.ttl").write_bytes(b"@prefix : <x> . this is not turtle {{{")
    digest = hashlib.sha256((dist / "catalog.ttl").read_bytes()).hexdigest()
    sums = (dist / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    sums = [f"{digest}  catalog.ttl" if line.endswith("  catalog.ttl") else line for line in sums]
    (dist / "SHA256SUMS").write_text("\n".join(sums) + "\n", encoding="utf-8")
    return _publish(sb)


# why: the release's .xlsx held live formulas taken from data text; the Excel CSV kept
# =, +, -, @ raw; build and release wrote 0600 files and a 0700 dist/
FORMULA_TEXT = '=HYPERLINK("http://example.org/x","詳細")'


def _formula_package(sb: Sandbox) -> None:
    import csv

    from plan_progress.core.package import PlanPackage
    from plan_progress.pipeline.build import build

    path = sb.csv("progress-entries")
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows[1][rows[0].index("progress")] = FORMULA_TEXT
    rows[2][rows[0].index("issue")] = "@SUM(A1)"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    build(PlanPackage.open(sb.pkg))


def _no_formula_and_readable(sb: Sandbox) -> None:
    import csv
    import re
    import stat

    main = sb.pkg / "dist" / "main"
    with zipfile.ZipFile(next(main.glob("*.xlsx"))) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert not any(re.search(rb"<f[ >]", archive.read(n)) for n in sheets)
        assert any(b"HYPERLINK" in archive.read(n) for n in archive.namelist())
    text = next(main.glob("*_entries_excel.csv")).read_bytes().decode("utf-8-sig")
    cells = {c for row in csv.reader(io.StringIO(text, newline="")) for c in row}
    assert "'" + FORMULA_TEXT in cells and "'@SUM(A1)" in cells
    for path in [sb.pkg / "dist", *(sb.pkg / "dist").rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o755 if path.is_dir() else 0o644), (path, oct(mode))


@case(
    "release-formula-texts-stay-texts",
    "release",
    0,
    None,
    writes="pkg/dist",
    after=_no_formula_and_readable,
)
def _(sb: Sandbox) -> list[str]:
    _formula_package(sb)
    return ["release", str(sb.pkg)]


def _readable_generated(sb: Sandbox) -> None:
    import stat

    for path in (sb.pkg / "data" / "generated").iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path


@case(
    "build-writes-files-others-can-read",
    "build",
    0,
    None,
    writes="pkg/data/generated",
    after=_readable_generated,
)
def _(sb: Sandbox) -> list[str]:
    sb.replace_in(sb.csv("reports"), "確定版", "確定")
    return _build(sb)


# why: a JSON Schema problem printed a 554,000-character line
@case("validate-long-value-one-short-line", "validate", 1, "model.base-iri", "datapackage.json")
def _(sb: Sandbox) -> list[str]:
    descriptor = sb.descriptor()
    descriptor["planProgress"]["baseIri"] = "https://" + "x" * 554_000
    sb.write_descriptor(descriptor)
    return _validate(sb)


# why: publishing against a portal whose JSON has the wrong shape ended in a traceback
@case(
    "publish-portal-answers-wrong-shape", "publish", 1, "publish.bad-answer", "", _TOKEN, (TOKEN,)
)
def _(sb: Sandbox) -> list[str]:
    from ckan_stand_in import stand_in

    _release(sb)
    running = stand_in()
    url = running.__enter__()
    sb.closers.append(lambda: running.__exit__(None, None, None))
    return ["publish", str(sb.pkg), "--portal", f"{url}/organization-is-a-string", "--org", "o"]


assert len({c.id for c in CASES}) == len(CASES), "case ids must be unique"
assert SECRET  # used by the matrix to check that no output quotes it


# --- 9. The researchers', the site's and the migration's commands -----------------------
@case("query-service-refused", "query", 1, "query.service", "")
def _(sb: Sandbox) -> list[str]:
    # A query file from a colleague must not make the tool call out to another endpoint.
    query = sb.root / "q.rq"
    query.write_text(
        f"SELECT * WHERE {{ SERVICE <{sb.listener.url}/sparql> {{ ?s ?p ?o }} }}", "utf-8"
    )
    return ["query", str(sb.pkg), str(query)]


@case("query-syntax-error", "query", 1, "query.syntax", "q.rq")
def _(sb: Sandbox) -> list[str]:
    query = sb.root / "q.rq"
    query.write_text("SELECT * WHERE { ?s ?p }", "utf-8")
    return ["query", str(sb.pkg), str(query)]


@case("query-file-missing", "query", 2, "query.not-found", "missing.rq")
def _(sb: Sandbox) -> list[str]:
    return ["query", str(sb.pkg), str(sb.root / "missing.rq")]


def _break_rdf(sb: Sandbox) -> None:
    # query and load read the package's RDF as published (data/generated/): a damaged file
    # is a located error, not a traceback or a half-loaded store.
    for name in ("report.nt", "report.ttl", "report.jsonld"):
        (sb.pkg / "data" / "generated" / name).write_text('<a> <b> "unterminated .\n', "utf-8")


@case("query-damaged-rdf", "query", 1, "query.rdf-syntax", "data/generated/")
def _(sb: Sandbox) -> list[str]:
    _break_rdf(sb)
    query = sb.root / "q.rq"
    query.write_text("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "utf-8")
    return ["query", str(sb.pkg), str(query)]


@case("load-into-a-folder-that-is-not-a-store", "load", 1, "store.not-a-store", "")
def _(sb: Sandbox) -> list[str]:
    # The user's own folder: load must refuse to write into it, never delete it.
    (sb.outside / "notes.txt").write_text("my notes\n", "utf-8")
    return ["load", str(sb.outside), str(sb.pkg)]


@case("load-damaged-rdf", "load", 1, "query.rdf-syntax", "data/generated/")
def _(sb: Sandbox) -> list[str]:
    _break_rdf(sb)
    return ["load", str(sb.root / "store"), str(sb.pkg)]


@case("serve-a-folder-that-is-not-a-store", "serve", 1, "store.not-a-store", "")
def _(sb: Sandbox) -> list[str]:
    (sb.outside / "notes.txt").write_text("my notes\n", "utf-8")
    return ["serve", "--store", str(sb.outside), "--port", "0"]


@case("site-over-a-folder-that-is-not-a-site", "site", 1, "site.out-not-site", "")
def _(sb: Sandbox) -> list[str]:
    (sb.outside / "notes.txt").write_text("my notes\n", "utf-8")
    return ["site", str(sb.pkg), "--out", str(sb.outside)]


@case("site-of-an-invalid-package", "site", 1, "table.pattern", "data/reports.csv:2:source_url")
def _(sb: Sandbox) -> list[str]:
    sb.replace_in(
        sb.pkg / "data" / "reports.csv", "application/pdf,,", "application/pdf,javascript:x,"
    )
    return ["site", str(sb.pkg), "--out", str(sb.root / "site")]


@case(
    "migrate-a-descriptor-of-the-wrong-shape",
    "migrate",
    1,
    "package.descriptor",
    "datapackage.json",
)
def _(sb: Sandbox) -> list[str]:
    sb.write_descriptor({"name": "x", "resources": 5})
    return ["migrate", str(sb.pkg)]


@case(
    "migrate-a-path-outside-the-package", "migrate", 1, "path.outside-package", "datapackage.json"
)
def _(sb: Sandbox) -> list[str]:
    descriptor = sb.descriptor()
    descriptor["version"] = "0.1.0"
    descriptor["resources"][0]["path"] = "../outside/secret.csv"
    sb.write_descriptor(descriptor)
    return ["migrate", str(sb.pkg)]
