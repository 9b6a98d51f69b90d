"""The package's import structure: no import cycle, and no layer below the orchestration
(``api``, ``batch``, ``raypool``, ``cli``) reaching up into it. Imports under TYPE_CHECKING and
inside functions count too."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "summarizer"


def module_name(path: Path) -> str:
    """``summarizer/evals/cli.py`` -> ``summarizer.evals.cli``; a package is its ``__init__``."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_in(source: str, name: str, *, is_package: bool = False) -> set[str]:
    """Every dotted name that module ``name`` imports anywhere in ``source`` (in functions and
    under TYPE_CHECKING too), made absolute: ``from ..api import Summarizer`` in
    ``summarizer.picture.inputs`` is ``summarizer.api.Summarizer``."""
    package = name if is_package else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source, name)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            found |= {f"{base}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Call) and (dynamic := _dynamic_import(node)) is not None:
            found.add(dynamic)
    return found


def _dynamic_import(call: ast.Call) -> str | None:
    """The module ``importlib.import_module("summarizer.api")`` or ``__import__`` names."""
    func = call.func
    called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if called not in {"import_module", "__import__"} or not call.args:
        return None
    first = call.args[0]
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        return None if first.value.startswith(".") else first.value
    return None


def resolve(target: str, modules: set[str]) -> str | None:
    """The package module an imported dotted name is, or is a member of; ``None`` outside."""
    while target and target not in modules:
        target = target.rpartition(".")[0]
    return target or None


def imported(path: Path, modules: set[str]) -> set[str]:
    """The package's modules that ``path`` imports anywhere in its body, resolved to modules."""
    name = module_name(path)
    found: set[str] = set()
    source = path.read_text(encoding="utf-8")
    for raw in imports_in(source, name, is_package=path.name == "__init__.py"):
        # ``from . import batch`` names a module; ``from .api import Result`` names a member.
        target = resolve(raw, modules)
        if target is not None and target != name:
            found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    """Every module of the package and the package modules it imports."""
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(p) for p in paths}
    return {module_name(p): imported(p, modules) for p in paths}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules (first repeated last), or ``None``."""
    done: set[str] = set()
    path: list[str] = []
    on_path: set[str] = set()

    def visit(node: str) -> list[str] | None:
        path.append(node)
        on_path.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt in on_path:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in done:
                cycle = visit(nxt)
                if cycle:
                    return cycle
        path.pop()
        on_path.discard(node)
        done.add(node)
        return None

    for start in sorted(graph):
        if start not in done:
            cycle = visit(start)
            if cycle:
                return cycle
    return None


def all_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Cycles one by one: each found cycle's closing edge is cut before looking again."""
    graph = {node: set(edges) for node, edges in graph.items()}
    cycles = []
    while (cycle := find_cycle(graph)) is not None:
        cycles.append(cycle)
        graph[cycle[-2]].discard(cycle[-1])
    return cycles


def test_the_cycle_finder_finds_a_cycle_through_a_package_root() -> None:
    graph = {"p": {"p.a"}, "p.a": {"p.b"}, "p.b": {"p"}, "p.c": {"p.a"}}
    assert find_cycle(graph) == ["p", "p.a", "p.b", "p"]
    assert find_cycle({"p": {"p.a"}, "p.a": set()}) is None


def test_the_graph_sees_imports_in_functions_and_under_type_checking() -> None:
    graph = import_graph()
    assert "summarizer.backends.remote" in graph["summarizer.api"]  # inside make_backend
    assert "summarizer.api" in graph["summarizer.evals.harness"]


def test_no_import_cycle() -> None:
    cycles = all_cycles(import_graph())
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_no_cycle_between_subpackages() -> None:
    def unit(module: str) -> str | None:
        parts = module.split(".")
        return ".".join(parts[:2]) if len(parts) > 2 or (PACKAGE / parts[-1]).is_dir() else None

    units: dict[str, set[str]] = {}
    for module, targets in import_graph().items():
        here = unit(module)
        if here is not None:
            edges = units.setdefault(here, set())
            edges |= {u for t in targets if (u := unit(t)) is not None and u != here}
    cycles = all_cycles(units)
    assert not cycles, "cycles between subpackages:\n" + "\n".join(" -> ".join(c) for c in cycles)


ORCHESTRATION = "orchestration"
ROOT = "summarizer"
LAYERS: dict[str, tuple[str, ...]] = {
    # Errors, settings, resources, prompt templates, files on disk and articles.
    "foundation": (
        "summarizer.errors",
        "summarizer.version",
        "summarizer.resources",
        "summarizer.output",
        "summarizer.extras",
        "summarizer.config",
        "summarizer.prompts",
        "summarizer.rules",
        "summarizer.articles",
    ),
    # The report's types, ids and references, and the JSON Schemas written from them.
    "schema": ("summarizer.schema", "summarizer.schema_export"),
    "names": ("summarizer.names",),
    "geo": ("summarizer.geo",),
    # Quotes resolved to offsets, and long articles split and their partial reports joined.
    "grounding": ("summarizer.alignment", "summarizer.grounding", "summarizer.chunking"),
    "backends": ("summarizer.backends",),
    "staged": ("summarizer.staged",),
    # One article to one report, and the report's key.
    "pipeline": ("summarizer.pipeline", "summarizer.results"),
    # Reports (and plain values) in, pictures out.
    "picture": ("summarizer.picture",),
    # Every renderer: Markdown, HTML, CSV and maps of a report or a picture.
    "views": ("summarizer.views",),
    # Scoring against gold reports; the harness that runs the model is orchestration.
    "evals": ("summarizer.evals",),
    # Settings resolved, models loaded, many articles run; the package root re-exports ``api``.
    ORCHESTRATION: (
        ROOT,
        "summarizer.__main__",
        "summarizer.api",
        "summarizer.batch",
        "summarizer.raypool",
        "summarizer.cli",
        "summarizer.evals.harness",
    ),
}
"""Every module's layer, by module or package; the longest match wins. The layers below
``orchestration`` take plain values and return values; only orchestration resolves settings,
builds a ``Summarizer`` or runs a batch."""


def within(module: str, unit: str) -> bool:
    """``module`` is ``unit`` or inside it; the package root is a module of its own (the
    facade), never a prefix."""
    return module == unit or (unit != ROOT and module.startswith(unit + "."))


def layer_of(module: str) -> str | None:
    """The layer ``module`` belongs to, by its longest matching entry in ``LAYERS``."""
    matches = [
        (len(unit), layer)
        for layer, units in LAYERS.items()
        for unit in units
        if within(module, unit)
    ]
    return max(matches)[1] if matches else None


def reaching_up(
    source: str, name: str, modules: set[str], *, is_package: bool = False
) -> list[str]:
    """What module ``name`` (below orchestration) imports from the orchestration layer: named
    directly (also a module not written yet, such as ``summarizer.raypool``) or through the
    package root, which re-exports ``api``."""
    top = LAYERS[ORCHESTRATION]
    return sorted(
        raw
        for raw in imports_in(source, name, is_package=is_package)
        if any(within(raw, unit) for unit in top)
        or ((target := resolve(raw, modules)) is not None and layer_of(target) == ORCHESTRATION)
    )


def package_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def test_every_module_has_a_layer() -> None:
    missing = [m for m in package_modules() if layer_of(m) is None]
    assert not missing, f"modules in no layer of LAYERS: {', '.join(missing)}"


def test_the_layer_check_sees_imports_inside_functions() -> None:
    modules = set(package_modules())
    source = (
        "from ..schema.report import SituationReport\n"
        "def summarize_articles(paths):\n"
        "    from ..api import Summarizer\n"
        "    from .. import raypool\n"
        "    from summarizer import summarize\n"
        "    import summarizer.cli.merge\n"
        "    importlib.import_module('summarizer.batch')\n"
    )
    assert reaching_up(source, "summarizer.picture.inputs", modules) == [
        "summarizer.api.Summarizer",
        "summarizer.batch",
        "summarizer.cli.merge",
        "summarizer.raypool",
        "summarizer.summarize",
    ]
    assert layer_of("summarizer.picture.inputs") == "picture"
    assert layer_of("summarizer.evals.harness") == ORCHESTRATION
    assert layer_of(ROOT) == ORCHESTRATION


def test_lower_layers_never_import_the_orchestration() -> None:
    modules = package_modules()
    found = [
        f"{name} ({layer_of(name)}) imports {raw}"
        for name, path in modules.items()
        if layer_of(name) not in (ORCHESTRATION, None)
        for raw in reaching_up(
            path.read_text(encoding="utf-8"),
            name,
            set(modules),
            is_package=path.name == "__init__.py",
        )
    ]
    assert not found, "lower layers reaching up into orchestration:\n" + "\n".join(found)
