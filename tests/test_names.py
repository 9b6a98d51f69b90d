"""Name identity: the rules, the alias file, one decision seen from scoring and merge."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from summarizer.alignment import Aligner
from summarizer.chunking import Partial, merge_partials
from summarizer.errors import ConfigurationError
from summarizer.grounding import ground
from summarizer.names import Kind, alias_sets, identify, known_label, name_key
from summarizer.names import aliases as alias_module
from summarizer.picture.resolver import Entry, resolve
from summarizer.resources import data_dir

from .factories import ARTICLE, draft, draft_dict

ALIASES = data_dir("prompts") / "aliases.v1.json"


@pytest.mark.parametrize(
    ("kind", "a", "b", "score", "reason"),
    [
        ("actor", "Daesh", "Islamic State", 1.0, "known alias set: IS/ISIS/Daesh/Islamic State"),
        ("actor", "FSA", "F.S.A.", 1.0, "(dotted abbreviation joined)"),
        ("actor", "IS/ISIS", "Daesh", 1.0, "known alias set"),
        ("actor", "Syrian army", "New Syria Army", 0.0, "different known alias sets"),
        ("actor", "Southern Front", "SF", 1.0, "acronym"),
        ("place", "Bir Qassab", "Bir al-Qasab", 1.0, "doubled letter collapsed"),
        ("place", "Khneifes phosphate mines", "Khneifes", 0.8, "'khneifes' heads"),
        ("place", "Qalamoun mountains", "East Qalamoun mountains", 0.6667, "spellings 0.67"),
        ("place", "Raqqa", "Iraq", 0.0, "only one is in a known alias set"),
        ("person", "Salameh", "Talas al Salameh", 0.6667, "spellings 0.67 alike"),
    ],
)
def test_identity_scores_and_says_why(
    kind: Kind, a: str, b: str, score: float, reason: str
) -> None:
    found = identify(a, b, kind, one_article=True)
    assert found.score == score
    assert reason in found.reason
    assert identify(b, a, kind, one_article=True).score == score


@pytest.mark.parametrize(
    ("a", "b", "one_article", "score"),
    [
        ("government", "Syrian government forces", True, 0.75),
        ("government", "Syrian government forces", False, 0.0),
        ("government", "government", True, 1.0),
        ("government", "government", False, 0.0),
        ("government", "Islamic State", True, 0.0),
        ("coalition", "US-led coalition", True, 0.75),
        ("Syrian government", "Syrian army", False, 1.0),
    ],
)
def test_a_bare_generic_name_is_a_likely_match_in_one_article_and_nothing_across(
    a: str, b: str, one_article: bool, score: float
) -> None:
    found = identify(a, b, "actor", one_article=one_article)
    assert found.score == score
    assert not (found.same and score < 1.0)


def test_bare_government_is_never_merged_across_articles() -> None:
    entries = [
        Entry("a.txt", "A1", "government"),
        Entry("b.txt", "A1", "Syrian government forces"),
        Entry("c.txt", "A1", "government"),
        Entry("d.txt", "A1", "Syrian government"),
    ]
    resolution = resolve(entries, "actor")
    assert resolution.clusters == [[0], [1, 3], [2]]
    assert resolution.generic == {"government": [0, 2]}


def test_alias_sets_come_from_the_versioned_file() -> None:
    data = json.loads(ALIASES.read_text(encoding="utf-8"))
    assert data["version"] == 1
    labels = [s.label for s in alias_sets("actor")]
    assert labels == [entry["label"] for entry in data["actor"]]
    assert known_label(name_key("Tadmur", "place"), "place") == "Palmyra/Tadmur"
    assert known_label(name_key("IS fighters"), "actor") == "IS/ISIS/Daesh/Islamic State"
    bare = {"government", "regime", "coalition"}
    assert not bare & {
        n.casefold() for kind in ("actor", "place") for s in data[kind] for n in s["names"]
    }


def _use_alias_file(monkeypatch: pytest.MonkeyPatch, folder: Path, text: str) -> None:
    (folder / "aliases.v1.json").write_text(text, encoding="utf-8")
    monkeypatch.setattr(alias_module, "data_dir", lambda kind: folder)
    alias_module._load.cache_clear()
    alias_module._index.cache_clear()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not a readable alias file"),
        ('{"actor": [{"names": ["X"]}]}', "not a readable alias file"),
        (
            '{"actor": [{"label": "A", "names": ["Daesh"]}, {"label": "B", "names": ["Daesh"]}]}',
            "'Daesh' is in two actor sets",
        ),
    ],
)
def test_a_broken_alias_file_is_a_configuration_error(
    text: str, message: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _use_alias_file(monkeypatch, tmp_path, text)
    try:
        with pytest.raises(ConfigurationError, match=message):
            known_label(name_key("Daesh"), "actor")
    finally:
        alias_module._load.cache_clear()
        alias_module._index.cache_clear()


def test_chunk_merging_joins_spellings_and_alias_sets_of_one_article() -> None:
    first, second = draft_dict(), draft_dict()
    second["actors"][1] = dict(second["actors"][1], name="Daesh", aliases=[])
    second["actors"][0] = dict(second["actors"][0], name="FSA")
    second["places"][0] = dict(second["places"][0], name="Bir al-Qasab")
    partials = [
        Partial(0, draft(**data), ground(draft(**data), Aligner(ARTICLE)))
        for data in (first, second)
    ]
    merged = merge_partials(partials).grounding.sections
    assert [a.model_dump()["name"] for a in merged.actors] == [
        "Free Syrian Army",
        "Islamic State",
        "Osoud al Sharqiya",
    ]
    assert [p.model_dump()["name"] for p in merged.places] == ["Bir Qassab"]


def test_the_names_package_imports_only_errors_and_resources() -> None:
    package = Path(alias_module.__file__).parent
    outside = set()
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level >= 2:
                outside.add(node.module)
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                assert not (node.module or "").startswith("summarizer"), path
            elif isinstance(node, ast.Import):
                assert not any(a.name.startswith("summarizer") for a in node.names), path
    assert outside == {"errors", "resources"}
