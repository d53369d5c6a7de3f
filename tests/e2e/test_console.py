"""The web console (web/, served at /console/) in Debian's Chromium, headless: a young person
signs in, asks and finds the question in their list; an invited expert answers it from their
invitations; the asker sees the notification; an anonymous reader finds it in the feed, opens it
and searches for it. Every screen is checked by axe-core and saved under build/screens/.
"""

from __future__ import annotations

import http.client
import shutil
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
OFFICIAL_ANSWER = "可以关注校园招聘会和省人才网，先把简历按岗位改一改。"
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


def token(stack: RunningStack, sub: str, role: str, platform: str | None = None) -> str:
    """A token from the development sign-in the console uses."""
    signed = requests.post(
        f"{stack.url}/local/sign-in",
        json={"sub": sub, "role": role, "platform": platform},
        timeout=10,
    )
    assert signed.status_code == 200, signed.text
    bearer: str = signed.json()["token"]
    return bearer


def api(stack: RunningStack, bearer: str, method: str, path: str, **body: Any) -> Any:
    answer = requests.request(
        method,
        f"{stack.url}{path}",
        json=body or None,
        headers={"Authorization": f"Bearer {bearer}"},
        timeout=10,
    )
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


def sign_in(browser: webdriver.Chrome, console: str, sub: str, role: str, platform: str) -> None:
    browser.get(f"{console}/sign-in")
    showing(browser, "开发登录")
    for name, value in (("sub", sub), ("platform", platform)):
        browser.find_element(By.NAME, name).clear()
        browser.find_element(By.NAME, name).send_keys(value)
    Select(browser.find_element(By.NAME, "role")).select_by_value(role)
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()


def sign_out(browser: webdriver.Chrome) -> None:
    browser.find_element(By.XPATH, "//button[starts-with(text(), '退出')]").click()


def test_the_stack_serves_the_console_a_page_for_every_path_and_nothing_beside_it(
    shared: RunningStack,
) -> None:
    console = f"{shared.url}/console"
    # Given the stack's start, which named the console's address under its ready line
    shared.settle()
    assert f"Console: {console}/\n" in shared.output
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
    # And HEAD answers the page's headers alone
    head = requests.head(f"{console}/", timeout=10)
    assert (head.status_code, head.headers["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert head.content == b""
    # And a path climbing out of the built site gets the page, not the file it names
    host = urlsplit(shared.url)
    connection = http.client.HTTPConnection(host.hostname or "", host.port, timeout=10)
    connection.request("GET", "/console/../pyproject.toml")
    climbed = connection.getresponse().read().decode()
    connection.close()
    assert '<div id="app">' in climbed
    assert "[project]" not in climbed


def a_young_person_asks(browser: webdriver.Chrome, console: str) -> str:
    """Signs in, types a title, asks; the question's id."""
    # Given the development sign-in of the local stack
    browser.get(f"{console}/sign-in")
    showing(browser, "开发登录")
    screen(browser, "1-sign-in")
    # When a young person signs in, types a title, and asks
    sign_in(browser, console, "console-youth", "youth", "sx")
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
    link = browser.find_element(By.CSS_SELECTOR, "a.question-title").get_attribute("href")
    assert link is not None
    sign_out(browser)
    return link.rsplit("/", 1)[1]


def an_expert_answers(browser: webdriver.Chrome, stack: RunningStack, question_id: str) -> str:
    """One of the experts invited answers from their invitations; their display name."""
    asked = api(stack, token(stack, "console-youth", "youth"), "GET", f"/questions/{question_id}")
    admin = token(stack, "console-admin", "admin")
    expert = api(stack, admin, "GET", f"/experts/{asked['assignees'][0]}")
    # When the expert signs in, the invitation shows; they answer it
    sign_in(browser, f"{stack.url}/console", expert["user_id"], "expert", expert["platform_id"])
    showing(browser, TITLE)
    screen(browser, "4-invitations")
    browser.find_element(By.NAME, "answer").send_keys(OFFICIAL_ANSWER)
    browser.find_element(By.XPATH, "//button[text()='回答']").click()
    # Then the invitation is answered
    showing(browser, "已回答")
    sign_out(browser)
    name: str = expert["name"]
    return name


def the_asker_is_told(browser: webdriver.Chrome, stack: RunningStack) -> None:
    asker = token(stack, "console-youth", "youth")
    projected(lambda: bool(api(stack, asker, "GET", "/me/notifications")["items"]))
    # When the asker signs in again and opens their notifications
    sign_in(browser, f"{stack.url}/console", "console-youth", "youth", "sx")
    showing(browser, "详细描述")
    browser.find_element(By.LINK_TEXT, "通知").click()
    # Then the answered question is there
    showing(browser, TITLE)
    screen(browser, "5-notifications")
    # When they start another question with a title like the answered one
    similar = f"{stack.url}/questions/similar?title=找工作怎么准备"
    projected(lambda: bool(requests.get(similar, timeout=10).json()["items"]))
    browser.find_element(By.LINK_TEXT, "我要提问").click()
    browser.find_element(By.NAME, "title").send_keys("找工作怎么准备")
    # Then the answered question is offered while they type
    showing(browser, "相似的已答问题")
    assert TITLE in browser.find_element(By.CSS_SELECTOR, ".similar").text
    screen(browser, "5-similar-while-asking")
    sign_out(browser)


def a_reader_finds_it(browser: webdriver.Chrome, stack: RunningStack, expert_name: str) -> None:
    console = f"{stack.url}/console"
    feed = f"{stack.url}/questions?platform_id=sx"
    projected(lambda: bool(requests.get(feed, timeout=10).json()["items"]))
    # When an anonymous reader opens the newest questions of the province
    browser.get(f"{console}/")
    # Then the question is there with its topic's name, and the page speaks English on request
    showing(browser, TITLE)
    assert "就业创业" in browser.find_element(By.TAG_NAME, "main").text
    screen(browser, "6-feed")
    browser.set_window_size(*DESK)
    browser.find_element(By.XPATH, "//button[text()='English']").click()
    showing(browser, "Employment")
    screen(browser, "7-feed-english-wide")
    browser.find_element(By.XPATH, "//button[text()='中文']").click()
    browser.set_window_size(*PHONE)
    # When the reader opens it
    browser.find_element(By.LINK_TEXT, TITLE).click()
    # Then the question shows with the official and the peer answer, authors by display name
    showing(browser, PEER_ANSWER)
    page = browser.find_element(By.TAG_NAME, "main").text
    assert BODY in page
    assert OFFICIAL_ANSWER in page
    assert expert_name in page
    assert "青年·" in page
    assert "peer-youth" not in page
    screen(browser, "8-question")
    # When the reader searches for it
    search = f"{stack.url}/search?q=找工作"
    projected(lambda: bool(requests.get(search, timeout=10).json()["items"]))
    browser.get(f"{console}/search?q=找工作")
    # Then it is found, with the words matched marked
    showing(browser, TITLE)
    marked = [mark.text for mark in browser.find_elements(By.TAG_NAME, "mark")]
    assert marked, "no highlight"
    assert all(text in TITLE + BODY for text in marked), marked
    screen(browser, "9-search")


def test_a_question_asked_in_the_console_is_answered_there_and_found_by_a_reader(
    browser: webdriver.Chrome, shared: RunningStack
) -> None:
    # The screens of this run only: a screen no longer taken must not linger to be looked at
    shutil.rmtree(SCREENS, ignore_errors=True)
    question_id = a_young_person_asks(browser, f"{shared.url}/console")
    # Another young person answers it (青帮青), through the API
    peer = token(shared, "peer-youth", "youth")
    api(shared, peer, "POST", f"/questions/{question_id}/answers", body=PEER_ANSWER)
    expert_name = an_expert_answers(browser, shared, question_id)
    the_asker_is_told(browser, shared)
    a_reader_finds_it(browser, shared, expert_name)
