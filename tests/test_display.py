"""Notebook rendering: search results and citations as tables, escaped; reports that leave the
caller's matplotlib alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from qa.assistant import Assistant
from qa.core.settings import Settings
from qa.core.types import Answer, Chunk, Citation, Citations, Passage, Passages
from tests.conftest import ROOT


def _passage(text: str, rank: int = 1, speaker: str = "Anne Louyot") -> Passage:
    chunk = Chunk(text=text, source="a.pdf", pages=(3, 4), part="Session 2", speaker=speaker, role="Ambassadrice")
    return Passage(chunk, 0.5 / rank, rank)


def test_search_returns_passages_that_render_as_a_table(bundled_settings: Settings) -> None:
    found = Assistant(bundled_settings).search("Ukraine", k=3, speaker="Anne Louyot")
    assert isinstance(found, Passages) and isinstance(found, list) and len(found) == 3
    html = found._repr_html_()
    assert html.count("<tr>") == 1 + 3 and "3 passages" in html
    assert html.count("<td style='text-align:left;vertical-align:top'>Anne Louyot</td>") == 3
    md = found._repr_markdown_().splitlines()
    assert md[2].startswith("| # | score | speaker |") and len(md) == 4 + 3  # caption, blank, head, rule, rows
    assert all(line.count(" | ") >= 7 for line in md[4:])


def test_cells_are_escaped_and_one_line() -> None:
    ps = Passages([_passage("<script>x</script> a | b\nnext line")])
    assert "&lt;script&gt;" in ps._repr_html_() and "<script>" not in ps._repr_html_()
    row = ps._repr_markdown_().splitlines()[-1]
    assert "a \\| b next line" in row and row.endswith(" |")
    assert Passages()._repr_markdown_() == "*no passages*" and "no passages" in Passages()._repr_html_()
    assert "1 passage<" in ps._repr_html_()  # singular


def test_answer_citations_render_as_a_table_and_one_by_one() -> None:
    p1, p2 = _passage("Premier passage.", 1), _passage("Second passage.", 2, speaker="Bertrand Gallet")
    answer = Answer("q", "t [1] [2]", [Citation(1, p1, "Premier"), Citation(2, p2)], [p1, p2])
    assert isinstance(answer.citations, Citations) and isinstance(answer.passages, Passages)
    html = answer.citations._repr_html_()
    assert html.count("<tr>") == 3 and "Bertrand Gallet" in html and "Second passage." in html  # no quote: the text
    assert "Premier</td>" in html
    one = answer.citations[0]
    assert one._repr_markdown_().startswith("**[1] Anne Louyot (Ambassadrice, Session 2, pp. 3-4)** — a.pdf")
    assert "<blockquote>Premier</blockquote>" in one._repr_html_()
    assert answer.to_dict()["citations"][1]["speaker"] == "Bertrand Gallet"  # still plain data for JSON
    df = answer.passages.to_dataframe()
    assert list(df["rank"]) == [1, 2] and list(df["speaker"]) == ["Anne Louyot", "Bertrand Gallet"]


def test_write_report_leaves_the_callers_backend_and_figures(tmp_path: Path) -> None:
    """In a fresh interpreter (a backend is process-wide): the caller's backend and open figure
    survive, and the PNGs are written."""
    code = f"""
import matplotlib
matplotlib.use("svg")
import matplotlib.pyplot as plt
fig = plt.figure()
from evals.runner import load_set, run_items
from evals.report import write_report
from qa.core.types import Answer
items = load_set("dev")[:5]
report = run_items(items, lambda item: Answer(item.question, "no"), 5, "fake")
write_report([report], __import__("pathlib").Path({str(tmp_path)!r}), "dev")
print(matplotlib.get_backend(), plt.get_fignums())
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "svg [1]", out.stderr
    for name in ("metrics.png", "latency.png"):
        assert (tmp_path / name).read_bytes().startswith(b"\x89PNG")
    assert "![metrics](metrics.png)" in (tmp_path / "report.md").read_text("utf-8")
