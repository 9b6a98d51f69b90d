"""The lexicon is the one home of the staged rules' words: every list is used, the lists agree
with each other, and no rule module keeps a word list of its own."""

from __future__ import annotations

import ast
import json
import re
from dataclasses import fields
from pathlib import Path
from typing import Literal, get_args, get_origin

import pytest

from summarizer.resources import data_dir
from summarizer.schema import draft
from summarizer.staged.lexicon import Lexicon, load_lexicon, pipeline_version

STAGED = Path(__file__).resolve().parent.parent / "summarizer" / "staged"
LEXICON = load_lexicon()
DATA = json.loads(
    (data_dir("prompts") / f"lexicon.{pipeline_version()}.json").read_text(encoding="utf-8")
)
# Three or more words as a regex alternation ("said|says|told"), or as a literal collection.
WORD_ALTERNATION = re.compile(r"\b[A-Za-z]{2,}\??(?:\|[A-Za-z]{2,}\??){2,}\b")


def rule_modules() -> list[Path]:
    return [p for p in sorted(STAGED.glob("*.py")) if p.name != "lexicon.py"]


def schema_values() -> set[str]:
    """The schema's own vocabulary (event types, topics, kinds): values, not words of text."""
    found = {"person", "place"}
    for value in vars(draft).values():
        if get_origin(value) is Literal:
            found |= {a for a in get_args(value) if isinstance(a, str)}
    return found


def word_lists(path: Path) -> list[str]:
    """Where ``path`` spells out words itself: alternations in strings, literal word sets
    (a list of the schema's own values is not one)."""
    vocabulary = schema_values()
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if WORD_ALTERNATION.search(node.value):
                found.append(f"{path.name}:{node.lineno}: {node.value[:60]!r}")
        elif isinstance(node, ast.List | ast.Tuple | ast.Set):
            words = [
                e.value
                for e in node.elts
                if isinstance(e, ast.Constant)
                and isinstance(e.value, str)
                and e.value.isalpha()
                and e.value.islower()
                and e.value not in vocabulary
            ]
            if len(words) >= 3:
                found.append(f"{path.name}:{node.lineno}: {words[:4]}")
    return found


def test_no_rule_module_keeps_a_word_list() -> None:
    found = [hit for path in rule_modules() for hit in word_lists(path)]
    assert found == []


def test_the_scan_finds_a_word_list(tmp_path: Path) -> None:
    module = tmp_path / "rule.py"
    source = [
        "import re",
        'SPEECH = re.compile(r"\\b(said|says|told)\\b")',
        'ALONE = ["army", "police", "junta"]',
    ]
    module.write_text("\n".join(source) + "\n", encoding="utf-8")
    assert len(word_lists(module)) == 2


def test_every_list_in_the_file_is_read() -> None:
    source = (STAGED / "lexicon.py").read_text(encoding="utf-8")
    unread = [
        key
        for key in DATA
        if key not in ("version", "about") and f'"{key}"' not in source and f"'{key}'" not in source
    ]
    assert unread == []


def test_every_compiled_list_is_used_by_a_rule() -> None:
    rules = "\n".join(p.read_text(encoding="utf-8") for p in rule_modules())
    rules += (STAGED / "lexicon.py").read_text(encoding="utf-8").replace("self.", ".")
    unused = [f.name for f in fields(Lexicon) if f.name != "version" and f".{f.name}" not in rules]
    assert unused == []


@pytest.mark.parametrize(
    ("words", "pattern"),
    [
        ("lone_actor_heads", LEXICON.actor_heads),
        ("force_heads", LEXICON.actor_heads),
        ("speech_after", LEXICON.reporting),
        ("speech_cues", LEXICON.reporting),
    ],
)
def test_a_narrower_list_lies_inside_its_wider_one(words: str, pattern: re.Pattern[str]) -> None:
    outside = [w for w in DATA[words] if not re.fullmatch(r"[\w ]+", w) or not pattern.search(w)]
    outside = [w for w in outside if re.fullmatch(r"[\w ]+", w)]
    assert outside == [], f"{words} has words its wider list lacks"


def test_every_role_among_the_titles_is_a_role() -> None:
    """A lower-case title ("spokesman") opens an apposition as a role does."""
    lower = [t for t in DATA["person_titles"] if t.islower() and " " not in t]
    assert [t for t in lower if not LEXICON.roles.fullmatch(t)] == []


def test_month_and_day_names_are_never_names() -> None:
    assert set(LEXICON.months) | set(LEXICON.weekdays) <= LEXICON.not_names


def test_each_nation_word_names_one_nation() -> None:
    seen: dict[str, str] = {}
    for nation in LEXICON.nations:
        for word in (*nation.names, *nation.acronyms, *nation.demonyms):
            assert seen.setdefault(word.lower(), nation.key) == nation.key, word
    keys = [n.key for n in LEXICON.nations]
    assert len(keys) == len(set(keys))


def test_identity_words_are_not_nations() -> None:
    identities = {w.lower() for w in DATA["identities"]}
    assert identities <= LEXICON.nationalities
    assert not identities & LEXICON.nation_by_word.keys()


def test_no_modifier_is_listed_twice() -> None:
    national = {m for n in LEXICON.nations for m in n.modifiers}
    assert not national & set(DATA["actor_modifiers"])


def test_no_foreignness_is_written_into_the_lists() -> None:
    """Whose forces are foreign depends on the article, so no list may pair a nation's word
    with a force type: that is decided per article (``kinds.home_nations``)."""
    nation_words = {w for w in LEXICON.nation_by_word if len(w) > 2}
    for table in ("descriptive_types", "named_actor_types"):
        for kind in ("state_forces", "external_force"):
            for entry in DATA[table][kind]:
                words = set(re.findall(r"[a-z]+", entry.lower()))
                assert not words & nation_words, f"{table}.{kind}: {entry}"
