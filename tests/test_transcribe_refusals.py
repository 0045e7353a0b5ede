"""What `transcribe` cannot read, it says (issue 22): each refusal is a real crafted PDF, exits 1
with its rule id in Japanese and English, prints no traceback and writes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from browser import chromium
from conftest import REPO, run_cli
from hostile_pdfs import (
    JAVASCRIPT,
    bomb_pdf,
    encrypted_pdf,
    many_pages_pdf,
    raw_pdf,
    scanned_pdf,
    text_page_objects,
    with_javascript,
)
from plan_progress.transcribe import limits
from report_pdfs import print_pdf, table_html


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with chromium() as browser:
        yield print_pdf(browser, table_html(REPO), tmp_path_factory.mktemp("seed") / "seed.pdf")


def refused(pdf: Path, tmp_path: Path, rule: str, lang: str = "ja") -> str:
    out = tmp_path / "draft"
    done = run_cli(
        "transcribe",
        str(pdf),
        "--out",
        str(out),
        "--code",
        "092169",
        "--name",
        "下野市",
        "--lang",
        lang,
    )
    assert done.returncode == 1, done.stderr
    assert f"[{rule}]" in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert not out.exists(), "nothing is written"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".draft")] == []
    return done.stderr


def test_a_scanned_pdf_is_refused_with_the_way_forward(seed_pdf: Path, tmp_path: Path) -> None:
    scan = scanned_pdf(seed_pdf, tmp_path / "scan.pdf")
    said = refused(scan, tmp_path, "transcribe.no-text-layer")
    assert "OCR" in said and "plan-progress template" in said
    said = refused(scan, tmp_path, "transcribe.no-text-layer", lang="en")
    assert "OCR is out of scope" in said


def test_an_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    pdf = tmp_path / "locked.pdf"
    pdf.write_bytes(encrypted_pdf())
    assert "暗号化" in refused(pdf, tmp_path, "transcribe.encrypted")


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n" + bytes(range(256)) * 40,  # a header, then garbage
        b"<html><body>not a pdf</body></html>",  # another file renamed .pdf
        b"",
    ],
    ids=["garbage", "html", "empty"],
)
def test_a_malformed_pdf_is_refused(tmp_path: Path, data: bytes) -> None:
    pdf = tmp_path / "broken.pdf"
    pdf.write_bytes(data)
    refused(pdf, tmp_path, "transcribe.malformed")


def test_a_truncated_pdf_is_refused(seed_pdf: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "cut.pdf"
    pdf.write_bytes(seed_pdf.read_bytes()[:4000])
    refused(pdf, tmp_path, "transcribe.malformed")


def test_a_missing_pdf_is_named(tmp_path: Path) -> None:
    refused(tmp_path / "absent.pdf", tmp_path, "transcribe.not-found")


def test_too_many_pages_is_refused_before_reading_them(tmp_path: Path) -> None:
    pdf = many_pages_pdf(limits.MAX_PAGES + 1, tmp_path / "long.pdf")
    said = refused(pdf, tmp_path, "transcribe.too-many-pages")
    assert str(limits.MAX_PAGES) in said


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    pdf = tmp_path / "huge.pdf"
    with pdf.open("wb") as file:
        file.write(raw_pdf(text_page_objects(b"")))
        file.truncate(limits.MAX_FILE_BYTES + 1)  # sparse: cheap to make
    refused(pdf, tmp_path, "transcribe.too-large")


def test_a_decompression_bomb_is_refused(tmp_path: Path) -> None:
    pdf = tmp_path / "bomb.pdf"
    pdf.write_bytes(bomb_pdf(limits.MAX_STREAM_BYTES + 1))
    assert pdf.stat().st_size < 200_000  # small on disk, huge in memory
    refused(pdf, tmp_path, "transcribe.decompression-bomb")


def test_a_pdf_without_a_readable_table_is_refused(tmp_path: Path) -> None:
    pdf = tmp_path / "hello.pdf"
    pdf.write_bytes(raw_pdf(text_page_objects(b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET")))
    refused(pdf, tmp_path, "transcribe.no-layout")


def test_embedded_javascript_is_ignored(seed_pdf: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "script.pdf"
    pdf.write_bytes(with_javascript(seed_pdf.read_bytes()))
    out = tmp_path / "draft"
    done = run_cli(
        "transcribe", str(pdf), "--out", str(out), "--code", "092169", "--name", "下野市"
    )
    assert done.returncode == 0, done.stderr
    written = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file())
    assert b"app.alert" not in written and JAVASCRIPT not in written
    assert len((out / "data" / "progress-entries.csv").read_text().splitlines()) > 28


def test_an_existing_target_is_never_overwritten(seed_pdf: Path, tmp_path: Path) -> None:
    out = tmp_path / "draft"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    done = run_cli(
        "transcribe", str(seed_pdf), "--out", str(out), "--code", "092169", "--name", "下野市"
    )
    assert done.returncode == 1 and "[new.target-exists]" in done.stderr
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


def test_a_layout_hint_that_does_not_fit_the_pdf_is_refused(seed_pdf: Path, tmp_path: Path) -> None:
    out = tmp_path / "draft"
    done = run_cli(
        "transcribe",
        str(seed_pdf),
        "--out",
        str(out),
        "--code",
        "092169",
        "--name",
        "下野市",
        "--layout",
        "grades",
    )
    assert done.returncode == 1 and "[transcribe.no-layout]" in done.stderr
    assert "Traceback" not in done.stderr and not out.exists()


def test_a_wrong_layout_name_is_a_usage_error(seed_pdf: Path, tmp_path: Path) -> None:
    done = run_cli(
        "transcribe",
        str(seed_pdf),
        "--out",
        str(tmp_path / "d"),
        "--code",
        "092169",
        "--name",
        "下野市",
        "--layout",
        "scan",
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
