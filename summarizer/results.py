"""What summarizing an input yields, and the keys that tell whether a stored report is current.

A report's key hashes its article's text with everything else that decides it: prompt version,
the rules' fingerprint (``rules``: code, word lists, questions, alias sets), schema, model,
generation parameters and endpoint. The batch writes it into every report it
saves and the eval harness names its cached predictions by it, so both agree on when a stored
report may be reused.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from .articles import Article
from .config import Settings
from .errors import SummarizerError
from .pipeline import schema_hash
from .prompts import load_prompt
from .rules import settings_rules
from .schema.report import SituationReport


@dataclass(frozen=True)
class Result:
    """The outcome for one input of a batch: a report or the error that stopped it."""

    source: str
    report: SituationReport | None = None
    error: SummarizerError | None = None

    @property
    def ok(self) -> bool:
        return self.report is not None


def config_key(settings: Settings) -> str:
    """Everything besides the text that decides a report, as canonical JSON."""
    return _canonical(
        load_prompt(settings.prompt_name, settings.prompt_version).ident,
        settings_rules(settings),
        schema_hash(),
        settings.model,
        settings.parameters(),
        settings.base_url or settings.endpoint,
    )


def job_key(config: str, article: Article) -> str:
    """The key of one report: same text and same configuration, same key."""
    return _key(article.sha256, config)


def report_key(data: dict[str, Any]) -> str:
    """The key a JSON report was made under, from its own document hash and provenance."""
    made = data["provenance"]
    config = _canonical(
        made["prompt"],
        made.get("rules", ""),
        made["schema_hash"],
        made["model"],
        made["parameters"],
        made.get("base_url") or made["endpoint"],
    )
    return _key(data["document"]["sha256"], config)


def _canonical(
    prompt: str, rules: str, schema: str, model: str, parameters: Any, endpoint: str
) -> str:
    config = {
        "prompt": prompt,
        "rules": rules,
        "schema": schema,
        "model": model,
        "parameters": parameters,
        "endpoint": endpoint,
    }
    return json.dumps(config, sort_keys=True)


def _key(article_sha256: str, config: str) -> str:
    return hashlib.sha256(f"{article_sha256}\n{config}".encode()).hexdigest()
