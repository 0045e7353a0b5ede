"""`plan-progress new`: a package skeleton for another municipality.

The skeleton holds only what is known for sure: the standard's tables (header rows), the
municipality's code and name in `plans.csv`, and the plan id when one is given. Everything
else (titles, goals, initiatives, progress) is left for the municipality to fill in, so
`validate` on a fresh skeleton names exactly the cells still to be filled.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

from plan_progress.core import standard
from plan_progress.core.atomic_files import WriteFailed, dir_mode, make_dirs
from plan_progress.core.csv_text import csv_bytes
from plan_progress.core.municipality_code import check_digit, is_valid
from plan_progress.core.package import DESCRIPTOR, SOURCE_TABLES
from plan_progress.core.problems import InvalidPackage, Problem
from plan_progress.core.version import __version__
from plan_progress.model import iris
from plan_progress.model.scaffold_readme import readme_text

_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_SIX_ASCII_DIGITS = re.compile(r"[0-9]{6}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

# Texts `new` writes where only the municipality can write the real one (the dataset's
# title and description, which a release publishes in its catalogue). `release` refuses
# them (release.placeholder), so they must stay recognisable: see `is_placeholder`.
PLACEHOLDER_TITLE = "{name} 計画の事業進捗 / Plan progress of {name}"
PLACEHOLDER_DESCRIPTION = (
    "{name}の計画の事業進捗を plan-progress 標準の表にしたデータ。"
    "計画名と報告書名に合わせて書き換えてください。"
    " / Plan progress of {name} in the tables of the plan-progress standard;"
    " replace this with the plan's and the report's titles."
)
# Phrases of the placeholders that no real title or description contains.
PLACEHOLDER_PHRASES = (
    "計画名と報告書名に合わせて書き換えてください",
    "replace this with the plan's and the report's titles",
)
_PLACEHOLDER_TITLE = re.compile(r"(?P<name>.+) 計画の事業進捗 / Plan progress of (?P=name)")


def is_placeholder(text: str) -> bool:
    """Whether `text` is (or still holds) a placeholder that `new` wrote, for any name."""
    return bool(_PLACEHOLDER_TITLE.fullmatch(text.strip())) or any(
        phrase in text for phrase in PLACEHOLDER_PHRASES
    )


LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "クリエイティブ・コモンズ 表示 4.0 国際 / Creative Commons Attribution 4.0 International",
}


def check_arguments(code: str, name: str, plan_id: str | None) -> list[Problem]:
    """Problems with the command's arguments; `file` names the option at fault."""
    problems = []
    if not _SIX_ASCII_DIGITS.fullmatch(code):
        # \d would accept full-width digits; the code must be ASCII (design §6).
        problems.append(Problem("new.municipality-code", "--code", params={"value": code}))
    elif not is_valid(code):
        expected = code[:5] + str(check_digit(code[:5]))
        problems.append(
            Problem(
                "code.municipality-check-digit",
                "--code",
                params={"value": code, "expected": expected},
            )
        )
    detail = _name_defect(name)
    if detail:
        problems.append(Problem("new.name", "--name", params={"value": name, "detail": detail}))
    if plan_id is not None and not _ID.fullmatch(plan_id):
        problems.append(Problem("new.plan-id", "--plan-id", params={"value": plan_id}))
    return problems


def _name_defect(name: str) -> str:
    if not name.strip():
        return "empty / 空です"
    if name != name.strip():
        return "surrounding spaces / 前後に空白があります"
    if _CONTROL.search(name):
        return "control characters or line breaks / 制御文字・改行があります"
    return ""


def descriptor(code: str, name: str) -> dict[str, Any]:
    """The package descriptor: the standard's resources with their Table Schemas inlined."""
    resources = standard.standard_resources()
    for resource in resources:
        if resource.get("type") == "table":
            resource["schema"] = standard.table_schema(resource["name"])
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": f"plan-progress-{code}",
        # Placeholders that say only what is certain; the README asks for the real titles.
        "title": PLACEHOLDER_TITLE.format(name=name),
        "description": PLACEHOLDER_DESCRIPTION.format(name=name),
        "version": "0.1.0",
        "licenses": [dict(LICENSE)],
        "planProgress": {
            "standardVersion": __version__,
            "baseIri": iris.default_base_iri(code),
            "attribution": f"出典：{name} / Source: {name}",
        },
        "resources": resources,
    }


def package_files(
    code: str, name: str, plan_id: str | None = None, dir_name: str = "DIR"
) -> dict[str, bytes]:
    """Every file of the skeleton, by its POSIX path relative to the package root."""
    package = descriptor(code, name)
    files = {DESCRIPTOR: (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode()}
    known = {
        "plans": {"plan_id": plan_id or "", "municipality_code": code, "municipality_name": name}
    }
    for resource in package["resources"]:
        if resource.get("name") not in SOURCE_TABLES:
            continue  # generated tables are written by `build`
        header = [field["name"] for field in resource["schema"]["fields"]]
        prefill = known.get(resource["name"])
        rows = [[prefill.get(column, "") for column in header]] if prefill else []
        files[resource["path"]] = csv_bytes(header, rows)
    files["README.md"] = readme_text(code, name, package["resources"], dir_name).encode("utf-8")
    return files


def scaffold(target: Path, code: str, name: str, plan_id: str | None = None) -> list[Path]:
    """Write the skeleton at `target`; raise InvalidPackage (writing nothing) on bad input.

    The whole tree is staged in a sibling temporary directory and renamed into place, so
    an interrupted run leaves either no package or a complete one.
    """
    name = unicodedata.normalize("NFC", name)
    problems = check_arguments(code, name, plan_id)
    if target.exists() and not (target.is_dir() and not any(target.iterdir())):
        problems.append(Problem("new.target-exists", str(target), params={"value": str(target)}))
    if problems:
        raise InvalidPackage(problems)
    files = package_files(code, name, plan_id, target.name)
    try:
        write_tree(target, files)
    except OSError as err:
        raise WriteFailed(target, err) from err
    return [target / relpath for relpath in files]


def write_tree(target: Path, files: dict[str, bytes]) -> None:
    """Stage `files` in a sibling temporary directory, then rename it to `target` (absent
    or empty): an interrupted run leaves no package or a complete one."""
    created = make_dirs(target.parent)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    except OSError:
        for directory in reversed(created):
            shutil.rmtree(directory, ignore_errors=True)
        raise
    try:
        # mkdtemp makes a private (0700) directory; the package is for others to read.
        os.chmod(staging, dir_mode())
        for relpath, data in files.items():
            path = staging / relpath
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        if target.exists():
            target.rmdir()  # empty (checked above); rename() cannot replace it portably
        os.rename(staging, target)
    except OSError:
        for directory in reversed(created):
            shutil.rmtree(directory, ignore_errors=True)
        raise
    finally:
        if staging.exists():
            shutil.rmtree(staging)
