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
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

# Those imported ``as`` themselves are re-exported: callers import them with the item types.
from .ids import SECTION_NAMES as SECTION_NAMES
from .ids import SECTIONS as SECTIONS
from .ids import Refers, Section, id_pattern, reference_values, references
from .ids import item_id as item_id
from .ids import remap_references as remap_references
from .ids import section_of as section_of

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
