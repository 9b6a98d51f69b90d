"""``summarize merge`` without a model: report files, directories, usage and input errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.cli import main
from summarizer.evals.gold import gold_reports
from summarizer.picture.model import SituationPicture
from summarizer.schema.report import SituationReport

FOUNDING = Path(__file__).resolve().parent.parent / "evals" / "founding"


@pytest.fixture(scope="module")
def reports() -> list[SituationReport]:
    return gold_reports(FOUNDING)


@pytest.fixture
def report_dir(tmp_path: Path, reports: list[SituationReport]) -> Path:
    """Report files as ``summarize -o DIR`` writes them."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for report in reports:
        name = Path(report.document.name).stem
        (folder / f"{name}.json").write_text(report.model_dump_json(indent=2) + "\n")
    return folder


def _one_line_errors(err: str) -> list[str]:
    lines = err.splitlines()
    assert "Traceback" not in err
    assert all(line.startswith("summarize merge: error: ") for line in lines), err
    return lines


def test_merges_report_files_to_json(report_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(str(p) for p in report_dir.glob("*.json"))
    assert main(["merge", "--format", "json", *files]) == 0
    out = capsys.readouterr()
    picture = SituationPicture.model_validate_json(out.out)
    assert len(picture.articles) == 5
    assert any(c.kind == "figures" for c in picture.conflicts)
    assert out.err == ""


def test_merges_a_directory_to_a_markdown_file(
    report_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out" / "picture.md"
    assert main(["merge", str(report_dir), "-o", str(target)]) == 0
    text = target.read_text()
    assert text.startswith("# Situation picture from 5 articles")
    assert "## Conflicts and disagreements" in text
    assert capsys.readouterr().out == ""


def test_json_output_file_by_suffix(report_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "picture.json"
    assert main(["merge", str(report_dir), "-o", str(target)]) == 0
    assert json.loads(target.read_text())["articles"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.json", "{not json", "not a situation report"),
        ("partial.json", '{"summary": "x"}', "not a situation report (source: Field required)"),
        ("missing.json", None, "no such file or directory"),
        ("notes.pdf", "%PDF", "not a .json report or a .txt, .md or .html article"),
        ("binary.txt", "\x00\x01\x02binary\x00", "binary data"),
    ],
)
def test_a_bad_input_is_one_line_and_exit_1_while_the_rest_merge(
    report_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: str | None,
    message: str,
) -> None:
    bad = tmp_path / name
    if content is not None:
        bad.write_text(content)
    assert main(["merge", "--format", "json", str(report_dir), str(bad)]) == 1
    out = capsys.readouterr()
    [line] = _one_line_errors(out.err)
    assert str(bad) in line and message in line
    assert len(SituationPicture.model_validate_json(out.out).articles) == 5


def test_nothing_to_merge_is_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["merge", str(empty)]) == 1
    lines = _one_line_errors(capsys.readouterr().err)
    assert "directory holds no .json reports" in lines[0]
    assert "nothing to merge" in lines[-1]


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--format", "pdf", "x.json"],
        ["--structured", "bogus", "x.json"],
        ["--no-such-flag", "x.json"],
    ],
)
def test_usage_errors_are_one_line_and_exit_2(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["merge", *argv]) == 2
    assert len(_one_line_errors(capsys.readouterr().err)) == 1


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["merge", "--help"]) == 0
    assert "--model-path" in capsys.readouterr().out


def test_an_article_with_a_bad_model_option_is_a_usage_error_before_any_model(
    report_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Rebels took the town of Bir Qassab from IS on Tuesday.")
    argv = ["merge", str(report_dir), str(article), "--model-path", str(tmp_path / "none.gguf")]
    assert main(argv) == 2
    [line] = _one_line_errors(capsys.readouterr().err)
    assert "--model-path" in line and "no such file" in line


def test_model_options_are_ignored_when_only_reports_are_given(
    report_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["merge", "--format", "json", str(report_dir), "--model-path", str(tmp_path / "x")]
    assert main(argv) == 0
    assert capsys.readouterr().err == ""
