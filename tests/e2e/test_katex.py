"""The LaTeX a learning platform typesets, typeset by KaTeX in a real headless Chromium.

For the twenty golden traces (tests/data/golden-traces.txt) every ``latex`` field (expression,
result, assembled line), every ``formula`` and every ``explanation_latex``; the message_latex
of /v1/check feedback for each catalogue mistake of the README; and the formulas of
/v1/rules. Plain LaTeX is rendered with ``katex.render``; sentences with KaTeX's auto-render
extension and ``$…$`` delimiters, as an LMS page does. Both throw on any error and on
non-strict input (``strict: "error"``), and a sentence must come out with every ``$…$``
typeset and no ``$`` or backslash left in its prose. KaTeX is vendored in tests/e2e/katex
(see its README): nothing is fetched at run time.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from selenium.webdriver.remote.webdriver import WebDriver

from tests.e2e.browser import chromium, console_errors
from tests.operations.test_golden_traces import GOLDEN, PROBLEMS

pytestmark = pytest.mark.slow

KATEX = Path(__file__).resolve().parent / "katex"
CHECK_MISTAKES = [
    ("x^2 sin x", "2x cos x", "product_of_derivatives"),
    ("(x^2+1)/(x-3)", "2x", "quotient_of_derivatives"),
    ("sin(x)/x", "(sin x - x cos x)/x^2", "quotient_sign_error"),
    ("(x^2+1)/(x-3)", "(2x*(x-3) - (x^2+1))/(x-3)", "quotient_missing_square"),
    ("sin(x^2)", "cos(x^2)", "missing_chain_factor"),
    ("x^3", "3x^3", "power_rule_exponent"),
    ("2^x", "x*2^(x-1)", "power_rule_on_exponential"),
    ("cos x", "sin x", "trig_sign_error"),
    ("x^2 + 5", "2x + 5", "constant_term_kept"),
    ("x^3", "6x", "wrong_order"),
    ("x^3", "5x", "incorrect"),
]
"""The README's catalogue examples: a function, a wrong answer and the code it gets."""

TYPESET = """
const [formulas, sentences] = arguments;
const options = {throwOnError: true, strict: "error"};
const errors = [];
for (const [where, tex] of formulas) {
  const box = document.createElement("span");
  document.body.append(box);
  try { katex.render(tex, box, options); }
  catch (error) { errors.push(`${where}: ${error.message} in ${tex}`); }
}
for (const [where, sentence, pieces] of sentences) {
  const box = document.createElement("p");
  box.textContent = sentence;
  document.body.append(box);
  renderMathInElement(box, {
    ...options,
    delimiters: [{left: "$", right: "$", display: false}],
    errorCallback: (message, error) => errors.push(`${where}: ${message} ${error}`),
  });
  const typeset = box.querySelectorAll(".katex").length;
  const prose = [...box.childNodes]
    .filter((node) => node.nodeType === Node.TEXT_NODE)
    .map((node) => node.textContent).join("");
  if (typeset !== pieces) errors.push(`${where}: ${typeset} of ${pieces} pieces typeset`);
  if (/[$\\\\]/.test(prose)) errors.push(`${where}: LaTeX left in the prose: ${prose}`);
}
return errors;
"""


@pytest.fixture(scope="module")
def katex_page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    """A blank local page with the vendored KaTeX and its auto-render extension loaded."""
    folder = tmp_path_factory.mktemp("katex-page")
    page = folder / "katex.html"
    scripts = "".join(
        f'<script src="{(KATEX / name).as_uri()}"></script>'
        for name in ("katex.min.js", "auto-render.min.js")
    )
    page.write_text(f'<!doctype html><html><head><meta charset="utf-8">{scripts}</head><body>')
    with chromium(tmp_path_factory.mktemp("chromium-profile")) as driver:
        driver.get(page.as_uri())
        assert driver.execute_script("return typeof katex.render + typeof renderMathInElement") == (
            "functionfunction"
        )
        yield driver


def typeset_errors(
    driver: WebDriver, formulas: list[tuple[str, str]], sentences: list[tuple[str, str]]
) -> list[str]:
    """What KaTeX refused, one line each (``where: why``); empty when everything typeset."""
    pieces = [(where, text, text.count("$") // 2) for where, text in sentences]
    odd = [f"{where}: an odd number of $" for where, text in sentences if text.count("$") % 2]
    errors: list[str] = driver.execute_script(TYPESET, formulas, pieces)
    return odd + errors + console_errors(driver)


def step_fields(step: dict[str, Any], where: str) -> Iterator[tuple[str, str, str]]:
    """(kind, where, text) for each LaTeX field of a step and its substeps."""
    for field in ("expression", "result", "assembled"):
        if field in step:
            yield "formula", f"{where} {field}", step[field]["latex"]
    yield "formula", f"{where} formula", step["formula"]
    yield "sentence", f"{where} explanation_latex", step["explanation_latex"]
    for i, sub in enumerate(step["substeps"]):
        yield from step_fields(sub, f"{where}.{i}")


def golden_fields(live_server: str) -> Iterator[tuple[str, str, str]]:
    for body in PROBLEMS:
        response = requests.post(f"{live_server}/v1/trace", json=body, timeout=30)
        assert response.status_code == 200, response.text
        answer = response.json()
        yield "formula", f"{body['expression']} derivative", answer["derivative"]["latex"]
        for item in answer["traces"]:
            yield from step_fields(item["trace"], f"{body['expression']} [{item['order']}]")


def feedback_fields(live_server: str) -> Iterator[tuple[str, str, str]]:
    for expression, answer, code in CHECK_MISTAKES:
        body = {"expression": expression, "answer": answer}
        response = requests.post(f"{live_server}/v1/check", json=body, timeout=30)
        assert response.status_code == 200, response.text
        feedback = response.json()["feedback"]
        assert code in [item["code"] for item in feedback]
        for item in feedback:
            yield "sentence", f"{expression} -> {answer} {item['code']}", item["message_latex"]


def split(fields: list[tuple[str, str, str]]) -> tuple[list[tuple[str, str]], ...]:
    formulas = [(where, text) for kind, where, text in fields if kind == "formula"]
    sentences = [(where, text) for kind, where, text in fields if kind == "sentence"]
    return formulas, sentences


def test_every_latex_field_and_explanation_of_the_golden_traces_typesets(
    katex_page: WebDriver, live_server: str
) -> None:
    formulas, sentences = split(list(golden_fields(live_server)))
    steps = [line for line in GOLDEN.read_text().splitlines() if line.lstrip().startswith("[")]
    assert len(sentences) == len(steps)  # every step of the twenty traces
    assert typeset_errors(katex_page, formulas, sentences) == []


def test_every_feedback_message_latex_typesets(katex_page: WebDriver, live_server: str) -> None:
    fields = list(feedback_fields(live_server))
    assert typeset_errors(katex_page, *split(fields)) == []


def test_every_rule_formula_typesets(katex_page: WebDriver, live_server: str) -> None:
    rules = requests.get(f"{live_server}/v1/rules", timeout=10).json()
    formulas = [(rule["rule"], rule["formula"]) for rule in rules]
    assert typeset_errors(katex_page, formulas, []) == []


def test_the_check_reports_what_katex_refuses(katex_page: WebDriver) -> None:
    formulas = [("unclosed", r"\frac{1}{x"), ("unknown", r"\sinn x"), ("fine", r"\ln x")]
    sentences = [
        ("dollar", r"The derivative is $\frac{1}{x}."),
        ("prose", r"The derivative of \ln x is $\frac{1}{x}$."),
        ("fine", r"The derivative of $\ln x$ is $\frac{1}{x}$."),
    ]
    errors = typeset_errors(katex_page, formulas, sentences)
    assert {error.split(":", 1)[0] for error in errors} == {
        "dollar",
        "unclosed",
        "unknown",
        "prose",
    }
