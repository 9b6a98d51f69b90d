"""The CLI contract without a model: usage errors, bad inputs, schema output."""

from __future__ import annotations

import json
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


def test_schema_takes_no_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "extra"]) == 2
    assert "takes no arguments" in capsys.readouterr().err


def test_no_inputs_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([])
    assert exit_info.value.code == 2


def test_bad_flag_value_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--format", "pdf", "x.txt"])
    assert exit_info.value.code == 2


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
