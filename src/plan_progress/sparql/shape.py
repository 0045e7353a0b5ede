"""How deeply a query nests and how many tokens it has, measured before any parser sees it.

Parsers of SPARQL recurse once per nested group, bracket or prefix operator. A query of
~5,000 nested `(` or ~20,000 `!` once overflowed the engine's stack and killed it, and 64
nested `{` exhaust rdflib's recursion (the SERVICE check). Real queries nest a few levels:
the cookbook's deepest is under 10. So the front measures the depth with a plain scan
(strings, IRIs and comments skipped, as they nest nothing) and refuses a deep query
before the engine or rdflib is asked to parse it. Long flat chains overflow the engine too
(a few thousand triple patterns, UNION branches, `||` or `/` steps in one query: it parses
and plans them recursively), so the number of tokens is bounded as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A string (long forms first), an IRI, a comment, or one character that matters.
_SCAN = re.compile(
    r"""'''(?:[^'\\]|\\.|'(?!''))*'''
      | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
      | '(?:[^'\\\n\r]|\\.)*'
      | "(?:[^"\\\n\r]|\\.)*"
      | <[^<>"{}|^`\\\x00-\x20]*>
      | \#[^\r\n]*
      | (?P<open>[({\[])
      | (?P<close>[)}\]])
      | (?P<bang>!(?!=))
      | (?P<other>[^'"<#(){}\[\]!]+|.)""",
    re.VERBOSE | re.DOTALL,
)


# The engine's parser survived 3,000 nested `(` and 3,000 triple patterns in a test and died
# at ~5,000 (the embedded store in `query` too); the cookbook's deepest query nests 6 levels
# and has 112 tokens.
MAX_DEPTH = 128
MAX_TOKENS = 4_000


class QueryTooLarge(Exception):
    """A query refused for its shape: the rule id and the message's parameters."""

    def __init__(self, rule: str, **params: int) -> None:
        super().__init__(rule)
        self.rule, self.params = rule, params


@dataclass(frozen=True)
class QueryShape:
    depth: int  # the deepest nesting of brackets, with a run of prefix `!` counted on top
    tokens: int  # terms, keywords, operators and punctuation


def query_shape(query: str) -> QueryShape:
    depth = deepest = bangs = tokens = 0
    for match in _SCAN.finditer(query):
        kind = match.lastgroup
        if kind == "open":
            depth += 1
            bangs = 0
        elif kind == "close":
            depth = max(0, depth - 1)
            bangs = 0
        elif kind == "bang":
            bangs += 1  # each `!` nests what follows it
        elif kind == "other":
            words = len(match.group().split())
            if words:
                bangs = 0
            tokens += words
            continue
        tokens += 1
        deepest = max(deepest, depth + bangs)
    return QueryShape(deepest, tokens)


def check_shape(query: str, max_depth: int = MAX_DEPTH, max_tokens: int = MAX_TOKENS) -> QueryShape:
    """The query's shape; QueryTooLarge when it nests too deeply or has too many tokens."""
    shape = query_shape(query)
    if shape.depth > max_depth:
        raise QueryTooLarge("query.too-deep", depth=shape.depth, limit=max_depth)
    if shape.tokens > max_tokens:
        raise QueryTooLarge("query.too-long", count=shape.tokens, limit=max_tokens)
    return shape
