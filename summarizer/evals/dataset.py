"""Eval datasets: a folder with ``articles/NAME.txt`` and ``gold/NAME.json`` side by side.

Gold reports are written by hand in the draft schema (the schema the model fills), with the
list bounds lifted: the bounds exist to keep a small model from running away, not to limit
what a careful reader labels. A gold claim may name further claimants (``also_claimants``) when
the article gives one statement to several speakers; the model's schema has no such field.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field, ValidationError

from ..articles import Article, from_path
from ..errors import InputError
from ..schema.draft import ClaimDraft, SpeakerId, UnboundedDraft


class GoldClaim(ClaimDraft):
    """A gold claim; a prediction naming any of its claimants names the right speaker.

    ``also_claimants`` holds speaker ids, so the draft's reference check covers it too.
    """

    also_claimants: list[SpeakerId] = Field(
        default_factory=list,
        exclude=True,
        description="further actors or people the article gives the same statement to",
    )

    @property
    def claimants(self) -> tuple[str, ...]:
        """The claimant first, then the others, each once."""
        return tuple(dict.fromkeys((self.claimant, *self.also_claimants)))


class GoldReport(UnboundedDraft):
    """A hand-labelled report: the draft schema without list maximums."""

    claims: list[GoldClaim]  # type: ignore[assignment]


@dataclass(frozen=True)
class Example:
    """One article and its gold report."""

    name: str
    article: Article
    gold: GoldReport


def load_gold(path: Path) -> GoldReport:
    """A gold file, validated; errors name the file."""
    try:
        return GoldReport.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, json.JSONDecodeError, ValidationError) as err:
        first = str(err).splitlines()[0]
        raise InputError(f"{path}: not a valid gold report ({first})") from err


def load_dataset(folder: Path) -> list[Example]:
    """Every article in ``folder/articles`` that has a gold file, in name order."""
    articles = folder / "articles"
    gold = folder / "gold"
    if not articles.is_dir() or not gold.is_dir():
        raise InputError(f"{folder}: a dataset needs articles/ and gold/ folders")
    examples = []
    for path in sorted(articles.iterdir()):
        if path.suffix.lower() not in {".txt", ".md", ".html", ".htm"}:
            continue
        gold_path = gold / f"{path.stem}.json"
        if not gold_path.is_file():
            raise InputError(f"{path}: no gold file at {gold_path}")
        examples.append(Example(path.stem, from_path(path), load_gold(gold_path)))
    if not examples:
        raise InputError(f"{folder}: no articles found in articles/")
    return examples
