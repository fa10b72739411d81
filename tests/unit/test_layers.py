"""The architecture, checked: imports point down the layers, and no module imports itself back.

Every layer states what it may import in a ``May import:`` line of its docstring (a package's
``__init__``, or a module of its own at the top of ``orgsim``), so that the contract is read
where the code is and cannot drift from this test. Imports are read with ``ast``, all of them:
those inside functions and under ``TYPE_CHECKING`` too, since a circle that only runs late or
only for the type checker is still a circle a reader has to untangle.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import orgsim

ROOT = Path(orgsim.__file__).parent


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def imports_of(name: str) -> set[str]:
    """The orgsim modules ``name`` imports (a package counts as its ``__init__``)."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in MODULES else base)
    return {target for target in found if target in MODULES and target != name}


GRAPH = {name: imports_of(name) for name in MODULES}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every group of modules that import one another, round and round (Tarjan's strongly
    connected components of more than one module)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in sorted(graph[module]):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_no_module_imports_itself_back_through_others() -> None:
    assert circles(GRAPH) == []


def test_a_circle_would_be_found() -> None:
    """The check can fail: a graph with a circle in it is caught, the modules named."""
    graph = {name: set(targets) for name, targets in GRAPH.items()}
    graph["orgsim.log.events"].add("orgsim.questions.chart")
    found = circles(graph)
    assert found and all("orgsim.log.events" in group for group in found)
    assert any("orgsim.questions.chart" in group for group in found)


def layer_of(module: str) -> str:
    """The layer a module belongs to: the folder under orgsim it is in, or itself if it is a
    module at the top."""
    parts = module.split(".")
    return ".".join(parts[:2])


LAYERS = sorted({layer_of(name) for name in MODULES} - {"orgsim"})


def allowed(layer: str) -> set[str] | None:
    """What ``layer``'s docstring says it may import; None for "everything"."""
    doc = ast.get_docstring(ast.parse(MODULES[layer].read_text(encoding="utf-8"))) or ""
    said = re.search(r"^May import: (.+?)\.?$", doc, re.MULTILINE | re.DOTALL)
    assert said is not None, f"{MODULES[layer]} does not say what it may import"
    text = " ".join(said.group(1).split())
    if text in ("everything", "nothing of orgsim"):
        return None if text == "everything" else set()
    return {f"orgsim.{word.strip()}" for word in text.split(",")}


@pytest.mark.parametrize("layer", LAYERS)
def test_a_layer_imports_only_what_it_says_it_may(layer: str) -> None:
    may = allowed(layer)
    if may is None:
        return
    unknown = may - set(LAYERS)
    assert not unknown, f"{layer} names layers that do not exist: {sorted(unknown)}"
    broken = sorted(
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        if layer_of(module) == layer
        for target in targets
        if layer_of(target) not in may | {layer}
    )
    assert broken == []


def test_the_top_of_the_package_imports_every_layer_it_exports() -> None:
    """``orgsim`` itself may import everything, and says so; every layer below it is one of
    the layers checked above (a new folder cannot slip in without a contract)."""
    assert allowed("orgsim") is None
    assert {layer_of(target) for target in GRAPH["orgsim"]} <= set(LAYERS)


def test_the_layers_stack_without_a_circle_between_them() -> None:
    """What the docstrings allow, taken as a graph of layers, has no circle either: the
    contracts themselves order the layers, lowest first."""
    contracts = {layer: allowed(layer) for layer in LAYERS}
    graph = {
        layer: (set(LAYERS) if may is None else may) - {layer} for layer, may in contracts.items()
    }
    everything = [layer for layer, may in contracts.items() if may is None]
    assert everything == ["orgsim.cli"]
    assert circles(graph) == []
