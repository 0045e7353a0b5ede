"""Content negotiation for the endpoint's results formats."""

from __future__ import annotations

from plan_progress.sparql.negotiation import choose, parse_accept

OFFERED = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv"]


def test_no_header_takes_the_servers_first_choice() -> None:
    assert choose(None, OFFERED) == "application/sparql-results+json"
    assert choose("*/*", OFFERED) == "application/sparql-results+json"


def test_quality_and_specificity_order_the_ranges() -> None:
    assert parse_accept("text/*;q=0.5, text/csv, */*;q=0.1") == [
        ("text/csv", 1.0),
        ("text/*", 0.5),
        ("*/*", 0.1),
    ]
    assert choose("application/sparql-results+json;q=0.4, text/csv", OFFERED) == "text/csv"
    assert choose("text/*", OFFERED) == "text/csv"


def test_nothing_acceptable() -> None:
    assert choose("image/png", OFFERED) is None
    assert choose("text/csv;q=0", OFFERED) is None
    assert choose("text/csv;q=oops", OFFERED) is None
