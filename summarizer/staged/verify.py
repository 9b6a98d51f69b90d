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
from typing import Any, get_args

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
    remap_references,
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
    """``draft`` without the ``dropped`` items, references to them undone by the shared
    remap (a list loses the id, a single reference becomes empty); an item that cannot stand
    without what went (a change without its place, a claim without its speaker, an uncertainty
    about nothing) goes too, and a toll whose side went is the unknown side's."""
    if not dropped:
        return draft
    data = draft.model_dump()
    gone = set(dropped)
    while True:
        mapping = {i["id"]: i["id"] for s in SECTIONS for i in data[s.name] if i["id"] not in gone}
        for section in SECTIONS:
            model = get_args(type(draft).model_fields[section.name].annotation)[0]
            kept = [i for i in data[section.name] if i["id"] not in gone]
            for raw in kept:
                remap_references(raw, model, mapping, drop_unmapped=True)
            data[section.name] = kept
        for event in data["events"]:
            for toll in event["fatalities"]:
                toll["who"] = toll["who"] or "unknown"
        lost = {c["id"] for c in data["control_changes"] if c["place"] is None}
        lost |= {c["id"] for c in data["claims"] if c["claimant"] is None}
        lost |= {u["id"] for u in data["uncertainties"] if not u["about"]}
        if not lost:
            return type(draft).model_validate(data)
        gone |= lost
