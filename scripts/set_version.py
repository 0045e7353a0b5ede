"""Set the one version string and carry it into every file that states it.

    python scripts/set_version.py 0.2.0 && make build

The version lives in src/plan_progress/core/version.py; the vocabulary, shapes, JSON Schema,
and datapackage.json repeat it because their readers cannot import Python. The test
tests/test_version.py fails, naming this command, when any of them disagrees.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEMVER = re.compile(r"^[0-9]+\.[0-9]+\.[0-9]+$")
_VERSIONED = re.compile(r"(?<=/)[0-9]+\.[0-9]+\.[0-9]+(?=[/.\"'>])")

FILES = {
    "src/plan_progress/core/version.py": [
        (re.compile(r'__version__ = "[^"]+"'), '__version__ = "{v}"')
    ],
    "vocab/plan-progress.ttl": [(re.compile(r'owl:versionInfo "[^"]+"'), 'owl:versionInfo "{v}"')],
    "vocab/shapes.ttl": [(re.compile(r'owl:versionInfo "[^"]+"'), 'owl:versionInfo "{v}"')],
    "datapackage.json": [
        (re.compile(r'"version": "[^"]+"'), '"version": "{v}"'),
        (re.compile(r'"standardVersion": "[^"]+"'), '"standardVersion": "{v}"'),
    ],
    "schema/progress-report.schema.json": [],
    "CITATION.cff": [(re.compile(r'^version: "[^"]+"$', re.M), 'version: "{v}"')],
    "schema/profile.schema.json": [],
    "schema/catalog-metadata.schema.json": [],
    "schema/diff.schema.json": [],
}
IRI_HOST = "w3id.org/plan-progress/"


def files() -> dict[str, list]:
    """The fixed files, plus every example package, real record and profile (they state the
    version of the standard they follow)."""
    found = dict(FILES)
    for descriptor in sorted(ROOT.glob("examples/*/datapackage.json")):
        found[str(descriptor.relative_to(ROOT))] = FILES["datapackage.json"]
    # The real records state the standard version only (their `version` is the dataset's).
    for descriptor in sorted(ROOT.glob("tests/records/*/datapackage.json")):
        found[str(descriptor.relative_to(ROOT))] = FILES["datapackage.json"][1:]
    for profile in sorted(ROOT.glob("examples/*/profiles/*.json")):
        found[str(profile.relative_to(ROOT))] = [
            (re.compile(r'"standardVersion": "[^"]+"'), '"standardVersion": "{v}"')
        ]
    return found


def set_version(version: str) -> list[str]:
    changed = []
    for relpath, substitutions in files().items():
        path = ROOT / relpath
        text = path.read_text(encoding="utf-8")
        new = text
        for pattern, template in substitutions:
            new = pattern.sub(template.format(v=version), new)
        # Versioned IRIs of the standard: .../ns/0.1.0, .../schema/0.1.0/..., .../context/0.1.0.jsonld
        new = "\n".join(
            _VERSIONED.sub(version, line) if IRI_HOST in line else line for line in new.split("\n")
        )
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(relpath)
    return changed


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not SEMVER.match(argv[0]):
        print("usage: python scripts/set_version.py MAJOR.MINOR.PATCH", file=sys.stderr)
        return 2
    for relpath in set_version(argv[0]):
        print(f"updated {relpath}")
    print("now run: make build")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
