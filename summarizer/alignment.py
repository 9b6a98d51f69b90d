"""Resolve a model's quote to character offsets in the text it saw.

Three tiers, tried in order, each recorded as the evidence's status:

1. ``exact``: the quote occurs verbatim (after trimming the quote's own ends).
2. ``normalized``: it occurs once both sides are case-folded, whitespace runs collapsed, curly
   quotes and dash variants unified and diacritics dropped. A map from every normalised
   character back to its original index keeps offsets right for any script.
3. ``fuzzy``: the densest window of word tokens covers at least ``min_coverage`` of the
   quote's tokens (quotes of three or more tokens only).

Offsets are Python string indices, that is Unicode code points of the original text. When a
phrase repeats, the first occurrence at or after ``prefer_after`` wins, else the first.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass

from .schema.draft import AlignmentStatus

_QUOTE_CHARS = {c: "'" for c in "\u2018\u2019\u201a\u201b\u2032\u00b4`"} | {
    c: '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
}
_DASH_CHARS = {c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"}
_DROPPED = {"\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u0640"}
_TRIM = " \t\r\n\"'\u2018\u2019\u201c\u201d.,;:…-"
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Alignment:
    """Where a quote landed; ``start``/``end`` are ``None`` when unresolved."""

    status: AlignmentStatus
    start: int | None = None
    end: int | None = None
    score: float = 0.0


def normalize(text: str) -> tuple[str, list[int]]:
    """Normalise ``text`` and map each output character to its index in ``text``."""
    out: list[str] = []
    index: list[int] = []
    previous_space = True
    for position, char in enumerate(text):
        if char in _DROPPED:
            continue
        if char.isspace():
            if not previous_space:
                out.append(" ")
                index.append(position)
            previous_space = True
            continue
        mapped = _QUOTE_CHARS.get(char) or _DASH_CHARS.get(char) or char
        for piece in unicodedata.normalize("NFKD", mapped).casefold():
            if unicodedata.combining(piece):
                continue
            out.append(piece)
            index.append(position)
        previous_space = False
    if out and out[-1] == " ":
        out.pop()
        index.pop()
    return "".join(out), index


class Aligner:
    """Aligns many quotes against one text; the text is normalised and tokenised once."""

    def __init__(self, text: str, *, min_coverage: float = 0.75) -> None:
        self.text = text
        self.min_coverage = min_coverage
        self._norm, self._index = normalize(text)
        matches = list(WORD.finditer(self._norm))
        self._tokens = [m.group() for m in matches]
        self._token_spans = [(m.start(), m.end()) for m in matches]

    def align(self, quote: str, *, prefer_after: int = 0) -> Alignment:
        """Resolve one quote; never raises for a quote that is absent."""
        trimmed = quote.strip(_TRIM)
        if not trimmed:
            return Alignment("unresolved")
        start = _find(self.text, trimmed, prefer_after)
        if start is not None:
            return Alignment("exact", start, start + len(trimmed), 1.0)
        return self._align_normalized(trimmed, prefer_after) or self._align_fuzzy(
            trimmed, prefer_after
        )

    def _orig_span(self, norm_start: int, norm_end: int) -> tuple[int, int]:
        return self._index[norm_start], self._index[norm_end - 1] + 1

    def _norm_position(self, original: int) -> int:
        return bisect_left(self._index, original)

    def _align_normalized(self, quote: str, prefer_after: int) -> Alignment | None:
        needle, _ = normalize(quote)
        needle = needle.strip(_TRIM)
        if not needle:
            return None
        found = _find(self._norm, needle, self._norm_position(prefer_after))
        if found is None:
            return None
        start, end = self._orig_span(found, found + len(needle))
        return Alignment("normalized", start, end, 1.0)

    def _align_fuzzy(self, quote: str, prefer_after: int) -> Alignment:
        wanted = Counter(WORD.findall(normalize(quote)[0]))
        size = sum(wanted.values())
        if size < 3 or not self._tokens:
            return Alignment("unresolved")
        width = min(len(self._tokens), size + size // 4)
        best: list[tuple[int, int]] = []
        best_hits = -1
        window: Counter[str] = Counter()
        hits = 0
        for i, token in enumerate(self._tokens):
            if window[token] < wanted.get(token, 0):
                hits += 1
            window[token] += 1
            if i >= width:
                gone = self._tokens[i - width]
                window[gone] -= 1
                if window[gone] < wanted.get(gone, 0):
                    hits -= 1
            first = max(0, i - width + 1)
            if hits > best_hits:
                best_hits, best = hits, [(first, i)]
            elif hits == best_hits:
                best.append((first, i))
        coverage = best_hits / size
        if coverage < self.min_coverage:
            return Alignment("unresolved", score=round(coverage, 3))
        preferred = [w for w in best if self._orig_span(*self._token_window(*w))[0] >= prefer_after]
        first_token, last_token = (preferred or best)[0]
        while self._tokens[first_token] not in wanted:
            first_token += 1
        while self._tokens[last_token] not in wanted:
            last_token -= 1
        start, end = self._orig_span(*self._token_window(first_token, last_token))
        return Alignment("fuzzy", start, end, round(coverage, 3))

    def _token_window(self, first: int, last: int) -> tuple[int, int]:
        return self._token_spans[first][0], self._token_spans[last][1]


def _find(haystack: str, needle: str, prefer_after: int) -> int | None:
    found = haystack.find(needle, prefer_after)
    if found < 0:
        found = haystack.find(needle)
    return found if found >= 0 else None
