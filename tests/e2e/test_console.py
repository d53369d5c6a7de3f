"""The web console (web/, served at /console/) in Debian's Chromium, headless: a young person
signs in, asks and finds the question in their list; an anonymous reader finds it in the feed,
opens it and searches for it. Every screen is checked by axe-core and saved under build/screens/.
"""

from __future__ import annotations

import http.client
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.wait import WebDriverWait

from tests.conftest import ROOT
from tests.e2e.conftest import RunningStack
from tests.e2e.test_browser import CHROMEDRIVER, CHROMIUM, CHROMIUM_FLAGS, chromium_or_skip

SITE = ROOT / "web" / "dist"
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
SCREENS = ROOT / "build" / "screens"
PHONE = (412, 915)
DESK = (1280, 900)
WAIT_SECONDS = 20
PROJECTION_SECONDS = 20
TITLE = "毕业后怎么找工作"
BODY = "大四了，投了很多简历都没有回音，应该怎么准备？"
PEER_ANSWER = "多去学校的招聘会，也可以先找实习积累经验。"
BLOCKING_IMPACTS = {"serious", "critical"}
RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ["violations"]}).then(
  (result) => done(result.violations.map((v) => ({id: v.id, impact: v.impact,
    nodes: v.nodes.map((n) => n.target.join(" "))}))),
  (error) => done([{id: "axe failed", impact: "critical", nodes: [String(error)]}]));
"""


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[webdriver.Chrome]:
    chromium_or_skip()
    if not (SITE / "index.html").is_file() or not AXE.is_file():
        pytest.fail("the console is not built: run `make web`", pytrace=False)
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={tempfile.mkdtemp(dir=tmp_path)}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    driver.set_window_size(*PHONE)
    driver.set_script_timeout(WAIT_SECONDS)
    yield driver
    driver.quit()


def showing(browser: webdriver.Chrome, text: str) -> None:
    """Wait, a bounded time, until the page's main area shows `text`."""
    WebDriverWait(browser, WAIT_SECONDS, poll_frequency=0.1).until(
        lambda driver: text in driver.find_element(By.TAG_NAME, "main").text
    )


def screen(browser: webdriver.Chrome, name: str) -> None:
    """Save the screen, then hold it to axe-core: no serious or critical violation."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENS / f"{name}.png"))
    if not browser.execute_script("return typeof axe !== 'undefined'"):
        browser.execute_script(AXE.read_text())
    violations: list[dict[str, Any]] = browser.execute_async_script(RUN_AXE)
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"{name}: {blocking}"


def projected(fetch: Callable[[], bool]) -> None:
    """Projections lag writes: ask the API, a bounded time, before the browser looks (it would
    keep a public answer it read too early in its cache)."""
    deadline = time.monotonic() + PROJECTION_SECONDS
    while not fetch():
        assert time.monotonic() < deadline, "the projection never caught up"
        time.sleep(0.2)


def peer_answers(stack: RunningStack, question_id: str) -> None:
    """Another young person answers, through the API with a token from the dev sign-in."""
    signed = requests.post(
        f"{stack.url}/local/sign-in",
        json={"sub": "peer-youth", "role": "youth", "platform": None},
        timeout=10,
    )
    assert signed.status_code == 200, signed.text
    answered = requests.post(
        f"{stack.url}/questions/{question_id}/answers",
        json={"body": PEER_ANSWER},
        headers={"Authorization": f"Bearer {signed.json()['token']}"},
        timeout=10,
    )
    assert answered.status_code == 201, answered.text


def test_the_stack_serves_the_console_a_page_for_every_path_and_nothing_beside_it(
    shared: RunningStack,
) -> None:
    console = f"{shared.url}/console"
    # When a client-side path and the script are asked for
    page = requests.get(f"{console}/q/some-question", timeout=10)
    script = requests.get(f"{console}/app.js", timeout=10)
    # Then the path is answered with the page, the script as JavaScript, both under a policy
    # that lets the page load only its own files and call only its own origin
    assert page.status_code == 200
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert '<div id="app">' in page.text
    assert script.headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert "connect-src 'self'" in page.headers["Content-Security-Policy"]
    # And a path climbing out of the built site gets the page, not the file it names
    host = urlsplit(shared.url)
    connection = http.client.HTTPConnection(host.hostname or "", host.port, timeout=10)
    connection.request("GET", "/console/../pyproject.toml")
    climbed = connection.getresponse().read().decode()
    connection.close()
    assert '<div id="app">' in climbed
    assert "[project]" not in climbed


def test_a_young_person_asks_in_the_console_and_a_reader_finds_it(
    browser: webdriver.Chrome, shared: RunningStack
) -> None:
    console = f"{shared.url}/console"
    # Given the development sign-in of the local stack
    browser.get(f"{console}/sign-in")
    showing(browser, "开发登录")
    screen(browser, "1-sign-in")
    # When a young person signs in, types a title, and asks
    browser.find_element(By.NAME, "sub").clear()
    browser.find_element(By.NAME, "sub").send_keys("console-youth")
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    showing(browser, "详细描述")
    browser.find_element(By.NAME, "title").send_keys(TITLE)
    browser.find_element(By.NAME, "body").send_keys(BODY)
    Select(browser.find_element(By.NAME, "topic")).select_by_value("employment")
    screen(browser, "2-ask")
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    # Then the question is in their list, open
    showing(browser, TITLE)
    assert browser.current_url == f"{console}/mine"
    assert "待回答" in browser.find_element(By.TAG_NAME, "main").text
    screen(browser, "3-my-questions")
    question_id = browser.find_element(By.CSS_SELECTOR, "a.question-title").get_attribute("href")
    assert question_id is not None
    question_id = question_id.rsplit("/", 1)[1]
    peer_answers(shared, question_id)

    # When they sign out and an anonymous reader opens the newest questions of the province
    browser.find_element(By.XPATH, "//button[starts-with(text(), '退出')]").click()
    feed = f"{shared.url}/questions?platform_id=sx"
    projected(lambda: bool(requests.get(feed, timeout=10).json()["items"]))
    browser.get(f"{console}/")
    # Then the question is there with its topic's name, and the page speaks English on request
    showing(browser, TITLE)
    assert "就业创业" in browser.find_element(By.TAG_NAME, "main").text
    screen(browser, "4-feed")
    browser.set_window_size(*DESK)
    browser.find_element(By.XPATH, "//button[text()='English']").click()
    showing(browser, "Employment")
    screen(browser, "5-feed-english-wide")
    browser.find_element(By.XPATH, "//button[text()='中文']").click()
    browser.set_window_size(*PHONE)
    # When the reader opens it
    browser.find_element(By.LINK_TEXT, TITLE).click()
    # Then the question shows with the peer answer, its author by display name
    showing(browser, PEER_ANSWER)
    page = browser.find_element(By.TAG_NAME, "main").text
    assert BODY in page
    assert "青年·" in page
    assert "peer-youth" not in page
    screen(browser, "6-question")
    # When the reader searches for it
    search = f"{shared.url}/search?q=找工作"
    projected(lambda: bool(requests.get(search, timeout=10).json()["items"]))
    browser.get(f"{console}/search?q=找工作")
    # Then it is found, with the words matched marked
    showing(browser, TITLE)
    marked = [mark.text for mark in browser.find_elements(By.TAG_NAME, "mark")]
    assert marked, "no highlight"
    assert all(text in TITLE + BODY for text in marked), marked
    screen(browser, "7-search")
