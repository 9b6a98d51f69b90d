"""Verification: each proposed item's yes/no probability, calibrated, and the unsure ones dropped
with whatever depended on them. The model is replaced by fixed probabilities per item."""

from __future__ import annotations

import math
from typing import Any

import pytest
from openai.types.chat import ChatCompletion

from summarizer.backends.base import option_mass
from summarizer.backends.remote import RemoteBackend
from summarizer.config import Settings
from summarizer.schema.draft import UnboundedDraft
from summarizer.staged.text import split_sentences
from summarizer.staged.verify import Calibration, Checks, Describer, load_checks, verify

from .factories import draft_dict

ARTICLE = (
    "Rebels seized Bir Qassab from Islamic State fighters on Sunday, a rebel commander said. "
    "Daesh denied losing the town. Photo: AFP\n"
)


def report() -> UnboundedDraft:
    return UnboundedDraft.model_validate(draft_dict())


class FixedAsker:
    """Answers each verification with the probability given for the item's text (default
    ``default``), and records the questions."""

    def __init__(self, answers: dict[str, float | None], default: float | None = 0.9) -> None:
        self.answers = answers
        self.default = default
        self.items: list[tuple[str, str]] = []

    def probability(
        self, stage: str, question: str, item: str, options: tuple[str, str]
    ) -> float | None:
        self.items.append((stage, item))
        for fragment, value in self.answers.items():
            if fragment in item:
                return value
        return self.default


def checks(threshold: float = 0.5) -> Checks:
    base = load_checks()
    cut = Calibration(threshold=threshold)
    return Checks(base.options, base.questions, base.types, dict.fromkeys(base.questions, cut))


def test_every_section_has_a_question_and_every_type_a_phrase() -> None:
    data = load_checks()
    assert data.options == ("yes", "no")
    assert set(data.questions) == set(data.calibration)
    for question in data.questions.values():
        assert "$item" in question
    from summarizer.schema.draft import ActorType, EventType, UncertaintyKind

    for literal in (ActorType, EventType, UncertaintyKind):
        assert set(literal.__args__) <= set(data.types)


def test_items_are_described_by_their_sentence_and_what_they_assert() -> None:
    draft = report()
    describe = Describer(draft, split_sentences(ARTICLE), load_checks().types)
    assert describe("control_changes", draft.control_changes[0]) == (
        "[S1] Bir Qassab: from Islamic State to Free Syrian Army"
    )
    assert describe("claims", draft.claims[0]) == "[S2] speaker: Islamic State"
    assert describe("actors", draft.actors[0]) == (
        'Actor: "Free Syrian Army", an armed rebel or insurgent group'
    )
    assert describe("people", draft.people[0]) == (
        'Person: "Talas al Salameh", commander, for Osoud al Sharqiya'
    )
    assert describe("events", draft.events[0]).startswith("[S1] an armed group takes ground:")


def test_confident_items_are_kept_with_their_calibrated_confidence() -> None:
    asker = FixedAsker({}, default=0.8)
    result = verify(asker, report(), split_sentences(ARTICLE), checks=checks(0.5))  # type: ignore[arg-type]
    assert result.dropped == []
    assert result.draft == report()
    assert set(result.confidence) == {"A1", "A2", "A3", "H1", "L1", "E1", "T1", "C1", "U1"}
    assert set(result.confidence.values()) == {0.8}
    assert [stage for stage, _ in asker.items][:3] == ["verify_actors"] * 3


def test_a_dropped_speaker_takes_its_claim_and_an_uncertainty_follows_what_is_left() -> None:
    asker = FixedAsker({'"Islamic State"': 0.1})
    result = verify(asker, report(), split_sentences(ARTICLE), checks=checks(0.5))  # type: ignore[arg-type]
    assert result.dropped == ["A2"]
    assert [a.id for a in result.draft.actors] == ["A1", "A3"]
    assert result.draft.claims == [], "its speaker was dropped"
    assert result.draft.events[0].actors == ["A1"]
    assert result.draft.control_changes[0].before is None
    assert result.draft.uncertainties[0].about == ["T1"]


def test_a_dropped_place_takes_its_control_change_and_empties_an_uncertainty() -> None:
    asker = FixedAsker({'Place: "Bir Qassab"': 0.2, "speaker:": 0.3})
    result = verify(asker, report(), split_sentences(ARTICLE), checks=checks(0.5))  # type: ignore[arg-type]
    assert set(result.dropped) == {"L1", "C1"}
    assert result.draft.control_changes == []
    assert result.draft.events[0].place is None
    assert result.draft.uncertainties == [], "both items it was about are gone"


def test_without_probabilities_nothing_is_dropped_and_nothing_has_a_confidence() -> None:
    asker = FixedAsker({}, default=None)
    result = verify(asker, report(), split_sentences(ARTICLE), checks=checks(0.99))  # type: ignore[arg-type]
    assert result.dropped == [] and result.confidence == {}
    assert result.draft == report()


def test_platt_calibration_is_the_identity_by_default_and_monotone() -> None:
    assert Calibration()(0.73) == 0.73
    sharper = Calibration(a=2.0, b=-1.0)
    values = [sharper(p / 10) for p in range(1, 10)]
    assert values == sorted(values)
    assert sharper(0.5) == pytest.approx(1 / (1 + math.e), abs=1e-4)
    assert Calibration(a=3.0)(0.0) == 0.0 and Calibration(a=3.0)(1.0) == 1.0, "clipped, finite"


def test_option_mass_sums_casings_and_spaces_and_renormalises() -> None:
    top = {"Yes": math.log(0.5), " yes": math.log(0.1), "No": math.log(0.2), "The": math.log(0.2)}
    shares = option_mass(top, ["yes", "no"])
    assert shares is not None
    assert shares["yes"] == pytest.approx(0.75)
    assert shares["no"] == pytest.approx(0.25)


def test_options_the_model_did_not_mean_give_no_probability() -> None:
    assert option_mass({"The": math.log(0.98), "Yes": math.log(0.01)}, ["yes", "no"]) is None


def test_options_must_differ_in_their_first_letter() -> None:
    with pytest.raises(ValueError, match="first letter"):
        option_mass({"Yes": 0.0}, ["yes", "yeah"])


class FakeClient:
    """An OpenAI client whose chat completions return ``body`` and keep each request."""

    def __init__(self, body: dict[str, Any]) -> None:
        self.body = body
        self.requests: list[dict[str, Any]] = []
        self.chat = self
        self.completions = self

    def create(self, **request: Any) -> ChatCompletion:
        self.requests.append(request)
        return ChatCompletion.model_validate(self.body)


def completion(logprobs: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "id": "x",
        "object": "chat.completion",
        "created": 0,
        "model": "m",
        "choices": [
            {
                "index": 0,
                "finish_reason": "length",
                "message": {"role": "assistant", "content": "Yes"},
                "logprobs": logprobs,
            }
        ],
    }


def test_a_remote_endpoint_is_asked_for_one_token_with_its_top_logprobs() -> None:
    top = [
        {"token": "Yes", "logprob": math.log(0.6), "bytes": None},
        {"token": "No", "logprob": math.log(0.3), "bytes": None},
    ]
    body = completion(
        {
            "content": [
                {"token": "Yes", "logprob": math.log(0.6), "bytes": None, "top_logprobs": top}
            ]
        }
    )
    client = FakeClient(body)
    backend = RemoteBackend(Settings(model="m", base_url="http://x/v1"), client=client)  # type: ignore[arg-type]
    shares = backend.option_probabilities([{"role": "user", "content": "?"}], ["yes", "no"])
    assert shares == pytest.approx({"yes": 2 / 3, "no": 1 / 3})
    request = client.requests[0]
    assert request["max_tokens"] == 1 and request["logprobs"] is True
    assert request["top_logprobs"] == 20 and request["temperature"] == 0.0


def test_a_remote_endpoint_without_logprobs_gives_no_probability() -> None:
    client = FakeClient(completion(None))
    backend = RemoteBackend(Settings(model="m", base_url="http://x/v1"), client=client)  # type: ignore[arg-type]
    assert backend.option_probabilities([{"role": "user", "content": "?"}], ["yes", "no"]) is None
