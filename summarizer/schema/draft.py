"""The situation report: what the model fills in, and what the program adds.

Two layers share one set of item classes:

* ``ReportDraft`` is the schema the model is asked to fill. Events, control changes, claims and
  uncertainties cite evidence as short verbatim ``quotes``; actors, people and places are
  grounded by their names as written, which the program finds in the text (no quote tokens
  spent on them). Items refer to each other by id (``A1`` actors, ``H1`` people, ``L1`` places,
  ``E1`` events, ``T1`` control changes, ``C1`` claims, ``U1`` uncertainties). Every list and
  string is bounded so a small model cannot run away.
* ``SituationReport`` is what callers get: the same items, each with ``evidence`` the program
  resolved to character offsets in the text the model saw, plus grounding counts and provenance.

Vocabularies follow the field: ACLED actor and event types, UCDP fatality ranges, ISW's
assessed/claimed/contested control, CAMEO's verbal acts for claims.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator


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


ActorType = Literal[
    "state_forces",
    "rebel_group",
    "political_militia",
    "identity_militia",
    "external_force",
    "coalition",
    "civilians",
    "monitor_ngo",
    "media",
    "unknown",
]
PlaceKind = Literal[
    "city",
    "town",
    "village",
    "air_base",
    "military_base",
    "highway",
    "border_crossing",
    "mine",
    "camp",
    "mountains",
    "region",
    "province",
    "country",
    "other",
]
EventType = Literal[
    "battle",
    "government_regains_territory",
    "non_state_actor_overtakes_territory",
    "air_strike",
    "shelling",
    "suicide_bomb",
    "ied",
    "attack_on_civilians",
    "strategic_development",
    "other",
]
DatePrecision = Literal["day", "week", "month", "year", "unknown"]
ControlStatus = Literal["assessed", "claimed", "contested"]
Modality = Literal["asserted", "denied", "threatened", "hypothetical"]
Corroboration = Literal["supported", "contradicted", "none"]
ClaimTopic = Literal["control", "casualties", "figures", "responsibility", "intent", "other"]
UncertaintyKind = Literal[
    "unverified", "disputed", "hedged", "missing", "single_source", "conflicting_figures"
]
AlignmentStatus = Literal["exact", "normalized", "fuzzy", "unresolved"]

Quote = Annotated[str, StringConstraints(min_length=3, max_length=160)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=60)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=220)]
_ACTORS = Refers(("actors",), "actor")
_SPEAKERS = Refers(("actors", "people"), "actor or person")
_PLACES = Refers(("places",), "place")
_ITEMS = Refers(SECTION_NAMES[:-1], "item")  # an uncertainty is about anything but another one
_GROUPS = Refers(("actors",), "actor", ("civilians", "unknown"))

ActorId = Annotated[str, StringConstraints(pattern=id_pattern(*_ACTORS.sections)), _ACTORS]
SpeakerId = Annotated[str, StringConstraints(pattern=id_pattern(*_SPEAKERS.sections)), _SPEAKERS]
PlaceId = Annotated[str, StringConstraints(pattern=id_pattern(*_PLACES.sections)), _PLACES]
ItemId = Annotated[str, StringConstraints(pattern=id_pattern(*_ITEMS.sections)), _ITEMS]
AnyItemId = Annotated[str, StringConstraints(pattern=id_pattern(*SECTION_NAMES))]
FatalityGroup = Annotated[
    str, StringConstraints(pattern=id_pattern(*_GROUPS.sections, words=_GROUPS.words)), _GROUPS
]


class _Item(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CachedSchema(BaseModel):
    """A response model whose JSON Schema is built once: instructor asks for it on every call.

    instructor wraps the model in a fresh subclass of the same name and schema per call, so the
    cache is keyed by module and qualified name, not by class object (which would never hit).
    """

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        key = (cls.__module__, cls.__qualname__, args, tuple(sorted(kwargs.items())))
        if key not in _SCHEMAS:
            _SCHEMAS[key] = super().model_json_schema(*args, **kwargs)
        return copy.deepcopy(_SCHEMAS[key])


_SCHEMAS: dict[tuple[Any, ...], dict[str, Any]] = {}


class Source(_Item):
    """Where the article comes from, as printed in it."""

    outlet: Name | None = Field(description="publication or site")
    headline: Text | None
    author: Name | None = Field(description="byline or wire (Reuters, AP, Syria Direct)")
    dateline: Name | None = Field(description="dateline place, e.g. AMMAN")
    published: Name | None = Field(description="publication date as YYYY-MM-DD if printed")
    date_precision: DatePrecision


class ActorDraft(_Item):
    """A distinct party: armed group, state, coalition, monitor or outlet."""

    id: Annotated[str, StringConstraints(pattern=id_pattern("actors"))]
    name: Name = Field(description="as written in the text")
    aliases: list[Name] = Field(max_length=4, description="other names used in the text")
    type: ActorType
    member_of: ActorId | None = Field(description="umbrella actor id, e.g. an FSA faction's FSA")
    backers: list[Name] = Field(max_length=3, description="who backs it, e.g. US, Russia")


class PersonDraft(_Item):
    """A named person quoted or mentioned."""

    id: Annotated[str, StringConstraints(pattern=id_pattern("people"))]
    name: Name
    role: Name | None
    affiliation: ActorId | None


class PlaceDraft(_Item):
    """A place named in the text."""

    id: Annotated[str, StringConstraints(pattern=id_pattern("places"))]
    name: Name = Field(description="as written")
    kind: PlaceKind
    admin_area: Name | None = Field(description="province or governorate if stated")
    country: Name | None
    relative: Text | None = Field(description="e.g. 50 km southeast of Damascus")


class Fatalities(_Item):
    """Deaths as a UCDP-style range for one side, civilians, or unknown."""

    who: FatalityGroup = Field(description="actor id, civilians or unknown")
    low: int | None = Field(ge=0)
    best: int | None = Field(ge=0)
    high: int | None = Field(ge=0)


class EventDraft(_Item):
    """Something that happened, typed by ACLED's event types."""

    id: Annotated[str, StringConstraints(pattern=id_pattern("events"))]
    quotes: list[Quote] = Field(min_length=1, max_length=2)
    type: EventType
    description: Text
    actors: list[ActorId] = Field(max_length=4)
    place: PlaceId | None
    date: Name | None = Field(description="YYYY-MM-DD, YYYY-MM or as written")
    date_precision: DatePrecision
    fatalities: list[Fatalities] = Field(max_length=3)


class ControlChangeDraft(_Item):
    """Who held a place before and after, in ISW's terms."""

    id: Annotated[str, StringConstraints(pattern=id_pattern("control_changes"))]
    quotes: list[Quote] = Field(min_length=1, max_length=2)
    place: PlaceId
    before: ActorId | None
    after: ActorId | None
    status: ControlStatus = Field(
        description="assessed: the article states it; claimed: only a party says so; contested"
    )
    area: Name | None = Field(description="size of area if given")


class ClaimDraft(_Item):
    """A statement the article attributes to someone; never promoted to fact."""

    id: Annotated[str, StringConstraints(pattern=id_pattern("claims"))]
    quotes: list[Quote] = Field(min_length=1, max_length=2)
    claimant: SpeakerId = Field(description="actor or person id")
    via: Name | None = Field(description="outlet that relays it, e.g. Reuters")
    text: Text = Field(description="what is claimed")
    topic: ClaimTopic
    modality: Modality
    corroboration: Corroboration = Field(description="by another source in the same text")


class UncertaintyDraft(_Item):
    """What is unverified, disputed, hedged or missing."""

    id: Annotated[str, StringConstraints(pattern=id_pattern("uncertainties"))]
    quotes: list[Quote] = Field(min_length=1, max_length=2)
    kind: UncertaintyKind
    text: Text
    about: list[ItemId] = Field(min_length=1, max_length=4, description="ids of items concerned")


class ReportDraft(_Item, CachedSchema):
    """A situation report on one article, every item tied to the text."""

    source: Source
    summary: Annotated[str, StringConstraints(min_length=20, max_length=400)]
    takeaways: list[Text] = Field(min_length=3, max_length=5)
    actors: list[ActorDraft] = Field(max_length=8)
    people: list[PersonDraft] = Field(max_length=6)
    places: list[PlaceDraft] = Field(max_length=8)
    events: list[EventDraft] = Field(max_length=6)
    control_changes: list[ControlChangeDraft] = Field(max_length=4)
    claims: list[ClaimDraft] = Field(max_length=6)
    uncertainties: list[UncertaintyDraft] = Field(max_length=4)

    @model_validator(mode="after")
    def _check_references(self) -> ReportDraft:
        problems = reference_problems(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self


class UnboundedDraft(ReportDraft):
    """The draft schema without list maximums: what a careful reader labels (gold reports)
    and what the staged pipeline assembles, whose stages are bounded by the text instead. The
    maximums exist to keep one long generation from running away, not to limit a report."""

    takeaways: list[str] = Field(min_length=1)
    actors: list[ActorDraft]
    people: list[PersonDraft]
    places: list[PlaceDraft]
    events: list[EventDraft]
    control_changes: list[ControlChangeDraft]
    claims: list[ClaimDraft]
    uncertainties: list[UncertaintyDraft]


def items_of(report: BaseModel) -> Iterator[tuple[Section, Any]]:
    """Every item of a draft or report, section by section, with its section."""
    for section in SECTIONS:
        for item in getattr(report, section.name):
            yield section, item


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


def reference_problems(draft: ReportDraft) -> list[str]:
    """Every id that is duplicated or refers to nothing, in words a model can act on."""
    problems: list[str] = []
    listed: dict[str, set[str]] = {name: set() for name in SECTION_NAMES}
    for section, item in items_of(draft):
        if any(item.id in ids for ids in listed.values()):
            problems.append(f"id {item.id} is used twice")
        listed[section.name].add(item.id)
    for _, item in items_of(draft):
        for reference in references(type(item)):
            refers = reference.refers
            allowed = set(refers.words).union(*(listed[name] for name in refers.sections))
            problems += [
                f"{item.id}.{'.'.join(reference.path)} is {ref}, which is not a listed "
                f"{refers.noun}"
                for ref in reference_values(item, reference.path)
                if ref not in allowed
            ]
    return problems
