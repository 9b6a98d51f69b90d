"""Who is who without a model: candidate names cut from runs, kinds the text settles, and
collective sources that become actors only where they speak."""

from __future__ import annotations

import pytest

from summarizer.schema.draft import ClaimDraft
from summarizer.staged import parties
from summarizer.staged.entities import find_entities
from summarizer.staged.kinds import ORGANISATION, descriptive_kind, kind_by_rule, own_nations
from summarizer.staged.lexicon import load_lexicon
from summarizer.staged.mentions import Mention, find_mentions
from summarizer.staged.text import split_sentences

LEXICON = load_lexicon()
REPORT = (
    "Strike on market town kills dozens\n"
    "GOMA, Congo — M23 rebels shelled the market in Rubare on Tuesday, residents said, "
    "and Congolese soldiers withdrew from the town of Rubare overnight. "
    "UN Secretary-General Antonio Guterres condemned the attack on the market. "
    "Rwanda denied backing the rebels, and Uganda's army said it had sent no troops. "
    "Human Rights Watch said the toll of 30 given by aid workers was likely to rise. "
    "Witnesses told reporters that the shelling lasted two hours in North Kivu State. "
    "Sudan's Rapid Support Forces were not involved, according to the International Committee "
    "of the Red Cross, and the fighting near Kenya was light.\n"
)
SENTENCES = split_sentences(REPORT)


def mentions_of(text: str = REPORT) -> dict[str, list[Mention]]:
    found: dict[str, list[Mention]] = {}
    for mention in find_mentions(split_sentences(text), LEXICON):
        found.setdefault(mention.text, []).append(mention)
    return found


def kind(name: str) -> str | None:
    found = mentions_of()
    own = own_nations([m for ms in found.values() for m in ms], LEXICON)
    return kind_by_rule(name, found[name], SENTENCES, LEXICON, own)


def test_every_mention_cuts_the_text_exactly() -> None:
    for mentions in mentions_of().values():
        for mention in mentions:
            assert REPORT[mention.start : mention.end] == mention.text


def test_runs_are_cut_before_a_title_and_after_a_country_possessive() -> None:
    found = mentions_of()
    assert "UN" in found
    assert "Secretary-General Antonio Guterres" in found
    assert "UN Secretary-General Antonio Guterres" not in found
    assert "Rapid Support Forces" in found
    assert "Sudan's Rapid Support Forces" not in found
    assert "International Committee of the Red Cross" in found, "'of the' joins a name"


def test_collective_sources_are_found_in_lower_case_and_marked() -> None:
    found = mentions_of()
    assert [m.source for m in found["residents"]] == [True]
    assert [m.source for m in found["aid workers"]] == [True]
    assert found["Witnesses"][0].source, "a source at a sentence's start is still a source"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Rwanda", "external_force"),  # "Rwanda denied": a country that speaks
        ("Kenya", "other"),  # "near Kenya": a country that only sets the scene
        ("GOMA", "other"),  # the dateline
        ("Human Rights Watch", "monitor_ngo"),  # an organisation word, not a person who said
        ("International Committee of the Red Cross", "monitor_ngo"),
        ("M23", ORGANISATION),  # a code name: an actor whose type the model picks
        ("North Kivu State", "place"),  # a federal state, not the Islamic State
        ("Secretary-General Antonio Guterres", "person"),
        ("Rubare", "place"),  # "in Rubare", "the town of Rubare"
    ],
)
def test_kinds_the_text_settles(name: str, expected: str) -> None:
    assert kind(name) == expected


def test_an_acting_country_whose_soldiers_are_state_forces_is_that_state() -> None:
    found = mentions_of()
    own = own_nations([m for ms in found.values() for m in ms], LEXICON)
    assert "cong" in own, "'Congolese soldiers' are state forces"
    acting = REPORT.replace("GOMA, Congo —", "GOMA — Congo said")
    mentions = mentions_of(acting)["Congo"]
    assert kind_by_rule("Congo", mentions, split_sentences(acting), LEXICON, own) == "state_forces"


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("residents", "civilians"),
        ("aid workers", "monitor_ngo"),
        ("health officials", "unknown"),
        ("Congolese soldiers", "state_forces"),  # a nation's own forces
        ("Russian troops", "external_force"),  # the lexicon lists them as foreign
        ("rebels", "rebel_group"),
    ],
)
def test_descriptive_phrases_take_their_head_nouns_type(phrase: str, expected: str) -> None:
    assert descriptive_kind(phrase, LEXICON) == expected


class NoModel:
    """An asker for entities that every name reaches only if the rules left it open."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def choose(self, stage: str, item: str, choices: list[str]) -> str | None:
        self.asked.append(item.split(" (in:")[0])
        return "other"


def test_sources_are_actors_only_where_they_speak() -> None:
    asker = NoModel()
    found = find_mentions(SENTENCES, LEXICON)
    entities = find_entities(asker, SENTENCES, found, LEXICON)  # type: ignore[arg-type]
    names = {a.id: a.name for a in entities.actors}
    sources = {names[i] for i in entities.sources}
    assert {"residents", "aid workers", "Witnesses"} <= sources
    assert "Human Rights Watch" not in asker.asked, "the rules settled it"
    residents = next(i for i in entities.sources if names[i] == "residents")
    assert residents not in entities.parties_in(2), "a source is no party to the shelling"
    quote = SENTENCES[1].text[:60]
    spoke = ClaimDraft(
        id="C1",
        quotes=[quote],
        claimant=residents,
        via=None,
        text="M23 shelled the market",
        topic="other",
        modality="asserted",
        corroboration="none",
    )
    kept, _ = parties(entities.actors, [], [], [spoke], [])
    assert [a.name for a in kept] == ["residents"]
    kept, _ = parties(entities.actors, [], [], [], [])
    assert kept == []
