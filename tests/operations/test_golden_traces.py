"""Twenty textbook traces, read line by line as a student reads them (tests/data/golden-traces.txt).

The file is the reviewed reading of each trace: every step's rule, what it differentiates,
the result shown, the assembled line and the sentence. A change to any of them shows up as
a diff of that file in review. After a deliberate change, rewrite it with
``python -m tests.operations.test_golden_traces`` and read the diff before committing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.operations.bodies import run
from tests.unhurried import UNHURRIED

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "golden-traces.txt"

PROBLEMS: list[dict[str, Any]] = [
    {"expression": "3x^4 - 5x^2 + 7x - 2"},
    {"expression": "x^3 cos x"},
    {"expression": "(2x+1)/(x^2+1)"},
    {"expression": "sqrt(3x^2 + 1)"},
    {"expression": "sin(2x)^3"},
    {"expression": "e^(x^2) ln x"},
    {"expression": "x^x"},
    {"expression": "(sin x)^x"},
    {"expression": "tan(5x)"},
    {"expression": "ln(cos x)"},
    {"expression": "x/(x+1)^2"},
    {"expression": "e^x/x^3"},
    {"expression": "sin x / cos x"},
    {"expression": "5/sqrt(x)"},
    {"expression": "x^(2/3)"},
    {"expression": "log(x, 2)"},
    {"expression": "atan(x^2)"},
    {"expression": "1/(1 + e^(-x))"},
    {"expression": "x^2 e^x sin x"},
    {"expression": "tan x", "order": 2},
]


def reading(body: dict[str, Any]) -> str:
    """The trace of one problem as indented lines of plain text."""
    order = body.get("order", 1)
    lines = [f"## {body['expression']} (order {order})"]
    for item in run("trace", body, UNHURRIED)["traces"]:
        lines.append(f"# trace of order {item['order']}")
        lines.extend(_step_lines(item["trace"], 0))
    return "\n".join(lines)


def _step_lines(step: dict[str, Any], depth: int) -> list[str]:
    pad = "  " * depth
    lines = [
        f"{pad}[{step['rule']}] d/d{step['variable']} {step['expression']['text']}"
        f" = {step['result']['text']}"
    ]
    if "assembled" in step:
        lines.append(f"{pad}    assembled: {step['assembled']['text']}")
    lines.append(f"{pad}    {step['explanation']}")
    for sub in step["substeps"]:
        lines.extend(_step_lines(sub, depth + 1))
    return lines


def golden_text() -> str:
    """The whole golden file as the service reads the twenty problems today."""
    return "\n\n".join(reading(body) for body in PROBLEMS) + "\n"


def test_the_twenty_textbook_traces_read_as_reviewed() -> None:
    assert golden_text() == GOLDEN.read_text()


if __name__ == "__main__":
    GOLDEN.write_text(golden_text())
