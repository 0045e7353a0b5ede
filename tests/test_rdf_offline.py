"""JSON-LD processing never reaches the network: only the shipped context resolves."""

from __future__ import annotations

import pytest
from pyld.jsonld import JsonLdError

from plan_progress.core.standard import CONTEXT_IRI, context_document
from plan_progress.rdf import jsonld_rdf as rdf


def test_the_published_context_loads_from_vocab() -> None:
    loaded = rdf.local_document_loader(CONTEXT_IRI)
    assert loaded["document"] == context_document()


def test_any_other_context_is_refused_without_a_request() -> None:
    document = {"@context": "https://example.org/remote-context.jsonld", "@id": "https://e/x"}
    with pytest.raises(JsonLdError) as raised:
        rdf.to_nquads(document)
    assert isinstance(root_cause(raised.value), rdf.OfflineContextError)


def root_cause(error: BaseException) -> BaseException:
    """pyld wraps errors in JsonLdError.cause; follow the chain to the first one raised."""
    while True:
        cause = getattr(error, "cause", None) or error.__cause__
        if not isinstance(cause, BaseException):
            return error
        error = cause


def test_ntriples_are_sorted_and_unique() -> None:
    text = rdf.ntriples("<b> <p> <o> .\n<a> <p> <o> .\n<a> <p> <o> .\n")
    assert text == "<a> <p> <o> .\n<b> <p> <o> .\n"
