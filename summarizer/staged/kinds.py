"""What a candidate name is, where its shape or its neighbours settle it without the model.

A name the rules cannot settle goes to the model (``entities``). The rules, first that
applies wins:

- a collective source ("residents", "aid workers") takes its lexicon type; a nation's word with
  a force noun ("Malian soldiers", "Russian troops") is that state's forces where the article
  is set in that nation (``home_nations``) and a foreign force elsewhere; another descriptive
  phrase takes its head noun's type;
- a country is an actor where the text makes it act or speak ("Rwanda denies", "China's
  foreign ministry"), and a nation's force by name ("Syrian Arab Army", "US") is one wherever
  it stands: state forces at home, a foreign force elsewhere; a country that only sets the
  scene is nothing (nor a place: founding rule 9);
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
from collections import Counter
from functools import cache

from ..names import known_label, name_key
from .lexicon import Lexicon, alternation
from .mentions import Mention
from .text import Sentence

ORGANISATION = "organisation"
"""A kind meaning: an actor whose ACLED type the model picks (never a person or a place)."""
STATE = "state_forces"
FOREIGN = "external_force"
HOME_SHARE = 0.5
"""A nation is one an article is set in when its evidence is at least this share of the most
evidenced nation's."""
_ACRONYM = re.compile(r"^[A-Z]{2,8}$")
_CODE = re.compile(r"^[A-Z]+[0-9]+$")
_DATELINE = re.compile(r"^[A-Z][A-Z .’'/-]*[A-Z](?=\s*(?:[,:]|[—–-]|\())")
_FEDERAL_STATE = re.compile(r"^[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)? State$")
_POSSESSIVE_AFTER = re.compile(r"^[’']s\b")
_DATELINE_CITY = re.compile(r"^[A-Z][A-Z .’'/-]*[A-Z],\s+$")
DATELINE_WEIGHT = 3
"""A dateline's country ("GOMA, Congo —") counts as this many placings: where the copy was
filed is where the story is, far more often than any one "in X" says."""


def kind_by_rule(
    text: str,
    mentions: list[Mention],
    sentences: list[Sentence],
    lexicon: Lexicon,
    home: frozenset[str] | set[str] = frozenset(),
) -> str | None:
    """The kind the rules settle for ``text`` (see the module docstring), or ``None``.
    ``home`` are the keys of the nations the article is set in (``home_nations``)."""
    if mentions and all(m.descriptive for m in mentions):
        return descriptive_kind(text, lexicon, home)
    neighbours = [_neighbours(m, sentences) for m in mentions]
    nation = lexicon.nation_of(text)
    if nation is not None and text in lexicon.countries:
        acronym = any(text in n.acronyms for n in lexicon.nations)
        if acronym or any(_acts(before, after, lexicon) for before, after in neighbours):
            return STATE if nation in home else FOREIGN
        return "other"
    forces = lexicon.national_forces.match(text)
    if forces is not None:
        owner = lexicon.nation_of(text.split()[0]) or lexicon.nation_of(forces.group(0))
        return STATE if owner in home else FOREIGN
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
    if any(_titled(b, lexicon) or _role_before(b, lexicon) for b, _ in neighbours):
        return "person"
    return None


def speaks(mentions: list[Mention], sentences: list[Sentence], lexicon: Lexicon) -> bool:
    """Whether a name stands right before "said" or right after "according to" somewhere."""
    return any(_speech(*_neighbours(m, sentences), lexicon) for m in mentions)


def descriptive_kind(
    text: str, lexicon: Lexicon, home: frozenset[str] | set[str] = frozenset()
) -> str:
    """The actor type of a descriptive phrase (see the module docstring); ``home`` as for
    :func:`kind_by_rule`."""
    for kind, pattern in lexicon.source_heads.items():
        if pattern.search(text):
            return kind
    first = re.split(r"[\s’']", text, maxsplit=1)[0]
    nation = lexicon.nation_of(first)
    if nation is not None and lexicon.force_heads.search(text):
        return STATE if nation in home else FOREIGN
    for kind, pattern in lexicon.descriptive_types.items():
        if pattern.search(text):
            return kind
    return "rebel_group"


def home_nations(sentences: list[Sentence], lexicon: Lexicon) -> set[str]:
    """Keys of the nations the article is set in: those it places things in (a dateline's
    country, "in Iraq", "Syria's eastern desert", "the Iraqi city of Mosul") at least half as
    often as the most placed one; with no such words, the nation it names most (if twice or
    more). A bloc ("Western") is never one."""
    placed: Counter[str] = Counter()
    named: Counter[str] = Counter()
    for sentence in sentences:
        for match in _nation_words(lexicon).finditer(sentence.text):
            nation = lexicon.nation_of(match.group(0))
            if nation is None or nation in _blocs(lexicon):
                continue
            named[nation] += 1
            before, after = sentence.text[: match.start()], sentence.text[match.end() :]
            country = match.group(0) in lexicon.countries
            if country and _DATELINE_CITY.match(before):
                placed[nation] += DATELINE_WEIGHT
                continue
            located = country and lexicon.place_prepositions.search(before)
            if located or lexicon.home_place_words.match(_POSSESSIVE_AFTER.sub("", after, 1)):
                placed[nation] += 1
    counts = placed or Counter({k: v for k, v in named.items() if v >= 2})
    if not counts:
        return set()
    top = max(counts.values())
    return {nation for nation, count in counts.items() if count >= top * HOME_SHARE}


def _in_dateline(mention: Mention, sentences: list[Sentence]) -> bool:
    """Whether the mention lies in the capitals that open a sentence before a comma, dash or
    bracket: "SANAA/DUBAI, Aug 10 —", "ADDIS ABABA, Ethiopia (June 24) —"."""
    sentence = sentences[mention.sentence - 1]
    found = _DATELINE.match(sentence.text)
    return found is not None and mention.end - sentence.start <= found.end()


@cache
def _nation_words(lexicon: Lexicon) -> re.Pattern[str]:
    words = [w for n in lexicon.nations for w in (*n.names, *n.acronyms, *n.demonyms)]
    return re.compile(r"(?<![\w.])" + alternation([re.escape(w) for w in words]) + r"(?![\w-])")


@cache
def _blocs(lexicon: Lexicon) -> frozenset[str]:
    return frozenset(n.key for n in lexicon.nations if n.bloc)


def _acts(before: str, after: str, lexicon: Lexicon) -> bool:
    """Whether a country's mention is a party doing something: the subject of a verb of
    speech or action, an institution's owner, or the one accused."""
    head = after.lstrip()
    verb = re.match(rf"(?:{lexicon.auxiliaries}\s+)*(\w+)", head)
    if after[:1].isspace() and verb and _is_verb(verb.group(1), lexicon):
        return True
    relative = re.match(rf"^,\s+{lexicon.relative_pronouns}\s+(?:\w+\s+){{0,2}}?(\w+)", after)
    if relative and _is_verb(relative.group(1), lexicon):
        return True
    institution = rf"^[’']s\s+(?:\w+\s+){{0,2}}?{lexicon.institutions}\b"
    return bool(re.match(institution, after, re.I) or lexicon.accusation_verbs.search(before))


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
    opener = lexicon.appositive_openers
    role = re.match(rf"^(?:[’']s)?,\s+{opener}\s+((?:[\w.-]+\s*){{1,7}})", after)
    if role and any(lexicon.person_titles.fullmatch(w) for w in role.group(1).split()):
        return True
    return _speech(before, after, lexicon)


def _role_before(before: str, lexicon: Lexicon) -> bool:
    """Whether a role and a comma end the text before a name: "A spokesman of X, Saloum"."""
    tail = re.search(rf"(\S+)(?:\s+{lexicon.role_links}\s+[^,]{{1,60}})?,\s*$", before)
    return bool(tail and lexicon.roles.fullmatch(tail.group(1)))


def _speech(before: str, after: str, lexicon: Lexicon) -> bool:
    return bool(lexicon.speech_after.match(after) or lexicon.speech_before.search(before))
