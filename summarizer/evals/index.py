"""One report's ids resolved for comparison with another's: names and aliases, umbrellas and
affiliations, and the article spans its statements quote (evidence two items share)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..alignment import Aligner
from ..names import Kind
from ..schema.draft import ReportDraft
from ..schema.report import SituationReport

Report = ReportDraft | SituationReport
Span = tuple[int, int]
STATEMENTS = ("events", "control_changes", "claims", "uncertainties")
"""Sections whose items cite quotes."""
MIN_OVERLAP = 10
"""Characters two quotes must share before their overlap counts as evidence."""
_KINDS: dict[str, Kind] = {"A": "actor", "H": "person", "L": "place"}


@dataclass(frozen=True)
class ReportIndex:
    """One report's ids resolved to names, umbrellas and quoted spans, so items compare across
    reports that share no ids."""

    names: Mapping[str, tuple[str, ...]]
    up: Mapping[str, str] = field(default_factory=dict)
    spans: Mapping[str, tuple[Span, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, report: Report, text: str | None = None) -> ReportIndex:
        """Actors resolve to their name and aliases, people and places to their name; an actor
        goes up to its umbrella, a person to their affiliation. Statements' quotes become
        character spans: a report's own evidence, else the quotes found in ``text``."""
        names: dict[str, tuple[str, ...]] = {"civilians": ("civilians",), "unknown": ("unknown",)}
        names |= {a.id: (a.name, *a.aliases) for a in report.actors}
        names |= {p.id: (p.name,) for p in report.people}
        names |= {p.id: (p.name,) for p in report.places}
        up = {a.id: a.member_of for a in report.actors if a.member_of}
        up |= {p.id: p.affiliation for p in report.people if p.affiliation}
        return cls(names, up, _spans(report, text))

    def __call__(self, ref: str | None) -> tuple[str, ...]:
        """The names behind ``ref``; an id that resolves to nothing has no names."""
        return self.names.get(ref, ()) if ref else ()

    def umbrella(self, ref: str) -> tuple[str, ...]:
        """The names of the actor ``ref`` belongs to (its umbrella, or a person's affiliation)."""
        return self(self.up.get(ref))

    def evidence(self, item_id: str) -> tuple[Span, ...]:
        """Where the item's quotes are in the article; none when they were not found."""
        return self.spans.get(item_id, ())


def _spans(report: Report, text: str | None) -> dict[str, tuple[Span, ...]]:
    """Each statement's quoted character spans."""
    spans: dict[str, tuple[Span, ...]] = {}
    aligner: Aligner | None = None
    for section in STATEMENTS:
        for item in getattr(report, section):
            evidence = getattr(item, "evidence", None)
            if evidence is not None:
                found = [(e.start, e.end) for e in evidence if e.start is not None]
            elif text is not None:
                aligner = aligner or Aligner(text)
                found = [(a.start, a.end) for a in map(aligner.align, item.quotes)]
            else:
                continue
            spans[item.id] = tuple((x, y) for x, y in found if x is not None and y is not None)
    return spans


def evidence_similarity(a: Sequence[Span], b: Sequence[Span]) -> float:
    """The share of the shorter quote that the other covers, best pair of quotes; overlaps
    under ``MIN_OVERLAP`` characters (a shared name) count nothing."""
    best = 0.0
    for start_a, end_a in a:
        for start_b, end_b in b:
            overlap = min(end_a, end_b) - max(start_a, start_b)
            if overlap >= MIN_OVERLAP:
                best = max(best, overlap / min(end_a - start_a, end_b - start_b))
    return best


def kind_of(ref: str | None) -> Kind:
    """What an id names: ``H`` a person, ``L`` a place, anything else an actor."""
    return _KINDS.get((ref or "A")[:1], "actor")
