"""Readers: a file in, a list of layout blocks out (paragraphs with page and style).

PDF, Markdown, HTML and plain text all come out as the same `Block`s so that one structure parser
serves every format. HTML (a saved web page, a Hansard scraped to HTML, also when saved as .txt)
is turned into Markdown and read by the Markdown reader. The PDF reader works from text positions
and font names (pypdf's visitor) because plain text extraction merges list items and loses
paragraph breaks.
"""

from __future__ import annotations

import itertools
import logging
import re
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from qa.core.errors import ReadError
from qa.core.text import upper_share

logger = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = {
    ".pdf": "pdf",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
}
BULLET_GLYPHS = {"\x7f", "•", "●", "▪", "◦", "‣", "∙", "·", "", "-", "–", "—", "*", "o", "■", "□"}


@dataclass(slots=True)
class Block:
    """A paragraph-like unit of layout."""

    text: str
    pages: tuple[int, ...] = ()
    bold: bool = False  # the whole block is bold
    italic: bool = False  # the whole block is italic
    heading: bool = False  # typeset as a heading (larger font, or '#' in Markdown)
    bullet: bool = False  # a list item
    lines: list[str] = field(default_factory=list)  # the printed lines
    title: bool = False  # the document's title from its metadata (front matter), not body text
    field: str = ""  # the front matter field this block holds ("author", "description"): not body text
    level: int = 0  # heading level: 1 is the most prominent ('#', the largest type); 0 for text
    lead: str = ""  # bold words opening the block ("**Julian :** Bonjour" -> "Julian :")


def read_file(path: Path, max_mb: float = 50.0) -> list[Block]:
    """Read one file into blocks, or raise ReadError naming the file and the reason."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ReadError(
            f"{path}: unsupported file type {suffix or '(no extension)'!r}; "
            f"expected one of {', '.join(sorted(SUPPORTED_SUFFIXES))}"
        )
    try:
        size = path.stat().st_size
    except OSError as e:
        raise ReadError(f"{path}: cannot be read ({e.strerror})") from None
    if size == 0:
        raise ReadError(f"{path}: the file is empty; expected a document with text")
    if size > max_mb * 1024 * 1024:
        raise ReadError(
            f"{path}: {size:,} bytes ({size / 1024 / 1024:.3g} MB) is over the {max_mb:g} MB limit; "
            f"expected at most {max_mb:g} MB (setting ingest.max_file_mb, env PQA_INGEST_MAX_FILE_MB)"
        )
    kind = SUPPORTED_SUFFIXES[suffix]
    if kind == "pdf":
        blocks = read_pdf(path)
    else:
        text = _read_utf8(path)
        if kind == "html" or looks_like_html(text):
            # A whole HTML page saved as .txt or .md is still HTML: read as text, its markup
            # would be the passages.
            blocks = read_html(text)
        else:
            blocks = read_markdown(text) if kind == "markdown" else read_text(text)
    if not any(b.text.strip() for b in blocks):
        raise ReadError(f"{path}: no text found; expected a document with text")
    return blocks


def _read_utf8(path: Path) -> str:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ReadError(
            f"{path}: not UTF-8 text (invalid byte 0x{data[e.start]:02x} at offset {e.start}); "
            "expected UTF-8, convert it with e.g. `iconv -f latin1 -t utf-8`"
        ) from None
    if "\x00" in text:
        raise ReadError(f"{path}: binary content (NUL bytes); expected UTF-8 text")
    return text


# --- Markdown and text ------------------------------------------------------------------
#
# Files people bring are exports: Markdown with front matter, HTML and Pandoc attributes,
# plain text from stenographers (numbered lines, double spacing, page numbers), mail
# archives, CSV dumps of OCR pages, text with one turn per line. Each is brought back to
# paragraphs here; what a paragraph means is the structure parser's business.

# A paragraph longer than this (a file written as one line) is cut at a sentence end or a space:
# later steps look at paragraph starts and must not be handed megabytes at once.
MAX_PARAGRAPH_CHARS = 20_000
# A paragraph typeset whole in bold or italic is at most this long (longer ones are text).
MAX_STYLED_CHARS = 5_000
# Stenographic transcripts number their lines 1-25 (or 1-28) in a left margin.
MAX_LINE_NUMBER = 30
# A file is line-numbered when at least this share of its non-blank lines start with a number.
LINE_NUMBERED_SHARE = 0.4
# Double spacing: a blank line after (nearly) every printed line. At least this many
# blank-line paragraphs, this share of them one line long.
DOUBLE_SPACED_MIN_PARAGRAPHS = 12
DOUBLE_SPACED_SHARE = 0.7
# Printed lines of a wrapped text are at most this long (90th percentile); longer lines are
# paragraphs written on one line.
WRAPPED_LINE_MAX = 130
# A line at least this share of the wrap width long, without a sentence end, runs on.
FULL_LINE_SHARE = 0.75
# One paragraph per line: a blank-line paragraph whose lines are this long (median), most of
# them ending a sentence, is a list of paragraphs (a transcript saved with single newlines).
ONE_PER_LINE_MEDIAN = 120
# One sentence per line (aligned corpora, sentence-split exports): a blank-line paragraph of at
# least this many lines, this share of them ending a sentence (or a label's colon). Wrapped prose
# ends a sentence on a line's end far less often.
ONE_SENTENCE_MIN_LINES = 8
ONE_SENTENCE_SHARE = 0.75
# Running headers: a line at the top of at least this share of the pages (and 3 pages).
RUNNING_SHARE = 0.5

# Front matter fields read for the people a piece names (never passages): its authors, and the
# summary that introduces an interview ("X, a reporter for Y, interviewed Z, professor of ...").
AUTHOR_FIELDS = ("author", "authors", "interviewer", "byline", "by", "writer")
META_PEOPLE_FIELDS = (*AUTHOR_FIELDS, "description", "excerpt", "summary", "subtitle", "lede", "standfirst", "intro")

# The document's own date, when only its metadata (a front matter "date:") or its page furniture
# (a running header "4 June 1997" on every page) says it: kept as a line of its head, where a
# question about the document's date finds it.
DATE_FIELDS = ("date", "published", "pubdate", "created")
_MONTHS = (
    r"jan(?:uary|vier)?|feb(?:ruary)?|févr(?:ier)?|fevr(?:ier)?|mar(?:ch|s)?|apr(?:il)?|avr(?:il)?|may|mai|"
    r"june?|juin|july|juil(?:let)?|aug(?:ust)?|août|aout|sept?(?:ember|embre)?|oct(?:ober|obre)?|"
    r"nov(?:ember|embre)?|dec(?:ember)?|déc(?:embre)?"
)
_RUNNING_DATE = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th|er)?\.?\s+(?:{_MONTHS})\.?,?\s+\d{{4}}|"
    rf"(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\b",
    re.I,
)
HEAD_TEXT_CHARS = 3000  # a date the document's opening already states is not added again


def _document_date(candidates: Iterable[str], opening: str) -> str | None:
    """The first date among `candidates` (front matter values, dropped running lines), unless
    the document's `opening` text already states it."""
    for text in candidates:
        m = _RUNNING_DATE.search(text)
        if m is not None:
            return None if m.group(0) in opening[:HEAD_TEXT_CHARS] else m.group(0)
    return None


def _with_date(blocks: list[Block], date: str | None) -> list[Block]:
    """The blocks with the document's date (`_document_date`) as a line after the first one
    (the title, or the opening line that stands for it)."""
    if not date:
        return blocks
    body = [i for i, b in enumerate(blocks) if not b.field]
    at = body[0] + 1 if body else len(blocks)
    pages = blocks[body[0]].pages if body else ()
    return [*blocks[:at], Block(date, pages, lines=[date]), *blocks[at:]]


_MD_BULLET = re.compile(r"^\s{0,6}(?:[-*+]|\d+[.)])\s+")
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_RULE = re.compile(r"^\s*(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,}|(?:=\s*){3,})$")
_FRONT_MATTER = re.compile(r"\A(?:---|\+\+\+)[ \t]*\n(?:(.*?)\n)?(?:---|\.\.\.|\+\+\+)[ \t]*(?:\n|\Z)", re.S)
_SENTENCE_END = re.compile(r"[.!?:;»\"”)\]…]\**$")
_MAIL_HEADER = re.compile(r"^(?:From |From:|Date:|To:|Cc:|Subject:|Message-ID:|Reply-To:|Sender:)", re.I)


def _normalise(text: str) -> str:
    """One newline convention, no byte-order mark, no-break spaces as spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = re.sub(r"[\ue000-\uf8ff]", "", text)  # symbol-font bullets of PDF exports (U+F0B7)
    text = text.replace("\uff1a", ":")  # a full-width colon ("saskia-sassen：") is a colon
    return text.replace("\xa0", " ").replace("\u202f", " ").replace("\u2028", "\n")


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """The front matter block (YAML/TOML between `---` lines) as flat key -> value, and the
    rest of the text. Only simple `key: value` lines and `key: |` blocks are read: enough for
    a title; the block never reaches the passages."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    meta: dict[str, str] = {}
    key = ""
    for line in (m.group(1) or "").splitlines():
        kv = re.match(r"^([A-Za-z_][\w:.-]*)\s*[:=]\s*(.*)$", line)
        if kv:
            key, value = kv.group(1).lower(), kv.group(2).strip()
            meta[key] = "" if value in {"|", ">", "|-", ">-"} else value
        elif key and line.startswith((" ", "\t")):
            meta[key] = f"{meta[key]} {line.strip()}".strip()
    for k, v in meta.items():
        v = re.sub(r"\\(.)", r"\1", v.strip())
        meta[k] = v[1:-1] if len(v) > 1 and v[0] == v[-1] and v[0] in "'\"" else v
    return meta, text[m.end() :]


_LAYOUT_TAGS = (
    "span|div|p|br|hr|img|audio|video|source|track|picture|figure|figcaption|section|article|nav|header|"
    "footer|aside|main|iframe|font|center|sup|sub|small|table|thead|tbody|tr|td|th|ul|ol|li|a|u"
)


def _strip_markup(text: str) -> str:
    """HTML layout tags, hidden elements, Pandoc attributes, images and link targets out; link
    texts and Markdown escapes kept as text. Every pattern is bounded (a few hundred characters
    per element) so that a large file full of unclosed brackets stays linear."""
    text = re.sub(r"<(\w+)[^<>]{0,300}display:\s*none[^<>]{0,300}>.{0,2000}?</\1>", "", text, flags=re.S | re.I)
    text = re.sub(r"<!--.{0,5000}?-->", "", text, flags=re.S)
    text = re.sub(r"<(script|style)\b[^<>]{0,300}>.{0,20000}?</\1>", "", text, flags=re.S | re.I)
    # Layout elements of HTML exports go; other angle brackets are text ("<passage>", "a < b").
    text = re.sub(rf"</?(?:{_LAYOUT_TAGS})\b[^<>]{{0,500}}>", "", text, flags=re.I)
    text = re.sub(r"!\[[^\[\]]{0,500}\]\([^()]{0,2000}\)(?:\{[^{}]{0,500}\})?", "", text)  # images
    text = re.sub(r"\[([^\[\]]{0,500})\]\{[^{}]{0,500}\}", r"\1", text)  # Pandoc spans [text]{.class}
    text = re.sub(r"\{[#.][^{}]{0,500}\}", "", text)  # Pandoc attributes {#id .class}
    link = r"\[([^\[\]]{0,500})\]\((?:[^()\s]|\([^()]{0,200}\)){0,2000}(?:\s+\"[^\"]{0,500}\")?\)"
    # A link to a moment of a recording ("[2:22](https://youtube…?t=142s)") is no one's words.
    text = re.sub(link.replace(r"([^\[\]]{0,500})", r"(?:\d{1,2}:)?\d{1,2}:\d{2}", 1), "", text)
    for _ in range(2):  # a link inside a link's text
        text = re.sub(link, r"\1", text)
    text = re.sub(r"\[\]", "", text)
    text = re.sub(r"\\\n", "\n", text)  # hard line breaks
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!|~\"'])", r"\1", text)


def _strip_md(text: str) -> tuple[str, bool, bool]:
    """Remove inline markup; report whether the whole text was bold / italic."""
    t = text.strip()
    # Only a short paragraph is typeset whole in bold or italic (a heading, a speaker line); the
    # patterns backtrack on long text.
    short = len(t) <= MAX_STYLED_CHARS
    bold = short and bool(re.fullmatch(r"(?:\*\*[^*].*?[^*]\*\*\s*)+|__[^_].*[^_]__", t, flags=re.S))
    italic = short and not bold and bool(re.fullmatch(r"(?:\*[^*].*?[^*]\*\s*)+|_[^_].*[^_]_", t, flags=re.S))
    t = re.sub(r"\*\*|__", "", t)
    t = re.sub(r"(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)", "", t)
    return re.sub(r"\s+", " ", t).strip(), bold, italic


def _bold_lead(raw: str) -> str:
    """The bold words opening a Markdown paragraph ("**Julian :** Bonjour" -> "Julian :")."""
    m = re.match(r"^\s*(?:\*\*|__)(.{1,120}?)(?:\*\*|__)", raw)
    return re.sub(r"\s+", " ", m.group(1)).strip() if m else ""


def _cut_long(text: str) -> list[str]:
    """A paragraph over MAX_PARAGRAPH_CHARS in pieces cut at a sentence end (or a space)."""
    if len(text) <= MAX_PARAGRAPH_CHARS:
        return [text]
    out: list[str] = []
    start = 0
    while len(text) - start > MAX_PARAGRAPH_CHARS:
        stop = start + MAX_PARAGRAPH_CHARS
        cut = max(text.rfind(". ", start, stop), text.rfind("? ", start, stop), text.rfind("! ", start, stop))
        if cut < start + MAX_PARAGRAPH_CHARS // 2:
            cut = text.rfind(" ", start, stop)
        if cut < start + MAX_PARAGRAPH_CHARS // 2:
            cut = stop - 1
        piece = text[start : cut + 1].strip()
        if piece:
            out.append(piece)
        start = cut + 1
    rest = text[start:].strip()
    if rest:
        out.append(rest)
    return out


_SETEXT = re.compile(r"^([^\n=|].{0,120})\n={3,}[ \t]*$", re.M)


def read_markdown(text: str) -> list[Block]:
    """Markdown: front matter gives the title; a rule followed by a bare number is a page
    break with its number (PDF-to-Markdown exports); three blank lines or a form feed too."""
    meta, text = front_matter(_normalise(text))
    text = _strip_markup(text)
    # A title underlined with "=" (a Setext heading, as reStructuredText writes them too).
    text = _SETEXT.sub(lambda m: f"# {m.group(1).strip()}", text)
    blocks: list[Block] = []
    if meta.get("title"):
        # "Matthew_McConaughey": an underscore between words stands for a space in exported titles.
        title = re.sub(r"(?<=\w)_(?=\w)", " ", meta["title"])
        blocks.append(Block(_strip_md(title)[0], heading=True, title=True))
    # Fields that say who wrote the piece and what it is about: read for people and roles only.
    for key in META_PEOPLE_FIELDS:
        value = _strip_md(_strip_markup(meta.get(key, "")))[0]
        if value:
            blocks.append(Block(value, field=key))
    dated = _document_date((meta.get(k, "") for k in DATE_FIELDS), text)
    # Three or more blank lines mark page breaks in exported Markdown; a form feed always does.
    raw_pages = re.split(r"\f|\n[ \t]*\n[ \t]*\n[ \t]*\n", text)
    paged = len(raw_pages) > 1 and "\f" in text
    numbered = _numbered_rule_pages(text)
    if numbered is not None:
        raw_pages, page_numbers, paged = numbered[1], numbered[0], True
    else:
        page_numbers = list(range(1, len(raw_pages) + 1))
    for page_no, page in zip(page_numbers, raw_pages, strict=True):
        pages = (page_no,) if paged else ()
        for para in re.split(r"\n[ \t]*\n", page):
            if not para.strip():
                continue
            items: list[tuple[list[str], bool | None]] = []  # (lines, bullet); None: a centred heading
            after_heading = False
            for line in para.splitlines():
                if _RULE.match(line) or not line.strip():
                    continue  # a rule, or the blank line left where the front matter was
                if _MD_HEADING.match(line):
                    # An ATX heading is one line, whatever follows it without a blank line
                    # ("### saskia-sassen：" then her words).
                    items.append(([line], False))
                    after_heading = True
                    continue
                if after_heading:
                    after_heading = False
                    items.append(([line], False))
                    continue
                if _centered_heading(line) and not _MD_BULLET.match(line):
                    # A centred heading in capitals (Hansard exports), even glued to the text above.
                    items.append(([line.strip()], None))
                elif _MD_BULLET.match(line):
                    items.append(([_MD_BULLET.sub("", line, count=1)], True))
                elif items and items[-1][1] is not None:
                    items[-1][0].append(line)  # continuation of the item or paragraph
                else:
                    items.append(([line], False))
            for lines, is_bullet in items:
                raw = "\n".join(lines)
                if is_bullet is None:
                    blocks.append(Block(raw, pages, heading=True, lines=lines))
                    continue
                m = _MD_HEADING.match(raw) if len(lines) == 1 else None
                if m:
                    t, _, _ = _strip_md(m.group(2))
                    if t:
                        blocks.append(Block(t, pages, heading=True, lines=[t], level=len(m.group(1))))
                    continue
                t, bold, italic = _strip_md(raw)
                if not t:
                    continue
                lead = _bold_lead(raw)
                printed = [_strip_md(ln)[0] for ln in lines if ln.strip()]
                for piece in _cut_long(t):
                    blocks.append(
                        Block(
                            piece,
                            pages,
                            bold=bold,
                            italic=italic,
                            bullet=bool(is_bullet),
                            lines=printed if piece == t else [piece],
                            lead=lead,
                        )
                    )
    blocks = _join_double_spaced(blocks)
    # Paragraphs cut by a page break are one paragraph: join when the first has no ending.
    return _with_date(_join_continuations(blocks), dated)


def _numbered_rule_pages(text: str) -> tuple[list[int], list[str]] | None:
    r"""Pages of a Markdown export that marks page breaks with a rule and the page number
    ("---\\n2\\n"): (numbers, page texts), or None when the file has no such breaks."""
    marks = list(re.finditer(r"(?m)^\s{0,3}(?:-{3,}|\*{3,}|_{3,})[ \t]*\n(?:[ \t]*\n)?[ \t]*(\d{1,4})[ \t]*$", text))
    if not marks:
        return None
    numbers = [int(m.group(1)) for m in marks]
    if any(b <= a for a, b in itertools.pairwise(numbers)):
        return None  # not page numbers: they must go up
    pages, start = [], 0
    for m in marks:
        pages.append(text[start : m.start()])
        start = m.end()
    pages.append(text[start:])
    return [max(1, numbers[0] - 1), *numbers], pages


def read_text(text: str) -> list[Block]:
    """Plain text: blank lines separate paragraphs, form feeds separate pages. Layouts of
    exported transcripts are undone first: a mail archive's headers, a CSV dump of OCR pages,
    stenographic line numbers and page numbers, running headers, double spacing, one
    paragraph per line."""
    text = _normalise(text)
    text = _drop_mail_headers(text)
    text = _subtitles(text) or text
    csv_pages = _csv_pages(text)
    numbered_pages: list[tuple[int, str]] | None = None
    if csv_pages is not None:
        numbered_pages = csv_pages
    elif _line_numbered(text):
        numbered_pages = _steno_pages(text)
    if numbered_pages is None:
        raw = text.split("\f")
        numbered_pages = list(enumerate(raw, start=1))
        paged = len(raw) > 1
    else:
        paged = True
    numbered_pages, running = _drop_running_text_lines(numbered_pages)
    whole = "\n\n".join(page for _, page in numbered_pages)
    dated = _document_date(running, whole)
    double = _double_spaced(whole)
    body = Counter(_indent(ln) for ln in whole.split("\n") if ln.strip()).most_common(1)[0][0] if whole.strip() else 0
    blocks: list[Block] = []
    for page_no, page in numbered_pages:
        pages = (page_no,) if paged else ()
        for lines in _text_paragraphs(page, double, body):
            stripped = [ln.strip() for ln in lines if ln.strip()]
            t = dehyphenate_lines(stripped)
            if not t:
                continue
            heading = len(stripped) == 1 and _centered_heading(lines[0])
            for piece in _cut_long(t):
                blocks.append(Block(piece, pages, heading=heading, lines=stripped if piece == t else [piece]))
    return _with_date(_join_double_spaced(blocks), dated)


_CUE_TIME = re.compile(r"^\s*(?:\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{3}\s*-->")


def _subtitles(text: str) -> str | None:
    """Subtitles (WebVTT, SRT) as paragraphs: cue numbers and timings out, a voice tag
    "<v Alice Martin>" as the label "Alice Martin:", consecutive cues of one voice joined."""
    head = text.lstrip()[:200]
    if not (head.startswith("WEBVTT") or re.match(r"\d+\s*\n\s*(?:\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{3}\s*-->", head)):
        return None
    paras: list[str] = []
    last_voice: str | None = None
    for cue in re.split(r"\n\s*\n", text):
        lines = [
            ln.strip()
            for ln in cue.split("\n")
            if ln.strip() and not _CUE_TIME.match(ln) and not re.fullmatch(r"\s*(?:WEBVTT.*|NOTE\b.*|\d+)\s*", ln)
        ]
        if not lines:
            continue
        t = " ".join(lines)
        m = re.match(r"<v(?:\.[\w.]+)?\s+([^>]+)>", t)
        voice = m.group(1).strip() if m else None
        t = re.sub(r"</?[^<>]+>", "", t).strip()
        if paras and (voice == last_voice or voice is None):
            paras[-1] = f"{paras[-1]} {t}"
        else:
            paras.append(f"{voice}: {t}" if voice else t)
            last_voice = voice
    return "\n\n".join(paras)


def _drop_mail_headers(text: str) -> str:
    """A mail archive starts with headers ("From ...", "Date:", "Subject:") up to a blank line."""
    lines = text.split("\n", 40)
    if not lines or not _MAIL_HEADER.match(lines[0]):
        return text
    n = 0
    while n < len(lines) - 1 and lines[n].strip() and (_MAIL_HEADER.match(lines[n]) or lines[n][:1] in " \t"):
        n += 1
    if n >= 2 and not lines[n].strip():
        return "\n".join(lines[n:]) if n < len(lines) - 1 else lines[-1]
    return text


def _csv_pages(text: str) -> list[tuple[int, str]] | None:
    """A CSV dump of pages (a header of column names, one of them holding the text, e.g.
    "page_text"): the text of each row, numbered by its page column when there is one."""
    head = text[: text.find("\n")] if "\n" in text else text
    if not re.fullmatch(r"[A-Za-z_][\w ]*(?:,[A-Za-z_][\w ]*){2,}", head.strip()):
        return None
    import csv
    import io
    import sys

    columns = [c.strip().lower() for c in head.split(",")]
    text_col = next(
        (i for i, c in enumerate(columns) if c in {"text", "page_text", "content", "body", "transcript"}), None
    )
    if text_col is None:
        return None
    page_col = next((i for i, c in enumerate(columns) if c in {"page_number", "page", "page_no", "pageno"}), None)
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    out: list[tuple[int, str]] = []
    try:
        for n, row in enumerate(csv.reader(io.StringIO(text[len(head) + 1 :])), start=1):
            if len(row) <= text_col or not row[text_col].strip():
                continue
            number = row[page_col] if page_col is not None and page_col < len(row) else ""
            out.append((int(number) if number.strip().isdigit() else n, row[text_col]))
    except csv.Error:
        return None
    return out or None


_LINE_NUMBER = re.compile(r"^( ?\d{1,2})(?=\s|$)")
_PAGE_NUMBER_LINE = re.compile(r"^\s{12,}(\d{1,4})\s*$")


def _line_numbered(text: str) -> bool:
    lines = [ln for ln in text.split("\n", 5000)[:5000] if ln.strip()]
    if len(lines) < 20:
        return False
    numbered = sum(1 for ln in lines if (m := _LINE_NUMBER.match(ln)) and int(m.group(1)) <= MAX_LINE_NUMBER)
    return numbered >= LINE_NUMBERED_SHARE * len(lines)


def _steno_pages(text: str) -> list[tuple[int, str]]:
    """Pages of a stenographic transcript: the margin's line numbers become spaces (so the
    indentation of paragraph starts stays measurable) and each printed page number opens a page."""
    pages: list[tuple[int, list[str]]] = [(1, [])]
    for line in text.split("\n"):
        pm = _PAGE_NUMBER_LINE.match(line)
        if pm:
            pages.append((int(pm.group(1)), []))
            continue
        m = _LINE_NUMBER.match(line)
        if m and int(m.group(1)) <= MAX_LINE_NUMBER:
            line = " " * len(m.group(1)) + line[m.end() :]
        pages[-1][1].append(line)
    return [(n, "\n".join(lines)) for n, lines in pages if any(ln.strip() for ln in lines)]


def _drop_running_text_lines(pages: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], list[str]]:
    """Running headers of paged text: lines among the first four of a page that repeat (digits
    ignored) at the top of at least half the pages, or of three pages and nowhere else (the
    front pages' own header: "2020-2021 Executive Budget / Higher Education / 2-4-20"); and
    the lines dropped, in order."""
    if len(pages) < 3:
        return pages, []
    tops: Counter[str] = Counter()
    elsewhere: set[str] = set()
    for _, page in pages:
        lines = [ln.strip() for ln in page.split("\n") if ln.strip()]
        tops.update({re.sub(r"\d+", "#", ln.lower()) for ln in lines[:4]})
        elsewhere.update(re.sub(r"\d+", "#", ln.lower()) for ln in lines[4:])
    running = {
        k
        for k, c in tops.items()
        if c >= 3 and (c >= RUNNING_SHARE * len(pages) or (k not in elsewhere and not k.endswith(_SENTENCE_ENDS)))
    }
    if not running:
        return pages, []
    out = []
    dropped: list[str] = []
    for n, page in pages:
        lines = page.split("\n")
        top = [i for i, ln in enumerate(lines) if ln.strip()][:4]
        keys = {i: re.sub(r"\d+", "#", lines[i].strip().lower()) for i in top}
        drop = {i for i in top if keys[i] in running}
        # A repeated line between two header lines is the header's too ("Higher Education"
        # between "2020-2021 Executive Budget" and "2-4-20"), though the body says it as well.
        drop |= {
            b for a, b, c in zip(top, top[1:], top[2:], strict=False) if a in drop and c in drop and tops[keys[b]] >= 3
        }
        dropped += [lines[i].strip() for i in sorted(drop)]
        out.append((n, "\n".join(ln for i, ln in enumerate(lines) if i not in drop)))
    return out, dropped


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _double_spaced(text: str) -> bool:
    """A blank line after (nearly) every printed line, the lines wrapped (not one paragraph each)."""
    paras = [[ln for ln in p.split("\n") if ln.strip()] for p in re.split(r"\n[ \t]*\n", text)]
    paras = [p for p in paras if p]
    if len(paras) < DOUBLE_SPACED_MIN_PARAGRAPHS:
        return False
    single = [p[0] for p in paras if len(p) == 1]
    lengths = sorted(len(ln.strip()) for ln in single) or [0]
    return len(single) >= DOUBLE_SPACED_SHARE * len(paras) and lengths[int(len(lengths) * 0.9)] <= WRAPPED_LINE_MAX


def _text_paragraphs(page: str, double_spaced: bool, body: int) -> list[list[str]]:
    """The paragraphs of a page of plain text, as lists of printed lines."""
    paras = [[ln for ln in p.split("\n") if ln.strip() and not _RULE.match(ln)] for p in re.split(r"\n[ \t]*\n", page)]
    paras = [p for p in paras if p]
    if not paras:
        return []
    if double_spaced:
        return _regroup_by_indent([ln for p in paras for ln in p], body)
    out: list[list[str]] = []
    for p in paras:
        lengths = sorted(len(ln.strip()) for ln in p)
        ends = sum(1 for ln in p if _SENTENCE_END.search(ln.strip()))
        if (len(p) >= 3 and lengths[len(lengths) // 2] >= ONE_PER_LINE_MEDIAN and ends >= len(p) / 2) or (
            len(p) >= ONE_SENTENCE_MIN_LINES and ends >= ONE_SENTENCE_SHARE * len(p)
        ):
            out.extend([ln] for ln in p)  # one paragraph (or one sentence) per line
        else:
            out.extend(_split_at_indent(p))
    return out


def _regroup_by_indent(lines: list[str], body: int) -> list[list[str]]:
    """Double-spaced text: blank lines carry no meaning, paragraphs start with a line indented
    past the body's margin (`body`, the document's most common indentation)."""
    out: list[list[str]] = []
    for ln in lines:
        if not out or _indent(ln) >= body + 2 or _centered_heading(ln) or _caps_label(ln):
            out.append([ln])
        else:
            out[-1].append(ln)
    return out


def _split_at_indent(lines: list[str]) -> list[list[str]]:
    """A blank-line paragraph whose later lines are indented like paragraph starts holds several
    (hearing transcripts indent each turn)."""
    if len(lines) < 3:
        return [lines]
    body = Counter(_indent(ln) for ln in lines).most_common(1)[0][0]
    out: list[list[str]] = [[lines[0]]]
    for ln in lines[1:]:
        if _indent(ln) >= body + 3 and not _indent(out[-1][-1]) >= body + 3:
            out.append([ln])
        else:
            out[-1].append(ln)
    return out


def _caps_label(line: str) -> bool:
    """A short line in capitals ending with a colon ("PRESENT:", "PRESIDING:") opens a paragraph."""
    t = line.strip()
    return len(t) <= 40 and t.endswith(":") and t[:-1].replace(" ", "").replace("'", "").isupper()


def _centered_heading(line: str) -> bool:
    """A line printed far from the margin, short, in capitals: a heading of plain text."""
    t = line.strip()
    return (
        _indent(line) >= 8
        and 3 <= len(t) <= 90
        and sum(c.isalpha() for c in t) >= 3
        and upper_share(t) >= 0.8
        and not t.endswith((",", ";"))
    )


def _join_double_spaced(blocks: list[Block]) -> list[Block]:
    """Text saved with a blank line after every printed line (PDF-to-Markdown exports):
    a paragraph that fills the wrap width without a sentence end runs on into the next."""
    plain = [b for b in blocks if not (b.heading or b.bullet)]
    if len(plain) < DOUBLE_SPACED_MIN_PARAGRAPHS:
        return blocks
    single = [b for b in plain if len(b.lines) <= 1]
    lengths = sorted(len(b.text) for b in plain)
    wrap = lengths[int(len(lengths) * 0.9)]
    if len(single) < DOUBLE_SPACED_SHARE * len(plain) or wrap > WRAPPED_LINE_MAX:
        return blocks
    out: list[Block] = []
    for b in blocks:
        prev = out[-1] if out else None
        if (
            prev is not None
            and not (b.heading or b.bullet or prev.heading or prev.bullet or b.title)
            and prev.italic == b.italic
            and prev.bold == b.bold
            and len(prev.lines[-1] if prev.lines else prev.text) >= FULL_LINE_SHARE * wrap
            and (not _SENTENCE_END.search(prev.text[-4:]) or b.text[:1].islower())
            and len(prev.text) < MAX_PARAGRAPH_CHARS  # text without sentence ends must not grow one paragraph
        ):
            joined = dehyphenate_lines([prev.text, b.text])
            out[-1] = Block(
                joined,
                tuple(sorted(set(prev.pages + b.pages))),
                bold=prev.bold,
                italic=prev.italic,
                lines=prev.lines + b.lines,
                lead=prev.lead,
            )
        else:
            out.append(b)
    return out


def _join_continuations(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    for b in blocks:
        prev = out[-1] if out else None
        if (
            prev is not None
            and not (b.bullet or b.heading or b.bold or prev.heading or prev.bold)
            and prev.pages != b.pages
            and not prev.text.endswith((".", "!", "?", ":", ";", "»", '"', "”", ")"))
            and b.text[:1].islower()
            and len(prev.text) < MAX_PARAGRAPH_CHARS
        ):
            out[-1] = Block(
                f"{prev.text} {b.text}",
                tuple(sorted(set(prev.pages + b.pages))),
                bullet=prev.bullet,
                italic=prev.italic and b.italic,
                lines=prev.lines + b.lines,
                lead=prev.lead,
            )
        else:
            out.append(b)
    return out


def dehyphenate_lines(lines: list[str]) -> str:
    """Join printed lines; a word cut by a hyphen at a line end is glued back."""
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not out:
            out = line
        elif re.search(r"[a-zà-ÿ]-$", out) and line[:1].islower():
            out = out[:-1] + line
        elif re.search(r"\w-$", out) and line[:1].isupper():
            out = out + line  # a compound cut at its hyphen ("Seine-Saint-" / "Denis")
        else:
            out = f"{out} {line}"
    return re.sub(r"\s+", " ", out).strip()


# --- HTML ----------------------------------------------------------------------------------
#
# A saved web page, or a document a scraper turned from PDF into HTML (Pacific Hansards), is
# converted to Markdown with the standard library's parser and read by `read_markdown`, so every
# later step is shared: block elements become paragraphs, <title> (or the first <h1>) the front
# matter title, bold text and speaker-class spans opening a block bold leads, and "Page N" blocks
# page breaks with their numbers (the "---" rule and number `_numbered_rule_pages` reads).

# A whole HTML document: after whitespace and a byte-order mark, a doctype or the <html> tag.
_HTML_DOCUMENT = re.compile(r"[\s\ufeff]*<(?:!doctype\s+html|html)(?=[\s>/]|$)", re.I)
_HTML_VOID = frozenset("area base br col embed hr img input keygen link meta param source track wbr".split())
# Never text: code, navigation, embedded objects, form controls.
_HTML_DROPPED = frozenset("script style nav template noscript svg math iframe object select button datalist".split())
# What <head> may hold; any other element ends it (HTML5 closes <head> implicitly).
_HTML_HEAD_CONTENT = frozenset("title meta link style script base noscript template".split())
_HTML_BLOCKS = frozenset(
    """address article aside blockquote body caption center dd details dialog dir div dl dt fieldset figcaption
    figure footer form header hgroup hr html legend li main menu ol p pre section summary table tbody tfoot
    thead tr ul""".split()
)
_HTML_HEADINGS = {f"h{n}": n for n in range(1, 7)}
# The start tags that close an open <p> or <li> (HTML's implied end tags).
_IMPLIES_END = {
    "p": frozenset({"p", "li", "div", "ul", "ol", "table", "blockquote", "pre", "section", "article", *_HTML_HEADINGS}),
    "li": frozenset({"li"}),
}
_HTML_CELLS = frozenset({"td", "th"})
# An end tag closes the nearest open element of its name among the last this-many (a page full of
# unclosed elements stays linear; stray end tags are ignored).
HTML_MAX_NESTING = 200
# Page furniture (running title, date, page number) of a document scraped page by page: at most
# this many short paragraphs next to a page break are looked at.
PAGE_FURNITURE_PARAGRAPHS = 4
MAX_FURNITURE_CHARS = 120
# Sentinels inside a block while it is built: bold on, bold off, a line break (<br>).
_B_ON, _B_OFF, _BR = "\x01", "\x02", "\x03"
_SENTENCE_ENDS = (".", "!", "?", ":", ";")  # a paragraph ending so is text, not a running header
_PAGE_MARK = re.compile(r"(?i)page\s+(\d{1,4})(?:\s+of\s+\d{1,4})?")
_BARE_PAGE_NUMBER = re.compile(r"(?:[-–—]\s*)?\d{1,4}(?:\s*[-–—])?")
# Marked sections other than these make html.parser raise; they are text ("<![foo[").
_MARKED_SECTION = re.compile(r"<!\[(?!\s*(?:CDATA|if|endif|else|temp|ignore|include|rcdata)\b)", re.I)


def looks_like_html(text: str) -> bool:
    """Whether a text file holds a whole HTML document (a page saved as .txt): it starts, after
    whitespace and a byte-order mark, with `<!DOCTYPE html` or `<html`. A text that merely
    contains tags ("<b>", "<passage>") is not one."""
    return _HTML_DOCUMENT.match(text[:1000]) is not None


def read_html(text: str) -> list[Block]:
    """HTML: converted to Markdown (`html_to_markdown`), then read as Markdown."""
    return read_markdown(html_to_markdown(text))


def html_to_markdown(text: str) -> str:
    """An HTML document as Markdown: front matter with its title, one paragraph per block,
    "#" headings, "- " list items, "**bold**", "---" and the number where a "Page N" block
    marks a page break; script, style, head, nav and hidden elements out."""
    conv = _HtmlToMarkdown()
    try:
        conv.feed(_MARKED_SECTION.sub("&lt;![", _normalise(text)))
        conv.close()
    except AssertionError as e:  # html.parser's last complaint about declarations it cannot read
        logger.warning("HTML parser stopped early (%s); keeping the text read so far", e)
    conv.finish()
    items, dropped = _drop_page_furniture(conv.items)
    title = conv.title or conv.first_h1
    dated = _document_date(dropped, "\n".join(str(it) for it in items))
    date_line = f'\ndate: "{_front_matter_value(dated)}"' if dated else ""
    # Always a front matter block (an empty title when there is none): a body starting with a
    # page mark ("---") must not be read as one.
    out = [f'---\ntitle: "{_front_matter_value(title)}"{date_line}\n---' if title else f"---\ntitle:{date_line}\n---"]
    last_page = 0
    for item in items:
        if isinstance(item, int):
            if item > last_page:  # the Markdown reader wants page numbers that go up
                out.append(f"---\n{item}")
                last_page = item
        else:
            out.append(item)
    return "\n\n".join(out) + "\n"


def _front_matter_value(value: str) -> str:
    """A value for a double-quoted front matter line, as `front_matter` reads it back."""
    return value.replace("\\", "\\\\")


def _furniture_key(text: str) -> str:
    """A page header's key: digits, dashes, case, bold marks and spacing ignored ("10th Feb.,
    2021" on every page, "Review Report – X" on odd pages and "Review Report - X" on even ones)."""
    t = re.sub(r"\d+", "#", text.replace("**", "").lower())
    return re.sub(r"\s+", " ", re.sub(r"[-–—]", "-", t)).strip()


def _drop_page_furniture(items: list[str | int]) -> tuple[list[str | int], list[str]]:
    """Page furniture of a paged document: the short paragraphs touching a page's top (the
    document's start, or a page mark) or its bottom (a page mark, or the document's end) that
    repeat there on at least half the pages (and 3), as the text reader's running headers, never
    stand elsewhere and end no sentence; and bare page numbers there. Only the run of such
    paragraphs touching the edge goes, so that a line the body repeats ("The question is:") stays.
    Also returns the paragraphs dropped, in order."""
    marks = [i for i, it in enumerate(items) if isinstance(it, int)]
    if not marks:
        return items, []

    def edge(i: int, step: int) -> list[int]:
        out: list[int] = []
        j = i + step
        while 0 <= j < len(items) and len(out) < PAGE_FURNITURE_PARAGRAPHS:
            item = items[j]
            if isinstance(item, int) or len(item) > MAX_FURNITURE_CHARS:
                break
            if not re.match(r"#{1,6} ", item):  # a heading on the page is looked past, never dropped
                out.append(j)
            j += step
        return out

    tops = [edge(-1, 1)] + [edge(i, 1) for i in marks]
    bottoms = [edge(i, -1) for i in marks] + [edge(len(items), -1)]
    near = {j for e in tops + bottoms for j in e}
    elsewhere = {_furniture_key(it) for j, it in enumerate(items) if isinstance(it, str) and j not in near}
    drop: set[int] = set()
    for edges in (tops, bottoms):
        seen: Counter[str] = Counter()
        for e in edges:
            seen.update({_furniture_key(str(items[j])) for j in e})
        running = {
            k
            for k, c in seen.items()
            if c >= max(3, RUNNING_SHARE * len(edges)) and k not in elsewhere and not k.endswith(_SENTENCE_ENDS)
        }
        for e in edges:
            for j in e:
                t = str(items[j]).replace("**", "").strip()
                if _furniture_key(t) not in running and not _BARE_PAGE_NUMBER.fullmatch(t):
                    break
                drop.add(j)
    return [it for i, it in enumerate(items) if i not in drop], [str(items[i]) for i in sorted(drop)]


def _hidden(attrs: list[tuple[str, str | None]]) -> bool:
    values = {k.lower(): (v or "") for k, v in attrs}
    style = re.sub(r"\s+", "", values.get("style", "").lower())
    return "hidden" in values or "display:none" in style or "visibility:hidden" in style


class _HtmlToMarkdown(HTMLParser):
    """The converter behind `html_to_markdown`: `items` are Markdown paragraphs and, where a
    "Page N" block stands, the page number N."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[str | int] = []
        self.title = ""
        self.first_h1 = ""
        self._buf: list[str] = []
        self._skip: list[str] = []  # open elements of a dropped subtree (script, nav, hidden ...)
        self._open: list[tuple[str, bool]] = []  # open elements: (tag, it made its text bold)
        self._title: list[str] | None = None  # the <title> being read
        self._in_head = False
        self._heading = 0  # the block being built is a heading of this level
        self._bullet = False  # ... the first paragraph of a list item
        self._bullet_pending = False  # a list item opened and has no text yet
        self._pre = 0
        self._bold = 0  # open elements making text bold
        self._bold_open = False  # a bold mark is open in the buffer
        self._has_text = False  # the block being built has text

    # -- html.parser callbacks

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._title is not None:
            self._end_title()  # a title holds no elements: this one was left open
        if self._skip and self._skip[-1] in {"p", "li"} and tag in _IMPLIES_END.get(self._skip[-1], ()):
            self._skip.pop()  # a hidden paragraph ends where the next one starts
        if self._skip:
            if tag not in _HTML_VOID:
                self._skip.append(tag)
            return
        if tag == "title":
            self._title = []
            return
        if tag == "head":
            self._in_head = True
            return
        if self._in_head and (tag == "body" or tag not in _HTML_HEAD_CONTENT):
            self._in_head = False
        if tag in _HTML_DROPPED or _hidden(attrs):
            if tag in _HTML_BLOCKS or tag == "nav":
                self._flush()
            if tag not in _HTML_VOID:
                self._skip.append(tag)
            return
        if self._in_head:
            return  # meta, link, base
        if tag == "br":
            self._line_break()
            return
        if tag in _HTML_VOID:
            if tag == "hr":
                self._flush()
            return
        if tag in _HTML_BLOCKS or tag in _HTML_HEADINGS:
            # A new paragraph or list item closes an open one (HTML's implied end tags).
            if self._open and tag in _IMPLIES_END.get(self._open[-1][0], ()):
                self._pop(self._open[-1][0])
            self._flush()
            if tag == "li":
                self._bullet_pending = True
            if tag == "pre":
                self._pre += 1
        elif tag in _HTML_CELLS:
            self._buf.append(" ")
        # A speaker's label in a span (or div) of its own class, opening the block, is a bold lead.
        classes = next((v or "" for k, v in attrs if k == "class"), "").lower()
        bold = tag in {"b", "strong"} or (tag in {"span", "div"} and "speaker" in classes and not self._has_text)
        self._open.append((tag, bold))
        if bold:
            self._bold += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _HTML_VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._title is not None:
            self._end_title()
            return
        if self._skip:
            for k in range(len(self._skip) - 1, max(-1, len(self._skip) - 1 - HTML_MAX_NESTING), -1):
                if self._skip[k] == tag:
                    del self._skip[k:]
                    break
            return
        if tag == "head":
            self._in_head = False
            return
        if tag in _HTML_VOID:
            return
        self._pop(tag)
        if tag in _HTML_BLOCKS or tag in _HTML_HEADINGS:
            self._flush()
            self._bullet_pending = self._bullet_pending and tag != "li"
            if tag == "pre":
                self._pre = max(0, self._pre - 1)
        elif tag in _HTML_CELLS:
            self._buf.append(" ")

    def handle_data(self, data: str) -> None:
        if self._title is not None:
            self._title.append(data)
            return
        if self._in_head and data.strip():
            self._in_head = False  # text ends the head (HTML5), as the body would
        if self._skip or self._in_head:
            return
        data = data.translate({ord(_B_ON): None, ord(_B_OFF): None, ord(_BR): None})
        if self._pre:
            data = data.replace("\n", _BR)
        if data.strip():
            if not self._has_text:
                # What the block is, from the elements open at its first words ("<li><p>text", "<h2><a>title").
                self._heading = next(
                    (_HTML_HEADINGS[t] for t, _ in reversed(self._open[-HTML_MAX_NESTING:]) if t in _HTML_HEADINGS), 0
                )
                self._bullet, self._bullet_pending = self._bullet_pending, False
            if self._bold and not self._bold_open:
                self._buf.append(_B_ON)
                self._bold_open = True
            self._has_text = True
        self._buf.append(data)

    # -- building paragraphs

    def finish(self) -> None:
        if self._title is not None:
            self._end_title()
        self._flush()

    def _end_title(self) -> None:
        title = re.sub(r"\s+", " ", "".join(self._title or [])).strip()
        self.title = self.title or title
        self._title = None

    def _pop(self, tag: str) -> None:
        """Close the nearest open `tag` and what is open inside it (ignored when none is open)."""
        recent = self._open[-HTML_MAX_NESTING:]
        if not any(t == tag for t, _ in recent):
            return
        while self._open:
            t, bold = self._open.pop()
            if bold:
                self._bold -= 1
                if not self._bold and self._bold_open:
                    self._buf.append(_B_OFF)
                    self._bold_open = False
            if t == tag:
                return

    def _line_break(self) -> None:
        if self._bold_open:  # bold marks do not span lines
            self._buf.append(_B_OFF)
            self._bold_open = False
        self._buf.append(_BR)

    def _flush(self) -> None:
        if self._bold_open:
            self._buf.append(_B_OFF)
            self._bold_open = False
        raw = "".join(self._buf)
        self._buf, self._has_text = [], False
        heading, bullet = self._heading, self._bullet
        self._heading, self._bullet = 0, False
        # Lines (<br>); an empty line between them (<br><br>) separates paragraphs.
        paras: list[list[str]] = [[]]
        for line in raw.split(_BR):
            t = _inline_markdown(line)
            if t:
                paras[-1].append(t)
            elif paras[-1]:
                paras.append([])
        for lines in paras:
            if not lines:
                continue
            plain = " ".join(lines).replace("**", "").strip()
            page = _PAGE_MARK.fullmatch(plain)
            if page is not None:
                self.items.append(int(page.group(1)))
            elif heading:
                self.items.append(f"{'#' * heading} {plain}")
                if heading == 1 and not self.first_h1:
                    self.first_h1 = plain
            else:
                text = "\n".join(lines)
                self.items.append(f"- {text}" if bullet else text)
                bullet = False


def _inline_markdown(line: str) -> str:
    """One line of a block: HTML whitespace collapsed (newlines in HTML are spaces; no-break
    spaces are kept), spaces moved outside the bold marks, empty bold dropped, marks as "**"."""
    t = re.sub(r"[ \t\r\n\f]+", " ", line)
    t = re.sub(rf"{_B_ON}( +)", rf"\1{_B_ON}", t)
    t = re.sub(rf"( +){_B_OFF}", rf"{_B_OFF}\1", t)
    t = re.sub(rf"{_B_OFF}( *){_B_ON}", r"\1", t)  # two bold runs side by side are one
    t = re.sub(rf"{_B_ON}{_B_OFF}", "", t)
    t = re.sub(r" {2,}", " ", t).strip()
    return t.replace(_B_ON, "**").replace(_B_OFF, "**")


# --- PDF ---------------------------------------------------------------------------------


@dataclass(slots=True)
class _Line:
    page: int
    x: float
    y: float
    size: float
    text: str
    bold: bool
    italic: bool
    bullet: bool
    any_bold: bool = False
    number: int | None = None  # the line number printed in the margin, if any


def read_pdf(path: Path) -> list[Block]:
    import pypdf  # heavy-ish; only when a PDF is read
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(str(path))
        if reader.is_encrypted:
            ok: object
            try:
                ok = reader.decrypt("")
            except Exception:  # noqa: BLE001 - pypdf raises several types for unsupported crypto
                ok = 0
            if not ok:
                raise ReadError(
                    f"{path}: the PDF is encrypted with a password; expected an unencrypted PDF "
                    "(remove the password, e.g. `qpdf --decrypt`)"
                )
        pages = list(reader.pages)
    except ReadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as e:
        raise ReadError(f"{path}: not a readable PDF ({e}); expected a valid PDF file") from None
    lines: list[_Line] = []
    for page_no, page in enumerate(pages, start=1):
        try:
            lines.extend(_page_lines(page, page_no))
        except Exception as e:  # noqa: BLE001 - a broken page must not end the whole document
            logger.warning("%s: page %d could not be read (%s), skipping it", path, page_no, e)
    if not any(line.text.strip() for line in lines):
        raise ReadError(
            f"{path}: the PDF has no text layer (scanned images?); "
            "expected a PDF with selectable text (run OCR first, e.g. ocrmypdf)"
        )
    lines, running = _drop_running_lines(lines, len(pages))
    lines = _drop_line_numbers(lines)
    blocks = _lines_to_blocks(lines)
    return _with_date(blocks, _document_date(running, "\n".join(b.text for b in blocks[:50])))


def _drop_line_numbers(lines: list[_Line]) -> list[_Line]:
    """Stenographic transcripts number their lines in the margin: when most lines start with
    a number, it goes (elsewhere a number opening a line is text)."""
    if sum(1 for ln in lines if ln.number is not None) < LINE_NUMBERED_SHARE * len(lines):
        return lines
    out = []
    for ln in lines:
        if ln.number is not None:
            ln.text = re.sub(r"^\d{1,2}\s*", "", ln.text)
        if not ln.text or (re.fullmatch(r"\d{1,2}", ln.text) and int(ln.text) <= MAX_LINE_NUMBER):
            continue  # a numbered empty line
        out.append(ln)
    return out


def _page_lines(page: object, page_no: int) -> list[_Line]:
    runs: list[tuple[float, float, float, str, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: dict | None, size: float) -> None:
        if not text or not text.strip("\n"):
            return
        x = tm[4] * cm[0] + cm[4]
        y = tm[5] * cm[3] + cm[5]
        eff = abs(size * (tm[3] or 1) * (cm[3] or 1))
        name = str(font.get("/BaseFont", "")) if font else ""
        runs.append((x, y, eff, name, text))

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    # Group runs into printed lines by baseline.
    by_line: dict[float, list[tuple[float, float, float, str, str]]] = {}
    for run in runs:
        key = next((k for k in by_line if abs(k - run[1]) < 1.5), run[1])
        by_line.setdefault(key, []).append(run)
    out: list[_Line] = []
    for y in sorted(by_line, reverse=True):
        parts = sorted(by_line[y], key=lambda r: r[0])
        bullet = False
        texts: list[str] = []
        fonts: list[str] = []
        for _x, _y, _size, font, text in parts:
            t = text.replace("\n", " ")
            if not texts and t.strip() in BULLET_GLYPHS and len(parts) > 1:
                bullet = True
                continue
            texts.append(t)
            if t.strip():
                fonts.append(font)
        body = [p for p in parts if p[4].strip() and p[4].strip() not in BULLET_GLYPHS] or parts
        # A stenographic line number: a bare number 1-30 as the line's first run, text after it.
        number = None
        if len(body) > 1 and re.fullmatch(r"\d{1,2}", body[0][4].strip()) and int(body[0][4]) <= MAX_LINE_NUMBER:
            number = int(body[0][4])
        text = re.sub(r"\s+", " ", "".join(texts)).strip()
        if not text:
            continue
        first = body[1] if number is not None else body[0]
        # Where the text starts: the run's position plus its leading spaces (monospaced
        # transcripts indent with spaces).
        lead = len(first[4]) - len(first[4].lstrip(" "))
        space = first[2] * (0.6 if re.search(r"courier|mono", first[3], re.I) else 0.28)
        out.append(
            _Line(
                page=page_no,
                x=first[0] + lead * space,
                number=number,
                y=y,
                size=max(p[2] for p in body),
                text=text,
                bold=bool(fonts) and all(re.search(r"bold|black|heavy|semibold", f, re.I) for f in fonts),
                italic=bool(fonts) and all(re.search(r"italic|oblique", f, re.I) for f in fonts),
                bullet=bullet,
                any_bold=any(re.search(r"bold|black|heavy|semibold", f, re.I) for f in fonts),
            )
        )
    return out


def _drop_running_lines(lines: list[_Line], n_pages: int) -> tuple[list[_Line], list[str]]:
    """Remove running headers/footers and page numbers: lines at the top or bottom of pages
    that repeat (digits ignored) on at least half the pages, and bare page numbers. Also
    returns the running lines dropped, in order."""
    if n_pages < 2:
        return [ln for ln in lines if not re.fullmatch(r"(?:page\s*)?\d{1,4}(?:\s*/\s*\d+)?", ln.text, re.I)], []
    by_page: dict[int, list[_Line]] = {}
    for ln in lines:
        by_page.setdefault(ln.page, []).append(ln)
    edge_keys: Counter[str] = Counter()
    for page_lines in by_page.values():
        edges = page_lines[:2] + page_lines[-2:]
        for key in {re.sub(r"\d+", "#", ln.text.lower()) for ln in edges}:
            edge_keys[key] += 1
    running = {k for k, c in edge_keys.items() if c >= max(2, n_pages // 2)}
    kept = []
    dropped: list[str] = []
    for page_lines in by_page.values():
        edge_ids = {id(ln) for ln in page_lines[:3] + page_lines[-3:]}
        for ln in page_lines:
            if id(ln) in edge_ids:
                key = re.sub(r"\d+", "#", ln.text.lower())
                if key in running:
                    dropped.append(ln.text)
                    continue
                if re.fullmatch(r"(?:page\s*)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*/\s*\d+)?", ln.text, re.I):
                    continue
            kept.append(ln)
    return kept, dropped


def _lines_to_blocks(lines: list[_Line]) -> list[Block]:
    if not lines:
        return []
    body_size = statistics.median(ln.size for ln in lines)
    gaps = [a.y - b.y for a, b in itertools.pairwise(lines) if a.page == b.page and 0 < a.y - b.y < 4 * body_size]
    spacing = statistics.median(gaps) if gaps else body_size * 1.2
    blocks: list[Block] = []
    cur: list[_Line] = []
    sizes = sorted({round(ln.size, 1) for ln in lines if ln.size > body_size * 1.1}, reverse=True)

    def heading_level(size: float) -> int:
        return sizes.index(round(size, 1)) + 1 if round(size, 1) in sizes else 1

    def flush() -> None:
        if not cur:
            return
        text = dehyphenate_lines([ln.text for ln in cur])
        blocks.append(
            Block(
                text=text,
                pages=tuple(sorted({ln.page for ln in cur})),
                bold=all(ln.bold for ln in cur) or (cur[-1].bold and all(ln.any_bold for ln in cur)),
                italic=all(ln.italic for ln in cur),
                heading=all(ln.size > body_size * 1.1 for ln in cur),
                level=heading_level(max(ln.size for ln in cur)) if all(ln.size > body_size * 1.1 for ln in cur) else 0,
                bullet=cur[0].bullet,
                lines=[ln.text for ln in cur],
            )
        )
        cur.clear()

    # The body's left margin: a line that starts well right of it opens a paragraph (first-line
    # indents of double-spaced transcripts, where gaps between lines tell nothing).
    margins = Counter(round(ln.x) for ln in lines)
    body_x = margins.most_common(1)[0][0]
    for ln in lines:
        if cur:
            prev = cur[-1]
            same_page = prev.page == ln.page
            indent_break = ln.x > body_x + 1.5 * body_size and prev.x <= body_x + 1.5 * body_size
            gap_break = same_page and ((prev.y - ln.y) > spacing * 1.25 or indent_break)
            # A line in bold after a partly bold one continues it (a title with bold words);
            # bold turning on or off otherwise starts a new block (a speaker line).
            bold_break = prev.bold != ln.bold and not (ln.bold and prev.any_bold)
            style_break = bold_break or abs(prev.size - ln.size) > 0.5 or prev.italic != ln.italic
            page_break = not same_page and (
                re.search(r"[.!?:;»\"”)]$", prev.text) is not None or ln.bullet or not ln.text[:1].islower()
            )
            if ln.bullet or gap_break or style_break or page_break or _caps_label(ln.text) or _caps_label(prev.text):
                flush()
        cur.append(ln)
    flush()
    return blocks
