"""Sentences with character offsets: the unit every staged decision is made on and cites."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import load_lexicon

_BREAK = re.compile(r"[.!?]+[\"”’')\]]*\s+")
_NEXT_STARTS = re.compile(r"[\"“‘'(\[]?[A-Z0-9]")
HEADLINE_MAX = 160
_ENDED = re.compile(r"[.!?][\"”’')\]]*$")
MAX_SENTENCE = 600
"""Longer runs (lists, tables, debris without full stops) are cut at this many characters."""


@dataclass(frozen=True)
class Sentence:
    """One sentence of the article: ``text == article[start:end]``."""

    number: int
    start: int
    end: int
    text: str

    @property
    def label(self) -> str:
        """``S7``: how prompts and logs name it."""
        return f"S{self.number}"


def split_sentences(text: str, abbreviations: frozenset[str] | None = None) -> list[Sentence]:
    """The article's sentences in order, split at line breaks and sentence ends; a full stop
    after one of ``abbreviations`` (default: the newest lexicon's) or an initial ends none."""
    known = load_lexicon().abbreviations if abbreviations is None else abbreviations
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        spans.extend(_split_line(line, offset, known))
        offset += len(line)
    sentences: list[Sentence] = []
    for start, end in spans:
        sentences.append(Sentence(len(sentences) + 1, start, end, text[start:end]))
    return sentences


def body_sentences(sentences: list[Sentence]) -> list[Sentence]:
    """The sentences after a heading line: a short first line with no full stop is the
    headline, which names things but reports nothing (the founding set's rule 1)."""
    if sentences and len(sentences[0].text) < HEADLINE_MAX and not _ENDED.search(sentences[0].text):
        return sentences[1:]
    return sentences


def _split_line(line: str, offset: int, known: frozenset[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BREAK.finditer(line):
        if not _NEXT_STARTS.match(line, match.end()) or _abbreviated(line, match.start(), known):
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(line)))
    out = []
    for a, b in spans:
        piece = line[a:b]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece.rstrip())
        if trail <= lead:
            continue
        a, b = a + lead, a + trail
        while b - a > MAX_SENTENCE:
            cut = line.rfind(" ", a, a + MAX_SENTENCE)
            cut = cut if cut > a else a + MAX_SENTENCE
            out.append((offset + a, offset + cut))
            a = cut + 1
        out.append((offset + a, offset + b))
    return out


def _abbreviated(line: str, dot: int, known: frozenset[str]) -> bool:
    """A full stop that ends an abbreviation or an initial, not a sentence."""
    word = line[:dot].rsplit(None, 1)[-1] if line[:dot].strip() else ""
    word = word.lstrip("\"“‘'(").lower()
    return word in known or (len(word) == 1 and word.isalpha())
