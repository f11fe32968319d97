"""All comparisons of a case's records in one call: copies, contradictions, timing."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.analysis.records.contradictions import ContradictionParams, find_contradictions
from app.analysis.records.copies import CopyParams, find_copies
from app.analysis.records.model import Finding, Record
from app.analysis.records.timing import CaseBounds, TimingParams, find_timing


@dataclass(frozen=True)
class CompareParams:
    copies: CopyParams = field(default_factory=CopyParams)
    contradictions: ContradictionParams = field(default_factory=ContradictionParams)
    timing: TimingParams = field(default_factory=TimingParams)


def compare_records(records: list[Record], bounds: CaseBounds | None = None,
                    params: CompareParams | None = None) -> dict[str, list[Finding]]:
    """{"copies": [...], "contradictions": [...], "timing": [...]} over every pair of records."""
    p = params or CompareParams()
    return {"copies": find_copies(records, p.copies),
            "contradictions": find_contradictions(records, p.contradictions),
            "timing": find_timing(records, bounds, p.timing)}
