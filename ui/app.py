"""The browser chat (Gradio 6): layout and wiring over `qa.Assistant`, no retrieval or answering here.

    from ui.app import build_app, serve
    serve(settings)                      # what `proceedings-qa ui` runs

The chat handler is a plain generator, `chat_turn`, so it can be called without a browser.
Per-user state lives in a `gr.State` holding a `Conversation` (the messages shown and the
user questions passed back as `history=`), so concurrent users never share a history.
"""

from __future__ import annotations

import html
import logging
import re
import shutil
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import gradio as gr

from qa.assistant import Assistant
from qa.core.errors import ProceedingsQAError
from qa.core.settings import Settings
from qa.core.types import Answer, Citation

logger = logging.getLogger(__name__)

# Stable element ids (tests and CSS use them).
ELEM = {
    "chat": "chat",
    "question": "question",
    "send": "send",
    "speaker": "speaker-filter",
    "part": "part-filter",
    "answerer": "answerer",
    "sources": "sources",
    "new": "new-conversation",
    "upload": "upload",
    "upload_status": "upload-status",
}
ALL = "all"  # value of the "no filter" choice of both dropdowns
EXAMPLES = [
    "Que dit l'ambassadrice de France en Arménie de la coopération décentralisée ?",
    "Que dit François Rebsamen du rôle des collectivités ?",
    "What did Bernard Kouchner say about humanitarian aid?",
    "What did Anne Louyot say about the situation in Armenia?",
]
EMPTY_SOURCES = '<div class="pqa-sources pqa-empty"><p>The passages cited by the latest answer appear here.</p></div>'
LLM_ANSWERERS = ("openai", "ollama", "hf-local")
CSS = """
#sources .pqa-source { margin: 0 0 1em 0; padding: .6em .8em; border-left: 3px solid var(--color-accent);
  background: var(--block-background-fill); border-radius: 4px; list-style: none; }
#sources ol { padding-left: 0; margin: 0; }
#sources .pqa-cite { font-weight: 600; }
#sources .pqa-meta { font-size: .9em; opacity: .8; margin: .2em 0 .4em 0; }
#sources blockquote { margin: 0; font-size: .92em; line-height: 1.45; white-space: pre-wrap; }
#sources mark { background: #ffe58a; color: #1a1a1a; padding: 0 .1em; border-radius: 2px; }
#sources .pqa-none, #sources .pqa-error { font-style: italic; }
#sources-box { max-height: 640px; overflow-y: auto; }
"""


# --- per-session state --------------------------------------------------------------------
@dataclass
class Conversation:
    """One browser session's conversation: what the chat shows and the questions asked."""

    messages: list[dict[str, Any]] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)  # earlier user questions, oldest first


@dataclass
class Turn:
    """One update of the chat while a question is answered (the last one is final)."""

    messages: list[dict[str, Any]]
    sources: str  # HTML of the sources panel
    conversation: Conversation  # the state to keep after this update
    answer: Answer | None = None  # set on the final update of an answered question
    error: str | None = None  # set when the question could not be answered (user error)
    done: bool = False

    @property
    def text(self) -> str:
        """The latest assistant message."""
        for m in reversed(self.messages):
            if m["role"] == "assistant":
                return str(m["content"])
        return ""


def _filter_value(value: str | None) -> str | None:
    return None if value in (None, "", ALL) else value


def chat_turn(
    assistant: Assistant,
    question: str,
    conversation: Conversation | None = None,
    speaker: str | None = None,
    part: str | None = None,
    answerer: str | None = None,
) -> Iterator[Turn]:
    """Answer `question` within `conversation`, yielding the growing chat.

    User errors (empty or too long question, unknown filter, LLM endpoint down) end the turn
    with a readable assistant message and `Turn.error`; they never raise.
    """
    conv = conversation or Conversation()
    question = question or ""
    shown_question = question.strip()
    if len(shown_question) > 2000:  # a refused, overlong question is not shown whole
        shown_question = shown_question[:2000] + "…"
    before = list(conv.messages) + ([{"role": "user", "content": _escape_md(shown_question)}] if shown_question else [])

    def failed(message: str, partial: str = "") -> Turn:
        text = (partial.rstrip() + "\n\n" if partial.strip() else "") + f"⚠️ Could not answer: {_escape_md(message)}"
        messages = [*before, {"role": "assistant", "content": text}]
        # The failed question is shown but not kept as context for follow-ups.
        return Turn(messages, _error_html(message), replace(conv, messages=messages), error=message, done=True)

    try:
        stream = assistant.stream(
            question,
            history=list(conv.questions),
            speaker=_filter_value(speaker),
            part=_filter_value(part),
            answerer=answerer or None,
        )
    except ProceedingsQAError as e:
        yield failed(e.describe())
        return
    yield Turn([*before], EMPTY_SOURCES, conv)
    text = ""
    try:
        for piece in stream:
            text += piece
            yield Turn([*before, {"role": "assistant", "content": _escape_md(text)}], EMPTY_SOURCES, conv)
        answer = stream.answer
    except ProceedingsQAError as e:
        yield failed(e.describe(), _escape_md(text))
        return
    except Exception as e:  # the user gets a message, the log gets the traceback
        logger.exception("unexpected error while answering %r", question)
        yield failed(f"internal error ({type(e).__name__}); see the server log", _escape_md(text))
        return
    messages = [*before, {"role": "assistant", "content": answer_markdown(answer)}]
    new = Conversation(messages, [*conv.questions, question.strip()])
    yield Turn(messages, sources_html(answer), new, answer=answer, done=True)


# --- rendering ----------------------------------------------------------------------------
_MD_SPECIAL = re.compile(r"([\\`*_#|~])")


def _escape_md(text: str) -> str:
    """Answer text is quoted document text: show it literally (no HTML, no emphasis)."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def _esc(text: str) -> str:
    return html.escape(text, quote=True).replace("$", "&#36;")


def citation_label(c: Citation) -> str:
    return c.passage.chunk.label()


def answer_markdown(answer: Answer) -> str:
    """The chat message of an answer: its text, then its numbered citations."""
    out = [_escape_md(answer.text)]
    if answer.fallback:
        out.append("\n\n*The LLM answerer failed; this is the extractive answer.*")
    if not answer.refused and not answer.grounded:
        out.append("\n\n*⚠️ No valid citation: this answer is not grounded in the proceedings.*")
    cits = sorted(answer.citations, key=lambda c: c.number)
    if cits:
        out.append("\n\n**Sources**")
        out.extend(f"\n[{c.number}] {_escape_md(citation_label(c))} — {_escape_md(c.source)}" for c in cits)
    return "".join(out)


def highlight(text: str, quotes: str | Sequence[str]) -> str:
    """HTML of `text` with each quote found in it marked (whitespace-insensitive); all escaped."""
    spans: list[tuple[int, int]] = []
    for quote in [quotes] if isinstance(quotes, str) else quotes:
        words = quote.split()
        if words:
            m = re.search(r"\s+".join(re.escape(w) for w in words), text)
            if m:
                spans.append(m.span())
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, at = [], 0
    for start, end in merged:
        out.append(f"{_esc(text[at:start])}<mark>{_esc(text[start:end])}</mark>")
        at = end
    out.append(_esc(text[at:]))
    return "".join(out)


_QUOTED = re.compile(r"«\s*(.+?)\s*»|“(.+?)”")


def quoted_in(answer_text: str) -> list[str]:
    """Sentences the answer quotes between « » or “ ” (a passage may be quoted more than once)."""
    return [a or b for a, b in _QUOTED.findall(answer_text)]


def sources_html(answer: Answer) -> str:
    """The sources panel: each cited passage with speaker, role, part, page and source."""
    if answer.refused:
        return (
            '<div class="pqa-sources"><p class="pqa-none">Not in the proceedings: '
            "no passage answers this question, so nothing is cited.</p></div>"
        )
    if not answer.citations:
        return '<div class="pqa-sources"><p class="pqa-none">This answer cites no passage.</p></div>'
    items = []
    also_quoted = quoted_in(answer.text)
    for c in sorted(answer.citations, key=lambda c: c.number):
        chunk = c.passage.chunk
        who = chunk.speaker or (chunk.part_title or chunk.part or "Document text")
        page = (
            f"p. {chunk.pages[0]}"
            if len(set(chunk.pages)) == 1
            else (f"pp. {chunk.pages[0]}–{chunk.pages[-1]}" if chunk.pages else "")
        )
        meta = " · ".join(_esc(x) for x in (chunk.part, page, chunk.source) if x)
        role = f' — <span class="pqa-role">{_esc(chunk.role)}</span>' if chunk.role else ""
        body = highlight(c.text, [c.quote, *also_quoted])
        missing = c.quote and "<mark>" not in highlight(c.text, c.quote)
        quote = f'<p class="pqa-quote">«&nbsp;<mark>{_esc(c.quote)}</mark>&nbsp;»</p>' if missing else ""
        items.append(
            f'<li class="pqa-source" data-number="{c.number}" data-speaker="{_esc(chunk.speaker)}">'
            f'<div class="pqa-cite"><span class="pqa-num">[{c.number}]</span> '
            f'<span class="pqa-speaker">{_esc(who)}</span>{role}</div>'
            f'<div class="pqa-meta">{meta}</div>{quote}<blockquote>{body}</blockquote></li>'
        )
    return f'<div class="pqa-sources"><ol>{"".join(items)}</ol></div>'


def _error_html(message: str) -> str:
    return f'<div class="pqa-sources"><p class="pqa-error">⚠️ {_esc(message)}</p></div>'


# --- choices --------------------------------------------------------------------------------
def speaker_choices(assistant: Assistant) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for s in assistant.speakers():
        seen.setdefault(s.name, f"{s.name} — {s.role}" if s.role else s.name)
    return [("All speakers", ALL), *((label, name) for name, label in sorted(seen.items()))]


def part_choices(assistant: Assistant) -> list[tuple[str, str]]:
    return [("All parts", ALL), *((p, p) for p in assistant.parts() if p)]


def answerer_choices(settings: Settings) -> list[tuple[str, str]]:
    choices = [("Extractive (quotes the proceedings, no LLM)", "extractive")]
    name = settings.answer.answerer
    if name != "extractive":
        choices.append((f"{name} (LLM)", name))
    return choices


# --- upload ---------------------------------------------------------------------------------
_upload_lock = threading.Lock()


def ingest_uploads(assistant: Assistant, settings: Settings, files: Sequence[str | Path] | None) -> str:
    """Copy uploads next to the index and ingest them; the CLI's messages, as Markdown."""
    from ingest.pipeline import IngestReport, ingest
    from ingest.readers import SUPPORTED_SUFFIXES

    if not files:
        return "No file uploaded."
    limit = settings.ui.max_upload_mb
    folder = settings.index.dir / "uploads"
    keep: list[Path] = []
    refused: list[tuple[str, str]] = []
    for f in files:
        src = Path(f)
        if src.suffix.lower() not in SUPPORTED_SUFFIXES:
            refused.append(
                (
                    src.name,
                    f"unsupported file type {src.suffix or '(no extension)'!r}; "
                    f"expected one of {', '.join(sorted(SUPPORTED_SUFFIXES))}",
                )
            )
            continue
        size = src.stat().st_size
        if size > limit * 1024 * 1024:
            refused.append(
                (
                    src.name,
                    f"{size / 1024 / 1024:.1f} MB is over the {limit:g} MB upload limit "
                    "(setting ui.max_upload_mb, env PQA_UI_MAX_UPLOAD_MB)",
                )
            )
            continue
        folder.mkdir(parents=True, exist_ok=True)
        dest = folder / src.name
        shutil.copyfile(src, dest)
        keep.append(dest)
    with _upload_lock:
        report = ingest(keep, assistant.index) if keep else IngestReport()
        assistant.reload()
    report.skipped[:0] = refused
    report.documents_total, report.chunks_total = len(assistant.index.documents), len(assistant.index.chunks())
    lines = [report.summary()]
    for name, reason in report.skipped:
        lines.append(f"skipped {Path(name).name}: {reason}")
    return "\n\n".join(_escape_md(line) for line in lines)


# --- the app --------------------------------------------------------------------------------
def build_app(assistant: Assistant, settings: Settings) -> gr.Blocks:
    """The chat page. Launch it with `launch_options(settings)` (CSS, theme, auth, limits)."""
    answerers = answerer_choices(settings)

    def respond(
        question: str, conv: Conversation | None, speaker: str | None, part: str | None, answerer: str | None
    ) -> Iterator[tuple[list[dict[str, Any]], Conversation, str, str]]:
        for turn in chat_turn(assistant, question, conv, speaker, part, answerer):
            # Keep the question in the box when it could not be answered, so it can be fixed.
            yield turn.messages, turn.conversation, turn.sources, question if turn.error else ""

    def new_conversation() -> tuple[list[dict[str, Any]], Conversation, str, str]:
        return [], Conversation(), EMPTY_SOURCES, ""

    def refresh_filters() -> tuple[Any, Any]:
        return gr.Dropdown(choices=speaker_choices(assistant)), gr.Dropdown(choices=part_choices(assistant))

    with gr.Blocks(title="Proceedings Q&A", analytics_enabled=False) as app:
        conv = gr.State(Conversation())
        gr.Markdown(
            "## Proceedings Q&A\n"
            "Ask about the conference proceedings, in French or English. Answers quote the "
            "speakers and cite the passages; the cited passages are listed on the right."
        )
        with gr.Row(equal_height=False):
            with gr.Column(scale=3):
                chat = gr.Chatbot(
                    elem_id=ELEM["chat"],
                    label="Conversation",
                    height=520,
                    buttons=["copy"],
                    feedback_options=None,
                    placeholder="Ask a question about the proceedings…",
                )
                with gr.Row():
                    question = gr.Textbox(
                        elem_id=ELEM["question"],
                        show_label=False,
                        placeholder="Your question, e.g. Que dit Anne Louyot de la situation en Arménie ?",
                        lines=1,
                        max_lines=4,
                        scale=5,
                        autofocus=True,
                    )
                    send = gr.Button("Ask", elem_id=ELEM["send"], variant="primary", scale=1, min_width=80)
                gr.Examples(examples=[[q] for q in EXAMPLES], inputs=[question], label="Examples")
                with gr.Row():
                    speaker = gr.Dropdown(
                        choices=speaker_choices(assistant), value=ALL, label="Speaker", elem_id=ELEM["speaker"]
                    )
                    part = gr.Dropdown(choices=part_choices(assistant), value=ALL, label="Part", elem_id=ELEM["part"])
                    answerer = gr.Radio(
                        choices=answerers,
                        value=settings.answer.answerer,
                        label="Answerer",
                        elem_id=ELEM["answerer"],
                        interactive=len(answerers) > 1,
                    )
                new = gr.Button("New conversation", elem_id=ELEM["new"], variant="secondary")
                if settings.ui.allow_upload:
                    with gr.Accordion("Add documents", open=False):
                        files = gr.File(
                            label=f"PDF or Markdown, up to {settings.ui.max_upload_mb:g} MB each",
                            file_count="multiple",
                            file_types=[".pdf", ".md", ".markdown", ".txt"],
                            elem_id=ELEM["upload"],
                        )
                        upload_status = gr.Markdown(elem_id=ELEM["upload_status"])
            with gr.Column(scale=2, elem_id="sources-box"):
                gr.Markdown("### Sources")
                sources = gr.HTML(EMPTY_SOURCES, elem_id=ELEM["sources"])

        gr.on(
            triggers=[question.submit, send.click],
            fn=respond,
            inputs=[question, conv, speaker, part, answerer],
            outputs=[chat, conv, sources, question],
            api_name="ask",
            show_progress="minimal",
        )
        new.click(new_conversation, None, [chat, conv, sources, question], api_name="new_conversation")
        # The chat's own trash button empties the display; the history must go with it.
        chat.clear(new_conversation, None, [chat, conv, sources, question], api_visibility="private")
        app.load(refresh_filters, None, [speaker, part], api_visibility="private")
        if settings.ui.allow_upload:

            def upload(paths: list[str] | None) -> tuple[str, Any, Any]:
                status = ingest_uploads(assistant, settings, paths)
                return (status, *refresh_filters())

            files.upload(upload, [files], [upload_status, speaker, part], api_visibility="private", concurrency_limit=1)
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


def launch_options(settings: Settings) -> dict[str, Any]:
    """launch() keyword arguments other than host and port (Gradio 6: CSS and theme go here)."""
    return {
        "auth": parse_auth(settings.ui.auth),
        "auth_message": "Proceedings Q&A: sign in to ask questions." if settings.ui.auth else None,
        "share": False,
        "footer_links": ["gradio", "settings"],  # no "Use via API" link (Gradio 6's show_api=False)
        # Gradio refuses larger uploads itself (its size parser takes whole numbers: bytes).
        "max_file_size": int(settings.ui.max_upload_mb * 1024 * 1024),
        "css": CSS,
        "theme": theme(),
        "show_error": False,
    }


def serve(settings: Settings) -> None:
    assistant = Assistant(settings)
    assistant.index.require()  # a missing index: the readable message, before any server starts
    assistant.warm_up()
    app = build_app(assistant, settings)
    app.queue(default_concurrency_limit=settings.ui.concurrency)
    app.launch(server_name=settings.ui.host, server_port=settings.ui.port, **launch_options(settings))
