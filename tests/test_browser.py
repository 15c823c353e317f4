"""The chat in a real browser: Debian's Chromium driven by Playwright (never `playwright install`).

The app is served in-process on a free port over the hash-embedded bundled index. Screenshots
of every step go to artifacts/screenshots/.
"""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from qa.assistant import Assistant
from qa.core.settings import Settings
from tests.conftest import MD, ROOT, make_settings
from ui.app import EXAMPLES, build_app, launch_options

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
TIMEOUT_MS = 20_000

AMBASSADOR_Q = "Que dit l'ambassadrice de France en Arménie de la coopération décentralisée ?"
FOLLOW_UP = "Et qu'a-t-elle dit de l'Ukraine ?"
OUT_OF_SCOPE = "Quelle est la recette de la tarte tatin ?"
FILTER_Q = "Que dit-on de la coopération décentralisée ?"


class SlowStream:
    """The Assistant's stream with a pause between pieces, so the browser can watch it grow."""

    def __init__(self, inner: Any, delay: float) -> None:
        self._inner = inner
        self._delay = delay

    def __iter__(self) -> Iterator[str]:
        for piece in self._inner:
            time.sleep(self._delay)
            yield piece

    @property
    def answer(self) -> Any:
        return self._inner.answer


class SlowAssistant(Assistant):
    def stream(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        return SlowStream(super().stream(*args, **kwargs), 0.25)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(assistant: Assistant, settings: Settings) -> Iterator[str]:
    app = build_app(assistant, settings)
    app.queue(default_concurrency_limit=settings.ui.concurrency)
    _, url, _ = app.launch(
        server_name="127.0.0.1",
        server_port=free_port(),
        prevent_thread_lock=True,
        quiet=True,
        **launch_options(settings),
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


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(TIMEOUT_MS)
    pg = context.new_page()
    try:
        yield pg
    finally:
        context.close()


def shot(page: Any, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def bot_count(page: Any) -> int:
    return int(page.locator('#chat [data-testid="bot"]').count())


def ask(page: Any, question: str) -> dict[str, Any]:
    """Type and send a question; wait for the final answer (the sources panel is filled last)."""
    n = bot_count(page) + 1
    page.fill("#question textarea", question)
    page.click("#send")
    page.wait_for_function(
        """n => document.querySelectorAll('#chat [data-testid="bot"]').length === n
               && !document.querySelector('#sources .pqa-empty')""",
        arg=n,
    )
    bots = page.locator('#chat [data-testid="bot"]')
    return {
        "answer": bots.nth(n - 1).inner_text(),
        "sources": page.inner_text("#sources"),
        "speakers": page.eval_on_selector_all(
            "#sources .pqa-source", "els => els.map(e => [Number(e.dataset.number), e.dataset.speaker])"
        ),
        "marks": page.locator("#sources mark").count(),
    }


def wait_cleared(page: Any) -> None:
    page.wait_for_function("""() => !document.querySelector('#chat [data-testid="bot"]')
                                   && document.querySelector('#sources .pqa-empty')""")


def choose(page: Any, elem_id: str, label: str) -> None:
    """Pick an option of a Gradio dropdown by (the start of) its label."""
    box = page.locator(f"#{elem_id} input")
    box.click()
    box.fill(label)
    page.locator(f"#{elem_id} [role=option]", has_text=label).first.click()
    page.wait_for_function(
        "([id, label]) => document.querySelector(`#${id} input`).value.startsWith(label)", arg=[elem_id, label]
    )


def test_chat_in_the_browser(page: Any, bundled_settings: Settings) -> None:
    with serving(SlowAssistant(bundled_settings), bundled_settings) as url:
        page.goto(url)
        page.wait_for_selector("#question textarea")
        assert page.locator("#sources .pqa-empty").count() == 1
        shot(page, "01-start")

        # Watch the answer grow: record the latest bot message's text on every change.
        page.evaluate(
            """() => { window.__seen = [];
                new MutationObserver(() => {
                  const bots = document.querySelectorAll('#chat [data-testid="bot"]');
                  if (bots.length) window.__seen.push(bots[bots.length - 1].innerText.length);
                }).observe(document.querySelector('#chat'), {subtree: true, childList: true, characterData: true});
            }"""
        )
        first = ask(page, AMBASSADOR_Q)
        seen = [x for x in page.evaluate("window.__seen") if x]
        assert len(set(seen)) >= 3, f"the answer did not stream: text lengths seen {seen}"
        assert "Anne Louyot" in first["answer"] and "[1]" in first["answer"]
        assert [1, "Anne Louyot"] in first["speakers"]
        assert "Ambassadrice de France en Arménie" in first["sources"]
        assert re.search(r"Session 2 · p\. 6 · diplomatie-des-territoires-2023\.pdf", first["sources"])
        assert first["marks"] >= 1
        shot(page, "02-answer-with-sources")

        # A follow-up leans on the conversation: "elle" is the ambassador.
        follow = ask(page, FOLLOW_UP)
        assert follow["speakers"][0] == [1, "Anne Louyot"], follow["speakers"]
        assert "Ukraine" in follow["sources"]
        shot(page, "03-follow-up")

        # Out of scope: a refusal shown as the answer, not an error.
        refused = ask(page, OUT_OF_SCOPE)
        assert "Je ne trouve pas la réponse" in refused["answer"]
        assert "Could not answer" not in refused["answer"]
        assert "Not in the proceedings" in refused["sources"] and not refused["speakers"]
        shot(page, "04-out-of-scope")

        # The chat's own trash button clears the history too, not just the display.
        page.click('#chat button[aria-label="Clear"]')
        wait_cleared(page)
        shot(page, "05-chat-cleared")
        alone = ask(page, FOLLOW_UP)
        assert alone["speakers"][0] != [1, "Anne Louyot"], "the history survived clearing the chat"

        # Speaker filter: every citation is by that speaker.
        page.click("#new-conversation")
        wait_cleared(page)
        unfiltered = ask(page, FILTER_Q)
        assert {s for _, s in unfiltered["speakers"]} - {"François Rebsamen"}
        choose(page, "speaker-filter", "François Rebsamen")
        filtered = ask(page, FILTER_Q)
        assert filtered["speakers"], "no citation with the filter"
        assert all(s == "François Rebsamen" for _, s in filtered["speakers"]), filtered["speakers"]
        shot(page, "06-speaker-filter")

        # An empty question is a readable message in the chat, not a traceback.
        page.fill("#question textarea", "")
        n = bot_count(page) + 1
        page.click("#send")
        page.wait_for_function("""n => document.querySelectorAll('#chat [data-testid="bot"]').length === n""", arg=n)
        last = page.locator('#chat [data-testid="bot"]').nth(n - 1).inner_text()
        assert "Could not answer" in last and "empty" in last
        shot(page, "07-empty-question")


def test_login_in_the_browser(page: Any, bundled_index_dir: Path) -> None:
    settings = make_settings(bundled_index_dir, ui={"auth": "ana:s3cret"})
    with serving(Assistant(settings), settings) as url:
        page.goto(url)
        page.locator("h2:has-text('Login'), #question").first.wait_for()
        assert page.locator("#question").count() == 0, "the chat is reachable without logging in"
        shot(page, "10-login")

        page.fill('input[data-testid="textbox"]', "ana")
        page.fill('input[type="password"]', "wrong")
        page.click("button:has-text('Login')")
        page.wait_for_selector("text=Incorrect Credentials")
        assert page.locator("#question").count() == 0
        shot(page, "11-login-refused")

        page.fill('input[data-testid="textbox"]', "ana")
        page.fill('input[type="password"]', "s3cret")
        page.click("button:has-text('Login')")
        page.wait_for_selector("#question textarea")
        shot(page, "12-logged-in")

        # An example fills the question box.
        page.get_by_role("button", name=EXAMPLES[0][:40]).click()
        page.wait_for_function("q => document.querySelector('#question textarea').value === q", arg=EXAMPLES[0])
        got = ask(page, EXAMPLES[0])
        assert [1, "Anne Louyot"] in got["speakers"]
        shot(page, "13-logged-in-answer")

        # New conversation: chat, sources and history go.
        page.click("#new-conversation")
        wait_cleared(page)
        alone = ask(page, FOLLOW_UP)
        assert alone["speakers"][0] != [1, "Anne Louyot"], "the history survived 'New conversation'"
        shot(page, "14-new-conversation")


def test_upload_in_the_browser(page: Any, tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "index", ui={"allow_upload": True, "max_upload_mb": 5})
    with serving(Assistant(settings), settings) as url:
        page.goto(url)
        page.wait_for_selector("#question textarea")
        page.click("text=Add documents")
        page.locator("#upload input[type=file]").set_input_files(str(MD))
        page.wait_for_selector("#upload-status :text('1 ingested')", timeout=60_000)
        assert "0 skipped" in page.inner_text("#upload-status")
        choose(page, "speaker-filter", "Anne Louyot")  # the filters now list the new speakers
        shot(page, "20-uploaded")
        got = ask(page, AMBASSADOR_Q)
        assert got["speakers"] and all(s == "Anne Louyot" for _, s in got["speakers"])
        assert "diplomatie-des-territoires-2023.md" in got["sources"]
        shot(page, "21-uploaded-answer")
