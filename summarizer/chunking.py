"""Split articles that exceed the context window, and merge partial reports back into one.

Chunks break at sentence ends and overlap by a sentence or two, so an event cut at a border is
seen whole at least once. Merging maps every offset back to the whole text, unifies actors,
people and places whose names or aliases match, renumbers the other items and rewrites every
reference to the new ids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .grounding import Grounding
from .names import Kind, known_label, name_key, split_names
from .schema.draft import ReportDraft
from .schema.ids import SECTIONS, item_id, remap_references, section_of
from .schema.report import GROUNDED, ReportSections

_SENTENCE_END = re.compile(r"(?<=[.!?\u061f\u3002])[\"'\u201d\u2019)]*\s+|\n\s*\n")


@dataclass(frozen=True)
class Chunk:
    """A slice of the article and where it starts in the whole text."""

    start: int
    text: str


@dataclass
class Partial:
    """The grounded report on one chunk; its offsets are relative to the chunk."""

    offset: int
    draft: ReportDraft
    grounding: Grounding


@dataclass
class Merged:
    """The parts of a whole report that merging produces."""

    draft: ReportDraft
    grounding: Grounding


def split_text(text: str, max_chars: int | None, overlap_chars: int = 300) -> list[Chunk]:
    """Sentence-aware chunks of at most ``max_chars`` (one chunk when ``None`` or it fits)."""
    if max_chars is None or len(text) <= max_chars:
        return [Chunk(0, text)]
    ends = [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    chunks: list[Chunk] = []
    start = 0
    while start < len(text):
        limit = start + max_chars
        fitting = [e for e in ends if start < e <= limit]
        end = (
            fitting[-1]
            if fitting and fitting[-1] > start + max_chars // 2
            else min(limit, len(text))
        )
        chunks.append(Chunk(start, text[start:end]))
        if end >= len(text):
            break
        back = [e for e in ends if end - overlap_chars <= e < end and e > start]
        start = back[0] if back else end
    return chunks


def merge_partials(partials: list[Partial]) -> Merged:
    """One report from the chunks' reports; also folds repeated items within one report."""
    sections: dict[str, list[dict[str, Any]]] = {s.name: [] for s in SECTIONS}
    keys: dict[str, dict[str, str]] = {s.name: {} for s in SECTIONS if s.named}
    for part in partials:
        mapping: dict[str, str] = {}
        added: list[tuple[str, dict[str, Any]]] = []
        for section in SECTIONS:
            name = section.name
            for item in part.grounding.sections.lists()[name]:
                data = _shifted(item.model_dump(), part.offset)
                same = _same_as(name, data, keys, sections)
                if same is not None:
                    mapping[data["id"]] = same["id"]
                    _absorb(same, data)
                    continue
                mapping[data["id"]] = data["id"] = item_id(name, len(sections[name]) + 1)
                sections[name].append(data)
                added.append((name, data))
                for label in _labels(data) if name in keys else ():
                    keys[name].setdefault(label, data["id"])
        for name, data in added:
            remap_references(data, GROUNDED[name], mapping)
    grounding = Grounding(
        ReportSections.model_validate(
            {
                name: [cls.model_validate(d) for d in sections[name]]
                for name, cls in GROUNDED.items()
            }
        ),
        [u for part in partials for u in part.grounding.unresolved],
    )
    first = partials[0].draft
    draft = first.model_copy(
        update={
            "summary": " ".join(p.draft.summary for p in partials),
            "takeaways": _interleave([p.draft.takeaways for p in partials], 5),
        }
    )
    return Merged(draft, grounding)


def _labels(item: dict[str, Any]) -> set[str]:
    """Join labels of an item's names: folded keys (generic ones too, being one article's)
    and known alias sets, so "Daesh" in one chunk is "Islamic State" in the next."""
    kind: Kind = "place" if section_of(str(item.get("id", ""))) == "places" else "actor"
    names = [item.get("name", ""), *item.get("aliases", [])]
    keys = [name_key(n, kind) for raw in names if raw and raw.strip() for n in split_names(raw)]
    labels = {known_label(key, kind) for key in keys}
    return {f"key:{key.key}" for key in keys} | {f"set:{label}" for label in labels if label}


def _same_as(
    section: str,
    item: dict[str, Any],
    keys: dict[str, dict[str, str]],
    sections: dict[str, list[dict[str, Any]]],
) -> dict[str, Any] | None:
    # A "person" that carries an actor's name is that actor (small models list groups twice).
    for where in ("actors", section) if section == "people" else (section,):
        if where not in keys:
            continue
        for label in _labels(item):
            if label in keys[where]:
                target = keys[where][label]
                return next(d for d in sections[where] if d["id"] == target)
    return None


def _absorb(kept: dict[str, Any], extra: dict[str, Any]) -> None:
    aliases = kept.get("aliases")
    if aliases is not None:
        for name in [extra.get("name", ""), *extra.get("aliases", [])]:
            if name and name != kept["name"] and name not in aliases and len(aliases) < 4:
                aliases.append(name)
    seen = {(e["start"], e["end"]) for e in kept["evidence"]}
    kept["evidence"] += [e for e in extra["evidence"] if (e["start"], e["end"]) not in seen]
    kept["grounded"] = kept["grounded"] or extra["grounded"]


def _shifted(item: dict[str, Any], offset: int) -> dict[str, Any]:
    for evidence in item["evidence"]:
        if evidence["start"] is not None:
            evidence["start"] += offset
            evidence["end"] += offset
    return item


def _interleave(lists: list[list[str]], limit: int) -> list[str]:
    out: list[str] = []
    for row in range(max(len(x) for x in lists)):
        for values in lists:
            if row < len(values) and values[row] not in out and len(out) < limit:
                out.append(values[row])
    return out
