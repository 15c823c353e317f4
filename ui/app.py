"""The browser chat (Gradio 6): layout and wiring over `qa.Assistant`; no retrieval or answering here.

    from ui.app import build_app, serve
    serve(settings)                      # what `proceedings-qa ui` runs

The conversation is one HTML component rendered by `ui.render` from a per-tab `ui.session.Session`
(questions queue while an answer streams; Stop; past conversations kept in the browser's
localStorage). A question goes through two events: `submit` (quick: queues it, clears the box)
then `work` (streams the answers of every queued question). Nothing about the index is in the
page's configuration: filter menus, examples and documents are filled after the page (and the
login, when there is one) has loaded.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import threading
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import gradio as gr
from starlette.middleware import Middleware

from ingest.readers import SUPPORTED_SUFFIXES
from qa.assistant import Assistant
from qa.core.errors import ProceedingsQAError
from qa.core.settings import Settings
from ui import render
from ui.messages import (
    ALL,
    example_questions,
    part_choices,
    plain_error,
    sentence,
    speaker_choices,
    without_setting_names,
)
from ui.session import Session
from ui.web import DocumentFiles, LoginThrottle

logger = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
# Stable element ids (tests and CSS use them).
ELEM = {
    "transcript": "transcript",
    "question": "question",
    "send": "send",
    "stop": "stop",
    "hint": "ask-hint",
    "speaker": "speaker-filter",
    "part": "part-filter",
    "answerer": "answerer",
    "new": "new-conversation",
    "history": "history",
    "documents": "documents",
    "upload": "upload",
    "upload_status": "upload-status",
    "remove_choice": "remove-choice",
    "remove": "remove-document",
    "examples": "examples",
}
LLM_ANSWERERS = ("openai", "ollama", "hf-local")


@cache
def static_text(name: str) -> str:
    return (STATIC / name).read_text("utf-8")


def answerer_choices(settings: Settings) -> list[tuple[str, str]]:
    choices = [("Extractive (quotes, no LLM)", "extractive")]
    name = settings.answer.answerer
    if name != "extractive":
        choices.append((f"{name} (LLM)", name))
    return choices


# --- documents: upload and remove --------------------------------------------------------------
_index_lock = threading.Lock()  # one change of the index at a time from this server


def upload_folder(settings: Settings) -> Path:
    return settings.index.dir / "uploads"


def ingest_uploads(assistant: Assistant, settings: Settings, files: Sequence[str | Path] | None) -> str:
    """Copy uploads next to the index and ingest them; what happened, in plain words."""
    from ingest.pipeline import IngestReport, ingest

    if not files:
        return "No file uploaded."
    limit = settings.ui.max_upload_mb
    folder = upload_folder(settings)
    keep: list[Path] = []
    refused: list[tuple[str, str]] = []
    for f in files:
        src = Path(f)
        if src.suffix.lower() not in SUPPORTED_SUFFIXES:
            kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
            refused.append(
                (src.name, f"unsupported file type {src.suffix or '(no extension)'!r}; expected one of {kinds}")
            )
            continue
        size = src.stat().st_size
        if size > limit * 1024 * 1024:
            refused.append((src.name, f"{size / 1024 / 1024:.1f} MB is over the {limit:g} MB upload limit"))
            continue
        folder.mkdir(parents=True, exist_ok=True)
        dest = folder / src.name
        shutil.copyfile(src, dest)
        keep.append(dest)
    with _index_lock:
        report = ingest(keep, assistant.index) if keep else IngestReport()
        assistant.reload()
    report.skipped[:0] = refused
    report.documents_total, report.chunks_total = len(assistant.index.documents), len(assistant.index.chunks())
    lines = [report.summary()]
    lines += [f"skipped {Path(name).name}: {without_setting_names(reason)}" for name, reason in report.skipped]
    return "\n".join(lines)


def remove_document(assistant: Assistant, settings: Settings, key: str | None) -> str:
    """Take a document out of the index (and delete its uploaded copy); what happened, in plain words."""
    from ingest.pipeline import remove

    if not key:
        return "Choose a document to remove."
    with _index_lock:
        try:
            report = remove(assistant.index, key)
        except ProceedingsQAError as e:
            logger.warning("could not remove %s: %s", key, e.describe())
            return sentence(without_setting_names(e.message))
        finally:
            assistant.reload()
    path = Path(key)
    if path.parent == upload_folder(settings) and path.is_file():
        path.unlink()  # our own copy of an upload; files indexed from elsewhere are left alone
    n = report.chunks_deleted
    return f"Removed {report.pruned[0]} ({n} passage{'s' * (n != 1)}). The index now holds {report.documents_total} documents."


# --- the app -----------------------------------------------------------------------------------
def storage_names(settings: Settings) -> tuple[str, str]:
    """(localStorage key, its encryption secret) for this index: stable across server restarts,
    so conversations survive them, and distinct per index. The secret only keeps the stored
    value opaque; the conversations are the user's own, in their own browser."""
    digest = hashlib.sha256(str(settings.index.dir.resolve()).encode()).hexdigest()
    return f"pqa-conversations-{digest[:12]}", digest[12:44]


def build_app(assistant: Assistant, settings: Settings) -> gr.Blocks:
    """The chat page. Launch it with `launch_options(settings, assistant)` (CSS, theme, auth, routes)."""
    answerers = answerer_choices(settings)
    files = DocumentFiles(assistant)
    allow_upload = settings.ui.allow_upload
    key, secret = storage_names(settings)

    def index_views() -> tuple[Any, ...]:
        """Everything shown about the index: filter menus, examples, documents, removal menu."""
        try:
            described = assistant.describe()
            documents = described["documents"]
        except ProceedingsQAError:
            documents = []
        speakers, parts = assistant.speakers(), assistant.parts()
        samples = [[q] for q in example_questions(speakers)]
        return (
            gr.Dropdown(choices=speaker_choices(speakers)),
            gr.Dropdown(choices=part_choices(parts)),
            gr.Dataset(samples=samples, visible=bool(samples)),
            render.documents_table(documents),
            gr.Dropdown(choices=[(d["source"], d["path"]) for d in documents], value=None),
        )

    def on_load(stored: Any) -> tuple[Any, ...]:
        s = Session(assistant, settings, stored, doc_of=files.digest_of)
        return (
            s,
            s.render(),
            gr.Radio(choices=s.history_choices(), value=s.conversation.id),
            render.hint(""),
            *index_views(),
        )

    def ensure(session: Session | None) -> Session:
        return session or Session(assistant, settings, doc_of=files.digest_of)

    def submit(question: str, speaker: str, part: str, answerer: str, session: Session | None) -> tuple[Any, ...]:
        s = ensure(session)
        result = s.submit(question, speaker, part, answerer)
        box = "" if result.accepted else gr.skip()  # refused: the text stays to be fixed
        if result.turn is None:
            return s, gr.skip(), box, render.hint(result.hint), gr.skip(), gr.skip()
        return (
            s,
            s.render(),
            box,
            render.hint(""),
            s.stored(),
            gr.Radio(choices=s.history_choices(), value=s.conversation.id),
        )

    def work(session: Session | None) -> Iterator[tuple[Any, ...]]:
        if session is None:
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip()
            return
        started = False
        for saved in session.run():
            started = True
            yield (
                session.render(),
                gr.Button(interactive=True),
                session.stored() if saved else gr.skip(),
                gr.Radio(choices=session.history_choices(), value=session.conversation.id) if saved else gr.skip(),
            )
        if started:
            yield session.render(), gr.Button(interactive=False), session.stored(), gr.skip()
        else:  # another run of this tab is answering: it takes the new question
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip()

    def stop(session: Session | None) -> tuple[Any, ...]:
        if session is None or not session.stop():
            return gr.skip(), gr.skip()
        return session.render(), session.stored()

    def new_conversation(session: Session | None) -> tuple[Any, ...]:
        s = ensure(session)
        s.new_conversation()
        return (
            s,
            s.render(),
            s.stored(),
            gr.Radio(choices=s.history_choices(), value=None),
            gr.Dropdown(value=ALL),
            gr.Dropdown(value=ALL),
            render.hint(""),
        )

    def open_conversation(choice: str | None, session: Session | None) -> tuple[Any, ...]:
        s = ensure(session)
        if not choice or not s.open(choice):
            return s, gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
        return s, s.render(), s.stored(), gr.Radio(choices=s.history_choices(), value=s.conversation.id), ALL, ALL

    with gr.Blocks(title="Proceedings Q&A", analytics_enabled=False) as app:
        session = gr.State(None)
        store = gr.BrowserState(None, storage_key=key, secret=secret)
        with gr.Row(elem_id="top", equal_height=True):
            gr.HTML(
                "<h1>Proceedings Q&amp;A</h1><p>Who said what about a subject: answers quote the speakers and "
                "cite the passages, in French or English.</p>",
                elem_id="header",
            )
            new = gr.Button("New conversation", elem_id=ELEM["new"], variant="secondary", scale=0, min_width=180)
        with gr.Row(elem_id="columns", equal_height=False):
            with gr.Column(scale=1, min_width=230, elem_id="side"):
                history = gr.Radio(choices=[], label="Past conversations", elem_id=ELEM["history"])
                with gr.Accordion("Documents", open=False, elem_id="documents-box"):
                    documents = gr.HTML(render.documents_table([]), elem_id=ELEM["documents"])
                    remove_choice = gr.Dropdown(
                        choices=[],
                        value=None,
                        label="Document to remove",
                        elem_id=ELEM["remove_choice"],
                        visible=allow_upload,
                    )
                    remove_btn = gr.Button("Remove from the index", elem_id=ELEM["remove"], visible=allow_upload)
                    files_box = gr.File(
                        label=f"Add PDF, Markdown, HTML or text files (up to {settings.ui.max_upload_mb:g} MB each)",
                        file_count="multiple",
                        file_types=sorted(SUPPORTED_SUFFIXES),
                        elem_id=ELEM["upload"],
                        visible=allow_upload,
                    )
                    upload_status = gr.Textbox(
                        label="Documents changed",
                        elem_id=ELEM["upload_status"],
                        interactive=False,
                        visible=allow_upload,
                        lines=2,
                    )
            with gr.Column(scale=4, min_width=340, elem_id="main"):
                with gr.Row(elem_id="filters", equal_height=True):
                    speaker = gr.Dropdown(
                        choices=[("All speakers", ALL)],
                        value=ALL,
                        label="Speaker",
                        elem_id=ELEM["speaker"],
                        filterable=True,
                        scale=3,
                    )
                    part = gr.Dropdown(
                        choices=[("All parts", ALL)],
                        value=ALL,
                        label="Part",
                        elem_id=ELEM["part"],
                        filterable=True,
                        scale=2,
                    )
                    answerer = gr.Radio(
                        choices=answerers,
                        value=settings.answer.answerer,
                        label="Answerer",
                        elem_id=ELEM["answerer"],
                        visible=len(answerers) > 1,
                        scale=3,
                    )
                transcript = gr.HTML(
                    render.EMPTY,
                    elem_id=ELEM["transcript"],
                    js_on_load=static_text("transcript.js"),
                    apply_default_css=False,
                )
                with gr.Row(elem_id="ask-row", equal_height=True):
                    question = gr.Textbox(
                        label="Your question",
                        elem_id=ELEM["question"],
                        placeholder="e.g. Que dit-on de la coopération décentralisée ? (Enter to ask)",
                        lines=1,
                        max_lines=4,
                        scale=6,
                        autofocus=True,
                        submit_btn=False,
                    )
                    with gr.Column(scale=1, min_width=90, elem_id="ask-buttons"):
                        send = gr.Button("Ask", elem_id=ELEM["send"], variant="primary")
                        stop_btn = gr.Button("Stop", elem_id=ELEM["stop"], variant="stop", interactive=False)
                hint = gr.HTML(render.hint("", loaded=False), elem_id=ELEM["hint"])
                examples = gr.Dataset(
                    components=[question], samples=[], label="Examples", elem_id=ELEM["examples"], visible=False
                )

        index_outputs = [speaker, part, examples, documents, remove_choice]
        app.load(
            on_load,
            [store],
            [session, transcript, history, hint, *index_outputs],
            api_visibility="private",
            queue=False,
        )
        asked = gr.on(
            triggers=[question.submit, send.click],
            fn=submit,
            inputs=[question, speaker, part, answerer, session],
            outputs=[session, transcript, question, hint, store, history],
            api_visibility="private",
            queue=False,
            trigger_mode="multiple",
            show_progress="hidden",
        )
        asked.then(
            work,
            [session],
            [transcript, stop_btn, store, history],
            api_visibility="private",
            trigger_mode="multiple",
            show_progress="hidden",
        )
        stop_btn.click(stop, [session], [transcript, store], api_visibility="private", queue=False)
        new.click(
            new_conversation,
            [session],
            [session, transcript, store, history, speaker, part, hint],
            api_visibility="private",
            queue=False,
        )
        history.input(
            open_conversation,
            [history, session],
            [session, transcript, store, history, speaker, part],
            api_visibility="private",
            queue=False,
        )
        examples.click(lambda sample: sample[0], [examples], [question], api_visibility="private", queue=False)
        if allow_upload:

            def upload(paths: list[str] | None) -> tuple[Any, ...]:
                try:
                    status = ingest_uploads(assistant, settings, paths)
                except Exception as e:  # noqa: BLE001 - the page says it in plain words, the log has the rest
                    status = plain_error(e)
                return (status, None, *index_views())

            def remove(key: str | None) -> tuple[Any, ...]:
                return (remove_document(assistant, settings, key), *index_views())

            files_box.upload(
                upload,
                [files_box],
                [upload_status, files_box, *index_outputs],
                api_visibility="private",
                concurrency_limit=1,
            )
            remove_btn.click(
                remove, [remove_choice], [upload_status, *index_outputs], api_visibility="private", concurrency_limit=1
            )
    return app


def theme() -> gr.themes.Base:
    # System fonts: the default theme fetches Google Fonts, which an offline host cannot reach.
    return gr.themes.Default(
        font=["system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"],
        font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "monospace"],
    )


def parse_auth(auth: str | None) -> tuple[str, str] | None:
    """(user, password) from `ui.auth`, already validated as USER:PASS by the settings."""
    if not auth:
        return None
    user, _, password = auth.partition(":")
    return user, password


def launch_options(settings: Settings, assistant: Assistant, throttle: dict[str, Any] | None = None) -> dict[str, Any]:
    """launch() keyword arguments other than host and port: CSS, theme, auth, the document
    route ("Open at page") and the login throttle (`throttle`: `LoginThrottle` arguments)."""
    return {
        "auth": parse_auth(settings.ui.auth),
        "auth_message": "Proceedings Q&A: sign in to ask questions." if settings.ui.auth else None,
        "share": False,
        "footer_links": ["gradio", "settings"],  # no "Use via API" link (Gradio 6's show_api=False)
        # Gradio refuses larger uploads itself (its size parser takes whole numbers: bytes).
        "max_file_size": int(settings.ui.max_upload_mb * 1024 * 1024),
        "css": static_text("chat.css"),
        "theme": theme(),
        "show_error": False,
        "app_kwargs": {
            "routes": [DocumentFiles(assistant).route()],
            "middleware": [Middleware(LoginThrottle, **(throttle or {}))],  # type: ignore[arg-type]
        },
    }


def serve(settings: Settings) -> None:
    """Serve the chat until interrupted (`start`, then wait)."""
    app, _ = start(settings)
    app.block_thread()


def start(settings: Settings) -> tuple[gr.Blocks, Assistant]:
    """Start serving the chat and return at once. The page is served first; the models and
    tables then warm up behind it (a question asked meanwhile waits only for what it needs).

    :raises IndexMissingError: nothing is indexed (before any server starts).
    """
    assistant = Assistant(settings)
    assistant.index.require()  # a missing index: the readable message, before any server starts
    app = build_app(assistant, settings)
    app.queue(default_concurrency_limit=settings.ui.concurrency)
    app.launch(
        server_name=settings.ui.host,
        server_port=settings.ui.port,
        prevent_thread_lock=True,
        **launch_options(settings, assistant),
    )
    warm_in_background(assistant)
    return app, assistant


def warm_in_background(assistant: Assistant) -> threading.Thread:
    """Start `assistant.warm_up()` in a thread of its own (a failure is logged: the first
    question then loads what it needs, and says what went wrong if it still fails)."""

    def warm() -> None:
        try:
            assistant.warm_up()
            logger.info("warmed up: the models and tables are loaded")
        except Exception:  # logged; questions report their own errors
            logger.exception("warming up failed; the first question will load what it needs")

    thread = threading.Thread(target=warm, name="warm-up", daemon=True)
    thread.start()
    return thread
