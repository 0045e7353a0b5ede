"""The benchmark: each figure beside its baseline as a ratio, from one run on this machine.

    make bench                                  # full run; writes docs/benchmarks.md
    .venv/bin/python scripts/bench.py --quick   # tiny corpus, a smoke test

The logic is in src/plan_progress/bench.py (and bench_steps.py for the library steps).
"""

from __future__ import annotations

import sys

from plan_progress.scale.bench import main

if __name__ == "__main__":
    sys.exit(main())
