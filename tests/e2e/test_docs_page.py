"""GET /docs in a real headless Chromium: it loads offline, lists the operations, and a
"Try it out" call of /v1/derivative answers 200 with the derivative.

The screenshot is written to pytest's temporary directory (outside the repository); set
DERIV_DOCS_SCREENSHOT to a path to keep it somewhere else.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from tests.contract.openapi import spec

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,2000",
)

if not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)):
    pytest.skip(
        "Debian's chromium and chromium-driver are not installed (.ci/run installs them)",
        allow_module_level=True,
    )

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

WAIT_SECONDS = 30


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    """Headless Chromium with a fresh profile, driven by Debian's chromedriver."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()


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
    origin = urlsplit(live_server).netloc
    loaded = docs_page.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    assert loaded, "the page loaded no resources at all"
    assert {urlsplit(url).netloc for url in loaded if not url.startswith("data:")} == {origin}
    errors = [
        entry["message"] for entry in docs_page.get_log("browser") if entry["level"] == "SEVERE"
    ]
    assert errors == []


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
