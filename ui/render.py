"""HTML of the chat, from the templates below. Every value is escaped here: questions, answers,
passages and metadata are shown as text (a question's `<img>` or Markdown image stays letters,
never a request). Nothing else in `ui/` writes HTML.

Ids are keyed by (answer, number): passage [2] of the third answer is `pqa-t3-c2`, so two
answers' [1] never collide and each answer keeps its own sources.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from string import Template
from typing import Any
from urllib.parse import quote as url_quote

from ui.views import Conversation, SourceView, TurnView

# --- templates -----------------------------------------------------------------------------
LOG = Template(
    '<div class="pqa-log" role="log" aria-label="Conversation" aria-busy="$busy" '
    'data-lang="$lang" data-turns="$count">$turns</div>'
)
EMPTY = (
    '<div class="pqa-log pqa-empty" role="log" aria-label="Conversation" data-lang="" data-turns="0">'
    '<p class="pqa-intro">Ask about the proceedings, in French or English. Each answer quotes the speakers; '
    "its sources are listed beside it (under it on a phone), with the quoted words highlighted. "
    "Click a number such as [1] to see its passage.</p></div>"
)
TURN = Template(
    '<article class="pqa-turn" id="pqa-t$n" data-turn="$n" data-status="$status"$lang_attr>'
    '<div class="pqa-q"><span class="pqa-who">You asked</span>'
    '<p class="pqa-qtext">$question</p></div>'
    "$filters"
    '<div class="pqa-body$body_class">'
    '<div class="pqa-answer">$state<div class="pqa-text">$text$caret</div>$notes</div>'
    "$sources"
    "</div></article>"
)
FILTERS = Template('<p class="pqa-filters">Filters: $chips</p>')
CHIP = Template('<span class="pqa-chip">$name: <b>$value</b></span>')
SOURCES = Template(
    '<aside class="pqa-sources" aria-label="Sources of answer $n">'
    '<h3 class="pqa-sources-title">Sources</h3><ol>$items</ol></aside>'
)
SOURCE = Template(
    '<li class="pqa-source" id="$id" data-number="$number" data-speaker="$speaker" tabindex="-1">'
    '<div class="pqa-head" title="$head_title"><span class="pqa-num">[$number]</span> '
    '<span class="pqa-speaker">$who</span>$role</div>'
    '<div class="pqa-meta">$meta</div>'
    '<blockquote class="pqa-excerpt">$excerpt</blockquote>'
    '<details class="pqa-more"><summary>Whole passage · $source</summary>'
    '<blockquote class="pqa-full">$full</blockquote></details></li>'
)
OPEN_PDF = Template(
    '<a class="pqa-open" href="$href#page=$page" target="_blank" rel="noopener" '
    'aria-label="Open $source at page $page">Open at page $page ↗</a>'
)
OPEN_TEXT = Template(
    '<a class="pqa-open" href="$href" target="_blank" rel="noopener" aria-label="Open $source">Open document ↗</a>'
)
DOCUMENTS = Template('<p class="pqa-docs-count">$caption</p><ul class="pqa-docs">$rows</ul>')
DOCUMENT_ROW = Template(
    '<li data-source="$source"><span class="pqa-doc-name">$name</span>'
    '<span class="pqa-doc-title">$title</span><span class="pqa-doc-counts">$counts</span></li>'
)
STATES = {
    "waiting": '<p class="pqa-state">Waiting: this question will be answered when the current answer is done.</p>',
    "searching": '<p class="pqa-state pqa-busy" role="status">Searching the proceedings…</p>',
    "writing": '<p class="pqa-state pqa-busy" role="status">Writing the answer… its sources appear when it is complete.</p>',
    "stopped": '<p class="pqa-state pqa-stopped">Stopped: this answer was not finished, so its sources were not checked.</p>',
    "cancelled": '<p class="pqa-state">Not answered: the conversation was left before its turn.</p>',
    "interrupted": '<p class="pqa-state">Interrupted: the page was closed or reloaded while this was being answered. Ask again to get the answer.</p>',
}
# A saved web page is served as text: its markup shown, never run in the chat's origin.
SERVED_TYPES = {
    ".pdf": "application/pdf",
    ".md": "text/plain",
    ".markdown": "text/plain",
    ".txt": "text/plain",
    ".html": "text/plain",
    ".htm": "text/plain",
}
DOC_ROUTE = "pqa/doc"  # relative to the page, so it works behind a proxy's root path too

# --- helpers -------------------------------------------------------------------------------
# [1], [1, 3], [2; 4]: citation markers of an answer.
MARKER = re.compile(r"\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\]")
_PARTIAL_MARKER = re.compile(r"\[[\d,;\s]*$")
_QUOTED = re.compile(r"«\s*(.+?)\s*»|“(.+?)”")
_DIGEST = re.compile(r"^[0-9a-f]{16}$")
# Characters of the passage kept before and after the quote: enough to read it in context,
# little enough that several cards fit beside (or under) their answer.
EXCERPT_BEFORE, EXCERPT_AFTER = 40, 90


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def pages_label(pages: Sequence[int]) -> str:
    if not pages:
        return ""
    return f"p. {pages[0]}" if pages[0] == pages[-1] else f"pp. {pages[0]}–{pages[-1]}"


def doc_href(doc: str, source: str) -> str:
    """The chat's link to an indexed file ("" for anything that is not a digest we issued)."""
    suffix = source[source.rfind(".") :].lower() if "." in source else ""
    if not _DIGEST.match(doc) or suffix not in SERVED_TYPES or "/" in source or "\\" in source:
        return ""
    return f"{DOC_ROUTE}/{doc}/{url_quote(source)}"


def _find(text: str, quote: str) -> tuple[int, int] | None:
    words = quote.split()
    if not words:
        return None
    m = re.search(r"\s+".join(re.escape(w) for w in words), text)
    return m.span() if m else None


def highlight(text: str, quotes: str | Sequence[str]) -> str:
    """HTML of `text` with each quote found in it marked (whitespace-insensitive); all escaped."""
    spans = [s for q in ([quotes] if isinstance(quotes, str) else quotes) if (s := _find(text, q))]
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, at = [], 0
    for start, end in merged:
        out.append(f"{esc(text[at:start])}<mark>{esc(text[start:end])}</mark>")
        at = end
    out.append(esc(text[at:]))
    return "".join(out)


def quoted_in(answer_text: str) -> list[str]:
    """Sentences the answer quotes between « » or “ ” (a passage may be quoted more than once)."""
    return [a or b for a, b in _QUOTED.findall(answer_text)]


def excerpt(text: str, quote: str, also: Sequence[str] = ()) -> str:
    """The quoted sentence with a little of the passage around it, quote marked; the passage's
    start when nothing is quoted; the quote alone (marked) when its wording is not in the passage."""
    span = _find(text, quote) if quote else None
    if quote and span is None:
        return f'«&nbsp;<mark class="pqa-own">{esc(quote)}</mark>&nbsp;»'
    if span is None:  # nothing quoted: the start of the passage, other quoted sentences marked
        spans = [s for q in also if (s := _find(text, q))]
        span = min(spans) if spans else (0, 0)
    start = max(0, span[0] - EXCERPT_BEFORE)
    end = min(len(text), span[1] + EXCERPT_AFTER if span[1] else 3 * EXCERPT_AFTER)
    if start > 0:  # whole words
        space = text.find(" ", start, span[0])
        start = space + 1 if space >= 0 else span[0]
    if end < len(text):
        cut = text.rfind(" ", span[1], end)
        end = cut if cut > 0 else end
    piece = highlight(text[start:end], [quote, *also] if quote else list(also))
    return ("…" if start > 0 else "") + piece + ("…" if end < len(text) else "")


def answer_html(text: str, numbers: set[int], turn: int, final: bool) -> str:
    """The answer's text, escaped, each [n] a link to its passage in this turn's sources.

    While the answer streams the markers are left out: they are checked, and may be
    renumbered, only when it is complete, so a [42] never shows.
    """
    if not final:
        text = _PARTIAL_MARKER.sub("", MARKER.sub("", text))
        return esc(text)
    out, at = [], 0
    for m in MARKER.finditer(text):
        out.append(esc(text[at : m.start()]))
        links = []
        for num in re.findall(r"\d+", m.group(1)):
            n = int(num)
            if n in numbers:
                links.append(
                    f'<a class="pqa-ref" href="#pqa-t{turn}-c{n}" data-turn="{turn}" data-n="{n}" '
                    f'aria-label="source {n}">{n}</a>'
                )
            else:
                links.append(esc(num))
        out.append("[" + ", ".join(links) + "]")
        at = m.end()
    out.append(esc(text[at:]))
    return "".join(out)


# --- the conversation ----------------------------------------------------------------------
def source_html(s: SourceView, turn: int, also: Sequence[str], duplicate: int = 0) -> str:
    who = s.speaker or s.part_title or s.part or "Document text"
    role = f' — <span class="pqa-role">{esc(s.role)}</span>' if s.role else ""
    href = doc_href(s.doc, s.source)
    opener = ""
    if href and s.source.lower().endswith(".pdf") and s.pages:
        opener = OPEN_PDF.substitute(href=esc(href), page=s.pages[0], source=esc(s.source))
    elif href and not s.source.lower().endswith(".pdf"):
        opener = OPEN_TEXT.substitute(href=esc(href), source=esc(s.source))
    meta = " · ".join(x for x in (esc(s.part), esc(pages_label(s.pages)), opener) if x)
    return SOURCE.substitute(
        # A number listed twice keeps its id on the first; the links go there.
        id=f"pqa-t{turn}-c{s.number}" + (f"-{duplicate}" if duplicate else ""),
        number=s.number,
        speaker=esc(s.speaker),
        head_title=esc(f"{who} — {s.role}" if s.role else who),
        who=esc(who),
        role=role,
        meta=meta,
        excerpt=excerpt(s.text, s.quote, also),
        source=esc(s.source),
        full=highlight(s.text, [s.quote, *also] if s.quote else list(also)),
    )


def turn_html(t: TurnView, n: int) -> str:
    final = t.status == "done"
    chips = [CHIP.substitute(name=k, value=esc(v)) for k, v in (("Speaker", t.speaker), ("Part", t.part)) if v]
    notes = []
    if t.status == "error":
        notes.append(f'<p class="pqa-error" role="alert">⚠️ Could not answer: {esc(t.message)}</p>')
    elif t.status == "notice":
        notes.append(f'<p class="pqa-notice" role="status">{esc(t.message)}</p>')
    elif final:
        if t.refused:
            notes.append(
                '<p class="pqa-note">Not in the indexed documents: no passage answers this question, so nothing is cited.</p>'
            )
        elif not t.grounded:
            notes.append('<p class="pqa-warn">⚠️ No valid citation: this answer is not grounded in the proceedings.</p>')
        if t.fallback:
            notes.append('<p class="pqa-note">The language model failed; this is the extractive answer.</p>')
    sources = ""
    if final and t.sources:
        also = quoted_in(t.text)
        seen: dict[int, int] = {}
        items = []
        for s in t.sources:
            items.append(source_html(s, n, also, seen.get(s.number, 0)))
            seen[s.number] = seen.get(s.number, 0) + 1
        sources = SOURCES.substitute(n=n, items="".join(items))
    return TURN.substitute(
        n=n,
        status=t.status,
        lang_attr=f' lang="{esc(t.lang)}"' if t.lang else "",
        question=esc(t.question),
        filters=FILTERS.substitute(chips=" ".join(chips)) if chips else "",
        body_class="" if sources else " pqa-nosources",
        state=STATES.get(t.status, ""),
        text=answer_html(t.text, {s.number for s in t.sources}, n, final),
        caret='<span class="pqa-caret" aria-hidden="true"></span>' if t.status == "writing" else "",
        notes="".join(notes),
        sources=sources,
    )


def transcript(conv: Conversation) -> str:
    """The whole conversation; `data-lang` is the language of its latest answer (the page's)."""
    if not conv.turns:
        return EMPTY
    lang = next((t.lang for t in reversed(conv.turns) if t.lang), "")
    busy = any(t.status in ("searching", "writing") for t in conv.turns)
    return LOG.substitute(
        busy="true" if busy else "false",
        lang=esc(lang),
        count=len(conv.turns),
        turns="".join(turn_html(t, i) for i, t in enumerate(conv.turns, 1)),
    )


def documents_table(documents: Sequence[Mapping[str, Any]]) -> str:
    """The indexed documents (`Assistant.describe()["documents"]`): name, title, counts."""
    if not documents:
        return '<p class="pqa-docs-empty">No document is indexed yet.</p>'

    def count(n: object, what: str) -> str:
        return f"{n} {what}{'s' * (n != 1)}"

    rows = [
        DOCUMENT_ROW.substitute(
            source=esc(d.get("source", "")),
            name=esc(d.get("source", "")),
            title=esc(d.get("title", "")),
            counts=esc(
                " · ".join(
                    [count(d["pages"], "page")] * bool(d.get("pages"))
                    + [count(d.get("speakers", 0), "speaker"), count(d.get("chunks", 0), "passage")]
                )
            ),
        )
        for d in documents
    ]
    n = len(documents)
    return DOCUMENTS.substitute(caption=count(n, "indexed document"), rows="".join(rows))


def hint(text: str, loaded: bool = True) -> str:
    """The line under the question box (why nothing was asked). `data-loaded` tells that the
    page's session is ready (set by the first event, the page load)."""
    return f'<p class="pqa-hint" role="status"{" data-loaded" * loaded}>{esc(text)}</p>'
