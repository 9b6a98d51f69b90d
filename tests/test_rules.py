"""The rules' fingerprint covers every file that shapes a report; a rule edit misses the cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from summarizer import results, rules
from summarizer.config import resolve_settings
from summarizer.resources import data_dir
from summarizer.rules import PACKAGE, fingerprint, rule_files, rules_hash, settings_rules


def copy_of_the_rules(tmp_path: Path) -> tuple[Path, Path]:
    """The package and prompts copied, so a test can edit a rule without touching the real one."""
    package = tmp_path / "summarizer"
    shutil.copytree(PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    prompts = tmp_path / "prompts"
    shutil.copytree(data_dir("prompts"), prompts)
    return package, prompts


def staged_files(package: Path, prompts: Path) -> list[Path]:
    return rule_files("staged", "staged", package=package, prompts=prompts)


def test_every_rule_module_word_list_and_question_is_covered() -> None:
    covered = {p.resolve() for p in rule_files("staged", "staged")}
    modules = {*PACKAGE.joinpath("staged").glob("*.py"), *PACKAGE.joinpath("names").glob("*.py")}
    assert {p.resolve() for p in modules} <= covered
    names = {p.name for p in covered}
    assert {"lexicon.v3.json", "stage_tasks.v3.json", "staged.v3.txt", "aliases.v1.json"} <= names
    assert "report.v1.txt" in {p.name for p in rule_files("single", "report")}


@pytest.mark.parametrize(
    ("where", "old", "new"),
    [
        ("summarizer/staged/kinds.py", "HOME_SHARE = 0.5", "HOME_SHARE = 0.6"),
        ("prompts/lexicon.v3.json", '"said"', '"stated"'),
        ("prompts/stage_tasks.v3.json", "Choices:", "Options:"),
        ("prompts/aliases.v1.json", '"version"', '"version" '),
        ("summarizer/names/keys.py", "final h dropped", "final h removed"),
    ],
)
def test_an_edit_to_any_rule_changes_the_fingerprint(
    tmp_path: Path, where: str, old: str, new: str
) -> None:
    package, prompts = copy_of_the_rules(tmp_path)
    before = fingerprint(staged_files(package, prompts))
    edited = tmp_path / where
    text = edited.read_text(encoding="utf-8")
    assert old in text
    edited.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert fingerprint(staged_files(package, prompts)) != before


def test_an_untouched_copy_has_the_installed_fingerprint(tmp_path: Path) -> None:
    package, prompts = copy_of_the_rules(tmp_path)
    assert fingerprint(staged_files(package, prompts)) == rules_hash("staged", "staged")


def test_a_rule_edit_changes_the_report_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = resolve_settings(base_url="http://127.0.0.1:1/v1", strategy="staged", env={})
    before = results.config_key(settings)
    package, prompts = copy_of_the_rules(tmp_path)
    kinds = package / "staged" / "kinds.py"
    kinds.write_text(kinds.read_text(encoding="utf-8") + "\n# one more rule\n", encoding="utf-8")
    edited = fingerprint(staged_files(package, prompts))
    monkeypatch.setattr(results, "settings_rules", lambda _: edited)
    assert edited != settings_rules(settings)
    assert results.config_key(settings) != before


def test_the_strategies_have_different_rules() -> None:
    assert rules.rules_hash("staged", "staged") != rules.rules_hash("single", "report")
