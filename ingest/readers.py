"""Readers: a file in, a list of layout blocks out (paragraphs with page and style).

PDF, Markdown and plain text all come out as the same `Block`s so that one structure parser
serves every format. The PDF reader works from text positions and font names (pypdf's visitor)
because plain text extraction merges list items and loses paragraph breaks.
"""

from __future__ import annotations

import itertools
import logging
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from qa.core.errors import ReadError

logger = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = {".pdf": "pdf", ".md": "markdown", ".markdown": "markdown", ".txt": "text"}
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
    lines: list[str] = field(default_factory=list)  # the printed lines, for PDF


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

_MD_BULLET = re.compile(r"^\s{0,6}(?:[-*+]|\d+[.)])\s+")
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")


def _strip_md(text: str) -> tuple[str, bool, bool]:
    """Remove inline markup; report whether the whole text was bold / italic."""
    t = text.strip()
    bold = bool(re.fullmatch(r"\*\*[^*].*[^*]\*\*|__[^_].*[^_]__", t, flags=re.S))
    italic = not bold and bool(re.fullmatch(r"\*[^*].*[^*]\*|_[^_].*[^_]_", t, flags=re.S))
    t = re.sub(r"\*\*|__", "", t)
    t = re.sub(r"(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)", "", t)
    t = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", t)  # links keep their text
    return re.sub(r"\s+", " ", t).strip(), bold, italic


def read_markdown(text: str) -> list[Block]:
    blocks: list[Block] = []
    # Three or more blank lines mark page breaks in exported Markdown; a form feed always does.
    pages = re.split(r"\f|\n[ \t]*\n[ \t]*\n[ \t]*\n", text)
    paged = len(pages) > 1 and "\f" in text
    for page_no, page in enumerate(pages, start=1):
        for para in re.split(r"\n[ \t]*\n", page):
            if not para.strip():
                continue
            items: list[tuple[list[str], bool]] = []
            for line in para.splitlines():
                if _MD_BULLET.match(line):
                    items.append(([_MD_BULLET.sub("", line, count=1)], True))
                elif items:
                    items[-1][0].append(line)  # continuation of the item or paragraph
                else:
                    items.append(([line], False))
            for lines, is_bullet in items:
                raw = "\n".join(lines)
                m = _MD_HEADING.match(raw) if len(lines) == 1 else None
                if m:
                    t, bold, italic = _strip_md(m.group(2))
                    blocks.append(Block(t, (page_no,) if paged else (), heading=True))
                    continue
                t, bold, italic = _strip_md(raw)
                if t:
                    blocks.append(Block(t, (page_no,) if paged else (), bold=bold, italic=italic, bullet=is_bullet))
    # Paragraphs cut by a page break are one paragraph: join when the first has no ending.
    return _join_continuations(blocks)


def read_text(text: str) -> list[Block]:
    """Plain text: blank lines separate paragraphs, form feeds separate pages."""
    blocks: list[Block] = []
    pages = text.split("\f")
    for page_no, page in enumerate(pages, start=1):
        for para in re.split(r"\n[ \t]*\n", page):
            t = _dehyphenate_lines(para.splitlines())
            if t:
                blocks.append(Block(t, (page_no,) if len(pages) > 1 else ()))
    return blocks


def _join_continuations(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    for b in blocks:
        prev = out[-1] if out else None
        if (
            prev is not None
            and not (b.bullet or b.heading or b.bold or prev.heading or prev.bold)
            and prev.pages != b.pages
            and not re.search(r"[.!?:;»\"”)]$", prev.text)
            and b.text[:1].islower()
        ):
            out[-1] = Block(
                f"{prev.text} {b.text}",
                tuple(sorted(set(prev.pages + b.pages))),
                bullet=prev.bullet,
                italic=prev.italic and b.italic,
                lines=prev.lines + b.lines,
            )
        else:
            out.append(b)
    return out


def _dehyphenate_lines(lines: list[str]) -> str:
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
    lines = _drop_running_lines(lines, len(pages))
    return _lines_to_blocks(lines)


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
        text = re.sub(r"\s+", " ", "".join(texts)).strip()
        if not text:
            continue
        body = [p for p in parts if p[4].strip() and p[4].strip() not in BULLET_GLYPHS] or parts
        out.append(
            _Line(
                page=page_no,
                x=body[0][0],
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


def _drop_running_lines(lines: list[_Line], n_pages: int) -> list[_Line]:
    """Remove running headers/footers and page numbers: lines at the top or bottom of pages
    that repeat (digits ignored) on at least half the pages, and bare page numbers."""
    if n_pages < 2:
        return [ln for ln in lines if not re.fullmatch(r"(?:page\s*)?\d{1,4}(?:\s*/\s*\d+)?", ln.text, re.I)]
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
    for page_lines in by_page.values():
        edge_ids = {id(ln) for ln in page_lines[:3] + page_lines[-3:]}
        for ln in page_lines:
            if id(ln) in edge_ids:
                key = re.sub(r"\d+", "#", ln.text.lower())
                if key in running or re.fullmatch(r"(?:page\s*)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*/\s*\d+)?", ln.text, re.I):
                    continue
            kept.append(ln)
    return kept


def _lines_to_blocks(lines: list[_Line]) -> list[Block]:
    if not lines:
        return []
    body_size = statistics.median(ln.size for ln in lines)
    gaps = [a.y - b.y for a, b in itertools.pairwise(lines) if a.page == b.page and 0 < a.y - b.y < 4 * body_size]
    spacing = statistics.median(gaps) if gaps else body_size * 1.2
    blocks: list[Block] = []
    cur: list[_Line] = []

    def flush() -> None:
        if not cur:
            return
        text = _dehyphenate_lines([ln.text for ln in cur])
        blocks.append(
            Block(
                text=text,
                pages=tuple(sorted({ln.page for ln in cur})),
                bold=all(ln.bold for ln in cur) or (cur[-1].bold and all(ln.any_bold for ln in cur)),
                italic=all(ln.italic for ln in cur),
                heading=all(ln.size > body_size * 1.1 for ln in cur),
                bullet=cur[0].bullet,
                lines=[ln.text for ln in cur],
            )
        )
        cur.clear()

    for ln in lines:
        if cur:
            prev = cur[-1]
            same_page = prev.page == ln.page
            gap_break = same_page and (prev.y - ln.y) > spacing * 1.25
            # A line in bold after a partly bold one continues it (a title with bold words);
            # bold turning on or off otherwise starts a new block (a speaker line).
            bold_break = prev.bold != ln.bold and not (ln.bold and prev.any_bold)
            style_break = bold_break or abs(prev.size - ln.size) > 0.5 or prev.italic != ln.italic
            page_break = not same_page and (
                re.search(r"[.!?:;»\"”)]$", prev.text) is not None or ln.bullet or not ln.text[:1].islower()
            )
            if ln.bullet or gap_break or style_break or page_break:
                flush()
        cur.append(ln)
    flush()
    return blocks
