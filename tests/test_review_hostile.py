"""Hostile uploads and requests (issue 24, round 2) against the real server, `plan-progress
review` (waitress) and gunicorn: each attack as a stranger would send it, and the defence
proven by the answer, the time it took and the memory of the server and its children.

The workbooks are made by openpyxl (the template), then edited at the zip level, small on
disk (`review_inputs`). Before the defences: a row of cells in column XFD took 9 s and
+199 MiB for 89 KiB, a million shared strings 21 s and +106 MiB, 8 uploads made the start
page wait 13.6 s, 30,000 extra columns made a 9 MiB page."""

from __future__ import annotations

import concurrent.futures
import csv
import io
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

import review_inputs as inputs
from review_server import (
    SERVER_PIDS,
    PeakMemory,
    Visitor,
    gunicorn_server,
    review_server,
    tree_memory,
)

MIB = 1024 * 1024


@pytest.fixture(scope="module")
def uploads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile-uploads")


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, uploads: Path) -> Iterator[str]:
    store = tmp_path_factory.mktemp("hostile-review") / "store"
    with review_server(store, {"PP_REVIEW_MAX_UPLOAD": str(4 * MIB)}) as url:
        # One ordinary review first: the server's memory then includes every module a
        # review loads, so what an attack adds is measured apart from start-up.
        visitor = Visitor(url)
        visitor.result_url(visitor.upload(inputs.good_workbook(uploads)))
        yield url


@pytest.fixture(scope="module")
def ordinary(base: str, uploads: Path) -> tuple[float, int]:
    """What an ordinary review costs (the Shimotsuke workbook): (seconds, memory growth)."""
    page, took, growth = attack(base, inputs.good_workbook(uploads))
    assert "問題は見つかりませんでした" in page
    return took, growth


def attack(base: str, upload: Path) -> tuple[str, float, int]:
    """Upload `upload`, wait for its results: (result page, seconds, the highest growth of
    the memory of the server and its children). Each review runs in a child process that
    ends with it: afterwards the server is back to its memory before."""
    visitor = Visitor(base)
    visitor.token()
    with PeakMemory(SERVER_PIDS[base]) as memory:
        started = time.monotonic()
        url = visitor.result_url(visitor.upload(upload))
        page = visitor.session.get(url, timeout=30)
        took = time.monotonic() - started
    assert page.status_code == 200
    after = tree_memory(SERVER_PIDS[base])
    assert after - memory.start < 30 * MIB, (after - memory.start) / MIB
    print(f"{upload.name}: {took:.2f} s, +{memory.growth / MIB:.0f} MiB")  # shown with -s
    return page.text, took, memory.growth


# ---- 6. wide rows ----


def test_a_value_in_column_xfd_is_refused_at_its_cell_without_padding_rows(
    base: str, uploads: Path
) -> None:
    upload = inputs.wide_rows_workbook(uploads, 20_000, value=True)
    assert upload.stat().st_size < 256 * 1024
    page, took, growth = attack(base, upload)
    assert "limit.columns" in page
    assert "セル XFD31 に値があります" in page and "progress-entries" in page
    assert took < 5 and growth < 40 * MIB, (took, growth / MIB)


def test_empty_styled_cells_in_column_xfd_are_not_read(
    base: str, uploads: Path, ordinary: tuple[float, int]
) -> None:
    """20,000 rows each with an empty styled cell in XFD: openpyxl would pad each row to
    16,384 cells (2,000 such rows: 15 s, 328 MiB); only the table's columns are read, and
    the review costs about what an ordinary one does."""
    upload = inputs.wide_rows_workbook(uploads, 20_000, value=False)
    page, took, growth = attack(base, upload)
    assert "問題は見つかりませんでした" in page
    assert took < 2 * ordinary[0] + 5, (took, ordinary)
    assert growth < ordinary[1] + 40 * MIB, (growth / MIB, ordinary[1] / MIB)


# ---- 7. shared strings ----


def test_a_million_shared_strings_are_refused_by_the_compression_ratio(
    base: str, uploads: Path
) -> None:
    upload = inputs.shared_strings_workbook(uploads, 1_000_000, distinct=False)
    assert upload.stat().st_size < 200 * 1024
    page, took, growth = attack(base, upload)
    assert "limit.compression" in page and "xl/sharedStrings.xml" in page
    assert took < 5 and growth < 40 * MIB, (took, growth / MIB)


def test_too_many_distinct_shared_strings_are_refused_by_their_number(
    base: str, uploads: Path
) -> None:
    upload = inputs.shared_strings_workbook(uploads, 200_001, distinct=True)
    page, took, growth = attack(base, upload)
    assert "limit.shared-strings" in page and "200000" in page
    assert took < 8 and growth < 60 * MIB, (took, growth / MIB)


# ---- 9. findings capped on the pages, complete in the files ----


def test_thirty_thousand_extra_columns_give_short_pages_and_a_complete_csv(
    base: str, uploads: Path
) -> None:
    upload = inputs.extra_columns_package_zip(uploads, 30_000)
    assert upload.stat().st_size < 400 * 1024
    visitor = Visitor(base)
    url = visitor.result_url(visitor.upload(upload))
    # The pages read only the listed findings (stored apart), not the 30,000.
    page, todo = (visitor.session.get(url + path, timeout=30) for path in ("", "todo"))
    assert page.elapsed.total_seconds() < 1 and todo.elapsed.total_seconds() < 1
    assert len(page.content) < 200 * 1024 and len(todo.content) < 200 * 1024
    assert page.text.count("<tr>\n<td>data/plans.csv</td>") == 50
    assert "ほかに 29950 件あります" in page.text
    assert "ほかに 29950 件あり、すべては結果の CSV・JSON にあります" in todo.text
    english = visitor.session.get(url + "?lang=en", timeout=30).text
    assert "29950 more of this rule are not listed here" in english
    report = visitor.session.get(url + "report.csv", timeout=30).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(report)))
    assert len(rows) == 30_000 and rows[-1]["規則"] == "table.header"
    assert len(visitor.session.get(url + "report.json", timeout=30).json()["problems"]) == 30_000


# ---- 10. a zip entry that is a file and a folder ----


def test_a_file_that_is_also_a_folder_in_the_zip_is_named(base: str, uploads: Path) -> None:
    page, _, _ = attack(base, inputs.file_and_folder_zip(uploads))
    assert "review.zip-entry-clash" in page and "review.internal" not in page
    assert "shimotsuke/data/plans.csv」はファイルとしてもフォルダーとしても" in page


# ---- 11. security headers on every answer, the host checked on every method ----


def _guarded(response: requests.Response) -> None:
    policy = response.headers.get("Content-Security-Policy", "")
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy, (
        response.status_code
    )
    assert response.headers.get("X-Frame-Options") == "DENY"
    assert response.headers.get("X-Content-Type-Options") == "nosniff"


def test_every_answer_carries_the_security_headers(base: str, tmp_path: Path) -> None:
    big = tmp_path / "big.xlsx"
    big.write_bytes(b"0" * (5 * MIB))  # over the page's limit (4 MiB), under the server's
    too_large = Visitor(base).upload(big)
    assert too_large.status_code == 413
    for response in (
        too_large,
        requests.get(base, timeout=30),
        requests.get(base + "r/" + "A" * 32 + "/", timeout=30),
        requests.get(base + "no-such-page", timeout=30),
        requests.get(base, headers={"Host": "evil.example"}, timeout=30),
    ):
        _guarded(response)


@pytest.mark.parametrize("method", ["GET", "HEAD", "POST", "OPTIONS"])
def test_a_foreign_host_is_refused_for_every_method(base: str, method: str) -> None:
    for host in ("evil.example", "evil.example:80", "127.0.0.1.evil.example"):
        response = requests.request(method, base, headers={"Host": host}, timeout=30)
        assert response.status_code == 400, (method, host)
        _guarded(response)
    assert requests.get(base, timeout=30).status_code == 200


# ---- 14. a formula's saved result ----


def test_a_formulas_saved_result_is_imported_with_a_warning_at_its_cell(
    base: str, uploads: Path
) -> None:
    page, _, _ = attack(base, inputs.formula_result_workbook(uploads))
    assert "問題は見つかりませんでした" in page  # a warning leaves the data publishable
    assert "import.formula-value" in page
    assert "セル H3 は数式です。保存されていた計算結果「2021」" in page


# ---- 8. the pages answer at once whatever the uploads ----


def _page_times(url: str, pages: list[str], until: float) -> list[float]:
    """How long each GET of `pages` took, asked in turn until `until` (monotonic)."""
    times = []
    session = requests.Session()
    while time.monotonic() < until:
        for page in pages:
            started = time.monotonic()
            assert session.get(url + page, timeout=30).status_code in (200, 404)
            times.append(time.monotonic() - started)
        time.sleep(0.05)
    return times


def test_a_full_queue_answers_503_at_once_and_pages_stay_fast(
    uploads: Path, tmp_path: Path
) -> None:
    """One review at a time, three waiting: of 8 uploads at once, the rest are refused with
    503 at once; the start page answers within a second all along."""
    good = inputs.good_workbook(uploads)
    extra = {"PP_REVIEW_AT_ONCE": "1", "PP_REVIEW_QUEUE": "3"}
    with review_server(tmp_path / "store", extra) as url:
        visitors = [Visitor(url) for _ in range(8)]
        for visitor in visitors:
            visitor.token()

        def send(visitor: Visitor) -> tuple[requests.Response, float]:
            started = time.monotonic()
            response = visitor.upload(good)
            return response, time.monotonic() - started

        with PeakMemory(SERVER_PIDS[url]) as memory:
            with concurrent.futures.ThreadPoolExecutor(max_workers=9) as pool:
                sent = list(pool.map(send, visitors))
                accepted = [
                    (v, r) for v, (r, _) in zip(visitors, sent, strict=True) if r.status_code == 303
                ]
                waiting = requests.compat.urljoin(url, accepted[-1][1].headers["Location"])
                times = pool.submit(
                    _page_times, url, ["", waiting.removeprefix(url)], time.monotonic() + 6
                ).result()
            for visitor, response in accepted:
                assert (
                    "問題は見つかりませんでした"
                    in visitor.session.get(visitor.result_url(response)).text
                )
        refused = [(r, took) for r, took in sent if r.status_code == 503]
        assert 1 <= len(accepted) <= 5 and len(refused) == 8 - len(accepted), [
            r.status_code for r, _ in sent
        ]
        for response, took in refused:
            assert took < 2 and "混み合っていて" in response.text
            assert response.headers["Retry-After"] == "30"
            _guarded(response)
        print(f"queue: slowest page {max(times):.3f} s of {len(times)}")  # shown with -s
        assert max(times) < 1.0, sorted(times)[-5:]
        assert memory.growth < 300 * MIB, memory.growth / MIB


def test_eight_uploads_at_once_in_gunicorn_leave_the_pages_fast(
    uploads: Path, tmp_path: Path
) -> None:
    good = inputs.good_workbook(uploads)
    with gunicorn_server(tmp_path / "store", workers=2) as url:
        visitors = [Visitor(url) for _ in range(8)]
        for visitor in visitors:
            visitor.token()
        with concurrent.futures.ThreadPoolExecutor(max_workers=9) as pool:
            answers = pool.map(lambda v: v.upload(good), visitors)
            pages = pool.submit(_page_times, url, [""], time.monotonic() + 8)
            responses = list(answers)
            times = pages.result()
        assert [r.status_code for r in responses] == [303] * 8
        for visitor, response in zip(visitors, responses, strict=True):
            assert (
                "問題は見つかりませんでした"
                in visitor.session.get(visitor.result_url(response)).text
            )
        assert max(times) < 1.0, sorted(times)[-5:]


def test_a_wait_longer_than_the_results_time_out_keeps_the_visitor(
    uploads: Path, tmp_path: Path
) -> None:
    """Results kept 2 s, a review waiting longer behind a slow one: the waiting page's
    status answers renew the visitor's cookie, so the results are theirs when ready."""
    extra = {"PP_REVIEW_TTL": "2", "PP_REVIEW_AT_ONCE": "1"}
    with review_server(tmp_path / "store", extra) as url:
        ahead, visitor = Visitor(url), Visitor(url)
        assert ahead.upload(inputs.wide_rows_workbook(uploads, 20_000, False)).status_code == 303
        started = time.monotonic()
        result = visitor.result_url(visitor.upload(inputs.good_workbook(uploads)))
        assert time.monotonic() - started > 2  # it did wait past the time-out
        page = visitor.session.get(result, timeout=30)
        assert page.status_code == 200 and "問題は見つかりませんでした" in page.text


# ---- a review past its time limit ----


def test_a_review_past_its_time_limit_is_killed_and_said(uploads: Path, tmp_path: Path) -> None:
    """Whatever a slow path a file may find, a review ends: its child process is killed
    at PP_REVIEW_SECONDS, the visitor is told, and nothing of it keeps running."""
    with review_server(tmp_path / "store", {"PP_REVIEW_SECONDS": "1"}) as url:
        visitor = Visitor(url)
        started = time.monotonic()
        result = visitor.result_url(visitor.upload(inputs.good_workbook(uploads)))
        took = time.monotonic() - started
        page = visitor.session.get(result, timeout=30).text
        assert "review.timeout" in page and "1 秒" in page, page[:2000]
        assert took < 10, took
        # Only multiprocessing's fork server (the reviews' parent) and its resource tracker
        # are left: no review runs on.
        left = [
            Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
            for pid in _descendants(SERVER_PIDS[url])
        ]
        helpers = (b"multiprocessing.forkserver", b"multiprocessing.resource_tracker")
        assert left and all(any(h in c for h in helpers) for c in left), left


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        for task in Path(f"/proc/{todo.pop()}/task").glob("*"):
            children = [int(c) for c in (task / "children").read_text().split()]
            found += children
            todo += children
    return found
