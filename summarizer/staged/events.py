"""Event and control stages: cue rules pick the sentences, the model makes small choices.

Events: a sentence with an event word (clash, airstrike, shelling, withdrew ...) or a control
verb is a candidate; the model names the ACLED event type it reports, or "none". Actors,
place, date and fatalities come from what the sentence names.

Control: a sentence with a control verb (captured, seized, withdrew ...) that names a place is
a candidate (a place named only as a reference point, "southwest of Palmyra", "near Damascus",
is not offered); the model chooses the place that changed hands, who gained and who lost it, each
among the names in that sentence (and the one before). Status follows ISW: "claimed" when the
sentence is a claim, "contested" when it says fighting goes on, else "assessed".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any, get_args

from ..schema.draft import (
    ControlChangeDraft,
    ControlStatus,
    EventDraft,
    EventType,
    Fatalities,
    item_id,
)
from .ask import Asker, choice
from .entities import Entities
from .evidence import NAME_MAX, TEXT_MAX, clip, quote
from .lexicon import Lexicon, alternation
from .text import Sentence

NONE = "none"
UNKNOWN = "unknown"
EVENT_ORDER = (
    "suicide_bomb",
    "ied",
    "air_strike",
    "shelling",
    "attack_on_civilians",
    "battle",
    "strategic_development",
)
EVENT_TYPES: tuple[EventType, ...] = tuple(t for t in get_args(EventType) if t != "other")


@dataclass(frozen=True)
class _Cues:
    """The event rules' patterns, built from the lexicon's words."""

    killed: re.Pattern[str]
    area: re.Pattern[str]
    anchor: re.Pattern[str]
    date: re.Pattern[str]


@cache
def _cues(lexicon: Lexicon) -> _Cues:
    qualifiers = alternation([*lexicon.lower_bounds, *lexicon.approximations])
    units = lexicon.distance_units
    months, days = alternation(lexicon.months), alternation(lexicon.weekdays)
    return _Cues(
        killed=re.compile(
            rf"\b(?:({qualifiers})\s+)?(\d[\d,]*)\s+((?:[\w-]+\s+){{0,3}}?)"
            rf"(?:{lexicon.passive_auxiliaries}\s+)?({lexicon.death_words})\b",
            re.I,
        ),
        area=re.compile(
            rf"\b(?:{qualifiers}\s+)?[\d,.]+\s*(?:sq(?:uare)?\.?\s*)?{units}\b"
            r"(?:\s*\([^)]{0,30}\))?",
            re.I,
        ),
        anchor=re.compile(
            rf"\b(?:{lexicon.compass}\w*\s+of|{units}\s+(?:\w+\s+)?(?:of|from)|"
            rf"{lexicon.reference_prepositions})\s+(?:the\s+)?(?:[\w-]+\s+){{0,3}}$",
            re.I,
        ),
        date=re.compile(
            rf"\b(?:on\s+)?({months}\s+\d{{1,2}}(?:,\s*\d{{4}})?|\d{{1,2}}\s+{months}"
            rf"(?:\s+\d{{4}})?|(?:on\s+)?{days})\b"
        ),
    )


def find_events(
    sentences: list[Sentence], entities: Entities, lexicon: Lexicon
) -> list[EventDraft]:
    """One event per sentence whose words mark an event type and that names a party;
    neighbouring sentences of one type and place are one event."""
    events: list[EventDraft] = []
    last: tuple[int, str, str | None] | None = None
    for sentence in sentences:
        actors = combatants(entities.parties_in(sentence.number), entities, lexicon)
        kind = event_type(sentence.text, lexicon)
        if kind is None or not actors or lexicon.intent_markers.search(sentence.text):
            continue
        places = entities.in_sentence(sentence.number, "places")
        place = places[0] if places else None
        if last and last[0] == sentence.number - 1 and last[1:] == (kind, place):
            previous = events[-1]
            if len(previous.quotes) < 2:
                events[-1] = previous.model_copy(
                    update={"quotes": [*previous.quotes, quote(sentence)]}
                )
            last = (sentence.number, kind, place)
            continue
        date = _cues(lexicon).date.search(sentence.text)
        events.append(
            EventDraft(
                id=item_id("events", len(events) + 1),
                quotes=[quote(sentence)],
                type=kind,  # type: ignore[arg-type]
                description=clip(sentence.text, TEXT_MAX),
                actors=actors[:4],
                place=place,
                date=clip(date.group(1), NAME_MAX) if date else None,
                date_precision="unknown",
                fatalities=_fatalities(sentence.text, lexicon),
            )
        )
        last = (sentence.number, kind, place)
    return events


def combatants(actor_ids: list[str], entities: Entities, lexicon: Lexicon) -> list[str]:
    """``actor_ids`` without the outlets, agencies and monitors, which report a fight and
    hold no ground: they may relay a claim, never be a party or a holder."""
    relaying = {a.id for a in entities.actors if a.type in lexicon.relaying_types}
    return [a for a in actor_ids if a not in relaying]


def event_type(text: str, lexicon: Lexicon) -> str | None:
    """The ACLED event type the sentence's words mark, most specific first."""
    for kind in EVENT_ORDER:
        if lexicon.events[kind].search(text):
            return kind
    if lexicon.control.search(text):
        return "battle"
    return None


def _fatalities(text: str, lexicon: Lexicon) -> list[Fatalities]:
    found = []
    for match in _cues(lexicon).killed.finditer(text):
        count = int(match.group(2).replace(",", ""))
        qualifier = (match.group(1) or "").lower()
        who = "civilians" if "civilian" in match.group(0).lower() else "unknown"
        low = count if qualifier in lexicon.lower_bounds else None
        found.append(Fatalities(who=who, low=low, best=count, high=None))
    return found[:3]


def find_control_changes(
    asker: Asker,
    sentences: list[Sentence],
    entities: Entities,
    lexicon: Lexicon,
    claimed: set[int],
) -> list[ControlChangeDraft]:
    """Control changes the model confirms in control-verb sentences; ``claimed`` are claim
    sentences' numbers, whose changes rest on a party's word."""
    options: dict[int, tuple[dict[str, str], dict[str, str]]] = {}
    by_number = {s.number: s for s in sentences}
    for index, sentence in enumerate(sentences):
        if not lexicon.control.search(sentence.text):
            continue
        places = [
            p
            for p in entities.in_sentence(sentence.number, "places")
            if not entities.labels[p].isupper() and not _only_anchor(p, sentence, entities, lexicon)
        ]
        if not places:
            continue
        if lexicon.unfinished_control.search(sentence.text):
            continue  # a campaign to take, an advance to the edge of: nothing changed hands
        actor_ids = entities.parties_in(sentence.number)
        if index > 0:
            actor_ids += entities.parties_in(sentences[index - 1].number)
        actor_ids = combatants(actor_ids, entities, lexicon)
        actors = {entities.labels[a]: a for a in dict.fromkeys(actor_ids)}
        options[sentence.number] = ({entities.labels[p]: p for p in places}, actors)
    if not options:
        return []
    answers: dict[int, dict[str, Any]] = {}
    for number, (place_names, actor_names) in options.items():
        sentence = by_number[number]
        item = (
            f"[{sentence.label}] {clip(sentence.text, 300)}\n"
            f"places: {' | '.join([*place_names, NONE])}\n"
            f"actors: {' | '.join([*actor_names, UNKNOWN])}"
        )
        sides = choice([*actor_names, UNKNOWN])
        fields = {"place": choice([*place_names, NONE]), "gained": sides, "lost": sides}
        answer = asker.ask("control", item, fields)
        if answer is not None:
            answers[number] = answer
    changes: list[ControlChangeDraft] = []
    seen: dict[tuple[str, str], int] = {}
    for number, (place_names, actor_names) in options.items():
        sentence = by_number[number]
        picked = answers.get(number)
        if picked is None:
            continue
        place = place_names.get(str(picked["place"]))
        if place is None:
            continue
        after = actor_names.get(str(picked["gained"]))
        before = actor_names.get(str(picked["lost"]))
        if after is None:
            continue  # a change of hands no one is said to have made is not reported
        if before == after:
            before = None
        key = (place, after)
        if key in seen:
            index = seen[key]
            if len(changes[index].quotes) < 2:
                quotes = [*changes[index].quotes, quote(sentence)]
                changes[index] = changes[index].model_copy(update={"quotes": quotes})
            continue
        seen[key] = len(changes)
        area = _cues(lexicon).area.search(sentence.text)
        status: ControlStatus = "assessed"
        if lexicon.contested.search(sentence.text):
            status = "contested"
        elif number in claimed:
            status = "claimed"
        changes.append(
            ControlChangeDraft(
                id=item_id("control_changes", len(changes) + 1),
                quotes=[quote(sentence)],
                place=place,
                before=before,
                after=after,
                status=status,
                area=clip(area.group(0), NAME_MAX) if area else None,
            )
        )
    return changes


def _only_anchor(place: str, sentence: Sentence, entities: Entities, lexicon: Lexicon) -> bool:
    """Whether every mention of ``place`` in the sentence only locates something else
    ("60km southwest of Palmyra", "near Damascus", "toward Sukhna"): a reference point,
    not the ground that changed hands."""
    offsets = [o for item, o in entities.mentions.get(sentence.number, []) if item == place]
    before = [sentence.text[: o - sentence.start] for o in offsets]
    return bool(before) and all(_cues(lexicon).anchor.search(b) for b in before)


def typed_by_control(
    events: list[EventDraft], changes: list[ControlChangeDraft], entities: Entities
) -> list[EventDraft]:
    """An event told in a control change's sentence is the taking of territory, by whom."""
    state = {a.id for a in entities.actors if a.type == "state_forces"}
    typed = []
    for event in events:
        change = next((c for c in changes if c.quotes[0] in event.quotes), None)
        if change is not None and change.after is not None:
            kind: EventType = (
                "government_regains_territory"
                if change.after in state
                else "non_state_actor_overtakes_territory"
            )
            event = event.model_copy(update={"type": kind})
        typed.append(event)
    return typed
