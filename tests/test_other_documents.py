"""The product on proceedings other than the bundled ones: English, Markdown headings, bold
speaker lines without honorifics, a programme with a moderator."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from ingest.pipeline import ingest
from ingest.readers import read_file
from ingest.structure import parse
from qa.assistant import Assistant
from qa.core.settings import Settings
from tests.conftest import make_settings
from vectorstore.index import Index

SUMMIT = Path(__file__).parent / "data" / "summit-en.md"


def test_english_proceedings_parse() -> None:
    doc = parse(read_file(SUMMIT), SUMMIT.name)
    statements = [(s.speaker, s.role, s.part) for s in doc.segments if s.block == "statement"]
    assert statements == [
        ("Jane Doe", "Mayor of Lisbon", "Opening"),
        ("Ahmed Karimi", "Director of the Resilience Institute", "Opening"),
        ("Maria Rossi", "Deputy Minister of Environment, Italy", "Session 1"),  # no honorific, bold line
    ]
    assert [(p.name, p.kind) for p in doc.programme if p.kind == "moderator"] == [("Paul Martin", "moderator")]


@pytest.fixture(scope="module")
def summit(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    s = make_settings(tmp_path_factory.mktemp("summit"))
    assert ingest([SUMMIT], Index(s)).ok
    return s


def _assistant_over(tmp_path: Path, name: str, text: str) -> Assistant:
    """An assistant over one document written for the test, ingested into its own index."""
    doc = tmp_path / name
    doc.write_text(text, "utf-8")
    s = make_settings(tmp_path / "idx")
    assert ingest([doc], Index(s)).ok
    return Assistant(s)


def test_english_answers_cite_and_are_not_said_to_be_french(summit: Settings) -> None:
    a = Assistant(summit)
    answer = a.ask("What did the mayor of Lisbon say about flood defences?")
    assert not answer.refused and answer.citations[0].speaker == "Jane Doe"
    assert "flood defences" in answer.text and "French" not in answer.text.splitlines()[0]
    moderated = a.ask("Who moderated the opening session?")
    assert "Paul Martin" in moderated.text


def test_english_out_of_scope_is_refused_in_english(summit: Settings) -> None:
    answer = Assistant(summit).ask("What did the summit decide about nuclear energy subsidies?")
    assert answer.refused and answer.text.startswith("I could not find the answer in “Urban Resilience Summit 2024”")


def test_who_is_a_speaker_whose_role_no_line_states_quotes_their_first_words(tmp_path: Path) -> None:
    a = _assistant_over(
        tmp_path,
        "bulletin.md",
        "# Journal du soir\n\n"
        "ALEX MARTIN : Bonsoir à tous, voici les titres du journal de ce soir. La réforme des retraites est votée.\n\n"
        "JEANNE ROY : Merci Alex. Le texte a été adopté par le Parlement après trois semaines de débats.\n",
    )
    answer = a.ask("Qui est Alex Martin ?")
    assert not answer.refused, answer.text
    assert "Bonsoir à tous, voici les titres du journal de ce soir." in answer.text
    assert answer.citations[0].speaker == "Alex Martin"


def test_a_passage_is_read_after_the_one_before_it_and_the_document_itself_in_its_head(tmp_path: Path) -> None:
    """The context a passage is read in for the names asked: the title and the last sentences
    of the passage before it; a question about the document itself reads its head and title."""
    filler = " ".join(f"Phrase de remplissage numéro {i} sur la météo du jour." for i in range(80))
    a = _assistant_over(
        tmp_path,
        "journal.md",
        "---\ntitle: 'Journal du soir 28/05/2018 20h00'\n---\n\n"
        f"ALEX MARTIN : Bonsoir à tous. {filler} L'Union européenne prolonge ses sanctions contre la Syrie.\n\n"
        "JEANNE ROY : Merci Alex. La liste noire compte plus de 250 noms.\n",
    )
    chunks = a.index.chunks()
    roy = next(c for c in chunks if c.speaker == "Jeanne Roy")
    around = a._context()(roy)
    assert "Journal du soir 28/05/2018 20h00" in around and "contre la Syrie" in around
    assert "Phrase de remplissage numéro 3 " not in around  # only the last sentences
    # the date its title writes in figures is the day a question writes out, in either language
    assert "28 mai 2018" in around and "May 28, 2018" in around
    dated = a.ask("À quelle date et à quelle heure ce journal a-t-il été diffusé ?")
    assert not dated.refused and "28/05/2018" in dated.text
    assert dated.text.count("« ") == 1  # the head's line, not the passages that merely say "journal"


def test_an_answer_is_read_with_the_whole_question_it_answers(tmp_path: Path) -> None:
    """A journalist's question names what the answer is about; the answer need not repeat it:
    the names asked are looked for in the whole question turn, not only its last sentences."""
    a = _assistant_over(
        tmp_path,
        "briefing.md",
        "# Press briefing\n\n"
        "MS. LEE:  Good afternoon. The budget talks resume on Monday with both committees.\n\n"
        "Q    On a different subject, the President is meeting President Oduya of Kenya. "
        "The wire services are reporting that Oduya wanted concessions before the meeting. "
        "They also say the summit may be delayed. Some aides dispute it. Others do not. "
        "Can you confirm that report?\n\n"
        "MS. LEE:  I cannot confirm that report. The President looks forward to the summit.\n",
    )
    lee = [c for c in a.index.chunks() if c.speaker == "Lee" and "confirm" in c.text]
    assert lee, [(c.speaker, c.text[:40]) for c in a.index.chunks()]
    assert "Oduya" in a._context()(lee[0])  # four sentences before the end of the question
    answer = a.ask("Did Ms. Lee confirm the report that Oduya wanted concessions?")
    assert not answer.refused, answer.text
    assert "I cannot confirm that report." in answer.text


def test_an_answer_is_read_with_a_question_turn_that_runs_over_several_passages(tmp_path: Path) -> None:
    """Counsel reads a document out before asking about it: the name is in the turn's first
    passage, the question in its last; the witness's answer is read with the whole turn."""
    reading = "\n\n".join(
        f"Paragraph {i} of the email chain sets out the background of the set-up in some detail." for i in range(8)
    )
    a = _assistant_over(
        tmp_path,
        "hearing.md",
        "# Hearing\n\n"
        "**Counsel Inquiry**: I want to look at the test centre at Kilbeg Stadium.\n\n"
        f"{reading}\n\nWhat was the reaction of the ministers you advised?\n\n"
        "**Ms Ada Rowe**: They were very shocked, and dismayed, really.\n",
    )
    chunks = a.index.chunks()
    counsel = [c for c in chunks if c.speaker == "Counsel Inquiry"]
    rowe = next(c for c in chunks if c.speaker == "Ada Rowe")
    assert len(counsel) >= 2 and "Kilbeg" not in counsel[-1].text, [c.text[:40] for c in counsel]
    assert "Kilbeg" in a._context(own=True)(rowe)
    answer = a.ask("How did Ada Rowe say ministers reacted to the test centre at Kilbeg Stadium?")
    assert not answer.refused, answer.text
    assert "very shocked" in answer.text


def test_a_speech_over_several_passages_is_read_with_its_opening(tmp_path: Path) -> None:
    """ "I beg to move the Motion…": a minister's later passage, with the cost, is read with the
    opening of the same turn that names the motion; another speaker's passage is not."""
    body = " ".join(f"Point {i} of the works concerns the drainage of the site in some detail." for i in range(14))
    a = _assistant_over(
        tmp_path,
        "sitting.md",
        "# Sitting\n\n"
        "**Mr Tan**: Sir, I beg to move the Motion on the reclamation at Kilbeg. "
        f"{body} The total cost of the project has been estimated at $874 million.\n\n"
        "**Mr Lim**: Sir, the Motion raises questions. The total cost of the new school is $12 million.\n",
    )
    tan = [c for c in a.index.chunks() if c.speaker == "Tan"]
    assert len(tan) >= 2 and "Kilbeg" not in tan[-1].text, [c.text[:40] for c in tan]
    assert "Kilbeg" in a._context(own=True)(tan[-1])
    lim = next(c for c in a.index.chunks() if c.speaker == "Lim")
    assert "Kilbeg" not in a._context(own=True)(lim)


def test_a_speaker_is_not_read_with_another_speaker_s_statement(tmp_path: Path) -> None:
    """For a question about a speaker's views, the passage before theirs counts only when it is
    a lead-in or a question put to them: another speaker's statement is not what they said."""
    a = _assistant_over(
        tmp_path,
        "table-ronde.md",
        "# Table ronde\n\n"
        "PAUL RIVE : Merci. Nos villes agissent depuis dix ans. Elles financent des écoles. "
        "Elles forment des élus. Elles accueillent des stagiaires de Palestine.\n\n"
        "ANNE VIDAL : L'engagement des collectivités doit respecter la diplomatie de l'État.\n\n"
        "PAUL RIVE : La Syrie reste un sujet.\n\n"
        "ANNE VIDAL : Les sanctions durent depuis des années et la liste compte 250 noms.\n",
    )
    vidal = [c for c in a.index.chunks() if c.speaker == "Anne Vidal"]
    assert "Palestine" in a._context()(vidal[0]) and "Palestine" not in a._context(own=True)(vidal[0])
    assert "Syrie" in a._context(own=True)(vidal[1])  # a one-sentence lead-in introduces her turn
    answer = a.ask("Que pense Anne Vidal de l'engagement des collectivités en Palestine ?")
    assert answer.refused, answer.text


def test_a_statement_is_read_under_the_heading_of_its_debate(tmp_path: Path) -> None:
    """Every speech of the debate on « LOI SUR L'AGENCE DU REVENU » is on that agency, though a
    speaker never says « revenu »: the heading names what the statement is about."""
    a = _assistant_over(
        tmp_path,
        "debat.md",
        "# Débats\n\n## LOI SUR L'AGENCE DU REVENU\n\n"
        "PAUL RIVE : Notre parti s'oppose au principe de ce projet de loi. L'agence ne serait pas indépendante.\n\n"
        "ANNE VIDAL : Le ministre doit répondre.\n\n## LES PÊCHES\n\n"
        "MARC LEROY : Les stocks de morue baissent depuis des années.\n",
    )
    rive = next(c for c in a.index.chunks() if c.speaker == "Paul Rive")
    assert "REVENU" in a._context(own=True)(rive)
    leroy = next(c for c in a.index.chunks() if c.speaker == "Marc Leroy")
    assert "REVENU" not in a._context(own=True)(leroy)
    answer = a.ask("Résumez la position de Paul Rive sur le projet d'agence du revenu.")
    assert not answer.refused and "Paul Rive" in answer.text, answer.text


def test_when_a_meeting_named_by_its_title_was_held_is_read_in_the_document_s_head(tmp_path: Path) -> None:
    """ "When was the annual meeting of the Harbour District of Kilbeg held?" names the document by
    its title's words: its head, which says when, is read though retrieval ranks it low."""
    filler = "\n\n".join(
        f"Item {n}. The annual meeting of the Harbour District of Kilbeg held a debate on the "
        f"{word} of the harbour, and the district council of Kilbeg noted it." + " More words here." * 5
        for n, word in enumerate(["roads", "piers", "boats", "fees", "lights", "cranes", "nets", "quays"] * 3)
    )
    text = (
        "MINUTES OF THE ANNUAL MEETING OF THE HARBOUR DISTRICT OF KILBEG HELD IN THE COUNCIL CHAMBER, "
        "ON FRIDAY, 23RD JUNE, 2017\n\n" + filler + "\n"
    )
    a = _assistant_over(tmp_path, "kilbeg-minutes.md", text)
    answer = a.ask("When was the annual meeting of the Harbour District of Kilbeg held?")
    assert not answer.refused and "JUNE" in answer.text, answer.text


def test_a_question_answered_in_other_words_is_said_to_be_answered_by_meaning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A question whose words a speaker's statement lacks ("gun measures", "lawmakers") is
    refused unless the closest sentence stands far above the corpus at large in meaning; then the
    answer says it is close in meaning only, not a confident quote."""
    filler = "\n\n".join(f"PAUL RIVE: The harbour report number {i} covers tides and boats." for i in range(40))
    a = _assistant_over(
        tmp_path,
        "briefing.md",
        f"# Briefing\n\n{filler}\n\nJOE KANE: We need background checks. We need safer schools.\n",
    )
    question = "Which concrete measures did Joe Kane ask lawmakers to pass?"
    assert a.ask(question).refused  # off by default
    a.settings.answer.min_meaning_z = 2.5

    def scripted(q: str, sentences: Sequence[str]) -> list[float]:
        # the speaker's first sentence close to the question, the corpus at large spread around 0.2
        return [0.9 if s == "We need background checks." else 0.2 + (len(s) % 7) / 100 for s in sentences]

    monkeypatch.setattr(a, "_sentence_similarity", scripted)
    answer = a.ask(question)
    assert not answer.refused, answer.text
    assert answer.text.startswith("The documents do not say it in these words")
    assert "We need background checks." in answer.text
    a.settings.answer.min_meaning_z = None  # off: refused as before
    assert a.ask(question).refused


def test_an_answer_is_read_with_the_name_of_the_speaker_it_answers(tmp_path: Path) -> None:
    """« Qu'a répondu la ministre à la question de Rose Blanc ? »: the minister's answer does not
    repeat the name of the member who asked; the turn before it, hers, names her."""
    a = _assistant_over(
        tmp_path,
        "hansard.md",
        "# Débats\n\n"
        "**Mme Rose Blanc**: La ministre va-t-elle interdire les rejets de mercure dans les rivières ?\n\n"
        "**L'hon. Ève Noir (ministre de l'Environnement)**: Non, je ne m'y engagerai pas pour les rejets.\n\n"
        "**M. Luc Gris**: Parlons des routes et des ponts du pays.\n",
    )
    noir = next(c for c in a.index.chunks() if c.speaker == "Ève Noir")
    assert "Rose Blanc" in a._context()(noir) and "Rose Blanc" in a._context(own=True)(noir)
    gris = next(c for c in a.index.chunks() if c.speaker == "Luc Gris")
    assert "Rose Blanc" not in a._context()(gris)
    answer = a.ask("Qu'a répondu Ève Noir à la question de Rose Blanc sur les rejets ?")
    assert not answer.refused, answer.text
    assert "engagerai" in answer.text


def test_the_passage_before_is_found_when_repeated_answers_were_deduplicated(tmp_path: Path) -> None:
    """Identical short answers ("Yes.") are stored once, so a document's chunk positions skip
    numbers: the passage a turn is read with is the one before it in the document, not the one
    at its position minus one."""
    a = _assistant_over(
        tmp_path,
        "hearing.md",
        "# Hearing\n\n"
        "**Counsel Inquiry**: Is that right?\n\n**Dr Ada Rowe**: Yes.\n\n"
        "**Counsel Inquiry**: Is that right?\n\n**Dr Ada Rowe**: Yes.\n\n"
        "**Counsel Inquiry**: Is that right?\n\n**Dr Ada Rowe**: Yes.\n\n"
        "**Counsel Inquiry**: What did the ministers think of the test centre at Kilbeg?\n\n"
        "**Dr Ada Rowe**: They were shocked.\n",
    )
    chunks = next(iter(a.index.documents.values())).chunks
    assert [c.position for c in chunks] != list(range(len(chunks)))  # positions skip the duplicates
    shocked = next(c for c in chunks if c.text.startswith("They were shocked"))
    assert "Kilbeg" in a._context(own=True)(shocked)


def test_a_role_stated_by_someone_else_is_quoted_from_their_line() -> None:
    from qa.answerers.extractive import states_role

    role = "Everitt Butterfield Research Fellow at Downing College"
    assert states_role("Dr Hammer, you are the Everitt Butterfield Research Fellow at Downing College.", "Hammer", role)
    assert states_role("You are the Everitt Butterfield Research Fellow at Downing College.", "Hammer", role)
    assert not states_role("Dr Hammer, thank you for your report.", "Hammer", role)
    assert not states_role("Downing College is in Cambridge.", "Hammer", role)  # neither named nor spoken to


def test_a_day_written_out_with_an_ordinal_and_a_comma_is_a_date() -> None:
    from qa.assistant import _DAY_DATE

    head = "HELD IN THE COUNCIL CHAMBER, MERCHANT'S QUAY, LIMERICK, ON FRIDAY, 23RD JUNE, 2017, AT 2.00 P.M."
    assert [m.group(0) for m in _DAY_DATE.finditer(head)] == ["23RD JUNE, 2017"]
    assert [m.group(0) for m in _DAY_DATE.finditer("on June 7th, 2022 and le 3 juillet 2023")] == [
        "June 7th, 2022",
        "3 juillet 2023",
    ]


def test_who_replied_to_someone_is_the_next_turn_s_speaker(tmp_path: Path) -> None:
    """« Et qui lui a répondu ? » after a question about Roy: whoever spoke next, on what the
    conversation was about, quoted; not Roy's own words. "Who corrected her when she said…?"
    reads the turn the question quotes."""
    a = _assistant_over(
        tmp_path,
        "debat.md",
        "# Débat au conseil\n\n"
        "JEANNE ROY : Le budget des écoles baisse de dix pour cent cette année, c'est inacceptable.\n\n"
        "PAUL DURAND : Madame, le budget des écoles augmente en réalité de deux pour cent.\n\n"
        "JEANNE ROY : Sur les transports, la ville est une île sans aucun pont.\n\n"
        "LUC BLANC : Trois ponts la relient pourtant à la rive, chère collègue.\n",
    )
    history = ["Qu'a dit Jeanne Roy du budget des écoles ?"]
    answer = a.ask("Et qui lui a répondu ?", history=history)
    assert not answer.refused, answer.text
    assert [c.speaker for c in answer.citations] == ["Paul Durand"], answer.text
    assert answer.query is not None and (answer.query.replied_to, answer.query.speakers) == (
        "Jeanne Roy",
        ("Paul Durand",),
    )
    corrected = a.ask("Who corrected her when she said the town is an island?", history=history)
    assert [c.speaker for c in corrected.citations] == ["Luc Blanc"], corrected.text
    # a question about Roy herself is still hers
    assert [c.speaker for c in a.ask("Et qu'a-t-elle dit des transports ?", history=history).citations] == [
        "Jeanne Roy"
    ]
