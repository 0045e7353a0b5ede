"""Check a deployed review page and/or SPARQL endpoint against the attacks of issue 24.

    .venv/bin/python scripts/abuse_check.py --review http://127.0.0.1:8000/ \
        --sparql http://127.0.0.1:7878/sparql --timeout 30

Loopback targets only, unless --allow-remote. The logic is in src/plan_progress/abuse/.
"""

from __future__ import annotations

import sys

from plan_progress.abuse.report import main

if __name__ == "__main__":
    sys.exit(main())
