"""The standard's documentation, read from the standard's own files: the vocabulary (with
examples from the data built), the tables' Table Schemas, the codelists, the validation rules
(core/messages.py) and the extension profiles."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from plan_progress.core import standard
from plan_progress.core.messages import RULES
from plan_progress.core.package import OPTIONAL_TABLES
from plan_progress.model.profiles import Profile
from plan_progress.rdf import jsonld_rdf
from plan_progress.site.resources import compact_jsonld
from plan_progress.site.text import split_bilingual
from plan_progress.site.vocabulary import PREFIXES, Term, curie

_MAX_EXAMPLE_TRIPLES = 8


@dataclass(frozen=True)
class Example:
    turtle: str
    jsonld: str


def term_example(graph: Graph, term: Term) -> Example | None:
    """The term in use in the data: a class's first instance (its first few statements), a
    property's first statement; in Turtle and in JSON-LD under the published context."""
    iri = URIRef(term.iri)
    example = Graph()
    if term.kind == "classes":
        instances = sorted(graph.subjects(RDF.type, iri), key=str)
        if not instances:
            return None
        subject = instances[0]
        pairs = sorted(graph.predicate_objects(subject), key=lambda po: (po[0] != RDF.type, po))
        for predicate, obj in pairs[:_MAX_EXAMPLE_TRIPLES]:
            example.add((subject, predicate, obj))
    else:
        uses = sorted(graph.subject_objects(iri), key=str)
        if not uses:
            return None
        subject, obj = uses[0]
        example.add((subject, iri, obj))
    turtle = jsonld_rdf.turtle(example, {k: v for k, v in PREFIXES.items() if k != "rdf"})
    document = compact_jsonld(example)
    return Example(turtle.strip(), json.dumps(document, ensure_ascii=False, indent=2))


@dataclass(frozen=True)
class Column:
    name: str
    title: tuple[str, str]
    description: tuple[str, str]
    type: str
    required: bool
    constraints: tuple[str, ...]
    codelist: str | None


@dataclass(frozen=True)
class TableDoc:
    name: str
    title: tuple[str, str]
    description: tuple[str, str]
    optional: bool
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...]


def codelist_names() -> list[str]:
    return sorted(p.stem for p in standard.codelist_dir().glob("*.csv"))


def _codelist_for(enum: list[Any]) -> str | None:
    """The codelist whose codes are exactly the column's allowed values."""
    wanted = {str(v) for v in enum}
    for name in codelist_names():
        if {row["code"] for row in standard.codelist(name)} == wanted:
            return name
    return None


def tables() -> list[TableDoc]:
    docs = []
    for resource in standard.resource_catalogue():
        name = resource["name"]
        if not standard.table_schema_path(name).is_file():
            continue
        schema = standard.table_schema(name)
        columns = []
        for f in schema.get("fields", []):
            constraints = dict(f.get("constraints", {}))
            required = bool(constraints.pop("required", False))
            enum = constraints.get("enum")
            codelist = _codelist_for(enum) if enum else None
            if codelist:
                constraints.pop("enum")
            columns.append(
                Column(
                    name=f["name"],
                    title=split_bilingual(f.get("title", "")),
                    description=split_bilingual(f.get("description", "")),
                    type=f.get("type", "any") + (f" ({f['format']})" if "format" in f else ""),
                    required=required,
                    constraints=tuple(
                        f"{key}: {json.dumps(value, ensure_ascii=False)}"
                        for key, value in sorted(constraints.items())
                    ),
                    codelist=codelist,
                )
            )
        primary = schema.get("primaryKey", [])
        docs.append(
            TableDoc(
                name=name,
                title=split_bilingual(resource.get("title", name)),
                description=split_bilingual(resource.get("description", "")),
                optional=name in OPTIONAL_TABLES,
                columns=tuple(columns),
                primary_key=tuple([primary] if isinstance(primary, str) else primary),
                foreign_keys=tuple(
                    (
                        tuple(_as_list(fk["fields"])),
                        fk["reference"].get("resource", "") or name,
                        tuple(_as_list(fk["reference"]["fields"])),
                    )
                    for fk in schema.get("foreignKeys", [])
                ),
            )
        )
    return docs


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


@dataclass(frozen=True)
class CodelistDoc:
    name: str
    rows: tuple[dict[str, str], ...]
    used_by: tuple[tuple[str, str], ...]  # (table, column)


def codelists(table_docs: list[TableDoc]) -> list[CodelistDoc]:
    return [
        CodelistDoc(
            name=name,
            rows=standard.codelist(name),
            used_by=tuple(
                (t.name, c.name) for t in table_docs for c in t.columns if c.codelist == name
            ),
        )
        for name in codelist_names()
    ]


@dataclass(frozen=True)
class RuleDoc:
    id: str
    ja: str
    en: str
    fix_ja: str
    fix_en: str


def rules() -> list[RuleDoc]:
    return [
        RuleDoc(rule_id, r.ja, r.en, r.fix_ja, r.fix_en) for rule_id, r in sorted(RULES.items())
    ]


@dataclass(frozen=True)
class ProfileDoc:
    name: str
    version: str
    prefix: str
    namespace: str
    used_by: tuple[str, ...]
    fields: tuple[
        tuple[str, str, str, tuple[str, str], str], ...
    ]  # table, column, type, title, IRI


def profile_schema_fields() -> tuple[tuple[str, tuple[str, str], tuple[str, str], bool], ...]:
    schema = standard.profile_json_schema()
    required = set(schema.get("required", []))
    return tuple(
        (
            key,
            split_bilingual(value.get("title", "")),
            split_bilingual(value.get("description", "")),
            key in required,
        )
        for key, value in schema.get("properties", {}).items()
    )


def diff_schema_parts() -> tuple[
    tuple[str, tuple[tuple[str, tuple[str, str], str, tuple[str, str], bool], ...]], ...
]:
    """The diff's JSON shape, part by part (the whole, then each of its `$defs`): each part's
    properties as (name, title, type, description, required)."""
    schema = standard.diff_json_schema()
    parts = [("diff", schema), *schema.get("$defs", {}).items()]

    def kind(value: dict[str, Any]) -> str:
        ref = value.get("$ref") or (value.get("items") or {}).get("$ref")
        types = value.get("type", "")
        shown = " | ".join(types) if isinstance(types, list) else str(types)
        return f"{shown} → {ref.rsplit('/', 1)[-1]}" if ref else shown

    return tuple(
        (
            name,
            tuple(
                (key, split_bilingual(value.get("title", "")), kind(value),
                 split_bilingual(value.get("description", "")), key in set(part.get("required", [])))
                for key, value in part.get("properties", {}).items()
            ),
        )
        for name, part in parts
    )  # fmt: skip


def profiles(in_use: list[tuple[str, Profile]]) -> list[ProfileDoc]:
    """The profiles of the packages built, each once (by name and version)."""
    by_key: dict[tuple[str, str], tuple[Profile, list[str]]] = {}
    for package_name, profile in in_use:
        entry = by_key.setdefault((profile.name, profile.version), (profile, []))
        entry[1].append(package_name)
    return [
        ProfileDoc(
            name=profile.name,
            version=profile.version,
            prefix=profile.prefix,
            namespace=profile.namespace,
            used_by=tuple(sorted(users)),
            fields=tuple(
                (
                    f.table,
                    f.column,
                    str(f.descriptor.get("type", "")),
                    split_bilingual(f.descriptor.get("title", "")),
                    profile.namespace + f.property,
                )
                for f in profile.fields
            ),
        )
        for (_name, _version), (profile, users) in sorted(by_key.items())
    ]


def short(iri: str) -> str:
    return curie(iri)
