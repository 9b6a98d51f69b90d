"""``summarize eval`` end to end on the recorded founding cassettes: run, cache, rescore, gate."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from summarizer.api import Summarizer
from summarizer.cli import main
from summarizer.errors import BackendError
from summarizer.evals.matching import SECTIONS
from summarizer.schema.report import SituationReport

from .conftest import ROOT, founding_articles
from .recording import RECORD_FLAGS, vcr_settings

ARTICLES = founding_articles()
DATASET = ROOT / "evals" / "founding"
CASSETTE_DIR = ROOT / "tests" / "cassettes" / "test_recorded"
CASSETTES = [CASSETTE_DIR / f"test_founding_article[{a.stem}].yaml" for a in ARTICLES]
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    return vcr_settings()


def make_dataset(folder: Path, stems: list[str]) -> Path:
    """A copy of the founding dataset restricted to ``stems``."""
    for part, suffix in (("articles", ".txt"), ("gold", ".json")):
        (folder / part).mkdir(parents=True)
        for stem in stems:
            shutil.copy(DATASET / part / f"{stem}{suffix}", folder / part / f"{stem}{suffix}")
    if len(stems) == len(ARTICLES):
        shutil.copy(DATASET / "picture_gold.json", folder / "picture_gold.json")
    return folder


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main(["eval", *(str(a) for a in args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def section_f1(run_dir: Path) -> dict[str, float]:
    scores = json.loads((run_dir / "scores.json").read_text(encoding="utf-8"))
    return {name: s["f1"] for name, s in scores["total"]["sections"].items()}


@pytest.mark.vcr(*(str(c) for c in CASSETTES))
@pytest.mark.parametrize("count", [1, len(ARTICLES)], ids=["first-article", "all-articles"])
def test_eval_runs_caches_rescores_and_gates(
    count: int, tmp_path: Path, vcr: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert all(c.is_file() for c in CASSETTES[:count]), "re-record: see the README"
    stems = [a.stem for a in ARTICLES[:count]]
    dataset = make_dataset(tmp_path / "dataset", stems)

    first = tmp_path / "first"
    code, out, err = run(capsys, "--dataset", dataset, "--out", first, *RECORD_FLAGS)
    assert code == 0, err
    assert vcr.play_count >= count  # every article went to the (replayed) endpoint
    for name in ("scores.json", "report.md", "chart.png"):
        assert (first / name).is_file(), name
    assert (first / "chart.png").read_bytes().startswith(PNG)
    for stem in stems:
        report = SituationReport.model_validate_json(
            (first / "predictions" / f"{stem}.json").read_text()
        )
        assert report.provenance.usage.prompt_tokens > 0
    scores = json.loads((first / "scores.json").read_text(encoding="utf-8"))
    assert set(scores["total"]["sections"]) == set(SECTIONS)
    assert [a["name"] for a in scores["articles"]] == stems
    for article in scores["articles"]:
        assert set(article["sections"]) == set(SECTIONS)
        assert article["schema_valid"] and article["grounding"]["items"] > 0
        assert article["cost_usd"] == 0.0  # the packaged model is free
    assert scores["gate"]["status"] == "ok"
    assert "| section | P | R | R capped | F1 |" in out and "| actors |" in out
    assert err.count("] ") == count and f"[{count}/{count}] {stems[-1]}: f1 " in err
    markdown = (first / "report.md").read_text(encoding="utf-8")
    assert "## Feedback" in markdown and f"### {stems[0]}" in markdown
    if count == len(ARTICLES):  # the merged picture is scored against the gold picture
        picture = scores["picture"]
        assert picture["identity"]["correct"] > 0 and picture["conflicts_gold"] == 3
        assert (first / "picture.md").read_text(encoding="utf-8").startswith("# ")
        assert "## Situation picture across articles" in markdown
    else:
        assert scores["picture"] is None

    played = vcr.play_count
    second = tmp_path / "second"
    code, _, err = run(capsys, "--dataset", dataset, "--out", second, *RECORD_FLAGS)
    assert code == 0, err
    assert vcr.play_count == played, "the second run called the endpoint"
    assert err.count("(cached)") == count
    assert section_f1(second) == section_f1(first)

    rescored = tmp_path / "rescored"
    code, _, err = run(capsys, "--dataset", dataset, "--rescore", first, "--out", rescored)
    assert code == 0, err
    assert vcr.play_count == played
    assert section_f1(rescored) == section_f1(first)
    rescored_run = json.loads((rescored / "scores.json").read_text())["run"]
    assert rescored_run["rescored_from"] == str(first)
    assert rescored_run["model"] == scores["run"]["model"]

    baseline = tmp_path / "baseline"
    baseline.mkdir()
    raised = json.loads((first / "scores.json").read_text())
    raised["total"]["sections"]["claims"]["f1"] += 0.2
    (baseline / "scores.json").write_text(json.dumps(raised))
    gated = tmp_path / "gated"
    code, out, err = run(
        capsys, "--dataset", dataset, "--rescore", first, "--baseline", baseline, "--out", gated
    )
    assert code == 1
    assert "regression: claims F1" in err
    assert "Regression gate: **failed** (claims F1" in out
    assert (
        json.loads((gated / "scores.json").read_text())["gate"]["regressions"][0]["section"]
        == "claims"
    )
    assert (gated / "chart.png").read_bytes().startswith(PNG)

    code, out, err = run(
        capsys, "--dataset", dataset, "--rescore", first, "--baseline", first, "--out", gated
    )
    assert code == 0, err
    assert "Regression gate: **ok**" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--dataset", "no/such/folder"], "no/such/folder: a dataset needs articles/ and gold/"),
        (["--baseline", "no/such/run"], "--baseline no/such/run: no readable scores.json"),
        (["--rescore", "no/such/run"], "--rescore no/such/run: no predictions/ folder"),
        (["--margin", "-1"], "--margin must not be negative"),
        (["--prices", "no/such.json"], "--prices no/such.json"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dataset = make_dataset(tmp_path / "dataset", [ARTICLES[0].stem])
    full = args if args[0] == "--dataset" else ["--dataset", str(dataset), *args]
    code, out, err = run(capsys, *full, "--out", tmp_path / "run")
    assert code == 2
    assert err.startswith(f"summarize eval: error: {message}")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert out == ""
    assert not (tmp_path / "run").exists()


class FailingSummarizer(Summarizer):
    """An endpoint that always fails, without any network."""

    def summarize(self, source: Any) -> SituationReport:
        raise BackendError("cannot reach the endpoint")


def test_failed_article_is_recorded_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("summarizer.evals.harness.Summarizer", FailingSummarizer)
    stems = [a.stem for a in ARTICLES[:2]]
    dataset = make_dataset(tmp_path / "dataset", stems)
    code, out, err = run(capsys, "--dataset", dataset, "--out", tmp_path / "run", *RECORD_FLAGS)
    assert code == 1
    assert f"[1/2] {stems[0]}: failed: cannot reach the endpoint" in err
    assert f"[2/2] {stems[1]}: failed: " in err  # one failure does not stop the run
    scores = json.loads((tmp_path / "run" / "scores.json").read_text())
    article = scores["articles"][0]
    assert article["schema_valid"] is False and article["error"] == "cannot reach the endpoint"
    gold_actors = len(json.loads((dataset / "gold" / f"{stems[0]}.json").read_text())["actors"])
    assert article["sections"]["actors"] | {"missed": []} == {
        "tp": 0, "fp": 0, "fn": gold_actors, "precision": 0.0, "recall": 0.0, "f1": 0.0,
        "contradicted": 0, "unlisted": 0, "contradicted_share": None,
        "reachable": min(gold_actors, 8), "capped_recall": 0.0,
        "pairs": [], "contradicted_pairs": [], "missed": [], "invented": [], "judged": [],
    }  # fmt: skip
    assert scores["total"]["errors"] == 2
    assert scores["gate"] | {"baseline_f1": {}} == {
        "status": "failed", "margin": 0.05, "baseline": None, "baseline_f1": {},
        "regressions": [], "failed_articles": stems,
    }  # fmt: skip
    assert "Regression gate: **failed**" in out
    assert not list((tmp_path / "run" / "predictions").glob("*.json"))
