"""Similarity of the pieces items are made of: names (through :mod:`summarizer.names`, as
names of one article), free text (token-set F1 over content words, crudely stemmed), counts
(within 10%) and dates (a prefix covers, the same month earns half)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from ..alignment import WORD, normalize
from ..names import ARTICLE_TOKENS, Kind, best_identity, identify

_DOUBLED = re.compile(r"(.)\1+")
_ARTICLE_PREFIX = re.compile(
    r"\b(?:" + "|".join(sorted(ARTICLE_TOKENS, key=len, reverse=True)) + r")-"
)


def _words(text: str) -> frozenset[str]:
    """A word list as tokens look after doubled letters collapse (troops -> trops)."""
    return frozenset(_DOUBLED.sub(r"\1", w) for w in text.split())


_STOPWORDS = _words(
    "a an and are as at be been but by for from had has have he her his in into is it its of on "
    "or our over said say says she that the their them there they this those to was we were "
    "which while who will with would"
)


def _tokens(text: str) -> list[str]:
    """Free-text word tokens: ``IS`` kept apart from the verb, articles and apostrophes gone."""
    text = re.sub(r"\bIS\b", "ISIS", text)
    norm = normalize(text)[0]
    norm = re.sub(r"'s\b", "", norm).replace("'", "").replace(".", "")
    norm = _ARTICLE_PREFIX.sub(" ", norm)
    return [_DOUBLED.sub(r"\1", t) for t in WORD.findall(norm) if t not in {"al", "el", "the"}]


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    """Token-set F1."""
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def name_similarity(a: str, b: str, kind: Kind = "actor") -> float:
    """How alike two names of one article are, 1.0 for the same party under another name."""
    return identify(a, b, kind, one_article=True).score


def names_similarity(a: Sequence[str], b: Sequence[str], kind: Kind = "actor") -> float:
    """The best similarity between any name of one item and any name of the other."""
    return best_identity(a, b, kind, one_article=True).score


@lru_cache(maxsize=8192)
def _content_tokens(text: str) -> frozenset[str]:
    """Content words, crudely stemmed so ``captured``, ``captures`` and ``capture`` agree."""
    words = (t for t in _tokens(text) if t not in _STOPWORDS)
    return frozenset(re.sub(r"(ing|ed|es|s|e)$", "", t) if len(t) > 4 else t for t in words)


def text_similarity(a: str | None, b: str | None) -> float:
    """Token-set F1 over content words; 1.0 when both are absent."""
    if not a and not b:
        return 1.0
    return _dice(_content_tokens(a or ""), _content_tokens(b or ""))


def numbers_close(a: int | None, b: int | None) -> bool:
    """Equal within 10% or plus or minus one; two absent numbers agree."""
    if a is None or b is None:
        return a is b
    return abs(a - b) <= max(1.0, 0.1 * max(a, b))


def date_similarity(a: str | None, b: str | None) -> float:
    """1.0 when one date is a prefix of the other (2016-06 covers 2016-06-29), 0.5 same month."""
    if a is None or b is None:
        return 1.0 if a is b else 0.0
    x, y = a.strip().casefold(), b.strip().casefold()
    if x.startswith(y) or y.startswith(x):
        return 1.0
    return 0.5 if len(x) >= 7 and x[:7] == y[:7] else 0.0
