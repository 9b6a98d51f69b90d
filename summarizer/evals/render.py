"""A run's human-readable outputs: the section table, the gate, ``report.md``, ``chart.png``
and ``calibration.png`` (the reliability diagram, when predictions carry confidences)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .matching import SECTIONS

if TYPE_CHECKING:
    from ..picture.score import PictureScore
    from .calibration import Calibration, Reliability, ThresholdChoice
    from .geoscore import GeoScores
    from .runscores import Gate, RunScores


def _num(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def render_summary(scores: RunScores) -> str:
    """The per-section table: precision, recall, recall of what the schema's list caps allow,
    F1 and the change against the baseline, then the false positives split into unlisted
    predictions and contradicted ones, and the share of tied predictions contradicted
    (``contradicted / (tp + contradicted)``)."""
    total, base = scores.total, scores.gate.baseline_f1
    lines = [
        "| section | P | R | R capped | F1 | baseline F1 | Δ F1 | unlisted | contradicted "
        "| contradicted share |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in SECTIONS:
        s = total.sections[name]
        old = base.get(name)
        delta = None if old is None else s.f1 - old
        flag = " ⚠" if any(r.section == name for r in scores.gate.regressions) else ""
        lines.append(
            f"| {name}{flag} | {_num(s.precision)} | {_num(s.recall)} | {_num(s.capped_recall)} "
            f"| {_num(s.f1)} | {_num(old)} | {'–' if delta is None else f'{delta:+.2f}'} "
            f"| {s.unlisted} | {s.contradicted} | {_num(s.contradicted_share)} |"
        )
    sections = [total.sections[name] for name in SECTIONS]
    reachable = sum(s.reachable for s in sections)
    capped = {
        "micro": sum(min(s.tp, s.reachable) for s in sections) / reachable if reachable else None,
        "macro": sum(s.capped_recall for s in sections) / len(sections),
    }
    counts = {
        "micro": f" {total.unlisted} | {total.contradicted} | {_num(total.contradicted_share)} ",
        "macro": "  |  |  ",
    }
    for label, avg in (("micro", total.micro), ("macro", total.macro)):
        lines.append(
            f"| **{label}** | {_num(avg.precision)} | {_num(avg.recall)} "
            f"| {_num(capped[label])} | {_num(avg.f1)} | | |{counts[label]}|"
        )
    return "\n".join(lines)


def render_gate(gate: Gate) -> str:
    """The gate's verdict in one paragraph."""
    reasons = [
        f"{r.section} F1 {r.current:.2f} < baseline {r.baseline:.2f} − {gate.margin:g}"
        for r in gate.regressions
    ] + [f"{name} failed" for name in gate.failed_articles]
    return f"Regression gate: **{gate.status}**" + (f" ({'; '.join(reasons)})" if reasons else "")


def render_report(scores: RunScores, *, reliability_plot: str | None = None) -> str:
    """``report.md``: configuration, section table, article table, calibration, feedback and
    the gate. ``reliability_plot`` is the Markdown line :func:`write_reliability_plot` gave."""
    run, total = scores.run, scores.total
    lines = [
        f"# Eval: {run.model} on {run.dataset}",
        "",
        f"{run.created} · prompt {run.prompt} · rules {run.rules or '?'} · "
        f"schema {run.schema_hash} · "
        f"{run.endpoint} · {len(scores.articles)} articles, {total.errors} failed",
        "",
        render_summary(scores),
        "",
        render_gate(scores.gate),
        "",
        "## Articles",
        "",
        "| article | F1 | valid | attempts | prompt tok | completion tok | latency s | cost $ "
        "| grounded | unresolved quotes |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for a in scores.articles:
        g = a.grounding
        lines.append(
            f"| {a.name}{' (cached)' if a.cached else ''} | {_num(a.micro.f1)} "
            f"| {'yes' if a.schema_valid else 'no'} | {a.attempts} | {a.prompt_tokens} "
            f"| {a.completion_tokens} | {a.latency_s:.1f} | {_num(a.cost_usd, 4)} "
            f"| {_num(g.share_grounded if g else None)} | {g.unresolved_quotes if g else '–'} |"
        )
    lines += [
        f"| **total** | {_num(total.micro.f1)} | | | {total.prompt_tokens} "
        f"| {total.completion_tokens} | {total.latency_s:.1f} | {_num(total.cost_usd, 4)} "
        f"| {_num(total.share_grounded)} | {total.unresolved_quotes} |",
        "",
    ]
    if scores.picture is not None:
        lines += [
            "## Situation picture across articles",
            "",
            render_picture_score(scores.picture),
            "",
        ]
    if scores.geo is not None:
        lines += ["## Geocoding", "", render_geo_score(scores.geo), ""]
    predicted = sum(s.tp + s.fp for s in total.sections.values())
    lines += ["## Calibration", "", render_calibration(total.calibration, predicted), ""]
    if reliability_plot:
        lines += [reliability_plot, ""]
    lines.append("## Feedback")
    for a in scores.articles:
        lines += ["", f"### {a.name}", "", *(f"- {line}" for line in a.feedback)]
    return "\n".join(lines) + "\n"


def write_chart(path: Path, scores: RunScores) -> None:
    """Grouped bars of per-section F1: this run, and the baseline when there is one."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(9, 4), layout="constrained")
    FigureCanvasAgg(figure)  # Agg, no pyplot: no display, no global state
    axes = figure.subplots()
    positions = list(range(len(SECTIONS)))
    base = scores.gate.baseline_f1
    width = 0.4 if base else 0.6
    current = [scores.total.sections[s].f1 for s in SECTIONS]
    offset = width / 2 if base else 0.0
    axes.bar([p - offset for p in positions], current, width, label="this run")
    if base:
        axes.bar([p + offset for p in positions], [base.get(s, 0.0) for s in SECTIONS], width,
                 label="baseline")  # fmt: skip
    axes.set_xticks(positions, [s.replace("_", " ") for s in SECTIONS])
    axes.set_ylim(0, 1.05)
    axes.set_ylabel("F1")
    axes.set_title(f"{scores.run.model}: F1 per section (micro F1 {scores.total.micro.f1:.2f})")
    axes.legend()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format="png", dpi=100)


def _reliability_row(name: str, r: Reliability) -> str:
    return (
        f"| {name} | {r.items} | {_num(r.mean_confidence)} | {_num(r.share_confirmed)} "
        f"| {_num(r.ece, 3)} | {_num(r.brier, 3)} |"
    )


def render_threshold(choice: ThresholdChoice | None) -> str:
    """The drop threshold this set argues for, in one line."""
    if choice is None:
        return "Drop threshold: no predicted item carries a confidence."
    aim = (
        "maximises micro F1"
        if choice.objective == "f1"
        else f"maximises precision, recall down at most {choice.max_recall_loss:g}"
    )
    return (
        f"Drop threshold {choice.threshold:.3f} {aim} on this set: F1 {choice.f1_all:.2f} → "
        f"{choice.f1:.2f}, precision {choice.precision_all:.2f} → {choice.precision:.2f}, "
        f"recall {choice.recall_all:.2f} → {choice.recall:.2f}; drops {choice.dropped} of "
        f"{choice.scored} items with a confidence (keeps confidence ≥ threshold)."
    )


def render_calibration(calibration: Calibration, predicted: int) -> str:
    """How the predictions' confidences match how often the gold confirms them: the overall
    reliability table (non-empty bins), ECE and Brier per section, the drop threshold."""
    overall = calibration.overall
    if not overall.items:
        return (
            f"No predicted item carries a confidence ({predicted} predicted); nothing to calibrate."
        )
    lines = [
        f"{overall.items} of {predicted} predicted items carry a confidence; confirmed means "
        "matched to a gold item and not contradicted. ECE is the bin-count-weighted mean of "
        f"|share confirmed − mean confidence| over {calibration.bins} equal-width bins.",
        "",
        "| confidence | items | mean confidence | share confirmed |",
        "|---|---:|---:|---:|",
    ]
    for b in overall.bins:
        if b.items:
            closing = "]" if b.high >= 1.0 else ")"
            lines.append(
                f"| [{b.low:.1f}, {b.high:.1f}{closing} | {b.items} | {_num(b.mean_confidence)} "
                f"| {_num(b.share_confirmed)} |"
            )
    lines += [
        "",
        "| section | items | mean confidence | share confirmed | ECE | Brier |",
        "|---|---:|---:|---:|---:|---:|",
        *(_reliability_row(name, r) for name, r in calibration.sections.items()),
        _reliability_row("**all**", overall),
        "",
        render_threshold(calibration.threshold),
    ]
    return "\n".join(lines)


def write_reliability_plot(path: Path, scores: RunScores) -> str | None:
    """The reliability diagram of the run's confidences as a PNG; returns the Markdown line for
    ``report.md``: the image, or why there is none (``None`` when nothing carries a
    confidence)."""
    calibration = scores.total.calibration
    path.unlink(missing_ok=True)  # no stale plot from an earlier run in the same folder
    if not calibration.overall.items:
        return None
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        return "No reliability plot: matplotlib is not installed (the eval extra)."
    bins = [b for b in calibration.overall.bins if b.items]
    figure = Figure(figsize=(5, 5.5), layout="constrained")
    FigureCanvasAgg(figure)
    axes, counts = figure.subplots(2, 1, sharex=True, height_ratios=[3, 1])
    width = 1.0 / calibration.bins
    axes.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfect calibration")
    axes.bar([b.low for b in bins], [b.share_confirmed or 0.0 for b in bins], width,
             align="edge", edgecolor="black", alpha=0.7, label="share confirmed")  # fmt: skip
    axes.plot([b.mean_confidence for b in bins], [b.share_confirmed for b in bins], "o",
              color="black", label="bin mean confidence, share")  # fmt: skip
    axes.set_xlim(0, 1)
    axes.set_ylim(0, 1.05)
    axes.set_ylabel("share confirmed by gold")
    ece = calibration.overall.ece or 0.0
    axes.set_title(
        f"{scores.run.model}: reliability (ECE {ece:.3f}, n={calibration.overall.items})"
    )
    axes.legend(loc="upper left")
    counts.bar([b.low for b in bins], [b.items for b in bins], width, align="edge",
               edgecolor="black")  # fmt: skip
    counts.set_xlabel("confidence")
    counts.set_ylabel("items")
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format="png", dpi=100)
    return f"![reliability diagram]({path.name})"


def render_picture_score(score: PictureScore) -> str:
    """The merged picture's scores against the gold picture, as a short list."""
    i = score.identity
    return "\n".join(
        [
            f"- identity pairs: {i.correct} merged correctly, {i.wrong} wrongly, {i.missed} missed "
            f"(precision {i.precision:.2f}, recall {i.recall:.2f})",
            f"- timeline: {score.events_found} of {score.events_gold} gold events found; "
            f"{score.pairs_kept} of {score.ordered_pairs} ordered pairs kept "
            f"({score.order_kept:.2f}), order agreement over found events {score.order_tau:.2f}",
            f"- conflicts: {score.conflicts_found} of {score.conflicts_gold} found, "
            f"{score.conflicts_extra} extra"
            + (f"; missed: {', '.join(score.missed_conflicts)}" if score.missed_conflicts else ""),
        ]
    )


def render_geo_score(scores: GeoScores) -> str:
    """Geocoding precision and recall over the places the gazetteer holds, and the misses."""
    lines = [
        "| places | precision | recall | tp | fp | fn | foreign | approximate | unjudged |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, s in (("predictions", scores.predictions), ("gold places", scores.gold_places)):
        lines.append(
            f"| {label} | {_num(s.precision)} | {_num(s.recall)} | {s.tp} | {s.fp} | {s.fn} "
            f"| {s.foreign} | {s.approximate} | {s.unjudged} |"
        )
    lines += ["", *(f"- {e}" for e in scores.predictions.errors)]
    return "\n".join(lines)
