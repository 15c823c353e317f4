"""Speaker recognition on real transcripts (evals/documents): one test per layout on its real
document, and the structure eval with floors.

The expectations below were written by reading each document (names, roles and phrases as
printed there); they are not taken from the parser's output. The eval floors are the figures
measured when the parser was written, minus a small margin (see `FLOORS`).
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from evals.structure import DocScore, GoldError, evaluate_structure, names_agree, role_right, totals
from ingest.chunking import chunk_document
from ingest.readers import read_file
from ingest.structure import ParsedDocument, parse
from qa.cli import main
from qa.core.types import Chunk
from tests.conftest import ROOT
from vectorstore.embedders import HashEmbedder

DOCS = ROOT / "evals" / "documents"
COUNT = HashEmbedder().count_tokens


@dataclass
class Doc:
    parsed: ParsedDocument
    chunks: list[Chunk]

    def speaker_of(self, phrase: str) -> set[str]:
        """Speakers of the statement chunks holding a phrase ("" for text nobody speaks)."""
        p = re.sub(r"\s+", " ", phrase)
        found = {c.speaker for c in self.chunks if c.block != "intro" and p in re.sub(r"\s+", " ", c.text)}
        assert found, f"{phrase!r} is in no chunk"
        return found

    def role(self, name: str) -> str:
        return next(r.role for r in self.parsed.speakers if r.name == name)

    @property
    def names(self) -> set[str]:
        return {c.speaker for c in self.chunks if c.speaker and c.block == "statement"}


_cache: dict[str, Doc] = {}


def doc(name: str) -> Doc:
    if name not in _cache:
        path = DOCS / name
        parsed = parse(read_file(path), path.name)
        _cache[name] = Doc(parsed, chunk_document(parsed, path.name, 200, 1, COUNT))
    return _cache[name]


def test_stenographic_hearing_with_participant_lists() -> None:
    """Numbered lines, double spacing, page numbers; `CHAIRWOMAN WEINSTEIN:` labels resolved
    from the PRESIDING/PRESENT lists and the LIST OF SPEAKERS (roles on the following lines)."""
    d = doc("ny-legislature-higher-education-budget-hearing-2020.txt")
    assert d.names == {
        "Helene Weinstein",
        "Liz Krueger",
        "Kenneth P. LaValle",
        "Edward P. Ra",
        "Kristina M. Johnson",
        "Deborah J. Glick",
    }
    assert d.role("Helene Weinstein") == "Chair, Assembly Ways & Means Committee"
    # "Chancellor  9  20" in the list (page numbers are not the role), then her introduction.
    assert d.role("Kristina M. Johnson") == "chancellor, State University of New York"
    assert d.speaker_of("Good morning.    I am Helene Weinstein,") == {"Helene Weinstein"}
    assert d.speaker_of("Almost a third of our students have TAP") == {"Kristina M. Johnson"}
    # Line numbers, page numbers and the running header are out of the passages.
    text = " ".join(c.text for c in d.chunks)
    assert not re.search(r"\b(?:2[0-4]|1\d) +[a-z]", text.split("CHAIRWOMAN")[0][-200:])
    assert "2-4-20" not in " ".join(c.text for c in d.chunks if c.speaker)
    assert {c.pages[0] for c in d.chunks if c.speaker == "Kristina M. Johnson"} >= {9, 10, 11}  # printed page numbers


def test_congressional_record_in_a_mail() -> None:
    """`MS. KAPTUR:` on its own line; roles from 'the gentleman from Oregon [Mr. DeFazio]'; the
    presiding officer never named keeps the printed label; mail headers out."""
    d = doc("us-house-congressional-record-mexico-1995.txt")
    assert {"Kaptur", "DeFazio", "Brown", "Sanders", "Taylor", "The Speaker Pro Tempore"} == d.names
    assert d.role("DeFazio") == "the gentleman from Oregon" and d.role("Kaptur") == "the gentlewoman from Ohio"
    assert d.speaker_of("we are holding this special order this evening") == {"Kaptur"}
    assert d.speaker_of("is recognized for 60 minutes") == {"The Speaker Pro Tempore"}
    assert not any("prairienet" in c.text for c in d.chunks)


def test_french_parliamentary_ocr_in_csv() -> None:
    """`M. Nom. texte` turns glued after stage directions; `M. le président.` is who presides
    ('PRÉSIDBNCE DE M. DESSEAUX'); collective voices speak for nobody; roles from the bureau list."""
    d = doc("fr-chambre-deputes-seance-1881-01-11-ocr.txt")
    assert {"Desseaux", "Georges Perin", "Clémenceau", "Laroche-Joubert", "Le Provost de Launay fils"} <= d.names
    assert not {n for n in d.names if "." in n or "Messieurs" in n}  # no "Perin. Messieurs" as a name
    assert d.speaker_of("je déclare ouverte la session ordinaire") == {"Desseaux"}
    assert d.speaker_of("Il n'est pas nécessaire que la Chambre soit en très-grand nombre") == {"Clémenceau"}
    assert d.speaker_of("Il ne fallait pas nous convoquer alors") == {"Laroche-Joubert"}  # label without its period
    assert d.speaker_of("Soit, mais je demanderai alors à l'honorable interrupteur") == {
        "Georges Perin"
    }  # "lVJ. Georges Péri»."
    assert d.speaker_of("Qu'est-ce que cela fait?") == {""}  # "A droite."
    assert d.speaker_of("(L'appel des noms des députés les plus jeunes est fait par un huissier.)") == {""}
    assert d.role("de Baudry-d'Asson") == "Vendée"
    assert d.role("Desseaux") == "DOYEN D'AGE"
    assert {r.part for r in d.parsed.speakers} == {"PRÉSIDBNCE DE M. DESSEAUX, DOYEN D'AGE"}


def test_interview_with_first_name_labels() -> None:
    """`**Marie-Sophie :**` labels resolved from the intro 'Marie-Sophie Lacarrau (TF 1)'; the
    President's role from how he is addressed; the empty front matter is not the title."""
    d = doc("fr-interview-macron-tf1-france2-2023-03-22.md")
    assert d.names == {"Emmanuel Macron", "Marie-Sophie Lacarrau", "Julian Bugier"}
    assert d.role("Marie-Sophie Lacarrau") == "TF 1" and d.role("Julian Bugier") == "France 2"
    assert d.role("Emmanuel Macron").startswith("Président")
    assert d.parsed.title == "Emmanuel Macron"
    assert d.speaker_of("Mais on ne peut accepter ni les factieux ni les factions.") == {"Emmanuel Macron"}
    assert d.speaker_of("Mais à côté de ça il y a un million de français qui manifestent.") == {"Julian Bugier"}
    intro = next(c for c in d.chunks if c.block == "intro" and c.speaker == "Marie-Sophie Lacarrau")
    assert "Marie-Sophie Lacarrau (TF 1)" in intro.text


def test_press_briefing_with_anonymous_questions() -> None:
    d = doc("us-white-house-press-briefing-2022-06-07.md")
    assert d.names == {"Karine Jean-Pierre", "Matthew McConaughey", "Q", "Aide"}
    assert d.role("Karine Jean-Pierre") == "Press Secretary"
    assert d.speaker_of("Sir, when you spoke to the President") == {"Q"}
    assert d.speaker_of("I’m going to move around.") == {"Karine Jean-Pierre"}
    assert d.speaker_of("(The press briefing stops for the presidential bill signing.)") == {""}


def test_speech_to_text_export_with_timestamps() -> None:
    """`00:12:16 Name` alone on a line; a segment that introduces someone else than its label
    ("je m'appelle Malika Rédaouia") is that person's."""
    d = doc("fr-audierne-reunion-publique-liste-municipale-2026-transcript.md")
    assert {"Florent Lardic", "Carine Thomas", "Thierry Capron"} <= d.names
    assert d.speaker_of("Bonsoir, je m'appelle Malika Rédaouia") - {""} <= {"Malika Andréolien", "Malika Rédaouia"}
    assert d.speaker_of("Moi c'est Karine Thomas, je suis originaire de Plogoff") == {"Carine Thomas"}
    # Roles in their own words, from their self-introductions.
    assert d.role("Florent Lardic") == "la tête de liste"
    assert d.role("Carine Thomas") == "aide-soignante de métier; engagée syndicalement"
    # The name she gives herself, under a label that misheard it, is one of her names.
    malika = next(r for r in d.parsed.speakers if r.name == "Malika Andréolien")
    assert "Malika Rédaouia" in malika.aliases
    assert not any("Rédaouia" in a for r in d.parsed.speakers if r.name != "Malika Andréolien" for a in r.aliases)


def test_minutes_in_reported_speech() -> None:
    d = doc("ie-limerick-metropolitan-district-annual-meeting-minutes-2017.md")
    assert d.names == {"Michael Hourigan", "Sean Lynch", "C. O’Connor", "K. Lehane", "Vivienne Crowley"}
    assert d.role("C. O’Connor") == "Meetings Administrator"
    assert d.speaker_of("This is now, for sure, a championship city.") == {
        "Sean Lynch"
    }  # the address after "took the Chair"
    assert d.speaker_of("where there was only one candidate that candidate would be elected.") == {"C. O’Connor"}
    assert d.speaker_of("A vote was taken which resulted as follows:") == {""}
    assert "1. To elect a Mayor of the Metropolitan District of Limerick to hold Office" in " ".join(
        d.parsed.part_titles.values()
    )


def test_hansard_with_party_labels_and_centred_headings() -> None:
    d = doc("za-national-assembly-hansard-2004-02-26.md")
    assert {"S Abram", "C M Lowe", "The Speaker", "L M Kgwele"} <= d.names
    assert d.role("C M Lowe") == "DA"
    assert d.speaker_of("HON MEMBERS: Down!") == {""}
    assert d.speaker_of("It is only the ANC that can restore the dignity") == {"L M Kgwele"}  # "[Mr L M KGWELE (ANC):"
    lowe = next(r for r in d.parsed.speakers if r.name == "C M Lowe")
    assert lowe.part == "LEVEL OF SCIENCE AND TECHNOLOGY SKILLS"


def test_canadian_hansard_in_french_one_sentence_per_line() -> None:
    """Accent-stripped aligned-corpus Hansard: a table of contents, members' labels alone on their
    line, labels without text, a label cut after 'St.', the Speaker's turns without a label."""
    d = doc("fr-ca-chambre-communes-hansard-1997-09-29.txt")
    assert {"John Manley", "Jim Abbott", "McClelland", "Bill Matthews", "Grant Hill", "Le Président"} <= d.names
    assert "Mark Muise" not in d.names and "Sarkis Assadourian" not in d.names  # labels with no text after them
    assert d.speaker_of("HANSARD REVISE * NUMERO 6") == {""}  # the masthead is nobody's
    assert not any("Rejet du sous-amendement" in c.text for c in d.chunks)  # the table of contents is no passage
    assert d.speaker_of("Revenons a la periode des questions et des observations.") == {"McClelland"}
    assert d.role("McClelland") == "president suppleant"
    assert d.role("Jim Abbott") == "Kootenay-Columbia, Ref"
    assert d.speaker_of("Je remercie les habitants de Burin-St.") == {"Bill Matthews"}
    assert d.speaker_of("...et la plus obsessive.") == {"Yvon Charbonneau"}
    # The chair interrupts Grant Hill without a label; "Monsieur le President, ..." is Hill again.
    assert d.speaker_of("Le depute aurait-il l'obligeance de reformuler sa question?") == {"Le Président"}
    assert d.speaker_of("Monsieur le President, les fonctionnaires de Sante Canada ont masque la verite.") == {
        "Grant Hill"
    }
    assert d.speaker_of("La parole est au depute de MacLeod.") == {"Le Président"}
    assert d.speaker_of("Nous ne prendrons pas part a des campagnes de denigrement.") == {"Allan Rock"}


def test_canadian_hansard_in_english_with_the_speaker_unlabelled() -> None:
    """The English aligned Hansard: the Speaker's lines follow the members' without a label, and
    the floor goes back to whom the Speaker names."""
    d = doc("ca-house-of-commons-hansard-1998-04-27.txt")
    assert {"Pierre Brien", "Thibeault", "Herb Gray", "Christiane Gagnon", "The Speaker"} <= d.names
    assert "Jean Augustine" not in d.names  # her label is followed only by the Speaker's line
    assert d.speaker_of("My bill challenges separatists to follow some rules.") == {""}  # no label: nobody
    assert d.speaker_of("The hon. member for Portage-Lisgar.") == {"The Speaker"}
    assert d.speaker_of("Does the hon. member for Quebec have anything to add?") == {"The Speaker"}
    assert d.speaker_of("The study commissioned by the health department reveals a very alarming situation.") == {
        "Christiane Gagnon"  # the member for Quebec, given the floor back
    }
    assert d.speaker_of("Thank you, Mr. Speaker.") == {"Herb Gray"}  # "the hon. Deputy Prime Minister"
    assert d.role("Thibeault") == "Acting Speaker"
    assert d.role("Ethel Blondin-Andrew") == "Secretary of State (Children and Youth), Lib"


def test_radio_news_with_initials_and_clips() -> None:
    """`MJ :` resolves to 'Maxime Jaglin :'; a clip announced by 'Écoutez Ivan Duque.' is his."""
    d = doc("fr-rfi-journal-en-francais-facile-2018-05-28.md")
    assert {"Maxime Jaglin", "Alexis Guilleux", "Ivan Duque", "Emmanuel Macron", "Anne Soetemondt"} == d.names
    assert d.speaker_of("Nous ne voulons pas déchirer les accords de paix.") == {"Ivan Duque"}
    assert d.speaker_of("Des propos recueillis à Bogota par Véronique Gaymard.") == {"Maxime Jaglin"}
    assert d.role("Ivan Duque") == "candidat de la droite dure"


def test_web_page_without_speakers() -> None:
    d = doc("fr-gouvernement-covid-actions-deconfinement-2020.md")
    assert d.names == set() and d.parsed.turns == 0
    assert d.speaker_of("Les 3 priorités du gouvernement : protéger, tester, isoler.") == {""}
    assert all("{." not in c.text and "](" not in c.text for c in d.chunks)  # Pandoc markup out


def test_fiji_hansard_scraped_to_html() -> None:
    """A whole HTML page saved as .txt: the title from <title>, the part from <h3>; one member's
    label in a speaker span ending '.:' and in plain text ending '.-'; 'HON. DR.' and 'HON. ADI'
    honorifics; the page furniture ('Page 15', the date, the running title, the page number) out
    of the turns, and a sentence cut by a page break whole again."""
    d = doc("fj-parliament-hansard-2021-02-10.txt")
    assert d.names == {"Hon. Speaker", "R.R. Sharma", "S.R. Govind", "J.V. Bainimarama", "Litia Qionibaravi"}
    # Offices and full names only in the Speaker's calls: "Honourable Prime Minister, you have the
    # floor.", "Honourable Adi Litia Qionibaravi, you have the floor." ("Adi" a chiefly title).
    assert d.role("J.V. Bainimarama") == "Prime Minister" and d.role("Litia Qionibaravi") == ""
    assert d.role("R.R. Sharma") == "Deputy Chairperson of the Standing Committee on Justice, Law and Human Rights"
    assert d.parsed.title == "REVIEW REPORT - FIJIAN ELECTORAL COMMISSION 2014 ANNUAL REPORT - Fiji Hansard 2021-02-10"
    assert {r.part for r in d.parsed.speakers} == {"REVIEW REPORT - FIJIAN ELECTORAL COMMISSION 2014 ANNUAL REP…"}
    assert d.speaker_of("Mr, Speaker, Sir, I move:") == {"R.R. Sharma"}  # "HON. R.R. SHARMA.:" in its span
    assert d.speaker_of("ballot paper the size of a workstation desk.") == {"R.R. Sharma"}  # "HON. R.R. SHARMA.-"
    assert d.speaker_of("I beg to second the motion, Mr. Speaker, Sir.") == {"S.R. Govind"}
    assert d.speaker_of("Justice, Law and Human Rights to speak on his motion.") == {"Hon. Speaker"}
    assert d.speaker_of("Honourable Prime Minister, you have the floor.") == {"Hon. Speaker"}  # glued to the span
    assert d.speaker_of("(Honourable Members interject)") == {""}
    assert d.speaker_of("Who is going to make the recommendations") == {"Litia Qionibaravi"}
    text = " ".join(c.text for c in d.chunks)
    assert "Page 15" not in text and "font-family" not in text
    # the running date is the sitting's: kept once, in the document's head
    assert [c.position < 2 for c in d.chunks if "10th Feb., 2021" in c.text] == [True]
    assert {c.pages[0] for c in d.chunks if c.speaker == "Litia Qionibaravi"} >= {16, 17}  # the anchors' numbers


def test_cook_islands_hansard_scraped_to_html() -> None:
    """<div><span> elements run together, the label alone in its own span with double spaces
    ('HON.  P.  POKINO:', 'MR  P.  TEITI:'), full names only in the Chairman's calls, a
    one-line interjection inside an answer, words cut across spans, page breaks in sentences."""
    d = doc("ck-parliament-hansard-1997-06-04.txt")
    assert d.names == {"Mr Chairman", "Papamama Pokino", "Norman George", "Paora Teiti"}
    assert d.role("Papamama Pokino") == "Honourable Minister"
    assert d.speaker_of("I just rose to suggest that we go through the clauses in parts.") == {"Papamama Pokino"}
    assert d.speaker_of("May I seek leave of the House?") == {"Mr Chairman"}
    assert d.speaker_of("Does it include pigs?") == {"Norman George"}
    assert d.speaker_of("It defines stock food which means pig food") == {"Papamama Pokino"}  # resumes after it
    assert d.speaker_of("What about cat feed and rat feed?") == {"Paora Teiti"}
    assert d.speaker_of("I am quite sure then there will be a lot of smiles") == {"Norman George"}
    assert d.speaker_of("when you are prosecuted by them") == {"Norman George"}  # "by t</span><span>hem"
    assert not any("2986" in c.text for c in d.chunks)
    assert [c.position < 2 for c in d.chunks if "4 June 1997" in c.text] == [
        True
    ]  # the running date, once, in the head


# --- the structure eval ----------------------------------------------------------------------

# Floors: what the parser measured on evals/documents when written, minus a small margin so that
# an unrelated change of a sample or two does not fail the suite. Measured: every document at
# speaker precision 1.00 and recall 1.00, one sample with a wrong speaker (below) and none lost
# (445 samples); role accuracy 0.98 over all documents (0.50 on the radio bulletin, whose
# presenters' roles the text never states; 0.75 on the press briefing, whose anonymous "Q" has
# none); part accuracy 1.00. Per document: precision and recall >= 0.95 and no wrong speaker (the
# issue's targets) except the known misses below; over all documents: role accuracy >= 0.90, part
# accuracy >= 0.95, at most 2 lost samples.
FLOORS = {
    "precision": 0.95,
    "recall": 0.95,
    "role_accuracy": 0.90,
    "part_accuracy": 0.95,
    "wrong_speaker": 0,
    "lost": 2,
}
# Known misses, each explained: the Speaker's unlabelled "I was having difficulty hearing the
# answer." says nothing only a chair says; the chair line after it is recognised, this one stays
# with the minister it follows.
# In the study-day notes' discussions, two unlabelled audience remarks follow a labelled turn
# and stay with it (nothing in the text marks the change of voice).
# The two Pacific Hansards scraped to HTML, measured when the HTML reader was written: Fiji at
# precision and recall 1.00, no wrong or lost sample (role accuracy 0.75: Qionibaravi's office is
# never stated, the gold's "Opposition" is read from her speech); Cook Islands at 1.00 / 1.00
# (its chair, "MR CHAIRMAN:", never named, agrees with the gold's "The Chairman" as the same
# office) with the lost samples below.
# In the 1998-10-21 French Hansard, a bill's title in capitals is printed on the line after a
# member's label and the plain-text reader joins it to the first line of the speech under it.
# The Conseil constitutionnel's typescript minutes (1995-09-29), OCR'd: a rapporteur's name in
# seven spellings, « t'tonsieur Ie Secrétaire qénéral : », labels ending in « ! » or glued
# mid-line, turns printed as headings. Measured when added (precision 0.96, recall 0.93, 16 wrong
# and 2 lost of 60 samples; « MonsÍeur » and « Monsieur Ie Président » read since), its label
# variants not yet merged: the counts below are that shortfall, not a target.
_OCR_MINUTES = "fr-conseil-constitutionnel-deliberation-1995-09-29.md"
KNOWN_WRONG = {
    _OCR_MINUTES: 16,
    # a stage direction on the last line of the chair's paragraph ("(Sous les applaudissements…
    # M. R. Hotyat… prend place au Bureau.)"), read as the chair's words
    "fr-be-assemblee-cocof-compte-rendu-1995-10-20.md": 1,
    "ca-house-of-commons-hansard-1998-04-27.txt": 1,
    "fr-ca-chambre-communes-hansard-1998-10-21.txt": 1,
    "fr-journee-etude-lecture-savante-notes-2015-01-22.md": 2,
}
KNOWN_EXTRA: dict[str, int] = {_OCR_MINUTES: 1}  # "I", from « Monsieur I,OÍ,OUM : »
# Lines no label or heading gives to anyone: the moderator reading the workshop's second question
# under its heading; in the study-day notes, a discussion the note-taker wrote without labels
# (a question, then Jacob's answer) and a question introduced by the asker's name in a sentence
# (« Elena Pierrazzo, lorsque vous évoquez… »), so that she is not found either.
# The Cook Islands Chairman goes on after "Motion agreed to" in unlabelled lines ("We will now deal
# with the Parts.", "The Honourable Member Norman George."): nothing marks them as his.
KNOWN_LOST = {
    _OCR_MINUTES: 2,
    "en-icml-deep-learning-workshop-panel-2015-07-11.md": 2,
    "fr-journee-etude-lecture-savante-notes-2015-01-22.md": 4,
    "ck-parliament-hansard-1997-06-04.txt": 2,
}
KNOWN_MISSED = {"fr-journee-etude-lecture-savante-notes-2015-01-22.md": 1, _OCR_MINUTES: 1}
# The Singapore Hansard is pasted in a Python source: its items' headings share their line with
# code (`sample_texts = {"…": """PRIMARY SCHOOL IN SIMEI ESTATE`), so no part is read there.
# The Cook Islands page's only heading, "COMMITTEE OF THE WHOLE", is its <title> printed again:
# the title, not a part.
KNOWN_PARTLESS = {"sg-parliament-hansard-sample-texts-1984-1996.txt", "ck-parliament-hansard-1997-06-04.txt"}


@pytest.fixture(scope="module")
def scores() -> list[DocScore]:
    return evaluate_structure(DOCS)


def test_structure_eval_floors(scores: list[DocScore]) -> None:
    assert len(scores) >= 10
    for s in scores:
        extra = KNOWN_EXTRA.get(s.file, 0)
        floor = FLOORS["precision"] * (s.detected - extra) / s.detected if extra else FLOORS["precision"]
        assert s.precision >= floor, (s.file, s.precision, s.misses)
        missed = KNOWN_MISSED.get(s.file, 0)
        assert s.recall >= FLOORS["recall"] * (s.gold - missed) / max(1, s.gold), (s.file, s.recall, s.misses)
        assert s.wrong <= FLOORS["wrong_speaker"] + KNOWN_WRONG.get(s.file, 0), (s.file, s.misses)
        assert s.lost <= KNOWN_LOST.get(s.file, 0) + FLOORS["lost"], (s.file, s.misses)
    t = totals(scores)
    assert t["role_accuracy"] is not None and t["role_accuracy"] >= FLOORS["role_accuracy"], t
    parts = totals([s for s in scores if s.file not in KNOWN_PARTLESS])["part_accuracy"]
    assert parts is not None and parts >= FLOORS["part_accuracy"], t
    assert t["lost"] <= FLOORS["lost"] + sum(KNOWN_LOST.values()), t


def test_eval_matching_rules() -> None:
    gold = {"name": "Kenneth P. LaValle", "aliases": ["Ken"], "labels": ["SENATOR LaVALLE:"]}
    assert names_agree("LaValle", gold) and names_agree("K. LaValle", gold) and names_agree("Ken", gold)
    assert not names_agree("Kevin Smith", gold) and not names_agree("Joe LaValle", gold)
    assert names_agree("Q", {"name": "Q (unnamed reporters)", "labels": ["Q    "]})
    # a name of titles only is the office it names, however addressed
    chair = {"name": "The Chairman", "aliases": ["Mr Chairman"]}
    assert names_agree("Mr Chairman", chair) and names_agree("The Chairman", chair)
    assert not names_agree("Mr Speaker", chair) and not names_agree("Mr Chairman", gold)
    assert role_right("Chair, Senate Finance Committee", "Chair, Senate Finance Committee (listed under PRESIDING)")
    assert not role_right("", "Chair") and not role_right("Journalist at City Times", "Chair, Senate Finance Committee")


def test_eval_counts_wrong_and_lost_passages(tmp_path: Path) -> None:
    """A gold table that contradicts the document: the eval must say so."""
    src = DOCS / "us-house-congressional-record-mexico-1995.txt"
    shutil.copy(src, tmp_path / src.name)
    gold = {
        "file": src.name,
        "speakers": [
            {
                "name": "DeFazio",
                "aliases": [],
                "labels": [],
                "role": "",
                "parts": [],
                "samples": ["we are holding this special order this evening"],
            },
            {
                "name": "Nobody Here",
                "aliases": [],
                "labels": [],
                "role": "",
                "parts": [],
                "samples": ["not in the document at all"],
            },
        ],
        "unattributed_samples": ["Mr. Speaker, I yield to the gentleman from Oregon"],
    }
    (tmp_path / "x.gold.json").write_text(json.dumps(gold), "utf-8")
    [s] = evaluate_structure(tmp_path)
    assert (s.wrong, s.lost) == (2, 1)  # Kaptur's words given to "DeFazio", and the unattributed line
    assert s.recall == 0.5 and s.precision < 0.5  # Kaptur, Brown... are "extra" for this gold


def test_eval_refuses_bad_gold(tmp_path: Path) -> None:
    (tmp_path / "a.gold.json").write_text("{not json", "utf-8")
    with pytest.raises(GoldError, match=r"a\.gold\.json"):
        evaluate_structure(tmp_path)
    with pytest.raises(GoldError, match="no such folder"):
        evaluate_structure(tmp_path / "missing")


def test_cli_eval_structure(tmp_path: Path) -> None:
    for name in ("us-house-congressional-record-mexico-1995", "fr-interview-macron-tf1-france2-2023-03-22"):
        for f in DOCS.glob(f"{name}.*"):
            shutil.copy(f, tmp_path / f.name)
    runner = CliRunner()
    result = runner.invoke(main, ["eval-structure", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [d["file"] for d in data["documents"]] == sorted(
        p.name for p in tmp_path.glob("*") if not p.name.endswith(".json")
    )
    assert data["totals"]["precision"] == 1.0 and data["totals"]["wrong_speaker"] == 0
    table = runner.invoke(main, ["eval-structure", str(tmp_path), "--misses"])
    assert table.exit_code == 0 and "us-house-congressional-record-mexico-1995.txt" in table.stdout
    assert table.stdout.splitlines()[-1].startswith("all")
    bad = runner.invoke(main, ["eval-structure", str(tmp_path / "nowhere")])
    assert bad.exit_code == 1 and "no such folder" in bad.output and "Traceback" not in bad.output
