"""Candidate names in the article, found by their shape, for the entity stage to type.

Two shapes: capitalised runs ("Martyr Ahmad al-Abdo Brigade", "Deir al-Zor", "ISIS") and
descriptive actor phrases ("U.S-backed opposition fighters", "regime forces") built from the
lexicon's modifiers and head nouns. Every mention keeps its offsets, so whatever the stage
keeps is grounded by construction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import Lexicon
from .text import Sentence

_PARTICLE = r"(?:al|a|e|el|ad|an|ar|as|ash|at|az|ed|es|ibn|bin|abu|umm|de|du|la|le|van|von)"
_WORD = rf"(?:{_PARTICLE}-)?[A-Z][\w’'.]*(?:-(?:{_PARTICLE}-)?[A-Z][\w’'.]*)*"
_JOIN = rf"(?:\s+(?:of|for|the|de|del|du|{_PARTICLE})\s+|\s+|-)"
_RUN = re.compile(rf"{_WORD}(?:{_JOIN}{_WORD})*")
_POSSESSIVE = re.compile(r"[’']s?$")
_TRAILING = re.compile(r"(?:\s+(?:of|for|the|and|de|al|a))+$")
_WORDS = re.compile(r"[^\W\d_]+")
MIN_WORDS = 5
_ALONE = frozenset(
    [
        "regime",
        "government",
        "rebels",
        "opposition",
        "coalition",
        "militants",
        "jihadists",
        "insurgents",
    ]
)


@dataclass(frozen=True)
class Mention:
    """One occurrence of a candidate name: ``article[start:end] == text``."""

    text: str
    start: int
    end: int
    sentence: int
    descriptive: bool


def find_mentions(sentences: list[Sentence], lexicon: Lexicon) -> list[Mention]:
    """Every candidate mention, in text order, without overlaps (longest first)."""
    found: list[Mention] = []
    phrase = _descriptive_pattern(lexicon)
    for sentence in sentences:
        if sentence.number > 1 and len(_WORDS.findall(sentence.text)) < MIN_WORDS:
            continue  # site debris: "Post a Comment", "Share this article", bylines
        for match in _RUN.finditer(sentence.text):
            mention = _capitalised(sentence, match, lexicon)
            if mention is not None:
                found.append(mention)
        for match in phrase.finditer(sentence.text):
            text = match.group(0)
            words = text.lower().split()
            if len(words) == 1 and words[0] not in _ALONE:
                continue
            start = sentence.start + match.start()
            found.append(Mention(text, start, start + len(text), sentence.number, True))
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return _without_capitalised_words(kept, sentences)


def _without_capitalised_words(mentions: list[Mention], sentences: list[Sentence]) -> list[Mention]:
    """Drop one-word candidates seen only at a sentence's start ("Undeterred, ...",
    "Extensive damage"): an ordinary word capitalised by position, not a name."""
    starts = {s.start for s in sentences}
    inside = {m.text for m in mentions if m.start not in starts}
    return [
        m
        for m in mentions
        if m.descriptive
        or " " in m.text
        or "-" in m.text
        or m.text in inside
        or (m.text.isupper() and len(m.text) <= 6 and m.sentence > 1)
    ]


def _capitalised(sentence: Sentence, match: re.Match[str], lexicon: Lexicon) -> Mention | None:
    text, start = match.group(0), match.start()
    while True:
        first = re.match(r"(\S+)\s*", text)
        if first is None or first.group(1).strip("’'.") not in lexicon.not_names:
            break
        start += first.end()
        text = text[first.end() :]
    text = _TRAILING.sub("", _POSSESSIVE.sub("", text.rstrip(".")))
    if len(text) < 2 or len(text) > 60 or not text[0].isupper():
        return None
    begin = sentence.start + start
    return Mention(text, begin, begin + len(text), sentence.number, False)


def _descriptive_pattern(lexicon: Lexicon) -> re.Pattern[str]:
    modifiers = "|".join(sorted(lexicon.actor_modifiers, key=len, reverse=True))
    heads = lexicon.actor_heads.pattern
    return re.compile(rf"(?i:\b(?:(?:{modifiers})[\s-]+){{0,3}})(?:{heads})")
