"""The SPARQL service benchmark: `plan-progress serve` beside bare `oxigraph serve-read-only`.

    .venv/bin/python scripts/generate_corpus.py --count 1741 --out build/corpus
    .venv/bin/plan-progress build build/corpus/merged build/corpus/packages/*
    .venv/bin/python scripts/bench_sparql.py --output docs/benchmarks.md
    .venv/bin/python scripts/bench_sparql.py --quick     # the seed only, a smoke test

The logic is in src/plan_progress/scale/bench_sparql.py.
"""

from __future__ import annotations

import sys

from plan_progress.scale.bench_sparql import main

if __name__ == "__main__":
    sys.exit(main())
