"""GET /docs in a real headless Chromium: it loads offline, lists the operations, and a
"Try it out" call of /v1/derivative answers 200 with the derivative.

The screenshot is written to pytest's temporary directory (outside the repository); set
DERIV_DOCS_SCREENSHOT to a path to keep it somewhere else.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from tests.contract.openapi import spec
from tests.e2e.browser import WAIT_SECONDS, chromium, console_errors, foreign_loads

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    """Headless Chromium with a fresh profile."""
    with chromium(tmp_path_factory.mktemp("chromium-profile")) as driver:
        yield driver


@pytest.fixture(scope="module")
def docs_page(browser: WebDriver, live_server: str) -> WebDriver:
    """The /docs page of the live server, once Swagger UI has rendered the operations."""
    browser.get(f"{live_server}/docs")
    WebDriverWait(browser, WAIT_SECONDS).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, ".opblock"))
    )
    return browser


def _screenshot_path(tmp_path: Path) -> Path:
    return Path(os.environ.get("DERIV_DOCS_SCREENSHOT", tmp_path / "docs.png"))


def test_the_page_lists_every_operation_of_the_contract(docs_page: WebDriver) -> None:
    blocks = docs_page.find_elements(By.CSS_SELECTOR, ".opblock")
    shown = {str(element.get_attribute("id")) for element in blocks}
    expected = {
        f"operations-{operation['tags'][0]}-{operation['operationId']}"
        for item in spec()["paths"].values()
        for operation in item.values()
    }
    assert shown == expected
    assert "Deriv" in docs_page.find_element(By.CSS_SELECTOR, ".info .title").text


def test_the_page_loads_nothing_from_another_origin(docs_page: WebDriver, live_server: str) -> None:
    assert foreign_loads(docs_page, live_server) == set()
    assert console_errors(docs_page) == []


def test_try_it_out_of_the_derivative_answers_200_with_the_derivative(
    docs_page: WebDriver, live_server: str, tmp_path: Path
) -> None:
    wait = WebDriverWait(docs_page, WAIT_SECONDS)
    block = docs_page.find_element(By.CSS_SELECTOR, "[id$='-derivative']")
    block.find_element(By.CSS_SELECTOR, ".opblock-summary").click()
    wait.until(lambda _: block.find_elements(By.CSS_SELECTOR, ".try-out__btn"))
    block.find_element(By.CSS_SELECTOR, ".try-out__btn").click()
    body = wait.until(lambda _: block.find_element(By.CSS_SELECTOR, "textarea.body-param__text"))
    assert '"x^2 sin x"' in str(body.get_attribute("value"))
    block.find_element(By.CSS_SELECTOR, "button.execute").click()
    status = wait.until(
        lambda _: block.find_element(By.CSS_SELECTOR, ".live-responses-table tr.response")
    ).find_element(By.CSS_SELECTOR, ".response-col_status")
    answer = block.find_element(
        By.CSS_SELECTOR, ".live-responses-table tr.response .response-col_description pre"
    ).text
    docs_page.execute_script("arguments[0].scrollIntoView()", status)
    docs_page.save_screenshot(str(_screenshot_path(tmp_path)))
    assert status.text.strip() == "200", answer
    expected = requests.post(
        f"{live_server}/v1/derivative", json={"expression": "x^2 sin x"}, timeout=10
    ).json()
    assert json.loads(answer)["derivative"] == expected["derivative"]
