"""The client needs nothing beyond the standard library and requests."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

LOADED_MODULES = "import sys, json; {imports}; print(json.dumps(sorted(sys.modules)))"


def top_level_modules_after(imports: str) -> set[str]:
    """Top-level names of every module loaded by a fresh interpreter running ``imports``."""
    result = subprocess.run(
        [sys.executable, "-I", "-c", LOADED_MODULES.format(imports=imports)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return {name.split(".")[0] for name in json.loads(result.stdout)}


def test_importing_the_client_loads_only_the_standard_library_and_requests() -> None:
    with_client = top_level_modules_after("import deriv_client")
    with_requests = top_level_modules_after("import requests")
    extra = with_client - with_requests - set(sys.stdlib_module_names) - {"deriv_client"}
    assert extra == set()
    assert "requests" in with_client


def test_the_client_source_imports_only_the_standard_library_and_requests() -> None:
    imported = set()
    for path in (ROOT / "client" / "deriv_client").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    assert imported
    assert imported - set(sys.stdlib_module_names) == {"requests"}


def test_the_distribution_declares_requests_as_its_only_dependency() -> None:
    project = tomllib.loads((ROOT / "client" / "pyproject.toml").read_text())["project"]
    assert project["name"] == "deriv-client"
    assert [dep.split(">")[0].split("=")[0].split("<")[0] for dep in project["dependencies"]] == [
        "requests"
    ]


def test_the_package_is_typed() -> None:
    assert (ROOT / "client" / "deriv_client" / "py.typed").exists()
