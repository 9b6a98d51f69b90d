"""Cut a text into segments at every evidence boundary, so overlapping spans can all be shown."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

# A sentence ends at . ! ? (or the Arabic question mark) followed by space, or at a blank line.
_SENTENCE_END = re.compile(r"(?<=[.!?\u061f])[\"'\u201d\u2019)]*\s+|\n\s*\n")


@dataclass(frozen=True)
class Span:
    """Characters ``[start, end)`` of the text cited by one item."""

    start: int
    end: int
    item: str


@dataclass(frozen=True)
class Segment:
    """A run of text covered by the same set of items (none for plain text)."""

    start: int
    end: int
    text: str
    items: tuple[str, ...]


def segments(text: str, spans: Iterable[Span], cuts: Iterable[int] = ()) -> list[Segment]:
    """The whole text as consecutive segments, split at every span edge and at ``cuts``.

    Each segment lists every item whose span covers it, in first-cited order, so a phrase
    cited by an event and a claim shows both.
    """
    size = len(text)
    kept = [
        Span(max(0, s.start), min(size, s.end), s.item)
        for s in spans
        if s.start < s.end and s.start < size and s.end > 0
    ]
    edges = {0, size, *(s.start for s in kept), *(s.end for s in kept)}
    bounds = sorted(edges | _inside(cuts, size))
    order = list(dict.fromkeys(s.item for s in kept))
    out: list[Segment] = []
    for start, end in pairwise(bounds):
        covering = {s.item for s in kept if s.start <= start and s.end >= end}
        out.append(Segment(start, end, text[start:end], tuple(i for i in order if i in covering)))
    return out


def sentence_starts(text: str) -> list[int]:
    """Offsets where sentences (or paragraphs) begin, the first at 0."""
    return [0, *(m.end() for m in _SENTENCE_END.finditer(text) if m.end() < len(text))]


def by_sentence(segs: Sequence[Segment], starts: Sequence[int]) -> list[list[Segment]]:
    """Segments grouped by sentence, one group per start; ``segs`` must be cut at ``starts``."""
    groups: list[list[Segment]] = [[] for _ in starts]
    index = 0
    for seg in segs:
        while index + 1 < len(starts) and seg.start >= starts[index + 1]:
            index += 1
        groups[index].append(seg)
    return groups


def sentence_of(offset: int, starts: Sequence[int]) -> int:
    """The index of the sentence holding ``offset``."""
    return max(0, bisect_right(starts, offset) - 1)


def _inside(cuts: Iterable[int], size: int) -> set[int]:
    return {c for c in cuts if 0 < c < size}
