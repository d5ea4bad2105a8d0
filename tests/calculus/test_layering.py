"""The core's dependency rule, checked on its imports.

The core (service/calculus) imports nothing of the shell: not Flask, marshmallow or the HTTP
server, and not the operations, runtime or api packages (which may import the core). Inside it
the parts form layers, ``language`` ← ``differentiation`` ← ``analysis`` ← ``learning``: a
module may import its own part and the parts to its left, never one to its right. No core
function reads a request body or returns a string-keyed dict (a response in the making): it
takes and returns domain values. And no core module calls a string evaluator.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SERVICE = Path(__file__).resolve().parents[2] / "service"
CORE = SERVICE / "calculus"
FORBIDDEN = (
    "flask",
    "marshmallow",
    "werkzeug",
    "gunicorn",
    "requests",
    "service.api",
    "service.app",
    "service.operations",
    "service.runtime",
    "service.settings",
)
LAYERS = ("language", "differentiation", "analysis", "learning")
STRING_EVALUATORS = ("sympify", "parse_expr", "parse_latex", "S", "eval", "exec")
BUILTIN_EVALUATORS = ("eval", "exec", "compile", "__import__")
RESPONSE_SHAPES = ("dict[str", "Mapping[str")


def module_name(path: Path) -> str:
    parts = path.relative_to(SERVICE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, relative imports resolved to absolute names."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                prefix = ".".join(base)
                module = f"{prefix}.{node.module}" if node.module else prefix
            else:
                module = node.module or ""
            modules.add(module)
            modules.update(f"{module}.{alias.name}" for alias in node.names)
    return modules


def layer_of(module: str) -> int | None:
    parts = module.split(".")
    if parts[:2] != ["service", "calculus"] or len(parts) < 3 or parts[2] not in LAYERS:
        return None
    return LAYERS.index(parts[2])


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


def request_or_response_functions(path: Path) -> set[str]:
    """Functions that take a ``body`` or return a ``dict[str, …]`` or ``Mapping[str, …]``."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        arguments = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
        returns = ast.unparse(node.returns) if node.returns is not None else ""
        if any(argument.arg == "body" for argument in arguments) or any(
            shape in returns for shape in RESPONSE_SHAPES
        ):
            found.add(node.name)
    return found


CORE_MODULES = sorted(CORE.rglob("*.py"))
SHELL_PACKAGES = ("operations", "runtime")


def test_the_core_is_grouped_into_its_parts() -> None:
    assert {path.parent.name for path in CORE_MODULES} >= set(LAYERS)


@pytest.mark.parametrize("path", CORE_MODULES, ids=lambda path: module_name(path))
def test_the_core_module_imports_nothing_of_the_shell(path: Path) -> None:
    offending = {
        module
        for module in imported_modules(path)
        if any(module == name or module.startswith(name + ".") for name in FORBIDDEN)
    }
    assert offending == set()


@pytest.mark.parametrize("path", CORE_MODULES, ids=lambda path: module_name(path))
def test_the_core_module_imports_no_part_to_its_right(path: Path) -> None:
    own = layer_of(module_name(path))
    ceiling = len(LAYERS) - 1 if own is None else own
    offending = {
        module
        for module in imported_modules(path)
        if (layer := layer_of(module)) is not None and layer > ceiling
    }
    assert offending == set()


@pytest.mark.parametrize("path", CORE_MODULES, ids=lambda path: module_name(path))
def test_the_core_module_calls_no_string_evaluator(path: Path) -> None:
    assert evaluator_calls(path) == set()


@pytest.mark.parametrize("path", CORE_MODULES, ids=lambda path: module_name(path))
def test_the_core_module_neither_reads_requests_nor_builds_responses(path: Path) -> None:
    assert request_or_response_functions(path) == set()


@pytest.mark.parametrize("package", SHELL_PACKAGES)
def test_operations_and_runtime_import_the_core_but_not_the_http_shell(package: str) -> None:
    modules = sorted((SERVICE / package).rglob("*.py"))
    imported = set().union(*(imported_modules(path) for path in modules))
    assert any(module.startswith("service.calculus.") for module in imported)
    shell = ("flask", "marshmallow", "werkzeug", "service.api", "service.app")
    assert {m for m in imported if any(m == s or m.startswith(s + ".") for s in shell)} == set()
