"""Extension profiles: a municipality's own columns on the standard's tables.

A package lists its profiles in `planProgress.profiles` (paths inside the package). A
profile (schema/profile.schema.json) has its own name and version, a prefix, a namespace
and the columns it adds per table. The package's Table Schema of that table must be the
standard's followed by exactly those columns; their values become RDF properties
`{namespace}{property}`, written in JSON-LD as `{prefix}:{property}`.

A column may refer to rows of another table (`"references": "basic-goals"`): its values are
then ids of that table, checked like any foreign key (the package's Table Schema carries the
foreign key), and become links to the rows' nodes rather than text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from plan_progress.core.json_files import read_json
from plan_progress.core.package import DESCRIPTOR, SOURCE_TABLES, PlanPackage
from plan_progress.core.paths import PathRefused, refusal, within
from plan_progress.core.problems import InvalidPackage, Problem
from plan_progress.core.standard import profile_json_schema, table_schema


@dataclass(frozen=True)
class ExtensionField:
    table: str
    column: str
    property: str
    descriptor: dict[str, Any]  # the Table Schema field, as the package must carry it
    references: str | None = None  # the table whose ids the values are

    def foreign_key(self) -> dict[str, Any] | None:
        """The foreign key the package's Table Schema must carry for a referring column."""
        if self.references is None:
            return None
        return {
            "fields": [self.column],
            "reference": {"resource": self.references, "fields": [primary_key(self.references)]},
        }


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


# Link tables (a plan's authors, an initiative's other goals) relate two nodes: nothing of
# their own to extend.
EXTENSIBLE_TABLES = tuple(t for t in SOURCE_TABLES if t not in ("plan-authors", "initiative-goals"))


def primary_key(table: str) -> str | None:
    """The single id column of a standard table, or None when its key has several columns."""
    key = table_schema(table).get("primaryKey", [])
    key = [key] if isinstance(key, str) else key
    return key[0] if len(key) == 1 else None


# Tables whose rows a profile column may refer to: those with a single id column.
REFERABLE_TABLES = tuple(t for t in SOURCE_TABLES if primary_key(t) is not None)


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
    unprefixed = [
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
    references = [
        Problem(
            "profile.invalid",
            relpath,
            None,
            f"/fields/{table}",
            {
                "detail": f"column {field['name']!r} refers to {field['references']!r}: "
                f"a string column may refer to one of {', '.join(REFERABLE_TABLES)}"
            },
        )
        for table, fields in document["fields"].items()
        for field in fields
        if "references" in field
        and (field["references"] not in REFERABLE_TABLES or field["type"] != "string")
    ]
    return unknown + unprefixed + references


def _profile(relpath: str, document: dict[str, Any]) -> Profile:
    fields = tuple(
        ExtensionField(
            table,
            field["name"],
            field["property"],
            {k: v for k, v in field.items() if k not in ("property", "references")},
            field.get("references"),
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


def expected_table_schema(name: str, profiles: list[Profile]) -> dict[str, Any]:
    """The Table Schema a package must carry for table `name`: the standard's, followed by its
    profiles' columns (and their foreign keys)."""
    schema = dict(table_schema(name))
    fields = extension_fields(profiles, name)
    if fields:
        schema["fields"] = [*schema["fields"], *(f.descriptor for f in fields)]
    keys = [key for f in fields if (key := f.foreign_key()) is not None]
    if keys:
        schema["foreignKeys"] = [*schema.get("foreignKeys", []), *keys]
    return schema
