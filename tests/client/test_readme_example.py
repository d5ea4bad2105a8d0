"""The README's client example runs against the live server and prints what it says."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
READMES = [path for path in (ROOT / "README.md", ROOT / "client" / "README.md") if path.exists()]
DOCUMENTED_URL = "http://127.0.0.1:8000"
PIP_OFFLINE = ("--isolated", "--no-index", "--disable-pip-version-check", "--quiet")
"""No package index, and none of the machine's pip configuration (index, find-links)."""
CHECK_PY_TYPED = (
    "import pathlib, deriv_client; "
    "print((pathlib.Path(deriv_client.__file__).parent / 'py.typed').is_file())"
)


def client_examples(readme: Path) -> list[str]:
    """Every ```python block of ``readme`` that uses DerivClient."""
    blocks = re.findall(r"```python\n(.*?)```", readme.read_text(encoding="utf-8"), re.S)
    return [block for block in blocks if "DerivClient(" in block]


def promised_output(example: str) -> list[str]:
    """The ``# comment`` after each print(...) line: what the example says it prints."""
    return [
        line.split("  # ", 1)[1].strip()
        for line in example.splitlines()
        if line.strip().startswith("print(") and "  # " in line
    ]


def test_the_client_readme_has_a_short_example() -> None:
    examples = client_examples(ROOT / "client" / "README.md")
    assert len(examples) == 1
    assert len(examples[0].strip().splitlines()) <= 12
    assert DOCUMENTED_URL in examples[0]


@pytest.mark.parametrize("readme", READMES, ids=[str(path.relative_to(ROOT)) for path in READMES])
def test_the_readme_example_prints_what_it_promises(readme: Path, live_server: str) -> None:
    for example in client_examples(readme):
        code = example.replace(DOCUMENTED_URL, live_server)
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines() == promised_output(example)


def install_offline(python: Path, tmp_path: Path) -> None:
    """Install the client into the environment of ``python`` without a package index.

    The client is built into a wheel here, from a copy (so that the build leaves nothing in
    the working tree) and with this environment's setuptools; its dependencies are copied from
    this environment, each as installed (the files its RECORD lists). pip then installs the
    wheel with ``--no-index`` and ``--isolated`` (no configured index or find-links): it fails
    if the client needed anything more.
    """
    source = shutil.copytree(
        ROOT / "client",
        tmp_path / "client",
        ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"),
    )
    wheels = tmp_path / "wheels"
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            *PIP_OFFLINE,
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(wheels),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (site_packages,) = (python.parent.parent / "lib").glob("python3*/site-packages")
    requirements = tomllib.loads((source / "pyproject.toml").read_text())["project"]
    for name in dependency_closure(requirements["dependencies"]):
        copy_distribution(name, site_packages)
    install = subprocess.run(
        [str(python), "-m", "pip", "install", *PIP_OFFLINE, *wheels.glob("*.whl")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert install.returncode == 0, install.stdout + install.stderr


def dependency_closure(requirements: list[str]) -> set[str]:
    """The names of the distributions ``requirements`` need, transitively, as installed here."""
    names: set[str] = set()
    pending = [Requirement(text) for text in requirements]
    while pending:
        requirement = pending.pop()
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
            continue
        if requirement.name.lower() in names:
            continue
        names.add(requirement.name.lower())
        pending.extend(Requirement(text) for text in metadata.requires(requirement.name) or [])
    return names


def copy_distribution(name: str, site_packages: Path) -> None:
    """Copy the installed distribution ``name`` into ``site_packages`` (its scripts aside)."""
    distribution = metadata.distribution(name)
    for file in distribution.files or []:
        if file.parts[0] == ".." or file.suffix == ".pyc":
            continue
        target = site_packages / file
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(Path(str(distribution.locate_file(file))), target)


def test_a_clean_virtual_environment_installs_the_client_and_runs_the_example(
    live_server: str, tmp_path: Path
) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    install_offline(python, tmp_path)
    installed = subprocess.run(
        [str(python), "-m", "pip", "--isolated", "list", "--format=freeze"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    names = {line.split("==")[0].lower() for line in installed.splitlines()}
    assert names - {"pip", "setuptools"} == {
        "deriv-client",
        "requests",
        "urllib3",
        "idna",
        "certifi",
        "charset-normalizer",
    }
    typed = subprocess.run(
        [str(python), "-c", CHECK_PY_TYPED],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert typed.stdout.strip() == "True", typed.stderr
    (example,) = client_examples(ROOT / "client" / "README.md")
    result = subprocess.run(
        [str(python), "-c", example.replace(DOCUMENTED_URL, live_server)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == promised_output(example)
