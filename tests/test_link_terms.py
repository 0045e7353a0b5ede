"""The two link terms added for researchers are stated alike in every contract file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDFS, SKOS

PP = Namespace("https://w3id.org/plan-progress/ns#")
ONTOLOGY = URIRef("https://w3id.org/plan-progress/ns")
SH = Namespace("http://www.w3.org/ns/shacl#")

# JSON key -> (vocabulary term, class in the JSON Schema)
TERMS = {
    "standardAreaCode": ("standardAreaCode", "Plan"),
    "corporateInfo": ("corporateInfo", "Actor"),
}


def labels(graph: Graph, term: URIRef, prop: URIRef) -> dict[str, str]:
    return {lit.language: str(lit) for lit in graph.objects(term, prop) if isinstance(lit, Literal)}


@pytest.mark.parametrize("key", sorted(TERMS))
def test_term_is_described_in_vocabulary_context_shapes_and_schema(key: str, root: Path) -> None:
    local, schema_class = TERMS[key]
    term = PP[local]
    vocab = Graph().parse(root / "vocab/plan-progress.ttl", format="turtle")
    label, comment = labels(vocab, term, RDFS.label), labels(vocab, term, RDFS.comment)
    assert set(label) == set(comment) == {"ja", "en"}
    assert (term, RDFS.isDefinedBy, ONTOLOGY) in vocab
    assert (term, RDF.type, OWL.ObjectProperty) in vocab
    alignments = set(vocab.objects(term, SKOS.closeMatch)) | set(
        vocab.objects(term, RDFS.subPropertyOf)
    )
    assert alignments

    context = json.loads((root / "vocab/context.jsonld").read_text(encoding="utf-8"))["@context"]
    assert context[key] == {"@id": f"pp:{local}", "@type": "@id"}

    shapes = Graph().parse(root / "vocab/shapes.ttl", format="turtle")
    constraint = shapes.value(predicate=SH.path, object=term)
    assert constraint is not None and shapes.value(constraint, SH.nodeKind) == SH.IRI

    schema = json.loads((root / "schema/progress-report.schema.json").read_text(encoding="utf-8"))
    prop = schema["$defs"][schema_class]["properties"][key]
    assert prop["title"] == f"{label['ja']} / {label['en']}"
    assert prop["description"] == f"{comment['ja']} / {comment['en']}"
    # What SHACL requires (minCount 1), the JSON Schema requires too.
    required_in_shapes = shapes.value(constraint, SH.minCount) is not None
    assert required_in_shapes == (key in schema["$defs"][schema_class]["required"])
