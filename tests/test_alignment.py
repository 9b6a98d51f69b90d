from __future__ import annotations

import pytest

from summarizer.alignment import Aligner, normalize

TEXT = (
    "AMMAN: Syrian rebels have seized large areas from IS in southern Syria.\n"
    "“Extensive areas have fallen into our hands,” said Talas al Salameh — the commander.\n"
    "IS has pulled back. Later, IS has pulled back again from Bir al-Qasab."
)


@pytest.mark.parametrize(
    ("quote", "status", "expected"),
    [
        ("Syrian rebels have seized large areas", "exact", "Syrian rebels have seized large areas"),
        # the quote's own quotation marks and trailing punctuation are trimmed first
        (
            '"Extensive areas have fallen into our hands,"',
            "exact",
            "Extensive areas have fallen into our hands",
        ),
        ("syrian REBELS have   seized", "normalized", "Syrian rebels have seized"),
        (
            '"Extensive areas have fallen into our hands," said',
            "normalized",
            "Extensive areas have fallen into our hands,” said",
        ),
        ("Talas al Salameh - the commander", "normalized", "Talas al Salameh — the commander"),
        (
            "Syrian rebels seized large areas from IS in the south of Syria",
            "fuzzy",
            "Syrian rebels have seized large areas from IS in southern Syria",
        ),
    ],
)
def test_tiers(quote: str, status: str, expected: str) -> None:
    found = Aligner(TEXT).align(quote)
    assert found.status == status
    assert found.start is not None and found.end is not None
    assert TEXT[found.start : found.end] == expected


def test_absent_quote_is_unresolved_with_no_offsets() -> None:
    found = Aligner(TEXT).align("the regime captured Palmyra airport yesterday evening")
    assert found.status == "unresolved"
    assert (found.start, found.end) == (None, None)


def test_fuzzy_needs_coverage() -> None:
    found = Aligner(TEXT, min_coverage=0.75).align("rebels lost the battle for Damascus airport")
    assert found.status == "unresolved"
    assert 0 < found.score < 0.75


def test_short_quotes_never_fuzzy() -> None:
    assert Aligner(TEXT).align("rebels won").status == "unresolved"


def test_repeated_phrase_prefers_position_after_hint() -> None:
    aligner = Aligner(TEXT)
    first = aligner.align("IS has pulled back")
    second = aligner.align("IS has pulled back", prefer_after=(first.end or 0))
    assert first.start is not None and second.start is not None
    assert second.start > first.start
    assert TEXT[second.start : second.end] == "IS has pulled back"
    assert TEXT.count("IS has pulled back") == 2


def test_repeated_phrase_falls_back_to_first_occurrence() -> None:
    found = Aligner(TEXT).align("IS has pulled back", prefer_after=len(TEXT))
    assert found.start == TEXT.index("IS has pulled back")


ARABIC = "قال المتحدث باسم جيش أسود الشرقية إن القوات تقدمت نحو بئر القصب — يوم السبت."


def test_arabic_exact_offsets_are_code_points() -> None:
    found = Aligner(ARABIC).align("جيش أسود الشرقية")
    assert found.status == "exact"
    assert ARABIC[found.start : found.end] == "جيش أسود الشرقية"


def test_arabic_with_diacritics_and_tatweel_normalizes() -> None:
    # The model added harakat and a tatweel; the text has neither.
    found = Aligner(ARABIC).align("بِئْر القـصب")
    assert found.status == "normalized"
    assert ARABIC[found.start : found.end] == "بئر القصب"


def test_offsets_after_non_ascii_prefix() -> None:
    text = "Dayr az-Zawr — “Bir al-Qaṣab” was taken. The rebels’ base fell."
    found = Aligner(text).align("The rebels' base fell")
    assert found.status == "normalized"
    assert text[found.start : found.end] == "The rebels’ base fell"


def test_normalize_maps_back_to_original_indices() -> None:
    text = "A  “B”\u00a0—\tÉ"
    norm, index = normalize(text)
    assert norm == 'a "b" - e'
    assert [text[i] for i in index] == ["A", " ", "“", "B", "”", "\u00a0", "—", "\t", "É"]
