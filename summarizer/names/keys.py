"""Matching keys for names: transliteration folded, every folding step named.

A name becomes a key in fixed steps, each recorded so a merge can say why two names are one:
case, diacritics, quote and dash variants; dotted abbreviations (U.S. → US); the Arabic article
as a word (al-, a-, e-, Al ...) or assimilated (Ezzor → Zor), or glued in Arabic script (ال);
unit and place designators (Jaish, province, border crossing); vowel spellings (e/a, o/u, y/i,
w/u); doubled letters; a final h after a vowel (Salameh/Salamah).

Names made only of generic words ("rebel forces", "the regime", "government") are flagged:
such a word names whichever party the sentence is about, so it never joins across articles.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

Kind = Literal["actor", "place", "person"]
"""What a name denotes; designators and generic words differ by kind."""


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ARTICLE_TOKENS = _words("al el ul a e an ad ar as ash at ath az adh ed er es esh et ez en")
"""The Arabic article as a word of a transliterated name (al-, ash-, ez-): the one list of it."""
STOPWORDS = frozenset({"the", "of"})
ACTOR_DESIGNATORS = frozenset({"jaish"})
PLACE_DESIGNATORS = frozenset(
    {"province", "governorate", "city", "town", "village", "crossing", "mountains", "mountain"}
)
DROPPABLE = frozenset({"fighters", "militants", "forces", "troops", "members", "jihadists"})
QUALIFIERS = frozenset({"backed", "led", "supported", "allied"})
NATIONAL = _words(
    "syrian syria us american america russian russia iranian iran iraqi iraq turkish turkey "
    "jordanian jordan kurdish arab western foreign british french israeli lebanese"
)
GENERIC_ACTOR = _words(
    "rebel rebels opposition fighters fighter forces force troops militia militias government "
    "regime coalition allied allies ally activists activist observatory monitor war pro anti "
    "armed group groups international soldiers units unit local sources source militants "
    "militant extremists insurgents jihadists officials official commander commanders "
    "spokesman media army military air police warplanes partner partners"
)
GENERIC_PLACE = _words(
    "desert border area areas region city town village outskirts countryside mountains "
    "mountain province de confliction zone base outpost military small camp highway road "
    "north south east west northern southern eastern western northeast northwest southeast "
    "southwest central territory positions frontier strategic primary"
)
_QUOTES = {c: "'" for c in "\u2018\u2019\u201a\u201b\u2032\u00b4`"} | {
    c: '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
}
_DASHES = {c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"}
_UNIFIED = str.maketrans(
    {**_QUOTES, **_DASHES, **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff\u0640")}
)
_SUN = re.compile(r"^[aeiu](sh|th|dh|[zdtrn])\1(?=[a-z]{2})")
_VOWELS = str.maketrans({"e": "a", "o": "u", "y": "i", "w": "u"})
_DOUBLE = re.compile(r"(.)\1+")
_PAREN = re.compile(r"^(?P<outer>[^()]*?)\s*\((?P<inner>[^()]{1,24})\)\s*(?P<rest>[^()]*)$")


def plain(text: str) -> str:
    """Case-folded, without diacritics or invisible marks, quotes, dashes and spaces unified."""
    text = text.translate(_UNIFIED)
    folded = unicodedata.normalize("NFKD", text).casefold()
    kept = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(kept.split())


@dataclass(frozen=True)
class NameKey:
    """A name's matching key, its readable form and the folding steps that changed it.

    ``stages`` are the name after each step (punctuation, articles, designators, spelling) and
    ``steps`` the rules each step applied, so an explanation names only the steps needed.
    ``core`` is the key without words like "fighters" ("IS fighters" is IS).
    """

    key: str
    plain: str
    rules: tuple[str, ...]
    generic: bool
    core: str
    stages: tuple[str, ...] = ()
    steps: tuple[tuple[str, ...], ...] = ()

    @property
    def tokens(self) -> tuple[str, ...]:
        """The key's words."""
        return tuple(self.key.split())


@lru_cache(maxsize=100_000)
def name_key(name: str, kind: Kind = "actor") -> NameKey:
    """The key two spellings of one name share; cached, since names repeat across reports."""
    steps: list[set[str]] = [set(), set(), set(), set()]
    if any(unicodedata.combining(c) for c in unicodedata.normalize("NFKD", name)):
        steps[0].add("diacritics dropped")
    if any(c in _DASHES for c in name):
        steps[0].add("dash variants unified")
    shown = plain(name)
    if re.search(r"\b\w\.\w", shown):
        steps[0].add("dotted abbreviation joined")
    text = re.sub(r"(?<=\w)['’ʼʻ`´](?=\w)", "", shown.replace(".", ""))
    text = re.sub(r"(\w+?)backed\b", r"\1 backed", text)
    tokens = [t for t in re.findall(r"\w+", text) if t not in STOPWORDS] or [text]
    stages = [" ".join(tokens)]
    tokens = _drop_articles(tokens, steps[1])
    stages.append(" ".join(tokens))
    tokens = _drop_designators(tokens, kind, steps[2])
    stages.append(" ".join(tokens))
    generic = _is_generic(tokens, kind)
    folded = [_fold(t, steps[3]) for t in tokens]
    core = [_fold(t, set()) for t in tokens if t not in DROPPABLE] or folded
    key = " ".join(folded)
    stages.append(key)
    return NameKey(
        key=key,
        plain=shown,
        rules=tuple(sorted(set().union(*steps))),
        generic=generic,
        core=" ".join(core),
        stages=tuple(stages),
        steps=tuple(tuple(sorted(step)) for step in steps),
    )


@lru_cache(maxsize=50_000)
def split_names(name: str) -> tuple[str, ...]:
    """A name and the variants it carries: "Free Syrian Army (FSA)", "IS/ISIS"."""
    found = _PAREN.match(name.strip())
    pieces = [name]
    if found:
        outer = " ".join(p for p in (found["outer"], found["rest"]) if p.strip())
        pieces = [n for n in (outer, found["inner"].strip()) if n]
    parts = tuple(p.strip() for piece in pieces for p in piece.split("/") if p.strip())
    return parts or (name,)


def skeleton(key: str) -> str:
    """The key's consonants only: a loose blocking key for names a model may judge."""
    return " ".join(re.sub(r"[aiu]", "", token) or token for token in key.split())


def explain(first: NameKey, second: NameKey) -> str:
    """Why two names with the same key are judged the same, naming only the steps needed."""
    if first.plain == second.plain:
        marks = sorted(set(first.steps[0]) ^ set(second.steps[0]))
        once = f" once {', '.join(marks)}" if marks else ""
        return f"same name{once}: '{first.plain}'"
    level = next(
        (n for n, (a, b) in enumerate(zip(first.stages, second.stages, strict=True)) if a == b),
        len(first.stages) - 1,
    )
    needed = {rule for key in (first, second) for step in key.steps[: level + 1] for rule in step}
    if level > 0:
        needed -= set(first.steps[0]) & set(second.steps[0])
    steps = sorted(needed) or ["case and punctuation"]
    return f"same after normalising: '{first.plain}' ~ '{second.plain}' ({', '.join(steps)})"


def _drop_articles(tokens: list[str], rules: set[str]) -> list[str]:
    out: list[str] = []
    for position, token in enumerate(tokens):
        if token in ARTICLE_TOKENS and len(tokens) > 1:
            rules.add("article prefix dropped")
            continue
        if token.startswith("ال") and len(token) > 3:
            rules.add("article prefix dropped")
            token = token[2:]
        if "ة" in token or "ى" in token:
            rules.add("Arabic letter variants unified")
            token = token.replace("ة", "ه").replace("ى", "ي")
        sun = _SUN.match(token) if position > 0 and len(token) >= 5 else None
        if sun:
            rules.add("assimilated article dropped")
            token = token[1 + len(sun.group(1)) :]
        out.append(token)
    return out or tokens


def _drop_designators(tokens: list[str], kind: Kind, rules: set[str]) -> list[str]:
    if kind == "actor" and tokens[0] in ACTOR_DESIGNATORS and len(tokens) >= 3:
        rules.add(f"unit designator '{tokens[0]}' dropped")
        return tokens[1:]
    if kind == "place":
        kept = [t for t in tokens if t not in PLACE_DESIGNATORS]
        if len(kept) > 1 and kept[-1] == "border" and "crossing" in tokens:
            kept = kept[:-1]
        if kept and len(kept) < len(tokens):
            rules.add("place designator dropped")
            return kept
    return tokens


def _is_generic(tokens: list[str], kind: Kind) -> bool:
    if kind == "person":
        return False
    if kind == "place":
        return all(t in GENERIC_PLACE for t in tokens)
    kept = [
        t
        for i, t in enumerate(tokens)
        if t not in QUALIFIERS and not (i + 1 < len(tokens) and tokens[i + 1] in QUALIFIERS)
    ]
    return all(t in GENERIC_ACTOR or t in NATIONAL for t in kept)


def _fold(token: str, rules: set[str]) -> str:
    if not (token.isascii() and token.isalpha()):
        return token
    vowels = token.translate(_VOWELS).replace("au", "u")
    if vowels != token:
        rules.add("vowel spelling folded")
    folded = _DOUBLE.sub(r"\1", vowels)
    if folded != vowels:
        rules.add("doubled letter collapsed")
    if len(folded) > 3 and folded.endswith("h") and folded[-2] in "aiu":
        rules.add("final h dropped")
        folded = folded[:-1]
    return folded
