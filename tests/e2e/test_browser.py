"""A page on another origin calls the local stack from Debian's Chromium, headless: what CORS
promises is only proven by a browser, which enforces it (requests would read any answer)."""

from __future__ import annotations

import json
import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.wait import WebDriverWait

from tests.e2e.conftest import RunningStack, stack_while_testing
from tests.e2e.test_local_stack import cli_token

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
# No sandbox (root in a container), and nothing that would reach the network on its own.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
PAGES = Path(__file__).parent / "pages"
PAGE = "front_end.html"
PAGE_TIMEOUT_SECONDS = 30
PLATFORM = "sx-04-11"
TITLE = "毕业后怎么找工作"


def chromium_or_skip() -> None:
    """Outside CI a missing browser skips, naming the packages; in CI it fails."""
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.exists()]
    if missing:
        message = (
            f"{' and '.join(missing)} missing: install Debian's packages chromium and "
            "chromium-driver (apt-get install -y chromium chromium-driver; `make test` does "
            "it when run as root)"
        )
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[webdriver.Chrome]:
    chromium_or_skip()
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={tempfile.mkdtemp(dir=tmp_path)}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    yield driver
    driver.quit()


class PageFiles(SimpleHTTPRequestHandler):
    """Serves the test pages, quietly: pytest shows the output of failing tests only."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, directory=str(PAGES), **kwargs)

    def log_message(self, format: str, *args: Any) -> None:
        """Nothing to log: a page that is not found shows in the test's own assertion."""


@contextmanager
def page_origin() -> Iterator[str]:
    """An origin of its own (a port of its own) serving the test pages."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), PageFiles)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def origins() -> Iterator[tuple[str, str]]:
    """Two page origins: the first is the one the stack will list."""
    with ExitStack() as both:
        yield both.enter_context(page_origin()), both.enter_context(page_origin())


@pytest.fixture
def listing_one_origin(local_dir: Path, origins: tuple[str, str]) -> Iterator[RunningStack]:
    allowed, _ = origins
    settings = {"CORS_ALLOWED_ORIGINS": allowed}
    yield from stack_while_testing(local_dir, settings)


def run_page(browser: WebDriver, url: str) -> Any:
    """Load the page and wait, a bounded time, for the outcome its script reports."""
    browser.get(url)
    report = WebDriverWait(browser, PAGE_TIMEOUT_SECONDS, poll_frequency=0.1).until(
        lambda driver: driver.find_element(By.ID, "report").text
    )
    return json.loads(report)


def console_of(browser: webdriver.Chrome) -> list[str]:
    """What pages wrote to the console, errors the browser raised included."""
    entries: list[dict[str, Any]] = browser.get_log("browser")  # type: ignore[no-untyped-call]
    return [entry["message"] for entry in entries]


def test_a_page_on_a_listed_origin_asks_reads_and_lists_and_another_origin_is_refused(
    browser: webdriver.Chrome,
    origins: tuple[str, str],
    listing_one_origin: RunningStack,
    local_dir: Path,
) -> None:
    allowed, refused = origins
    token = cli_token(local_dir, "--sub", "browser-youth", "--role", "youth")
    query = urlencode({"api": listing_one_origin.url, "token": token, "platform": PLATFORM})
    # Given the page served from an origin the stage does not list
    # When its script asks a question
    outcome = run_page(browser, f"{refused}/{PAGE}?{query}")
    # Then the browser refuses the preflight: fetch fails, and the console says why
    assert outcome == {"error": "TypeError: Failed to fetch"}
    console = console_of(browser)
    blocked = [line for line in console if "blocked by CORS policy" in line]
    assert blocked, console
    assert f"from origin '{refused}'" in blocked[0]
    # When the same page, served from the listed origin, asks, reads and lists
    outcome = run_page(browser, f"{allowed}/{PAGE}?{query}")
    # Then every call was answered and its body read by the page
    assert "error" not in outcome, outcome
    asked, read, listed = outcome["asked"], outcome["read"], outcome["listed"]
    assert asked["status"] == 201, asked
    assert asked["body"]["assignees"], "experts were invited"
    assert read["status"] == 200, read
    assert (read["body"]["id"], read["body"]["title"]) == (asked["body"]["id"], TITLE)
    # And the feed holds this question alone: the refused page's ask never reached the service
    assert listed["status"] == 200, listed
    assert [item["id"] for item in listed["body"]["items"]] == [asked["body"]["id"]]
    # And the page may read the cache validator the API exposes to scripts
    assert outcome["topics"]["status"] == 200
    assert outcome["topics"]["etag"]
