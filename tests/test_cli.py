"""The CLI contract without a model: usage errors, bad inputs, schema output."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from summarizer.cli import main


def test_schema_prints_the_report_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "SituationReport"
    assert {"actors", "control_changes", "claims", "uncertainties", "provenance"} <= set(
        schema["properties"]
    )


@pytest.mark.parametrize(
    ("argv", "prog", "message"),
    [
        ([], "summarize", "the following arguments are required: PATH"),
        (["--format", "pdf", "x.txt"], "summarize", "argument --format: invalid choice: 'pdf'"),
        (["--concurrency", "0", "x.txt"], "summarize", "--concurrency must be at least 1"),
        (["merge"], "summarize merge", "the following arguments are required: INPUT"),
        (["merge", "--bogus", "x.json"], "summarize merge", "unrecognized arguments: --bogus"),
        (["eval", "--bogus"], "summarize eval", "unrecognized arguments: --bogus"),
        (["serve", "--port", "many"], "summarize serve", "argument --port: invalid int value"),
        (["schema", "extra"], "summarize schema", "takes no arguments, got extra"),
    ],
)
def test_every_command_reports_a_bad_command_line_in_one_line(
    argv: list[str], prog: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith(f"{prog}: error: {message}")
    assert captured.err.count("\n") == 1 and captured.out == ""


@pytest.mark.parametrize("command", [[], ["merge"], ["eval"], ["serve"]])
def test_help_exits_0(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*command, "--help"]) == 0
    assert "usage: summarize" in capsys.readouterr().out


def test_a_missing_extra_is_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "llama_cpp", None)
    monkeypatch.setitem(sys.modules, "llama_cpp.server", None)
    assert main(["serve"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "summarize serve: error: summarize serve needs the server extra (llama_cpp.server is "
        "not installed): pip install 'summarizer[server]'\n"
    )


def test_missing_model_path_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Rebels took the town.")
    assert main([str(article), "--model-path", str(tmp_path / "none.gguf")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("summarize: error: --model-path")
    assert "Traceback" not in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file or directory"),
        (b"", "empty or whitespace"),
        (b"\x00\x01\x02binary\x00", "binary data"),
    ],
)
def test_unreadable_inputs_fail_with_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, message: str
) -> None:
    path = tmp_path / "in.txt"
    if content is not None:
        path.write_bytes(content)
    assert main([str(path), "--base-url", "http://127.0.0.1:9/v1"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"summarize: error: {path}: {captured.err.split(': ', 3)[-1]}"
    assert message in captured.err
    assert captured.err.count("\n") == 1


def test_empty_directory_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path), "--base-url", "http://127.0.0.1:9/v1"]) == 1
    assert "holds no .txt, .md or .html files" in capsys.readouterr().err


def test_unreachable_endpoint_is_one_line_per_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Syrian rebels seized Bir Qassab from IS, a commander said.")
    code = main(
        [
            str(good),
            str(tmp_path / "missing.txt"),
            "--base-url",
            "http://127.0.0.1:9/v1",
            "--structured",
            "grammar",
        ]
    )
    assert code == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert any("missing.txt: no such file" in line for line in lines)
    assert any("cannot reach http://127.0.0.1:9/v1" in line for line in lines)
    assert all(line.startswith("summarize: error: ") for line in lines)


def test_key_is_never_printed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Syrian rebels seized Bir Qassab from IS, a commander said.")
    secret = "sk-test-0123456789abcdefSECRET"
    main([str(good), "--base-url", "http://127.0.0.1:9/v1", "--api-key", secret])
    captured = capsys.readouterr()
    assert secret not in captured.err + captured.out
