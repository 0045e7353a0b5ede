"""The two-engine benchmark's report: what each target is read on, and how a missed query's
other forms are named beside it. (The measurements themselves are a benchmark, not a test:
tests/test_virtuoso.py runs the engines.)"""

from __future__ import annotations

from plan_progress.scale.bench_engines import Tier, Timing, _forms, growth, report

SMALL, LARGE = "~49,000", "~490,000"
EMBEDDED, VIRTUOSO = "embedded (Oxigraph)", "Virtuoso 7.2"


def _tier(label: str, engine: str, queries: dict[str, Timing]) -> Tier:
    return Tier(label, 1000, 13000, engine, 1.0, 2**20, queries)


def test_targets_name_each_miss_with_its_other_forms() -> None:
    small = {
        "10-text": Timing(5000, 0.5, page_p50=0.4),  # over 1,000 rows: no embedded target
        "13-paragraphs": Timing(0, 0.3),
        "facts/13-paragraphs": Timing(0, 0.03),
        "16-indicators": Timing(0, 0.001),
    }
    large = {
        "10-text": Timing(50000, 5.0, page_p50=0.09),  # its first page meets the target
        "13-paragraphs": Timing(0, 3.0),
        "facts/13-paragraphs": Timing(0, 0.2),
        "virtuoso/13-paragraphs": Timing(0, 0.05),
        "16-indicators": Timing(0, 0.002),
    }
    tiers = [
        _tier(SMALL, EMBEDDED, small),
        _tier(SMALL, VIRTUOSO, small),
        _tier(LARGE, EMBEDDED, large),
        _tier(LARGE, VIRTUOSO, large),
    ]
    table, verdicts = report(tiers)
    virtuoso, embedded = verdicts
    assert virtuoso.startswith(f"{VIRTUOSO} at {LARGE}")
    assert "missed by `13-paragraphs` 3,000.0 ms (facts form 200.0 ms, virtuoso form 50.0 ms)" in (
        virtuoso
    )
    assert "10-text" not in virtuoso and "16-indicators" not in virtuoso
    assert "facts/" not in virtuoso.split("missed by")[1].split("(")[0]
    assert embedded.startswith(f"{EMBEDDED} at {SMALL}")
    assert "missed by `13-paragraphs` 300.0 ms (facts form 30.0 ms)" in embedded
    assert "10-text" not in embedded  # 5,000 rows: the embedded target does not apply
    # Every form has its row in the table, with the growth per 10× of data.
    assert "| `facts/13-paragraphs` |" in table
    assert "| `virtuoso/13-paragraphs` |" in table


def test_all_met_says_met() -> None:
    fast = {"16-indicators": Timing(0, 0.001)}
    tiers = [
        _tier(label, engine, fast) for label in (SMALL, LARGE) for engine in (EMBEDDED, VIRTUOSO)
    ]
    _, verdicts = report(tiers)
    assert all(v.endswith(": met") for v in verdicts)


def test_growth_per_ten_times_the_data() -> None:
    assert growth(0.1, 1.0, 10.0) == "10.0×"
    assert growth(0.1, 0.4, 100.0) == "2.0×"  # 4× over 100× the data: 2× per 10×
    assert growth(0.0, 1.0, 10.0) == ""


def test_the_other_forms_are_the_query_folders() -> None:
    facts, index = _forms("facts"), _forms("virtuoso")
    assert facts and all(name.startswith("facts/") for name in facts)
    assert "virtuoso/11-issues-mentioning-ageing" in index
    assert all("SELECT" in text or "ASK" in text for text in {**facts, **index}.values())
