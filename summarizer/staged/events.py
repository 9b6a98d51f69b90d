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
from typing import Any, get_args

from ..schema.draft import ControlChangeDraft, ControlStatus, EventDraft, EventType, Fatalities
from .ask import Asker, choice
from .entities import Entities
from .evidence import NAME_MAX, TEXT_MAX, clip, quote
from .lexicon import Lexicon
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
_FUTURE = re.compile(r"\b(will|would|plans? to|intends? to|aims? to|threaten(s|ed)? to)\b", re.I)
EVENT_TYPES: tuple[EventType, ...] = tuple(t for t in get_args(EventType) if t != "other")
_KILLED = re.compile(
    r"\b(?:(at least|more than|over|about|nearly|some|up to)\s+)?(\d[\d,]*)\s+"
    r"((?:[\w-]+\s+){0,3}?)(?:were\s+|have been\s+|had been\s+)?(killed|dead|died)\b",
    re.I,
)
_CONTESTED = re.compile(
    r"\b(fighting (?:continues|continued|is ongoing)|contested|not solidified|battle for|"
    r"clashes continue|still fighting|counter-?attack)\b",
    re.I,
)
_AREA = re.compile(
    r"\b(?:(?:over|more than|about|nearly|some|around)\s+)?[\d,.]+\s*"
    r"(?:sq(?:uare)?\.?\s*)?(?:km|kilometers|kilometres|miles)\b(?:\s*\([^)]{0,30}\))?",
    re.I,
)
_ANCHOR = re.compile(
    r"\b(?:(?:north|south|east|west)\w*\s+of|(?:km|kilometres|kilometers|miles)\s+(?:\w+\s+)?"
    r"(?:of|from)|near|towards?|outside)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}$",
    re.I,
)
_DATE = re.compile(
    r"\b(?:on\s+)?((?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\s+\d{1,2}(?:,\s*\d{4})?|\d{1,2}\s+(?:January|February|March|April|"
    r"May|June|July|August|September|October|November|December)(?:\s+\d{4})?|"
    r"(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b"
)


def find_events(
    sentences: list[Sentence], entities: Entities, lexicon: Lexicon
) -> list[EventDraft]:
    """One event per sentence whose words mark an event type and that names a party;
    neighbouring sentences of one type and place are one event."""
    events: list[EventDraft] = []
    last: tuple[int, str, str | None] | None = None
    for sentence in sentences:
        actors = entities.parties_in(sentence.number)
        kind = event_type(sentence.text, lexicon)
        if kind is None or not actors or _FUTURE.search(sentence.text):
            continue
        places = entities.in_sentence(sentence.number, "L")
        place = places[0] if places else None
        if last and last[0] == sentence.number - 1 and last[1:] == (kind, place):
            previous = events[-1]
            if len(previous.quotes) < 2:
                events[-1] = previous.model_copy(
                    update={"quotes": [*previous.quotes, quote(sentence)]}
                )
            last = (sentence.number, kind, place)
            continue
        date = _DATE.search(sentence.text)
        events.append(
            EventDraft(
                id=f"E{len(events) + 1}",
                quotes=[quote(sentence)],
                type=kind,  # type: ignore[arg-type]
                description=clip(sentence.text, TEXT_MAX),
                actors=actors[:4],
                place=place,
                date=clip(date.group(1), NAME_MAX) if date else None,
                date_precision="unknown",
                fatalities=_fatalities(sentence.text),
            )
        )
        last = (sentence.number, kind, place)
    return events


def event_type(text: str, lexicon: Lexicon) -> str | None:
    """The ACLED event type the sentence's words mark, most specific first."""
    for kind in EVENT_ORDER:
        if lexicon.events[kind].search(text):
            return kind
    if lexicon.control.search(text):
        return "battle"
    return None


def _fatalities(text: str) -> list[Fatalities]:
    found = []
    for match in _KILLED.finditer(text):
        count = int(match.group(2).replace(",", ""))
        qualifier = (match.group(1) or "").lower()
        who = "civilians" if "civilian" in match.group(0).lower() else "unknown"
        low = count if qualifier in ("at least", "more than", "over") else None
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
            for p in entities.in_sentence(sentence.number, "L")
            if not entities.labels[p].isupper() and not _only_anchor(p, sentence, entities)
        ]
        if not places:
            continue
        actor_ids = entities.parties_in(sentence.number)
        if index > 0:
            actor_ids += entities.parties_in(sentences[index - 1].number)
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
        area = _AREA.search(sentence.text)
        status: ControlStatus = "assessed"
        if _CONTESTED.search(sentence.text):
            status = "contested"
        elif number in claimed:
            status = "claimed"
        changes.append(
            ControlChangeDraft(
                id=f"T{len(changes) + 1}",
                quotes=[quote(sentence)],
                place=place,
                before=before,
                after=after,
                status=status,
                area=clip(area.group(0), NAME_MAX) if area else None,
            )
        )
    return changes


def _only_anchor(place: str, sentence: Sentence, entities: Entities) -> bool:
    """Whether every mention of ``place`` in the sentence only locates something else
    ("60km southwest of Palmyra", "near Damascus", "toward Sukhna"): a reference point,
    not the ground that changed hands."""
    offsets = [o for item, o in entities.mentions.get(sentence.number, []) if item == place]
    before = [sentence.text[: o - sentence.start] for o in offsets]
    return bool(before) and all(_ANCHOR.search(b) for b in before)


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
