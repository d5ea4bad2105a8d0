"""The dependency rules, checked on the imports of every module of the service.

The core (service/calculus) imports nothing of the shell: not Flask, marshmallow or the HTTP
server, and not the operations, runtime, plotting or api packages (which may import the
core). Inside it the parts form layers, ``language`` ← ``differentiation`` ← ``analysis`` ←
``learning``: a module may import its own part and the parts to its left, never one to its
right. No core function reads a request body or returns a string-keyed dict (a response in
the making): it takes and returns domain values. And no core module calls a string evaluator.

Around the core: the operations (request in, response out) and the runtime (the killable
pool) import the core but no web framework and not the api; the runtime gets the operations
table from ``create_app`` instead of importing it, and the operations know nothing of the
runtime that runs them; plotting draws for the operations and imports neither. The api (with
``service/app.py``) is the only part that knows the web framework, and it reaches the
maths through the operations and the runtime.
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
    "service.logs",
    "service.operations",
    "service.plotting",
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
    return imports_in(path.read_text(), package)


def imports_in(source: str, package: str) -> set[str]:
    """Every module ``source`` (a module of ``package``) imports, as absolute names."""
    modules: set[str] = set()
    for node in ast.walk(ast.parse(source)):
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
WEB = ("flask", "marshmallow", "werkzeug", "gunicorn", "flask_cors", "flask_swagger_ui")
SHELL_RULES = {
    "operations": (*WEB, "service.api", "service.app", "service.runtime"),
    "runtime": (*WEB, "service.api", "service.app", "service.operations"),
    "plotting": (*WEB, "service.api", "service.app", "service.operations", "service.runtime"),
}
"""Each package around the core and what it must not import."""
SHELL_MODULES = [
    (path, forbidden)
    for package, forbidden in SHELL_RULES.items()
    for path in sorted((SERVICE / package).rglob("*.py"))
]
WEB_MODULES = {SERVICE / "app.py", SERVICE / "logs.py", *(SERVICE / "api").rglob("*.py")}
"""Where the web framework (and gunicorn, whose logger ``service/logs.py`` extends) may be
imported."""


def imports_any(path: Path, names: tuple[str, ...]) -> set[str]:
    """The modules ``path`` imports that are one of ``names`` or inside one."""
    return among(imported_modules(path), names)


def among(modules: set[str], names: tuple[str, ...]) -> set[str]:
    """The ``modules`` that are one of ``names`` or inside one."""
    return {
        module
        for module in modules
        if any(module == name or module.startswith(name + ".") for name in names)
    }


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


@pytest.mark.parametrize(
    ("path", "forbidden"),
    SHELL_MODULES,
    ids=[module_name(path) for path, _ in SHELL_MODULES],
)
def test_a_module_around_the_core_imports_nothing_its_package_must_not(
    path: Path, forbidden: tuple[str, ...]
) -> None:
    assert imports_any(path, forbidden) == set()


@pytest.mark.parametrize("package", ["operations", "runtime", "plotting"])
def test_operations_runtime_and_plotting_use_the_core(package: str) -> None:
    modules = sorted((SERVICE / package).rglob("*.py"))
    assert any(imports_any(path, ("service.calculus",)) for path in modules)


@pytest.mark.parametrize(
    "path",
    sorted(set(SERVICE.rglob("*.py")) - WEB_MODULES),
    ids=lambda path: module_name(path),
)
def test_only_the_api_and_the_app_know_the_web_framework(path: Path) -> None:
    assert imports_any(path, WEB) == set()


def test_the_api_reaches_the_maths_through_the_operations_and_the_runtime() -> None:
    shell = [SERVICE / "app.py", *(SERVICE / "api").rglob("*.py")]
    imported = set().union(*(imported_modules(path) for path in shell))
    for package in ("service.operations", "service.runtime"):
        assert any(module.startswith(package) for module in imported)


def test_the_rules_catch_a_forbidden_import() -> None:
    source = "from flask import request\nfrom ..runtime.pool import ComputePool\nimport sympy\n"
    assert among(imports_in(source, "service.operations"), SHELL_RULES["operations"]) == {
        "flask",
        "flask.request",
        "service.runtime.pool",
        "service.runtime.pool.ComputePool",
    }


def test_a_part_importing_one_to_its_right_is_caught() -> None:
    modules = imports_in("from ..learning import checking\n", "service.calculus.analysis")
    assert {layer_of(module) for module in modules} == {LAYERS.index("learning")}
    assert LAYERS.index("learning") > LAYERS.index("analysis")
