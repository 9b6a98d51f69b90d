"""Versioned prompt templates, loaded by name from ``prompts/<name>.<version>.txt``.

A template has a ``### system`` and a ``### user`` section and ``$variables``
(``string.Template`` syntax). Rendering with a variable missing is an error, and so is passing
one the template does not use. Untrusted text (the article) only ever fills a variable, so
nothing inside it is read as template syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from string import Template

from .errors import PromptError
from .resources import data_dir

Message = dict[str, str]
_FILE = re.compile(r"^(?P<name>[a-z_]+)\.(?P<version>v[0-9]+)\.txt$")
_SECTION = re.compile(r"^### (system|user)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class PromptTemplate:
    """One version of one prompt."""

    name: str
    version: str
    system: str
    user: str

    @property
    def ident(self) -> str:
        """``name@version``, recorded in every report's provenance."""
        return f"{self.name}@{self.version}"

    def variables(self) -> set[str]:
        """The ``$names`` the template expects."""
        found: set[str] = set()
        for text in (self.system, self.user):
            for match in Template.pattern.finditer(text):
                name = match.group("named") or match.group("braced")
                if name:
                    found.add(name)
        return found

    def render(self, **values: str) -> list[Message]:
        """Chat messages with every variable filled."""
        expected = self.variables()
        missing = sorted(expected - values.keys())
        extra = sorted(values.keys() - expected)
        if missing or extra:
            raise PromptError(
                f"prompt {self.ident}: missing variables {missing}, unexpected {extra}"
            )
        return [
            {"role": "system", "content": Template(self.system).substitute(values)},
            {"role": "user", "content": Template(self.user).substitute(values)},
        ]


_CLOSING = re.compile(r"<(/\s*article)", re.IGNORECASE)


def as_data(text: str) -> str:
    """Untrusted text as a prompt carries it between ``<article>`` and ``</article>``: it can
    never close that delimiter itself, in any case or spacing ("</ARTICLE >" too)."""
    return _CLOSING.sub(lambda m: "<\\" + m.group(1), text)


def available() -> dict[str, list[str]]:
    """Every prompt name with its versions, oldest first."""
    found: dict[str, list[str]] = {}
    for path in sorted(data_dir("prompts").iterdir()):
        match = _FILE.match(path.name)
        if match:
            found.setdefault(match["name"], []).append(match["version"])
    return {name: sorted(v, key=lambda s: int(s[1:])) for name, v in found.items()}


def load_prompt(name: str, version: str | None = None) -> PromptTemplate:
    """The named prompt, at ``version`` or its newest."""
    versions = available().get(name)
    if not versions:
        raise PromptError(f"no prompt named {name!r} in {data_dir('prompts')}")
    chosen = version or versions[-1]
    if chosen not in versions:
        raise PromptError(f"prompt {name!r} has no version {chosen!r}; have {versions}")
    text = (data_dir("prompts") / f"{name}.{chosen}.txt").read_text(encoding="utf-8")
    parts = _SECTION.split(text)
    sections = {parts[i]: parts[i + 1].strip("\n") for i in range(1, len(parts) - 1, 2)}
    if set(sections) != {"system", "user"}:
        raise PromptError(f"prompt {name}.{chosen} needs a ### system and a ### user section")
    return PromptTemplate(name, chosen, sections["system"], sections["user"])
