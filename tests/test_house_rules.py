"""House rules checked on the source: small modules, and mypy strict on every package of the
service and the client."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 450
CHECKED = ("service", "client", "bench", "tests")
MODULES = sorted(
    path
    for folder in CHECKED
    for path in (ROOT / folder).rglob("*.py")
    if ".venv" not in path.parts and "build" not in path.parts
)
MYPY = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_module_is_over_450_lines(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


def packages(folder: Path) -> list[Path]:
    """Every package (a folder with an ``__init__.py``) at or below ``folder``."""
    return sorted(init.parent for init in folder.rglob("__init__.py"))


@pytest.mark.parametrize(
    "package",
    packages(ROOT / "service") + packages(ROOT / "client" / "deriv_client"),
    ids=lambda path: str(path.relative_to(ROOT)),
)
def test_mypy_checks_every_package_strictly(package: Path) -> None:
    checked = [ROOT / entry for entry in MYPY["files"]]
    assert any(package == folder or folder in package.parents for folder in checked)
    assert MYPY["strict"] is True
    name = ".".join(package.relative_to(ROOT).parts).removeprefix("client.")
    for override in MYPY.get("overrides", []):
        modules = override["module"]
        covered = [modules] if isinstance(modules, str) else modules
        if any(
            name == m.removesuffix(".*") or name.startswith(m.removesuffix("*")) for m in covered
        ):
            assert not override.get("ignore_errors"), override
            assert override.get("strict", True), override
