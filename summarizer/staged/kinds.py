"""What a candidate name is, where its shape or its neighbours settle it without the model.

A name the rules cannot settle goes to the model (``entities``). The rules, first that
applies wins: a descriptive phrase takes its head noun's actor type; a country, a nationality
word and a one-word capitalised dateline are none of these; an organisation word
(Army, Front, News, Observatory ...) makes an actor of the type that word marks; a place word
(highway, base, province ...) makes a place; a name after a title or before ", a spokesman"
or "said" is a person; a name most often after "in", "near", "from" is a place.
"""

from __future__ import annotations

import re

from ..names import known_label, name_key
from .lexicon import Lexicon
from .mentions import Mention
from .text import Sentence

_ROLE_AFTER = re.compile(r"^(?:[’']s)?,\s+(?:an?|the|who|its|their)\s+((?:[\w.-]+\s*){1,7})")
_SPEECH_AFTER = re.compile(r"^\s+(?:said|says|told|added|explained|noted|stated)\b")
_SPEECH_BEFORE = re.compile(r"\b(?:said|says|told|according to)\s+$")
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")


def kind_by_rule(
    text: str, mentions: list[Mention], sentences: list[Sentence], lexicon: Lexicon
) -> str | None:
    """The kind the rules settle for ``text`` (see the module docstring), or ``None``."""
    if mentions and all(m.descriptive for m in mentions):
        for kind, pattern in lexicon.descriptive_types.items():
            if pattern.search(text):
                return kind
        return "rebel_group"
    if lexicon.place_kinds["country"].search(text):
        return "other"  # countries are not places in a report (founding rule 9)
    if text.lower() in lexicon.nationalities:
        return "other"
    if text.isupper() and len(text) > 4 and " " not in text:
        return "other"  # a dateline: where the copy was filed, not where anything happened
    label = known_label(name_key(text, "actor"), "actor")
    if label is not None:
        return _named_type(label, lexicon) or "rebel_group"
    if lexicon.person_titles.match(text):
        return "person"
    if lexicon.org_words.search(text) or _ACRONYM.match(text):
        return _named_type(text, lexicon)
    if any(p.search(text) for k, p in lexicon.place_kinds.items() if k != "country"):
        return "place"
    before_after = [_neighbours(m, sentences) for m in mentions]
    if any(_is_person(before, after, lexicon) for before, after in before_after):
        return "person" if len(text.split()) > 1 or len(mentions) > 0 else None
    after_preposition = sum(bool(lexicon.place_prepositions.search(b)) for b, _ in before_after)
    if before_after and after_preposition * 2 >= len(before_after):
        return "place"
    return None


def _named_type(text: str, lexicon: Lexicon) -> str | None:
    for kind, pattern in lexicon.named_actor_types.items():
        if pattern.search(text):
            return kind
    return None


def _neighbours(mention: Mention, sentences: list[Sentence]) -> tuple[str, str]:
    sentence = sentences[mention.sentence - 1]
    at = mention.start - sentence.start
    return sentence.text[:at], sentence.text[at + len(mention.text) :]


def _is_person(before: str, after: str, lexicon: Lexicon) -> bool:
    tail = before.split()[-2:]
    if tail and lexicon.person_titles.fullmatch(" ".join(tail).strip(",")):
        return True
    if tail and lexicon.person_titles.fullmatch(tail[-1].strip(",")):
        return True
    role = _ROLE_AFTER.match(after)
    if role and any(lexicon.person_titles.fullmatch(w) for w in role.group(1).split()):
        return True
    return bool(_SPEECH_AFTER.match(after) or _SPEECH_BEFORE.search(before))
