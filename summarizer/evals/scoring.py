"""Score a report against gold: per-section precision, recall and F1, grounding, cost, feedback.

``score_report`` takes any report with the draft's sections: a model's ``SituationReport`` (then
grounding, tokens, latency and cost are filled from its evidence and provenance) or a plain
``ReportDraft``/``GoldReport`` (gold against gold, perturbed gold). Items are paired by
:mod:`.matching` and judged by :mod:`.contradiction`: a confirmed pair is a true positive; a
contradicted prediction (the right item, something wrong said of it) is a false positive and
its gold item a false negative; an unpaired prediction is a false positive (unlisted,
invented), an unpaired gold item a false negative (missed). Gold quotes are found in the
article text (a prediction's own, or ``text``) so statements can match on shared evidence.
Predictions with a confidence are kept with their outcome for :mod:`.calibration`.

Beside plain recall, ``capped_recall`` measures recall against what the output schema allows:
the draft schema caps each list (``max_length``), so a report can find at most
``min(gold count, cap)`` items of a section. Every output is a Pydantic model so scores
serialise to JSON and load back for regression gates.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import fmean
from typing import Any

from ..schema.draft import ReportDraft
from ..schema.report import SituationReport
from .calibration import Calibration, Judged, Outcome, choose_threshold, confidence_of, reliability
from .contradiction import judge_items
from .dataset import GoldReport
from .index import Report, ReportIndex
from .matching import SECTIONS, THRESHOLD
from .prices import Prices, estimate_cost
from .scores import (
    ArticleScore,
    Averages,
    DatasetScore,
    GroundingScore,
    Pair,
    SectionScore,
    SectionTotal,
    contradicted_share,
    mean_rates,
    rates,
)

MAX_LISTED = 6


def schema_caps() -> dict[str, int | None]:
    """Each section's list cap in the model's draft schema (``max_length``), read from the
    field metadata; ``None`` for an uncapped section."""
    caps: dict[str, int | None] = {}
    for section in SECTIONS:
        limits = [
            getattr(m, "max_length", None) for m in ReportDraft.model_fields[section].metadata
        ]
        caps[section] = next((int(n) for n in limits if n is not None), None)
    return caps


def capped(tp: int, gold: int, cap: int | None) -> tuple[int, float]:
    """Reachable gold items (``min(gold, cap)``) and the share of them found; a section with
    nothing reachable scores 1.0, like an empty one."""
    reachable = gold if cap is None else min(gold, cap)
    return reachable, round(min(tp, reachable) / reachable, 4) if reachable else 1.0


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def label(section: str, item: Any, refs: ReportIndex) -> str:
    """A few words that name an item in feedback: its name, or what it says."""

    def first(ref: str | None) -> str:
        return (refs(ref) or ("?",))[0]

    if section in ("actors", "people", "places"):
        return str(item.name)
    if section == "events":
        return _short(str(item.description))
    if section == "control_changes":
        return f"{first(item.place)}: {first(item.before)} → {first(item.after)}"
    if section == "claims":
        return _short(f"{first(item.claimant)}: {item.text}")
    return _short(f"{item.kind}: {item.text}")


def _items(report: Report, section: str) -> Sequence[Any]:
    items: Sequence[Any] = getattr(report, section)
    return items


def score_section(
    section: str,
    predicted: Report,
    gold: Report,
    threshold: float = THRESHOLD,
    refs: tuple[ReportIndex, ReportIndex] | None = None,
) -> SectionScore:
    """One section of ``predicted`` against ``gold``; ``refs`` are both reports' resolved ids."""
    p_items, g_items = _items(predicted, section), _items(gold, section)
    p_refs, g_refs = refs or (ReportIndex.of(predicted), ReportIndex.of(gold))
    judged = judge_items(section, p_items, g_items, p_refs, g_refs, threshold)
    tp, wrong = len(judged.confirmed), len(judged.contradicted)
    fp, fn = len(judged.unlisted) + wrong, len(judged.missed) + wrong
    reachable, capped_recall = capped(tp, len(g_items), schema_caps()[section])
    outcomes: dict[int, Outcome] = {i: "unlisted" for i in judged.unlisted}
    outcomes |= {p: "confirmed" for p, _, _ in judged.confirmed}
    outcomes |= {c.predicted: "contradicted" for c in judged.contradicted}
    return SectionScore(
        tp=tp,
        fp=fp,
        fn=fn,
        **rates(tp, fp, fn).model_dump(),
        contradicted=wrong,
        unlisted=len(judged.unlisted),
        contradicted_share=contradicted_share(tp, wrong),
        reachable=reachable,
        capped_recall=capped_recall,
        pairs=[
            Pair(
                predicted=p_items[p].id,
                gold=g_items[g].id,
                score=s,
                label=label(section, g_items[g], g_refs),
            )
            for p, g, s in judged.confirmed
        ],
        contradicted_pairs=[
            Pair(
                predicted=p_items[c.predicted].id,
                gold=g_items[c.gold].id,
                score=c.score,
                label=label(section, g_items[c.gold], g_refs),
                wrong=list(c.wrong),
            )
            for c in judged.contradicted
        ],
        missed=[label(section, g_items[i], g_refs) for i in judged.missed],
        invented=[label(section, p_items[i], p_refs) for i in judged.unlisted],
        judged=[
            Judged(id=item.id, confidence=confidence, outcome=outcomes[i])
            for i, item in enumerate(p_items)
            if (confidence := confidence_of(item)) is not None
        ],
    )


def grounding_score(report: SituationReport) -> GroundingScore:
    """Grounding counted from the items' own evidence."""
    items = [item for section in SECTIONS for item in _items(report, section)]
    grounded = sum(1 for item in items if item.grounded)
    unresolved = [
        f"{item.id}: {e.quote}" for item in items for e in item.evidence if e.status == "unresolved"
    ]
    return GroundingScore(
        items=len(items),
        grounded=grounded,
        ungrounded=len(items) - grounded,
        share_grounded=round(grounded / len(items), 4) if items else 1.0,
        quotes=sum(len(item.evidence) for item in items),
        unresolved_quotes=len(unresolved),
        unresolved=unresolved,
    )


def _listed(labels: list[str]) -> str:
    shown = ", ".join(labels[:MAX_LISTED])
    return shown + (f" and {len(labels) - MAX_LISTED} more" if len(labels) > MAX_LISTED else "")


def feedback_line(section: str, score: SectionScore) -> str:
    """What went wrong in one section, in words: missed and invented items, found of total."""
    total = score.tp + score.fn
    if not total and not score.fp:
        return f"{section}: none in gold, none predicted"
    if not score.fn and not score.fp:
        return f"{section}: all {total} found"
    parts = []
    if score.missed:
        parts.append(f"missed {_listed(score.missed)}")
    if score.contradicted_pairs:
        wrong = [f"{p.label} ({'; '.join(p.wrong)})" for p in score.contradicted_pairs]
        parts.append(f"contradicted {_listed(wrong)}")
    if score.invented:
        parts.append(f"invented {_listed(score.invented)}")
    return f"{section}: {'; '.join(parts)} ({score.tp} of {total} found)"


def _article(name: str, sections: dict[str, SectionScore], **extra: Any) -> ArticleScore:
    values = list(sections.values())
    micro = rates(*(sum(getattr(s, k) for s in values) for k in ("tp", "fp", "fn")))
    macro = mean_rates([Averages(precision=s.precision, recall=s.recall, f1=s.f1) for s in values])
    feedback = [feedback_line(section, score) for section, score in sections.items()]
    if extra.get("error"):
        feedback.insert(0, f"error: {extra['error']}")
    return ArticleScore(
        name=name,
        sections=sections,
        micro=micro,
        macro=macro,
        contradicted=sum(s.contradicted for s in values),
        feedback=feedback,
        **extra,
    )


def score_report(
    predicted: Report,
    gold: GoldReport | Report,
    *,
    name: str = "",
    prices: Prices | None = None,
    threshold: float = THRESHOLD,
    cached: bool = False,
    text: str | None = None,
) -> ArticleScore:
    """``predicted`` against ``gold``; a ``SituationReport`` adds grounding, tokens and cost.

    Gold quotes are found in ``text``, by default the article a ``SituationReport`` carries.
    """
    if text is None and isinstance(predicted, SituationReport):
        text = predicted.document.text
    refs = (ReportIndex.of(predicted, text), ReportIndex.of(gold, text))
    sections = {s: score_section(s, predicted, gold, threshold, refs) for s in SECTIONS}
    if not isinstance(predicted, SituationReport):
        return _article(name, sections)
    provenance = predicted.provenance
    return _article(
        name,
        sections,
        cached=cached,
        grounding=grounding_score(predicted),
        model=provenance.model,
        attempts=provenance.attempts,
        prompt_tokens=provenance.usage.prompt_tokens,
        completion_tokens=provenance.usage.completion_tokens,
        latency_s=provenance.latency_s,
        cost_usd=estimate_cost(predicted, prices),
    )


def failed_score(name: str, gold: Report, error: str, *, model: str | None = None) -> ArticleScore:
    """An article the model failed on: not schema-valid, every gold item a miss."""
    refs = ReportIndex.of(gold)
    sections = {}
    for section in SECTIONS:
        missed = [label(section, item, refs) for item in _items(gold, section)]
        reachable, capped_recall = capped(0, len(missed), schema_caps()[section])
        sections[section] = SectionScore(
            tp=0,
            fp=0,
            fn=len(missed),
            **rates(0, 0, len(missed)).model_dump(),
            reachable=reachable,
            capped_recall=capped_recall,
            missed=missed,
        )
    return _article(name, sections, schema_valid=False, error=error, model=model)


def calibrate(articles: list[ArticleScore]) -> Calibration:
    """Reliability of the predictions' confidences, overall and per section, and the drop
    threshold that maximises micro F1 over every section of every article."""
    judged = {
        section: [j for a in articles if section in a.sections for j in a.sections[section].judged]
        for section in SECTIONS
    }
    pairs = [(j.confidence, j.confirmed) for items in judged.values() for j in items]
    scores = [s for a in articles for s in a.sections.values()]
    confirmed = sum(1 for _, y in pairs if y)
    threshold = choose_threshold(
        pairs,
        gold=sum(s.tp + s.fn for s in scores),  # fn counts contradicted gold items too
        kept_tp=sum(s.tp for s in scores) - confirmed,
        kept_fp=sum(s.fp for s in scores) - (len(pairs) - confirmed),
    )
    return Calibration(
        overall=reliability(pairs),
        sections={
            section: reliability((j.confidence, j.confirmed) for j in items)
            for section, items in judged.items()
        },
        threshold=threshold,
    )


def score_dataset(articles: list[ArticleScore]) -> DatasetScore:
    """Totals over articles: pooled and averaged per section, and over everything."""
    totals: dict[str, SectionTotal] = {}
    for section in SECTIONS:
        scores = [a.sections[section] for a in articles if section in a.sections]
        tp, fp, fn = (sum(getattr(s, k) for s in scores) for k in ("tp", "fp", "fn"))
        wrong = sum(s.contradicted for s in scores)
        macro_f1 = round(fmean(s.f1 for s in scores), 4) if scores else 0.0
        reachable = sum(s.reachable for s in scores)
        found = sum(min(s.tp, s.reachable) for s in scores)
        totals[section] = SectionTotal(
            tp=tp,
            fp=fp,
            fn=fn,
            **rates(tp, fp, fn).model_dump(),
            contradicted=wrong,
            unlisted=sum(s.unlisted for s in scores),
            contradicted_share=contradicted_share(tp, wrong),
            macro_f1=macro_f1,
            reachable=reachable,
            capped_recall=round(found / reachable, 4) if reachable else 1.0,
        )
    values = list(totals.values())
    grounded = [a.grounding for a in articles if a.grounding is not None]
    items = sum(g.items for g in grounded)
    costs = [a.cost_usd for a in articles if a.schema_valid]
    tp, wrong = sum(t.tp for t in values), sum(t.contradicted for t in values)
    return DatasetScore(
        articles=articles,
        sections=totals,
        micro=rates(tp, sum(t.fp for t in values), sum(t.fn for t in values)),
        macro=mean_rates(
            [Averages(precision=t.precision, recall=t.recall, f1=t.f1) for t in values]
        ),
        article_macro=mean_rates([a.micro for a in articles]),
        contradicted=wrong,
        unlisted=sum(t.unlisted for t in values),
        contradicted_share=contradicted_share(tp, wrong),
        calibration=calibrate(articles),
        errors=sum(1 for a in articles if not a.schema_valid),
        prompt_tokens=sum(a.prompt_tokens for a in articles),
        completion_tokens=sum(a.completion_tokens for a in articles),
        latency_s=round(sum(a.latency_s for a in articles), 3),
        cost_usd=None if None in costs else round(sum(c or 0.0 for c in costs), 6),
        share_grounded=round(sum(g.grounded for g in grounded) / items, 4) if items else None,
        unresolved_quotes=sum(g.unresolved_quotes for g in grounded),
    )
