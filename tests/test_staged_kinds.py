"""Who is who without a model: candidate names cut from runs, kinds the text settles, and
collective sources that become actors only where they speak."""

from __future__ import annotations

import pytest

from summarizer.schema.draft import ClaimDraft
from summarizer.staged import parties
from summarizer.staged.entities import find_entities
from summarizer.staged.kinds import ORGANISATION, descriptive_kind, home_nations, kind_by_rule
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
    return kind_by_rule(name, found[name], SENTENCES, LEXICON, home_nations(SENTENCES, LEXICON))


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


def test_an_acting_country_the_article_is_set_in_is_that_state() -> None:
    assert home_nations(SENTENCES, LEXICON) == {"dr_congo"}, "GOMA, Congo: the article's own"
    acting = REPORT + " Congo said the rebels had been armed from across the border."
    sentences = split_sentences(acting)
    mentions = mentions_of(acting)["Congo"]
    home = home_nations(sentences, LEXICON)
    assert kind_by_rule("Congo", mentions, sentences, LEXICON, home) == "state_forces"


IRAQ = (
    "Iraqi forces push into Mosul's Old City\n"
    "Soldiers walk past a destroyed mosque in the Old City of Mosul. (Photo: AFP/Getty Images)\n"
    "MOSUL, Iraq (Reuters) — Iraqi forces advanced on Sunday in the Iraqi city of Mosul, "
    "a commander told state television. Fighting in Iraq's second city has displaced "
    "thousands. Syrian troops were not involved, an Iraqi military spokesman said.\n"
    "Share this article"
)
SYRIA = (
    "Army retakes desert town\n"
    "BEIRUT (AP) — Syrian troops took the town of Sukhna in the Syrian desert on Monday, "
    "while Iraqi forces shelled militants across the border, a monitor in Syria said. "
    "Fighting in Syria's east has intensified since May."
)


@pytest.mark.parametrize(
    ("article", "phrase", "expected"),
    [
        (IRAQ, "Iraqi forces", "state_forces"),  # in Iraq, Iraq's own army
        (SYRIA, "Iraqi forces", "external_force"),  # the same words across the border
        (SYRIA, "Syrian troops", "state_forces"),
        (IRAQ, "Syrian troops", "external_force"),
    ],
)
def test_whose_forces_are_foreign_is_decided_per_article(
    article: str, phrase: str, expected: str
) -> None:
    home = home_nations(split_sentences(article), LEXICON)
    assert descriptive_kind(phrase, LEXICON, home) == expected


def test_nations_with_a_shared_stem_are_different_nations() -> None:
    assert LEXICON.nation_of("Sudan") != LEXICON.nation_of("South Sudan")
    assert LEXICON.nation_of("Sudanese") == LEXICON.nation_of("Sudan")
    assert LEXICON.nation_of("South Sudanese") == LEXICON.nation_of("South Sudan")
    assert LEXICON.nation_of("Niger") != LEXICON.nation_of("Nigeria")
    assert LEXICON.nation_of("Nigerien") == LEXICON.nation_of("Niger")
    assert LEXICON.nation_of("Nigerian") == LEXICON.nation_of("Nigeria")
    juba = (
        "JUBA, South Sudan — South Sudanese troops retook Bor from rebels on Saturday, "
        "the army said, as Sudanese officials in Khartoum called for talks. "
        "Fighting in South Sudan has killed thousands since December."
    )
    assert home_nations(split_sentences(juba), LEXICON) == {"south_sudan"}


def test_a_nations_force_by_name_is_state_or_foreign_by_the_article() -> None:
    sentences = split_sentences(IRAQ)
    home = home_nations(sentences, LEXICON)
    assert kind_by_rule("Iraqi Army", [], sentences, LEXICON, home) == "state_forces"
    assert kind_by_rule("Russian Armed Forces", [], sentences, LEXICON, home) == "external_force"


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("residents", "civilians"),
        ("aid workers", "monitor_ngo"),
        ("health officials", "unknown"),
        ("Congolese soldiers", "state_forces"),  # the forces of the nation the article is in
        ("Russian troops", "external_force"),  # another nation's
        ("rebels", "rebel_group"),
    ],
)
def test_descriptive_phrases_take_their_head_nouns_type(phrase: str, expected: str) -> None:
    assert descriptive_kind(phrase, LEXICON, home_nations(SENTENCES, LEXICON)) == expected


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
