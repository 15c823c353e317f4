"""Layouts the real corpus lacks (tests/data, written for these tests in the forms of French
commission reports, oral questions saved one turn per line, speech-to-text exports, interviews
with roles in parentheses, US Senate hearings), the user's own speaker pattern, turns that end,
citations of passages nobody speaks, `inspect`, and sizes: the work of parsing and chunking
grows linearly with the text."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from ingest.chunking import chunk_document, chunk_segment
from ingest.pipeline import ingest
from ingest.readers import read_file, read_markdown, read_text
from ingest.structure import ParsedDocument, Segment, parse
from qa.cli import main
from qa.core.settings import Settings, SettingsError
from qa.core.text import fold
from qa.core.types import Chunk, index_text
from tests.conftest import make_settings
from vectorstore.embedders import HashEmbedder
from vectorstore.index import Index

DATA = Path(__file__).parent / "data"
COUNT = HashEmbedder().count_tokens


def _parse(path: Path, pattern: str | None = None) -> tuple[ParsedDocument, list[Chunk]]:
    doc = parse(read_file(path), path.name, speaker_pattern=pattern)
    return doc, chunk_document(doc, path.name, 200, 1, COUNT)


def _turns(chunks: list[Chunk]) -> list[tuple[str, str]]:
    return [(c.speaker, c.text) for c in chunks if c.block == "statement"]


def _who(chunks: list[Chunk], phrase: str) -> set[str]:
    found = {c.speaker for c in chunks if c.block != "intro" and phrase in c.text}
    assert found, phrase
    return found


def test_french_commission_report() -> None:
    doc, chunks = _parse(DATA / "commission-audition-fr.md")
    rows = {(r.name, r.part): r.role for r in doc.speakers}
    assert rows == {
        ("Jean-Louis Bourlanges", "Première table ronde"): "président",
        ("Claire Vidal", "Première table ronde"): "maire de Lunel",
        ("Paul Henry", "Première table ronde"): "délégué pour l'action extérieure des collectivités territoriales",
        ("Frédéric Petit", "Première table ronde"): "rapporteur",
        ("Jean-Louis Bourlanges", "Table ronde 2"): "président",
        ("La ministre", "Table ronde 2"): "ministre",  # nobody in the document is the minister: the label stays
    }
    assert _who(chunks, "Ils atteignent douze millions d'euros.") == {"Paul Henry"}  # "M. Paul Henry. –"
    assert _who(chunks, "(Applaudissements.)") == {""}
    assert _who(chunks, "Ont voté pour") == {""}
    vidal = next(r for r in doc.speakers if r.name == "Claire Vidal")
    assert vidal.intro == "Mme Claire Vidal, maire de Lunel." and vidal.aliases == ("Mme Claire Vidal",)
    intro = next(c for c in chunks if c.block == "intro" and c.speaker == "Claire Vidal")
    assert intro.text == vidal.intro and intro.role == "maire de Lunel" and intro.part == "Première table ronde"


def test_oral_questions_saved_one_turn_per_line() -> None:
    doc, chunks = _parse(DATA / "questions-orales-fr.txt")
    assert [s for s, _ in _turns(chunks)] == [
        "Julien Moreau",
        "Agnès Firmin Le Bodo",
        "Julien Moreau",
        "Luc Bernard",
        "Agnès Firmin Le Bodo",
    ]
    role = next(r.role for r in doc.speakers if r.name == "Agnès Firmin Le Bodo")
    assert role.startswith("ministre déléguée chargée de l'organisation territoriale")
    assert doc.title == "QUESTIONS ORALES SANS DÉBAT"
    assert all(len(c.part) <= 120 for c in chunks)


def test_one_sentence_per_line_is_read_line_by_line() -> None:
    """Aligned corpora and sentence-split exports put one sentence on each line, without blank
    lines: each line is a paragraph (a label alone on its line opens a turn), while wrapped prose
    of the same length stays one paragraph."""
    sentences = [
        "HANSARD REVISE * NUMERO 6 ",
        "M. Jim Abbott (Kootenay-Columbia, Ref.): ",
        "Que va faire son gouvernement? ",
        "Quelles mesures va-t-il prendre? ",
        "Je ne suis pas aussi pessimiste que lui.  ",
        "M. Yvan Loubier (Saint-Hyacinthe-Bagot, BQ):",
        "Alors, nous sympathisons a sa cause.  ",
        "Je lui pose deux questions. ",
        "Le depute de Calgary-Sud-Est.  ",
    ]
    blocks = read_text("\n".join(sentences) + "\n")
    assert [b.text for b in blocks] == [s.strip() for s in sentences]
    wrapped = (
        "The committee met on Tuesday to consider the report on the\nhealth of the rivers of the region, "
        "and heard the officials\nwho had written it. The chair asked why the figures for\nthe northern "
        "basin were missing, and the officials said that\nthe measures had not been taken in time for the\n"
        "printing of the report, which had been delayed by the\nstrike at the printers; they promised a "
        "new edition\nbefore the end of the month, with the missing tables.\n"
    )
    assert len(read_text(wrapped)) == 1


def test_hansard_label_of_the_mover_of_a_motion() -> None:
    """The member moving a motion is labelled with the verb after the riding and party; the
    label still opens their turn, in French and in English."""
    french = [
        "HANSARD REVISE * NUMERO 6 ",
        "M. Ken Epp (Elk Island, Ref.):",
        "En effet, on ne rembourse pas un deficit.",
        "Le deficit correspond au montant qui est emprunte.",
        "Nous reculons dans notre quete de justice sociale.",
        "Que va faire son gouvernement?",
        "Quelles mesures va-t-il prendre?",
        "Je ne suis pas aussi pessimiste que lui.",
        "M. Jean Tremblay (Chicoutimi-Est, BQ) propose:",
        "Que, de l'avis de la Chambre, le gouvernement devrait agir.",
    ]
    english = [
        "EDITED HANSARD * NUMBER 93 ",
        "Mr. Ken Epp (Elk Island, Ref.):",
        "Indeed, a deficit is not repaid.",
        "The deficit is the amount that is borrowed.",
        "We are going backwards in our quest for social justice.",
        "What will his government do?",
        "What measures will it take?",
        "I am not as pessimistic as he is.",
        "Mr. John Smith (Kootenay-Columbia, Ref.) moved:",
        "That, in the opinion of this House, the government should act.",
    ]
    for lines, said, mover in (
        (french, "le gouvernement devrait agir.", "Jean Tremblay"),
        (english, "the government should act.", "John Smith"),
    ):
        doc = parse(read_text("\n".join(f"{ln} " for ln in lines) + "\n"), "h.txt")
        chunks = chunk_document(doc, "h.txt", 200, 1, COUNT)
        assert _who(chunks, said) == {mover}
        assert next(r.role for r in doc.speakers if r.name == mover).endswith("Ref") or mover == "Jean Tremblay"
    assert next(r.role for r in doc.speakers if r.name == "John Smith") == "Kootenay-Columbia, Ref"


def test_hansard_whose_chair_is_labelled_sometimes() -> None:
    """A Hansard that labels its chair "Le President:" in some turns and not in others: the
    unlabelled chair lines take the label's name; the House's voices and the clauses saying what
    happened are nobody's."""
    lines = [
        "M. Jim Abbott (Kootenay-Columbia, Ref.):",
        "Que va faire son gouvernement?",
        "M. Yvan Loubier (Saint-Hyacinthe-Bagot, BQ):",
        "Je lui pose deux questions.",
        "Des voix: Oh, oh!",
        "Le President:",
        "A l'ordre, s'il vous plait.",
        "Monsieur le President, je n'avais pas termine.",  # someone whose label is lost: not the chair
        "M. Ken Epp (Elk Island, Ref.):",
        "En effet, on ne rembourse pas un deficit.",
        "La parole est au depute de Kootenay-Columbia.",
        "Le deficit correspond au montant qui est emprunte.",
        "M. Jack Ramsay (Crowfoot, Ref.):",
        "Cependant, j'estime qu'il embellit le tableau.",
        "Et plus de cinq deputes s'etant leves:",
        "M. Dick Proctor (Palliser, NPD):",
        "Nous reculons dans notre quete de justice sociale.",
    ]
    doc = parse(read_text("\n".join(f"{ln} " for ln in lines) + "\n"), "h.txt")
    chunks = chunk_document(doc, "h.txt", 200, 1, COUNT)
    assert _who(chunks, "A l'ordre, s'il vous plait.") == {"Le president"}
    assert _who(chunks, "La parole est au depute de Kootenay-Columbia.") == {"Le president"}  # no label: the chair's
    assert _who(chunks, "Le deficit correspond au montant") == {"Jim Abbott"}  # the member given the floor
    assert _who(chunks, "Oh, oh!") == {""}
    assert _who(chunks, "je n'avais pas termine.") == {""}
    assert _who(chunks, "Et plus de cinq deputes s'etant leves:") == {""}
    assert _who(chunks, "Nous reculons dans notre quete") == {"Dick Proctor"}


def test_table_of_contents_is_no_passage() -> None:
    """Entries listed between the masthead and its repetition are a table of contents; a header
    repeated after prose is not."""
    toc = [
        "EDITED HANSARD * NUMBER 93",
        "GOVERNMENT RESPONSE TO PETITIONS",
        "Mr. Guy St-Julien",
        "B.C. MINE IN BLACK LAKE",
    ]
    toc += ["Hon. Pierre S. Pettigrew", "Introduction and first reading", "EDITED HANSARD * NUMBER 93"]
    body = ["The House met at 11 a.m.", "Mr. Guy St-Julien (Abitibi, Lib.):", "Mr. Speaker, I rise today."]
    doc = parse(read_text("\n\n".join(toc + body) + "\n"), "h.txt")
    chunks = chunk_document(doc, "h.txt", 200, 1, COUNT)
    text = " ".join(c.text for c in chunks)
    assert "Introduction and first reading" not in text and "B.C. MINE IN BLACK LAKE" not in text
    assert _who(chunks, "Mr. Speaker, I rise today.") == {"Guy St-Julien"}
    prose = ["MINUTES", "The meeting opened at noon.", "The chair welcomed members.", "Apologies were noted."]
    prose += ["The minutes were approved.", "The budget was discussed.", "MINUTES", "Page two follows."]
    doc = parse(read_text("\n\n".join(prose) + "\n"), "m.txt")
    assert "The chair welcomed members." in " ".join(c.text for c in chunk_document(doc, "m.txt", 200, 1, COUNT))


def test_interview_with_initials_and_roles_in_the_front_matter() -> None:
    """A newspaper interview in Markdown: the roles are only in the front matter's description
    ("X, a reporter for Y, interviewed Lord Z of W, professor of ..."), labels are full names then
    initials (a peer's title gives his: "LA"), an answer runs on in unlabelled paragraphs, and a
    label follows a question on the next line."""
    doc, chunks = _parse(DATA / "interview-initials-en.md")
    roles = {r.name: r.role for r in doc.speakers}
    assert roles == {
        "Jane Doe": "a reporter for the Courier",
        "Ashby": "professor of economics at the University of Leeds",
    }
    assert _who(chunks, "the borrowing will.") == {"Ashby"}  # an unlabelled paragraph continues his answer
    assert _who(chunks, "Is there an alternative?") == {"Jane Doe"}
    assert _who(chunks, "There always is.") == {"Ashby"}  # "LA:" on the line after the question
    assert _who(chunks, "Nor would I want a second chamber that did.") == {"Ashby"}
    # The front matter is no passage; its sentence is kept only as the line saying who they are.
    assert not any("interviewed Lord Ashby" in c.text for c in chunks if c.block != "intro")
    assert any("interviewed Lord Ashby" in c.text for c in chunks if c.block == "intro")
    assert {c.part for c in chunks} == {""}  # the title printed again as a heading is not a part


def test_front_matter_fields_are_metadata() -> None:
    blocks = read_markdown(
        "---\ntitle: T\nauthor: Jane Doe\ndescription: Jane Doe talks to Baroness Smith.\nlayout: post\n---\n\nText.\n"
    )
    assert [(b.text, b.title, b.field) for b in blocks] == [
        ("T", True, ""),
        ("Jane Doe", False, "author"),
        ("Jane Doe talks to Baroness Smith.", False, "description"),
        ("Text.", False, ""),
    ]


def test_speech_to_text_speakers_stay_apart() -> None:
    _, chunks = _parse(DATA / "asr-speakers-en.txt")
    assert [s for s, _ in _turns(chunks)] == ["Speaker 1", "Speaker 2", "Speaker 1", "Speaker 2"]


def test_names_with_roles_in_parentheses() -> None:
    doc, chunks = _parse(DATA / "interview-role-paren-fr.md")
    assert {(r.name, r.role) for r in doc.speakers} == {
        ("Durand Sophie", "journaliste, Le Courrier"),
        ("Lefebvre Anne", "maire de Ville-sur-Mer"),
    }
    assert _who(chunks, "Leur chiffre d'affaires a augmenté") == {"Lefebvre Anne"}


def test_english_titles_before_names() -> None:
    doc, chunks = _parse(DATA / "senate-hearing-en.md")
    assert _who(chunks, "The committee will come to order.") == {"Maria Cantwell"}  # "Chair Cantwell:"
    assert _who(chunks, "How much of the 2021 funding has been spent?") == {"Thune"}
    assert _who(chunks, "About a third") == {"Alan Reyes"}
    assert _who(chunks, "(Recess.)") == {""}
    roles = {r.name: r.role for r in doc.speakers}
    assert roles["Alan Reyes"] == "Director of the Rural Connectivity Institute" and roles["Thune"] == "Senator"


TURNS_THEN_NOT = """# Conseil municipal

M. le maire. – Je propose d'adopter le budget.

## Vote du budget

Le budget est adopté à l'unanimité.

(La séance est levée.)

Les documents sont consultables en mairie.
"""


def test_a_turn_ends_where_the_text_is_not_the_speakers(tmp_path: Path) -> None:
    path = tmp_path / "conseil.md"
    path.write_text(TURNS_THEN_NOT, "utf-8")
    _, chunks = _parse(path)
    assert _who(chunks, "Je propose d'adopter le budget.") == {"Le maire"}
    assert _who(chunks, "Le budget est adopté à l'unanimité.") == {""}  # after a heading
    assert _who(chunks, "Les documents sont consultables en mairie.") == {""}  # after a stage direction


USER_LAYOUT = """Réunion du bureau

Alice Martin (présidente) >> Nous ouvrons la séance.

Bruno Petit (trésorier) >> Les comptes sont à l'équilibre.
"""
PATTERN = r"(?P<name>[A-Z]\w+ [A-Z]\w+) \((?P<role>[^)]+)\) >>"


def test_the_users_own_speaker_pattern(tmp_path: Path) -> None:
    path = tmp_path / "bureau.txt"
    path.write_text(USER_LAYOUT, "utf-8")
    doc, chunks = _parse(path)
    assert doc.turns == 0  # no built-in layout reads ">>"
    doc, chunks = _parse(path, PATTERN)
    assert {(r.name, r.role) for r in doc.speakers} == {("Alice Martin", "présidente"), ("Bruno Petit", "trésorier")}
    assert _who(chunks, "Les comptes sont à l'équilibre.") == {"Bruno Petit"}
    assert doc.layouts["user pattern"] == 2


def test_the_speaker_pattern_setting_reaches_ingest(tmp_path: Path) -> None:
    path = tmp_path / "bureau.txt"
    path.write_text(USER_LAYOUT, "utf-8")
    s = make_settings(tmp_path / "index", ingest={"speaker_pattern": PATTERN})
    assert ingest([path], Index(s)).ok
    speakers = {c.speaker for c in Index(s).chunks() if c.block == "statement"}
    assert speakers == {"Alice Martin", "Bruno Petit"}
    with pytest.raises(SettingsError, match="speaker_pattern"):
        Settings.load(overrides={"ingest.speaker_pattern": r"(?P<who>\w+) :"})


NO_SPEAKERS = """---
title: ""
---

Les communes coopèrent depuis longtemps avec leurs voisines. Elles échangent des savoir-faire et des moyens, et elles le font depuis bien avant la décentralisation.

## Méthode

Nous avons interrogé dix maires de villes moyennes.
"""


def test_passages_nobody_speaks_cite_document_part_and_page(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text(NO_SPEAKERS, "utf-8")
    doc, chunks = _parse(path)
    assert doc.title == "notes.md"  # neither the empty front matter nor a paragraph is a title
    first = next(c for c in chunks if "coopèrent" in c.text)
    assert first.part == "" and first.label() == "notes.md"
    method = next(c for c in chunks if "interrogé" in c.text)
    assert method.label() == "notes.md (Méthode)"
    paged = Chunk(text="x", source="report.pdf", pages=(3,), part="Session 2", part_title="SESSION 2 : « ... »")
    assert paged.label() == "report.pdf (Session 2, p. 3)"
    spoken = Chunk(
        text="x", source="report.pdf", pages=(3,), part="Session 2", speaker="Anne Louyot", role="Ambassadrice"
    )
    assert spoken.label() == "Anne Louyot (Ambassadrice, Session 2, p. 3)"


def test_part_titles_are_one_bounded_line(tmp_path: Path) -> None:
    long_heading = "## " + "Une très longue partie " * 12
    path = tmp_path / "long.md"
    path.write_text(f"{long_heading}\n\nM. le maire. – Bonjour.\n", "utf-8")
    doc, chunks = _parse(path)
    assert all(len(c.part_title) <= 120 and "\n" not in c.part_title for c in chunks)
    assert all(len(t) <= 120 for t in doc.part_titles.values())


def test_debris_out_of_passages() -> None:
    md = "---\ntitle: 'Hearing'\nlayout: post\n---\n\n<span style=\"display:none;\">hidden</span>\n\n[Link text](http://x.org/a){.btn}\n\n---\n2\n\nMS. SMITH: We resume.\n"
    texts = [b.text for b in read_markdown(md)]
    assert texts[0] == "Hearing" and "hidden" not in " ".join(texts) and "Link text" in texts
    assert not any("layout" in t or "---" in t or t == "2" for t in texts)
    steno = "\n".join(f"{n:2d}   line {n} of the hearing" for n in range(1, 25))
    blocks = read_text(f"{'':40}1\n\n{steno}\n\f{'':40}2\n\n{steno}")
    assert all(not b.text[:2].strip().isdigit() for b in blocks) and {b.pages for b in blocks} == {(1,), (2,)}


# --- inspect ---------------------------------------------------------------------------------


def test_inspect_says_when_no_turns_were_recognised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PQA_EMBEDDING_BACKEND", "hash")
    monkeypatch.setenv("PQA_EMBEDDING_MODEL", "hash")
    notes = tmp_path / "notes.md"
    notes.write_text(NO_SPEAKERS, "utf-8")
    hearing = tmp_path / "hearing.md"
    hearing.write_text((DATA / "senate-hearing-en.md").read_text("utf-8"), "utf-8")
    runner = CliRunner()
    index = str(tmp_path / "index")
    assert runner.invoke(main, ["--index", index, "ingest", str(notes), str(hearing), "--no-progress"]).exit_code == 0
    plain = runner.invoke(main, ["--index", index, "inspect"])
    assert plain.exit_code == 0, plain.output
    assert (
        "No speaker turns were recognised in notes.md" in plain.stdout
        and "hearing.md:" not in plain.stdout.split("No speaker")[1]
    )
    assert (
        "caps label" in plain.stdout and "SENATOR KRUEGER:" in plain.stdout and "ingest.speaker_pattern" in plain.stdout
    )
    data = json.loads(runner.invoke(main, ["--index", index, "inspect", "--json"]).stdout)
    assert data["documents_without_turns"] == ["notes.md"]
    assert [lay["name"] for lay in data["known_layouts"]][:3] == ["talk heading", "timestamp", "speaker line"]
    rows = [s for s in data["speakers"] if s["name"] == "Alan Reyes"]
    assert rows and rows[0]["intro"].startswith("Dr. Alan Reyes, Director") and "Dr. Reyes" in rows[0]["aliases"]


# --- sizes: linear work ------------------------------------------------------------------------


class Counting:
    """The hash embedder's token counter, counting its calls and the characters it reads."""

    def __init__(self) -> None:
        self.calls = 0
        self.chars = 0

    def __call__(self, text: str) -> int:
        self.calls += 1
        self.chars += len(text)
        return COUNT(text)


def _one_line(n_words: int, punctuated: bool) -> str:
    rnd = random.Random(7)
    words = "la commune coopère avec ses voisines et partage des savoir-faire dans le domaine de l'eau".split()
    out = []
    for i in range(n_words):
        w = rnd.choice(words)
        out.append(w.capitalize() if punctuated and i % 15 == 0 else w)
        if punctuated and i % 15 == 14:
            out[-1] += "."
    return " ".join(out)


@pytest.mark.parametrize("punctuated", [True, False], ids=["sentences", "no-punctuation"])
def test_parse_and_chunk_work_grows_linearly(tmp_path: Path, punctuated: bool) -> None:
    """A file written as one line (a few MB), with and without sentence ends: the token
    counter reads each character a bounded number of times, and 4x the text costs 4x the work
    (not the 11x of re-counting a growing chunk for every sentence)."""
    work = []
    for words in (60_000, 240_000):
        path = tmp_path / f"one-line-{words}.txt"
        path.write_text(_one_line(words, punctuated), "utf-8")
        counter = Counting()
        doc = parse(read_file(path), path.name)
        chunks = chunk_document(doc, path.name, 200, 1, counter)
        size = path.stat().st_size
        assert chunks and all(COUNT(index_text(c)) <= 200 for c in chunks[:200])
        assert counter.chars <= 6 * size, (counter.chars, size)  # each character read a bounded number of times
        work.append((counter.calls, counter.chars))
    (calls1, chars1), (calls4, chars4) = work
    assert 3.5 <= calls4 / calls1 <= 4.5 and 3.5 <= chars4 / chars1 <= 4.5, work
    assert max(len(b.text) for b in read_file(path)) <= 20_000  # paragraphs are bounded


def test_chunks_stay_within_budget_with_a_tokenizer_that_counts_joins(tmp_path: Path) -> None:
    """A counter for which the joined text costs more than the sum of its sentences (a
    tokenizer merging across the joiner): the final check cuts the chunk so it still fits."""
    seg = Segment([" ".join(f"Phrase numéro {i} du texte." for i in range(200))], (), "", "", "section")

    def greedy(text: str) -> int:
        return len(text.split()) + text.count(". ") * 2  # joins cost 2 more tokens each

    groups = chunk_segment(seg, 60, 1, greedy)
    assert groups and all(greedy(" ".join(u[0] for u in g)) <= 60 - greedy(index_text(Chunk("", ""))) for g in groups)
    assert sum(len(g) for g in groups) >= 200  # every sentence is in a chunk


SUBTITLES = """WEBVTT

1
00:00:01.000 --> 00:00:04.000
<v Roger Bingham>We are in New York City

2
00:00:04.000 --> 00:00:08.000
<v Neil deGrasse Tyson>We're actually at the Lucern Hotel, just down the street

3
00:00:08.000 --> 00:00:10.000
<v Neil deGrasse Tyson>from the American Museum of Natural History
"""
WESTMINSTER = """Prime Minister's Questions

The Prime Minister (Rishi Sunak): This morning I had meetings with ministerial colleagues and others.

Sir Keir Starmer (Holborn and St Pancras) (Lab): Can the Prime Minister tell us why waiting lists are rising?

The Prime Minister: Waiting lists are falling for the longest waits.

Mr Speaker: Order. I call the leader of the Liberal Democrats.
"""
FIELDS = """# Project meeting

Date: 4 March 2025

Action: Bob to send the report by Friday.

Decision: the launch moves to May.

Action: Carla to book the venue.

Jean Dupont : un parcours exemplaire au service de la ville.
"""


def test_subtitles_westminster_and_fields(tmp_path: Path) -> None:
    vtt = tmp_path / "talk.txt"
    vtt.write_text(SUBTITLES, "utf-8")
    _, chunks = _parse(vtt)
    assert _turns(chunks) == [
        ("Roger Bingham", "We are in New York City"),
        (
            "Neil deGrasse Tyson",
            "We're actually at the Lucern Hotel, just down the street from the American Museum of Natural History",
        ),
    ]
    pmqs = tmp_path / "pmqs.txt"
    pmqs.write_text(WESTMINSTER, "utf-8")
    doc, chunks = _parse(pmqs)
    assert [s for s, _ in _turns(chunks)] == ["Rishi Sunak", "Keir Starmer", "Rishi Sunak", "Mr Speaker"]
    assert {r.name: r.role for r in doc.speakers}["Keir Starmer"] == "Holborn and St Pancras, Lab"
    notes = tmp_path / "notes.md"
    notes.write_text(FIELDS, "utf-8")
    doc, _ = _parse(notes)
    assert doc.turns == 0  # "Action:" twice is a field, "Jean Dupont :" once a heading


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        (
            "Jeanne Roy : Bonsoir et bienvenue dans votre journal du soir, pour le présenter avec moi Paul Martin.\n\n"
            "Paul Martin : Bonsoir Jeanne.\n\nJeanne Roy : À la une, la réforme des retraites.\n",
            {"Jeanne Roy": "présentateur", "Paul Martin": "co-présentateur"},
        ),
        (
            "Jane Doe: Good evening and welcome to the Evening Bulletin. Joining me tonight, Paul Smith.\n\n"
            "Paul Smith: Thank you, Jane.\n\nJane Doe: First, the budget.\n",
            {"Jane Doe": "presenter", "Paul Smith": "co-presenter"},
        ),
        # No welcome: nobody is made a presenter.
        (
            "Jane Doe: The budget passed tonight, said Paul Smith.\n\nPaul Smith: Thank you, Jane.\n",
            {"Jane Doe": "", "Paul Smith": ""},
        ),
    ],
)
def test_a_broadcasts_hosts_are_its_presenters(tmp_path: Path, text: str, roles: dict[str, str]) -> None:
    path = tmp_path / "bulletin.md"
    path.write_text(text, "utf-8")
    doc, _ = _parse(path)
    assert {r.name: r.role for r in doc.speakers} == roles


def test_the_speaker_who_mostly_asks_in_an_interview_is_its_interviewer() -> None:
    answers = [
        "The arithmetic does not work, because the Treasury counts on growth that nobody else forecasts, "
        "and when the growth does not come the borrowing will have to rise again.",
        "Raise the threshold slowly and tell people years in advance, so that families can plan their "
        "budgets and the change does not fall on one generation alone.",
        "No. We revise legislation; we do not block money bills, and we should not, because the elected "
        "house must have the last word on taxation.",
    ]
    questions = ["What is wrong with the budget?", "Is there an alternative?", "Would the Lords block it?"]
    lines = [
        f"{who}: {text}\n"
        for q, a in zip(questions, answers, strict=True)
        for who, text in (("Jane Doe", q), ("Tom Ashby", a))
    ]
    doc = parse(read_text("\n".join(lines)), "i.md")
    assert {r.name: r.role for r in doc.speakers} == {"Jane Doe": "interviewer", "Tom Ashby": ""}
    # Turns of equal length that are not mostly questions: a debate, nobody's interviewer.
    debate = [f"{who}: {text}\n" for who, text in zip(["Jane Doe", "Tom Ashby"] * 3, answers + answers, strict=True)]
    assert all(not r.role for r in parse(read_text("\n".join(debate)), "d.md").speakers)


def test_the_speaker_who_introduces_every_other_is_the_host() -> None:
    """A programme whose host names each guest before the guest first speaks (« Saskia Sassen,
    bonsoir. »): the host is its « animateur »; a debate whose members name only some of the
    others before they speak has none."""
    lines = [
        ("Nicolas Demorand", "Bonsoir à tous. Nous recevons ce soir des invités venus de loin."),
        ("Nicolas Demorand", "Vous êtes philosophe, Souleymane Bachir Diagne, bonsoir."),
        ("Souleymane Bachir Diagne", "Bonsoir. Je travaille sur la logique et sur l'histoire des idées."),
        ("Nicolas Demorand", "Saskia Sassen, bonsoir."),
        ("Saskia Sassen", "Bonsoir. Je travaille sur les villes mondiales et sur la finance."),
        ("Nicolas Demorand", "Que pensez-vous de la nuit des idées, Souleymane Bachir Diagne ?"),
        ("Souleymane Bachir Diagne", "Elle rassemble des penseurs de partout, et c'est une très bonne chose."),
    ]
    doc = parse(read_text("\n\n".join(f"{who} : {text}" for who, text in lines)), "p.md")
    roles = {r.name: r.role for r in doc.speakers}
    assert roles["Nicolas Demorand"] == "animateur"
    assert roles["Saskia Sassen"] == ""
    # Saskia Sassen speaks before anyone names her: nobody introduced every other speaker.
    lines.insert(1, ("Saskia Sassen", "Je voudrais dire un mot avant de commencer, si vous le permettez."))
    doc = parse(read_text("\n\n".join(f"{who} : {text}" for who, text in lines)), "p.md")
    assert {r.name: r.role for r in doc.speakers}["Nicolas Demorand"] == ""


def test_a_member_thanked_by_an_office_for_their_words_holds_it() -> None:
    """ "I would like to thank the Leader of the Opposition for their assurance" after the
    chair's call: the member who spoke before the call is the Leader of the Opposition (their
    generic "Honourable Member" gives way); thanks to an office with no words of theirs before
    (the chair's only) give nothing."""
    lines = [
        ("MR CHAIRMAN", "The Honourable Member Norman George."),
        ("NORMAN GEORGE", "Mr Chairman, we on this side will let the Bill pass today, but we will watch it."),
        ("MR CHAIRMAN", "Thank you Honourable Member. Our next speaker is the Honourable Minister."),
        ("PAPAMAMA POKINO", "Thank you. I would like to thank the Leader of the Opposition for their assurance."),
    ]
    doc = parse(read_text("\n\n".join(f"{who}: {text}" for who, text in lines)), "h.txt")
    roles = {fold(r.name): r.role for r in doc.speakers}
    assert roles["norman george"] == "Leader of the Opposition"
    assert "opposition" not in fold(roles["papamama pokino"])
    doc = parse(read_text("\n\n".join(f"{who}: {text}" for who, text in [lines[0], lines[2], lines[3]])), "h.txt")
    assert all("opposition" not in fold(r.role) for r in doc.speakers)


def test_talks_under_headings_and_a_panel_introduced_in_speech(tmp_path: Path) -> None:
    """Proceedings whose talks are headed by their speaker: the talk's own sub-section is
    theirs, its presentation and the note-taker's remarks nobody's, the answers of its
    discussion ("R:") theirs; a panel whose members the moderator introduces "from" their
    organisations, and headings "Question One: …" that are parts, not labels."""
    notes = tmp_path / "notes.md"
    notes.write_text(
        "# Journée d'étude\n\n## 9h35-10h15 Claire Dubois : Lire à l'âge du numérique\n\n"
        "### Présentation\n\nHistorienne, directrice de recherche au CNRS.\n\n"
        "### Communication\n\nLes bibliothèques savantes ont changé de forme.\n\n"
        "### Discussion\n\nQuestion sur les rouleaux ?\n\nR: les lecteurs annotaient en marge.\n\n"
        "### Remarques personnelles\n\nTrès belle intervention.\n\n"
        "## 11h05-11h45 : Marc Petit : Écrire à la marge\n\n### Communication\n\nMauss écrivait sur des fiches.\n",
        encoding="utf-8",
    )
    doc, chunks = _parse(notes)
    assert _who(chunks, "bibliothèques savantes") == {"Claire Dubois"}
    assert _who(chunks, "annotaient en marge") == {"Claire Dubois"}
    assert _who(chunks, "fiches") == {"Marc Petit"}
    assert _who(chunks, "Très belle intervention") == {""}
    assert _who(chunks, "directrice de recherche") == {""}
    # the presentation's first sentence says who the speaker is: their role
    talk_roles = {r.name: r.role for r in doc.speakers}
    assert talk_roles == {"Claire Dubois": "Historienne, directrice de recherche au CNRS", "Marc Petit": ""}
    panel = tmp_path / "panel.md"
    panel.write_text(
        "# Panel\n\nModerator: Ann Lee\n\n## Introduction [0:00](https://example.org/v)\n\n"
        "**Ann Lee**: Welcome. Here on the left is John Smith from the University of Sheffield, "
        "then we have Mary Jones from Google.\n\n"
        "## Question One: Future Impact [1:48](https://example.org/v?t=108)\n\n"
        "**Ann Lee**: Which fields come next?\n\n**John Smith**: [1:52](https://example.org/v?t=112) Language, I think.\n\n"
        "**Mary Jones**: Health.\n\n**Ann Lee**: Thank you.\n",
        encoding="utf-8",
    )
    doc, chunks = _parse(panel)
    roles = {r.name: r.role for r in doc.speakers}
    assert set(roles) == {"Ann Lee", "John Smith", "Mary Jones"}
    assert roles["John Smith"] == "University of Sheffield" and roles["Mary Jones"] == "Google"
    assert _who(chunks, "Language, I think") == {"John Smith"}
    assert not any(re.search(r"\b\d:\d\d\b", c.text + c.part_title) for c in chunks)  # links to moments of the video
    assert {c.part for c in chunks if c.speaker == "Mary Jones"} == {"Question One"}
    assert roles["Ann Lee"] == "Moderator"


def _parse_md(tmp_path: Path, text: str) -> tuple[ParsedDocument, list[Chunk]]:
    path = tmp_path / "doc.md"
    path.write_text(text, encoding="utf-8")
    return _parse(path)


SENAT = """# COMPTE RENDU INTÉGRAL

Séance du mardi 31 octobre 1995

# SOMMAIRE

## PRÉSIDENCE DE M. JEAN FAURE

1. Procès-verbal (p. 2332).

## PRÉSIDENCE DE M. YVES GUÉNA

Article 12 (p. 2369)
M. le rapporteur. - Amendement n° 27 de M. Paul Loridant. - Devenu sans objet.

# COMPTE RENDU INTÉGRAL

## PRÉSIDENCE DE M. JEAN FAURE vice-président

M. le président. La séance est ouverte.

## 3

## PLANS DE REDRESSEMENT DU CRÉDIT LYONNAIS

## Discussion d'un projet de loi

M. le président. L'ordre du jour appelle la discussion du projet de loi relatif au Crédit Lyonnais.

M. Hervé Gaymard, secrétaire d'Etat aux finances. Monsieur le président, mesdames, messieurs les sénateurs, ce projet de loi concerne le Crédit Lyonnais.

M. le président. La parole est à M. Hamel.

M. Emmanuel Hamel. Monsieur le président, je vous remercie.
"""


def test_a_senate_report_s_contents_names_nobody_and_its_presidency_says_who_chairs(tmp_path: Path) -> None:
    """The « SOMMAIRE » lists presidents and items ("M. le rapporteur. - Amendement…"): no turn,
    no chair; the body's "PRÉSIDENCE DE M. JEAN FAURE vice-président" (no comma) names the
    chair; an agenda item's subtitle heading stays with its item; « monsieur le président »
    addresses the chair, not the next speaker."""
    doc, chunks = _parse_md(tmp_path, SENAT)
    roles = {r.name: r.role for r in doc.speakers}
    assert set(roles) == {"Jean Faure", "Hervé Gaymard", "Emmanuel Hamel"}, roles
    assert roles["Jean Faure"] == "vice-président"
    assert roles["Emmanuel Hamel"] == ""  # addressing the chair gives nobody else that role
    gaymard = {c.part for c in chunks if c.speaker == "Hervé Gaymard"}
    assert len(gaymard) == 1 and next(iter(gaymard)).startswith("3 PLANS DE REDRESSEMENT DU CRÉDIT LYONNAIS — "), (
        gaymard
    )
    assert any("Loridant" in c.text for c in chunks if c.block == "programme")  # the contents stay readable


COCOF = """C.R.I. No 1 (1995-1996)

# ASSEMBLEE DE LA COMMISSION COMMUNAUTAIRE FRANÇAISE

## SOMMAIRE

Pages
Approbation de l'ordre du jour ..... 3
Nomination du Bureau. ..... 3

de M. Michel Lemaire (tourisme) à M. Didier Gosuin, membre du Collège

La séance est ouverte à 9 h 50 .
M. le Président. - La séance est ouverte.

## EXCUSEES

M. le Président. - Ont demandé d'excuser leur absence: Mmes Caron et Lemesre.

## NOMINATION DU BUREAU

M. Georges Matagne. - Monsieur le Président, le Front National votera contre ces nominations.

M. le Président. - Les candidats proposés sont proclamés élus.

## (Présidence de M. R. Hotyat)

M. le Président. - Mesdames, Messieurs, je remercie Georges Désir pour son efficace présidence.
"""


def test_a_record_opens_after_its_contents_and_a_chair_elected_later_presides_from_then(tmp_path: Path) -> None:
    """The contents (« SOMMAIRE ») end where the record opens (« La séance est ouverte… »),
    though its first turns are "M. le Président. - …" like a contents line; the member elected
    during the sitting ("(Présidence de M. R. Hotyat)") holds the chair's label from there on,
    not before."""
    doc, chunks = _parse_md(tmp_path, COCOF)
    assert {"R. Hotyat", "Georges Matagne"} <= {r.name for r in doc.speakers}, doc.speakers
    excused = [c for c in chunks if "excuser leur absence" in c.text]
    assert excused and all(c.block == "statement" and c.part == "EXCUSEES" for c in excused), excused
    assert all(c.speaker != "R. Hotyat" for c in excused + [c for c in chunks if "proclamés élus" in c.text])
    assert {c.speaker for c in chunks if "je remercie Georges Désir" in c.text} == {"R. Hotyat"}
    assert not any("excuser" in c.text for c in chunks if c.block == "programme")


def test_a_setext_heading_is_a_part_and_a_quote_announced_as_yours_is_nobody_else_s(tmp_path: Path) -> None:
    text = (
        "**Lady Hallett**: Good morning.\n\n1. Ms Jane Runeckles\n====================\n\n"
        "**Counsel Inquiry**: If we could turn to page 2, you set out the First Minister's schedule and you say:\n\n"
        '"... avoiding as much as I can the dreaded supposition I was so rude about earlier."\n\n'
        "**Ms Jane Runeckles**: That is right.\n"
    )
    doc, chunks = _parse_md(tmp_path, text)
    assert {r.name for r in doc.speakers} == {"Hallett", "Counsel Inquiry", "Jane Runeckles"}
    assert {c.part for c in chunks if c.speaker == "Jane Runeckles"} == {"1. Ms Jane Runeckles"}


def test_a_role_put_to_a_witness_and_confirmed_is_theirs(tmp_path: Path) -> None:
    text = (
        "**Counsel Inquiry**: Thank you. You are the head of the Welsh Government's team of special "
        "advisers, a role to which you were appointed in December 2018.\n\n"
        "Is that all correct?\n\n**Ms Jane Runeckles**: That is.\n\n"
        "**Counsel Inquiry**: You are the First Minister, I think?\n\n**Mr Mark Drakeford**: No, I am not.\n\n"
        "**Mme Claire Dupont**: Vous êtes la directrice du port de Brest, n'est-ce pas ?\n\n"
        "**M. Paul Martin**: Non, je suis son adjoint.\n"
    )
    doc, _ = _parse_md(tmp_path, text)
    roles = {r.name: r.role for r in doc.speakers}
    assert roles["Jane Runeckles"] == "head of the Welsh Government's team of special advisers", roles
    assert not roles.get("Mark Drakeford") and not roles.get("Paul Martin")  # a denial gives no role


def test_slug_labels_in_headings_and_roles_a_host_or_a_stage_line_gives(tmp_path: Path) -> None:
    """ "### saskia-sassen：" (a slug, a full-width colon, the words on the next line) is a
    speaker; a host's « vous êtes … » after a guest's greeting gives that guest a role; a
    hearing's "Questions From Lead Counsel to the Inquiry" gives the next speaker theirs."""
    radio = (
        "# Un jour dans le monde\n\n### nicolas-demorand：\nJe salue nos invités, Souleymane Bachir Diagne.\n\n"
        "### souleymane-bachir-diagne：\nBonsoir.\n\n"
        "### nicolas-demorand：\nMerci d'être là, vous êtes philosophe, professeur à Columbia.\n\n"
        "### souleymane-bachir-diagne：\nJe travaille sur la traduction entre les langues du monde.\n"
    )
    doc, chunks = _parse_md(tmp_path, radio)
    roles = {r.name: r.role for r in doc.speakers}
    assert set(roles) == {"Nicolas Demorand", "Souleymane Bachir Diagne"}, roles
    assert roles["Souleymane Bachir Diagne"] == "philosophe"
    assert {c.speaker for c in chunks if "traduction" in c.text} == {"Souleymane Bachir Diagne"}
    hearing = (
        "**Lady Hallett**: Mr Keith.\n\nQuestions From Lead Counsel to the Inquiry\n\n"
        "**Mr Keith**: Professor, could you give us your full name?\n\n**Professor Jimmy Whitworth**: Jimmy Whitworth.\n"
    )
    (tmp_path / "h").mkdir()
    doc, _ = _parse_md(tmp_path / "h", hearing)
    assert {r.name: r.role for r in doc.speakers}["Keith"] == "Lead Counsel to the Inquiry"


def test_the_office_the_chair_gives_the_floor_to_is_the_next_member_s(tmp_path: Path) -> None:
    """Pacific Hansards give members' offices only in the chair's calls: "Honourable Minister for
    Fisheries, you have the floor." then "HON. T.K. NAVUA.- ..."; a name in the call is no office
    but the member's full name ("Honourable Ratu Josefa Lomani" for "HON. RATU J. LOMANI")."""
    text = (
        "HON. SPEAKER.- Honourable Members, the floor is open. Honourable Minister for Fisheries, you have the floor.\n\n"
        "HON. T.K. NAVUA.- Mr. Speaker, Sir, the catch has doubled.\n\n"
        "HON. SPEAKER.- I thank the Honourable Minister. I now invite the Chairperson of the Public Accounts "
        "Committee to speak on the report.\n\n"
        "HON. DR. M. SALA.- Mr. Speaker, Sir, the Committee met twice.\n\n"
        "HON. SPEAKER.- Honourable Ratu Josefa Lomani, you have the floor.\n\n"
        "HON. RATU J. LOMANI.- Mr. Speaker, Sir, I support the motion.\n\n"
        "HON. SPEAKER.- Thank you. I invite the Minister to reconsider his figures before the next sitting.\n\n"
        "HON. A. VULA.- Mr. Speaker, Sir, a point of order.\n"
    )
    doc, _ = _parse_md(tmp_path, text)
    roles = {r.name: r.role for r in doc.speakers}
    assert roles["T.K. Navua"] == "Minister for Fisheries", roles
    assert roles["M. Sala"] == "Chairperson of the Public Accounts Committee", roles
    assert "Josefa Lomani" in roles and not roles["Josefa Lomani"], roles  # "Ratu": a chiefly title, no office
    assert not roles["A. Vula"], roles  # a call in the middle of the chair's words gives nobody the floor
    assert roles["Hon. Speaker"] == "Hon. Speaker"


SINGAPORE = """ORAL ANSWERS TO QUESTIONS

SCHOOLS IN THE NEW ESTATE

1. Mr Lim Boon Heng asked the Minister for Education how many schools the estate will have.

The Senior Minister of State for Education (Encik Ahmad bin Osman) (for the Minister for Education): Mr Speaker, Sir, the estate will have four primary schools by next year.

Mr Lim Boon Heng (Kebun Baru): Sir, will the new schools be ready in time for the children?

Encik Ahmad bin Osman: Sir, the first two schools will open in January.

Mr J.B. Tan (Anson): Mr Speaker, Sir, a supplementary question for the Minister.

Mr Tan: Will the fees be the same as in the old estates?

Encik Ahmad bin Osman: Sir, I beg to move the Motion standing in my name.

Question put, and agreed to.
"""


def test_westminster_labels_with_the_office_first_malay_honorifics_and_joined_initials(tmp_path: Path) -> None:
    """Singapore's Hansard: "The Senior Minister of State (Encik Name) (for the Minister for
    Education):", then "Encik Name:"; members with joined initials ("Mr J.B. Tan (Anson):")."""
    path = tmp_path / "sg-hansard.txt"
    path.write_text(SINGAPORE, "utf-8")
    doc, chunks = _parse(path)
    assert _who(chunks, "the estate will have four primary schools") == {"Ahmad bin Osman"}
    assert _who(chunks, "the first two schools will open in January") == {"Ahmad bin Osman"}
    assert _who(chunks, "a supplementary question for the Minister") == {"J.B. Tan"}
    assert _who(chunks, "Question put, and agreed to.") == {""}  # the record of a decision
    roles = {r.name: r.role for r in doc.speakers}
    assert roles["Ahmad bin Osman"].startswith("The Senior Minister of State for Education")


def test_the_hour_s_p_m_is_no_name(tmp_path: Path) -> None:
    """ "2:25 P.M. EDT" stays the briefing's time, not read as joined initials of a name."""
    path = tmp_path / "briefing.md"
    path.write_text("Press Briefing Room\n\n2:25 P.M. EDT\n\nMS. JONES:  Good afternoon, everyone.\n", "utf-8")
    _, chunks = _parse(path)
    assert any("2:25 P.M. EDT" in c.text for c in chunks if c.block != "statement"), [c.text for c in chunks]


TYPESCRIPT = """Séance du 29 septembre 1995

Monsieur le Président : La séance est ouverte. Nous examinons le compte de campagne.

MonsÍeur GAUTIER : Nous pensons qu'il faut éviter de rejeter le compte sans examen.

Monsíeur ROBERT : L'irrégularité en elle-même ne conduit pas au rejet du compte.

Monsieur Ie Président : Des questions sur le rapport avant de passer au vote ?

Monsieur GAUTIER : Le raisonnement est bien fondé sur les pièces du dossier.
"""


def test_an_ocr_d_typescript_s_honorifics_and_chair(tmp_path: Path) -> None:
    """A typescript's OCR prints « MonsÍeur », « Monsíeur » (an accented i) and « Ie » for « le »:
    the honorific is still one, the member the same, and « Monsieur Ie Président » the chair."""
    doc, chunks = _parse_md(tmp_path, TYPESCRIPT)
    assert _who(chunks, "éviter de rejeter") == _who(chunks, "bien fondé") == {"Gautier"}, doc.speakers
    assert _who(chunks, "ne conduit pas au rejet") == {"Robert"}, doc.speakers
    assert not any("Mons" in r.name for r in doc.speakers), doc.speakers
    assert _who(chunks, "Des questions sur le rapport") == _who(chunks, "La séance est ouverte"), doc.speakers
