"""One article through the model: prompt, extract, ground, re-ask, merge chunks, provenance."""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass
from functools import cache

from .alignment import Aligner
from .articles import Article
from .backends.base import Backend
from .chunking import Chunk, Partial, merge_partials, split_text
from .config import Settings
from .errors import OutputError
from .grounding import Problem, QuoteFixes, apply_fixes, ground, with_confidence
from .prompts import PromptTemplate, as_data, load_prompt
from .rules import settings_rules
from .schema.draft import ReportDraft
from .schema.outline import sketch
from .schema.report import Document, Provenance, SituationReport, Usage
from .staged import extract_staged
from .version import installed_version

log = logging.getLogger(__name__)
MAX_PROBLEMS = 12


@cache
def schema_hash() -> str:
    """A short hash of the draft schema the model fills; changes whenever the schema does."""
    canonical = json.dumps(ReportDraft.model_json_schema(), sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


@cache
def _outline(model: type[ReportDraft] | type[QuoteFixes]) -> str:
    return sketch(model.model_json_schema())


@dataclass
class _Tally:
    usage: Usage
    attempts: int = 0
    reasks: int = 0

    def add(self, usage: Usage, attempts: int) -> None:
        self.usage = self.usage + usage
        self.attempts += attempts


def summarize_article(article: Article, backend: Backend, settings: Settings) -> SituationReport:
    """A grounded situation report on ``article``."""
    started = time.perf_counter()
    prompt = load_prompt(settings.prompt_name, settings.prompt_version)
    chunks = split_text(article.text, _chunk_budget(article, backend, prompt, settings))
    tally = _Tally(Usage())
    partials = []
    for number, chunk in enumerate(chunks, 1):
        if len(chunks) > 1:
            log.info("%s: chunk %d of %d", article.name, number, len(chunks))
        partials.append(_summarize_chunk(chunk, backend, settings, prompt, tally))
    merged = merge_partials(partials)
    provenance = Provenance(
        summarizer_version=installed_version(),
        prompt=prompt.ident,
        rules=settings_rules(settings),
        schema_hash=schema_hash(),
        model=backend.model,
        endpoint=backend.kind,
        base_url=settings.base_url,
        parameters=settings.parameters(),
        usage=tally.usage,
        attempts=tally.attempts,
        chunks=len(chunks),
        latency_s=round(time.perf_counter() - started, 3),
    )
    document = Document(
        name=article.name,
        media_type=article.media_type,
        sha256=article.sha256,
        characters=len(article.text),
        text=article.text,
    )
    return SituationReport(
        source=merged.draft.source,
        summary=merged.draft.summary,
        takeaways=list(merged.draft.takeaways),
        **dict(merged.grounding.sections),
        grounding=merged.grounding.stats(tally.reasks),
        provenance=provenance,
        document=document,
    )


def _summarize_chunk(
    chunk: Chunk, backend: Backend, settings: Settings, prompt: PromptTemplate, tally: _Tally
) -> Partial:
    if settings.strategy == "staged":
        staged = extract_staged(chunk.text, backend, prompt_version=settings.prompt_version)
        tally.add(staged.usage, staged.attempts)
        grounding = ground(staged.draft, Aligner(chunk.text))
        return Partial(
            offset=chunk.start,
            draft=staged.draft,
            grounding=with_confidence(grounding, staged.confidence),
        )
    messages = prompt.render(schema=_outline(ReportDraft), article=as_data(chunk.text))
    extraction = backend.extract(messages, ReportDraft)
    tally.add(extraction.usage, extraction.attempts)
    draft = extraction.value
    aligner = Aligner(chunk.text)
    grounding = ground(draft, aligner)
    for _ in range(settings.max_reasks):
        if not grounding.unresolved:
            break
        tally.reasks += 1
        fixes = _reask(chunk.text, grounding.unresolved, backend, tally)
        if fixes is None:
            break
        draft = apply_fixes(draft, fixes, grounding.unresolved)
        grounding = ground(draft, aligner)
    return Partial(offset=chunk.start, draft=draft, grounding=grounding)


def _reask(
    text: str, unresolved: list[Problem], backend: Backend, tally: _Tally
) -> QuoteFixes | None:
    problems = "\n".join(
        f'- {p.item_id}: "{p.quote}" {p.reason}' for p in unresolved[:MAX_PROBLEMS]
    )
    log.info("re-asking for %d failed quotes", len(unresolved))
    messages = load_prompt("quote_fix").render(
        schema=_outline(QuoteFixes), article=as_data(text), problems=problems
    )
    try:
        extraction = backend.extract(messages, QuoteFixes)
    except OutputError as err:
        log.warning("quote re-ask gave nothing usable: %s", err)
        return None
    tally.add(extraction.usage, extraction.attempts)
    return extraction.value


def _chunk_budget(
    article: Article, backend: Backend, prompt: PromptTemplate, settings: Settings
) -> int | None:
    """Largest chunk in characters, or ``None`` when the article fits whole."""
    if settings.chunk_chars:
        return settings.chunk_chars
    counter = getattr(backend, "count_tokens", None)
    if counter is None:
        return None
    values = dict.fromkeys(prompt.variables(), "")
    if "schema" in values:
        values["schema"] = _outline(ReportDraft)
    frame = prompt.render(**values)
    overhead = sum(counter(m["content"]) for m in frame) + 32
    available = settings.context_tokens - settings.max_tokens - overhead
    article_tokens = counter(article.text)
    if article_tokens <= available:
        return None
    chars_per_token = len(article.text) / max(1, article_tokens)
    return max(1000, int(available * chars_per_token * 0.9))
