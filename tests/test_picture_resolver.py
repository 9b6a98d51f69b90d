"""Identity resolution across articles: the hard pairs of the founding articles, other scripts,
and the names that share words but are different parties."""

from __future__ import annotations

import pytest

from summarizer.names import explain, name_key
from summarizer.picture.model import EntityKind
from summarizer.picture.resolver import Entry, resolve

SAME: list[tuple[EntityKind, str, str, str]] = [
    ("place", "Bir Qassab", "Bir al-Qasab", "doubled letter collapsed"),
    ("actor", "IS", "ISIS", "known alias set: IS/ISIS/Daesh/Islamic State"),
    ("actor", "IS", "Daesh", "known alias set: IS/ISIS/Daesh/Islamic State"),
    ("actor", "ISIS", "Islamic State", "known alias set: IS/ISIS/Daesh/Islamic State"),
    ("actor", "Daesh", "Islamic State", "known alias set: IS/ISIS/Daesh/Islamic State"),
    ("actor", "Osoud al Sharqiya", "Jaish Usud a-Sharqia", "unit designator 'jaish' dropped"),
    ("actor", "Osoud al-Sharqiya", "Jaish Usud a-Sharqia", "vowel spelling folded"),
    ("actor", "Osoud al Sharqiya", "Osoud al-Sharqiya", "case and punctuation"),
    ("place", "Deir al-Zor", "Deir Ezzor", "assimilated article dropped"),
    ("place", "Deir Ezzor", "Deir e-Zor", "article prefix dropped"),
    ("place", "Deir al Zor", "Deir e-Zor province", "place designator dropped"),
    ("place", "Al Bukamal", "al-Bukamel", "vowel spelling folded"),
    ("place", "Al Tanf", "a-Tanf", "article prefix dropped"),
    ("place", "Al Tanf", "a-Tanf border crossing", "place designator dropped"),
    ("person", "Salameh", "Al Salamah", "article prefix dropped"),
    ("person", "Talas al Salameh", "Talas Al Salamah", "vowel spelling folded"),
    ("person", "Mozahem al-Salloum", "Muzahem Al Saloum", "doubled letter collapsed"),
    ("place", "دير الزور", "دير الزّور", "diacritics dropped"),
    ("place", "الرقة", "الرقه", "Arabic letter variants unified"),
    ("place", "Dayr az-Zawr", "Dāyr āz-Ẓawr", "diacritics dropped"),
    ("place", "Dayr az-Zawr", "Dayr az\u2011Zawr", "dash variants unified"),
    ("place", "Dayr az-Zawr", "Deir ez-Zor", "vowel spelling folded"),
    ("place", "دير الزور", "Deir ez-Zor", "known alias set"),
    ("actor", "U.S.-led coalition", "US-led coalition", "dotted abbreviation joined"),
    ("actor", "Free Syrian Army (FSA)", "FSA", "same name: 'fsa'"),
]

NEVER: list[tuple[EntityKind, str, str]] = [
    ("actor", "Syrian army", "New Syria Army"),
    ("actor", "Free Syrian Army", "Syrian army"),
    ("actor", "US-led coalition", "US army"),
    ("actor", "Free Syrian Army", "Turkeybacked FSA groups"),
    ("actor", "Osoud al Sharqiya", "Free Syrian Army"),
    ("actor", "Jaish al-Islam", "Islamic State"),
    ("actor", "rebel forces", "rebel forces"),
    ("actor", "allied forces", "allied forces"),
    ("place", "Raqqa", "Iraq"),
    ("place", "Hamadan", "Hamadan air base"),
    ("place", "Qalamoun mountains", "East Qalamoun mountains"),
    ("person", "Salameh", "Talas al Salameh"),
]


def _pair(first: str, second: str) -> list[Entry]:
    return [Entry(article="a.txt", item="X1", name=first), Entry("b.txt", "X1", second)]


@pytest.mark.parametrize(("kind", "first", "second", "because"), SAME)
def test_names_from_two_articles_are_one_entity(
    kind: EntityKind, first: str, second: str, because: str
) -> None:
    resolution = resolve(_pair(first, second), kind)
    assert resolution.clusters == [[0, 1]]
    assert any(because in why for why in resolution.why[0]), resolution.why


@pytest.mark.parametrize(("kind", "first", "second"), NEVER)
def test_names_sharing_words_stay_apart(kind: EntityKind, first: str, second: str) -> None:
    assert resolve(_pair(first, second), kind).clusters == [[0], [1]]


def test_the_explanation_names_the_steps_that_made_two_spellings_one() -> None:
    why = explain(name_key("Bir al-Qasab", "place"), name_key("Bir Qassab", "place"))
    assert why == (
        "same after normalising: 'bir al-qasab' ~ 'bir qassab' "
        "(article prefix dropped, doubled letter collapsed)"
    )


def test_an_alias_given_by_a_report_joins_what_spelling_never_would() -> None:
    entries = [
        Entry("a.txt", "A1", "US-led coalition", aliases=("US army",), family="coalition"),
        Entry("b.txt", "A4", "US army"),
    ]
    resolution = resolve(entries, "actor")
    assert resolution.clusters == [[0, 1]]
    assert "'us army' is an alias of 'US-led coalition' in a.txt" in resolution.why[0][0]


@pytest.mark.parametrize(
    ("kind", "first", "second", "reason"),
    [
        ("actor", ("US-led coalition", "coalition"), ("US-led coalition", "state forces"), "types"),
        ("place", ("Deir ez-Zor", "site"), ("Deir ez-Zor", "administrative area"), "types"),
    ],
)
def test_a_match_between_incompatible_types_is_refused_and_recorded(
    kind: EntityKind, first: tuple[str, str], second: tuple[str, str], reason: str
) -> None:
    entries = [
        Entry("a.txt", "X1", first[0], family=first[1]),
        Entry("b.txt", "X1", second[0], family=second[1]),
    ]
    resolution = resolve(entries, kind)
    assert resolution.clusters == [[0], [1]]
    assert [r.reason.split(" ")[0] for r in resolution.refused] == [reason]


def test_generic_names_are_shared_only_as_a_hint() -> None:
    entries = [
        Entry("a.txt", "A2", "allied militia", aliases=("allied forces",)),
        Entry("b.txt", "A2", "foreign militias", aliases=("allied forces",)),
    ]
    resolution = resolve(entries, "actor")
    assert resolution.clusters == [[0], [1]]
    assert resolution.generic == {"allied forces": [0, 1]}


def test_resolution_is_the_same_for_the_same_input() -> None:
    entries = [
        Entry(f"{n}.txt", "A1", name)
        for n, name in enumerate(["Daesh", "ISIS", "Free Syrian Army", "IS", "FSA", "Syrian army"])
    ]
    first, second = resolve(entries, "actor"), resolve(entries, "actor")
    assert first == second
    assert first.clusters == [[0, 1, 3], [2, 4], [5]]
