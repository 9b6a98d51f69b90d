"""Whether two names denote one party, place or person, how strongly, and why.

Rules, first that applies wins, for every variant of each name ("Free Syrian Army (FSA)" is
also "FSA"):

1. across articles a generic name ("rebel forces", "government") outside the known sets
   joins nothing;
2. the same key after folding spellings (see ``keys``) is one party;
3. both names are in known alias sets: the same set is one party, two sets never are;
4. within one article a generic name stands for the listed party whose name holds its words
   ("government" for "Syrian government forces"): a likely match, never a sure one;
5. a name in a known set and one outside it are different parties;
6. an acronym of the other's initials (SDF, Syrian Democratic Forces) is the same party;
7. a place whose name begins with the other's whole name ("Khneifes phosphate mines",
   "Khneifes") is likely the same place;
8. otherwise the names are as alike as their consonant skeletons' weighted overlap, never
   sure: names that merely share a word are not one party.

Only a score of 1.0 is an identity (``same``); lower scores are partial credit for scoring.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .aliases import known_label
from .keys import DROPPABLE, QUALIFIERS, Kind, NameKey, explain, name_key, split_names

LIKELY = 0.75
"""A generic name standing for a listed party in one article."""
HEADED = 0.8
"""A place named by its head and the same place with a descriptor after it."""
MAX_ALIKE = 0.95
"""The most that similar spelling alone can score: it is never an identity."""


@dataclass(frozen=True)
class Identity:
    """How strongly two names denote one party (0 to 1), and why."""

    score: float
    reason: str

    @property
    def same(self) -> bool:
        """Whether the names are one party for certain."""
        return self.score >= 1.0


def _folded(text: str) -> frozenset[str]:
    return frozenset(name_key(word).key for word in text.split())


_FILLER = _folded(" ".join(DROPPABLE) + " force group units soldiers army") | DROPPABLE
_CONNECTIVES = _folded("and for in")
_QUALIFIERS = _folded(" ".join(QUALIFIERS))
_VOWELS = re.compile(r"[aiu]")
_WEAK_WORDS = (
    "syria syrian us american backed led rebel rebels opposition militia militias air base "
    "border crossing camp refugee military city town village province highway road mountain "
    "mountains desert region area news agency media"
)


def _skeleton(token: str) -> str:
    """Consonants after the first letter, a leading vowel kept as ``a`` (Usud = Osoud, but
    Iraq is not Raqqa); short words, numbers and other scripts are kept whole."""
    if len(token) < 3 or not (token.isascii() and token.isalpha()):
        return token
    head = "a" if token[0] in "aiu" else token[0]
    key = head + _VOWELS.sub("", token[1:])
    return key if len(key) >= 2 else token


_WEAK = frozenset(_skeleton(w) for w in _folded(_WEAK_WORDS))


@lru_cache(maxsize=50_000)
def identify(a: str, b: str, kind: Kind = "actor", *, one_article: bool = False) -> Identity:
    """How strongly names ``a`` and ``b`` denote one party; ``one_article`` when both come
    from the same article, where a generic word names the party that article is about."""
    found = [
        _identify(name_key(x, kind), name_key(y, kind), kind, one_article)
        for x in split_names(a)
        for y in split_names(b)
    ]
    return max(found, key=lambda identity: identity.score)


def best_identity(
    a: Sequence[str], b: Sequence[str], kind: Kind = "actor", *, one_article: bool = False
) -> Identity:
    """The strongest identity between any name of one item and any name of the other."""
    found = [identify(x, y, kind, one_article=one_article) for x in a for y in b]
    return max(found, key=lambda identity: identity.score, default=Identity(0.0, "no names"))


def _identify(ka: NameKey, kb: NameKey, kind: Kind, one_article: bool) -> Identity:
    la, lb = known_label(ka, kind), known_label(kb, kind)
    if not one_article and ((ka.generic and not la) or (kb.generic and not lb)):
        bare = ka if ka.generic and not la else kb
        return Identity(0.0, f"generic name '{bare.plain}' joins nothing across articles")
    if ka.key == kb.key:
        return Identity(1.0, explain(ka, kb))
    if la and lb:
        if la == lb:
            return Identity(1.0, f"known alias set: {la}")
        return Identity(0.0, f"different known alias sets ({la} vs {lb})")
    if one_article:
        likely = _stands_for(ka, kb, lb) or _stands_for(kb, ka, la)
        if likely:
            return likely
    headed = _headed(ka, kb) if kind == "place" else None
    if headed:
        return headed
    if la or lb:
        return Identity(0.0, f"only one is in a known alias set ({la or lb})")
    if _is_acronym(ka.tokens, kb.tokens) or _is_acronym(kb.tokens, ka.tokens):
        return Identity(1.0, f"acronym: '{ka.plain}' ~ '{kb.plain}'")
    score = min(MAX_ALIKE, _dice(_keys(ka), _keys(kb)))
    return Identity(round(score, 4), f"spellings {score:.2f} alike: '{ka.plain}' ~ '{kb.plain}'")


def _stands_for(generic: NameKey, named: NameKey, label: str | None) -> Identity | None:
    """A generic name whose words all occur in a specific (or known) party's name."""
    if not generic.generic or (named.generic and not label):
        return None
    words = set(generic.tokens) - _QUALIFIERS - _FILLER
    if not words or not words <= set(named.tokens):
        return None
    return Identity(LIKELY, f"generic '{generic.plain}' stands for '{named.plain}' in one article")


def _headed(ka: NameKey, kb: NameKey) -> Identity | None:
    """A place name that begins with the other's whole (specific) name."""
    short, long = sorted((ka, kb), key=lambda k: len(k.tokens))
    if short.generic or len(short.tokens) >= len(long.tokens):
        return None
    if long.tokens[: len(short.tokens)] != short.tokens:
        return None
    return Identity(HEADED, f"'{short.plain}' heads '{long.plain}'")


def _is_acronym(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """``sdf`` for ``syrian democratic forces``: one token made of the other's initials."""
    words = [t for t in long if t not in _CONNECTIVES]
    return len(short) == 1 and len(words) >= 2 and short[0] == "".join(w[0] for w in words)


def _keys(key: NameKey) -> frozenset[str]:
    """Skeletons of the name's words, without filler such as "forces" unless nothing is left."""
    tokens = [t for t in key.tokens if t not in _FILLER] or list(key.tokens)
    return frozenset(_skeleton(t) for t in tokens)


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    """Token-set F1; weak words (Syrian, rebels, camp) count half, being common in names."""

    def weight(keys: frozenset[str]) -> float:
        return sum(0.5 if k in _WEAK else 1.0 for k in keys)

    return 2 * weight(a & b) / (weight(a) + weight(b)) if a and b else 0.0
