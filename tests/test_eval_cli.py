"""``summarize eval`` without its extra, and its default dataset wherever it runs from."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from summarizer.cli import eval as eval_cli
from summarizer.cli import main

from .conftest import ROOT

BLOCK_EVAL_EXTRA = """
import sys
for name in ("numpy", "scipy", "scipy.optimize", "matplotlib"):
    sys.modules[name] = None
from summarizer.cli import main
sys.exit(main(["eval", "--out", sys.argv[1]]))
"""


def test_without_the_eval_extra_it_says_so_in_one_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", BLOCK_EVAL_EXTRA, str(tmp_path / "run")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "needs the eval extra" in done.stderr
    assert "pip install 'summarizer[eval]'" in done.stderr
    assert not (tmp_path / "run").exists()


def test_the_default_dataset_is_the_checkouts_whatever_the_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert eval_cli.default_dataset() == ROOT / "evals" / "founding"


def test_no_default_dataset_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(eval_cli, "find_data", lambda kind: None)
    assert main(["eval", "--out", str(tmp_path / "run")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("summarize eval: error: no --dataset given")
    assert err.count("\n") == 1 and "pass --dataset DIR" in err
