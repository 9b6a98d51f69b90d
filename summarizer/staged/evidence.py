"""Quotes and texts cut from sentences, so every staged item is grounded by construction."""

from __future__ import annotations

import re

from .text import Sentence

QUOTE_MAX = 160
TEXT_MAX = 220
NAME_MAX = 60
_NUMBER = re.compile(r"\d[\d,.]*")


def clip(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, whitespace folded."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,;:")


def quote(sentence: Sentence, around: int | None = None) -> str:
    """A verbatim piece of ``sentence`` of at most ``QUOTE_MAX`` characters.

    The whole sentence when it fits; otherwise a window on word boundaries that holds the
    character at ``around`` (an offset into the sentence), or the sentence's start.
    """
    text = sentence.text
    if "\n" in text:
        text = text.split("\n", 1)[0]
    if len(text) <= QUOTE_MAX:
        return text
    start = 0
    if around is not None and around > QUOTE_MAX // 2:
        start = text.find(" ", max(0, around - QUOTE_MAX // 2)) + 1
    end = start + QUOTE_MAX
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > start + QUOTE_MAX // 2 else end
    return text[start:end].rstrip(" ,;:")


def numbers(text: str) -> set[int]:
    """Whole numbers printed in ``text`` (figures, counts), without separators."""
    found = set()
    for raw in _NUMBER.findall(text):
        digits = raw.rstrip(".,").replace(",", "")
        if digits.isdigit():
            found.add(int(digits))
    return found
