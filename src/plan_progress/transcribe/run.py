"""`transcribe` end to end: check the PDF, read its pages, read the layout, write the draft."""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path

from plan_progress.core.csv_text import csv_bytes
from plan_progress.core.package import DESCRIPTOR
from plan_progress.core.problems import InvalidPackage, Problem
from plan_progress.model.scaffold import check_arguments, package_files, write_package
from plan_progress.transcribe.draft import PROVENANCE_FIELDS, Draft, build_draft
from plan_progress.transcribe.layouts import READERS, detect
from plan_progress.transcribe.reader import read_pages
from plan_progress.transcribe.safety import open_checked, read_checked, refuse

PROVENANCE = "data/provenance.csv"
DEFAULT_PLAN_ID = "plan"


@dataclass
class Result:
    draft: Draft
    layout: str
    pages: int
    seconds: float
    sha256: str
    written: list[Path]


def read_draft(
    pdf: Path, layout: str | None, code: str, name: str, plan_id: str
) -> tuple[Draft, str, int, str]:
    """The draft of `pdf` without writing anything: (draft, layout, pages, sha256)."""
    data = read_checked(pdf)
    document, pages = open_checked(pdf, data)
    document.close()  # type: ignore[attr-defined]
    read = read_pages(pdf, data)
    chosen = layout or detect(read)
    if chosen is None:
        raise refuse("transcribe.no-layout", pdf)
    reading = READERS[chosen](read)
    if not reading.entries and not reading.grades and not reading.legend:
        raise refuse("transcribe.no-layout", pdf)
    draft = build_draft(reading, plan_id, code, name)
    return draft, chosen, pages, hashlib.sha256(data).hexdigest()


def draft_files(
    draft: Draft, pdf: Path, sha256: str, code: str, name: str, plan_id: str, dir_name: str
) -> dict[str, bytes]:
    files = package_files(code, name, plan_id, dir_name)
    package = json.loads(files[DESCRIPTOR])
    for resource in package["resources"]:
        rows = draft.rows.get(resource["name"])
        if rows is None:
            continue
        header = [f["name"] for f in resource["schema"]["fields"]]
        files[resource["path"]] = csv_bytes(header, [[r.get(c, "") for c in header] for r in rows])
    package["resources"].append(
        {
            "name": "transcription-provenance",
            "path": PROVENANCE,
            "type": "table",
            "scheme": "file",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "title": "転記の出典（ページと位置） / where each drafted cell was printed",
            "schema": {"fields": PROVENANCE_FIELDS},
        }
    )
    package["sources"] = [
        {
            "title": pdf.name,
            "path": pdf.name,
            "mediatype": "application/pdf",
            "sha256": sha256,
        }
    ]
    files[DESCRIPTOR] = (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode()
    header = [f["name"] for f in PROVENANCE_FIELDS]
    files[PROVENANCE] = csv_bytes(header, draft.provenance)
    return files


def transcribe(
    pdf: Path,
    out: Path,
    code: str,
    name: str,
    plan_id: str | None = None,
    layout: str | None = None,
) -> Result:
    """Write the draft package of `pdf` at `out`; raise InvalidPackage, writing nothing."""
    plan_id = plan_id or DEFAULT_PLAN_ID
    problems = check_arguments(code, name, plan_id)
    if out.exists() and not (out.is_dir() and not any(out.iterdir())):
        problems.append(Problem("new.target-exists", str(out), params={"value": str(out)}))
    if problems:
        raise InvalidPackage(problems)
    started = time.perf_counter()
    draft, chosen, pages, sha256 = read_draft(pdf, layout, code, name, plan_id)
    files = draft_files(draft, pdf, sha256, code, name, plan_id, out.name)
    written = write_package(out, files)
    return Result(draft, chosen, pages, time.perf_counter() - started, sha256, written)
