"""The shape of the code: a light first screen, no import circles, files that read in one sitting.

The import rules between layers are import-linter's contracts in pyproject.toml; these are the
checks it does not make.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ("office_app", "screens", "models")
#: Loaded in a worker after the first screen is drawn, never by importing the app.
HEAVY = ("sqlalchemy", "alembic", "httpx", "reportlab", "uvicorn", "fastapi", "argon2")
LONGEST_MODULE = 400


def test_importing_the_office_app_loads_no_database_network_or_pdf_library() -> None:
    probe = (
        "import sys, office_app.app; "
        f"print(','.join(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == ""


def _circles(graph: grimp.ImportGraph, modules: set[str]) -> list[list[str]]:
    """The groups of modules that import each other round in a circle (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(graph.find_modules_directly_imported_by(module) & modules):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    for module in sorted(modules):
        if module not in index:
            visit(module)
    return circles


def test_no_module_of_the_product_imports_itself_round_a_circle() -> None:
    graph = grimp.build_graph(*PRODUCT)
    assert _circles(graph, set(graph.modules)) == []


def test_every_module_of_the_product_reads_in_one_sitting() -> None:
    longer = {
        str(path.relative_to(ROOT)): lines
        for package in PRODUCT
        for path in (ROOT / package).rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > LONGEST_MODULE
    }
    assert longer == {}
