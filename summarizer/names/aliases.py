"""Known alias sets, read from the versioned data file ``prompts/aliases.v1.json``.

A set holds the names the field uses for one party or place that no spelling rule links
(Daesh = Islamic State, Tadmur = Palmyra). Sets are matched on folded keys, so "Daesh" and
"Da'esh" both hit the IS set, and on a key's core ("IS fighters" is IS). A name belongs to one
set of its kind at most; two sets never denote one party.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..errors import ConfigurationError
from ..resources import data_dir
from .keys import Kind, NameKey, name_key

ALIASES_FILE = "aliases.v1.json"
KINDS: tuple[Kind, ...] = ("actor", "place", "person")


@dataclass(frozen=True)
class AliasSet:
    """Names of one party or place, and the label an explanation shows."""

    label: str
    names: tuple[str, ...]


def alias_sets(kind: Kind) -> tuple[AliasSet, ...]:
    """The known sets for one kind of name."""
    return _load()[kind]


def known_label(key: NameKey, kind: Kind) -> str | None:
    """The label of the known set this name belongs to, by its key or its core."""
    index = _index(kind)
    return index.get(key.key) or index.get(key.core)


@cache
def _index(kind: Kind) -> dict[str, str]:
    index: dict[str, str] = {}
    for alias_set in alias_sets(kind):
        for name in alias_set.names:
            key = name_key(name, kind).key
            other = index.setdefault(key, alias_set.label)
            if other != alias_set.label:
                raise ConfigurationError(
                    f"{ALIASES_FILE}: '{name}' is in two {kind} sets ({other}, {alias_set.label})"
                )
    return index


@cache
def _load() -> dict[Kind, tuple[AliasSet, ...]]:
    path = data_dir("prompts") / ALIASES_FILE
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return {
            kind: tuple(
                AliasSet(str(entry["label"]), tuple(str(n) for n in entry["names"]))
                for entry in data.get(kind, [])
            )
            for kind in KINDS
        }
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as err:
        raise ConfigurationError(f"{path}: not a readable alias file ({err})") from err
