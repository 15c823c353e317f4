"""The chat in a real browser: Debian's Chromium driven by Playwright (never `playwright install`).

The app is served in-process on a free port over the hash-embedded bundled index; LLM answers
come from the scripted OpenAI-compatible server (tests/openai_server.py), which holds its reply
for a while so the states before the first text can be watched without timing anything.
Screenshots of the main states go to artifacts/screenshots/ (desktop 1400x900, phone 390x844).
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from qa.assistant import Assistant
from qa.core.settings import Settings
from tests.conftest import MD, PDF, ROOT, make_settings
from ui.app import build_app, launch_options

pytestmark = [pytest.mark.browser, pytest.mark.integration]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = ROOT / "artifacts" / "screenshots"
TIMEOUT_MS = 30_000
DESKTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}

AMBASSADOR_Q = "Que dit l'ambassadrice de France en Arménie de la coopération décentralisée ?"
FOLLOW_UP = "Et qu'a-t-elle dit de l'Ukraine ?"
MULTI_Q = "Que dit-on de la coopération décentralisée ?"  # four passages cited
ENGLISH_Q = "What did Bernard Kouchner say about humanitarian aid?"
XSS_Q = "<img src=x onerror=alert(1)> <script>alert(2)</script> ![pixel](http://example.invalid/pixel.png)"
FINAL = "done,notice,error,stopped"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(settings: Settings, assistant: Assistant | None = None, **options: Any) -> Iterator[str]:
    assistant = assistant or Assistant(settings)
    app = build_app(assistant, settings)
    app.queue(default_concurrency_limit=settings.ui.concurrency)
    _, url, _ = app.launch(
        server_name="127.0.0.1",
        server_port=free_port(),
        prevent_thread_lock=True,
        quiet=True,
        **launch_options(settings, assistant, **options),
    )
    try:
        yield url
    finally:
        app.close()


MISSING = f"{CHROMIUM} is missing: run `make browser-deps` (apt-get install chromium) to run the browser tests"


def test_chromium_is_installed() -> None:
    # A FAILED line of its own (the fixture below makes the other tests error the same way).
    assert CHROMIUM.exists(), MISSING


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(MISSING)
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def url(bundled_index_dir: Path) -> Iterator[str]:
    """The chat over the bundled proceedings, extractive answers, no login."""
    with serving(make_settings(bundled_index_dir)) as u:
        yield u


class Pages:
    """New browser tabs (each its own context: its own storage, its own session)."""

    def __init__(self, browser: Any) -> None:
        self.browser = browser
        self.contexts: list[Any] = []

    def open(self, url: str, viewport: dict[str, int] = DESKTOP, wait: bool = True) -> Any:
        context = self.browser.new_context(viewport=viewport)
        context.set_default_timeout(TIMEOUT_MS)
        self.contexts.append(context)
        page = context.new_page()
        page.goto(url)
        if wait:
            ready(page)
        return page

    def close(self) -> None:
        for c in self.contexts:
            c.close()


@pytest.fixture
def pages(browser: Any) -> Iterator[Pages]:
    p = Pages(browser)
    try:
        yield p
    finally:
        p.close()


def ready(page: Any) -> None:
    """The page has loaded its session (the filter menus are filled after load)."""
    page.wait_for_selector("#question textarea")
    page.wait_for_selector("#ask-hint [data-loaded]", state="attached")


def shot(page: Any, name: str, full: bool = False) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)


def submit(page: Any, question: str) -> None:
    page.fill("#question textarea", question)
    page.click("#send")


def ask(page: Any, question: str) -> int:
    """Ask and wait until the new turn is final; its number (1 for the first)."""
    n = page.locator("#transcript .pqa-turn").count() + 1
    submit(page, question)
    wait_final(page, n)
    return n


def wait_final(page: Any, n: int) -> None:
    page.wait_for_function(
        "([n, final]) => { const t = document.getElementById('pqa-t' + n);"
        " return t && final.split(',').includes(t.dataset.status); }",
        arg=[n, FINAL],
    )


def status(page: Any, n: int) -> str:
    return str(page.get_attribute(f"#pqa-t{n}", "data-status"))


def cards(page: Any, n: int) -> list[dict[str, Any]]:
    """The source cards of turn n: number, speaker, box (in the viewport's coordinates), marks."""
    return list(
        page.eval_on_selector_all(
            f"#pqa-t{n} .pqa-source",
            """els => els.map(e => { const r = e.getBoundingClientRect();
                 return {number: Number(e.dataset.number), speaker: e.dataset.speaker, id: e.id,
                         x: r.left, y: r.top, right: r.right, bottom: r.bottom,
                         marks: e.querySelectorAll('.pqa-excerpt mark').length}; })""",
        )
    )


def inside(box: dict[str, Any], viewport: dict[str, int]) -> bool:
    return box["x"] >= 0 and box["y"] >= 0 and box["right"] <= viewport["width"] and box["bottom"] <= viewport["height"]


def choose(page: Any, elem_id: str, label: str) -> None:
    """Pick an option of a filter menu by typing the start of its label, as a person would."""
    box = page.locator(f"#{elem_id} input")
    box.click()
    page.keyboard.type(label)
    page.locator(f"#{elem_id} [role=option]", has_text=label).first.click()
    page.wait_for_function(
        "([id, label]) => document.querySelector(`#${id} input`).value.startsWith(label)", arg=[elem_id, label]
    )


# --- sources beside (desktop) or under (phone) every answer ------------------------------------
@pytest.mark.parametrize(("name", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_every_cited_passage_is_in_the_window(pages: Pages, url: str, name: str, viewport: dict[str, int]) -> None:
    page = pages.open(url, viewport)
    shot(page, f"01-start-{name}")
    n = ask(page, MULTI_Q)
    assert status(page, n) == "done"
    answer = page.locator(f"#pqa-t{n} .pqa-text").bounding_box()
    if name == "desktop":
        # Scrolled to the answer, the answer and all its passages are in the window, beside it.
        page.eval_on_selector(f"#pqa-t{n}", "e => e.scrollIntoView({block: 'start'})")
        found = cards(page, n)
        answer = page.locator(f"#pqa-t{n} .pqa-text").bounding_box()
        assert all(c["x"] >= answer["x"] + answer["width"] for c in found), "sources beside the answer"
    else:
        # Under the answer: scrolled to its sources, they all fit in the phone's window.
        found = cards(page, n)
        assert all(c["y"] >= answer["y"] + answer["height"] for c in found), "sources under the answer"
        page.eval_on_selector(f"#pqa-t{n} .pqa-sources", "e => e.scrollIntoView({block: 'start'})")
        found = cards(page, n)
    assert len(found) >= 3, f"the test needs a multi-citation answer: {found}"
    outside = [c for c in found if not inside(c, viewport)]
    assert not outside, f"passages outside the {viewport} window: {outside}"
    assert all(c["marks"] >= 1 for c in found), "the quoted words are highlighted in every passage"
    text = page.inner_text(f"#pqa-t{n} .pqa-sources")
    for bit in ("Session", "p. ", "Open at page"):
        assert bit in text
    shot(page, f"02-answer-{name}")


def test_citations_are_links_to_their_own_answers_passages(pages: Pages, url: str) -> None:
    page = pages.open(url)
    first = ask(page, AMBASSADOR_Q)
    second = ask(page, MULTI_Q)
    numbers = [
        int(x) for x in page.eval_on_selector_all(f"#pqa-t{second} a.pqa-ref", "els => els.map(e => e.dataset.n)")
    ]
    distinct = list(dict.fromkeys(numbers))
    assert len(distinct) >= 2 and set(distinct) == {c["number"] for c in cards(page, second)}
    # Click the answer's second citation: its passage scrolls into view, highlighted.
    target = distinct[1]
    page.eval_on_selector(f"#pqa-t{second}", "e => e.scrollIntoView({block: 'start'})")
    page.locator(f"#pqa-t{second} a.pqa-ref[data-n='{target}']").first.click()
    card = f"#pqa-t{second}-c{target}"
    page.wait_for_function(f"() => document.querySelector('{card}').classList.contains('pqa-active')")
    active = page.eval_on_selector_all("#transcript .pqa-source.pqa-active", "els => els.map(e => e.id)")
    assert active == [card[1:]]
    box = page.locator(card).bounding_box()
    assert box and inside(
        {"x": box["x"], "y": box["y"], "right": box["x"] + box["width"], "bottom": box["y"] + box["height"]}, DESKTOP
    )
    shot(page, "03-citation-followed")
    # The first answer's [n] points at the first answer's passage, not the second's.
    n1 = cards(page, first)[0]["number"]
    page.locator(f"#pqa-t{first} a.pqa-ref[data-n='{n1}']").first.click()
    page.wait_for_function(f"() => document.querySelector('#pqa-t{first}-c{n1}').classList.contains('pqa-active')")
    active = page.eval_on_selector_all("#transcript .pqa-source.pqa-active", "els => els.map(e => e.id)")
    assert active == [f"pqa-t{first}-c{n1}"]
    assert cards(page, first)[0]["speaker"] == "Anne Louyot"
    # "Open at page": the indexed PDF, at the cited page.
    link = page.locator(f"#pqa-t{first}-c{n1} a.pqa-open")
    href = link.get_attribute("href")
    assert href and re.fullmatch(rf"pqa/doc/[0-9a-f]{{16}}/{re.escape(PDF.name)}#page=6", href), href
    response = page.request.get(url + href.split("#")[0])
    assert response.status == 200 and response.body()[:5] == b"%PDF-"
    assert response.headers["content-type"] == "application/pdf"


# --- streaming: the box stays usable, questions wait their turn, Stop stops ----------------------
@pytest.fixture
def llm_url(bundled_index_dir: Path, llm_server: Any) -> Iterator[tuple[str, Any]]:
    settings = make_settings(
        bundled_index_dir,
        answer={"answerer": "openai"},
        llm={"base_url": llm_server.base_url, "api_key": "test", "timeout_s": 60},
    )
    with serving(settings) as u:
        yield u, llm_server


def test_typing_and_asking_while_an_answer_streams(pages: Pages, llm_url: tuple[str, Any]) -> None:
    url, llm = llm_url
    # The first answer is held 3 s: long enough to watch and type, never timed.
    llm.delay(3.0, "Anne Louyot parle de la coopération décentralisée avec l'Arménie [1], et d'autre chose [42].")
    # "elle" is resolved by question analysis: the follow-up needs no condensing call.
    llm.reply("Elle évoque l'invasion de l'Ukraine par la Russie [1].")
    page = pages.open(url)
    # Record every text the conversation shows, to catch a marker of no passage ([42]) shown even once.
    page.evaluate(
        """() => { window.__texts = [];
            new MutationObserver(() => window.__texts.push(document.querySelector('#transcript').innerText))
              .observe(document.querySelector('#transcript'), {subtree: true, childList: true, characterData: true}); }"""
    )
    submit(page, AMBASSADOR_Q)
    page.wait_for_selector("#pqa-t1 .pqa-state:has-text('Searching the proceedings')")
    assert page.is_enabled("#stop")
    assert page.input_value("#question textarea") == "", "the asked question left the box"
    shot(page, "04-searching")
    # A second question while the first is answered: shown as waiting, then answered.
    submit(page, FOLLOW_UP)
    page.wait_for_selector("#pqa-t2[data-status=waiting]")
    assert "will be answered when the current answer is done" in page.inner_text("#pqa-t2")
    # Text typed meanwhile stays in the box whatever the answers do.
    page.fill("#question textarea", "Une question que je prépare")
    shot(page, "05-waiting")
    wait_final(page, 2)
    assert status(page, 1) == "done" and status(page, 2) == "done"
    assert "Anne Louyot parle de la coopération" in page.inner_text("#pqa-t1 .pqa-text")
    assert "invasion de l'Ukraine" in page.inner_text("#pqa-t2 .pqa-text")
    assert page.locator("#pqa-t2 a.pqa-ref").count() >= 1
    assert page.input_value("#question textarea") == "Une question que je prépare"
    texts = page.evaluate("window.__texts")
    assert any("Anne Louyot parle" in t for t in texts)
    assert not [t for t in texts if "42" in t], "a citation of no passage was shown"
    page.wait_for_function("() => document.querySelector('#stop').disabled")
    assert llm.unscripted == 0
    shot(page, "06-queued-answered")


def test_stop_stops_an_answer(pages: Pages, llm_url: tuple[str, Any]) -> None:
    url, llm = llm_url
    llm.delay(60.0, "Trop tard [1].")  # never arrives within the test
    page = pages.open(url)
    submit(page, AMBASSADOR_Q)
    page.wait_for_selector("#pqa-t1 .pqa-busy")
    page.wait_for_function("() => !document.querySelector('#stop').disabled")
    page.click("#stop")
    page.wait_for_selector("#pqa-t1[data-status=stopped]")
    assert "Stopped: this answer was not finished" in page.inner_text("#pqa-t1")
    page.wait_for_function("() => document.querySelector('#stop').disabled")
    shot(page, "07-stopped")
    # The chat goes on: the next question (extractive) is answered.
    page.get_by_label("Extractive (quotes, no LLM)").check()
    n = ask(page, AMBASSADOR_Q)
    assert status(page, n) == "done" and cards(page, n)[0]["speaker"] == "Anne Louyot"
    assert "Trop tard" not in page.inner_text("#transcript")


# --- conversations and filters ------------------------------------------------------------------
def test_new_conversation_resets_filters_and_conversations_survive_a_reload(pages: Pages, url: str) -> None:
    page = pages.open(url)
    choose(page, "speaker-filter", "François Rebsamen")
    choose(page, "part-filter", "Ouverture")
    n = ask(page, MULTI_Q)
    filters = page.inner_text(f"#pqa-t{n} .pqa-filters")
    assert "Speaker: François Rebsamen" in filters and "Part: Ouverture" in filters
    assert {c["speaker"] for c in cards(page, n)} == {"François Rebsamen"}
    # The filters are shown above the answer they applied to.
    assert (
        page.locator(f"#pqa-t{n} .pqa-filters").bounding_box()["y"]
        < page.locator(f"#pqa-t{n} .pqa-text").bounding_box()["y"]
    )
    # A reload keeps the conversation.
    page.reload()
    ready(page)
    page.wait_for_selector("#pqa-t1[data-status=done]")
    assert "Speaker: François Rebsamen" in page.inner_text("#pqa-t1 .pqa-filters")

    page.click("#new-conversation")
    page.wait_for_selector("#transcript .pqa-empty")
    page.wait_for_function("() => document.querySelector('#speaker-filter input').value === 'All speakers'")
    assert page.input_value("#part-filter input") == "All parts"
    past = page.locator("#history label")
    assert past.count() == 1 and MULTI_Q[:30] in past.first.inner_text()
    shot(page, "08-new-conversation")
    # After a reload the past conversation is listed and opens with its sources.
    page.reload()
    ready(page)
    page.locator("#history label").first.click()
    page.wait_for_selector("#pqa-t1[data-status=done] .pqa-source")
    assert {c["speaker"] for c in cards(page, 1)} == {"François Rebsamen"}
    shot(page, "09-past-conversation")
    # Questions asked unfiltered after "New conversation" are not restricted any more.
    page.click("#new-conversation")
    page.wait_for_selector("#transcript .pqa-empty")
    n = ask(page, MULTI_Q)
    assert {c["speaker"] for c in cards(page, n)} - {"François Rebsamen"}


def test_filters_that_match_nothing_say_so(pages: Pages, url: str) -> None:
    page = pages.open(url)
    # Typing in the menu replaces "All speakers" (it used to append to it).
    page.locator("#speaker-filter input").click()
    page.keyboard.type("Doro")
    assert page.input_value("#speaker-filter input") == "Doro"
    page.locator("#speaker-filter [role=option]", has_text="Dorothee Schmid").first.click()
    choose(page, "part-filter", "Session 3")
    n = ask(page, MULTI_Q)
    assert status(page, n) == "notice"
    text = page.inner_text(f"#pqa-t{n}")
    assert "Dorothee Schmid has no passage in Session 3" in text and "Session 1" in text
    shot(page, "10-empty-combination")
    choose(page, "speaker-filter", "Virginie Rouquette")
    choose(page, "part-filter", "All parts")
    n = ask(page, MULTI_Q)
    assert status(page, n) == "notice" and "moderated Session 1 and Conclusions" in page.inner_text(f"#pqa-t{n}")


def test_a_hostile_question_is_shown_as_text(pages: Pages, url: str) -> None:
    page = pages.open(url)
    dialogs: list[str] = []
    requests: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: requests.append(r.url))
    n = ask(page, XSS_Q)
    assert page.inner_text(f"#pqa-t{n} .pqa-qtext") == XSS_Q
    assert page.locator("#transcript img, #transcript script").count() == 0
    page.wait_for_timeout(300)  # give a stray handler or image the time to fire
    assert dialogs == []
    assert not [r for r in requests if "example.invalid" in r or r.rstrip("/").endswith("/x")], requests
    shot(page, "11-hostile-question")


def test_labels_focus_and_page_language(pages: Pages, url: str) -> None:
    page = pages.open(url)
    assert page.get_by_role("textbox", name="Your question").count() == 1
    # Every Tab step lands on something visible (no step lost on a hidden element), from the
    # first control to the page's footer: the menus, the question box, the buttons, the examples.
    page.locator("#new-conversation").focus()
    lost = []
    for step in range(10):
        page.keyboard.press("Tab")
        where = page.evaluate(
            """() => { const e = document.activeElement; const r = e.getBoundingClientRect();
                       return {tag: e.tagName, id: e.id, cls: String(e.className).slice(0, 60), w: r.width, h: r.height,
                               visible: e !== document.body && r.width > 0 && r.height > 0
                                        && getComputedStyle(e).visibility !== 'hidden'}; }"""
        )
        if not where["visible"]:
            lost.append((step, where))
    assert not lost, f"focus went nowhere visible: {lost}"
    ask(page, AMBASSADOR_Q)
    assert page.evaluate("document.documentElement.lang") == "fr"
    ask(page, ENGLISH_Q)
    assert page.evaluate("document.documentElement.lang") == "en"


def test_two_tabs_keep_their_own_conversations(pages: Pages, url: str) -> None:
    a, b = pages.open(url), pages.open(url)
    plans = {
        "A": (a, [AMBASSADOR_Q, FOLLOW_UP]),
        "B": (b, ["Que dit Grégory Doucet de la ville de Lyon ?", "Et qu'a-t-il dit de l'Ukraine ?"]),
    }
    for i in range(2):
        for _, (page, questions) in plans.items():
            submit(page, questions[i])
        for _, (page, _) in plans.items():
            wait_final(page, i + 1)
    for _, (page, questions) in plans.items():
        shown = page.eval_on_selector_all("#transcript .pqa-qtext", "els => els.map(e => e.innerText)")
        assert shown == questions
    assert cards(a, 2)[0]["speaker"] == "Anne Louyot", "A's follow-up carries the ambassador"
    assert "Not in the indexed documents" in b.inner_text("#pqa-t2"), "B's follow-up carries Grégory Doucet"


# --- login, documents -------------------------------------------------------------------------
def test_login_in_the_browser(pages: Pages, bundled_index_dir: Path) -> None:
    settings = make_settings(bundled_index_dir, ui={"auth": "ana:s3cret"})
    assistant = Assistant(settings)
    with serving(settings, assistant) as login_url:
        page = pages.open(login_url, wait=False)
        page.locator("h2:has-text('Login'), #question").first.wait_for()
        assert page.locator("#question").count() == 0, "the chat is reachable without logging in"
        content = page.content()
        assert not [s.name for s in assistant.speakers() if s.name in content]
        shot(page, "12-login")

        page.fill('input[data-testid="textbox"]', "ana")
        page.fill('input[type="password"]', "wrong")
        page.click("button:has-text('Login')")
        page.wait_for_selector("text=Incorrect Credentials")
        assert page.locator("#question").count() == 0

        page.fill('input[data-testid="textbox"]', "ana")
        page.fill('input[type="password"]', "s3cret")
        page.click("button:has-text('Login')")
        ready(page)
        # An example fills the question box.
        example = page.locator("#examples button").first
        text = example.inner_text()
        example.click()
        page.wait_for_function("() => document.querySelector('#question textarea').value.length > 10")
        assert page.input_value("#question textarea").startswith(text.rstrip("…").rstrip("."))
        page.click("#send")
        wait_final(page, 1)
        assert status(page, 1) == "done" and cards(page, 1)
        href = page.get_attribute("#pqa-t1 a.pqa-open", "href")
        assert href and page.request.get(login_url + href.split("#")[0]).status == 200
        shot(page, "13-logged-in-answer")


def test_documents_panel_upload_and_remove(pages: Pages, tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "index", ui={"allow_upload": True, "max_upload_mb": 5})
    with serving(settings) as upload_url:
        page = pages.open(upload_url)
        page.click("#documents-box button:has-text('Documents')")
        assert "No document is indexed yet" in page.inner_text("#documents")
        page.locator("#upload input[type=file]").set_input_files(str(MD))
        page.wait_for_function(
            "() => document.querySelector('#upload-status textarea').value.includes('1 ingested')", timeout=120_000
        )
        page.wait_for_selector(f"#documents li[data-source='{MD.name}']")
        row = page.inner_text(f"#documents li[data-source='{MD.name}']")
        assert MD.name in row and re.search(r"\d+ speakers · \d+ passages", row), row
        shot(page, "14-documents", full=True)
        choose(page, "speaker-filter", "Anne Louyot")  # the filters now list the new speakers
        n = ask(page, AMBASSADOR_Q)
        assert {c["speaker"] for c in cards(page, n)} == {"Anne Louyot"}
        assert "Open document" in page.inner_text(f"#pqa-t{n} .pqa-sources")

        page.locator("#remove-choice input").click()
        page.locator("#remove-choice [role=option]", has_text=MD.name).first.click()
        page.click("#remove-document")
        page.wait_for_function(
            "() => document.querySelector('#upload-status textarea').value.startsWith('Removed')", timeout=60_000
        )
        page.wait_for_selector("#documents .pqa-docs-empty")
        page.locator("#speaker-filter input").click()
        assert page.locator("#speaker-filter [role=option]", has_text="Anne Louyot").count() == 0
