"""The `diff` benchmark (two years' ~50,000-entry reports of one plan) against one `validate`.

    .venv/bin/python scripts/bench_diff.py --output docs/benchmarks.md
    .venv/bin/python scripts/bench_diff.py --quick

The logic is in src/plan_progress/scale/bench_diff.py.
"""

from __future__ import annotations

import sys

from plan_progress.scale.bench_diff import main

if __name__ == "__main__":
    sys.exit(main())
