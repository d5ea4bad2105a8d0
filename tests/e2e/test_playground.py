"""GET / in a real headless Chromium: a teacher types x^3 - 3x and reads the whole answer.

The page must show what was read, the derivative, the trace, the inflection point and the
plot, load nothing from another origin, log no console error, and show a parse error next to
the field with its caret. Screenshots go to pytest's temporary directory (outside the
repository); set DERIV_PLAYGROUND_SCREENSHOT to a directory to keep them.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from tests.e2e.browser import WAIT_SECONDS, chromium, console_errors, foreign_loads

pytestmark = pytest.mark.slow

CUBIC = "x^3 - 3x"


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory, live_server: str) -> Iterator[WebDriver]:
    """The playground after typing the cubic into the field and pressing Enter."""
    with chromium(tmp_path_factory.mktemp("chromium-profile")) as driver:
        driver.get(f"{live_server}/")
        wait = WebDriverWait(driver, WAIT_SECONDS)
        wait.until(lambda d: d.find_element(By.ID, "status").text == "Done.")
        field = driver.find_element(By.ID, "expression")
        field.clear()
        field.send_keys(CUBIC, Keys.ENTER)
        wait.until(lambda d: d.find_element(By.ID, "status").text == "Done.")
        yield driver


def _screenshots(tmp_path: Path) -> Path:
    kept = os.environ.get("DERIV_PLAYGROUND_SCREENSHOT")
    return Path(kept) if kept else tmp_path


def math_text(mathml: str) -> str:
    """The characters of a MathML string, as a browser's textContent gives them."""
    return "".join(ET.fromstring(mathml).itertext())  # noqa: S314 (the service's own output)


def section_text(driver: WebDriver, section: str) -> str:
    return str(driver.find_element(By.ID, f"{section}-body").get_attribute("textContent"))


def test_the_page_shows_the_reading_and_the_derivative(page: WebDriver, live_server: str) -> None:
    answer = requests.post(
        f"{live_server}/v1/derivative", json={"expression": CUBIC}, timeout=10
    ).json()
    assert math_text(answer["input"]["mathml"]) in section_text(page, "reading")
    derivative = page.find_element(By.CSS_SELECTOR, "#derivative-body math")
    assert derivative.get_attribute("textContent") == math_text(answer["derivative"]["mathml"])


def test_the_trace_is_a_tree_with_the_explanations(page: WebDriver, live_server: str) -> None:
    trace = requests.post(f"{live_server}/v1/trace", json={"expression": CUBIC}, timeout=10).json()
    root = trace["traces"][0]["trace"]
    steps = page.find_elements(By.CSS_SELECTOR, "#steps-body details")
    assert len(steps) >= 1 + len(root["substeps"])
    assert root["explanation"] in section_text(page, "steps")


def test_the_shape_lists_the_inflection_point_and_the_extrema(page: WebDriver) -> None:
    shape = section_text(page, "shape")
    assert "Inflection points: 0" in shape
    assert "maximum" in shape
    assert "minimum" in shape


def test_the_plot_is_shown_with_its_words_as_alt_text(page: WebDriver, tmp_path: Path) -> None:
    image = page.find_element(By.CSS_SELECTOR, "#plot-body img")
    assert page.execute_script("return arguments[0].naturalWidth", image) > 0
    alt = str(image.get_attribute("alt"))
    assert "inflection point at (0, 0)" in alt
    assert "local maximum at (-1, 2)" in alt
    page.execute_script("arguments[0].scrollIntoView()", image)
    directory = _screenshots(tmp_path)
    page.save_screenshot(str(directory / "playground.png"))
    image.screenshot(str(directory / "plot.png"))


def test_the_page_stays_on_its_origin_without_console_errors(
    page: WebDriver, live_server: str
) -> None:
    assert foreign_loads(page, live_server) == set()
    assert console_errors(page) == []


def test_a_parse_error_is_shown_at_the_field_with_a_caret(page: WebDriver) -> None:
    field = page.find_element(By.ID, "expression")
    field.clear()
    field.send_keys("x^2 + sinn(x)", Keys.ENTER)
    error = page.find_element(By.ID, "expression-error")
    WebDriverWait(page, WAIT_SECONDS).until(lambda _: error.is_displayed())
    lines = error.text.splitlines()
    assert lines[0] == "x^2 + sinn(x)"
    assert lines[1] == " " * 6 + "^"
    assert "sin" in lines[2]
    assert field.get_attribute("aria-invalid") == "true"
