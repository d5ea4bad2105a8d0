"""The tests' own hygiene: every wait for another process is bounded below pytest's timeout.

A subprocess that hangs then fails its test with its own message (a TimeoutExpired naming the
command) before pytest-timeout ends the test, or the whole run, with a stack dump.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PYTEST_TIMEOUT = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"][
    "ini_options"
]["timeout"]
WAITS = ("wait", "communicate")
"""Methods of a Popen that block until the process ends (an Event's wait is bounded too)."""
SUBPROCESS_RUNNERS = ("run", "call", "check_call", "check_output")
TEST_MODULES = sorted((ROOT / "tests").rglob("*.py"))


def module_constants(tree: ast.Module) -> dict[str, object]:
    """Module-level ``NAME = <literal>`` assignments."""
    constants: dict[str, object] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    constants[target.id] = node.value.value
    return constants


def timeout_of(call: ast.Call) -> ast.expr | None:
    """The call's ``timeout=`` argument, or a wait's first positional one."""
    for keyword in call.keywords:
        if keyword.arg == "timeout":
            return keyword.value
    function = call.func
    if isinstance(function, ast.Attribute) and function.attr in WAITS and call.args:
        return call.args[0]
    return None


def is_process_wait(call: ast.Call) -> bool:
    function = call.func
    if not isinstance(function, ast.Attribute):
        return False
    if isinstance(function.value, ast.Name) and function.value.id == "subprocess":
        return function.attr in SUBPROCESS_RUNNERS
    return function.attr in WAITS


def unbounded_waits(path: Path) -> list[str]:
    """Each process wait in ``path`` without a timeout, or with one of pytest's or more."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    constants = module_constants(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not is_process_wait(node):
            continue
        timeout = timeout_of(node)
        value = (
            timeout.value
            if isinstance(timeout, ast.Constant)
            else constants.get(timeout.id)
            if isinstance(timeout, ast.Name)
            else None
        )
        if timeout is None or (isinstance(value, int | float) and value >= PYTEST_TIMEOUT):
            found.append(f"line {node.lineno}: {ast.unparse(node)[:80]}")
    return found


def test_pytest_has_a_timeout() -> None:
    assert isinstance(PYTEST_TIMEOUT, int | float) and PYTEST_TIMEOUT > 0


@pytest.mark.parametrize("path", TEST_MODULES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_wait_for_a_process_has_a_timeout_below_pytests(path: Path) -> None:
    assert unbounded_waits(path) == []


def test_the_check_finds_an_unbounded_wait(tmp_path: Path) -> None:
    module = tmp_path / "module.py"
    module.write_text(
        "import subprocess\nLONG = 900\nsubprocess.run(['true'])\n"
        "subprocess.run(['true'], timeout=LONG)\nprocess.wait()\nprocess.wait(timeout=5)\n"
    )
    assert [line.split(":")[0] for line in unbounded_waits(module)] == [
        "line 3",
        "line 4",
        "line 5",
    ]
