"""The staged pipeline's word lists, loaded from ``prompts/lexicon.v<N>.json`` (data, not code).

The lexicon's version is the staged prompt's: ``staged.v<N>.txt``, ``stage_tasks.v<N>.json``
and ``lexicon.v<N>.json`` are one pipeline version, so the prompt's version in a report's
provenance (and in every cache key) names the word lists that made it too.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache

from ..config import STAGED_PROMPT
from ..errors import PromptError
from ..prompts import load_prompt
from ..resources import data_dir


def pipeline_version(version: str | None = None) -> str:
    """The staged pipeline's version: the staged prompt's ``version``, or its newest."""
    return load_prompt(STAGED_PROMPT, version).version


def _pattern(words: list[str]) -> re.Pattern[str]:
    """One case-insensitive alternation on word boundaries; ``(?-i)`` entries keep case."""
    plain = [w for w in words if not w.startswith("(?-i)")]
    cased = [w.removeprefix("(?-i)") for w in words if w.startswith("(?-i)")]
    parts = []
    if plain:
        parts.append(r"(?i:\b(?:" + "|".join(sorted(plain, key=len, reverse=True)) + r")\b)")
    if cased:
        parts.append("(?:" + "|".join(cased) + ")")
    return re.compile("|".join(parts) if parts else r"(?!)")


def _before(words: list[str]) -> re.Pattern[str]:
    """Matches text that ends with one of ``words`` (and "the"): what precedes a name."""
    return re.compile(r"(?i:\b(?:" + "|".join(words) + r"))\s+(?:the\s+)?$")


@dataclass(frozen=True)
class Lexicon:
    """Compiled word lists; see the JSON file's ``about``."""

    version: str
    reporting: re.Pattern[str]
    denial: re.Pattern[str]
    threat: re.Pattern[str]
    hypothetical: re.Pattern[str]
    control: re.Pattern[str]
    events: dict[str, re.Pattern[str]]
    hedges: dict[str, re.Pattern[str]]
    unnamed_sources: re.Pattern[str]
    topics: dict[str, re.Pattern[str]]
    actor_heads: re.Pattern[str]
    source_heads: dict[str, re.Pattern[str]]
    actor_modifiers: tuple[str, ...]
    not_names: frozenset[str]
    place_kinds: dict[str, re.Pattern[str]]
    media_words: re.Pattern[str]
    nationalities: frozenset[str]
    countries: frozenset[str]
    agent_verbs: re.Pattern[str]
    descriptive_types: dict[str, re.Pattern[str]]
    org_words: re.Pattern[str]
    named_actor_types: dict[str, re.Pattern[str]]
    place_prepositions: re.Pattern[str]
    weak_place_prepositions: re.Pattern[str]
    person_titles: re.Pattern[str]


@cache
def load_lexicon(version: str | None = None) -> Lexicon:
    """The lexicon at ``version`` (the staged prompt's; default its newest)."""
    version = pipeline_version(version)
    path = data_dir("prompts") / f"lexicon.{version}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise PromptError(f"{path}: cannot read the lexicon ({err})") from err

    def table(key: str) -> dict[str, re.Pattern[str]]:
        return {name: _pattern(words) for name, words in data[key].items()}

    return Lexicon(
        version=version,
        reporting=_pattern(data["reporting"]),
        denial=_pattern(data["denial"]),
        threat=_pattern(data["threat"]),
        hypothetical=_pattern(data["hypothetical"]),
        control=_pattern(data["control"]),
        events=table("events"),
        hedges=table("hedges"),
        unnamed_sources=_pattern(data["unnamed_sources"]),
        topics=table("topics"),
        actor_heads=_pattern(data["actor_heads"]),
        source_heads=table("source_heads"),
        actor_modifiers=tuple(data["actor_modifiers"]),
        not_names=frozenset(data["not_names"]),
        place_kinds=table("place_kinds"),
        media_words=_pattern(data["media_words"]),
        nationalities=frozenset(word.lower() for word in data["nationalities"]),
        countries=frozenset(data["countries"]),
        agent_verbs=_pattern(data["agent_verbs"]),
        descriptive_types=table("descriptive_types"),
        org_words=_pattern(data["org_words"]),
        named_actor_types=table("named_actor_types"),
        place_prepositions=_before(data["place_prepositions"]),
        weak_place_prepositions=_before(data["weak_place_prepositions"]),
        person_titles=_pattern(data["person_titles"]),
    )
