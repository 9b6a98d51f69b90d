"""Every proposed item checked by the model: a calibrated confidence, and the unsure ones dropped.

After the rules assemble a draft, each item becomes one yes/no question after the shared
article prefix ("[S5] Palmyra: from Islamic State to Syrian Army. Does that sentence report
that the place changed hands this way round, completed, in the days the article reports?").
Nothing is generated: the backend reads the probability of "yes" against "no" from the first
reply token's distribution, one forward pass over the question's own tokens. That raw
probability goes through the section's calibration (Platt scaling fitted on the dev set, data
in ``prompts/verify.<version>.json``) and becomes the item's ``confidence``; an item under its
section's threshold is dropped, and whatever depended on it follows (a claim whose speaker went,
a change whose place went, an uncertainty about nothing left).

Where the endpoint gives no logprobs, items keep ``confidence=None`` and nothing is dropped.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..errors import PromptError
from ..resources import data_dir
from ..schema.draft import (
    SECTIONS,
    ActorDraft,
    ClaimDraft,
    ControlChangeDraft,
    EventDraft,
    PersonDraft,
    PlaceDraft,
    UnboundedDraft,
    UncertaintyDraft,
    items_of,
)
from .ask import Asker
from .lexicon import pipeline_version
from .text import Sentence

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Calibration:
    """One section's map from the model's raw probability to a confidence, and its cut-off."""

    a: float = 1.0
    b: float = 0.0
    threshold: float = 0.0

    def __call__(self, raw: float) -> float:
        """``sigmoid(a * logit(raw) + b)``, rounded for stable output."""
        clipped = min(max(raw, 1e-6), 1 - 1e-6)
        score = self.a * math.log(clipped / (1 - clipped)) + self.b
        return round(1 / (1 + math.exp(-score)), 4)


@dataclass(frozen=True)
class Checks:
    """The verification data of one staged version: questions, type phrases, calibration."""

    options: tuple[str, str]
    questions: dict[str, str]
    types: dict[str, str]
    calibration: dict[str, Calibration]


@cache
def load_checks(version: str | None = None) -> Checks:
    """``prompts/verify.<version>.json``, at the staged prompt's version (default: newest)."""
    path = data_dir("prompts") / f"verify.{pipeline_version(version)}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        yes, no = data["options"]
        calibration = {name: Calibration(**c) for name, c in data["calibration"].items()}
        checks = Checks((yes, no), dict(data["questions"]), dict(data["types"]), calibration)
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise PromptError(f"{path}: cannot read the verification data ({err})") from err
    missing = [s.name for s in SECTIONS if s.name not in checks.questions]
    if missing:
        raise PromptError(f"{path}: no question for {', '.join(missing)}")
    return checks


@dataclass(frozen=True)
class Verified:
    """A draft with only the items that passed, and the confidence of each kept item by id."""

    draft: UnboundedDraft
    confidence: dict[str, float]
    dropped: list[str]


def verify(
    asker: Asker,
    draft: UnboundedDraft,
    sentences: list[Sentence],
    *,
    version: str | None = None,
    checks: Checks | None = None,
) -> Verified:
    """Ask about every item of ``draft``; drop those under their section's threshold
    (``checks``: the verification data, by default the staged version's)."""
    checks = checks or load_checks(version)
    describe = Describer(draft, sentences, checks.types)
    confidence: dict[str, float] = {}
    dropped: list[str] = []
    for section, item in items_of(draft):
        text = describe(section.name, item)
        raw = asker.probability(
            f"verify_{section.name}", checks.questions[section.name], text, checks.options
        )
        if raw is None:
            continue
        calibrated = checks.calibration.get(section.name, Calibration())
        value = calibrated(raw)
        log.debug("verify %s %s: raw %.3f -> %.3f", item.id, text[:60], raw, value)
        if value < calibrated.threshold:
            dropped.append(item.id)
        else:
            confidence[item.id] = value
    if dropped:
        log.info("verification dropped %d items: %s", len(dropped), " ".join(dropped))
    return Verified(drop_items(draft, set(dropped)), confidence, dropped)


class Describer:
    """One item in the few words a verification question shows: its sentence and assertion."""

    def __init__(
        self, draft: UnboundedDraft, sentences: list[Sentence], types: dict[str, str]
    ) -> None:
        self.sentences = sentences
        self.types = types
        self.names: dict[str, str] = {i.id: i.name for s, i in items_of(draft) if s.named}
        self._by_section: dict[str, Callable[[Any], str]] = {
            "actors": self._actor,
            "people": self._person,
            "places": self._place,
            "events": self._event,
            "control_changes": self._control,
            "claims": self._claim,
            "uncertainties": self._uncertainty,
        }

    def __call__(self, section: str, item: Any) -> str:
        return self._by_section[section](item)

    def name(self, ident: str | None, missing: str = "unknown") -> str:
        return self.names.get(ident or "", missing)

    def label(self, quotes: list[str]) -> str:
        """``[S5]``: the sentence the item's first quote comes from."""
        for quote in quotes[:1]:
            for sentence in self.sentences:
                if quote in sentence.text or sentence.text in quote:
                    return f"[{sentence.label}]"
        return f'"{quotes[0]}"' if quotes else ""

    def _actor(self, item: ActorDraft) -> str:
        return f'Actor: "{item.name}", {self.types.get(item.type, item.type)}'

    def _person(self, item: PersonDraft) -> str:
        role = f", {item.role}" if item.role else ""
        side = f", for {self.name(item.affiliation)}" if item.affiliation else ""
        return f'Person: "{item.name}"{role}{side}'

    def _place(self, item: PlaceDraft) -> str:
        return f'Place: "{item.name}", a {item.kind.replace("_", " ")}'

    def _event(self, item: EventDraft) -> str:
        who = " and ".join(self.name(a) for a in item.actors) or "someone"
        where = f" at {self.name(item.place)}" if item.place else ""
        return f"{self.label(item.quotes)} {self.types.get(item.type, item.type)}: {who}{where}"

    def _control(self, item: ControlChangeDraft) -> str:
        place = self.name(item.place)
        return (
            f"{self.label(item.quotes)} {place}: from {self.name(item.before)} "
            f"to {self.name(item.after)}"
        )

    def _claim(self, item: ClaimDraft) -> str:
        return f"{self.label(item.quotes)} speaker: {self.name(item.claimant)}"

    def _uncertainty(self, item: UncertaintyDraft) -> str:
        kind = self.types.get(item.kind, item.kind)
        return f"{self.label(item.quotes)} {kind}: {item.text}"


def drop_items(draft: UnboundedDraft, dropped: set[str]) -> UnboundedDraft:
    """``draft`` without the ``dropped`` items, references to them undone: an event loses a
    dropped party or place, a change or claim that needs a dropped place or speaker goes, and
    an uncertainty about nothing left goes too."""
    if not dropped:
        return draft
    data = draft.model_dump()
    for section in SECTIONS:
        data[section.name] = [i for i in data[section.name] if i["id"] not in dropped]
    gone = (
        dropped
        | {c["id"] for c in data["control_changes"] if c["place"] in dropped}
        | {c["id"] for c in data["claims"] if c["claimant"] in dropped}
    )
    data["control_changes"] = [c for c in data["control_changes"] if c["id"] not in gone]
    data["claims"] = [c for c in data["claims"] if c["id"] not in gone]
    for actor in data["actors"]:
        if actor["member_of"] in gone:
            actor["member_of"] = None
    for person in data["people"]:
        if person["affiliation"] in gone:
            person["affiliation"] = None
    for event in data["events"]:
        event["actors"] = [a for a in event["actors"] if a not in gone]
        if event["place"] in gone:
            event["place"] = None
        for toll in event["fatalities"]:
            if toll["who"] in gone:
                toll["who"] = "unknown"
    for change in data["control_changes"]:
        for side in ("before", "after"):
            if change[side] in gone:
                change[side] = None
    for doubt in data["uncertainties"]:
        doubt["about"] = [i for i in doubt["about"] if i not in gone]
    data["uncertainties"] = [u for u in data["uncertainties"] if u["about"]]
    return type(draft).model_validate(data)
