"""Every vocabulary term is documented in Japanese and English and defined by the ontology."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef

from plan_progress.core import standard
from plan_progress.core.version import __version__

PP = Namespace(standard.VOCAB_NS)
ONTOLOGY = URIRef(standard.ONTOLOGY_IRI)
VOCAB = Graph().parse(standard.vocab_path(), format="turtle")
TERMS = sorted(
    {s for s in VOCAB.subjects() if isinstance(s, URIRef) and s.startswith(standard.VOCAB_NS)}
)
# Namespaces the design brief names; alignments must point into one of them.
KNOWN_NAMESPACES = (
    "http://www.w3.org/ns/org#",
    "http://data.europa.eu/m8g/",
    "http://www.w3.org/2004/02/skos/core#",
    "http://www.w3.org/ns/prov#",
    "http://purl.org/dc/terms/",
    "http://www.w3.org/ns/dcat#",
    "https://schema.org/",
    "http://imi.go.jp/ns/core/rdf#",
    "http://www.w3.org/2000/01/rdf-schema#",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://purl.org/linked-data/cube#",
)


def test_ontology_carries_the_version() -> None:
    assert VOCAB.value(ONTOLOGY, OWL.versionInfo) == Literal(__version__)
    assert VOCAB.value(ONTOLOGY, OWL.versionIRI) == URIRef(f"{standard.ONTOLOGY_IRI}/{__version__}")


def test_there_are_terms() -> None:
    assert len(TERMS) >= 30
    assert PP.ProgressEntry in TERMS and PP.progress in TERMS and PP.issue in TERMS


@pytest.mark.parametrize("term", TERMS, ids=lambda t: t.split("#")[-1])
def test_term_is_documented_in_ja_and_en(term: URIRef) -> None:
    for prop in (RDFS.label, RDFS.comment):
        languages = sorted(o.language for o in VOCAB.objects(term, prop))
        assert languages == ["en", "ja"], (term, prop)
    assert (term, RDFS.isDefinedBy, ONTOLOGY) in VOCAB
    kinds = set(VOCAB.objects(term, RDF.type))
    assert kinds & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}, term


@pytest.mark.parametrize("term", TERMS, ids=lambda t: t.split("#")[-1])
def test_alignments_point_to_known_vocabularies(term: URIRef) -> None:
    for prop in (RDFS.subClassOf, RDFS.subPropertyOf, SKOS.closeMatch, SKOS.exactMatch):
        for target in VOCAB.objects(term, prop):
            assert str(target).startswith(KNOWN_NAMESPACES), (term, target)


def test_every_class_is_aligned_or_explained() -> None:
    classes = set(VOCAB.subjects(RDF.type, OWL.Class))
    for cls in classes:
        assert set(VOCAB.objects(cls, RDFS.subClassOf)) | set(
            VOCAB.objects(cls, SKOS.closeMatch)
        ), cls
