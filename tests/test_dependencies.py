"""The installed environment is the tested one: every dependency pinned, locked, installed.

A fresh machine resolves today's versions; these tests fail, on any machine, when the project's
declared pins, its lock files and what is installed drift apart.
"""

from __future__ import annotations

import importlib
import re
import tomllib
from importlib import metadata

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .conftest import ROOT

LOCK_LINE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)


def declared() -> dict[str, list[Requirement]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    groups = {"": [Requirement(text) for text in project["dependencies"]]}
    for extra, texts in project["optional-dependencies"].items():
        groups[extra] = [Requirement(text) for text in texts]
    return groups


def locked(name: str) -> dict[str, str]:
    text = (ROOT / name).read_text(encoding="utf-8")
    return {canonicalize_name(n): version for n, version in LOCK_LINE.findall(text)}


@pytest.mark.parametrize(
    ("lock", "extras"),
    [("requirements.lock", ("", "local")), ("requirements-dev.lock", tuple(declared()))],
)
def test_every_declared_dependency_is_pinned_and_locked_at_that_pin(
    lock: str, extras: tuple[str, ...]
) -> None:
    versions = locked(lock)
    for extra in extras:
        for requirement in declared()[extra]:
            pins = [spec.version for spec in requirement.specifier if spec.operator == "=="]
            assert pins, f"{requirement} ({extra or 'core'}) is not pinned with =="
            assert versions.get(canonicalize_name(requirement.name)) == pins[0], (
                f"{lock} does not hold {requirement}; refresh the lock (README)"
            )


def test_what_is_installed_is_what_the_dev_lock_says() -> None:
    drifted = []
    for name, version in locked("requirements-dev.lock").items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue  # an extra this environment did not install
        if installed != version:
            drifted.append(f"{name} {installed} (lock: {version})")
    assert not drifted, "installed versions differ from the lock: " + ", ".join(drifted)


@pytest.mark.parametrize("module", ["lxml.html.clean", "trafilatura", "jinja2"])
def test_the_html_path_imports_what_it_needs(module: str) -> None:
    importlib.import_module(module)
