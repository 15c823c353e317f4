"""The HTML reader (ingest/readers.py): saved web pages and documents scraped to HTML become the
Markdown reader's blocks, so that the structure parser finds their titles, parts and speakers.
The snippets are written for these tests in the forms such pages take (a title in <head>, CSS,
labels in spans of their own, "Page N" anchors between pages, words cut across spans)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.chunking import chunk_document
from ingest.pipeline import ingest
from ingest.readers import SUPPORTED_SUFFIXES, Block, ReadError, html_to_markdown, looks_like_html, read_file, read_html
from ingest.structure import parse
from tests.conftest import make_settings
from vectorstore.embedders import HashEmbedder
from vectorstore.index import Index

COUNT = HashEmbedder().count_tokens

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Harbour Board &amp; Council – Sitting of 3 May</title>
  <style>
    body { font-family: Arial, sans-serif; }
    .speaker { font-weight: bold; }
  </style>
  <script>var note = "<p>never text</p>";</script>
</head>
<body>
<nav><a href="/">Home</a> | <a href="/sittings">Sittings</a></nav>
<h2>Harbour Dues Bill</h2>
<p><span class="speaker">MR  A.  TAMA:</span> I move that the
   Bill be read a second time, Mr Chairman.</p>
<p>The harbour dues have not changed since 1990 and the wharf needs work done by t</span><span>hem
   before winter.</p>
<div style="display: none">Hidden print footer</div>
<p><b>MR CHAIRMAN:</b> Thank you. The Honourable Member Rua Vaka.</p>
<p><span class="speaker">MR  R.  VAKA:</span></p>
<p>The dues are fair &mdash; but the fishermen&#8217;s fees must stay as they are.</p>
</body>
</html>
"""


def _blocks(html: str) -> list[Block]:
    return read_html(html)


def _body(blocks: list[Block]) -> list[str]:
    return [b.text for b in blocks if not b.title and not b.field]


def test_title_comes_from_the_title_element() -> None:
    blocks = _blocks(PAGE)
    title = [b for b in blocks if b.title]
    assert [b.text for b in title] == ["Harbour Board & Council – Sitting of 3 May"]
    assert parse(blocks, "page.html").title == "Harbour Board & Council – Sitting of 3 May"


def test_title_falls_back_to_the_first_h1() -> None:
    blocks = _blocks("<html><body><h1>Annual Meeting</h1><h1>Second</h1><p>Text.</p></body></html>")
    assert [b.text for b in blocks if b.title] == ["Annual Meeting"]
    assert "Second" in _body(blocks)


def test_headings_keep_their_level() -> None:
    html = "<html><body><h2>Orders of the Day</h2><p>Text.</p><h4><a href='#c2'>Clause <b>2</b></a></h4><p>More.</p></body></html>"
    blocks = _blocks(html)
    headings = [(b.text, b.level) for b in blocks if b.heading and not b.title]
    assert headings == [("Orders of the Day", 2), ("Clause 2", 4)]


def test_script_style_head_nav_and_hidden_elements_are_dropped() -> None:
    text = " ".join(_body(_blocks(PAGE)))
    for gone in ("font-family", "never text", "Home", "Sittings", "Hidden print footer", "utf-8"):
        assert gone not in text, gone
    assert "Hidden" not in " ".join(_body(_blocks('<html><p hidden>Hidden one<p>Shown one</p><p aria-x="1">B</p>')))


def test_entities_are_decoded() -> None:
    text = " ".join(_body(_blocks(PAGE)))
    assert "The dues are fair — but the fishermen’s fees must stay as they are." in text
    assert "&mdash;" not in text and "&#8217;" not in text


def test_a_word_cut_across_two_spans_stays_one_word() -> None:
    body = _body(
        _blocks("<html><body><div><span>carried out by t</span><span>hem and the H</span><span>ouse</span></div>")
    )
    assert body == ["carried out by them and the House"]


def test_block_elements_are_paragraphs_and_html_newlines_are_spaces() -> None:
    html = (
        "<html><body><p>One\n\n  line   of text</p><div>Two</div><ul><li>first<li><p>second</p><p>its rest</p></ul>"
        "<p>a<br>b</p></body></html>"
    )
    blocks = [b for b in _blocks(html) if not b.title]
    assert [b.text for b in blocks] == ["One line of text", "Two", "first", "second", "its rest", "a b"]
    assert [b.bullet for b in blocks] == [False, False, True, True, False, False]
    assert blocks[-1].lines == ["a", "b"]  # <br> is a printed line break


def test_speaker_span_opening_a_block_is_a_bold_lead() -> None:
    blocks = _blocks(PAGE)
    tama = next(b for b in blocks if b.text.startswith("MR A. TAMA:"))
    assert tama.lead == "MR A. TAMA:" and not tama.bold
    assert tama.text == "MR A. TAMA: I move that the Bill be read a second time, Mr Chairman."
    chair = next(b for b in blocks if b.text.startswith("MR CHAIRMAN:"))
    assert chair.lead == "MR CHAIRMAN:"  # <b>
    # A speaker span after the block's first words is no lead.
    later = _blocks('<html><p>Said <span class="speaker">MR X:</span> no</p></html>')
    assert [b.lead for b in later if not b.title] == [""]


def test_speakers_of_an_html_page_are_found() -> None:
    blocks = _blocks(PAGE)
    doc = parse(blocks, "page.html")
    chunks = chunk_document(doc, "page.html", 200, 1, COUNT)

    def who(phrase: str) -> set[str]:
        return {c.speaker for c in chunks if c.block == "statement" and phrase in c.text}

    assert who("I move that the Bill be read a second time") == {"A. Tama"}
    assert who("the wharf needs work done by them") == {"A. Tama"}
    assert who("but the fishermen’s fees must stay") == {"Rua Vaka"}  # the label alone, the chair's call names him
    assert {r.part for r in doc.speakers} == {"Harbour Dues Bill"}


def test_page_anchors_are_page_breaks_and_page_furniture_goes() -> None:
    # Each page: the anchor, the furniture (date, running title, page number), the end of the
    # sentence the page before cut, a sentence the next page ends.
    words = {1: "Tide tables", 2: "Dredging works", 3: "Pilot fees", 4: "Wharf lights", 5: "Buoys"}
    html = "<html><body><p>First page text.</p><p>Tide tables are printed</p>"
    for n in range(2, 6):
        html += (
            f'<p><a name="{n}">Page {n}</a></p><p>3 May 2024</p><p>Harbour Board – Hansard</p><p>{100 + n}</p>'
            f"<p>every week, says {words[n - 1]}.</p><p>{words[n]} are printed</p>"
        )
    html += "</body></html>"
    md = html_to_markdown(html)
    assert "---\n2\n" in md and "---\n5\n" in md
    blocks = _blocks(html)
    body = _body(blocks)
    assert not any(t in {"Harbour Board – Hansard", "Page 3", "103"} for t in body), body
    assert body[0] == "First page text."
    # The date on every page is the document's: kept once, in its head, which says it nowhere else.
    assert body.count("3 May 2024") == 1 and body[1] == "3 May 2024"
    # A sentence cut by a page break is one paragraph again, without the furniture between.
    assert "Pilot fees are printed every week, says Pilot fees." in body
    assert [b.pages for b in blocks if b.text == "First page text."] == [(1,)]
    assert [b.pages for b in blocks if b.text.startswith("Pilot fees")] == [(3, 4)]


def test_a_line_the_body_repeats_is_kept_next_to_a_page_mark() -> None:
    # "The question is:" after the running head on every page is no header: the body says it too.
    pages = "".join(f"<p>Page {n}</p><p>Running head</p><p>The question is:</p><p>Clause {n}.</p>" for n in range(2, 6))
    body = _body(_blocks(f"<html><body><p>The question is:</p><p>Clause 1.</p>{pages}</body></html>"))
    assert "Running head" not in body
    assert body.count("The question is:") == 5 and "Clause 4." in body


def test_malformed_html_is_still_read() -> None:
    html = (
        "<!doctype html><html><head><title>Unclosed title<body><div><p><b>MR X: Bold never closed"
        "<p>Second <i>para <span>with</div></span></b> stray ends</td></tr><![weird[ x ]]> <p>Last <!-- open comment"
    )
    blocks = _blocks(html)
    assert [b.text for b in blocks if b.title] == ["Unclosed title"]
    body = _body(blocks)
    assert body[0] == "MR X: Bold never closed"
    assert any("Second para with" in t for t in body)
    assert any(t.startswith("Last") for t in body)


def test_html_suffixes_are_read_as_html(tmp_path: Path) -> None:
    assert SUPPORTED_SUFFIXES[".html"] == SUPPORTED_SUFFIXES[".htm"] == "html"
    for name in ("page.html", "page.HTM"):
        path = tmp_path / name
        path.write_text(PAGE, "utf-8")
        blocks = read_file(path)
        assert blocks[0].title and "font-family" not in " ".join(b.text for b in blocks)
    # A fragment without <html> in an .html file is HTML too.
    frag = tmp_path / "fragment.htm"
    frag.write_text("<p>One &amp; two</p><p>Three</p>", "utf-8")
    assert _body(read_file(frag)) == ["One & two", "Three"]


def test_html_saved_as_txt_or_md_is_detected(tmp_path: Path) -> None:
    for name, head in (("saved.txt", "\ufeff\n  "), ("saved.md", "")):
        path = tmp_path / name
        path.write_text(head + PAGE, "utf-8")
        text = " ".join(b.text for b in read_file(path))
        assert "font-family" not in text and "<span" not in text and "I move that the Bill" in text
    assert looks_like_html("  <html><body>x</body></html>") and looks_like_html("<!doctype HTML>\n<p>x")


def test_text_that_merely_contains_tags_is_not_html(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Use <b>bold</b> for labels, said the clerk.\n\nThe <html> tag opens a page.\n", "utf-8")
    assert not looks_like_html(path.read_text("utf-8"))
    assert [b.text for b in read_file(path)] == [
        "Use <b>bold</b> for labels, said the clerk.",
        "The <html> tag opens a page.",
    ]
    assert not looks_like_html("<htmlish> is not a tag") and not looks_like_html("Text first.\n<html>")


def test_an_html_file_without_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title></title><style>p {}</style></head><body> </body></html>", "utf-8")
    with pytest.raises(ReadError, match="no text found"):
        read_file(path)


def test_ingest_picks_html_files_in_a_folder(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "sitting.html").write_text(PAGE, "utf-8")
    report = ingest([docs], Index(make_settings(tmp_path / "index")))
    assert report.added == [str(docs / "sitting.html")] and not report.skipped


def test_a_running_date_or_a_front_matter_date_dates_the_document_once() -> None:
    """Text pages headed "4 June 1997" and a Markdown front matter "date:" give the document's
    date as a line of its head; a date the opening already states is not repeated."""
    from ingest.readers import read_markdown, read_text

    pages = "\f".join(f"4 June 1997\nCOMMITTEE OF THE WHOLE\n\nClause {n} was agreed to." for n in range(1, 5))
    texts = [b.text for b in read_text(f"Parliament of the Cook Islands\n\n{pages}")]
    assert texts.count("4 June 1997") == 1 and texts.index("4 June 1997") == 1, texts
    md = read_markdown('---\ntitle: "Panel"\ndate: 2015-07-11\n---\n\nThe panel opened.\n')
    assert [b.text for b in md][:2] == ["Panel", "2015-07-11"]
    said = read_markdown('---\ntitle: "Panel"\ndate: 2015-07-11\n---\n\nOn 2015-07-11 the panel opened.\n')
    assert [b.text for b in said].count("2015-07-11") == 0


def test_the_front_pages_own_header_goes_though_later_pages_lack_it() -> None:
    """A header on the first pages only (a hearing's front matter) is furniture when it stands
    nowhere else; a line the body also says stays."""
    from ingest.readers import read_text

    front = "".join(f"2020-2021 Executive Budget\n2-4-20\n\nPRESENT: Senator {n}, Chair\n\f" for n in "ABC")
    body = "\f".join(f"SENATOR A: Point {n} of the budget.\n\nPRESENT: the witness." for n in range(1, 8))
    texts = [b.text for b in read_text(front + body)]
    assert not any("Executive Budget" in t or t == "2-4-20" for t in texts), texts
    assert any(t.startswith("PRESENT: Senator B") for t in texts)
