"""``summarize eval``: score a model against a gold dataset, and gate on a baseline run.

    summarize eval [--dataset DIR] [--out DIR] [--baseline RUN] [--rescore RUN] [--margin F]
                   [--prices FILE] [--cache-dir DIR] [--model M] [--base-url URL] ...

Progress goes to stderr, a line per article; the per-section Markdown table and the gate's
verdict go to stdout. Exit status: 0 ok, 1 when the regression gate failed or any article
failed, 2 for usage errors (a one-line message, no traceback).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from ..errors import ConfigurationError, SummarizerError
from ..evals.fit import fit_sections
from ..evals.harness import run_eval
from ..evals.prices import load_prices
from ..evals.render import render_gate, render_picture_score, render_summary
from ..evals.scores import ArticleScore
from ..extras import require
from ..resources import find_data
from ..schema.ids import SECTION_NAMES
from .console import Parser, run, usage
from .options import add_model_options, settings_from

PROG = "summarize eval"
DEFAULT_DATASET = "founding"


def build_parser() -> argparse.ArgumentParser:
    """The ``summarize eval`` arguments."""
    parser = Parser(
        prog=PROG,
        description="Score a model's situation reports against a hand-labelled gold dataset. "
        "Writes predictions/, scores.json, report.md and chart.png into the run folder.",
    )
    parser.add_argument(
        "--dataset",
        type=Path,
        metavar="DIR",
        help=f"a folder with articles/ and gold/ (default: the checkout's evals/{DEFAULT_DATASET})",
    )
    parser.add_argument(
        "--out", type=Path, metavar="DIR", help="run folder (default: runs/<UTC time>-<model>)"
    )
    parser.add_argument(
        "--baseline", type=Path, metavar="RUN", help="an earlier run folder to gate against"
    )
    parser.add_argument(
        "--rescore", type=Path, metavar="RUN", help="score RUN's predictions; calls no model"
    )
    parser.add_argument(
        "--margin",
        type=float,
        default=0.05,
        help="F1 a section may lose against the baseline before the gate fails "
        "(default: %(default)s)",
    )
    parser.add_argument(
        "--fit-calibration",
        action="store_true",
        help="also print each section's Platt calibration and drop threshold fitted on this "
        "run (for prompts/verify.<version>.json; fit on a dev run made with the identity)",
    )
    parser.add_argument(
        "--prices", type=Path, metavar="FILE", help='JSON {"model": [usd_prompt, usd_completion]}'
    )
    parser.add_argument(
        "--cache-dir", type=Path, metavar="DIR", help="prediction cache (default: XDG cache)"
    )
    add_model_options(parser)
    return parser


def default_dataset() -> Path:
    """The founding set beside the package, wherever the command is run from."""
    evals = find_data("evals")
    if evals is None or not (evals / DEFAULT_DATASET).is_dir():
        raise ConfigurationError(
            f"no --dataset given, and this install has no evals/{DEFAULT_DATASET} (it ships "
            "with a checkout, not the wheel); pass --dataset DIR"
        )
    return evals / DEFAULT_DATASET


def default_out(model: str) -> Path:
    """``runs/<UTC timestamp>-<model>``, the model name made safe for a folder."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return Path("runs") / f"{stamp}-{re.sub(r'[^A-Za-z0-9._-]+', '-', model)}"


def _progress(number: int, total: int, score: ArticleScore) -> None:
    """``[2/5] name: f1 0.42, 12.3 s`` on stderr."""
    if not score.schema_valid:
        status = f"failed: {score.error}"
    else:
        status = f"f1 {score.micro.f1:.2f}, {score.latency_s:.1f} s"
        status += " (cached)" if score.cached else ""
    print(f"[{number}/{total}] {score.name}: {status}", file=sys.stderr, flush=True)


def main(argv: Sequence[str]) -> int:
    """Run ``summarize eval``; returns the exit status."""
    return run(build_parser(), argv, _eval)


def _eval(args: argparse.Namespace) -> int:
    """Score the model (or an earlier run's predictions) and print the tables and the gate."""
    if args.margin < 0:
        return usage(PROG, "--margin must not be negative")
    try:
        require("eval", PROG)
        dataset = args.dataset or default_dataset()
        settings = settings_from(args)
        prices = load_prices(args.prices) if args.prices else None
        out = args.out or default_out(settings.model)
        result = run_eval(
            dataset,
            settings,
            out,
            baseline=args.baseline,
            rescore=args.rescore,
            margin=args.margin,
            prices=prices,
            progress=_progress,
            cache_dir=args.cache_dir,
        )
    except SummarizerError as err:
        return usage(PROG, str(err))
    print(render_summary(result.scores))
    print()
    if result.scores.picture is not None:
        print(
            "\nSituation picture across articles:\n" + render_picture_score(result.scores.picture)
        )
    print(render_gate(result.scores.gate))
    if args.fit_calibration:
        fitted = fit_sections(result.scores.total, SECTION_NAMES)
        table = {
            name: fit.model_dump(include={"a", "b", "threshold"}) for name, fit in fitted.items()
        }
        print("calibration fitted on this run (items, confirmed per section):", file=sys.stderr)
        for name, fit in fitted.items():
            print(f"  {name}: {fit.items} items, {fit.confirmed} confirmed", file=sys.stderr)
        print(json.dumps({"calibration": table}, indent=2))
    for regression in result.scores.gate.regressions:
        print(
            f"{PROG}: regression: {regression.section} F1 {regression.current:.2f}, "
            f"baseline {regression.baseline:.2f}",
            file=sys.stderr,
        )
    print(f"run written to {out}", file=sys.stderr)
    return 0 if result.ok else 1
