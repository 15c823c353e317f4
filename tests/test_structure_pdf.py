"""Real transcripts rendered to PDF, read back: the PDF reader must find the same speakers as in
the text. The PDFs are written here with real text layers (pypdf, standard fonts), the way a
word processor prints an interview (bold labels opening a line, a running header, page numbers)
and the way a court reporter prints a hearing (Courier, numbered double-spaced lines, page
numbers), so that no binary fixture is needed."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ingest.chunking import chunk_document
from ingest.readers import read_file
from ingest.structure import ParsedDocument, parse
from qa.core.types import Chunk
from tests.conftest import ROOT
from vectorstore.embedders import HashEmbedder

DOCS = ROOT / "evals" / "documents"
FONTS = {"regular": ("/F1", "/Helvetica"), "bold": ("/F2", "/Helvetica-Bold"), "mono": ("/F3", "/Courier")}


# --- a small PDF writer ------------------------------------------------------------------------


@dataclass
class Run:
    text: str
    font: str = "regular"  # regular, bold, mono


@dataclass
class Line:
    runs: list[Run]
    x: float = 72.0
    size: float = 11.0


@dataclass
class Page:
    lines: list[Line | None] = field(default_factory=list)  # None: an empty line
    header: str = ""
    footer: str = ""


def _escape(text: str) -> bytes:
    data = text.encode("cp1252", errors="replace")
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _width(run: Run, size: float) -> float:
    # Courier is 0.6 em; Helvetica about 0.5 em: the reader only needs the runs in order.
    return len(run.text) * (0.6 if run.font == "mono" else 0.55) * size


def _show(runs: list[Run], x: float, y: float, size: float) -> list[bytes]:
    """Content-stream operators printing `runs` one after the other from (x, y)."""
    ops = []
    for run in runs:
        ref = FONTS[run.font][0].encode()
        ops.append(b"BT %s %.1f Tf 1 0 0 1 %.1f %.1f Tm (%s) Tj ET" % (ref, size, x, y, _escape(run.text)))
        x += _width(run, size)
    return ops


def write_pdf(path: Path, pages: list[Page], leading: float = 14.0) -> Path:
    """`pages` as a PDF (612x792 pt), lines from the top, `leading` points apart."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    fonts = DictionaryObject()
    for ref, base in FONTS.values():
        fonts[NameObject(ref)] = writer._add_object(
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Font"),
                    NameObject("/Subtype"): NameObject("/Type1"),
                    NameObject("/BaseFont"): NameObject(base),
                    NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
                }
            )
        )
    for page in pages:
        pdf_page = writer.add_blank_page(612, 792)
        pdf_page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): fonts})
        ops: list[bytes] = []
        if page.header:
            ops += _show([Run(page.header)], 72, 750, 9)
        y = 720.0
        for line in page.lines:
            if line is not None:
                ops += _show(line.runs, line.x, y, line.size)
            y -= leading
        if page.footer:
            ops += _show([Run(page.footer)], 300, 40, 9)
        stream = DecodedStreamObject()
        stream.set_data(b"\n".join(ops))
        pdf_page[NameObject("/Contents")] = writer._add_object(stream)
    with path.open("wb") as f:
        writer.write(f)
    return path


# --- the documents as printed --------------------------------------------------------------------


def _printable(text: str) -> bool:
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def interview_pdf(path: Path) -> Path:
    """The Macron interview as a word processor prints it: title in large bold, each turn's label
    in bold at the start of its first line, a running header and page numbers."""
    md = (DOCS / "fr-interview-macron-tf1-france2-2023-03-22.md").read_text("utf-8")
    paras = [p.strip() for p in re.split(r"\n\s*\n", md) if p.strip() and not re.fullmatch(r"[-\s]+", p.strip())]
    lines: list[Line | None] = [Line([Run("Emmanuel Macron", "bold")], size=16), None]
    for p in paras[1:]:
        if not _printable(p):
            continue  # the Chinese headings the copier added
        m = re.match(r"\*\*(.+?)\*\*\s*(.*)", p, re.S)
        label, text = (m.group(1), m.group(2)) if m else ("", p)
        text = re.sub(r"\s+", " ", text.replace("**", "")).strip()
        wrapped = textwrap.wrap(text, 85 - len(label)) or [""]
        first = [Run(label, "bold"), Run(" " + wrapped[0])] if label else [Run(wrapped[0])]
        lines.append(Line(first))
        lines.extend(Line([Run(w)]) for w in wrapped[1:])
        lines.append(None)
    per_page = 46
    chunks = [lines[i : i + per_page] for i in range(0, len(lines), per_page)]
    pages = [
        Page(c, header="Entretien TF1 / France 2 - 22 mars 2023", footer=f"Page {n}") for n, c in enumerate(chunks, 1)
    ]
    return write_pdf(path, pages)


def hearing_pdf(path: Path) -> Path:
    """The New York hearing as the court reporter prints it: Courier, numbered lines, double
    spacing, the page number at the top right; text kept at its printed column."""
    raw = (DOCS / "ny-legislature-higher-education-budget-hearing-2020.txt").read_text("utf-8").replace("\f", "")
    pages: list[Page] = []
    for line in raw.split("\n"):
        number = re.fullmatch(r"\s{20,}(\d+)\s*", line)
        if number:
            pages.append(Page(header=""))
            pages[-1].lines.append(Line([Run(number.group(1), "mono")], x=500, size=10))
            continue
        if not pages or not line.strip():
            continue
        m = re.match(r"^( ?\d{1,2})?(\s*)(.*)$", line)
        assert m is not None
        col = len(m.group(1) or "") + len(m.group(2))  # the text's printed column
        if m.group(1):
            number = m.group(1).strip()
            gap = " " * max(1, col - len(m.group(1)))
            pages[-1].lines.append(Line([Run(number, "mono"), Run(gap + m.group(3), "mono")], x=40, size=10))
        else:
            pages[-1].lines.append(Line([Run(m.group(3), "mono")], x=40 + col * 6, size=10))
        pages[-1].lines.append(None)  # double spacing
    return write_pdf(path, pages, leading=11.0)


@dataclass
class Read:
    doc: ParsedDocument
    chunks: list[Chunk]

    def speaker_of(self, phrase: str) -> set[str]:
        found = {c.speaker for c in self.chunks if c.block != "intro" and phrase in c.text}
        assert found, f"{phrase!r} is in no chunk"
        return found


def _read(path: Path) -> Read:
    doc = parse(read_file(path), path.name)
    return Read(doc, chunk_document(doc, path.name, 200, 1, HashEmbedder().count_tokens))


@pytest.fixture(scope="module")
def interview(tmp_path_factory: pytest.TempPathFactory) -> Read:
    return _read(interview_pdf(tmp_path_factory.mktemp("pdf") / "interview.pdf"))


@pytest.fixture(scope="module")
def hearing(tmp_path_factory: pytest.TempPathFactory) -> Read:
    return _read(hearing_pdf(tmp_path_factory.mktemp("pdf") / "hearing.pdf"))


def test_interview_pdf_signs_each_turn_with_its_speaker(interview: Read) -> None:
    names = {c.speaker for c in interview.chunks if c.block == "statement"}
    assert names == {"Emmanuel Macron", "Marie-Sophie Lacarrau", "Julian Bugier"}
    assert interview.doc.title == "Emmanuel Macron"
    # The interviewers' questions are theirs, not the interviewee's.
    assert interview.speaker_of("Mais à côté de ça il y a un million de français qui manifestent.") == {"Julian Bugier"}
    assert interview.speaker_of("Merci de nous recevoir") == {"Marie-Sophie Lacarrau"}
    assert interview.speaker_of("Mais on ne peut accepter ni les factieux ni les factions.") == {"Emmanuel Macron"}
    roles = {r.name: r.role for r in interview.doc.speakers}
    assert roles["Marie-Sophie Lacarrau"] == "TF 1" and roles["Julian Bugier"] == "France 2"
    # The title is the title, not a part shown where the speaker goes; no header or page number in passages.
    assert not any(c.part == "Emmanuel Macron" for c in interview.chunks)
    assert not any("Entretien TF1" in c.text or re.search(r"\bPage \d", c.text) for c in interview.chunks)


def test_hearing_pdf_with_numbered_double_spaced_lines(hearing: Read) -> None:
    names = {c.speaker for c in hearing.chunks if c.block == "statement"}
    assert {"Helene Weinstein", "Liz Krueger", "Kristina M. Johnson", "Deborah J. Glick"} <= names
    assert hearing.speaker_of("Almost a third of our students have TAP") == {"Kristina M. Johnson"}
    assert hearing.speaker_of("we are anxious to begin our hearing") == {"Helene Weinstein"}
    # Line numbers are not glued into the text, and a paragraph is more than one printed line.
    johnson = " ".join(c.text for c in hearing.chunks if c.speaker == "Kristina M. Johnson" and c.block == "statement")
    assert "I really feel SUNY has tremendous momentum." in johnson  # across numbered lines 23 and 24
    assert not re.search(r"\b(?:1[0-9]|2[0-4]) (?:the|and|of) ", johnson[:3000])
