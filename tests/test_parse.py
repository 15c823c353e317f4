"""Parsing and chunking of the bundled proceedings, checked against tables written by hand.

The tables below were written by reading data/diplomatie-des-territoires-2023.md (and the
PDF for page numbers); they are not derived from the parser's output. The same tables must
hold for the PDF and for the Markdown export.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from ingest.chunking import chunk_document, index_text
from ingest.readers import read_file
from ingest.structure import ParsedDocument, Segment, parse
from qa.core.text import detect_lang, fold, query_stems, split_sentences, stem_tokens, strip_honorific
from qa.core.types import Chunk
from tests.conftest import MD, PDF, ROOT
from vectorstore.embedders import HashEmbedder

# --- hand-written tables -------------------------------------------------------------------

# The report part (COMPTE-RENDU), statement by statement, in the order printed:
# (speaker without honorific, start of the role, part, kind, phrase of the statement, PDF page
# where the statement's text starts).
STATEMENTS: list[tuple[str, str, str, str, str, int]] = [
    (
        "Hubert Julien Laferrière",
        "Député de la 2",
        "Ouverture",
        "speaker",
        "penser local pour agir mieux globalement",
        3,
    ),
    (
        "François Rebsamen",
        "Président de Cités Unies France",
        "Ouverture",
        "speaker",
        "enraciner la diplomatie dans les territoires",
        4,
    ),
    (
        "Chrysoula Zacharopoulou",
        "Secrétaire d'État chargée du développement",
        "Ouverture",
        "speaker",
        "sentinelles de la république",
        4,
    ),
    (
        "François Hollande",
        "Ancien Président de la République",
        "Ouverture",
        "grand témoin",
        "au nom du néocolonialisme et de l'impérialisme",
        4,
    ),
    (
        "Dorothee Schmid",
        "Responsable de programme à l'Institut français",
        "Session 1",
        "speaker",
        "mondialisation heureuse",
        4,
    ),
    ("Grégory Doucet", "Maire de Lyon", "Session 1", "speaker", "Ouagadougou, Porto Novo, Bamako ou Dakar", 5),
    (
        "Bernard Kouchner",
        "Ancien Ministre des Affaires étrangères",
        "Session 1",
        "grand témoin",
        "le grand tintamarre",
        5,
    ),
    ("Yves Viltard", "Maître de conférences émérite", "Session 2", "speaker", "diplomatie démultipliée", 5),
    ("Patrice Leclerc", "Maire de Gennevilliers", "Session 2", "speaker", "Depuis les accords d'Oslo", 6),
    ("Anne Louyot", "Ambassadrice de France en Arménie", "Session 2", "speaker", "conflit au Haut-Karabagh", 6),
    (
        "Mohamed Fadhel Mahfoudh",
        "Ancien président de l'Ordre tunisien des avocats",
        "Session 2",
        "grand témoin",
        "malaise démocratique",
        6,
    ),
    ("Khalil Harfouche", "Maire de Jezzine", "Session 3", "speaker", "explosion du port de Beyrouth", 7),
    ("Bertrand Gallet", "Président de ACTED", "Session 3", "speaker", "Depuis la loi Thiollière de 2007", 7),
    (
        "Stéphane Troussel",
        "Président du Conseil départemental",
        "Session 3",
        "speaker",
        "puis la COP21 qui s'est tenue en France",
        7,
    ),
    (
        "Benedetta Oddo",
        "Coordinatrice de l'Initiative de Nicosie",
        "Session 3",
        "grand témoin",
        "chute du régime Kadhafi",
        8,
    ),
    (
        "Sina Schlimmer",
        "Responsable de programme à l'Institut Français",
        "Conclusions",
        "observer",
        "4 points majeurs à retenir",
        8,
    ),
    (
        "Lorenzo Kihlgren Grandi",
        "Directeur de City Diplomacy Lab",
        "Conclusions",
        "observer",
        "une vision romantique du rapport des CT",
        9,
    ),
    ("Michaël Delafosse", "Maire de Montpellier", "Conclusions", "speaker", "la ville allemande de Heidelberg", 9),
]

# More of each statement, chosen where the printed text crosses a page break (PDF) or a
# blank-line page break (Markdown): the phrase must come out whole, in that speaker's text.
ACROSS_BREAKS: list[tuple[str, str]] = [
    ("Dorothee Schmid", "une série de crises qui a commencé avec le terrorisme"),
    ("Yves Viltard", "la prolifération des réseaux nationaux et internationaux"),
    ("Stéphane Troussel", "les États ne sont plus les seuls à faire de la diplomatie"),
    ("Benedetta Oddo", "C'est ainsi que l'Initiative de Nicosie est lancée"),
    ("Sina Schlimmer", "« Alors que le monde se retrouve dans une crise démocratique"),
    ("Sina Schlimmer", "comme passerelle des relations géopolitiques entre les États"),
    ("Michaël Delafosse", "faire face au défi écologique, défendre la dignité humaine"),
    ("François Rebsamen", "Longtemps considérée comme un domaine réservé de l'État"),
]

# The programme, as printed: (person, part of the day, kind).
PROGRAMME: list[tuple[str, str, str]] = [
    ("Hubert Julien Laferrière", "Ouverture", "speaker"),
    ("François Rebsamen", "Ouverture", "speaker"),
    ("Chrysoula Zacharopoulou", "Ouverture", "speaker"),
    ("François Hollande", "Ouverture", "grand témoin"),
    ("Virginie Rouquette", "Session 1", "moderator"),
    ("Dorothee Schmid", "Session 1", "speaker"),
    ("Grégory Doucet", "Session 1", "speaker"),
    ("Bernard Kouchner", "Session 1", "grand témoin"),
    ("Simoné Giovetti", "Session 2", "moderator"),
    ("Yves Viltard", "Session 2", "speaker"),
    ("Patrice Leclerc", "Session 2", "speaker"),
    ("Anne Louyot", "Session 2", "speaker"),
    ("Mohamed Fadhel Mahfoudh", "Session 2", "grand témoin"),
    ("François Grünwald", "Session 3", "moderator"),
    ("Khalil Harfouche", "Session 3", "speaker"),
    ("Stéphane Troussel", "Session 3", "speaker"),
    ("Bertrand Gallet", "Session 3", "speaker"),
    ("Benedetta Oddo", "Session 3", "grand témoin"),
    ("Virginie Rouquette", "Conclusions", "moderator"),
    ("Sina Schlimmer", "Conclusions", "observer"),
    ("Lorenzo Kihlgren Grandi", "Conclusions", "observer"),
    ("Michaël Delafosse", "Conclusions", "speaker"),
]
MODERATORS = [
    ("Virginie Rouquette", "Session 1"),
    ("Virginie Rouquette", "Conclusions"),
    ("Simoné Giovetti", "Session 2"),
    ("François Grünwald", "Session 3"),
]
REPORT_PARTS = ["Ouverture", "Session 1", "Session 2", "Session 3", "Conclusions"]
# Text that belongs to no statement: programme lines, and the back matter after the last one.
NOT_STATEMENT_TEXT = [
    "Débat avec la salle",
    "Pause déjeuner",
    "Animatrice :",
    "Cette publication a été cofinancée",
    "Co-funded by",
    "Avec le soutien de Cités et",
]
RUNNING_HEADER = "Cités Unies France · Colloque"

BUDGET = 200  # the default chunking.max_tokens
COUNT = HashEmbedder().count_tokens


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _seg_text(seg: Segment) -> str:
    return _norm(" ".join(seg.paragraphs))


@dataclasses.dataclass
class Parsed:
    kind: str
    path: Path
    doc: ParsedDocument
    chunks: list[Chunk]

    def statements(self) -> list[Segment]:
        return [s for s in self.doc.segments if s.block == "statement"]

    def chunks_of(self, speaker: str) -> list[Chunk]:
        return [c for c in self.chunks if c.speaker == speaker and c.block == "statement"]


def _parse(path: Path, budget: int = BUDGET, count: Callable[[str], int] = COUNT) -> Parsed:
    doc = parse(read_file(path), path.name)
    return Parsed(path.suffix[1:], path, doc, chunk_document(doc, path.name, budget, 1, count))


@pytest.fixture(scope="module", params=[PDF, MD], ids=["pdf", "md"])
def parsed(request: pytest.FixtureRequest) -> Parsed:
    return _parse(request.param)


@pytest.fixture(scope="module")
def parsed_pdf() -> Parsed:
    return _parse(PDF)


# --- structure ---------------------------------------------------------------------------


def test_statements_match_the_hand_written_table(parsed: Parsed) -> None:
    got = parsed.statements()
    assert [(s.speaker, s.part, s.kind) for s in got] == [(n, p, k) for n, _, p, k, _, _ in STATEMENTS]
    for seg, (name, role, _, _, phrase, _) in zip(got, STATEMENTS, strict=True):
        assert seg.role.startswith(role), (name, seg.role)
        assert phrase in _seg_text(seg), (name, phrase)


def test_statement_text_is_whole_across_page_breaks(parsed: Parsed) -> None:
    by_name = {s.speaker: _seg_text(s) for s in parsed.statements()}
    for name, phrase in ACROSS_BREAKS:
        assert phrase in by_name[name], (name, phrase)
        assert any(phrase in c.text for c in parsed.chunks_of(name)), (name, phrase)


def test_report_parts_in_order(parsed: Parsed) -> None:
    parts = parsed.doc.parts
    assert [p for p in parts if p in REPORT_PARTS] == REPORT_PARTS
    assert "Programme" in parts and parts.index("Programme") < parts.index("Ouverture")
    for c in parsed.chunks:
        if c.speaker:
            assert c.part in REPORT_PARTS, c


def test_programme_lists_everyone_with_moderators(parsed: Parsed) -> None:
    prog = parsed.doc.programme
    assert [(p.name, p.part, p.kind) for p in prog] == PROGRAMME
    for name, part in MODERATORS:
        assert any(p.name == name and p.part == part and p.kind == "moderator" for p in prog), (name, part)
    # Moderators do not speak in the report.
    speakers = {s.speaker for s in parsed.statements()}
    assert not speakers & {name for name, _ in MODERATORS}


def test_programme_passages(parsed: Parsed) -> None:
    prog = [c for c in parsed.chunks if c.block == "programme"]
    assert prog and all(c.part == "Programme" and c.speaker == "" for c in prog)
    text = "\n".join(c.text for c in prog)
    for slot in ("8h30-9h00", "9h00-10h00", "10h00-11h00", "11h15-12h45", "14h30-16h00", "16h30-17h15"):
        assert slot in text, slot
    # A slot's time and its title are in the same passage.
    slot1 = [c.text for c in prog if "10h00-11h00" in c.text]
    assert any("mutations géopolitiques et place des territoires dans le champ diplomatique" in t for t in slot1)
    slot3 = [c.text for c in prog if "14h30-16h00" in c.text]
    assert any("La spécificité de l'action internationale des collectivités face aux crises" in t for t in slot3)
    assert "Animatrice : Mme Virginie Rouquette" in text
    # Nothing said in the report is in the programme.
    for _, _, _, _, phrase, _ in STATEMENTS:
        assert phrase not in text, phrase


def test_no_chunk_holds_two_speakers(parsed: Parsed) -> None:
    names = [row[0] for row in STATEMENTS]
    phrases: dict[str, list[str]] = {row[0]: [row[4]] for row in STATEMENTS}
    for name, phrase in ACROSS_BREAKS:
        phrases[name].append(phrase)
    assert {c.speaker for c in parsed.chunks} == {"", *names}
    for c in parsed.chunks:
        for other, theirs in phrases.items():
            if other == c.speaker:
                continue
            for p in theirs:
                assert p not in c.text, f"chunk of {c.speaker or c.block!r} holds {other}'s text {p!r}"
        if c.block == "statement":
            for t in NOT_STATEMENT_TEXT:
                assert t not in c.text, (c.speaker, t)
            # Another speaker's line never opens or closes a statement chunk.
            for other in names:
                if other != c.speaker:
                    assert f"{other}," not in c.text, (c.speaker, other)
    # Every statement has chunks, and each phrase is in a chunk of its own speaker.
    for name, _, _, _, phrase, _ in STATEMENTS:
        assert any(phrase in c.text for c in parsed.chunks_of(name)), name


def test_no_running_header_or_page_number_in_chunks(parsed: Parsed) -> None:
    for c in parsed.chunks:
        assert RUNNING_HEADER not in c.text
        assert "3 juillet 2023 ·" not in c.text
        for line in c.text.splitlines():
            assert not re.fullmatch(r"\s*(?:page\s*)?\d{1,3}\s*", line, re.I), (c.speaker, c.text[:80])
    # The page number printed under the header must not be glued into the text either.
    joined = " ".join(c.text for c in parsed.chunks)
    for pattern in (r"réseaux \d+ nationaux", r"série \d+ de crises", r"défi \d+ écologique"):
        assert not re.search(pattern, joined), pattern


def test_pdf_chunks_have_pages(parsed_pdf: Parsed) -> None:
    chunks = [c for c in parsed_pdf.chunks if c.block != "intro"]  # intro lines come last, from the programme
    assert all(c.pages and all(1 <= p <= 10 for p in c.pages) for c in parsed_pdf.chunks)
    firsts = [c.pages[0] for c in chunks]
    assert firsts == sorted(firsts), "pages go backwards"
    for name, _, _, _, _, page in STATEMENTS:
        mine = parsed_pdf.chunks_of(name)
        assert mine[0].page == page, (name, mine[0].pages)
        assert all(c.page is not None and c.page >= page for c in mine)
    assert parsed_pdf.chunks_of("Anne Louyot")[0].page == 6
    assert parsed_pdf.chunks_of("François Hollande")[0].page == 4
    # The back matter is on the last page.
    assert any("cofinancée" in c.text and c.pages == (10,) for c in chunks)


def test_chunks_cover_every_sentence_of_the_report(parsed: Parsed) -> None:
    """Every sentence of every statement ends up in some chunk of its speaker."""
    for seg in parsed.statements():
        mine = " ".join(c.text for c in parsed.chunks_of(seg.speaker))
        for para in seg.paragraphs:
            for sentence in re.split(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý«])", _norm(para)):
                assert sentence[:50] in mine, (seg.speaker, sentence[:50])


# --- hyphenation -------------------------------------------------------------------------


def _pdf_string(text: str) -> bytes:
    return text.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def make_text_pdf(path: Path, pages: list[list[str]]) -> Path:
    """A PDF with a real text layer (Helvetica), one printed line per string; "" is a gap."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )
    for lines in pages:
        page = writer.add_blank_page(612, 792)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
        ops = [b"BT /F1 11 Tf 72 720 Td 14 TL"] + [b"(" + _pdf_string(ln) + b") Tj T*" for ln in lines] + [b"ET"]
        stream = DecodedStreamObject()
        stream.set_data(b"\n".join(ops))
        page[NameObject("/Contents")] = writer._add_object(stream)
    with path.open("wb") as f:
        writer.write(f)
    return path


HYPHENATED = [
    "La coopération décentralisée est une prati-",
    "que ancienne des communes françaises, qui ont dévelop-",
    "pé des partenariats durables.",
]


def test_pdf_words_split_at_line_end_are_joined(tmp_path: Path) -> None:
    pdf = make_text_pdf(tmp_path / "hyphen.pdf", [HYPHENATED])
    text = " ".join(b.text for b in read_file(pdf))
    assert "une pratique ancienne" in text
    assert "ont développé des partenariats" in text
    assert "prati-" not in text and "dévelop-" not in text


def test_text_words_split_at_line_end_are_joined(tmp_path: Path) -> None:
    txt = tmp_path / "hyphen.txt"
    txt.write_text("\n".join(HYPHENATED) + "\n", encoding="utf-8")
    text = " ".join(b.text for b in read_file(txt))
    assert "une pratique ancienne" in text and "ont développé des partenariats" in text


def test_bundled_pdf_has_no_broken_words(parsed_pdf: Parsed) -> None:
    for c in parsed_pdf.chunks:
        assert not re.search(r"[a-zà-ÿ]- [a-zà-ÿ]", c.text), c.text
    # Compound words printed on one line keep their hyphen.
    joined = " ".join(c.text for c in parsed_pdf.chunks)
    for word in ("Seine-Saint-Denis", "Haut-Karabagh", "Panthéon-Sorbonne", "l'après-guerre"):
        assert word in joined, word


def test_compound_name_cut_at_its_hyphen_keeps_the_hyphen(tmp_path: Path) -> None:
    pdf = make_text_pdf(
        tmp_path / "compound.pdf",
        [
            [
                "Le département de la Seine-Saint-",
                "Denis coopère avec Jezzine.",
            ]
        ],
    )
    text = " ".join(b.text for b in read_file(pdf))
    assert "Seine-Saint-Denis coopère" in text


# --- chunks: ids, budget, sentence alignment ------------------------------------------------


def test_chunk_ids_are_content_hashes(parsed: Parsed) -> None:
    again = _parse(parsed.path)
    assert [c.id for c in again.chunks] == [c.id for c in parsed.chunks]
    assert len({c.id for c in parsed.chunks}) == len(parsed.chunks)
    c = parsed.chunks_of("Anne Louyot")[0]
    same = dataclasses.replace(c, pages=(99,), position=1234, id="")
    assert same.id == c.id, "pages and position are not content"
    for changed in (
        dataclasses.replace(c, text=c.text + " Fin.", id=""),
        dataclasses.replace(c, speaker="Bertrand Gallet", id=""),
        dataclasses.replace(c, source="autre.pdf", id=""),
        dataclasses.replace(c, part="Session 3", id=""),
    ):
        assert changed.id != c.id


def test_chunk_ids_do_not_depend_on_the_process() -> None:
    code = (
        "import json, sys; from pathlib import Path; "
        "from ingest.readers import read_file; from ingest.structure import parse; "
        "from ingest.chunking import chunk_document; from vectorstore.embedders import HashEmbedder; "
        "p = Path(sys.argv[1]); d = parse(read_file(p), p.name); "
        "print(json.dumps([c.id for c in chunk_document(d, p.name, 200, 1, HashEmbedder().count_tokens)]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(MD)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "12345"},
    )
    assert json.loads(out.stdout) == [c.id for c in _parse(MD).chunks]


def test_editing_one_sentence_changes_only_its_chunks(tmp_path: Path) -> None:
    old_sentence = "en 1950 dans une volonté de paix"
    src = MD.read_text("utf-8")
    assert src.count(old_sentence) == 1
    edited = tmp_path / MD.name
    edited.write_text(src.replace(old_sentence, "en 1960 dans une volonté de paix"), "utf-8")
    before, after = _parse(MD), _parse(edited)
    after_ids = {c.id for c in after.chunks}
    touched = [c for c in before.chunks if old_sentence in c.text]
    assert touched
    for c in before.chunks:
        assert (c.id in after_ids) == (c not in touched), c.text[:60]


@pytest.mark.parametrize(
    ("count", "budget"),
    [
        (COUNT, BUDGET),
        (COUNT, 140),
        (lambda t: len(t) // 4 + 1, 128),  # a character-based counter
    ],
    ids=["hash-200", "hash-140", "chars-128"],
)
def test_chunks_fit_the_budget(parsed: Parsed, count: Callable[[str], int], budget: int) -> None:
    doc = parsed.doc
    chunks = chunk_document(doc, parsed.path.name, budget, 1, count)
    assert chunks
    for c in chunks:
        assert count(index_text(c)) <= budget, (c.speaker, count(index_text(c)), c.text[:60])
    # A smaller budget makes more, smaller chunks of the same text.
    if budget < BUDGET:
        assert len(chunks) > len(parsed.chunks)


def _sentence_starts(text: str, paragraph_starts: set[int]) -> list[int]:
    starts = {0, *paragraph_starts}
    for m in re.finditer(r"[.!?…][»\"”)]?\s+|;\s+-\s+", text):
        starts.add(m.end())
    return sorted(starts)


@pytest.mark.parametrize("budget", [BUDGET, 504])
def test_chunks_are_sentence_aligned(parsed: Parsed, budget: int) -> None:
    chunks = chunk_document(parsed.doc, parsed.path.name, budget, 1, COUNT)
    for seg in parsed.statements():
        text, para_starts, pos = "", set(), 0
        for para in seg.paragraphs:
            para_starts.add(pos)
            text += _norm(para) + " "
            pos = len(text)
        starts = _sentence_starts(text, para_starts)
        mine = [c for c in chunks if c.speaker == seg.speaker and c.part == seg.part and c.block == "statement"]
        assert mine
        for c in mine:
            head = c.text[:60]
            offsets = [m.start() for m in re.finditer(re.escape(head), text)]
            assert offsets, (seg.speaker, head)
            if any(o in starts for o in offsets):
                continue
            # Only a sentence longer than the whole budget may be cut inside.
            o = offsets[0]
            s = max(x for x in starts if x <= o)
            e = min((x for x in starts if x > o), default=len(text))
            header = index_text(dataclasses.replace(c, text="")).strip()
            assert budget == BUDGET, f"chunk starts mid-sentence with a budget of {budget}: {head!r}"
            assert COUNT(header) + COUNT(text[s:e]) > budget, (seg.speaker, head)


# --- a document without speakers -----------------------------------------------------------

PLAIN_MD = """# Contexte

Les communes coopèrent depuis longtemps avec leurs voisines. Elles échangent des savoir-faire.

# Méthode

Nous avons interrogé dix maires de villes moyennes. Les entretiens ont duré une heure.
"""


def test_plain_markdown_is_chunked_by_section(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text(PLAIN_MD, "utf-8")
    p = _parse(path)
    assert p.chunks
    assert all(c.speaker == "" and c.block == "section" and c.kind == "" for c in p.chunks)
    by_part: dict[str, str] = {}
    for c in p.chunks:
        by_part[c.part] = by_part.get(c.part, "") + " " + c.text
    assert "coopèrent depuis longtemps" in by_part["Contexte"]
    assert "interrogé dix maires" in by_part["Méthode"]
    assert "interrogé" not in by_part["Contexte"] and "coopèrent" not in by_part["Méthode"]


def test_plain_text_still_yields_chunks(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text(PLAIN_MD, "utf-8")
    p = _parse(path)
    assert p.chunks and all(c.speaker == "" and c.block == "section" for c in p.chunks)
    joined = " ".join(c.text for c in p.chunks)
    assert "coopèrent depuis longtemps" in joined and "Les entretiens ont duré une heure." in joined


# --- qa.core.text --------------------------------------------------------------------------------


def test_fold() -> None:
    assert fold("L’École  Française") == "l'ecole francaise"
    assert fold("Œuvre   Grünwald\tÉTAT") == "oeuvre grunwald etat"
    assert fold("Simoné") == fold("SIMONE") == "simone"


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("M. François Hollande", "François Hollande"),
        ("Mme Virginie Rouquette", "Virginie Rouquette"),
        ("S.E. Mme Anne Louyot", "Anne Louyot"),
        ("Dr. Jean Martin", "Jean Martin"),
        ("  Marie Curie ", "Marie Curie"),  # "Ma..." is not an honorific
        ("Mehdi Ben Saïd", "Mehdi Ben Saïd"),
        ("Michaël Delafosse", "Michaël Delafosse"),
    ],
)
def test_strip_honorific(raw: str, name: str) -> None:
    assert strip_honorific(raw) == name


def test_split_sentences_keeps_honorifics_whole() -> None:
    text = (
        "Le débat a été ouvert par M. François Hollande. S.E. Mme Anne Louyot a parlé de l'Arménie. "
        "Puis M. Gallet a répondu !  Qui conclut ? Mme Rouquette."
    )
    assert split_sentences(text) == [
        "Le débat a été ouvert par M. François Hollande.",
        "S.E. Mme Anne Louyot a parlé de l'Arménie.",
        "Puis M. Gallet a répondu !",
        "Qui conclut ?",
        "Mme Rouquette.",
    ]
    assert split_sentences("") == []
    assert split_sentences("  Une seule phrase sans point final ") == ["Une seule phrase sans point final"]


def test_split_sentences_on_the_corpus() -> None:
    rebsamen = (
        "Cette diplomatie des territoires fait référence aux efforts déployés par les CT pour s'engager "
        "dans des relations internationales avec des villes, régions, etc. La diplomatie des territoires "
        "joue un effet de levier."
    )
    assert len(split_sentences(rebsamen)) == 2
    assert split_sentences(rebsamen)[1] == "La diplomatie des territoires joue un effet de levier."


def test_detect_lang() -> None:
    assert detect_lang("Qu'a dit le maire de Lyon sur la coopération décentralisée ?") == "fr"
    assert detect_lang("What did the mayor of Lyon say about city diplomacy?") == "en"
    assert detect_lang("Quel est le rôle des collectivités face aux crises ?") == "fr"
    assert detect_lang("") == "fr"


def test_stem_tokens_folds_accents_and_stems() -> None:
    toks = stem_tokens("Les coopérations décentralisées des élus et des États")
    assert toks and all(t.isascii() and t == t.lower() for t in toks)
    assert "les" not in toks and "des" not in toks and "et" not in toks
    assert stem_tokens("coopération") == stem_tokens("coopérations") == stem_tokens("Coopération")
    assert stem_tokens("élus") == stem_tokens("Élus")


def test_a_question_meets_a_corpus_printed_without_accents() -> None:
    """Snowball stems « rejetée » and « rejetee » apart (« rejet », « rejete »): a question's
    stems include those of its words without accents, which is how such a corpus was stemmed."""
    assert stem_tokens("rejetee") and not set(stem_tokens("rejetee")) & set(stem_tokens("rejetée"))
    for accented, plain in (("rejetée", "rejetee"), ("sécurité", "securite"), ("adoptée", "adoptee")):
        assert set(stem_tokens(plain)) <= set(query_stems(accented))
        assert set(stem_tokens(accented)) <= set(query_stems(accented))
    assert query_stems("motion") == stem_tokens("motion")  # nothing to add without accents


def test_a_french_feminine_noun_stems_like_its_masculine() -> None:
    """« son rôle de médiatrice » is met by « j'étais le médiateur »; « chercheuse » by
    « chercheur »; other words keep their stems apart."""
    assert stem_tokens("médiatrice") == stem_tokens("médiateur") == stem_tokens("médiatrices")
    assert stem_tokens("chercheuse") == stem_tokens("chercheur")
    assert stem_tokens("sénatrice") == stem_tokens("sénateurs")
    assert stem_tokens("médiatrice") != stem_tokens("média")
