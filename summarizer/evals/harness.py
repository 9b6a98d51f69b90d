"""Run a model over a gold dataset and write a run folder that later runs compare against.

A run folder holds ``predictions/NAME.json`` (each ``SituationReport``), ``scores.json`` (per
article and in total, with the run's configuration and regression gate), ``report.md`` (tables
and feedback), ``chart.png`` (per-section F1 against the baseline) and, when predictions carry
confidences, ``calibration.png`` (their reliability diagram). Predictions are cached
by article, prompt, schema, model and generation parameters, so re-running an unchanged
configuration calls no model; ``rescore`` scores an earlier run's predictions again.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError

from ..api import Summarizer
from ..articles import Article
from ..config import Settings
from ..errors import ConfigurationError, InputError, PromptError, SummarizerError
from ..output import write_atomic
from ..picture import PictureScore, build_picture, score_picture
from ..pipeline import schema_hash
from ..prompts import load_prompt
from ..resources import default_cache_dir
from ..results import config_key, job_key
from ..rules import settings_rules
from ..schema.report import SituationReport
from ..views import render_picture
from .dataset import Example, load_dataset
from .geoscore import score_geo
from .matching import SECTIONS
from .prices import Prices
from .render import render_report, write_chart, write_reliability_plot
from .runscores import Gate, Regression, RunInfo, RunScores
from .scores import ArticleScore, DatasetScore
from .scoring import failed_score, score_dataset, score_report

PICTURE_GOLD = "picture_gold.json"

Progress = Callable[[int, int, ArticleScore], None]
"""Called after each article with its 1-based position, the total and its score."""


@dataclass(frozen=True)
class RunResult:
    """A finished run: where it was written and what it scored."""

    out_dir: Path
    scores: RunScores

    @property
    def status(self) -> str:
        return self.scores.gate.status

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def default_prediction_cache() -> Path:
    """``$XDG_CACHE_HOME/summarizer/predictions`` or ``~/.cache/summarizer/predictions``."""
    return default_cache_dir() / "predictions"


def cache_key(article: Article, settings: Settings) -> str:
    """The same key a batch uses: article text, prompt, schema, model, parameters, endpoint."""
    return job_key(config_key(settings), article)


def load_baseline(run_dir: Path) -> dict[str, float]:
    """Per-section F1 from a run folder's ``scores.json``."""
    path = run_dir / "scores.json" if run_dir.is_dir() else run_dir
    try:
        sections = json.loads(path.read_text(encoding="utf-8"))["total"]["sections"]
        return {name: float(values["f1"]) for name, values in sections.items()}
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise InputError(f"--baseline {run_dir}: no readable scores.json ({err})") from err


def _load_report(path: Path) -> SituationReport | None:
    try:
        return SituationReport.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValidationError):
        return None


def _predict(
    example: Example, settings: Settings, cache: Path, get_summarizer: Callable[[], Summarizer]
) -> tuple[SituationReport, bool]:
    """The cached report for this configuration, else a fresh one (then cached)."""
    path = cache / f"{cache_key(example.article, settings)}.json"
    cached = _load_report(path) if path.is_file() else None
    if cached is not None:
        return cached, True
    report = get_summarizer().summarize(example.article)
    write_atomic(path, report.model_dump_json())
    return report, False


def _gate(total: DatasetScore, baseline: Path | None, margin: float, failed: list[str]) -> Gate:
    baseline_f1 = load_baseline(baseline) if baseline is not None else {}
    regressions = [
        Regression(section=s, baseline=baseline_f1[s], current=total.sections[s].f1)
        for s in SECTIONS
        if s in baseline_f1 and total.sections[s].f1 < baseline_f1[s] - margin
    ]
    return Gate(
        status="failed" if regressions or failed else "ok",
        margin=margin,
        baseline=str(baseline) if baseline is not None else None,
        baseline_f1=baseline_f1,
        regressions=regressions,
        failed_articles=failed,
    )


def run_eval(
    dataset_dir: Path,
    settings: Settings,
    out_dir: Path,
    *,
    baseline: Path | None = None,
    rescore: Path | None = None,
    margin: float = 0.05,
    prices: Prices | None = None,
    progress: Progress | None = None,
    summarizer: Summarizer | None = None,
    cache_dir: Path | None = None,
) -> RunResult:
    """Score ``settings``' model (or ``rescore``'s predictions) on a dataset; write a run folder.

    One article's failure is recorded in the scores and the run goes on; settings that cannot
    work at all (a missing model, a bad prompt) raise.
    """
    examples = load_dataset(dataset_dir)
    if baseline is not None:
        load_baseline(baseline)  # fail on a bad baseline before spending model time
    if rescore is not None and not (rescore / "predictions").is_dir():
        raise InputError(f"--rescore {rescore}: no predictions/ folder in it")
    cache = cache_dir or default_prediction_cache()
    made: list[Summarizer] = [summarizer] if summarizer is not None else []

    def get_summarizer() -> Summarizer:
        if not made:
            made.append(Summarizer(settings))
        return made[0]

    info = RunInfo(
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        dataset=str(dataset_dir),
        model=settings.model,
        endpoint=settings.endpoint,
        prompt=load_prompt(settings.prompt_name, settings.prompt_version).ident,
        rules=settings_rules(settings),
        schema_hash=schema_hash(),
        parameters=settings.parameters(),
        rescored_from=str(rescore) if rescore is not None else None,
    )
    scores: list[ArticleScore] = []
    reports: list[SituationReport] = []
    scored: list[str] = []
    adopted = False  # a re-scored run reports the configuration that made its predictions
    for number, example in enumerate(examples, 1):
        report, cached, error = None, False, None
        if rescore is not None:
            report = _load_report(rescore / "predictions" / f"{example.name}.json")
            error = None if report else f"no valid prediction in {rescore / 'predictions'}"
        else:
            try:
                report, cached = _predict(example, settings, cache, get_summarizer)
            except (ConfigurationError, PromptError):
                raise
            except SummarizerError as err:
                error = str(err)
        if report is None:
            score = failed_score(example.name, example.gold, error or "no report", model=info.model)
        else:
            reports.append(report)
            scored.append(example.name)
            prediction = out_dir / "predictions" / f"{example.name}.json"
            write_atomic(prediction, report.model_dump_json(indent=2) + "\n")
            score = score_report(
                report, example.gold, name=example.name, prices=prices, cached=cached
            )
            if rescore is not None and not adopted:
                p, adopted = report.provenance, True
                info = info.model_copy(
                    update={"model": p.model, "endpoint": p.endpoint, "prompt": p.prompt,
                            "rules": p.rules, "schema_hash": p.schema_hash,
                            "parameters": p.parameters}
                )  # fmt: skip
        scores.append(score)
        if progress is not None:
            progress(number, len(examples), score)
    total = score_dataset(scores)
    failed = [a.name for a in scores if not a.schema_valid]
    picture = _picture(dataset_dir, reports, out_dir)
    geo = score_geo(dataset_dir, examples, dict(zip(scored, reports, strict=True)))
    result = RunScores(
        run=info,
        gate=_gate(total, baseline, margin, failed),
        total=total,
        articles=scores,
        picture=picture,
        geo=geo,
    )
    _write_run(out_dir, result)
    return RunResult(out_dir, result)


def _picture(
    dataset_dir: Path, reports: list[SituationReport], out_dir: Path
) -> PictureScore | None:
    """Merge the predictions into one picture and score it, when the dataset has a gold one."""
    gold = dataset_dir / PICTURE_GOLD
    if not gold.is_file() or not reports:
        return None
    picture = build_picture(reports)
    write_atomic(out_dir / "picture.md", render_picture(picture))
    return score_picture(picture, gold)


def _write_run(out_dir: Path, scores: RunScores) -> None:
    data = scores.model_dump(mode="json", exclude={"total": {"articles"}})
    write_atomic(out_dir / "scores.json", json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    plot = write_reliability_plot(out_dir / "calibration.png", scores)
    write_atomic(out_dir / "report.md", render_report(scores, reliability_plot=plot))
    write_chart(out_dir / "chart.png", scores)
