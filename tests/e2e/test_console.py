"""The web console (web/, served at /console/) in Debian's Chromium, headless: a young person
signs in, asks and finds the question in their list (an edit the API refuses shows its message
beside the field, in the page's language); an invited expert answers it from their invitations;
the asker sees the notification, accepts the answer and rates it; an anonymous reader finds it
in the feed, opens it and searches for it. Staff reassign an overdue question from the 督办 desk,
remove a held post from the moderation queue, download their statistics and check a young person
in at an activity by code. Every screen is checked by axe-core and saved under build/screens/.

The module's stack runs on a simulated clock, started at the real time: the desk's question
becomes overdue when the clock is moved past its deadline, not after days of waiting.
"""

from __future__ import annotations

import datetime as dt
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
from tests.e2e.conftest import RunningStack, stack_while_testing
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
RATING_COMMENT = "很有帮助，谢谢老师"
CITY = "sx-01"
LATE_TITLE = "太原市青年公寓怎么申请"
HELD_TITLE = "暑假想找一份兼职"
HELD_BODY = "听说有兼职日结的工作，靠谱吗？"
OVERDUE = dt.timedelta(hours=2)
ACTIVITY_TITLE = "求职简历工作坊"
BLOCKING_IMPACTS = {"serious", "critical"}
RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ["violations"]}).then(
  (result) => done(result.violations.map((v) => ({id: v.id, impact: v.impact,
    nodes: v.nodes.map((n) => n.target.join(" "))}))),
  (error) => done([{id: "axe failed", impact: "critical", nodes: [String(error)]}]));
"""


@pytest.fixture(scope="module")
def module_stack(module_dir: Path) -> Iterator[RunningStack]:
    """The stack this module's tests share, on a simulated clock that starts at the real time."""
    start = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    yield from stack_while_testing(
        module_dir, options=("--clock", "simulated", "--clock-start", start)
    )


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
        json=None if method == "GET" else body,
        headers={"Authorization": f"Bearer {bearer}"},
        timeout=10,
    )
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


def main_text(browser: webdriver.Chrome) -> str:
    return browser.find_element(By.TAG_NAME, "main").text


def press(browser: webdriver.Chrome, label: str, within: Any = None) -> None:
    """Click the button that says `label` (in `within`, else anywhere on the page)."""
    (within or browser).find_element(By.XPATH, f".//button[text()='{label}']").click()


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
    question_id = link.rsplit("/", 1)[1]
    an_edit_is_refused_in_the_page_language(browser, console, question_id)
    sign_out(browser)
    return question_id


def an_edit_is_refused_in_the_page_language(
    browser: webdriver.Chrome, console: str, question_id: str
) -> None:
    """The asker's own question, before any answer: editable; a title too short is refused by
    the API, whose message, asked in the page's language, shows beside the title."""
    bearer = browser.execute_script("return JSON.parse(sessionStorage['youthvoice.token']).token")

    def refusal(language: str) -> str:
        """What the API says of that title, asked directly in `language`."""
        refused = requests.patch(
            f"{console.removesuffix('/console')}/questions/{question_id}",
            json={"title": "短", "body": BODY},
            headers={"Authorization": f"Bearer {bearer}", "Accept-Language": language},
            timeout=10,
        )
        assert refused.status_code == 400, refused.text
        (problem,) = [p for p in refused.json()["error"]["fields"] if p["field"] == "title"]
        message: str = problem["message"]
        return message

    def problem_shown(message: str) -> None:
        WebDriverWait(browser, WAIT_SECONDS).until(
            lambda driver: (
                [e.text for e in driver.find_elements(By.ID, "problem-title")] == [message]
            )
        )

    # When the asker opens their question, edits the title to one character and saves
    browser.find_element(By.LINK_TEXT, TITLE).click()
    showing(browser, BODY)
    press(browser, "修改")
    title = browser.find_element(By.NAME, "title")
    title.clear()
    title.send_keys("短")
    press(browser, "保存")
    # Then the API's own message for that title, in Chinese, shows beside it
    problem_shown(refusal("zh-CN"))
    assert title.get_attribute("aria-invalid") == "true"
    screen(browser, "3a-edit-refused")
    # And in English once the page speaks English
    press(browser, "English")
    press(browser, "Save")
    english = refusal("en")
    assert english != refusal("zh-CN")
    problem_shown(english)
    press(browser, "中文")
    # When they cancel, the question is as it was
    press(browser, "取消")
    showing(browser, "撤回问题")
    assert TITLE in browser.find_element(By.TAG_NAME, "h1").text


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


def the_asker_accepts_and_rates(
    browser: webdriver.Chrome, stack: RunningStack, question_id: str
) -> None:
    console = f"{stack.url}/console"
    # When the asker opens their answered question and accepts the expert's answer
    sign_in(browser, console, "console-youth", "youth", "sx")
    showing(browser, "详细描述")
    browser.get(f"{console}/q/{question_id}")
    showing(browser, OFFICIAL_ANSWER)
    press(browser, "采纳这个回答")
    # Then it is marked accepted, the question resolved, and the rating form is offered
    WebDriverWait(browser, WAIT_SECONDS).until(
        lambda driver: driver.find_elements(By.CSS_SELECTOR, "article.accepted")
    )
    accepted = browser.find_element(By.CSS_SELECTOR, "article.accepted").text
    assert OFFICIAL_ANSWER in accepted
    assert "已采纳" in accepted
    assert "已解决" in main_text(browser)
    assert "评价回答" in main_text(browser)
    assert not browser.find_elements(By.XPATH, "//button[text()='采纳这个回答']")
    screen(browser, "10-accepted")
    # When they give it 5 with a comment
    browser.find_element(By.CSS_SELECTOR, "input[name=score][value='5']").click()
    browser.find_element(By.NAME, "comment").send_keys(RATING_COMMENT)
    press(browser, "提交评价")
    # Then their rating shows, and the API holds it
    showing(browser, "你的评价")
    assert RATING_COMMENT in main_text(browser)
    screen(browser, "11-rated")
    asker = token(stack, "console-youth", "youth")
    read = api(stack, asker, "GET", f"/questions/{question_id}")
    assert (read["status"], read["my_rating"]) == (
        "resolved",
        {"score": 5, "comment": RATING_COMMENT},
    )
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
    the_asker_accepts_and_rates(browser, shared, question_id)
    a_reader_finds_it(browser, shared, expert_name)


def test_staff_reassign_an_overdue_question_from_the_desk(
    browser: webdriver.Chrome, shared: RunningStack
) -> None:
    console = f"{shared.url}/console"
    admin = token(shared, "console-admin", "admin")
    # Given a question on 太原 that nobody answers, and the clock moved two hours past its
    # deadline (each move runs the sweep: the experts are reminded, then the city supervises)
    asker = token(shared, "desk-youth", "youth")
    asked = api(
        shared,
        asker,
        "POST",
        "/questions",
        title=LATE_TITLE,
        body="刚毕业来太原工作，想申请青年公寓。",
        topic="daily-life",
        platform_id=CITY,
    )
    late = dt.datetime.fromisoformat(asked["due_at"]) + OVERDUE
    for moment in (asked["escalate_at"], late.isoformat()):
        api(shared, admin, "POST", "/admin/clock", now=moment)
    staff = token(shared, "desk-staff", "staff", CITY)
    projected(
        lambda: any(
            entry["question_id"] == asked["id"]
            for entry in api(shared, staff, "GET", "/supervision")["items"]
        )
    )
    # When the city's staff sign in: the desk is their first screen
    sign_in(browser, console, "desk-staff", "staff", CITY)
    showing(browser, LATE_TITLE)
    case = browser.find_element(By.XPATH, f"//li[.//a[text()='{LATE_TITLE}']]")
    # Then the question shows as overdue by two hours, at the first level, with its deadline
    assert "已逾期 2小时" in case.text
    assert "一级督办（本级）" in case.text
    assert "回复期限" in case.text
    screen(browser, "12-desk")
    # When they open the case and choose an expert not yet invited
    press(browser, "处理", case)
    showing(browser, "选择专家")
    screen(browser, "13-desk-case-phone")
    browser.set_window_size(*DESK)
    choices = case.find_elements(By.CSS_SELECTOR, "input[name=expert_ids]")
    chosen = next(box for box in choices if box.get_attribute("value") not in asked["assignees"])
    expert_id = chosen.get_attribute("value")
    chosen.click()
    screen(browser, "13-desk-case-wide")
    press(browser, "改派", case)
    # Then the desk says so, and the question's only open invitation is the chosen expert's
    showing(browser, "已改派")
    screen(browser, "14-desk-reassigned-wide")
    assert api(shared, staff, "GET", f"/questions/{asked['id']}")["assignees"] == [expert_id]
    browser.set_window_size(*PHONE)


def test_staff_remove_a_held_post_from_the_moderation_queue(
    browser: webdriver.Chrome, shared: RunningStack, tmp_path: Path
) -> None:
    console = f"{shared.url}/console"
    # Given a question the word screen held (兼职日结 holds for review as advertising)
    asker = token(shared, "held-youth", "youth")
    held = api(
        shared,
        asker,
        "POST",
        "/questions",
        title=HELD_TITLE,
        body=HELD_BODY,
        topic="employment",
        platform_id=CITY,
    )
    assert held["visibility"] == "held"
    staff = token(shared, "moderating-staff", "staff", CITY)
    projected(
        lambda: any(
            entry["item_id"] == held["id"]
            for entry in api(shared, staff, "GET", "/moderation/queue")["items"]
        )
    )
    # When the city's staff open the moderation queue
    sign_in(browser, console, "moderating-staff", "staff", CITY)
    showing(browser, "督办台")
    browser.find_element(By.LINK_TEXT, "审核").click()
    showing(browser, HELD_TITLE)
    card = browser.find_element(By.XPATH, f"//li[.//a[text()='{HELD_TITLE}']]")
    assert HELD_BODY in card.text
    assert "待审核" in card.text
    screen(browser, "15-moderation")
    # And remove it with a reason
    card.find_element(By.NAME, "reason").send_keys("招聘广告")
    press(browser, "删除", card)
    # Then the card says removed, and so does the API
    WebDriverWait(browser, WAIT_SECONDS).until(lambda _: "已删除" in card.text)
    screen(browser, "16-moderation-removed")
    assert api(shared, staff, "GET", f"/questions/{held['id']}")["visibility"] == "removed"
    # And their statistics show the city's figures over the last weeks, with a chart
    browser.set_window_size(*DESK)
    browser.find_element(By.LINK_TEXT, "统计").click()
    showing(browser, "满意度")
    assert browser.find_elements(By.CSS_SELECTOR, ".chart svg rect")
    screen(browser, "17-stats-wide")
    browser.set_window_size(*PHONE)
    screen(browser, "18-stats-phone")
    # When they download the figures as CSV
    downloads = tmp_path / "downloads"
    browser.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    press(browser, "下载 CSV")
    # Then the browser saves the report the API answers for text/csv, named by platform and range
    WebDriverWait(browser, WAIT_SECONDS).until(lambda _: list(downloads.glob("*.csv")))
    (saved,) = downloads.glob("*.csv")
    assert saved.name.startswith(f"{CITY}-")
    assert saved.read_text(encoding="utf-8-sig").splitlines()[0] == '"figure","value"'


def test_staff_check_a_signup_in_by_its_code(
    browser: webdriver.Chrome, shared: RunningStack
) -> None:
    console = f"{shared.url}/console"
    staff = token(shared, "activity-staff", "staff", CITY)
    admin = token(shared, "console-admin", "admin")
    now = dt.datetime.fromisoformat(api(shared, staff, "GET", "/supervision")["now"])

    def at(hours: int) -> str:
        return (now + dt.timedelta(hours=hours)).isoformat()

    # Given a lecture of the city's alliance, starting now, and a young person signed up for it
    alliance = api(
        shared,
        staff,
        "POST",
        "/alliances",
        name="青年就业服务联盟",
        platform_id=CITY,
        topics=["employment"],
        members=[{"org": "太原人才中心", "contact": "0351-1234567"}],
    )
    activity = api(
        shared,
        staff,
        "POST",
        "/activities",
        alliance_id=alliance["id"],
        title=ACTIVITY_TITLE,
        location="太原青年之家",
        starts_at=at(2),
        ends_at=at(3),
        signup_opens_at=at(-1),
        signup_closes_at=at(1),
        capacity=10,
    )
    youth = token(shared, "lecture-youth", "youth")
    code = api(shared, youth, "POST", f"/activities/{activity['id']}/signups")["code"]
    api(shared, admin, "POST", "/admin/clock", now=at(2))
    projected(
        lambda: any(
            each["id"] == activity["id"]
            for each in api(shared, staff, "GET", f"/activities?platform_id={CITY}")["items"]
        )
    )
    # When the city's staff open the activities at the door and type the code
    sign_in(browser, console, "activity-staff", "staff", CITY)
    showing(browser, "督办台")
    browser.find_element(By.LINK_TEXT, "活动").click()
    showing(browser, ACTIVITY_TITLE)
    card = browser.find_element(By.XPATH, f"//li[.//strong[text()='{ACTIVITY_TITLE}']]")
    card.find_element(By.NAME, "code").send_keys(code)
    press(browser, "签到", card)
    # Then the young person is checked in, by their display name, and the activity counts them
    WebDriverWait(browser, WAIT_SECONDS).until(lambda _: "已签到：青年·" in card.text)
    WebDriverWait(browser, WAIT_SECONDS).until(lambda _: "已签到 1" in card.text)
    screen(browser, "19-check-in")
    signups = api(shared, staff, "GET", f"/activities/{activity['id']}/signups")["items"]
    assert [s["checked_in_at"] is not None for s in signups] == [True]
