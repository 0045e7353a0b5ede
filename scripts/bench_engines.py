"""The embedded store and Virtuoso side by side at growing size (load, size, cookbook p50).

    .venv/bin/python scripts/generate_corpus.py --count 1741 --out build/corpus
    .venv/bin/plan-progress build build/corpus/merged
    .venv/bin/python scripts/generate_corpus.py --count 17410 --out build/corpus500k
    .venv/bin/plan-progress build build/corpus500k/merged
    .venv/bin/python scripts/bench_engines.py build/corpus/merged build/corpus500k/merged \\
        --output docs/benchmarks.md

Needs Virtuoso (Debian: apt-get install virtuoso-opensource-7-bin). The logic is in
src/plan_progress/scale/bench_engines.py.
"""

from __future__ import annotations

import sys

from plan_progress.scale.bench_engines import main

if __name__ == "__main__":
    sys.exit(main())
