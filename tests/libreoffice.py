"""Real LibreOffice (headless) renders a workbook to PDF, as a person opening it would see it
printed; pdftotext and pdfinfo (poppler) read the PDF back for the tests."""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from pathlib import Path

from system_tools import require_commands


def ensure_libreoffice() -> None:
    require_commands(
        {
            "soffice": "libreoffice-calc-nogui",
            "pdftotext": "poppler-utils",
            "pdftoppm": "poppler-utils",
        }
    )
    from browser import ensure_browser  # the CJK fonts come with the browser's set-up

    ensure_browser()


def to_pdf(document: Path, out_dir: Path, infilter: str | None = None) -> Path:
    """Convert with a private LibreOffice profile (so parallel runs never share one).
    `infilter` sets the import filter, e.g. "CSV:44,34,76,1" for a UTF-8 CSV (the choice a
    user makes in LibreOffice's CSV import dialog)."""
    ensure_libreoffice()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--norestore",
                *([f"--infilter={infilter}"] if infilter else []),
                "--convert-to",
                "pdf",
                "--outdir",
                str(out_dir),
                str(document),
            ],
            capture_output=True,
            text=True,
            timeout=240,
            env={**os.environ, "HOME": profile},
        )
    pdf = out_dir / (document.stem + ".pdf")
    assert result.returncode == 0 and pdf.is_file(), result.stdout + result.stderr
    return pdf


def pdf_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def pdf_to_png(
    pdf: Path, prefix: Path, first: int = 1, last: int = 2, resolution: int = 60
) -> list[Path]:
    prefix.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            str(resolution),
            "-f",
            str(first),
            "-l",
            str(last),
            str(pdf),
            str(prefix),
        ],
        check=True,
    )
    return sorted(prefix.parent.glob(prefix.name + "*.png"))
