"""Extension profiles: a municipality's own columns on the standard's tables.

A package lists its profiles in `planProgress.profiles` (paths inside the package). A
profile (schema/profile.schema.json) has its own name and version, a prefix, a namespace
and the columns it adds per table. The package's Table Schema of that table must be the
standard's followed by exactly those columns; their values become RDF properties
`{namespace}{property}`, written in JSON-LD as `{prefix}:{property}`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from plan_progress.core.json_files import read_json
from plan_progress.core.package import DESCRIPTOR, SOURCE_TABLES, PlanPackage
from plan_progress.core.paths import PathRefused, refusal, within
from plan_progress.core.problems import InvalidPackage, Problem
from plan_progress.core.standard import profile_json_schema


@dataclass(frozen=True)
class ExtensionField:
    table: str
    column: str
    property: str
    descriptor: dict[str, Any]  # the Table Schema field, as the package must carry it


@dataclass(frozen=True)
class Profile:
    path: str
    name: str
    version: str
    prefix: str
    namespace: str
    fields: tuple[ExtensionField, ...]

    def key(self, field: ExtensionField) -> str:
        """The field's JSON-LD key: a compact IRI under the profile's prefix."""
        return f"{self.prefix}:{field.property}"


def load_profiles(package: PlanPackage) -> list[Profile]:
    """The package's profiles, each validated against the profile schema."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(profile_json_schema())
    paths = package.descriptor.get("planProgress", {}).get("profiles", [])
    profiles, problems = [], []
    for relpath in paths:
        try:
            # Confined to the package (checked when it was opened, and here again), and read
            # within the size and nesting limits.
            path = within(package.root, relpath)
            document = read_json(path, relpath, "profile.invalid")
        except PathRefused as refused:
            problems.append(refusal(refused, relpath, DESCRIPTOR))
            continue
        except InvalidPackage as invalid:
            problems.extend(invalid.problems)
            continue
        errors = sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.path)))
        for error in errors:
            pointer = "/" + "/".join(str(p) for p in error.absolute_path)
            problems.append(
                Problem("profile.invalid", relpath, None, pointer, {"detail": error.message})
            )
        if errors:
            continue
        problems += _check_names(relpath, document)
        profiles.append(_profile(relpath, document))
    prefixes = [p.prefix for p in profiles]
    for prefix in sorted({p for p in prefixes if prefixes.count(p) > 1}):
        problems.append(
            Problem(
                "profile.invalid",
                DESCRIPTOR,
                None,
                "planProgress.profiles",
                {"detail": f"prefix {prefix!r} is declared twice"},
            )
        )
    if problems:
        raise InvalidPackage(problems)
    return profiles


# A plan's authors are a plain link between two nodes: nothing of its own to extend.
EXTENSIBLE_TABLES = tuple(t for t in SOURCE_TABLES if t != "plan-authors")


def _check_names(relpath: str, document: dict[str, Any]) -> list[Problem]:
    prefix = document["prefix"]
    unknown = [
        Problem(
            "profile.invalid",
            relpath,
            None,
            f"/fields/{table}",
            {"detail": f"{table!r} is not an extensible table: {', '.join(EXTENSIBLE_TABLES)}"},
        )
        for table in document["fields"]
        if table not in EXTENSIBLE_TABLES
    ]
    return unknown + [
        Problem(
            "profile.invalid",
            relpath,
            None,
            f"/fields/{table}",
            {"detail": f"column {field['name']!r} must start with {prefix}_"},
        )
        for table, fields in document["fields"].items()
        for field in fields
        if not field["name"].startswith(prefix + "_")
    ]


def _profile(relpath: str, document: dict[str, Any]) -> Profile:
    fields = tuple(
        ExtensionField(
            table,
            field["name"],
            field["property"],
            {k: v for k, v in field.items() if k != "property"},
        )
        for table, table_fields in document["fields"].items()
        for field in table_fields
    )
    return Profile(
        relpath,
        document["name"],
        document["version"],
        document["prefix"],
        document["namespace"],
        fields,
    )


def extension_fields(profiles: list[Profile], table: str) -> list[ExtensionField]:
    return [f for p in profiles for f in p.fields if f.table == table]
