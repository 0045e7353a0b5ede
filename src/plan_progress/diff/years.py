"""Which fiscal years a report covers: its own grades and entries are of those years (or
of none), the rest are restated from other years."""

from __future__ import annotations

from dataclasses import dataclass

from plan_progress.model.tables import Row


@dataclass(frozen=True)
class ReportYears:
    first: int | None
    last: int | None

    @classmethod
    def of(cls, report: Row) -> ReportYears:
        first = report["fiscal_year"]
        return cls(first, report["fiscal_year_end"] or first)

    def own(self, fiscal_year: int | None) -> bool:
        if fiscal_year is None or self.first is None:
            return True
        return self.first <= fiscal_year <= (self.last or self.first)
