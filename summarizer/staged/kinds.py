"""What a candidate name is, where its shape or its neighbours settle it without the model.

A name the rules cannot settle goes to the model (``entities``). The rules, first that
applies wins:

- a collective source ("residents", "aid workers") takes its lexicon type; another descriptive
  phrase takes its head noun's type, and a nationality with a force noun ("Malian soldiers")
  is a state's forces unless the lexicon lists that nationality's forces as foreign;
- a country is an actor where the text makes it act or speak ("Rwanda denies", "China's
  foreign ministry"): that state's forces if the article calls its soldiers state forces, else
  a foreign force; a country that only sets the scene is nothing (nor a place: founding rule 9);
- a nationality word and a dateline ("CAIRO, June 6") are nothing;
- "<Name> State" is a place (a federal state: Shan State, Borno State; "Islamic State" is a
  known party, settled before);
- an organisation word (Army, Front, Watch, Programme ...) or an acronym makes an actor, of the
  type that word marks, or of a type the model picks among actor types only;
- a place word (highway, base, province ...) makes a place; a name after a title, or a
  name of several words right before "said", is a person; a name most often right after "in",
  "at", "near" is a place, and so is a one-word name most often after "of", "to" or "from"
  (words that precede people and organisations too); a name in the project's place alias
  sets is a place.
"""

from __future__ import annotations

import re

from ..names import known_label, name_key
from .lexicon import Lexicon
from .mentions import Mention
from .text import Sentence

ORGANISATION = "organisation"
"""A kind meaning: an actor whose ACLED type the model picks (never a person or a place)."""
_ROLE_AFTER = re.compile(r"^(?:[’']s)?,\s+(?:an?|the|who|its|their)\s+((?:[\w.-]+\s*){1,7})")
_SPEECH_AFTER = re.compile(r"^\s+(?:said|says|told|added|explained|noted|stated)\b")
_SPEECH_BEFORE = re.compile(r"\b(?:said|says|told|according to)\s+$")
_ACRONYM = re.compile(r"^[A-Z]{2,8}$")
_CODE = re.compile(r"^[A-Z]+[0-9]+$")
_DATELINE = re.compile(r"^[A-Z][A-Z .’'/-]*[A-Z](?=\s*(?:[,:]|[—–-]|\())")
_ROLE_BEFORE = re.compile(
    r"\b(?:spokes\w+|commander|official|leader|head|chief|director|minister|envoy|founder|"
    r"governor|mayor|president)(?:\s+(?:of|for|at)\s+[^,]{1,60})?,\s*$",
    re.I,
)
_FORCE_HEAD = re.compile(
    r"\b(?:troops|forces|soldiers|army|military|police|navy|air force|junta)\b", re.I
)
_INSTITUTION_AFTER = re.compile(
    r"^[’']s\s+(?:\w+\s+){0,2}?(?:government|army|military|forces|troops|ministry|president|"
    r"leader|embassy|envoy|spokes\w+|officials?|authorities)\b",
    re.I,
)
_RELATIVE_AFTER = re.compile(r"^,\s+(?:which|who)\s+(?:\w+\s+){0,2}?(\w+)")
_ACCUSED_BEFORE = re.compile(r"\b(?:accus\w+|blam\w+|condemn\w+)\s+$", re.I)
_FEDERAL_STATE = re.compile(r"^[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)? State$")
_QUALIFIERS = frozenset(["North", "South", "DR", "Democratic", "Central", "United"])


def kind_by_rule(
    text: str,
    mentions: list[Mention],
    sentences: list[Sentence],
    lexicon: Lexicon,
    own: frozenset[str] | set[str] = frozenset(),
) -> str | None:
    """The kind the rules settle for ``text`` (see the module docstring), or ``None``.
    ``own`` are the nations whose forces the article calls state forces (``own_nations``)."""
    if mentions and all(m.descriptive for m in mentions):
        return descriptive_kind(text, lexicon)
    neighbours = [_neighbours(m, sentences) for m in mentions]
    if text in lexicon.countries:
        if any(_acts(before, after, lexicon) for before, after in neighbours):
            return "state_forces" if nation_key(text) in own else "external_force"
        return "other"
    if text.lower() in lexicon.nationalities:
        return "other"
    if text.isupper() and all(_in_dateline(m, sentences) for m in mentions):
        return "other"  # a dateline: where the copy was filed, not where anything happened
    label = known_label(name_key(text, "actor"), "actor")
    if label is not None:
        return _named_type(label, lexicon) or "rebel_group"
    if lexicon.person_titles.match(text):
        return "person"
    if _FEDERAL_STATE.match(text):
        return "place"
    if lexicon.org_words.search(text) or _ACRONYM.match(text):
        return _named_type(text, lexicon) or ORGANISATION
    if any(p.search(text) for p in lexicon.place_kinds.values()):
        return "place"
    if known_label(name_key(text, "place"), "place") is not None:
        return "place"
    strong = sum(bool(lexicon.place_prepositions.search(b)) for b, _ in neighbours)
    weak = sum(bool(lexicon.weak_place_prepositions.search(b)) for b, _ in neighbours)
    if " " in text:
        weak = 0  # "loyal to Khalifa Haftar", "of the Red Cross": people and organisations too
    if neighbours and (strong + weak) * 2 >= len(neighbours) and strong + weak > 0:
        return "place"
    if _CODE.match(text):
        return ORGANISATION  # "M23": a code name, not a person's
    if len(text.split()) > 1 and any(_is_person(b, a, lexicon) for b, a in neighbours):
        return "person"
    if any(_titled(b, lexicon) or _ROLE_BEFORE.search(b) for b, _ in neighbours):
        return "person"
    return None


def speaks(mentions: list[Mention], sentences: list[Sentence]) -> bool:
    """Whether a name stands right before "said" or right after "according to" somewhere."""
    return any(_speech(*_neighbours(m, sentences)) for m in mentions)


def descriptive_kind(text: str, lexicon: Lexicon) -> str:
    """The actor type of a descriptive phrase (see the module docstring)."""
    for kind, pattern in lexicon.source_heads.items():
        if pattern.search(text):
            return kind
    for kind, pattern in lexicon.descriptive_types.items():
        if pattern.search(text):
            return kind
    first = re.split(r"[\s’']", text, maxsplit=1)[0]
    if is_nation(first, lexicon) and _FORCE_HEAD.search(text):
        return "state_forces"  # a nation's own forces, unless the lexicon knows them as foreign
    return "rebel_group"


def own_nations(mentions: list[Mention], lexicon: Lexicon) -> set[str]:
    """Keys (``nation_key``) of the nations whose forces the article names as state forces
    ("Malian soldiers"): an acting country among them is that state, not a foreign force."""
    found = set()
    for mention in mentions:
        first = re.split(r"[\s’']", mention.text, maxsplit=1)[0]
        state = mention.descriptive and descriptive_kind(mention.text, lexicon) == "state_forces"
        if state and is_nation(first, lexicon):
            found.add(nation_key(first))
    return found


def nation_key(name: str) -> str:
    """What a country's name and its nationality word share: "Mali" and "Malian" -> "mali"."""
    words = name.split()
    word = words[-1] if len(words) > 1 and words[0] in _QUALIFIERS else words[0]
    return word.lower()[:4]


def _in_dateline(mention: Mention, sentences: list[Sentence]) -> bool:
    """Whether the mention lies in the capitals that open a sentence before a comma, dash or
    bracket: "SANAA/DUBAI, Aug 10 —", "ADDIS ABABA, Ethiopia (June 24) —"."""
    sentence = sentences[mention.sentence - 1]
    found = _DATELINE.match(sentence.text)
    return found is not None and mention.end - sentence.start <= found.end()


def is_nation(word: str, lexicon: Lexicon) -> bool:
    """Whether ``word`` is a country's name or a nationality word."""
    return word in lexicon.countries or word.lower() in lexicon.nationalities


def _acts(before: str, after: str, lexicon: Lexicon) -> bool:
    """Whether a country's mention is a party doing something: the subject of a verb of
    speech or action, an institution's owner, or the one accused."""
    head = after.lstrip()
    verb = re.match(r"(?:(?:has|have|had|also|again|later|then|is|was)\s+)*(\w+)", head)
    if after[:1].isspace() and verb and _is_verb(verb.group(1), lexicon):
        return True
    relative = _RELATIVE_AFTER.match(after)
    if relative and _is_verb(relative.group(1), lexicon):
        return True
    return bool(_INSTITUTION_AFTER.match(after) or _ACCUSED_BEFORE.search(before))


def _is_verb(word: str, lexicon: Lexicon) -> bool:
    return bool(lexicon.reporting.fullmatch(word) or lexicon.agent_verbs.fullmatch(word))


def _named_type(text: str, lexicon: Lexicon) -> str | None:
    for kind, pattern in lexicon.named_actor_types.items():
        if pattern.search(text):
            return kind
    return None


def _neighbours(mention: Mention, sentences: list[Sentence]) -> tuple[str, str]:
    sentence = sentences[mention.sentence - 1]
    at = mention.start - sentence.start
    return sentence.text[:at], sentence.text[at + len(mention.text) :]


def _titled(before: str, lexicon: Lexicon) -> bool:
    tail = before.split()[-2:]
    if tail and lexicon.person_titles.fullmatch(" ".join(tail).strip(",")):
        return True
    return bool(tail and lexicon.person_titles.fullmatch(tail[-1].strip(",")))


def _is_person(before: str, after: str, lexicon: Lexicon) -> bool:
    role = _ROLE_AFTER.match(after)
    if role and any(lexicon.person_titles.fullmatch(w) for w in role.group(1).split()):
        return True
    return _speech(before, after)


def _speech(before: str, after: str) -> bool:
    return bool(_SPEECH_AFTER.match(after) or _SPEECH_BEFORE.search(before))
