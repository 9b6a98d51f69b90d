"""The staged pipeline's word lists, loaded from ``prompts/lexicon.v<N>.json`` (data, not code)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache

from ..errors import PromptError
from ..resources import data_dir

LEXICON_VERSION = "v1"


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
    actor_modifiers: tuple[str, ...]
    not_names: frozenset[str]
    place_kinds: dict[str, re.Pattern[str]]
    media_words: re.Pattern[str]
    nationalities: frozenset[str]
    descriptive_types: dict[str, re.Pattern[str]]
    org_words: re.Pattern[str]
    named_actor_types: dict[str, re.Pattern[str]]
    place_prepositions: re.Pattern[str]
    person_titles: re.Pattern[str]


@cache
def load_lexicon(version: str = LEXICON_VERSION) -> Lexicon:
    """The lexicon at ``version``."""
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
        actor_modifiers=tuple(data["actor_modifiers"]),
        not_names=frozenset(data["not_names"]),
        place_kinds=table("place_kinds"),
        media_words=_pattern(data["media_words"]),
        nationalities=frozenset(word.lower() for word in data["nationalities"]),
        descriptive_types=table("descriptive_types"),
        org_words=_pattern(data["org_words"]),
        named_actor_types=table("named_actor_types"),
        place_prepositions=re.compile(
            r"(?i:\b(?:" + "|".join(data["place_prepositions"]) + r"))\s+(?:the\s+)?$"
        ),
        person_titles=_pattern(data["person_titles"]),
    )
