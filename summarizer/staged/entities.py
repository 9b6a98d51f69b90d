"""Entity stage: the model types each candidate name; the program groups, names and links them.

The model's one decision per candidate is a choice from a fixed list (person, place, an ACLED
actor type, or other). Grouping aliases ("IS" with "Islamic State"), choosing canonical names,
place kinds, people's roles and affiliations, and backers are rules over the text, so every
kept name occurs in the article.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import get_args

from ..names import identify
from ..schema.draft import (
    ActorDraft,
    ActorType,
    PersonDraft,
    PlaceDraft,
    PlaceKind,
    item_id,
    section_of,
)
from .ask import Asker
from .kinds import ORGANISATION, STATE, home_nations, kind_by_rule, speaks
from .lexicon import Lexicon
from .mentions import Mention
from .text import Sentence

ACTOR_TYPES: tuple[ActorType, ...] = tuple(t for t in get_args(ActorType) if t != "unknown")
CHOICES = ("person", "place", *ACTOR_TYPES, "other")
MAX_CANDIDATES = 90
LIKELY = 0.75
MAX_ALIASES = 4  # the draft schema's bound on aliases
MAX_BACKERS = 3


@dataclass
class Entities:
    """Actors, people and places, and where each is mentioned, by sentence."""

    actors: list[ActorDraft] = field(default_factory=list)
    people: list[PersonDraft] = field(default_factory=list)
    places: list[PlaceDraft] = field(default_factory=list)
    mentions: dict[int, list[tuple[str, int]]] = field(default_factory=dict)
    """Sentence number -> (item id, character offset) of every kept mention, in text order."""
    labels: dict[str, str] = field(default_factory=dict)
    """Item id -> the name shown to the model in later stages."""
    sources: set[str] = field(default_factory=set)
    """Actor ids of collective sources ("residents"): parties only where they speak."""

    def in_sentence(self, number: int, section: str) -> list[str]:
        """Ids of ``section``'s items (actors, people or places) mentioned in sentence
        ``number``, first mention first."""
        found = [i for i, _ in self.mentions.get(number, []) if section_of(i) == section]
        return list(dict.fromkeys(found))

    def parties_in(self, number: int) -> list[str]:
        """Actor ids mentioned in sentence ``number`` that can act: no collective sources."""
        return [i for i in self.in_sentence(number, "actors") if i not in self.sources]


@dataclass
class _Group:
    names: list[str]
    kinds: list[str]
    descriptive: bool
    counts: Counter[str] = field(default_factory=Counter)


def find_entities(
    asker: Asker, sentences: list[Sentence], mentions: list[Mention], lexicon: Lexicon
) -> Entities:
    """Type the candidates with the model, then group and describe them by rule."""
    texts = list(dict.fromkeys(m.text for m in mentions))[:MAX_CANDIDATES]
    descriptive = {m.text for m in mentions if m.descriptive}
    by_text: dict[str, list[Mention]] = {}
    for mention in mentions:
        by_text.setdefault(mention.text, []).append(mention)
    home = home_nations(sentences, lexicon)
    types = {
        text: kind
        for text in texts
        if (kind := kind_by_rule(text, by_text[text], sentences, lexicon, home))
    }
    types |= _surnames([t for t in texts if t not in types], types, by_text, sentences, lexicon)
    contexts = {m.text: _context(m, sentences) for m in reversed(mentions)}
    types |= _ask_types(
        asker,
        [t for t in texts if types.get(t, ORGANISATION) == ORGANISATION],
        {t: types.get(t) for t in texts},
        contexts,
    )
    groups: dict[str, list[_Group]] = {"actor": [], "person": [], "place": []}
    owner: dict[str, tuple[str, int]] = {}
    for mention in mentions:
        kind = types.get(mention.text, "other")
        if mention.text in descriptive and kind in ("person", "place"):
            continue
        family = kind if kind in ("person", "place") else "actor"
        if kind == "other":
            continue
        if mention.text not in owner:
            owner[mention.text] = (family, _place_in(groups[family], mention.text, kind, family))
        group = groups[family][owner[mention.text][1]]
        group.counts[mention.text] += 1
        group.descriptive = group.descriptive and mention.text in descriptive
    entities = Entities()
    ids: dict[tuple[str, int], str] = {}
    sources = {m.text for m in mentions if m.source}
    kept, into = _fold_descriptive(groups["actor"], sources, lexicon)
    for index, group in enumerate(kept):
        actor_id = item_id("actors", index + 1)
        entities.actors.append(_actor(actor_id, group, descriptive, lexicon))
        if set(group.names) <= sources:
            entities.sources.add(actor_id)
    for index, target in enumerate(into):
        ids[("actor", index)] = item_id("actors", target + 1)
    for index, group in enumerate(groups["place"]):
        place_id = item_id("places", len(entities.places) + 1)
        ids[("place", index)] = place_id
        name = _canonical(group, descriptive, lexicon)
        entities.places.append(
            PlaceDraft(
                id=place_id,
                name=name,
                kind=_place_kind(name, lexicon),
                admin_area=None,
                country=None,
                relative=None,
            )
        )
    for index in range(len(groups["person"])):
        ids[("person", index)] = item_id("people", index + 1)
    for mention in mentions:
        if mention.text in owner:
            item = ids[owner[mention.text]]
            entities.mentions.setdefault(mention.sentence, []).append((item, mention.start))
    for index, group in enumerate(groups["person"]):
        person_id = ids[("person", index)]
        entities.people.append(_person(person_id, group, sentences, entities, lexicon))
    for actor in entities.actors:
        entities.labels[actor.id] = actor.name
    for person in entities.people:
        entities.labels[person.id] = person.name
    for place in entities.places:
        entities.labels[place.id] = place.name
    return entities


def _ask_types(
    asker: Asker, texts: list[str], ruled: dict[str, str | None], contexts: dict[str, str]
) -> dict[str, str]:
    """The model's type for each name the rules left open; a name the rules found to be an
    organisation gets only the actor types (and "other") to choose from."""
    types: dict[str, str] = {}
    for text in texts:
        choices = [*ACTOR_TYPES, "other"] if ruled[text] == ORGANISATION else list(CHOICES)
        picked = asker.choose("entities", f"{text} (in: {contexts[text]})", choices)
        types[text] = picked if picked is not None else "other"
    return types


def _surnames(
    texts: list[str],
    types: dict[str, str],
    mentions: dict[str, list[Mention]],
    sentences: list[Sentence],
    lexicon: Lexicon,
) -> dict[str, str]:
    """A one-word name that ends a name already typed as a person is that person; so are a
    one-word name that speaks ("Saloum said") and the longer name it ends."""
    people = [name for name, kind in types.items() if kind == "person" and " " in name]
    found = {text: "person" for text in texts if " " not in text and _surname_of(text, people)}
    for text in texts:
        if " " in text or text in found or not speaks(mentions[text], sentences, lexicon):
            continue
        longer = [t for t in texts if " " in t and t.split()[-1] == text and t not in types]
        if longer:
            found |= {name: "person" for name in [text, *longer]}
    return found


def _context(mention: Mention, sentences: list[Sentence]) -> str:
    """A few words either side of the mention, quoted, so the model sees how it is used."""
    sentence = sentences[mention.sentence - 1]
    at = mention.start - sentence.start
    before = sentence.text[:at].split()[-6:]
    after = sentence.text[at + len(mention.text) :].split()[:5]
    return '"' + " ".join([*before, mention.text, *after]) + '"'


def _fold_descriptive(
    groups: list[_Group], sources: set[str], lexicon: Lexicon
) -> tuple[list[_Group], list[int]]:
    """Fewer, truer actors: a descriptive-only group ("rebels", "the army") joins the one
    named actor of its type that shares a word with it; "the army" joins the state even
    without one when the article names one state (an article has rebels of many sides, and
    seldom more than one state of its own). Otherwise the descriptive groups of one type
    become one actor. Collective sources join
    only their own kind ("residents" with "a resident", never "witnesses"). Returns the kept
    groups and, per old group, its index."""
    named = [g for g in groups if not g.descriptive]
    kept = list(named)
    by_key: dict[str, _Group] = {}
    targets: list[_Group] = []
    for group in groups:
        if not group.descriptive:
            targets.append(group)
            continue
        if set(group.names) <= sources:
            key, same = "source:" + _source_key(group.names[0]), []
        else:
            key = _main_kind(group)
            same = [g for g in named if _main_kind(g) == key]
            if len(same) > 1 or key != STATE:
                same = [g for g in same if _share_word(g, group, lexicon if key == STATE else None)]
        target = same[0] if len(same) == 1 else by_key.get(key)
        if target is None:
            by_key[key] = group
            kept.append(group)
            targets.append(group)
            continue
        target.names.extend(group.names)
        target.kinds.extend(group.kinds)
        target.counts.update(group.counts)
        by_key.setdefault(key, target)
        targets.append(target)
    position = {id(g): i for i, g in enumerate(kept)}
    return kept, [position[id(target)] for target in targets]


def _source_key(name: str) -> str:
    """ "Residents" and "resident", "aid workers" and "aid worker": one source."""
    words = name.lower().split()
    return " ".join([*words[-2:-1], words[-1][:6]])


def _share_word(named: _Group, descriptive: _Group, lexicon: Lexicon | None) -> bool:
    """Whether a descriptive name repeats a word of the named actor's ("Syrian troops" and
    "Syrian army"), or, given the ``lexicon``, its nation ("Ukrainian troops" and
    "Ukraine"): the least a reader needs to take one for the other."""

    def words(group: _Group) -> set[str]:
        found = set()
        for name in group.names:
            for word in re.split(r"[\s-]+", name):
                plain = word.strip(".’'").removesuffix("’s").removesuffix("'s")
                nation = lexicon.nation_of(plain) if lexicon is not None else None
                found.add(f"nation:{nation}" if nation else plain.lower())
        return found

    return bool(words(named) & words(descriptive))


def _main_kind(group: _Group) -> str:
    kinds = Counter(k for k in group.kinds if k in ACTOR_TYPES)
    return kinds.most_common(1)[0][0] if kinds else "unknown"


def _place_in(groups: list[_Group], name: str, kind: str, family: str) -> int:
    """The index of the group ``name`` joins, creating one when it joins none."""
    role = "place" if family == "place" else "person" if family == "person" else "actor"
    likely: list[int] = []
    for index, group in enumerate(groups):
        scores = [identify(name, other, role, one_article=True).score for other in group.names]
        best = max(scores, default=0.0)
        if best >= 1.0 or (role == "person" and _surname_of(name, group.names)):
            group.names.append(name)
            group.kinds.append(kind)
            return index
        if best >= LIKELY:
            likely.append(index)
    if len(likely) == 1:
        groups[likely[0]].names.append(name)
        groups[likely[0]].kinds.append(kind)
        return likely[0]
    groups.append(_Group([name], [kind], descriptive=True))
    return len(groups) - 1


def _surname_of(name: str, names: list[str]) -> bool:
    return " " not in name and any(other.split()[-1] == name for other in names if " " in other)


def _canonical(group: _Group, descriptive: set[str], lexicon: Lexicon) -> str:
    """The most used proper name, the longer on a tie, without a title before it ("President");
    descriptive phrases only if nothing else."""

    def rank(name: str) -> tuple[bool, int, int]:
        return (name not in descriptive, group.counts[name], len(name))

    best = max(group.names, key=rank)
    first = re.match(r"(\S+(?:\s+\S+)?)\s+", best)
    for title in (first.group(1), first.group(1).split()[0]) if first else ():
        if title[:1].isupper() and lexicon.person_titles.fullmatch(title.rstrip(".")):
            return best[len(title) :].lstrip(". ") or best
    return best


def _actor(actor_id: str, group: _Group, descriptive: set[str], lexicon: Lexicon) -> ActorDraft:
    name = _canonical(group, descriptive, lexicon)
    kinds = Counter(k for k in group.kinds if k in ACTOR_TYPES)
    actor_type: ActorType = kinds.most_common(1)[0][0] if kinds else "unknown"
    backers = sorted(
        {_backer(m.group(1), lexicon) for n in group.names for m in lexicon.backed.finditer(n)}
    )
    others = [n for n in dict.fromkeys(group.names) if n != name]
    aliases = sorted(others, key=lambda n: -group.counts[n])[:MAX_ALIASES]
    return ActorDraft(
        id=actor_id,
        name=name,
        aliases=aliases,
        type=actor_type,
        member_of=None,
        backers=backers[:MAX_BACKERS],
    )


def _backer(word: str, lexicon: Lexicon) -> str:
    """The label of the nation a "-backed" word names ("Russian" -> "Russia")."""
    key = lexicon.nation_of(word)
    return next((n.backer for n in lexicon.nations if n.key == key), word.title())


def _person(
    person_id: str,
    group: _Group,
    sentences: list[Sentence],
    entities: Entities,
    lexicon: Lexicon,
) -> PersonDraft:
    name = max(group.names, key=len)
    role: str | None = None
    affiliation: str | None = None
    for sentence in sentences:
        at = sentence.text.find(name)
        if at < 0:
            continue
        after = sentence.text[at + len(name) :]
        found = _role(after, lexicon)
        if found:
            role = found
        actors = [
            (item, offset)
            for item, offset in entities.mentions.get(sentence.number, [])
            if section_of(item) == "actors" and item not in entities.sources
        ]
        later = [item for item, offset in actors if offset >= sentence.start + at]
        ranked = later or [item for item, _ in actors]
        affiliation = ranked[0] if ranked else None
        break
    return PersonDraft(id=person_id, name=name, role=role, affiliation=affiliation)


def _role(after: str, lexicon: Lexicon) -> str | None:
    """The role an apposition gives right after a name: ", a senior commander of ..." ->
    "senior commander"; at most four words before the role word."""
    opening = re.match(rf"^,?\s+{lexicon.appositive_openers}\s+", after, re.I)
    if opening is None:
        return None
    words: list[str] = []
    for token in after[opening.end() :].split()[:5]:
        word = token.rstrip(",.;:")
        if not re.fullmatch(r"[\w-]+", word):
            break
        words.append(word)
        if lexicon.roles.fullmatch(word):
            return " ".join(words)[:60]
        if word != token:
            break
    return None


def _place_kind(name: str, lexicon: Lexicon) -> PlaceKind:
    for kind, pattern in lexicon.place_kinds.items():
        if pattern.search(name):
            return kind  # type: ignore[return-value]
    return "other"
