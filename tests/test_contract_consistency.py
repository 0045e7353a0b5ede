"""The contracts agree: context <-> vocabulary <-> JSON Schema <-> Table Schemas <-> SHACL."""

from __future__ import annotations

import json
import re

import pytest
from rdflib import OWL, RDF, RDFS, XSD, Graph, Namespace, URIRef
from rdflib.collection import Collection

from conftest import REPO
from plan_progress.core import standard
from plan_progress.model.mapping import CLASS_MAPS, REUSED_TERMS, class_map

SH = Namespace("http://www.w3.org/ns/shacl#")
VOCAB = Graph().parse(standard.vocab_path(), format="turtle")
SHAPES = Graph().parse(standard.shapes_path(), format="turtle")
CONTEXT = standard.context_document()["@context"]
SCHEMA = standard.json_schema()
# The documents: a report's (its node's class is ProgressReport) or a plan's on its own (the
# Plan node itself, with the document's two keys beside it).
DOCUMENTS = {"ReportDocument", "PlanDocument"}
DEFS = {
    **{k: v for k, v in SCHEMA["$defs"].items() if k not in DOCUMENTS},
    "ProgressReport": SCHEMA["$defs"]["ReportDocument"],
}
DESCRIPTOR = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
TABLES = {r["name"]: r for r in DESCRIPTOR["resources"] if r.get("type") == "table"}
NODE_KEYS = {"id", "type"}
# Keys whose presence creates the node: a Confirmation exists only when a body confirmed it.
NODE_TRIGGERS = {"Confirmation": {"confirmedBy"}}


def expand(curie: str) -> str:
    prefix, _, local = curie.partition(":")
    return CONTEXT[prefix] + local if prefix in CONTEXT and not local.startswith("//") else curie


def term_iri(key: str) -> str:
    value = CONTEXT[key]
    return expand(value["@id"] if isinstance(value, dict) else value)


TERMS = {
    key: term_iri(key)
    for key, value in CONTEXT.items()
    if not key.startswith("@")
    and not (isinstance(value, str) and (value.startswith("@") or value.endswith(("#", "/"))))
}
KEY_OF = {}
for _key, _iri in TERMS.items():
    KEY_OF.setdefault(_iri, _key)


def labels(iri: str, prop) -> str:
    by_lang = {o.language: str(o) for o in VOCAB.objects(URIRef(iri), prop)}
    return f"{by_lang['ja']} / {by_lang['en']}"


def test_every_context_term_is_a_vocabulary_term() -> None:
    for key, iri in TERMS.items():
        if key in REUSED_TERMS:
            assert iri == REUSED_TERMS[key], key  # rdfs:label, skos:notation: not ours
            continue
        assert (URIRef(iri), RDFS.isDefinedBy, URIRef(standard.ONTOLOGY_IRI)) in VOCAB, key


def test_every_vocabulary_term_is_reachable_from_the_context() -> None:
    defined = {str(s) for s in VOCAB.subjects(RDFS.isDefinedBy, URIRef(standard.ONTOLOGY_IRI))}
    assert defined == set(TERMS.values()) - set(REUSED_TERMS.values())


def test_inverse_properties_are_declared_both_ways() -> None:
    pairs = list(VOCAB.subject_objects(OWL.inverseOf))
    assert len(pairs) >= 8
    for a, b in pairs:
        assert (b, OWL.inverseOf, a) in VOCAB or (a, OWL.inverseOf, b) in VOCAB
        assert VOCAB.value(a, RDFS.domain) == VOCAB.value(b, RDFS.range), (a, b)
        assert VOCAB.value(a, RDFS.range) == VOCAB.value(b, RDFS.domain), (a, b)


def test_reused_terms_are_language_maps_or_plain_strings() -> None:
    assert CONTEXT["label"] == {"@id": "rdfs:label", "@container": "@language"}
    assert CONTEXT["notation"] == {"@id": "skos:notation"}


@pytest.mark.parametrize(
    "key", sorted(k for k in TERMS if k[0].islower() and k not in REUSED_TERMS)
)
def test_context_coercion_matches_the_vocabulary_range(key: str) -> None:
    definition = CONTEXT[key]
    iri = URIRef(TERMS[key])
    kinds = set(VOCAB.objects(iri, RDF.type))
    ranges = set(VOCAB.objects(iri, RDFS.range))
    if definition.get("@type") == "@id":
        assert OWL.ObjectProperty in kinds
    else:
        assert OWL.DatatypeProperty in kinds
        if "@language" in definition:
            assert ranges == {RDF.langString}
        elif "@type" in definition:
            assert ranges == {URIRef(expand(definition["@type"]))}
        else:
            assert ranges == {XSD.string}


# $defs that describe no class: profile values merged into other nodes by id.
NOT_CLASSES = {"ExtensionNode"}


def schema_classes() -> list[str]:
    return sorted(set(DEFS) - NOT_CLASSES)


@pytest.mark.parametrize("cls", schema_classes())
def test_json_schema_keys_map_to_documented_terms(cls: str) -> None:
    definition = DEFS[cls]
    assert definition["title"] == labels(TERMS[cls], RDFS.label)
    assert definition["description"] == labels(TERMS[cls], RDFS.comment)
    for key, prop in definition["properties"].items():
        assert prop.get("title") and prop.get("description"), (cls, key)
        if key in NODE_KEYS or key.startswith("@") or key == "included":
            continue
        assert key in TERMS, (cls, key)
        if key in REUSED_TERMS:
            # Not our terms: documented once, the same in every class.
            first = next(d for d in DEFS.values() if key in d.get("properties", {}))
            assert prop["title"] == first["properties"][key]["title"], (cls, key)
            assert prop["description"] == first["properties"][key]["description"], (cls, key)
            continue
        assert prop["title"] == labels(TERMS[key], RDFS.label), (cls, key)
        assert prop["description"] == labels(TERMS[key], RDFS.comment), (cls, key)


def test_a_plan_document_is_the_plan_node_with_the_document_keys() -> None:
    plan, document = SCHEMA["$defs"]["Plan"], SCHEMA["$defs"]["PlanDocument"]
    report = SCHEMA["$defs"]["ReportDocument"]["properties"]
    assert list(document["properties"]) == ["@context", *plan["properties"], "included"]
    for key, prop in plan["properties"].items():
        assert document["properties"][key] == prop, key
    for key in ("@context", "included"):
        assert document["properties"][key]["title"] == report[key]["title"] or key == "included"
    assert document["required"] == ["@context", *plan["required"]]
    assert document["additionalProperties"] is False


def json_schema_every_property():
    def walk(node):
        if isinstance(node, dict):
            for key, value in node.get("properties", {}).items():
                yield key, value
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    return list(walk(SCHEMA))


def test_every_json_schema_property_has_bilingual_title_and_description() -> None:
    properties = json_schema_every_property()
    assert len(properties) > 40
    for key, prop in properties:
        for word in ("title", "description"):
            ja, sep, en = prop[word].partition(" / ")
            assert sep and ja and en, (key, word)
            assert any(ord(c) > 0x3000 for c in ja), (key, word)
            assert re.match(r"[A-Za-z]", en), (key, word)  # may quote a Japanese term later on


def shape_for(cls: str):
    (shape,) = SHAPES.subjects(SH.targetClass, URIRef(TERMS[cls]))
    return shape


def shape_properties(cls: str) -> dict[str, dict]:
    """Property shapes of a class, keyed by property IRI."""
    result = {}
    for prop in SHAPES.objects(shape_for(cls), SH.property):
        path = str(SHAPES.value(prop, SH.path))
        listed = SHAPES.value(prop, SH["in"])
        result[path] = {
            "required": int(SHAPES.value(prop, SH.minCount) or 0) >= 1,
            "pattern": SHAPES.value(prop, SH.pattern),
            "in": [str(x) for x in Collection(SHAPES, listed)] if listed else None,
        }
    return result


def json_keys(cls: str) -> set[str]:
    return {k for k in DEFS[cls]["properties"] if k not in NODE_KEYS and not k.startswith("@")} - {
        "included"
    }


def json_required(cls: str) -> set[str]:
    return set(DEFS[cls]["required"]) - NODE_KEYS - {"@context", "included"}


@pytest.mark.parametrize("cls", schema_classes())
def test_shacl_and_json_schema_agree_on_properties_and_requirements(cls: str) -> None:
    # Several keys may share one property in different languages (title / titleEn).
    shape = shape_properties(cls)
    assert set(shape) == {TERMS[k] for k in json_keys(cls)}
    assert {iri for iri, v in shape.items() if v["required"]} == {
        TERMS[k] for k in json_required(cls)
    }


# Columns a table requires although the JSON Schema does not: a yearly value needs its
# year in the table, while a Measurement in general (a baseline without a year) does not.
# The e-Stat link follows from the required municipality code, but only for a real
# prefecture (01-47); the fictional examples (prefecture 99) have none.
TABLE_ONLY_REQUIRED = {"Measurement": {"fiscalYear"}, "Plan": {"standardAreaCode"}}


@pytest.mark.parametrize("mapping", CLASS_MAPS, ids=lambda m: m.json_type)
def test_table_schema_and_json_schema_agree_on_requirements(mapping) -> None:
    required = json_required(mapping.json_type) - NODE_TRIGGERS.get(mapping.json_type, set())
    fields = {f["name"]: f for f in TABLES[mapping.table]["schema"]["fields"]}
    columns = {**mapping.literals, **mapping.references, **mapping.links}
    assert set(columns) | set(mapping.structural) == json_keys(mapping.json_type)
    assert set(columns.values()) <= set(fields), mapping.json_type
    from_table = {
        key
        for key, column in columns.items()
        if fields[column].get("constraints", {}).get("required")
    } - NODE_TRIGGERS.get(mapping.json_type, set())
    from_table -= TABLE_ONLY_REQUIRED.get(mapping.json_type, set())
    from_structure = {key for key, needed in mapping.structural.items() if needed}
    assert from_table | from_structure == required


@pytest.mark.parametrize(
    ("codelist", "cls", "key"),
    [
        ("report-status", "ProgressReport", "status"),
        ("actor-type", "Actor", "actorType"),
        ("item-type", "Initiative", "itemType"),
        ("responsibility-role", "Responsibility", "role"),
        ("assessor-type", "GradeScale", "assessor"),
        ("value-status", "Measurement", "valueStatus"),
        ("scale-type", "GradeScale", "scaleType"),
    ],
)
def test_codelists_enums_and_shacl_lists_agree(codelist: str, cls: str, key: str) -> None:
    codes = [row["code"] for row in standard.codelist(codelist)]
    mapping = class_map(cls)
    field = next(
        f for f in TABLES[mapping.table]["schema"]["fields"] if f["name"] == mapping.literals[key]
    )
    assert field["constraints"]["enum"] == codes
    assert DEFS[cls]["properties"][key]["enum"] == codes
    assert shape_properties(cls)[TERMS[key]]["in"] == codes


@pytest.mark.parametrize(
    ("cls", "key"), [("Plan", "municipalityCode"), ("Actor", "corporateNumber")]
)
def test_patterns_agree(cls: str, key: str) -> None:
    mapping = class_map(cls)
    field = next(
        f for f in TABLES[mapping.table]["schema"]["fields"] if f["name"] == mapping.literals[key]
    )
    pattern = field["constraints"]["pattern"]
    assert DEFS[cls]["properties"][key]["pattern"] == pattern
    assert str(shape_properties(cls)[TERMS[key]]["pattern"]) == pattern


def test_table_schema_fields_have_bilingual_titles() -> None:
    for table in TABLES.values():
        for field in table["schema"]["fields"]:
            ja, sep, en = field["title"].partition(" / ")
            assert sep and ja and en, (table["name"], field["name"])
            assert field.get("description"), (table["name"], field["name"])
