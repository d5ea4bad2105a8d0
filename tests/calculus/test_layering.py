"""The core knows nothing of HTTP: no module under service/calculus imports the shell."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[2] / "service" / "calculus"
FORBIDDEN = (
    "flask",
    "marshmallow",
    "werkzeug",
    "gunicorn",
    "requests",
    "service.api",
    "service.app",
)
STRING_EVALUATORS = ("sympify", "parse_expr", "parse_latex", "S", "eval", "exec")
BUILTIN_EVALUATORS = ("eval", "exec", "compile", "__import__")


def imported_modules(path: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module)
    return modules


def evaluator_calls(path: Path) -> set[str]:
    """Calls of Python's or a library's string evaluators (``re.compile`` is fine)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        if isinstance(function, ast.Name) and function.id in (
            STRING_EVALUATORS + BUILTIN_EVALUATORS
        ):
            found.add(function.id)
        elif isinstance(function, ast.Attribute) and function.attr in STRING_EVALUATORS:
            found.add(function.attr)
    return found


CORE_MODULES = sorted(CORE.glob("*.py"))


@pytest.mark.parametrize("path", CORE_MODULES, ids=lambda path: path.name)
def test_the_core_module_imports_nothing_of_the_http_shell(path: Path) -> None:
    offending = {
        module
        for module in imported_modules(path)
        if any(module == name or module.startswith(name + ".") for name in FORBIDDEN)
    }
    assert offending == set()


@pytest.mark.parametrize("path", CORE_MODULES, ids=lambda path: path.name)
def test_the_core_module_calls_no_string_evaluator(path: Path) -> None:
    assert evaluator_calls(path) == set()
