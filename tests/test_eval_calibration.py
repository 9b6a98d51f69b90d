"""Calibration of item confidences against the gold: bins, ECE and Brier on hand-computed
examples, the drop threshold a dev set argues for, and where a run records them."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from summarizer.config import Settings
from summarizer.evals.calibration import (
    bin_index,
    choose_threshold,
    confidence_of,
    expected_calibration_error,
    reliability,
)
from summarizer.evals.dataset import GoldReport
from summarizer.evals.harness import run_eval
from summarizer.evals.render import render_report, write_reliability_plot
from summarizer.evals.runscores import Gate, RunInfo, RunScores
from summarizer.evals.scores import DatasetScore
from summarizer.evals.scoring import score_dataset, score_report
from summarizer.schema.report import Grounded, SituationReport

from .factories import ARTICLE, draft_dict
from .test_eval_matching import situation

PNG = b"\x89PNG\r\n\x1a\n"
PAIRS = [(0.15, True), (0.15, False), (0.75, False), (0.85, True), (0.95, True)]


@pytest.mark.parametrize(
    ("confidence", "index"),
    [(0.0, 0), (0.05, 0), (0.1, 1), (0.3, 3), (0.7, 7), (0.6999, 6), (0.99, 9), (1.0, 9)],
)
def test_bins_are_closed_on_the_left_and_the_last_holds_one(confidence: float, index: int) -> None:
    assert bin_index(confidence) == index


def test_reliability_table_ece_and_brier_by_hand() -> None:
    r = reliability(PAIRS)
    assert (r.items, r.confirmed, r.share_confirmed) == (5, 3, 0.6)
    assert r.mean_confidence == pytest.approx((0.15 + 0.15 + 0.75 + 0.85 + 0.95) / 5)
    filled = [(b.low, b.items, b.mean_confidence, b.share_confirmed) for b in r.bins if b.items]
    assert filled == [(0.1, 2, 0.15, 0.5), (0.7, 1, 0.75, 0.0), (0.8, 1, 0.85, 1.0),
                      (0.9, 1, 0.95, 1.0)]  # fmt: skip
    assert len(r.bins) == 10 and sum(b.items for b in r.bins) == 5
    # 2/5 |0.5 - 0.15| + 1/5 |0 - 0.75| + 1/5 |1 - 0.85| + 1/5 |1 - 0.95|
    assert r.ece == pytest.approx(0.14 + 0.15 + 0.03 + 0.01)
    # (0.85² + 0.15² + 0.75² + 0.15² + 0.05²) / 5
    assert r.brier == pytest.approx(1.3325 / 5, abs=1e-4)


def test_fewer_bins_pool_more_items() -> None:
    r = reliability(PAIRS, bins=2)
    assert [(b.low, b.high, b.items) for b in r.bins] == [(0.0, 0.5, 2), (0.5, 1.0, 3)]
    # 2/5 |0.5 - 0.15| + 3/5 |2/3 - 0.85|
    assert r.ece == pytest.approx(0.4 * 0.35 + 0.6 * (0.85 - 2 / 3), abs=1e-4)


def test_a_calibrated_set_has_no_error_and_an_empty_one_no_rates() -> None:
    assert expected_calibration_error([(0.5, True), (0.5, False)]) == 0.0
    ece = expected_calibration_error([(0.5, True), (0.5, False), (0.95, True)])
    assert ece == pytest.approx(0.05 / 3, abs=1e-4)
    empty = reliability([])
    assert (empty.items, empty.ece, empty.brier, len(empty.bins)) == (0, None, None, 10)


def test_confidence_is_read_when_present_and_finite() -> None:
    assert confidence_of(SimpleNamespace(confidence=0.7)) == 0.7
    assert confidence_of(SimpleNamespace(confidence=1)) == 1.0
    for value in (None, float("nan"), True, "0.5"):
        assert confidence_of(SimpleNamespace(confidence=value)) is None
    assert confidence_of(SimpleNamespace()) is None


# (confidence, confirmed): at 0.3 the two wrong low ones go, and F1 peaks.
DEV = [(0.9, True), (0.8, True), (0.6, False), (0.4, True), (0.2, False), (0.1, False)]


def test_the_threshold_maximising_micro_f1_by_hand() -> None:
    choice = choose_threshold(DEV, gold=5)  # one gold item no prediction found
    assert choice is not None
    # keep all: tp 3, fp 3, F1 2*3/(3+3+5); keep >= 0.3: tp 3, fp 1, F1 6/9
    assert (choice.f1_all, choice.precision_all, choice.recall_all) == (0.5455, 0.5, 0.6)
    assert choice.threshold == pytest.approx(0.3)  # midway between 0.2 and 0.4
    assert (choice.f1, choice.precision, choice.recall) == (0.6667, 0.75, 0.6)
    assert (choice.scored, choice.dropped, choice.objective) == (6, 2, "f1")


def test_items_without_a_confidence_are_always_kept() -> None:
    choice = choose_threshold(DEV, gold=6, kept_tp=1, kept_fp=1)
    assert choice is not None
    assert choice.f1_all == round(8 / 14, 4)  # tp 4, fp 4, gold 6
    assert (round(choice.threshold, 6), choice.f1) == (0.3, round(8 / 12, 4))


def test_precision_under_a_recall_bound() -> None:
    loose = choose_threshold(DEV, gold=5, max_recall_loss=0.2)  # recall may fall to 0.4
    assert loose is not None
    assert (round(loose.threshold, 6), loose.precision, loose.recall) == (0.7, 1.0, 0.4)
    assert loose.objective == "precision"
    tight = choose_threshold(DEV, gold=5, max_recall_loss=0.0)
    assert tight is not None
    assert (round(tight.threshold, 6), tight.precision, tight.recall) == (0.3, 0.75, 0.6)


def test_all_wrong_drops_everything_scored_and_nothing_scored_chooses_nothing() -> None:
    choice = choose_threshold([(0.3, False), (0.6, False)], gold=1, kept_tp=1)
    assert choice is not None
    assert (round(choice.threshold, 6), choice.dropped, choice.f1) == (0.8, 2, 1.0)
    assert choose_threshold([], gold=3) is None
    with pytest.raises(ValueError, match="more confirmed"):
        choose_threshold([(0.5, True)], gold=0)


def set_confidence(item: Any, value: float) -> None:
    """Works whether or not the item class has a ``confidence`` field yet."""
    object.__setattr__(item, "confidence", value)


def confident_report() -> SituationReport:
    """The factory report with one wrong actor type, one swapped control change, one
    invented claim, and confidences on some items."""
    data = draft_dict()
    data["actors"][1]["type"] = "state_forces"  # gold: political_militia
    data["control_changes"][0] |= {"before": "A1", "after": "A2"}
    data["claims"].append(
        {"id": "C2", "quotes": ["Talas al Salameh, commander of Osoud al Sharqiya"],
         "claimant": "H1", "via": None, "text": "Tanks crossed the river", "topic": "other",
         "modality": "asserted", "corroboration": "none"}
    )  # fmt: skip
    report = situation(data)
    for item, value in [
        (report.actors[0], 0.95),  # confirmed
        (report.actors[1], 0.85),  # contradicted
        (report.actors[2], 0.9),  # confirmed
        (report.control_changes[0], 0.55),  # contradicted
        (report.claims[0], 0.65),  # confirmed
        (report.claims[1], 0.15),  # unlisted
    ]:
        set_confidence(item, value)
    return report


def test_a_report_records_each_confident_items_outcome_and_the_dataset_calibrates() -> None:
    gold = GoldReport.model_validate(draft_dict())
    article = score_report(confident_report(), gold, name="a")
    outcomes = {
        s: [(j.id, j.outcome) for j in article.sections[s].judged] for s in article.sections
    }
    assert outcomes["actors"] == [("A1", "confirmed"), ("A2", "contradicted"), ("A3", "confirmed")]
    assert outcomes["control_changes"] == [("T1", "contradicted")]
    assert outcomes["claims"] == [("C1", "confirmed"), ("C2", "unlisted")]
    assert outcomes["people"] == outcomes["events"] == []  # no confidence, not calibrated

    calibration = score_dataset([article]).calibration
    overall = calibration.overall
    assert (overall.items, overall.confirmed) == (6, 3)
    # bins: 0.1 (0.15: 0), 0.5 (0.55: 0), 0.6 (0.65: 1), 0.8 (0.85: 0), 0.9 (0.95, 0.9: 1, 1)
    expected = (0.15 + 0.55 + 0.35 + 0.85 + 2 * 0.075) / 6
    assert overall.ece == pytest.approx(expected, abs=1e-4)
    actors = calibration.sections["actors"]
    assert (actors.items, actors.confirmed) == (3, 2)
    assert actors.ece == pytest.approx((0.85 + 2 * 0.075) / 3, abs=1e-4)
    assert calibration.sections["people"].items == 0
    assert calibration.sections["people"].ece is None

    choice = calibration.threshold
    assert choice is not None
    # 9 gold items; unscored predictions H1, L1, E1, U1 all confirmed (tp 4, fp 0);
    # F1 = 2 tp / (tp + fp + gold). Keep all: tp 7, fp 3, 14/19. Keep >= 0.6 (drop C2, T1):
    # tp 7, fp 1, 14/17. Keep >= 0.75 loses C1: tp 6, fp 1, 12/16. Keep >= 0.875: 12/15.
    assert choice.f1_all == round(14 / 19, 4)
    assert choice.threshold == pytest.approx(0.6)
    assert (choice.dropped, choice.f1, choice.precision) == (2, round(14 / 17, 4), 0.875)


def run_scores(total: DatasetScore) -> RunScores:
    info = RunInfo(created="now", dataset="d", model="m", endpoint="local", prompt="p",
                   schema_hash="x", parameters={})  # fmt: skip
    return RunScores(run=info, gate=Gate(status="ok", margin=0.05), total=total, articles=[])


def test_report_md_prints_contradicted_columns_calibration_and_the_plot(tmp_path: Path) -> None:
    gold = GoldReport.model_validate(draft_dict())
    scores = run_scores(score_dataset([score_report(confident_report(), gold, name="a")]))
    line = write_reliability_plot(tmp_path / "calibration.png", scores)
    assert line == "![reliability diagram](calibration.png)"
    assert (tmp_path / "calibration.png").read_bytes().startswith(PNG)
    markdown = render_report(scores, reliability_plot=line)
    assert "| baseline F1 | Δ F1 | unlisted | contradicted | contradicted share |" in markdown
    assert "| actors | 0.67 | 0.67 |" in markdown
    assert "| 0 | 1 | 0.33 |" in markdown  # actors: none unlisted, one of three contradicted
    assert "| **micro** |" in markdown and "| 1 | 2 | 0.22 |" in markdown
    assert "## Calibration" in markdown and "6 of 10 predicted items carry a confidence" in markdown
    assert "| [0.9, 1.0] | 2 | 0.93 | 1.00 |" in markdown
    assert "| actors | 3 | 0.90 | 0.67 | 0.333 |" in markdown
    assert "Drop threshold 0.600 maximises micro F1 on this set: F1 0.74 → 0.82" in markdown
    assert line in markdown


def test_without_matplotlib_the_report_says_there_is_no_plot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("matplotlib", "matplotlib.backends.backend_agg", "matplotlib.figure"):
        monkeypatch.setitem(sys.modules, name, None)
    gold = GoldReport.model_validate(draft_dict())
    scores = run_scores(score_dataset([score_report(confident_report(), gold, name="a")]))
    line = write_reliability_plot(tmp_path / "calibration.png", scores)
    assert line is not None and "matplotlib is not installed" in line
    assert not (tmp_path / "calibration.png").exists()
    assert line in render_report(scores, reliability_plot=line)


def rescore(tmp_path: Path, report: SituationReport) -> Path:
    """A one-article dataset (the factory's) and an earlier run holding ``report``; the
    rescored run's folder."""
    dataset = tmp_path / "dataset"
    (dataset / "articles").mkdir(parents=True)
    (dataset / "gold").mkdir()
    (dataset / "articles" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (dataset / "gold" / "a.json").write_text(json.dumps(draft_dict()), encoding="utf-8")
    earlier = tmp_path / "earlier"
    (earlier / "predictions").mkdir(parents=True)
    (earlier / "predictions" / "a.json").write_text(report.model_dump_json())
    out = tmp_path / "out"
    out.mkdir()
    (out / "calibration.png").write_bytes(b"stale")
    run_eval(dataset, Settings(model="m"), out, rescore=earlier)
    return out


def test_a_rescored_run_records_contradictions_and_says_nothing_is_calibrated(
    tmp_path: Path,
) -> None:
    data = draft_dict()
    data["control_changes"][0] |= {"before": "A1", "after": "A2"}
    out = rescore(tmp_path, situation(data))
    scores = json.loads((out / "scores.json").read_text(encoding="utf-8"))
    changes = scores["total"]["sections"]["control_changes"]
    assert [changes[k] for k in ("contradicted", "unlisted", "contradicted_share")] == [1, 0, 1.0]
    assert scores["total"]["contradicted"] == 1
    assert scores["articles"][0]["sections"]["control_changes"]["contradicted_pairs"][0][
        "wrong"
    ] == ["reversed: Free Syrian Army → Islamic State, gold Islamic State → Free Syrian Army"]
    assert scores["total"]["calibration"]["overall"]["items"] == 0
    assert scores["total"]["calibration"]["threshold"] is None
    markdown = (out / "report.md").read_text(encoding="utf-8")
    assert "No predicted item carries a confidence (9 predicted)" in markdown
    assert "contradicted Bir Qassab: Islamic State → Free Syrian Army (reversed: " in markdown
    assert not (out / "calibration.png").exists()  # the stale plot is gone


@pytest.mark.skipif(
    "confidence" not in Grounded.model_fields, reason="report items carry no confidence field"
)
def test_a_run_with_confidences_writes_the_calibration_and_the_plot(tmp_path: Path) -> None:
    out = rescore(tmp_path, confident_report())
    scores = json.loads((out / "scores.json").read_text(encoding="utf-8"))
    calibration = scores["total"]["calibration"]
    assert (calibration["overall"]["items"], calibration["sections"]["actors"]["items"]) == (6, 3)
    assert calibration["overall"]["ece"] == round(2.05 / 6, 4)
    assert calibration["threshold"]["f1"] == round(14 / 17, 4)
    judged = scores["articles"][0]["sections"]["actors"]["judged"]
    assert judged[1] == {"id": "A2", "confidence": 0.85, "outcome": "contradicted"}
    assert (out / "calibration.png").read_bytes().startswith(PNG)
    markdown = (out / "report.md").read_text(encoding="utf-8")
    assert "![reliability diagram](calibration.png)" in markdown
    assert "Drop threshold 0.600 maximises micro F1" in markdown
