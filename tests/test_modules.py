"""revpack's modules import one another without a cycle: the pipeline's stages read top to bottom.

Every import counts, at the top of a module or inside a function (a late import used to dodge a
cycle is still the cycle), read from the source with `ast` rather than by importing anything.
"""

from __future__ import annotations

import ast
from pathlib import Path

import revpack

PACKAGE = Path(revpack.__file__).parent


def module_files() -> dict[str, Path]:
    """revpack's modules by dotted name (a package by its own name)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def imports_of(name: str, path: Path, modules: set[str]) -> set[str]:
    """The revpack modules `name` (in `path`) imports anywhere in its source."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in modules)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package, up level - 1
                up = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*up, base] if base else up)
            for alias in node.names:
                target = f"{base}.{alias.name}"
                if target in modules:  # `from revpack import build`
                    found.add(target)
                elif base in modules:  # `from revpack.build import x`
                    found.add(base)
    found.discard(name)
    return found


def import_graph() -> dict[str, set[str]]:
    files = module_files()
    return {name: imports_of(name, path, set(files)) for name, path in files.items()}


def cycle_in(graph: dict[str, set[str]]) -> list[str]:
    """One cycle of `graph` as the path around it ([] if there is none): depth first, by colour."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return []


def test_the_cycle_finder_finds_a_cycle_and_reads_every_kind_of_import(tmp_path):
    assert cycle_in({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle_in({"a": {"b"}, "b": {"c"}, "c": set()}) == []
    source = tmp_path / "x.py"
    source.write_text("import revpack.model\nfrom revpack import build\nfrom . import theme\n"
                      "def late():\n    from revpack.views.cards import paginate\n    from .markup import plain\n")
    modules = {"revpack.model", "revpack.build", "revpack.theme", "revpack.views", "revpack.views.cards",
               "revpack.markup", "revpack.x"}
    assert imports_of("revpack.x", source, modules) == {"revpack.model", "revpack.build", "revpack.theme",
                                                        "revpack.views.cards", "revpack.markup"}


def test_revpack_has_no_import_cycle():
    graph = import_graph()
    assert {"revpack.build", "revpack.fragments", "revpack.cli"} <= set(graph)  # the walk found the package
    assert "revpack.fragments" in graph["revpack.build"]  # and read its imports
    assert cycle_in(graph) == []
