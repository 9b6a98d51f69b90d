"""Name identity, the one home of "are these the same name?" for scoring, merging and chunks.

``keys`` folds a name to a matching key (case, diacritics, punctuation, Arabic articles,
designators, transliteration variants) and records every step; ``aliases`` reads the known alias
sets from ``prompts/aliases.v1.json``; ``identity`` decides, with a reason, how strongly two
names denote one party. The eval matcher, the picture resolver (``summarize merge``) and the
merging of a long article's partial reports all decide through this package.

Bare "government" (and "regime", "coalition", "rebel forces") is in no alias set. Such a word
names whichever party the sentence is about: the Syrian government in one article, the Iraqi or
Jordanian one in the next. So across articles it joins nothing (merge lists it as a hint,
never a merge), and within one article it is a likely match, short of identity, for the listed
party whose name holds the word ("government" for "Syrian government forces"), which is how a
reader of that one article takes it. Named forms ("Syrian government", "Assad regime", "US-led
coalition") are in the sets and join everywhere.

This package imports only ``errors`` and ``resources``, so every layer above may use it.
"""

from __future__ import annotations

from .aliases import AliasSet, alias_sets, known_label
from .identity import Identity, best_identity, identify
from .keys import (
    ARTICLE_TOKENS,
    Kind,
    NameKey,
    explain,
    name_key,
    plain,
    skeleton,
    split_names,
)

__all__ = [
    "ARTICLE_TOKENS",
    "AliasSet",
    "Identity",
    "Kind",
    "NameKey",
    "alias_sets",
    "best_identity",
    "explain",
    "identify",
    "known_label",
    "name_key",
    "plain",
    "skeleton",
    "split_names",
]
