"""Candidate names in the article, found by their shape, for the entity stage to type.

Three shapes: capitalised runs ("Martyr Ahmad al-Abdo Brigade", "Deir al-Zor", "ISIS");
descriptive actor phrases ("U.S-backed opposition fighters", "regime forces") built from the
lexicon's modifiers and head nouns; and collective sources ("residents", "aid workers",
"health officials"), which are actors only where they speak. A run is cut where a country's
possessive qualifies a name ("Sudan's Rapid Support Forces" -> "Rapid Support Forces") and
before a title that opens a person's name ("UN Secretary-General Antonio Guterres" -> "UN",
"Secretary-General Antonio Guterres"). Every mention keeps its offsets, so whatever the stage
keeps is grounded by construction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..names import ARTICLE_TOKENS
from .lexicon import Lexicon, alternation
from .text import Sentence

_POSSESSIVE = re.compile(r"[’']s?$")
_POSSESSOR = re.compile(r"^([\w ]+?)[’']s\s+(?=[A-Z])")
_WORDS = re.compile(r"[^\W\d_]+")
MIN_WORDS = 5


@dataclass(frozen=True)
class _Shapes:
    """The patterns of a name's shape, built from the lexicon's particles and joiners."""

    run: re.Pattern[str]
    trailing: re.Pattern[str]


@cache
def _shapes(lexicon: Lexicon) -> _Shapes:
    """A capitalised run: words joined by spaces, hyphens, "of"/"the" or a name particle
    ("al-", "bin", "van der"); Arabic articles come from ``summarizer.names``."""
    particle = alternation(sorted({*ARTICLE_TOKENS, *lexicon.name_particles}))
    word = rf"(?:{particle}-)?[A-Z][\w’'.]*(?:-(?:{particle}-)?[A-Z][\w’'.]*)*"
    joiner = alternation(lexicon.name_joiners)
    join = rf"(?:\s+(?:{joiner}|{particle}(?:\s+{particle})?)\s+|\s+|-)"
    trailers = alternation(lexicon.name_trailers)
    return _Shapes(
        run=re.compile(rf"{word}(?:{join}{word})*"),
        trailing=re.compile(rf"(?:\s+{trailers})+$"),
    )


@dataclass(frozen=True)
class Mention:
    """One occurrence of a candidate name: ``article[start:end] == text``."""

    text: str
    start: int
    end: int
    sentence: int
    descriptive: bool
    source: bool = False
    """A collective source ("residents", "witnesses"): an actor only where it speaks."""


def find_mentions(sentences: list[Sentence], lexicon: Lexicon) -> list[Mention]:
    """Every candidate mention, in text order, without overlaps (longest first)."""
    found: list[Mention] = []
    phrase = _descriptive_pattern(lexicon)
    sources = _source_pattern(lexicon)
    for sentence in sentences:
        if sentence.number > 1 and len(_WORDS.findall(sentence.text)) < MIN_WORDS:
            continue  # site debris: "Post a Comment", "Share this article", bylines
        for span in _runs(sentence.text, lexicon):
            found += _capitalised(sentence, span, lexicon)
        for match in sources.finditer(sentence.text):
            start = sentence.start + match.start()
            text = match.group(0)
            found.append(Mention(text, start, start + len(text), sentence.number, True, True))
        for match in phrase.finditer(sentence.text):
            text = match.group(0)
            words = text.lower().split()
            if len(words) == 1 and words[0] not in lexicon.lone_actor_heads:
                continue
            start = sentence.start + match.start()
            found.append(Mention(text, start, start + len(text), sentence.number, True))
    found.sort(key=lambda m: (m.start, -(m.end - m.start), not m.source))
    kept: list[Mention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return _without_capitalised_words(kept, sentences, lexicon)


def _without_capitalised_words(
    mentions: list[Mention], sentences: list[Sentence], lexicon: Lexicon
) -> list[Mention]:
    """Drop one-word candidates seen only at a sentence's start ("Undeterred, ...",
    "Extensive damage"): an ordinary word capitalised by position, not a name. A country's
    name is a name wherever it stands."""
    starts = {s.start for s in sentences}
    inside = {m.text for m in mentions if m.start not in starts}
    return [
        m
        for m in mentions
        if m.descriptive
        or " " in m.text
        or "-" in m.text
        or m.text in inside
        or m.text in lexicon.countries
        or (m.text.isupper() and len(m.text) <= 6 and m.sentence > 1)
    ]


def _runs(text: str, lexicon: Lexicon) -> list[tuple[int, str]]:
    """Capitalised runs as (offset, text); an organisation's name goes on over "of the"
    ("International Committee of the Red Cross"), a person's does not ("Saif of the Brigade")."""
    runs: list[tuple[int, str]] = []
    for match in _shapes(lexicon).run.finditer(text):
        if runs:
            at, last = runs[-1]
            between = text[at + len(last) : match.start()]
            head = last.split()[-1]
            if re.fullmatch(r"\s+of\s+the\s+", between) and lexicon.org_words.fullmatch(head):
                runs[-1] = (at, text[at : match.end()])
                continue
        runs.append((match.start(), match.group(0)))
    return runs


def _capitalised(sentence: Sentence, span: tuple[int, str], lexicon: Lexicon) -> list[Mention]:
    """The run as one or two mentions (see the module docstring)."""
    start, text = span
    owner = _POSSESSOR.match(text)
    if owner and owner.group(1) in lexicon.countries:
        start += owner.end()
        text = text[owner.end() :]
    title = _title_inside(text, lexicon)
    if title:
        head = _one(sentence, text[:title].rstrip(), start, lexicon)
        tail = _one(sentence, text[title:], start + title, lexicon)
        return [m for m in (head, tail) if m is not None]
    mention = _one(sentence, text, start, lexicon)
    return [mention] if mention is not None else []


def _title_inside(text: str, lexicon: Lexicon) -> int:
    """Where a person's title starts inside a run after an organisation's name, or 0."""
    for found in re.finditer(r"\s(\S+)", text):
        if lexicon.person_titles.fullmatch(found.group(1)) and found.group(1)[0].isupper():
            before = text[: found.start()]
            after = text[found.end() :]
            if after.strip() and (lexicon.org_words.search(before) or before.isupper()):
                return found.start() + 1
    return 0


def _one(sentence: Sentence, text: str, start: int, lexicon: Lexicon) -> Mention | None:
    while True:
        first = re.match(r"(\S+)\s*", text)
        if first is None or first.group(1).strip("’'.") not in lexicon.not_names:
            break
        start += first.end()
        text = text[first.end() :]
    text = _shapes(lexicon).trailing.sub("", _POSSESSIVE.sub("", text.rstrip(".")))
    if len(text) < 2 or len(text) > 60 or not text[0].isupper():
        return None
    begin = sentence.start + start
    return Mention(text, begin, begin + len(text), sentence.number, False)


def _source_pattern(lexicon: Lexicon) -> re.Pattern[str]:
    return re.compile("|".join(p.pattern for p in lexicon.source_heads.values()))


def _descriptive_pattern(lexicon: Lexicon) -> re.Pattern[str]:
    modifiers = "|".join(sorted(lexicon.actor_modifiers, key=len, reverse=True))
    heads = lexicon.actor_heads.pattern
    return re.compile(rf"(?i:\b(?:(?:{modifiers})[\s-]+){{0,3}})(?:{heads})")
