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
class Nation:
    """One state of the lexicon's ``nations`` table: the names and words that denote it."""

    key: str
    names: tuple[str, ...]
    acronyms: tuple[str, ...]
    demonyms: tuple[str, ...]
    modifiers: tuple[str, ...]
    """Lower-case regex forms that qualify a descriptive phrase ("u\\.?s\\.?", "syrian")."""
    backer: str
    bloc: bool = False
    """A group of states ("Western"): a backer and a foreign force, never an article's own."""


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Compiled word lists; see the JSON file's ``about``. One per version (``load_lexicon``),
    compared and hashed by identity, so rules may cache what they build from it."""

    version: str
    reporting: re.Pattern[str]
    denial: re.Pattern[str]
    threat: re.Pattern[str]
    control: re.Pattern[str]
    events: dict[str, re.Pattern[str]]
    hedges: dict[str, re.Pattern[str]]
    unnamed_sources: re.Pattern[str]
    topics: dict[str, re.Pattern[str]]
    actor_heads: re.Pattern[str]
    lone_actor_heads: frozenset[str]
    source_heads: dict[str, re.Pattern[str]]
    actor_modifiers: tuple[str, ...]
    """Every modifier of a descriptive phrase: the lexicon's own, the nations' and their
    "-backed"/"-led" forms."""
    not_names: frozenset[str]
    place_kinds: dict[str, re.Pattern[str]]
    nations: tuple[Nation, ...]
    nation_by_word: dict[str, str]
    """A country's name, acronym or demonym (lower case) -> its nation's key."""
    nationalities: frozenset[str]
    """Demonyms and identity words ("Syrian", "Kurdish"), lower case: never a name alone."""
    countries: frozenset[str]
    """Every name and acronym of a nation, as written."""
    national_forces: re.Pattern[str]
    """A nation's force by name: "Syrian Arab Army", "Russian Armed Forces"."""
    home_place_words: re.Pattern[str]
    backed: re.Pattern[str]
    """A backer named in a descriptive phrase: "Russian-backed", "U.S.-backed"."""
    agent_verbs: re.Pattern[str]
    descriptive_types: dict[str, re.Pattern[str]]
    org_words: re.Pattern[str]
    named_actor_types: dict[str, re.Pattern[str]]
    place_prepositions: re.Pattern[str]
    weak_place_prepositions: re.Pattern[str]
    person_titles: re.Pattern[str]
    roles: re.Pattern[str]
    appositive_openers: str
    """An alternation (no groups) of the words that open an apposition: "a", "the", "who"."""
    speech_after: re.Pattern[str]
    """A verb of speech right after a name: "Saloum said" (case kept: "Said" may be a name)."""
    speech_before: re.Pattern[str]
    """A speech cue right before a name: "said Saloum", "according to Saloum"."""
    speech_cues: re.Pattern[str]
    """A speech cue where a claim's cue word starts, any case."""
    force_heads: re.Pattern[str]
    institutions: str
    relative_pronouns: str
    auxiliaries: str
    """Words between a subject and its verb: "Rwanda has denied", "Iran also sent"."""
    role_links: str
    """Words joining a role to its organisation: "spokesman of", "head for"."""
    accusation_verbs: re.Pattern[str]
    name_particles: tuple[str, ...]
    name_joiners: tuple[str, ...]
    name_trailers: tuple[str, ...]
    intent_markers: re.Pattern[str]
    credit_lines: re.Pattern[str]
    """A photo caption's credit or a bracketed byline: the line reports nothing."""
    unfinished_control: re.Pattern[str]
    """A plan, attempt, possibility or partial advance beside a control verb: no change yet."""
    relaying_types: frozenset[str]
    """Actor types that report or monitor: never a party to an event, never a holder."""
    lower_bounds: tuple[str, ...]
    approximations: tuple[str, ...]
    death_words: str
    passive_auxiliaries: str
    contested: re.Pattern[str]
    distance_units: str
    compass: str
    reference_prepositions: str
    months: tuple[str, ...]
    weekdays: tuple[str, ...]
    relative_time: re.Pattern[str]
    subject_pronouns: re.Pattern[str]
    abbreviations: frozenset[str]

    def nation_of(self, word: str) -> str | None:
        """The key of the nation ``word`` names ("Malian", "Mali", "U.S."), or ``None``."""
        return self.nation_by_word.get(word.lower())


def alternation(words: list[str] | tuple[str, ...]) -> str:
    """``words`` as one regex alternation, longest first, with no capturing group."""
    return "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")"


def _nations(rows: list[dict[str, object]]) -> tuple[Nation, ...]:
    def words(row: dict[str, object], key: str) -> tuple[str, ...]:
        value = row.get(key, [])
        return tuple(str(v) for v in value) if isinstance(value, list) else ()

    nations = []
    for row in rows:
        demonyms = words(row, "demonyms")
        names = words(row, "names")
        modifiers = (*(re.escape(d.lower()) for d in demonyms), *words(row, "modifiers"))
        nations.append(
            Nation(
                key=str(row["key"]),
                names=names,
                acronyms=words(row, "acronyms"),
                demonyms=demonyms,
                modifiers=modifiers,
                backer=str(row.get("backer") or (names[0] if names else demonyms[0])),
                bloc=bool(row.get("bloc", False)),
            )
        )
    return tuple(nations)


def _relative_time(table: dict[str, list[str]], weekdays: list[str]) -> re.Pattern[str]:
    """ "this week", "in the last few days", "on Tuesday", "recently"."""
    days = alternation(weekdays)
    return re.compile(
        rf"\b{alternation(table['openers'])}\s*(?:{alternation(table['units'])}|{days})\b"
        rf"|\b{alternation(table['day_openers'])} {days}\b"
        rf"|\b{alternation(table['phrases'])}\b",
        re.I,
    )


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

    nations = _nations(data["nations"])
    by_word = {
        word.lower(): nation.key
        for nation in nations
        for word in (*nation.names, *nation.acronyms, *nation.demonyms)
    }
    national = [m for n in nations for m in n.modifiers]
    suffixes = alternation(data["modifier_suffixes"])
    modifiers = (*data["actor_modifiers"], *national, *(f"{m}-{suffixes}" for m in national))
    backers = alternation([re.escape(w) for n in nations for w in (*n.names, *n.acronyms)])
    demonyms = alternation([re.escape(d) for n in nations for d in n.demonyms])
    forces = alternation(data["national_forces"])
    return Lexicon(
        version=version,
        reporting=_pattern(data["reporting"]),
        denial=_pattern(data["denial"]),
        threat=_pattern(data["threat"]),
        control=_pattern(data["control"]),
        events=table("events"),
        hedges=table("hedges"),
        unnamed_sources=_pattern(data["unnamed_sources"]),
        topics=table("topics"),
        actor_heads=_pattern(data["actor_heads"]),
        lone_actor_heads=frozenset(data["lone_actor_heads"]),
        source_heads=table("source_heads"),
        actor_modifiers=tuple(modifiers),
        not_names=frozenset(data["not_names"]),
        place_kinds=table("place_kinds"),
        nations=nations,
        nation_by_word=by_word,
        nationalities=frozenset(
            w.lower() for w in (*(d for n in nations for d in n.demonyms), *data["identities"])
        ),
        countries=frozenset(w for n in nations for w in (*n.names, *n.acronyms)),
        national_forces=re.compile(rf"^(?:{demonyms}|{backers})\s+(?:\w+\s+)?{forces}$"),
        home_place_words=re.compile(rf"^\s+{alternation(data['home_place_words'])}\b", re.I),
        backed=re.compile(
            rf"\b({backers}|{demonyms})[-‑ ]{alternation(data['backer_suffixes'])}", re.I
        ),
        agent_verbs=_pattern(data["agent_verbs"]),
        descriptive_types=table("descriptive_types"),
        org_words=_pattern(data["org_words"]),
        named_actor_types=table("named_actor_types"),
        place_prepositions=_before(data["place_prepositions"]),
        weak_place_prepositions=_before(data["weak_place_prepositions"]),
        person_titles=_pattern(data["person_titles"]),
        roles=_pattern(data["roles"]),
        appositive_openers=alternation(data["appositive_openers"]),
        speech_after=re.compile(rf"^\s+{alternation(data['speech_after'])}\b"),
        speech_before=re.compile(rf"\b{alternation(data['speech_cues'])}\s+$"),
        speech_cues=re.compile(rf"{alternation(data['speech_cues'])}\b", re.I),
        force_heads=_pattern(data["force_heads"]),
        institutions=alternation(data["institutions"]),
        relative_pronouns=alternation(data["relative_pronouns"]),
        auxiliaries=alternation(data["auxiliaries"]),
        role_links=alternation(data["role_links"]),
        accusation_verbs=re.compile(rf"\b{alternation(data['accusation_verbs'])}\s+$", re.I),
        name_particles=tuple(data["name_particles"]),
        name_joiners=tuple(data["name_joiners"]),
        name_trailers=tuple(data["name_trailers"]),
        intent_markers=_pattern(data["intent_markers"]),
        credit_lines=_pattern(data["credit_lines"]),
        unfinished_control=_pattern(data["unfinished_control"]),
        relaying_types=frozenset(data["relaying_types"]),
        lower_bounds=tuple(data["lower_bounds"]),
        approximations=tuple(data["approximations"]),
        death_words=alternation(data["death_words"]),
        passive_auxiliaries=alternation(data["passive_auxiliaries"]),
        contested=_pattern(data["contested"]),
        distance_units=alternation(data["distance_units"]),
        compass=alternation(data["compass"]),
        reference_prepositions=alternation(data["reference_prepositions"]),
        months=tuple(data["months"]),
        weekdays=tuple(data["weekdays"]),
        relative_time=_relative_time(data["relative_time"], data["weekdays"]),
        subject_pronouns=re.compile(rf"\b{alternation(data['subject_pronouns'])}$", re.I),
        abbreviations=frozenset(data["abbreviations"]),
    )
