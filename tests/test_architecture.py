"""The package is a pipeline: each step imports only the steps before it, and no module imports itself back.

Reads every ``import`` and ``from … import`` of ``lod/`` with ``ast`` (those inside functions and
``if TYPE_CHECKING:`` blocks too: a lazy import is still a dependency) and checks the layering that
``docs/architecture.md`` draws.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import lod

PACKAGE = Path(lod.__file__).resolve().parent

#: The steps in pipeline order (docs/architecture.md); a module may import its own step and earlier
#: ones. ``serve`` and ``push`` share a rank: neither imports the other.
RANKS: dict[str, int] = {
    "core": 0, "fetch": 1, "read": 2, "enrich": 3, "rdf": 4, "validate": 5, "publish": 6, "sparql": 7,
    "serve": 8, "push": 8, "cli": 9,
}
#: Top-level modules: the shared core, and the entry points above every step.
TOP = {"errors": "core", "model": "core", "identifiers": "core", "eids": "core", "vocab": "core",
       "datafiles": "core", "native": "core", "cli": "cli", "__main__": "cli"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The ``lod`` modules ``name`` imports (``from pkg import mod`` counts as ``pkg.mod``)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "lod")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "lod":
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in MODULES else target)
    return {m for m in found if m in MODULES and m != name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def step_of(module: str) -> str:
    """The pipeline step a module belongs to: its sub-package, or its role if it sits at the top."""
    parts = module.split(".")
    if len(parts) == 1:
        return "facade"  # lod/__init__.py: the public API, above every step
    if len(parts) == 2 and parts[1] in TOP:
        return TOP[parts[1]]
    return parts[1]


def test_every_module_belongs_to_a_step() -> None:
    unknown = sorted(m for m in MODULES if step_of(m) not in RANKS and step_of(m) != "facade")
    assert unknown == [], f"modules outside every step (put them in a step's sub-package or in TOP): {unknown}"


def test_no_step_imports_a_later_one() -> None:
    upward = []
    for module, deps in GRAPH.items():
        step = step_of(module)
        if step == "facade":
            continue
        for dep in sorted(deps):
            dstep = step_of(dep)
            if dstep == "facade":
                upward.append(f"{module} imports the lod package itself (import the module it needs)")
            elif RANKS[dstep] > RANKS[step] or (RANKS[dstep] == RANKS[step] and dstep != step):
                upward.append(f"{module} ({step}) imports {dep} ({dstep})")
    assert upward == [], "imports against the pipeline's order:\n" + "\n".join(upward)


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(GRAPH[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycles() -> None:
    assert _cycles() == []


def test_the_checks_see_real_imports() -> None:
    """The reader is not blind: known edges of the pipeline are found, a planted cycle and an upward import are caught."""
    assert "lod.read" in GRAPH["lod.publish.process"] or "lod.read.compilation" in GRAPH["lod.publish.process"]
    assert "lod.rdf.nt" in GRAPH["lod.validate.shacl"]
    GRAPH["lod.errors"].add("lod.model")
    GRAPH["lod.model"].add("lod.errors")
    GRAPH["lod.read.source"].add("lod.serve.app")
    try:
        assert ["lod.errors", "lod.model"] in _cycles()
        with pytest.raises(AssertionError, match="lod.read.source"):
            test_no_step_imports_a_later_one()
    finally:
        GRAPH["lod.errors"].discard("lod.model")
        GRAPH["lod.model"].discard("lod.errors")
        GRAPH["lod.read.source"].discard("lod.serve.app")


def test_each_step_says_what_it_takes_and_gives() -> None:
    for step in RANKS:
        if step in ("core", "cli"):
            continue
        doc = ast.get_docstring(ast.parse((PACKAGE / step / "__init__.py").read_text(encoding="utf-8"))) or ""
        assert "Takes" in doc and "gives" in doc and ("never" in doc or "only" in doc), f"lod/{step}/__init__.py"
