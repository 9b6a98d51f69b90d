"""Item ids and the references between items, all derived from one table, ``SECTIONS``.

Each section of a report has an id prefix (``A`` actors, ``H`` people, ``L`` places, ``E``
events, ``T`` control changes, ``C`` claims, ``U`` uncertainties): ``item_id`` makes ids,
``section_of`` reads them back, ``id_pattern`` bounds them in the schema. A field whose type is
marked with ``Refers`` holds ids of other items; ``references`` finds those fields in an item
class and ``remap_references`` rewrites their ids when items are renumbered or merged.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, get_args

from pydantic import BaseModel


@dataclass(frozen=True)
class Section:
    """One list of items in a report: its field, id prefix, heading and the field naming an item.

    Items of a ``named`` section are grounded by their name and aliases as written; the others
    cite verbatim quotes. ``label`` is the field that says which item it is, for a reader.
    """

    name: str
    prefix: str
    title: str
    label: str
    named: bool = False


SECTIONS: tuple[Section, ...] = (
    Section("actors", "A", "Actors", "name", named=True),
    Section("people", "H", "People", "name", named=True),
    Section("places", "L", "Places", "name", named=True),
    Section("events", "E", "Events", "description"),
    Section("control_changes", "T", "Territorial control", "place"),
    Section("claims", "C", "Claims", "text"),
    Section("uncertainties", "U", "Uncertainties", "text"),
)
"""Every section of a report, in the report's order; all other lists of sections derive from it."""

SECTION_NAMES: tuple[str, ...] = tuple(section.name for section in SECTIONS)
SECTION_BY_NAME: dict[str, Section] = {section.name: section for section in SECTIONS}


def item_id(section: str, number: int) -> str:
    """The id of the ``number``-th item (1-based) of ``section``: ``item_id("actors", 3)`` is
    ``A3``. Every id the program makes comes from here."""
    return f"{SECTION_BY_NAME[section].prefix}{number}"


def section_of(ident: str) -> str | None:
    """The section an id belongs to by its prefix (``A3`` -> ``actors``), or ``None``."""
    head = ident.rstrip("0123456789")
    if not head or head == ident:
        return None
    return _SECTION_BY_PREFIX.get(head)


_SECTION_BY_PREFIX = {section.prefix: section.name for section in SECTIONS}


def id_pattern(*sections: str, words: tuple[str, ...] = ()) -> str:
    """The regex of an id in any of ``sections`` (``^[AH][0-9]{1,2}$``), or one of ``words``."""
    prefixes = "".join(SECTION_BY_NAME[name].prefix for name in sections)
    body = (prefixes if len(prefixes) == 1 else f"[{prefixes}]") + "[0-9]{1,2}"
    return f"^({'|'.join((body, *words))})$" if words else f"^{body}$"


@dataclass(frozen=True)
class Refers:
    """Marks an id type as a reference to items of ``sections`` (or one of ``words``)."""

    sections: tuple[str, ...]
    noun: str
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reference:
    """A field of an item that holds ids of other items, by path (``fatalities``, ``who``)."""

    path: tuple[str, ...]
    refers: Refers


def references(model: type[BaseModel]) -> tuple[Reference, ...]:
    """The reference fields of an item class, found from the id types its fields use."""
    if model not in _REFERENCES:
        _REFERENCES[model] = _find_references(model)
    return _REFERENCES[model]


def _find_references(model: type[BaseModel]) -> tuple[Reference, ...]:
    found: list[Reference] = []
    for name, info in model.model_fields.items():
        if name == "id":
            continue
        for marker in (*info.metadata, *_nested(info.annotation)):
            if isinstance(marker, Refers):
                found.append(Reference((name,), marker))
            elif isinstance(marker, type) and issubclass(marker, BaseModel):
                found += [Reference((name, *r.path), r.refers) for r in references(marker)]
    return tuple(found)


_REFERENCES: dict[type[BaseModel], tuple[Reference, ...]] = {}


def _nested(annotation: Any) -> Iterator[Any]:
    """Every type argument and ``Annotated`` marker inside a field's annotation."""
    for argument in get_args(annotation):
        yield argument
        yield from _nested(argument)


def reference_values(data: Any, path: tuple[str, ...]) -> Iterator[str]:
    """The ids found at ``path`` of one item (a model or its dict), lists flattened."""
    value = data.get(path[0]) if isinstance(data, dict) else getattr(data, path[0], None)
    for one in value if isinstance(value, list) else [value]:
        if len(path) > 1:
            yield from reference_values(one, path[1:])
        elif one is not None:
            yield one


def remap_references(
    data: dict[str, Any],
    model: type[BaseModel],
    mapping: dict[str, str],
    *,
    drop_unmapped: bool = False,
) -> dict[str, Any]:
    """``data`` (one item of class ``model``, as a dict) with every reference field's ids
    replaced by their ``mapping``; an id missing from ``mapping`` is kept, or with
    ``drop_unmapped`` removed (a list loses it, a single reference becomes ``None``). A word a
    field allows instead of an id ("civilians") always stays.
    Changes ``data`` in place and returns it."""
    for reference in references(model):
        words = {word: word for word in reference.refers.words}
        _remap(data, reference.path, words | mapping, drop_unmapped)
    return data


def _remap(node: Any, path: tuple[str, ...], mapping: dict[str, str], drop: bool) -> None:
    if isinstance(node, list):
        for each in node:
            _remap(each, path, mapping, drop)
        return
    if not isinstance(node, dict) or path[0] not in node:
        return
    if len(path) > 1:
        _remap(node[path[0]], path[1:], mapping, drop)
        return

    def new(ref: str) -> str | None:
        return mapping.get(ref, None if drop else ref)

    value = node[path[0]]
    if isinstance(value, list):
        node[path[0]] = [n for ref in value if (n := new(ref)) is not None]
    elif value is not None:
        node[path[0]] = new(value)
