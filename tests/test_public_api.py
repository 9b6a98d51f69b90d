"""The public surface is deliberate: nothing exported by accident, everything exported works."""

from __future__ import annotations

import pkgutil

import summarizer
from summarizer import errors
from summarizer.version import installed_version

EXPECTED = {
    "Actor",
    "Article",
    "AuthenticationError",
    "BackendError",
    "Claim",
    "ConfigurationError",
    "ControlChange",
    "Document",
    "Event",
    "Evidence",
    "ExtractionError",
    "GroundingStats",
    "InputError",
    "ModelUnavailableError",
    "OutputError",
    "Person",
    "Place",
    "PromptError",
    "Provenance",
    "ReportDraft",
    "Result",
    "Settings",
    "SituationReport",
    "Summarizer",
    "SummarizerError",
    "Uncertainty",
    "Usage",
    "__version__",
    "asummarize",
    "resolve_settings",
    "summarize",
    "summarize_many",
    "to_csv",
    "to_html",
    "to_markdown",
}


def test_all_is_exactly_the_public_api() -> None:
    assert set(summarizer.__all__) == EXPECTED
    assert summarizer.__all__ == sorted(summarizer.__all__)
    for name in summarizer.__all__:
        assert hasattr(summarizer, name)


def test_public_modules_have_no_stray_names() -> None:
    """Besides ``__all__``, the package namespace holds only its own submodules."""
    public = {n for n in dir(summarizer) if not n.startswith("_")}
    modules = {m.name for m in pkgutil.iter_modules(summarizer.__path__)}
    assert public - set(summarizer.__all__) <= modules


def test_every_error_derives_from_the_root() -> None:
    for name in errors.__all__:
        assert issubclass(getattr(errors, name), errors.SummarizerError)
    assert str(errors.InputError("a.txt:   no   such\nfile")) == "a.txt: no such file"


def test_the_recorded_version_is_the_packages() -> None:
    assert installed_version() == summarizer.__version__
