"""Answers by kind of question on the bundled proceedings (hash embedder, default answerer):
summaries, who-is, unknown people and roles, moderators, names and facts that are missing,
citation numbering, and the answerability checks on hand-made passages."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from qa.answerability import Judge, fact_type, has_fact
from qa.assistant import Assistant
from qa.core.settings import Settings
from qa.core.types import Chunk, Passage, Query
from qa.terms import TermMatcher, idf_table


@pytest.fixture(scope="module")
def assistant(bundled_index_dir) -> Assistant:  # type: ignore[no-untyped-def]
    from tests.conftest import make_settings

    return Assistant(make_settings(bundled_index_dir))


def _markers(text: str) -> list[int]:
    return [int(n) for m in re.findall(r"\[([\d, ]+)\]", text) for n in m.split(",")]


def test_a_speaker_with_no_topic_gets_the_main_points_of_their_statement(assistant: Assistant) -> None:
    answer = assistant.ask("Que dit François Rebsamen ?")
    assert not answer.refused and answer.query is not None and answer.query.kind == "speaker_summary"
    assert len(answer.citations) >= 2
    assert {c.speaker for c in answer.citations} == {"François Rebsamen"}
    assert all(c.passage.chunk.block == "statement" for c in answer.citations)
    # In document order: the quotes follow the statement.
    positions = [(c.passage.chunk.position, c.passage.chunk.text.index(c.quote)) for c in answer.citations]
    assert positions == sorted(positions)


def test_who_is_quotes_the_line_that_states_the_role(assistant: Assistant) -> None:
    answer = assistant.ask("Qui est Sina Schlimmer ?")
    assert not answer.refused and answer.query is not None and answer.query.kind == "who_is"
    (c,) = answer.citations
    assert "Sina Schlimmer" in c.quote and "Responsable de programme" in c.quote
    assert c.quote in c.passage.chunk.text


@pytest.mark.parametrize(
    ("question", "hour"),
    [
        ("À quelle heure commence le colloque ?", "8h30"),
        ("What time did the conference start?", "8h30"),
        ("À quelle heure le colloque devait-il se terminer ?", "17h15"),
        ("What time did the event end?", "17h15"),
    ],
)
def test_when_the_day_began_or_ended_is_its_programme_s_first_or_last_hour(
    assistant: Assistant, question: str, hour: str
) -> None:
    answer = assistant.ask(question)
    assert not answer.refused and hour in answer.text, answer.text
    (c,) = answer.citations
    assert c.passage.chunk.block == "programme" and hour in c.quote


@pytest.mark.parametrize(
    ("question", "hour"),
    [
        ("La séance de l'après-midi débute à quelle heure ?", "14h30"),  # not the lunch break's 13h00
        ("When did the morning session end?", "12h45"),
        ("Quand se termine l'après-midi ?", "17h15"),
    ],
)
def test_a_time_of_day_bounds_the_programme_s_slots(assistant: Assistant, question: str, hour: str) -> None:
    answer = assistant.ask(question)
    assert not answer.refused and hour in answer.text, answer.text
    (c,) = answer.citations
    assert c.passage.chunk.block == "programme" and hour in c.quote


def test_the_end_of_something_within_the_day_is_not_the_day_s_end(assistant: Assistant) -> None:
    answer = assistant.ask("À quelle heure s'est terminé le débat sur la Syrie ?")
    assert "17h15" not in answer.text, answer.text


def test_who_moderated_is_answered_from_the_programme(assistant: Assistant) -> None:
    answer = assistant.ask("Qui animait la session 2 ?", history=["Que dit François Rebsamen ?"])
    assert not answer.refused and "Simoné Giovetti" in answer.text
    assert answer.query is not None and answer.query.speaker_source == "role"  # not Rebsamen's passages


def test_who_moderated_and_when_gives_the_slot_s_hour_too(assistant: Assistant) -> None:
    answer = assistant.ask("Qui animait la session 3, et elle commençait à quelle heure ?")
    assert not answer.refused and "Grünwald" in answer.text and "14h30" in answer.text, answer.text
    # the hour first, as the programme gives it, both lines cited to the programme's slot
    assert answer.text.index("14h30") < answer.text.index("Grünwald")
    assert {c.passage.chunk.block for c in answer.citations} == {"programme"}
    assert all("SESSION 3" in c.passage.chunk.part_title for c in answer.citations)


@pytest.mark.parametrize(
    ("question", "said"),
    [
        (
            "Qu'a dit le maire de Marseille ?",
            ["Aucun intervenant ne correspond à « maire Marseille »", "Grégory Doucet"],
        ),
        ("What did the mayor of Marseille say?", ["No speaker in", "mayor Marseille", "Nearest speakers"]),
    ],
)
def test_a_role_nobody_holds_is_refused_naming_the_nearest_speakers(
    assistant: Assistant, question: str, said: list[str]
) -> None:
    answer = assistant.ask(question)
    assert answer.refused and not answer.citations
    for bit in said:
        assert bit in answer.text


def test_a_moderator_with_no_statement_is_explained(assistant: Assistant) -> None:
    answer = assistant.ask("Qu'a dit Virginie Rouquette ?")
    assert answer.refused
    assert "Virginie Rouquette" in answer.text and "anime Session 1 et Conclusions" in answer.text
    assert "ne sont pas rapportés" in answer.text


def test_a_name_the_documents_never_give_is_said_to_be_missing(assistant: Assistant) -> None:
    answer = assistant.ask("Qu'a dit Anne Louyot du rôle de l'Azerbaïdjan dans le conflit ?")
    assert answer.refused and "« Azerbaïdjan »" in answer.text
    # The closest passages are named, not quoted as an answer.
    assert "Anne Louyot" in answer.text.splitlines()[-1] and "[" not in answer.text


def test_citations_are_numbered_in_reading_order(assistant: Assistant) -> None:
    answer = assistant.ask("Que dit-on de la coopération décentralisée ?")
    markers = _markers(answer.text)
    assert len(set(markers)) >= 2
    assert list(dict.fromkeys(markers)) == list(range(1, len(set(markers)) + 1))
    assert [c.number for c in answer.citations] == sorted(c.number for c in answer.citations)
    for c in answer.citations:
        assert answer.passages[c.number - 1] is c.passage
    # One number per passage.
    assert len({id(c.passage) for c in answer.citations}) == len(answer.citations)


def test_attributions_under_quotes_are_short(assistant: Assistant) -> None:
    answer = assistant.ask("Que dit François Rebsamen ?")
    for line in answer.text.splitlines()[1:]:
        attribution = line.rsplit(" — ", 1)[1]
        assert len(attribution) <= 90, attribution
        assert "Maire de Dijon" not in attribution  # the full role is in the sources list


def test_refusals_name_the_document_not_a_colloquium(assistant: Assistant) -> None:
    answer = assistant.ask("Quelle est la recette de la tarte tatin ?")
    assert answer.refused and "actes du colloque" not in answer.text
    assert "La diplomatie des territoires" in answer.text  # the indexed document's own title


def test_when_a_part_of_the_programme_was_is_its_programme_line(assistant: Assistant) -> None:
    """ "When did the wrap-up part of the day kick off?" shares no word with the programme line;
    the part asked about is looked up, and its line, with its hours, is the answer."""
    q = assistant.analyze("When did the wrap-up part of the day kick off?")
    assert (q.kind, q.part, q.answer_type) == ("programme", "Conclusions", "when"), q
    answer = assistant.ask("When did the wrap-up part of the day kick off?")
    assert not answer.refused and "16h30" in answer.text.splitlines()[1], answer.text
    assert len(answer.citations) == 1
    # named by words that also name a programme part ("closing session"), it is the same question
    q = assistant.analyze("When was the closing session due to begin?")
    assert (q.kind, q.part, q.answer_type) == ("programme", "Conclusions", "when"), q


# --- the checks, on hand-made passages ----------------------------------------------------------


def _passage(text: str, speaker: str = "A") -> Passage:
    return Passage(Chunk(text=text, source="d.md", speaker=speaker, block="statement"), 1.0, 1)


def _matcher_over(texts: list[str], lang: str = "fr", proper: frozenset[str] = frozenset()) -> TermMatcher:
    """A term matcher whose corpus is `texts` (in `lang`), with no translations."""
    idf = idf_table(Chunk(text=t, source="d.md") for t in texts)
    return TermMatcher(idf, lang, None, n_chunks=len(texts), proper=proper)


def _judge_over(texts: list[str], min_support: float, proper: frozenset[str] = frozenset(), lang: str = "fr") -> Judge:
    """A judge whose corpus is `texts` (in `lang`)."""
    return Judge(_matcher_over(texts, lang, proper), min_support=min_support)


@pytest.fixture
def judge() -> Judge:
    texts = [
        "Les crises se multiplient : nous en gérions 6 par an en 2000.",
        "La coopération avec Lyon et Dakar continue.",
        "Le budget des collectivités est contraint.",
        "Rien à voir avec le reste.",
    ]
    idf = idf_table(Chunk(text=t, source="d.md") for t in texts)
    return Judge(TermMatcher(idf, "fr", None, n_chunks=len(texts)), min_support=0.5)


def test_a_number_asked_must_be_in_a_sentence_about_the_question(judge: Judge) -> None:
    asked = Query("Combien de crises ?", "Combien de crises ?", "fr", topic=("crises",), answer_type="number")
    assert judge.judge(asked, [_passage("Les crises se multiplient : nous en gérions 6 par an.")]).answerable
    verdict = judge.judge(asked, [_passage("Les crises se multiplient. Le colloque a réuni 200 personnes.")])
    assert not verdict.answerable and verdict.reason == "missing_fact"


def test_a_count_asked_is_not_answered_by_a_share(judge: Judge) -> None:
    """ "How many patients…": « pris en charge à 100 % » or "a third of the patients" is a share,
    not a count; "120 patients" is."""
    asked = Query(
        "Combien de patients ?", "x", "fr", topic=("patients", "soins"), answer_type="number", counted=("patients",)
    )
    for share in ("Les soins des patients sont pris en charge à 100 %.", "Un tiers des patients reprend les soins."):
        assert judge.judge(asked, [_passage(share)]).reason == "missing_fact", share
    assert judge.judge(asked, [_passage("Les soins ont repris pour 120 patients.")]).answerable
    # a figure asked without a thing counted may be a share
    figure = dataclasses.replace(asked, counted=())
    assert judge.judge(figure, [_passage("Les soins des patients sont pris en charge à 100 %.")]).answerable


def test_a_figure_answers_only_with_what_the_question_counts(judge: Judge) -> None:
    """ "How many police officers…": 175 members at the debate, a figure in a sentence about
    the question, do not answer; the thing counted may be named by the sentence before."""
    asked = Query(
        "Combien de policiers pendant les débats ?",
        "x",
        "fr",
        topic=("policiers", "débats"),
        answer_type="number",
        counted=("policiers",),
    )
    verdict = judge.judge(asked, [_passage("Les débats ont réuni 175 élus.")])
    assert not verdict.answerable and verdict.reason == "missing_fact"
    assert judge.judge(asked, [_passage("Pendant les débats, 300 policiers étaient là.")]).answerable
    before = _passage("Des policiers étaient là. Les débats en ont vu 300.")
    assert judge.judge(asked, [before]).answerable
    # a figure counts what is named near it, not a noun at the other end of a long sentence
    far = _passage(
        "Pendant les débats, qui ont réuni 175 élus venus de toute la région pour deux jours de travaux "
        "très denses, les policiers sont restés discrets."
    )
    assert judge.judge(asked, [far]).reason == "missing_fact"
    # without the count's noun, the same passage answers as before
    loose = Query("q", "x", "fr", topic=("policiers", "débats"), answer_type="number")
    assert judge.judge(loose, [_passage("Les débats ont réuni 175 élus.")]).answerable


def test_a_final_outcome_asked_is_not_a_figure_on_the_way_to_it() -> None:
    """ "the final score", « ont-ils gagné ? »: a score at half-time or a partial count does not
    answer; asked without "final", it does."""
    final = frozenset({"final", "score", "match"})
    assert not has_fact("number", "La France mène à la pause 2-0.", final)
    assert not has_fact("number", "Partial results give her 54 percent.", frozenset({"won", "vote"}))
    assert has_fact("number", "La France l'emporte 2-0.", final)
    assert has_fact("number", "La France mène à la pause 2-0.", frozenset({"score", "match"}))
    # how it ended is its final outcome too
    assert not has_fact("number", "La France mène à la pause 20.", frozenset({"score", "termine", "match"}))
    assert not has_fact("number", "So far 40 votes were counted.", frozenset({"count", "ended"}))


def test_people_asked_with_who_are_named_as_people_not_institutions() -> None:
    """ "And who were the six key witnesses?": the Electoral Commission or the Court of Disputed
    Returns are no witness's name; a person's is, even beside an institution's when titled."""
    q = Query("And who were the six key witnesses declared persons of interest?", "x", "en", answer_type="name")
    assert fact_type(q) == "person"
    assert fact_type(dataclasses.replace(q, text="Which towns did she name?")) == "name"
    asked = frozenset({"witnesses"})
    institutions = "Our efforts went to the Court of Disputed Returns and the Electoral Commission, Mr. Speaker."
    assert has_fact("name", institutions, asked) and not has_fact("person", institutions, asked)
    assert has_fact("person", "The witnesses were Jone Dakuvula and Sitiveni Rabuka.", asked)
    assert has_fact("person", "It was Mr Lehane of the County Council who spoke.", asked)
    assert has_fact("person", "It was answered by Secretary of State Antony Blinken.", asked)


def test_a_figure_of_another_round_does_not_answer(judge: Judge) -> None:
    """ "the second round": the first round's 39 % does not answer; a passage numbering the
    round asked, or none, does."""
    question = "Quel pourcentage des crises au second tour ?"
    asked = Query(question, question, "fr", topic=("crises", "tour"), answer_type="percent")
    first = _passage("Les crises du premier tour : 39 % des voix.")
    verdict = judge.judge(asked, [first])
    assert not verdict.answerable and verdict.reason == "missing_fact"
    assert judge.judge(asked, [_passage("Les crises du second tour : 54 % des voix.")]).answerable
    assert judge.judge(asked, [_passage("Les crises du tour : 54 % des voix.")]).answerable
    # a question that numbers nothing takes any round's figure
    plain = Query("Quel pourcentage des crises ?", "x", "fr", topic=("crises", "tour"), answer_type="percent")
    assert judge.judge(plain, [first]).answerable


def test_a_date_asked_is_a_point_in_time_unless_since_is_asked() -> None:
    assert fact_type(Query("Quand la loi a-t-elle été adoptée ?", "x", "fr", answer_type="date")) == "moment"
    assert fact_type(Query("Depuis quand en parle-t-on ?", "x", "fr", answer_type="date")) == "date"
    assert fact_type(Query("Combien ?", "x", "fr", answer_type="number")) == "number"


def test_a_passage_holding_only_the_names_of_a_question_that_asks_more_is_no_support() -> None:
    """« Quelle sanction a été prise contre M. Frecker ? » is not answered by a passage that
    names Frecker and nothing else it asks; a question that is mostly its name is, and so is one
    about a speaker's own words (where the names are enough)."""
    texts = [
        "C'est le premier ministre qui a nommé M. Frecker.",
        "La coopération avec Lyon continue.",
        "Le budget des collectivités est contraint.",
        "Une sanction a été prise contre le directeur.",
        "Rien à voir avec le reste.",
    ]
    judge = _judge_over(texts, 0.35, proper=frozenset({"frecker"}))
    asked = Query(
        "Quelle sanction a été prise contre M. Frecker ?",
        "x",
        "fr",
        topic=("sanction", "prise", "frecker"),
        names=("Frecker",),
    )
    verdict = judge.judge(asked, [_passage(texts[0])])
    assert not verdict.answerable and verdict.reason == "low_support", verdict
    alone = Query("Et sur Frecker ?", "x", "fr", topic=("frecker",), names=("Frecker",))
    assert judge.judge(alone, [_passage(texts[0])]).answerable
    theirs = Query(
        "Quelle sanction A demande-t-il contre M. Frecker ?",
        "x",
        "fr",
        kind="speaker_topic",
        topic=("sanction", "prise", "frecker"),
        names=("Frecker",),
        speakers=("A",),
    )
    statements = [Chunk(text=texts[0], source="d.md", speaker="A", block="statement")]
    assert judge.judge(theirs, [], statements=statements).answerable


def test_a_name_must_be_in_the_answering_passage(judge: Judge) -> None:
    q = Query("Coopération avec Dakar ?", "x", "fr", topic=("coopération",), names=("Dakar",))
    assert judge.judge(q, [_passage("La coopération avec Lyon et Dakar continue.")]).answerable
    verdict = judge.judge(q, [_passage("La coopération avec Lyon continue.")])
    assert verdict.reason == "missing_name" and verdict.detail == "Dakar"


def test_a_speaker_asked_about_a_topic_is_judged_on_their_own_words(judge: Judge) -> None:
    q = Query("Que dit A du budget ?", "x", "fr", kind="speaker_topic", topic=("budget",), speakers=("A",))
    theirs = [Chunk(text="La coopération avec Lyon et Dakar continue.", source="d.md", speaker="A")]
    others = [_passage("Le budget des collectivités est contraint.", speaker="B")]
    verdict = judge.judge(q, others, statements=theirs)
    assert not verdict.answerable and verdict.reason == "off_topic"


def test_unknown_speakers_and_silent_moderators_need_no_passage(judge: Judge) -> None:
    assert judge.judge(Query("q", "q", "fr", unknown="maire Marseille"), []).reason == "unknown_speaker"
    silent = Query("q", "q", "fr", kind="speaker_summary", speakers=("M",))
    assert judge.judge(silent, [], statements=[]).reason == "no_statement"


@pytest.mark.parametrize(
    ("answer_type", "text", "expected"),
    [
        ("time", "14h30-16h00 : SESSION 3", True),
        ("time", "La session 3 portait sur les crises.", False),
        ("date", "La loi de 2014 a changé les choses.", True),
        ("date", "La loi a changé les choses.", False),
        # "since when" is answered by an event too
        ("date", "Depuis les accords d'Oslo, les CT sont en première ligne.", True),
        ("date", "Since the end of the war, cities have led.", True),
        ("date", "Depuis longtemps, les CT sont en première ligne.", False),
        ("name", "Des villes libyennes comme Misrata et Zintan.", True),
        ("name", "Des villes libyennes y participent.", False),
        ("money", "ACTED a récolté plus de 1 million d'euros auprès de 5 régions.", True),
        ("money", "The bill would cost $40 billion.", True),
        ("money", "Un prix de vente fixé à 95 centimes d’euros TTC l’unité.", True),
        ("money", "Les 95 centres de santé.", False),
        ("money", "Cités Unies France accompagne depuis plus de 50 ans les collectivités.", False),
        # a year asked is a year, not a duration; a day of a month is no count
        ("year", "It took billions of years, but just a few millions years more.", False),
        ("year", "The initiative was launched in 2016.", True),
        ("date", "It took a few millions years more.", True),
        ("number", "Uvalde called me on May 24th.", False),
        ("number", "On 24 May, 19 children were killed.", True),
        ("number", "Aux termes de l'article 1er, voici 6e qui a été décidé.", False),  # ordinals rank
        ("number", "Il n'y a que 210 membres réunis.", True),
        # a figure in a name counts nothing; a duration is how long, not how many
        ("number", "The exit wounds of an AR-15 rifle.", False),
        ("number", "And then two years ago we had a hack week.", False),
        ("number", "Depuis trois mois, 40 familles sont arrivées.", True),
        # an hour, a paragraph or an amendment's number counts nothing
        ("number", "A call took place at 3 pm about the testing facility.", False),
        ("number", "At paragraph 54 of your statement you mention the tests.", False),
        ("number", "L'amendement n° 9 porte sur les tests.", False),
        ("number", "They carried out 540 tests at 3 pm.", True),
        ("quote", "Il faut « penser local pour agir mieux globalement ».", True),
        ("quote", "Il faut penser local.", False),
        # a vote's outcome or count, not the word "vote"
        ("vote", "Question put. Motion agreed to.", True),
        ("vote", "La motion est adoptée à l'unanimité.", True),
        ("vote", "The amendment was defeated by 210 votes to 190.", True),
        ("vote", "84 senators voted to advance it.", True),
        ("vote", "Each voter has a preference on who to vote for.", False),
        ("vote", "The study, carried out with the Port Authority, is done.", False),
        # a count of votes: figures for and against, not how the vote went
        ("tally", "The amendment was defeated by 210 votes to 190.", True),
        ("tally", "Pour : 143 ; contre : 97.", True),
        ("tally", "La motion est adoptée à l'unanimité.", True),
        ("tally", "Je declare la motion rejetee a la majorite.", False),
        ("tally", "(La motion no 2 est rejetee.)", False),
        ("tally", "He has fought for 20 years for this.", False),
        # a figure shaped like a year that is an amount or a count is no date
        ("date", "Cette prime sera de 1500 euros dans les départements rouges.", False),
        ("year", "Some 2000 people came, and $1800 was raised.", False),
        ("date", "Depuis 1990, le Liban traverse des crises.", True),
        # a point in time, not a duration: « depuis plus de 6 ans » does not say when it was adopted
        ("moment", "Le processus est discuté depuis plus de 6 ans au Parlement.", False),
        ("moment", "La loi a été adoptée le 12 mars 2019.", True),
        # a rate asked is a percentage, not any figure
        ("percent", "Le taux de chomage est de 7,5 p. 100.", True),
        ("percent", "Some 80 percent of the American people are against it.", True),
        ("percent", "Il y a eu 22 000 emplois crees le mois dernier.", False),
        # what is planned or conditional tells no outcome
        ("later", "Sa mise à disposition est prévue le 2 juin prochain, uniquement si le Parlement l'autorise.", False),
        ("later", "Le lendemain, la Chambre a finalement adopté le projet.", True),
        # a name is no heading's capitals nor a title of address
        ("name", "PATIENTS REFUSED TREATMENT IN CAPE HOSPITALS (Member's Statement)", False),
        ("name", "Madam Speaker, hospitals are meant to be places people rely on.", False),
        ("name", "Madam Speaker, two patients died at Groote Schuur.", True),
        # a capital inside the first word makes it a name ("MarcoPolo"), not the sentence's capital
        ("name", "MarcoPolo pour photocopies électroniques.", True),
        ("name", "Photocopies électroniques de tous les documents.", False),
        # a view is stated, not asked (transcripts drop the question mark)
        ("view", "Nous sommes contre ce projet.", True),
        ("view", "What we need is more money.", True),
        ("view", "Mais peut-on avoir raison seul ?", False),
        ("view", "Aujourd'hui, est-ce que vous craignez un embrasement des mobilisations.", False),
        ("view", "Do you think it will pass.", False),
        ("view", "Pensez-vous que la réforme passera.", False),
    ],
)
def test_facts_by_type(answer_type: str, text: str, expected: bool) -> None:
    assert has_fact(answer_type, text, frozenset({"villes", "libyennes"})) is expected


def test_a_duration_answers_how_long() -> None:
    """ "How long…", « depuis combien de temps », "how many years": a duration is the answer."""
    text = "The parliament has discussed it for twenty years."
    assert has_fact("number", text, frozenset({"long", "parliament"}))
    assert has_fact("number", text, frozenset({"years"}))
    assert has_fact("number", "On en parle depuis trois ans.", frozenset({"temps"}))
    assert not has_fact("number", text, frozenset({"members"}))


def test_thresholds_are_validated_and_the_cross_lingual_one_defaults_to_the_other() -> None:
    with pytest.raises(ValueError, match="min_support"):
        Judge(TermMatcher({}, "fr"), min_support=1.5)
    assert Judge(TermMatcher({}, "fr"), min_support=0.4).min_support_cross == 0.4
    assert Settings(answer={"min_support_cross_lingual": 0.3}).answer.min_support_cross_lingual == 0.3


def test_across_languages_a_capitalised_common_noun_or_a_foreign_acronym_is_not_a_required_name() -> None:
    # An English corpus, French questions: "la Loi" and "la Chambre" translate to other words,
    # "OMC" is "WTO" in the corpus; "Ottawa" is a name in both languages.
    texts = ["The Act on environmental protection is not enforced.", "The House met in Ottawa.", "WTO rules."]
    idf = idf_table(Chunk(text=t, source="d.md") for t in texts)
    words = {"loi": ("Act", "law"), "chambre": ("House",), "ottawa": ("Ottawa",)}
    matcher = TermMatcher(idf, "en", lambda w: words.get(w.lower(), ()), n_chunks=len(texts))
    assert not matcher.must_appear("Loi", "fr")
    assert not matcher.must_appear("Chambre", "fr")
    assert not matcher.must_appear("OMC", "fr")
    assert matcher.must_appear("Ottawa", "fr")
    assert matcher.must_appear("Loi", "en")  # in the corpus's language, a rare capitalised word stays required
    assert matcher.must_appear("WTO", "fr")  # an acronym the corpus holds stays required


def test_a_passage_is_read_in_its_context_for_the_names_asked() -> None:
    # "l'Assemblée" asked of an English sitting: no passage says "Assembly", the title does.
    texts = ["The House met at 14:02.", "Mr Lowe spoke about water."]
    matcher = _matcher_over(texts, "en")
    q = Query("Que dit Lowe de l'eau à l'Assembly ?", "x", "en", topic=("water",), names=("Assembly",))
    passage = [_passage("Mr Lowe spoke about water.", speaker="Lowe")]
    assert Judge(matcher, 0.5).judge(q, passage).reason == "missing_name"
    titled = Judge(matcher, 0.5, context=lambda c: "National Assembly - 26 February 2004")
    assert titled.judge(q, passage).answerable


def test_the_document_itself_is_judged_on_its_head() -> None:
    """Asked when the sitting met, the head's line with the time answers, though it shares no
    word with the question; the same line deep in the document does not."""
    texts = ["The House met at 14:02.", "Mr Lowe spoke about water.", "The vote was at 16:00."]
    idf = idf_table(Chunk(text=t, source="d.md") for t in texts)
    judge = Judge(TermMatcher(idf, "en", None, n_chunks=len(texts)), min_support=0.5)
    q = Query("When did the House meet?", "x", "en", kind="programme", topic=("house", "meet"), answer_type="time")
    about = dataclasses.replace(q, about_document=True)

    def at(position: int, text: str) -> Passage:
        return Passage(Chunk(text=text, source="d.md", position=position), 1.0, 1)

    assert judge.judge(about, [at(0, "THURSDAY"), at(1, "The Speaker took the Chair at 14:02.")]).answerable
    assert not judge.judge(about, [at(7, "The Speaker took the Chair at 14:02.")]).answerable
    assert not judge.judge(q, [at(1, "The Speaker took the Chair at 14:02.")]).answerable
    # "At what hour did the Commons sitting start?": the words that say which document are no
    # name its head must repeat.
    proper = TermMatcher(idf, "en", None, n_chunks=len(texts), proper=frozenset({"commons"}))
    commons = dataclasses.replace(about, topic=("commons",))
    assert Judge(proper, 0.5).judge(commons, [at(0, "The House met at 11 a.m.")]).answerable
    assert (
        not Judge(proper, 0.5)
        .judge(dataclasses.replace(commons, about_document=False), [at(0, "The House met at 11 a.m.")])
        .answerable
    )


def test_a_speaker_s_age_is_in_their_own_words() -> None:
    """ "How old is she, and where was she born?": « j'ai 65 ans » answers, though the sentence
    holds none of the rest of the question; a figure of someone else's does not."""
    texts = ["Bonsoir, je m'appelle Malika, j'ai 65 ans. Je suis née à Quimper.", "Il y a 309 familles."]
    idf = idf_table(Chunk(text=t, source="d.md") for t in texts)
    judge = Judge(TermMatcher(idf, "fr", None, n_chunks=len(texts)), min_support=0.35, min_support_speaker=0.25)
    q = Query(
        "Elle a quel âge et elle est née où ?",
        "x",
        "fr",
        kind="speaker_topic",
        topic=("née",),
        speakers=("Malika",),
        answer_type="age",
    )
    own = Chunk(text=texts[0], source="d.md", speaker="Malika", block="statement")
    assert judge.judge(q, [Passage(own, 1.0, 1)], [own]).answerable
    other = Chunk(
        text="Je suis née ici. Il y a 309 familles, 12 ans de travaux.",
        source="d.md",
        speaker="Malika",
        block="statement",
    )
    verdict = judge.judge(q, [Passage(other, 1.0, 1)], [other])
    assert not verdict.answerable and verdict.reason == "missing_fact"


def _summary_of(said: list[str], others: list[str], max_sentences: int) -> list[str]:
    """The extractive summary of speaker A, who said `said` (one passage each), in a corpus
    that also holds `others`."""
    from qa.answerers.base import AnswerRequest
    from qa.answerers.extractive import ExtractiveAnswerer
    from qa.core.settings import AnswerSettings

    idf = idf_table(Chunk(text=t, source="d.md") for t in said + others)
    matcher = TermMatcher(idf, "en", None, n_chunks=len(said) + len(others))
    passages = [
        Passage(Chunk(text=t, source="d.md", speaker="A", block="statement", position=i), 1.0, i + 1)
        for i, t in enumerate(said)
    ]
    answerer = ExtractiveAnswerer(AnswerSettings(max_sentences=max_sentences), lambda: matcher)
    q = Query("What does A say?", "x", "en", kind="speaker_summary", speakers=("A",))
    return [s for _, s in answerer.summary(AnswerRequest(q, passages))]


def test_a_summary_gives_each_point_once() -> None:
    """Three sentences on one point and one on another: a two-sentence summary holds both
    points, not the same point twice (marginal relevance), in document order."""

    said = [
        "The water tariff must fall for the poorest households this year.",
        "The water tariff for the poorest households is simply too high this year.",
        "Households that are poorest pay the highest water tariff this year.",
        "Our schools also need new teachers in every rural district.",
    ]
    others = ["The minister spoke about roads.", "Roads and bridges were discussed at length."]
    picks = _summary_of(said, others, max_sentences=2)
    assert len(picks) == 2 and picks[1] == said[3] and "water tariff" in picks[0]


def test_a_quote_that_answers_in_other_words_is_chosen_by_meaning() -> None:
    """The words a question shares with a sentence miss a paraphrase; the embedder's cosine
    (here scripted) picks the sentence that answers, and weight 0 turns it off."""
    from qa.answerers.base import AnswerRequest
    from qa.answerers.extractive import ExtractiveAnswerer
    from qa.core.settings import AnswerSettings

    said = [
        "The international action of local authorities is held back today by many things.",
        "Above all, councils lack the money and staff to keep their partnerships going.",
    ]
    idf = idf_table(Chunk(text=t, source="d.md") for t in [*said, "Roads were discussed."])
    matcher = TermMatcher(idf, "en", None, n_chunks=3)
    passages = [Passage(Chunk(text=" ".join(said), source="d.md", speaker="A", block="statement"), 1.0, 1)]
    q = Query(
        "What is holding back the international action of local authorities?",
        "x",
        "en",
        kind="speaker_topic",
        topic=("holding", "international", "action", "local", "authorities"),
        speakers=("A",),
    )
    calls: list[int] = []

    def similarity(question: str, sentences: Sequence[str]) -> list[float]:
        calls.append(len(sentences))
        return [0.9 if "money" in s else 0.8 for s in sentences]

    def best(weight: float) -> str:
        answerer = ExtractiveAnswerer(
            AnswerSettings(max_sentences=1, quote_similarity_weight=weight), lambda: matcher, similarity
        )
        return answerer.pick_sentences(AnswerRequest(q, passages))[0][1]

    assert best(10.0) == said[1]
    assert best(0.0) == said[0] and len(calls) == 1  # words alone: the embedder is not asked


def test_someone_who_only_spoke_briefly_is_summed_up_by_all_they_said() -> None:
    from qa.answerers.base import AnswerRequest
    from qa.answerers.extractive import ExtractiveAnswerer
    from qa.core.settings import AnswerSettings

    idf = idf_table(Chunk(text=t, source="d.md") for t in ["Très bien !", "Le budget est voté."])
    matcher = TermMatcher(idf, "fr", None, n_chunks=2)
    passages = [
        Passage(Chunk(text="Très bien !", source="d.md", speaker="H", block="statement"), 1.0, 1),
        Passage(Chunk(text="Le budget est voté.", source="d.md", speaker="B", block="statement"), 1.0, 2),
    ]
    q = Query("Que dit H ?", "x", "fr", kind="speaker_summary", speakers=("H",))
    answerer = ExtractiveAnswerer(AnswerSettings(), lambda: matcher)
    assert answerer.summary(AnswerRequest(q, passages)) == [(0, "Très bien !")]


def test_a_summary_leads_with_what_the_speaker_comes_back_to() -> None:
    """ "Uvalde" is in every passage of the document (low IDF), yet it is what the speaker
    returns to: the one-sentence summary is about it, not about a rare word said once."""

    said = [
        "Uvalde families are still waiting for gun laws today.",
        "The families of Uvalde want gun laws passed.",
        "My grandmother once painted a lighthouse with seagulls.",
        "Gun laws for the Uvalde families must come.",
    ]
    others = [f"Uvalde families and gun laws were on the agenda again, item {n}." for n in range(3)]
    picks = _summary_of(said, others, max_sentences=1)
    assert len(picks) == 1 and "Uvalde" in picks[0], picks


def test_a_fact_in_the_asked_speakers_own_words_needs_no_more_of_the_topic_than_they_do() -> None:
    """Judged on the speaker's own statements, the sentence giving the figure may hold less of
    the topic than a sentence found anywhere would have to."""
    texts = ["Cette année, 7 naissances, je ne me trompe pas.", "Et 89 décès.", "Le port est calme."]
    matcher = _matcher_over(texts, "fr")
    q = Query(
        "Combien de naissances et de décès ?",
        "x",
        "fr",
        kind="speaker_topic",
        topic=("naissances", "décès", "année", "commune"),
        speakers=("A",),
        answer_type="number",
    )
    theirs = [Chunk(text="Cette année, 7 naissances, je ne me trompe pas. Et 89 décès.", source="d.md", speaker="A")]
    assert Judge(matcher, 0.5, min_support_speaker=0.3).judge(q, [], statements=theirs).answerable
    # read with the sentence before it, a figure must still be about the question itself
    text = "Cette année, naissances et décès dans la commune. Le conseil a voté. Et 89 amendements."
    theirs = [Chunk(text=text, source="d.md", speaker="A")]
    assert Judge(matcher, 0.5).judge(q, [], statements=theirs).reason == "missing_fact"


def test_who_spoke_is_answered_only_from_what_someone_said(judge: Judge) -> None:
    q = Query("Qui a parlé du budget ?", "x", "fr", kind="who_spoke", topic=("budget",))
    page = [Passage(Chunk(text="Le budget des collectivités est contraint.", source="d.md"), 1.0, 1)]
    verdict = judge.judge(q, page)
    assert not verdict.answerable and verdict.reason == "no_speakers"
    assert judge.judge(q, [*page, _passage("Le budget des collectivités est contraint.", speaker="B")]).answerable


def test_an_acronym_in_the_plural_is_an_acronym_across_languages() -> None:
    texts = ["Les ONG et les collectivités agissent.", "Les États aussi."]
    idf = idf_table(Chunk(text=t, source="d.md") for t in texts)
    matcher = TermMatcher(idf, "fr", lambda w: (), n_chunks=len(texts))
    assert not matcher.must_appear("NGOs", "en")
    assert not matcher.must_appear("NGO", "en")
    assert matcher.must_appear("NGOs", "fr")  # in the corpus's language it stays required


def _who_spoke(texts: dict[str, str], filler: list[str], topic: tuple[str, ...], similarity: Any = None) -> set[str]:
    """The speakers the extractive answerer lists as having spoken of `topic`, over one
    statement each (in this order, as retrieval ranked them) and some other text; with
    `similarity`, sentences are judged by meaning too."""
    from qa.answerers.base import AnswerRequest
    from qa.answerers.extractive import ExtractiveAnswerer
    from qa.core.settings import AnswerSettings

    chunks = [Chunk(text=t, source="d.md") for t in [*texts.values(), *filler]]
    matcher = TermMatcher(idf_table(chunks), "en", None, n_chunks=len(chunks))
    passages = [
        Passage(Chunk(text=t, source="d.md", speaker=who, block="statement", position=i), 1.0, i + 1)
        for i, (who, t) in enumerate(texts.items())
    ]
    q = Query("x", "x", "en", kind="who_spoke", topic=topic)
    answerer = ExtractiveAnswerer(AnswerSettings(), lambda: matcher, similarity)
    return {passages[i].chunk.speaker for i, _ in answerer.who_spoke(AnswerRequest(q, passages))}


def test_who_spoke_lists_the_speakers_whose_own_words_hold_the_topic() -> None:
    """Ranked first by retrieval, a speaker who barely touched the topic is not listed among
    those who spoke of it; one who spoke of it as fully as the best is."""
    texts = {
        "C": "The budget for the schools was also mentioned in passing.",
        "A": "The water tariff for poor households must fall this year.",
        "B": "Poor households pay too much: the water tariff is unfair.",
    }
    topic = ("water", "tariff", "poor", "households", "budget")
    assert _who_spoke(texts, ["Roads were discussed.", "Bridges too."], topic) == {"A", "B"}


def test_who_spoke_by_meaning_lists_a_speaker_who_said_it_in_other_words() -> None:
    """ "Which speakers said their work abroad outlasts political changes?": B says it in other
    words (no word of the topic) and is listed when the embedder finds B's sentence closer than
    A's; C, far in meaning and in words, is not. Without the embedder, B is not listed."""
    texts = {
        "A": "Our work abroad outlasts political changes in the capitals.",
        "B": "Governments come and go, our partnerships between towns remain.",
        "C": "The budget for roads was voted in March.",
    }
    topic = ("work", "abroad", "outlasts", "political", "changes")
    close = {"A": 0.88, "B": 0.92, "C": 0.70}

    def similarity(question: str, sentences: Sequence[str]) -> list[float]:
        return [next(v for k, v in close.items() if texts[k] == s) for s in sentences]

    filler = [f"Bridges were discussed, item {i}." for i in range(4)]
    assert _who_spoke(texts, filler, topic, similarity) == {"A", "B"}
    assert _who_spoke(texts, filler, topic) == {"A"}


def test_who_spoke_leaves_out_a_quote_without_the_telling_word() -> None:
    """A further speaker's quote that holds only the common words of the topic (half of it, but
    not "health") is not listed; one that holds the telling word is."""
    texts = {
        "A": "Local governments are active in health and in many other fields.",
        "B": "Local governments are active abroad.",
        "C": "Health is one of the fields where local governments act.",
    }
    filler = [f"Roads and bridges were discussed, item {i}." for i in range(6)]
    assert _who_spoke(texts, filler, ("health", "fields", "local", "governments", "active")) == {"A", "C"}


def test_an_acronym_in_the_other_languages_word_order_names_the_same_thing() -> None:
    from qa.bridge import acronym_twin

    assert acronym_twin("NGO", "ACTED, une ONG française") and acronym_twin("NGOs", "les ONG")
    assert acronym_twin("IMF", "le FMI") and acronym_twin("EU", "l'UE")
    assert not acronym_twin("ACTED", "ACTED") and not acronym_twin("ngo", "ONG")  # same word; not capitals
    assert not acronym_twin("DAECT", "le président d'ACTED")  # five letters in another order: another body
    texts = ["ACTED est une ONG.", "Les villes agissent."]
    idf = idf_table(Chunk(text=t, source="d.md") for t in texts)
    matcher = TermMatcher(idf, "fr", lambda w: (), n_chunks=len(texts))
    assert matcher.has_name("NGO", "ACTED est une ONG.", "en")
    assert not matcher.has_name("NGO", "ACTED est une association.", "en")


def test_names_no_passage_had_to_hold_are_no_evidence(judge: Judge) -> None:
    """Across languages a capitalised common noun is not a required name; then it cannot stand
    in for the topic either: a speaker who never spoke of it is off topic."""
    q = Query(
        "Que pense A de la Coupe du monde ?",
        "x",
        "fr",
        kind="speaker_topic",
        topic=("coupe", "monde", "rugby"),
        speakers=("A",),
        names=("Coupe",),
    )
    matcher = judge.matcher
    theirs = [Chunk(text="La coopération avec Lyon et Dakar continue.", source="d.md", speaker="A")]
    strict = Judge(TermMatcher(matcher.idf, "en", lambda w: ("cup",), n_chunks=4), 0.5, min_support_speaker=0.3)
    verdict = strict.judge(q, [], statements=theirs)
    assert not verdict.answerable and verdict.reason == "off_topic"


def test_a_run_on_line_does_not_outrank_the_sentence_that_answers() -> None:
    """A site's menu or a line no punctuation cuts holds the question's words by its length
    alone: the short sentence holding them is quoted before it."""
    from qa.answerers.base import AnswerRequest
    from qa.answerers.extractive import ExtractiveAnswerer
    from qa.core.settings import AnswerSettings

    menu = "Accueil Masques Semaine France " + " ".join(["Actualités Presse Contact Recherche"] * 30)
    answer = "Elle reçoit 100 millions de masques chaque semaine."
    texts = [answer, menu, "Le port est calme."]
    matcher = _matcher_over(texts, "fr")
    passages = [Passage(Chunk(text=t, source="d.md", position=i), 1.0, i + 1) for i, t in enumerate(texts[:2])]
    q = Query("Combien de masques par semaine ?", "x", "fr", topic=("masques", "france", "semaine"))
    answerer = ExtractiveAnswerer(AnswerSettings(), lambda: matcher)
    assert answerer.pick_sentences(AnswerRequest(q, passages))[0][1] == answer


def test_a_common_word_of_the_corpus_is_no_name_but_one_derived_from_a_name_is() -> None:
    """ "grands" resembles the surname "Grandi" but the corpus writes it in lower case: it is
    not a name a passage must hold; "ukrainiennes" (Ukraine, with a suffix) still is."""
    idf = idf_table(Chunk(text=t, source="d.md") for t in ["Lorenzo Grandi parle.", "De grands espoirs."])
    proper, lowercase = frozenset({"grandi", "ukraine"}), frozenset({"grands", "ukrainiennes"})
    matcher = TermMatcher(idf, "fr", None, n_chunks=2, proper=proper, lowercase=lowercase)
    assert not matcher.name_like("grands", "fr") and matcher.name_like("ukrainiennes", "fr")
    bare = TermMatcher(idf, "fr", None, n_chunks=2, proper=proper | {"defense"})
    # Without the corpus's lower-case words, the question's own case tells: written in lower case,
    # a word is a name only with a suffix of its own (« défendue » is no form of "Défense").
    assert bare.name_like("Grands", "fr") and not bare.name_like("grands", "fr")
    assert not bare.name_like("défendue", "fr") and bare.name_like("ukrainiennes", "fr")
    # A word capitalised somewhere ("Applications" in a heading) that the corpus also writes in
    # lower case is a common noun, whichever way the question writes it.
    headed = TermMatcher(
        idf, "en", None, n_chunks=2, proper=frozenset({"applications"}), lowercase=lowercase | {"applications"}
    )
    assert not headed.name_like("applications", "en") and not headed.name_like("Applications", "en")
    # Made of a name only with a name-making ending: "particular" is no word of "Parti".
    party = TermMatcher(idf, "en", None, n_chunks=2, proper=frozenset({"parti", "ukraine"}))
    assert not party.name_like("particular", "en") and party.name_like("ukrainians", "en")


def test_an_acronym_is_found_in_its_other_language_form() -> None:
    """Asked across languages, "WHO" is named by « OMS » and "NGO" by « ONG »; an acronym the
    corpus lacks in every form is not required (its other form may be one no list holds)."""
    texts = ["L'OMS et les ONG sont intervenues.", "Le financement des collectivités."]
    idf = idf_table(Chunk(text=t, source="d.md") for t in texts)
    matcher = TermMatcher(idf, "fr", lambda w: (), n_chunks=len(texts))
    assert matcher.has_name("WHO", texts[0], "en") and matcher.has_name("NGO", texts[0], "en")
    assert not matcher.has_name("WHO", texts[1], "en")
    assert not matcher.must_appear("GST", "en")


def test_where_an_interviewer_stands_is_not_in_the_questions_they_put(judge: Judge) -> None:
    """A view asked of a speaker who mostly asks (an interviewer) is refused: their framing
    (« Alors on va parler de la crise sociale ») is no position; a guest's statement is one."""
    host = [
        Chunk(t, "d.md", speaker="Host", block="statement")
        for t in (
            "Alors on va parler de la crise sociale et de la retraite.",
            "Est-ce que vous craignez un embrasement.",
            "Pensez-vous que la retraite à 64 ans passera ?",
            "Qu'est-ce que vous répondez aux Français.",
        )
    ]
    q = Query("Where does Host stand on the retraite?", "x", "fr", topic=("retraite",), speakers=("Host",))
    view = dataclasses.replace(q, kind="speaker_topic", answer_type="view")
    verdict = judge.judge(view, [Passage(host[0], 1.0, 1)], host)
    assert (verdict.answerable, verdict.detail) == (False, "view")
    guest = [Chunk("La retraite à 64 ans est nécessaire, nous la ferons.", "d.md", speaker="G", block="statement")] * 4
    assert judge.judge(dataclasses.replace(view, speakers=("G",)), [Passage(guest[0], 1.0, 1)], guest).answerable


def test_a_name_is_named_by_its_initials() -> None:
    """The "Democratic Alliance" is the record's "DA"; a name of one word has no initials."""
    texts = ["Parties such as the DA and the NA spoke.", "The budget was tabled."]
    matcher = _matcher_over(texts, "en")
    assert matcher.has_name("Democratic Alliance", texts[0], "en")
    assert not matcher.has_name("Democratic Alliance", texts[1], "en")
    assert not matcher.has_name("Democratic Party", texts[0], "en")  # DP is not written
    from qa.terms import initials_of

    assert initials_of("Parti de la Gauche") == "PG" and initials_of("Dakar") == ""


def test_a_figure_the_question_states_is_not_its_answer(judge: Judge) -> None:
    """ "Of the €1 million raised, how much came from the regions?": the million is given; a
    sentence that only repeats it does not say the regions' share."""
    asked = Query(
        "Sur le million d'euros collecté, combien venait des régions ?",
        "x",
        "fr",
        topic=("collecté", "régions"),
        answer_type="money",
    )
    repeats = _passage("ACTED a collecté plus de 1 million d'euros auprès des régions et des communes.")
    assert judge.judge(asked, [repeats]).reason == "missing_fact"
    answers = _passage("Les régions ont collecté 200 000 euros, sur 1 million d'euros.")
    assert judge.judge(asked, [answers]).answerable


def test_a_short_reply_is_read_with_the_question_it_answers() -> None:
    """ "…a letter with a series of questions --" then "There were 13.": the reply, in a few
    words, answers how many questions; after a statement that neither asks nor breaks off, it
    does not."""
    texts = ["There were 13.", "I signed a letter with a series of questions --", "The budget is large."]
    matcher = _matcher_over(texts, "en")
    q = Query(
        "How many questions were in the letter?",
        "x",
        "en",
        topic=("questions", "letter"),
        answer_type="number",
        counted=("questions",),
    )
    broken_off = Judge(matcher, 0.5, context=lambda c: "Record\nI signed a letter with a series of questions --")
    verdict = broken_off.judge(q, [_passage("There were 13.")])
    assert verdict.answerable and verdict.fact == "There were 13."
    # after a statement that asks nothing and breaks off nowhere, the figure is not its answer
    statement = Judge(matcher, 0.5, context=lambda c: "Record\nI signed a letter with a series of questions.")
    assert not statement.judge(q, [_passage("There were 13.")]).answerable


def test_who_organised_the_event_is_read_in_the_documents_head(assistant: Assistant) -> None:
    """ "Who organised the conference?" asks the document about itself: its head says
    « organisé par Cités Unies France », which no speaker's statement does."""
    answer = assistant.ask("Who organised the conference?")
    assert answer.query.answer_type == "organiser" and answer.query.about_document
    assert not answer.refused and "organisé par Cités Unies France" in answer.text


def test_a_place_is_named_by_its_adjective() -> None:
    """ "l'Afrique" is named by « villes africaines », "Lebanon" by "Lebanese"; not by a word
    that merely begins like it."""
    idf = idf_table(Chunk(text=t, source="d.md") for t in ["Des villes africaines.", "Rien."])
    matcher = TermMatcher(idf, "fr", None, n_chunks=2)
    assert matcher.has_name("Afrique", "La coopération avec des villes africaines.", "fr")
    assert matcher.has_name("Lebanon", "The Lebanese municipalities.", "fr")
    assert not matcher.has_name("Gaza", "Un gazage.", "fr") and not matcher.has_name("Afrique", "Un afflux.", "fr")
    # ... after a prefix: « subsaharienne » names the Sahara
    assert matcher.has_name("Sahara", "L'Afrique subsaharienne.", "fr")
    assert not matcher.has_name("Sahara", "Une substance.", "fr")
    # ... and a place that itself starts like a prefix ("pan", "sud") is read as it is
    from qa.terms import _demonym_in

    assert _demonym_in("panama", frozenset({"panameen"})) and _demonym_in("sudan", frozenset({"sudanese"}))


def test_an_acronym_is_named_by_its_plural() -> None:
    """ "the RNN" is named by "training RNNs"; not by a longer word that starts like it."""
    m = TermMatcher({"rnns": 1.0}, "en")
    assert m.has_name("RNN", "He was training RNNs to learn the problem.", "en")
    assert m.has_name("NGOs", "An NGO came.", "en")
    assert not m.has_name("RNN", "The RNNLM toolkit.", "en")


def test_short_acronyms_are_found_with_or_without_dots() -> None:
    m = TermMatcher({}, "en")
    assert m.has_name("DC", "the taxpayers of Washington, DC, will", "en")
    assert m.has_name("DC", "Washington D.C. is", "en")
    assert not m.has_name("DC", "the DCA and the ADC", "en")
    # spelled out: the initials of a run of capitalised words, not one that starts a sentence
    assert m.has_name("DC", "the finances of the District of Columbia are dire", "en")
    assert m.has_name("SUNY", "students of the State University of New York", "en")
    assert not m.has_name("DC", "Did Clinton say so? Dear Colleague, we", "en")
    # a longer run may start with the body's name (three letters at least)
    assert m.has_name("WHO", "the World Health Organisation Research and Development Blueprint", "en")
    assert not m.has_name("DC", "the District Court of Appeal ruled", "en")


def test_a_word_of_a_name_given_is_judged_with_the_name() -> None:
    """ "Marcel Mauss" is named by « celle de Mauss »: its first name is not a name of its own
    that the passage must hold as well."""
    texts = ["Une bibliothèque importante que celle de Mauss. 10 000 ouvrages.", "Marcel Cachin parle.", "Rien."]
    judge = _judge_over(texts, 0.5, frozenset({"marcel", "mauss", "cachin"}))
    q = Query(
        "Combien d'ouvrages comptait la bibliothèque de Marcel Mauss ?",
        "x",
        "fr",
        topic=("ouvrages", "bibliothèque", "marcel", "mauss"),
        names=("Marcel Mauss",),
        answer_type="number",
    )
    verdict = judge.judge(q, [_passage("Une bibliothèque importante que celle de Mauss. 10 000 ouvrages.")])
    assert verdict.answerable, verdict


def test_a_frequent_name_like_word_is_no_required_name() -> None:
    """ "l'État" in proceedings about the State is their subject: a passage need not name it,
    while a rare one ("Dakar") must be named."""
    texts = [f"L'État agit ici, texte {i}." for i in range(30)] + ["La coopération avec Dakar continue."]
    chunks = [Chunk(text=t, source="d.md") for t in texts]
    matcher = TermMatcher(idf_table(chunks), "fr", None, n_chunks=len(texts), proper=frozenset({"etat", "dakar"}))
    judge = Judge(matcher, min_support=0.5)
    q = Query(
        "Que doit faire l'État pour la diplomatie ?",
        "x",
        "fr",
        kind="speaker_topic",
        topic=("état", "diplomatie"),
        speakers=("A",),
    )
    theirs = [Chunk(text="La diplomatie des villes doit être reconnue.", source="d.md", speaker="A")]
    assert judge.judge(q, [], statements=theirs).answerable
    verdict = judge.judge(dataclasses.replace(q, topic=("dakar", "diplomatie")), [], statements=theirs)
    assert not verdict.answerable and verdict.reason == "missing_name"


def test_a_frequent_name_found_lowers_the_bar_without_removing_it() -> None:
    """ "What did A say about the fishing crisis in Atlantic Canada?": "Canada", in every passage
    of a Canadian debate, found in A's statement does not make it about fishing; a rare name
    found ("Moncton") still answers without the rest of the topic's words."""
    texts = [f"Canada agit ici, texte {i}." for i in range(30)] + ["Moncton attend."]
    matcher = TermMatcher(
        idf_table(Chunk(text=t, source="d.md") for t in texts),
        "fr",
        None,
        n_chunks=len(texts),
        proper=frozenset({"canada", "moncton"}),
    )
    judge = Judge(matcher, min_support=0.5)
    q = Query("x", "x", "fr", kind="speaker_topic", topic=("crise", "pêches", "canada"), speakers=("A",))
    poor = [Chunk(text="Il y a tant de familles pauvres au Canada.", source="d.md", speaker="A")]
    assert judge.judge(q, [], statements=poor).reason == "off_topic"
    rare = dataclasses.replace(q, topic=("crise", "pêches", "moncton"))
    moncton = [Chunk(text="Moncton souffre, disait-elle.", source="d.md", speaker="A")]
    assert judge.judge(rare, [], statements=moncton).answerable


def test_a_fact_is_read_with_the_sentence_before_it() -> None:
    """Notes say what a figure is about in the sentence before it ("Une bibliothèque importante
    que celle de Mauss. 10 000 ouvrages…"): the figure answers, and it is the one quoted."""
    from qa.answerers.base import AnswerRequest
    from qa.answerers.extractive import ExtractiveAnswerer
    from qa.core.settings import AnswerSettings

    text = "Une bibliothèque importante que celle de Mauss. 10 000 ouvrages dont 3 000 conservés. Il lisait beaucoup."
    filler = [f"Le musée ouvre ses portes, salle {i}." for i in range(6)]
    chunks = [Chunk(text=t, source="d.md") for t in [text, *filler]]
    matcher = TermMatcher(idf_table(chunks), "fr", None, n_chunks=len(chunks))
    judge = Judge(matcher, min_support=0.5, min_support_speaker=0.3)
    q = Query(
        "Combien d'ouvrages comptait la bibliothèque de Mauss ?",
        "x",
        "fr",
        kind="speaker_topic",
        topic=("ouvrages", "comptait", "bibliothèque", "mauss"),
        speakers=("B",),
        answer_type="number",
    )
    theirs = [Chunk(text=text, source="d.md", speaker="B", block="statement")]
    assert judge.judge(q, [], statements=theirs).answerable
    answerer = ExtractiveAnswerer(AnswerSettings(), lambda: matcher)
    picks = answerer.pick_sentences(AnswerRequest(q, [Passage(theirs[0], 1.0, 1)]))
    assert picks and picks[0][1].startswith("10 000 ouvrages"), picks


def test_across_languages_a_short_stem_of_the_question_word_is_no_evidence() -> None:
    """« menées » stems to "men", an English word; « santé » to "sant". Across languages only the
    word itself, a long stem or a translation counts."""
    texts = ["The men met the families.", "Mental health matters for young people."]
    idf = idf_table(Chunk(text=t, source="d.md") for t in texts)
    words = {"santé": ("health",)}
    matcher = TermMatcher(idf, "en", lambda w: words.get(w.lower(), ()), n_chunks=len(texts))
    q = Query("Qu'a-t-il dit des négociations menées ?", "x", "fr", topic=("menées", "santé"))
    menees, sante = matcher.groups(q)
    assert not matcher.covers(menees, texts[0], "fr")
    assert matcher.covers(sante, texts[1], "fr") and "sant" not in sante.alts
    same = Query("Qu'a-t-il dit des négociations menées ?", "x", "en", topic=("menées",))
    assert "men" in matcher.groups(same)[0].alts  # in the corpus's own language, stems are stems


@pytest.mark.parametrize(
    ("said", "others"),
    [
        (
            [
                "The families of Uvalde waited at the school gates.",
                "We need the families of Uvalde safe at the school gates.",
                "The families of Uvalde cried at the school gates.",
            ],
            [f"Roads and bridges were on the agenda again, item {n}." for n in range(3)],
        ),
        (
            [
                "Les familles de Gaza ont attendu à la frontière avec leurs enfants.",
                "Il faut accueillir les familles de Gaza à la frontière avec leurs enfants.",
                "Les familles de Gaza ont pleuré à la frontière avec leurs enfants.",
            ],
            [f"Les routes et les ponts étaient encore à l'ordre du jour, point {n}." for n in range(3)],
        ),
    ],
)
def test_a_summary_leads_with_the_position_taken_over_the_story_around_it(said: list[str], others: list[str]) -> None:
    """Of sentences about the same families, the one that takes a position ("we need the
    families safe", « il faut accueillir ») is the one-sentence summary, in English and French."""
    assert _summary_of(said, others, max_sentences=1) == [said[1]]


def test_a_vote_asked_is_answered_only_by_how_it_went() -> None:
    """ "What was the result of the vote on the motion?": a passage about the motion that does not
    say how the vote went does not answer, the Hansard's "Motion agreed to" does."""
    texts = ["I move the motion on the report.", "Question put. Motion agreed to.", "We debated roads."]
    idf = idf_table(Chunk(text=t, source="d.md") for t in texts)
    judge = Judge(TermMatcher(idf, "en", None, n_chunks=len(texts)), min_support=0.3)
    q = Query("What was the result of the vote on the motion?", "x", "en", topic=("motion",), answer_type="vote")
    verdict = judge.judge(q, [_passage("I move the motion on the report; members should vote for it.")])
    assert not verdict.answerable and verdict.reason == "missing_fact"
    assert judge.judge(q, [_passage("Question put. Motion agreed to.")]).answerable


def test_a_date_is_read_with_the_sentence_that_says_what_came_of_it() -> None:
    """« En 2015, le Comité opte pour une vision locale. C'est ainsi que l'Initiative est
    lancée. »: asked when the initiative began, the year is in the sentence before the one that
    names it; a sentence after that does not say it came of it does not join them."""
    texts = ["En 2015, le Comité opte pour une vision locale.", "Rien à voir.", "L'Initiative aide les villes."]
    idf = idf_table(Chunk(text=t, source="d.md") for t in texts)
    judge = Judge(TermMatcher(idf, "fr", None, n_chunks=len(texts)), min_support=0.5)
    q = Query("Quand l'Initiative a-t-elle été lancée ?", "x", "fr", topic=("initiative", "lancée"), answer_type="date")
    told = _passage("En 2015, le Comité opte pour une vision locale. C'est ainsi que l'Initiative est lancée.")
    assert judge.judge(q, [told]).answerable
    untold = _passage("En 2015, le Comité opte pour une vision locale. L'Initiative est lancée.")
    assert judge.judge(q, [untold]).reason == "missing_fact"
    # the extractive answer quotes the two sentences together, the year with what it dates
    from qa.answerers.base import AnswerRequest
    from qa.answerers.extractive import ExtractiveAnswerer
    from qa.core.settings import AnswerSettings

    answerer = ExtractiveAnswerer(AnswerSettings(), lambda: judge.matcher)
    picks = answerer.pick_sentences(AnswerRequest(q, [told]))
    assert picks and "2015" in picks[0][1] and "C'est ainsi" in picks[0][1]


def test_a_fragment_is_quoted_with_the_sentence_it_continues() -> None:
    """ "…avec 7 naissances. Et 89 décès.": asked how many births and deaths, the quote holds both
    figures, not the first sentence alone."""
    from qa.answerers.base import AnswerRequest
    from qa.answerers.extractive import ExtractiveAnswerer
    from qa.core.settings import AnswerSettings
    from qa.core.text import quote_units

    text = "Cette année, la commune a enregistré 7 naissances, je ne me trompe pas. Et 89 décès. Voilà ce que dit la démographie."
    assert quote_units(text) == [
        "Cette année, la commune a enregistré 7 naissances, je ne me trompe pas. Et 89 décès.",
        "Voilà ce que dit la démographie.",
    ]
    texts = [text, "Les routes sont refaites.", "Le port est agrandi."]
    matcher = _matcher_over(texts, "fr")
    q = Query("Combien de naissances et de décès ?", "x", "fr", topic=("naissances", "décès"), answer_type="number")
    picks = ExtractiveAnswerer(AnswerSettings(), lambda: matcher).pick_sentences(AnswerRequest(q, [_passage(text)]))
    assert picks and "7 naissances" in picks[0][1] and "89 décès" in picks[0][1]


def test_the_rooms_reaction_is_answered_only_by_a_transcripts_note_of_it() -> None:
    """Asked how the room took a speech, "[Applause.]" after it answers; the speech alone does not."""
    texts = ["We will build houses for every family. [Applause.]", "We debated roads.", "The budget is late."]
    idf = idf_table(Chunk(text=t, source="d.md") for t in texts)
    judge = Judge(TermMatcher(idf, "en", None, n_chunks=len(texts)), min_support=0.3)
    q = Query("How did the House react to the houses?", "x", "en", topic=("houses",), answer_type="reaction")
    assert judge.judge(q, [_passage(texts[0])]).answerable
    verdict = judge.judge(q, [_passage("We will build houses for every family, and they are funded.")])
    assert not verdict.answerable and verdict.reason == "missing_fact"
    assert has_fact("reaction", "(Exclamations à gauche.)") and not has_fact("reaction", "Nous construirons.")


def test_what_came_after_is_answered_only_by_a_passage_that_tells_of_it() -> None:
    """ "Did the Council end up approving the reform?": a passage on the reform that says the
    decision is awaited does not answer; one that tells what followed does."""
    texts = ["Le Conseil doit maintenant se prononcer sur la réforme.", "Le budget est voté."]
    idf = idf_table(Chunk(text=t, source="d.md") for t in texts)
    judge = Judge(TermMatcher(idf, "fr", None, n_chunks=len(texts)), min_support=0.3)
    q = Query(
        "Au final, le Conseil a-t-il validé la réforme ?", "x", "fr", topic=("conseil", "réforme"), answer_type="later"
    )
    assert judge.judge(q, [_passage(texts[0])]).reason == "missing_fact"
    assert judge.judge(q, [_passage("Le Conseil a finalement validé la réforme le lendemain.")]).answerable


def test_the_audience_s_questions_are_answered_only_where_they_are_reported() -> None:
    """ "What did the audience ask after session 2?": the programme's "Débat avec la salle" and a
    speaker's words about questions do not answer; a reported question from the room, or a turn
    of someone labelled as the room, does."""
    texts = ["Débat avec la salle", "Nous avons des questions sur le budget.", "Question de la salle : et Lyon ?"]
    idf = idf_table(Chunk(text=t, source="d.md") for t in texts)
    judge = Judge(TermMatcher(idf, "fr", None, n_chunks=len(texts)), min_support=0.3)
    q = Query(
        "Quelles questions la salle a-t-elle posées ?", "x", "fr", topic=("questions", "salle"), answer_type="floor"
    )
    slot = Passage(Chunk(text=texts[0], source="d.md", block="programme"), 1.0, 1)
    assert judge.judge(q, [slot, _passage(texts[1])]).reason == "missing_fact"
    assert judge.judge(q, [_passage(texts[2])]).answerable
    assert judge.judge(q, [_passage("Et sur Lyon, quelles questions ?", speaker="Q")]).answerable


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Lundi 3 juillet 2023, Salle Lamartine de l'Assemblée Nationale", True),
        ("Hearing Room B Legislative Office Building", True),
        ("The committee met in Albany.", True),
        ("In the Matter of the", False),
        ("We met on Monday morning.", False),
    ],
)
def test_a_place_is_a_venue_or_a_proper_name_after_a_preposition(text: str, place: bool) -> None:
    assert has_fact("place", text) is place


def test_a_front_page_cut_by_headings_is_still_the_documents_head() -> None:
    """ "In the Matter of the" / "Hearing Room B" / "Albany, New York": short section lines among
    the first chunks are the head, where the document says where it was held; a statement is not."""
    from qa.answerability import is_head

    line = Chunk(text="Legislative Office Building Albany, New York February 2, 2020", source="d", position=2)
    assert is_head(line)
    assert not is_head(dataclasses.replace(line, block="statement", speaker="A"))
    assert not is_head(dataclasses.replace(line, position=5))
    texts = [line.text, "Chair: we will now hear the chancellor on tuition.", "Tuition is $7,070."]
    idf = idf_table(Chunk(text=t, source="d") for t in texts)
    judge = Judge(TermMatcher(idf, "en", None, n_chunks=len(texts)), min_support=0.5)
    q = Query("Where was the hearing held?", "x", "en", kind="programme", topic=("held",), answer_type="place")
    q = dataclasses.replace(q, about_document=True)
    others = [_passage(f"Members spoke about tuition, item {n}.") for n in range(6)]
    head = Passage(line, 0.0, 7)
    assert judge.judge(q, [*others, head]).answerable  # ranked after the first six, still read


def _title_and_opening(title: str, opening: str, lang: str = "en") -> tuple[Chunk, Chunk, TermMatcher]:
    """A document's title line and its first speaker's opening turn, with a matcher over both."""
    head = Chunk(text=title, source="d", block="section", position=-1)
    first = Chunk(text=opening, source="d", speaker="A", block="statement", position=0)
    return head, first, TermMatcher(idf_table([head, first]), lang, None, n_chunks=2)


def _picks(q: Query, passages: list[Passage], matcher: TermMatcher) -> list[str]:
    """The sentences the extractive answerer quotes, best first."""
    from qa.answerers.base import AnswerRequest
    from qa.answerers.extractive import ExtractiveAnswerer
    from qa.core.settings import AnswerSettings

    picks = ExtractiveAnswerer(AnswerSettings(), lambda: matcher).pick_sentences(AnswerRequest(q, passages))
    return [s for _, s in picks]


def test_the_documents_own_date_is_quoted_from_its_title_over_a_speakers_opening_words() -> None:
    """Asked when the sitting was, the title "Fiji Hansard 2021-02-10" answers, not the date in
    the first speaker's opening words ("tabled on 14th May, 2019"), though both open the document."""
    title, opening, matcher = _title_and_opening(
        "Review Report - Fiji Hansard 2021-02-10", "I move that Parliament debates the report tabled on 14th May, 2019."
    )
    q = Query("What date was this sitting held?", "x", "en", kind="programme", topic=("held",), answer_type="date")
    q = dataclasses.replace(q, about_document=True)
    assert _picks(q, [Passage(opening, 1.0, 1), Passage(title, 0.0, 2)], matcher) == [title.text]


def test_the_documents_own_time_is_quoted_from_the_head_line_that_holds_the_names_asked() -> None:
    """ "At what time, Paris time, did this bulletin go on air?": the presenter's first line,
    "20h en temps universel, 22h à Paris", over the title's bare "20h00 GMT"; asked without a
    name, the title still answers."""
    title, opening, matcher = _title_and_opening(
        "Journal en francais facile 28/05/2018 20h00 GMT",
        "20h en temps universel, 22h à Paris, merci d'écouter RFI. Bienvenue dans ce journal.",
        "fr",
    )
    q = Query("At what time, Paris time, did this bulletin go on air?", "x", "en", kind="programme")
    q = dataclasses.replace(q, topic=("paris",), names=("Paris",), answer_type="time", about_document=True)
    passages = [Passage(title, 1.0, 1), Passage(opening, 0.9, 2)]
    picks = _picks(q, passages, matcher)
    assert picks and picks[0].startswith("20h en temps universel, 22h à Paris")
    assert _picks(dataclasses.replace(q, topic=(), names=()), passages, matcher)[:1] == [title.text]


def test_a_figure_after_a_sentence_naming_what_is_counted_must_count_it() -> None:
    """ "How much compensation…?": "The question of compensation can then be decided. Returning
    to the questions, 71 farms were informed…" gives no figure of compensation; "Compensation was
    decided. It is 71 dollars per pig farm." does."""
    texts = [
        "The question of compensation, if any, can then be decided. Returning to the Member's questions, "
        "71 pig farms were informed that they would have to be resettled.",
        "Compensation was decided. It is 71 dollars per pig farm.",
        "Pig farming is pollutive.",
    ]
    idf = idf_table(Chunk(text=t, source="d.md") for t in texts)
    judge = Judge(TermMatcher(idf, "en", None, n_chunks=len(texts)), min_support=0.35)
    q = Query("How much compensation per farm?", "x", "en", topic=("compensation", "farm"), answer_type="number")
    q = dataclasses.replace(q, counted=("compensation",))
    assert not judge.judge(q, [_passage(texts[0])]).answerable
    assert judge.judge(q, [_passage(texts[1])]).answerable


def test_a_title_is_answered_by_a_named_work_not_by_a_sentence_about_it() -> None:
    """Asked a book's title, « un bouquin qui s'appelle Expulsions » answers; a sentence about
    writing that does not name it is no answer."""
    texts = ["J'ai fini un bouquin qui s'appelle Expulsions.", "J'ai écrit un bouquin sur la ville.", "Le port."]
    idf = idf_table(Chunk(text=t, source="d.md") for t in texts)
    judge = Judge(TermMatcher(idf, "fr", None, n_chunks=len(texts)), min_support=0.3)
    q = Query("Quel est le titre de son bouquin ?", "x", "fr", topic=("bouquin",), answer_type="title")
    assert judge.judge(q, [_passage(texts[0])]).answerable
    verdict = judge.judge(q, [_passage(texts[1])])
    assert not verdict.answerable and verdict.reason == "missing_fact"
    assert has_fact("title", "the report entitled Hard Choices") and has_fact("title", "« Le Monde d'après »")
    assert not has_fact("title", "We wrote the report in May.")


def test_what_was_said_in_a_slot_the_programme_only_lists_is_refused() -> None:
    """ "Quelles questions le public a-t-il posées lors du débat avec la salle ?": the programme's
    « Débat avec la salle » says there was one, not what was asked; a statement that reports the
    questions answers."""
    slot = Chunk(text="Débat avec la salle : questions du public", source="d.md", block="programme")
    said = "Le public a posé des questions sur le financement des jumelages."
    texts = [slot.text, said, "Le port est agrandi."]
    idf = idf_table(Chunk(text=t, source="d.md") for t in texts)
    judge = Judge(TermMatcher(idf, "fr", None, n_chunks=len(texts)), min_support=0.3)
    q = Query(
        "Quelles questions le public a-t-il posées lors du débat avec la salle ?",
        "x",
        "fr",
        topic=("questions", "public", "posées", "salle"),
    )
    verdict = judge.judge(q, [Passage(slot, 1.0, 1)])
    assert not verdict.answerable and verdict.reason == "programme_only"
    assert judge.judge(q, [Passage(slot, 1.0, 1), _passage(said)]).answerable
    # asked what the slot is, the programme's line answers
    what = Query("Qu'y a-t-il après la session ?", "x", "fr", topic=("salle", "public"))
    assert judge.judge(what, [Passage(slot, 1.0, 1)]).answerable


def test_a_guest_without_a_role_is_introduced_by_the_hosts_words_then_their_own() -> None:
    """No role in the speaker table: the host's sentence that first names the guest, with the
    description after it, then the guest's own first words (cited to them); a bare greeting
    ("Saskia Sassen, bonsoir.") describes no one and is not quoted."""
    from qa.answerers.base import AnswerRequest
    from qa.answerers.extractive import ExtractiveAnswerer
    from qa.core.settings import AnswerSettings
    from qa.core.types import SpeakerInfo

    host = "On poursuit avec Audrey Tang. Bonsoir, programmatrice de logiciels libres taïwanaise. Merci."
    passages = [
        Passage(
            Chunk(text="Saskia Sassen, bonsoir.", source="d.md", speaker="Hôte", block="statement", position=1), 0.0, 1
        ),
        Passage(Chunk(text=host, source="d.md", speaker="Hôte", block="statement", position=3), 0.0, 2),
        Passage(
            Chunk(
                text="J'ai travaillé dans l'informatique.",
                source="d.md",
                speaker="Audrey Tang",
                block="statement",
                position=5,
            ),
            0.0,
            3,
        ),
        Passage(Chunk(text="Bonsoir.", source="d.md", speaker="Saskia Sassen", block="statement", position=2), 0.0, 4),
    ]
    answerer = ExtractiveAnswerer(AnswerSettings(), lambda: TermMatcher({}, "fr", None, n_chunks=1))
    q = Query("Qui est Audrey Tang ?", "x", "fr", kind="who_is", speakers=("Audrey Tang",))
    picks = answerer.who_is(AnswerRequest(q, passages, facts=[SpeakerInfo("Audrey Tang", "", "", "")]))
    assert picks == [
        (1, "On poursuit avec Audrey Tang. Bonsoir, programmatrice de logiciels libres taïwanaise."),
        (2, "J'ai travaillé dans l'informatique."),
    ]
    q = Query("Qui est Saskia Sassen ?", "x", "fr", kind="who_is", speakers=("Saskia Sassen",))
    picks = answerer.who_is(AnswerRequest(q, passages, facts=[SpeakerInfo("Saskia Sassen", "", "", "")]))
    assert picks == [(3, "Bonsoir.")]


def test_a_name_s_common_word_alone_does_not_name_it() -> None:
    """ "the Calgary Declaration" is not named by « Je declare… »: of a name's parts, those the
    corpus writes in lower case name it only with the others."""
    matcher = TermMatcher({}, "fr", lowercase=frozenset({"declaration", "declare"}))
    assert not matcher.has_name("Calgary Declaration", "Je declare la motion rejetee.", "fr")
    assert matcher.has_name("Calgary Declaration", "La declaration de Calgary est un pas.", "fr")
    assert matcher.has_name("Nagorno-Karabakh", "Le Haut-Karabagh est menacé.", "fr")  # half the parts


def test_a_vote_asked_on_a_named_text_is_the_vote_on_it() -> None:
    """The vote on motion no 4, in a passage that goes on to the Calgary Declaration, is not the
    vote on the Declaration; a vote count needs figures, not "rejected"."""
    texts = [
        "Au vote, la declaration de principe no 4 est rejetee. Vient ensuite la declaration de Calgary.",
        "Le budget est contraint.",
        "Rien a voir.",
        "La seance est levee.",
    ]
    judge = _judge_over(texts, 0.35, frozenset({"calgary"}))
    vote = Query(
        "Quel a été le résultat du vote sur la déclaration de Calgary ?",
        "x",
        "fr",
        topic=("résultat", "vote", "déclaration", "calgary"),
        names=("Calgary",),
        answer_type="vote",
    )
    assert judge.judge(vote, [_passage(texts[0])]).reason == "missing_fact"
    adopted = "Au vote, la declaration de Calgary est adoptee"
    assert judge.judge(vote, [_passage(f"{adopted} a l'unanimite.")]).answerable
    tally = dataclasses.replace(vote, answer_type="tally")
    assert judge.judge(tally, [_passage(f"{adopted}.")]).reason == "missing_fact"
    assert judge.judge(tally, [_passage(f"{adopted} par 143 voix contre 97.")]).answerable


def test_a_date_asked_has_the_question_s_words_near_it() -> None:
    """ "When will the bank be privatised?": the years that date a cost twenty words away from
    "privatisation" do not answer it; a year next to it does."""
    texts = ["Le budget est contraint.", "Rien a voir.", "La seance est levee.", "Le Credit Lyonnais est une banque."]
    judge = _judge_over(texts, 0.35)
    q = Query("Quand la banque sera-t-elle privatisée ?", "x", "fr", topic=("banque", "privatisée"), answer_type="date")
    far = (
        "Grâce aux recettes de la privatisation future de la banque, elle permettra de limiter au maximum le "
        "coût budgétaire net, lequel s'élève déjà à 7,5 milliards de francs pour les années 1994 et 1995."
    )
    assert judge.judge(q, [_passage(far)]).reason == "missing_fact"
    assert judge.judge(q, [_passage("La privatisation de la banque aura lieu en 1997.")]).answerable


def test_members_of_an_assembly_are_counted_however_named() -> None:
    """« Combien de députés étaient présents, d'après le président ? » is answered by his « 210
    membres réunis dans la salle »; 210 euros are no deputies."""
    texts = [
        "Il n'y a que 210 membres réunis dans la salle.",
        "Dans la salle, la buvette a coûté 210 euros.",
        "Rien.",
        "Le port est calme.",
        "Le vent souffle.",
        "La séance continue.",
    ]
    idf = idf_table(Chunk(text=t, source="d.md") for t in texts)
    judge = Judge(TermMatcher(idf, "fr", None, n_chunks=len(texts)), min_support=0.35, min_support_speaker=0.25)
    asked = Query(
        "Combien de députés étaient présents dans la salle d'après le président ?",
        "x",
        "fr",
        kind="speaker_topic",
        topic=("présents", "salle", "députés"),
        speakers=("A",),
        answer_type="number",
        counted=("députés",),
    )

    def said(text: str) -> list[Chunk]:
        return [Chunk(text=text, source="d.md", speaker="A", block="statement")]

    assert judge.judge(asked, [], statements=said(texts[0])).answerable
    assert judge.judge(asked, [], statements=said(texts[1])).reason == "missing_fact"


def test_across_languages_a_name_is_matched_as_a_name_never_by_word_vectors() -> None:
    """A French corpus, English questions: « Suède » is Sweden's name there (a name in both
    languages, so required); "Johnson", a name the corpus writes with a capital only, is held
    by a passage that names him, not by one whose words the vectors put near any name."""
    texts = [
        "Nous sommes, avec la Suède, le pays où l'âge légal est le plus bas.",
        "La chancelière Johnson a répondu aux sénateurs.",
        "Le financement des universités baisse.",
    ]
    idf = idf_table(Chunk(text=t, source="d.md") for t in texts)
    words = {"sweden": ("Suède",), "funding": ("financement",)}
    matcher = TermMatcher(
        idf,
        "fr",
        lambda w: words.get(w.lower(), ()),
        n_chunks=len(texts),
        proper=frozenset({"suede", "johnson"}),
        soft_match=lambda word, text: True,  # vectors that find every word anywhere
        lowercase=frozenset({"financement", "universites"}),
    )
    assert matcher.must_appear("Sweden", "en")
    question = "What did the senators ask chancellor Johnson about DeepMind's universities?"
    query = Query(question, question, "en", topic=("johnson", "deepmind", "universities"))
    johnson, deepmind, universities = matcher.groups(query)
    assert johnson.literal and deepmind.literal and not universities.literal
    assert matcher.covers(johnson, texts[1], "en")
    assert not matcher.covers(johnson, texts[2], "en")
    assert not matcher.covers(deepmind, texts[2], "en")  # written as a name in the question
    # a common word still meets its counterpart softly across languages
    assert matcher.covers(universities, texts[0], "en")


def test_a_place_asked_is_not_the_name_the_question_gives_nor_a_month() -> None:
    """ "In which city was the ICML workshop held?": "at ICML in July 2015" names the event and
    its month, not where it was."""
    text = "This panel occurred at ICML in July 2015."
    assert has_fact("place", text)  # nothing asked: any proper name after a preposition
    assert not has_fact("place", text, frozenset({"icml", "ville", "atelier"}))
    assert has_fact("place", "The workshop was held at ICML in Lille.", frozenset({"icml", "ville"}))


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("We need to raise the minimum age to purchase an AR-15 rifle to 21.", True),
        ("L'âge légal de départ passe de 62 à 64 ans.", True),
        ("the age of 21", True),
        ("The age of the building matters; it has 12 floors.", False),
        ("Nous avons voté l'amendement 21.", False),
    ],
)
def test_an_age_is_years_or_an_age_limit(text: str, age: bool) -> None:
    assert has_fact("age", text) is age


def test_a_fact_in_a_sentence_whose_subject_is_the_one_before_s() -> None:
    """« … c'est Carlo Cottarelli qui l'annonce. Cet économiste de 64 ans … »: the age is his,
    though his name is in the sentence before; a sentence about someone else is not."""
    texts = [
        "Les Italiens voteront : c'est Carlo Cottarelli qui l'annonce. Cet économiste de 64 ans a été désigné.",
        "Le musée ouvre ses portes.",
        "La ville compte des parcs.",
    ]
    judge = _judge_over(texts, 0.5)
    q = Query("Quel âge a Carlo Cottarelli ?", "x", "fr", topic=("carlo", "cottarelli"), answer_type="age")
    assert judge.judge(q, [_passage(texts[0])]).answerable
    other = _passage("Les Italiens voteront : c'est Carlo Cottarelli qui l'annonce. Le gardien, 64 ans, a ouvert.")
    assert judge.judge(q, [other]).reason == "missing_fact"


def test_an_age_is_the_named_person_s_only_near_their_name() -> None:
    """« Cet économiste de 64 ans … désigné par le président Sergio Matarella »: the age is the
    economist's, not the president's (his name is 19 words away); « Serge Dassault est décédé. »
    then, opening the next passage, « L'ancien sénateur … avait 93 ans. »: the age is his, read
    with the sentence before the passage."""
    appointed = (
        "Cet économiste de 64 ans, ancien responsable du Fonds monétaire international a été désigné, choisi, "
        "aujourd'hui par le président Sergio Matarella, pour tenter de former un gouvernement."
    )
    texts = [appointed, "L'ancien sénateur et industriel français avait 93 ans.", "Serge Dassault est décédé.", "Rien."]
    judge = _judge_over(texts, 0.5)
    q = Query("Quel âge a Sergio Mattarella ?", "x", "fr", topic=("sergio", "mattarella"), answer_type="age")
    q = dataclasses.replace(q, names=("Sergio Mattarella",))
    assert judge.judge(q, [_passage(appointed)]).reason == "missing_fact"
    near = "Le président Sergio Matarella, 76 ans, a désigné un économiste pour former un gouvernement."
    assert judge.judge(q, [_passage(near)]).answerable

    died = Query("Quel âge avait Serge Dassault ?", "x", "fr", topic=("serge", "dassault"), answer_type="age")
    died = dataclasses.replace(died, names=("Serge Dassault",))
    matcher = _matcher_over(texts, "fr")
    before = Judge(matcher, min_support=0.5, context=lambda c: "Journal\nAG\nEn France. Serge Dassault est décédé.")
    verdict = before.judge(died, [_passage(texts[1])])
    assert verdict.answerable and "93 ans" in verdict.fact
    # with nothing before the passage, the age is nobody's in particular
    alone = Judge(matcher, min_support=0.5, context=lambda c: "Journal")
    assert not alone.judge(died, [_passage(texts[1])]).answerable


def test_a_sentence_opened_by_a_pronoun_or_a_role_refers_back() -> None:
    from qa.answerability import refers_back

    assert refers_back("L'ancien sénateur les Républicains avait 93 ans.")
    assert refers_back("The former minister was 71.")
    assert refers_back("Elle avait 40 ans.")
    assert not refers_back("La France perd un homme de conviction.")
    assert not refers_back("Le musée ouvre ses portes.")
    # a demonstrative noun: « Ce plafond est fixé à 50 milliards » (not « ce qui », « ce sont »)
    assert refers_back("Ce plafond est fixé à 50 milliards de francs.")
    assert not refers_back("Ce qui compte, c'est la dette.")
    assert not refers_back("Ce sont les villes qui paient.")


def test_a_bare_thus_does_not_date_the_sentence_after_it() -> None:
    """« …acquise dans les années 1980… Ainsi, la ville de Lyon a été pionnière… »: « Ainsi »
    gives an example; the decade is not when Lyon's cooperation began."""
    texts = ["Les villes ont acquis leur liberté dans les années 1980.", "Rien à voir.", "Le musée ouvre."]
    judge = _judge_over(texts, 0.5)
    q = Query(
        "En quelle année Lyon a-t-elle noué sa coopération avec Ouagadougou ?",
        "x",
        "fr",
        topic=("lyon", "coopération", "ouagadougou"),
        answer_type="year",
    )
    example = _passage(
        "Les villes ont acquis leur liberté dans les années 1980. Ainsi, Lyon a été pionnière de la coopération "
        "avec Ouagadougou."
    )
    assert judge.judge(q, [example]).reason == "missing_fact"
    told = _passage(
        "Les villes ont acquis leur liberté en 1985. C'est ainsi que Lyon a noué sa coopération avec Ouagadougou."
    )
    assert judge.judge(q, [told]).answerable


def test_a_proposal_asked_is_answered_by_what_is_proposed_not_by_a_mention() -> None:
    """« Qu'est-ce qu'ils proposent pour les résidences secondaires ? »: « 46 % de résidences
    secondaires, c'est un sujet … on y reviendra » names the subject and proposes nothing; « il faut
    limiter les résidences secondaires » does."""
    texts = [
        "Nous avons 46 % de résidences secondaires, c'est un sujet très conséquent, on y reviendra.",
        "Le port est beau.",
        "La mairie ouvre lundi.",
    ]
    judge = _judge_over(texts, 0.5)
    q = Query(
        "Qu'est-ce qu'ils proposent pour les résidences secondaires ?",
        "x",
        "fr",
        topic=("résidences", "secondaires"),
        answer_type="proposal",
    )
    assert judge.judge(q, [_passage(texts[0])]).reason == "missing_fact"
    told = _passage("Il faut limiter les résidences secondaires avec une taxe plus forte.")
    assert judge.judge(q, [told]).answerable


def test_why_an_event_happened_is_answered_only_by_a_reason_given() -> None:
    """« Pour quelle raison les conseillers … étaient-ils absents ? »: "Apologies for their
    inability to attend were received" says they were absent, not why."""
    texts = [
        "Apologies for their inability to attend were received from Councillors Gilligan and Leddin.",
        "The Mayor thanked the staff.",
        "The meeting ended at noon.",
    ]
    judge = _judge_over(texts, 0.5, lang="en")
    q = Query(
        "Why were Councillors Gilligan and Leddin unable to attend?",
        "x",
        "en",
        topic=("gilligan", "leddin", "unable", "attend"),
        names=("Gilligan", "Leddin"),
        answer_type="reason",
    )
    assert judge.judge(q, [_passage(texts[0], speaker="")]).reason == "missing_fact"
    told = _passage("Councillors Gilligan and Leddin were unable to attend because of a funeral.", speaker="")
    assert judge.judge(q, [told]).answerable


def test_a_name_asked_is_looked_for_in_the_sentences_most_about_the_question() -> None:
    """ "Which towns lost their councils, according to A?": judged on A's own words, a name in a
    sentence sharing one word with the question (Ukraine) does not answer when another sentence
    is about it and names no town."""
    texts = [
        "Les villes regardent vers l'Ukraine. Les conseils municipaux ont perdu leurs pouvoirs en mars.",
        "Le budget des collectivités est contraint.",
        "Rien à voir avec le reste.",
    ]
    judge = _judge_over(texts, min_support=0.2)
    asked = Query(
        "Quelles villes ont perdu leurs conseils municipaux, selon A ?",
        "x",
        "fr",
        kind="speaker_topic",
        speakers=("A",),
        topic=("villes", "perdu", "conseils", "municipaux"),
        answer_type="name",
    )
    own = [Chunk(text=texts[0], source="d.md", speaker="A", block="statement")]
    verdict = judge.judge(asked, [_passage(texts[0])], own)
    assert not verdict.answerable and verdict.reason == "missing_fact", verdict
    named = (
        "Les villes regardent vers l'Ukraine. Les conseils municipaux de Sfax et de Sousse ont perdu leurs pouvoirs."
    )
    own = [Chunk(text=named, source="d.md", speaker="A", block="statement")]
    assert judge.judge(asked, [_passage(named)], own).answerable


def test_a_short_quote_goes_on_with_the_sentence_about_its_subject() -> None:
    """« L'indice grimpe. Il est à son plus haut niveau en sept ans. »: the second sentence says
    what of it; a sentence about something else, or a long quote, is left out."""
    from qa.answerers.extractive import ExtractiveAnswerer

    text = "L'indice de l'offre d'emploi grimpe. Il est à son plus haut niveau en sept ans. Le chômage baisse."
    chunk = Chunk(text=text, source="d.md", speaker="A", block="statement")
    units = ["L'indice de l'offre d'emploi grimpe.", "Il est à son plus haut niveau en sept ans.", "Le chômage baisse."]
    assert ExtractiveAnswerer._with_next(chunk, units, 0, units[0]) == " ".join(units[:2])
    assert ExtractiveAnswerer._with_next(chunk, units, 1, units[1]) == units[1]  # "Le chômage" is no pronoun
    programme = Chunk(text=text, source="d.md", block="programme")
    assert ExtractiveAnswerer._with_next(programme, units, 0, units[0]) == units[0]


def test_a_name_asked_needs_a_sentence_about_more_than_the_names_the_question_gives() -> None:
    """ "Qui a marqué les buts des Bleus contre l'Irlande ?": a sentence naming someone beside
    « l'Irlande » and nothing of goals does not answer; one that says who scored does."""
    # (the names are rare, the other words common: the names alone weigh most of the question)
    texts = ["Les Bleus affrontent l'Irlande ce soir avec Antoine Grognet en direct."] + [
        f"Les buts ont été marqués, match {i}." for i in range(12)
    ]
    judge = _judge_over(texts, min_support=0.3, proper=frozenset({"bleus", "irlande"}))
    asked = Query(
        "Qui a marqué les buts des Bleus contre l'Irlande ?",
        "x",
        "fr",
        topic=("marqué", "buts", "bleus", "irlande"),
        names=("Bleus", "Irlande"),
        answer_type="name",
    )
    verdict = judge.judge(asked, [_passage(texts[0])])
    assert not verdict.answerable, verdict
    scored = "Les Bleus battent l'Irlande : Olivier Giroud a marqué les deux buts."
    assert judge.judge(asked, [_passage(scored)]).answerable


def test_a_first_line_of_code_is_no_document_name() -> None:
    """Messages name a document by its title, unless the "title" is a program's first line (a
    Hansard pasted into a script): then by its file name."""
    from qa.assistant import _document_name

    assert _document_name("import streamlit as st from sentence_transformers import Model", "sg.txt") == "sg.txt"
    assert _document_name("const HANSARD = { items: [] };", "sg.txt") == "sg.txt"
    title = "Journal en francais facile 28/05/2018 20h00 GMT"
    assert _document_name(title, "rfi.md") == title


def test_a_name_written_by_its_initials_covers_its_words() -> None:
    """ "Which members went after the Democratic Alliance?" over a Hansard that writes "the DA":
    the passages naming the DA answer (the name's words count as held), the others do not."""
    texts = [
        "Down with the DA! The DA is becoming more right-wing.",
        "The ANC has delivered houses and water.",
        "Order! Order!",
    ]
    matcher = _matcher_over(texts, "en", proper=frozenset({"democratic", "alliance"}))
    q = Query(
        "Which members used their statements to go after the Democratic Alliance?",
        "x",
        "en",
        kind="who_spoke",
        topic=("democratic", "alliance"),
        names=("Democratic Alliance",),
    )
    verdict = Judge(matcher, 0.35).judge(q, [_passage(texts[1], "B"), _passage(texts[0], "C")])
    assert verdict.answerable and verdict.answering is not None and "DA" in verdict.answering.text
    assert not Judge(matcher, 0.35).judge(q, [_passage(texts[1], "B")]).answerable


def test_the_name_of_someone_the_record_calls_only_by_office_is_not_given() -> None:
    """« Comment se nomme celui qui préside ? » of a chair called « Monsieur le Président »: the
    document does not give the name; who presides, it does."""
    from qa.core.roles import unnamed

    assert unnamed("Monsieur le Président") and unnamed("The Speaker") and unnamed("Q (unnamed reporters)")
    assert unnamed("Monsieur le Secrétaire général")
    assert not unnamed("Lady Hallett") and not unnamed("Bonin") and not unnamed("S. Jayakumar")
    matcher = _matcher_over(["Je propose une suspension de séance."])
    q = Query("Comment se nomme celui qui préside ?", "x", "fr", kind="who_is", speakers=("Monsieur le Président",))
    named = dataclasses.replace(q, answer_type="name")
    verdict = Judge(matcher, 0.35).judge(named, [])
    assert (verdict.answerable, verdict.reason) == (False, "missing_fact")
    assert Judge(matcher, 0.35).judge(q, []).answerable
    assert Judge(matcher, 0.35).judge(dataclasses.replace(named, speakers=("Bonin",)), []).answerable


def test_a_year_in_two_figures_as_said() -> None:
    from qa.answerability import has_fact

    assert has_fact("year", "l'avionneur familial, dont il prendra les commandes en 87. Pour vendre")
    assert has_fact("year", "He took over back in '87.")
    assert not has_fact("year", "Il a écrit en 87 pages son rapport.")
    assert not has_fact("year", "Il y a 87 membres.")


def test_a_role_complement_is_translated_with_a_wider_margin(tmp_path: Path) -> None:
    """ "travail" is nearest "work" (0.932) in an English Hansard, "labour" a little further
    (0.910): too far for the question's words at large, near enough for a role's complement,
    which is matched against the few speakers' roles ("the Minister for Labour")."""
    import numpy as np

    from qa.bridge import ROLE_MARGIN, TermBridge
    from vectorstore.vocab import Vocabulary

    def unit(v: list[float]) -> np.ndarray:
        a = np.asarray(v, dtype=np.float32)
        return a / np.linalg.norm(a)

    vectors = {"travail": unit([1.0, 0.0, 0.0])}

    class Fake:
        def embed_query(self, text: str) -> list[float]:
            return vectors[text].tolist()

    vocab = Vocabulary(tmp_path, Fake())  # type: ignore[arg-type]
    vocab._loaded = True
    # cosines to "travail": work 0.932, labour 0.910, table 0.5
    rows = {"work": 0.932, "labour": 0.910, "table": 0.5}
    vocab.words = list(rows)
    vocab.matrix = np.stack([unit([c, (1 - c * c) ** 0.5, 0.0]) for c in rows.values()]).astype(np.float32)
    bridge = TermBridge(vocab, Fake())  # type: ignore[arg-type]
    assert bridge.translations("travail") == ("work",)
    assert bridge.translations("travail", ROLE_MARGIN) == ("work", "labour")
    assert bridge.translations("travail") == ("work",)  # each margin cached apart


def test_a_page_number_after_a_dotted_leader_counts_nothing() -> None:
    """ "How many members were present?": a table of contents' line ("… membre du Collège ..... 24")
    gives a page, not a count."""
    assert not has_fact("number", "réponses de M. Eric Tomas, membre du Collège ..... 24")
    assert not has_fact("number", "Questions orales . . . . . 12")
    assert has_fact("number", "Il y avait 24 membres présents.")


def test_what_is_still_to_come_or_planned_tells_no_outcome_nor_what_happened() -> None:
    """ "What was the outcome of that vote the next day?": a record made the evening before says
    only that it will take place; « Quand l'application a-t-elle effectivement été mise en service ? »
    is not answered by the day it was planned for."""
    outcome = frozenset({"outcome", "vote", "next", "day"})
    assert not has_fact("later", "This vote will likely occur tomorrow morning.", outcome)
    assert not has_fact("later", "That is really what the vote tomorrow is about.", outcome)
    assert has_fact("later", "The next day the House rejected the resolution.", outcome)
    # without an outcome asked, what is to come the next day still answers what came after
    assert has_fact("later", "The vote will take place tomorrow.", frozenset({"vote", "next", "day"}))
    realised = frozenset({"application", "effectivement", "mise", "service"})
    planned = "Sa mise à disposition est prévue le 2 juin prochain."
    assert not has_fact("date", planned, realised)
    assert has_fact("date", planned, frozenset({"application", "mise", "service"}))
    assert has_fact("date", "Elle a été mise en service le 2 juin.", realised)
    # nor is a count that really happened answered by the target set for it
    done = frozenset({"tests", "reellement", "effectues", "semaine"})
    target = "L'objectif fixé est d'effectuer 700 000 tests virologiques par semaine."
    assert not has_fact("number", target, done)
    assert has_fact("number", target, frozenset({"tests", "effectues", "semaine"}))


def test_a_date_is_near_its_subject_in_words_that_carry_meaning() -> None:
    """« … la ville allemande de Heidelberg a été impulsé par un groupe de jeunes en 1950 »: ten
    words apart, but five that mean something; a year after twelve of those dates something else."""
    texts = [
        "Un des premiers jumelages de la ville avec la ville allemande de Heidelberg a été impulsé par un groupe de jeunes en 1950.",
        "Autre chose.",
    ]
    matcher = _matcher_over(texts)
    q = Query("x", "x", "fr", topic=("jumelage", "allemande"), answer_type="year")
    assert Judge(matcher, 0.3).judge(q, [_passage(texts[0])]).answerable
    far = (
        "Le jumelage avec la ville allemande reste vivant, porté depuis des décennies par des associations "
        "citoyennes nombreuses, des écoles, des clubs sportifs, des orchestres et des familles qui ont "
        "accueilli chaque été des jeunes venus en 1950."
    )
    assert not Judge(_matcher_over([far, "Autre chose."]), 0.3).judge(q, [_passage(far)]).answerable


def test_a_name_given_as_an_example_is_not_required() -> None:
    """ "What do the H and the N stand for in flu names like H1N1?": the answer explains the
    letters without naming H1N1; a name asked about is still required."""
    from qa.answerability import _exemplified

    assert _exemplified("what do the H and the N stand for in flu names like H1N1?", "H1N1")
    assert _exemplified("Des villes comme Lyon ont-elles aidé ?", "Lyon")
    assert not _exemplified("Qu'a fait Lyon pour des villes comme Kyiv ?", "Lyon")
    texts = ["The H is hemagglutinin, and the N is neuraminidase, in flu names.", "The budget is large."]
    matcher = _matcher_over(texts, "en")
    asked = "What do the H and the N stand for in flu names like H1N1?"
    example = Query(asked, asked, "en", topic=("flu", "names", "hemagglutinin"), names=("H1N1",))
    assert Judge(matcher, 0.5).judge(example, [_passage(texts[0])]).answerable
    named = dataclasses.replace(example, text="What is H1N1 in flu names?")
    assert not Judge(matcher, 0.5).judge(named, [_passage(texts[0])]).answerable


def test_a_witness_s_answer_is_about_the_question_put_to_them() -> None:
    """A hearing: counsel asks what the letters stand for, the witness answers without repeating
    the question's words; their turn is about it. The same turn after a statement is not."""
    texts = ["The H is hemagglutinin, and the N is neuraminidase.", "What does the lettering of flu names indicate?"]
    matcher = _matcher_over(texts, "en")
    q = Query("x", "x", "en", kind="speaker_topic", topic=("lettering", "flu", "names"), speakers=("A",))
    answer = _passage(texts[0], speaker="A")
    asked = Judge(matcher, 0.5, context=lambda c: "Hearing\nMr Keith\nWhat does the lettering of flu names indicate?")
    assert asked.judge(q, [answer], [answer.chunk]).answerable
    stated = Judge(matcher, 0.5, context=lambda c: "Hearing\nMr Keith\nThe lettering of flu names is known.")
    assert not stated.judge(q, [answer], [answer.chunk]).answerable


def test_what_someone_does_for_a_living_is_said_in_their_words_beyond_their_role() -> None:
    """« il fait quoi dans la vie ? » of a list's head: the line that gives the role, then
    where they say what they do (« Je suis directeur d'une association… »); « Qui est-il ? » the
    role line alone."""
    from qa.answerers.base import AnswerRequest
    from qa.answerers.extractive import ExtractiveAnswerer
    from qa.core.settings import AnswerSettings
    from qa.core.types import SpeakerInfo

    texts = [
        "Bonsoir, je suis Florent Lardic, je suis la tête de liste.",
        "Nous avons un programme. Je suis directeur d'une association qui s'appelle Terres en Ville.",
    ]
    passages = [
        Passage(Chunk(text=t, source="d.md", speaker="Florent Lardic", block="statement", position=i), 0.0, i + 1)
        for i, t in enumerate(texts)
    ]
    facts = [SpeakerInfo("Florent Lardic", "la tête de liste", "", "speaker")]
    answerer = ExtractiveAnswerer(AnswerSettings(), lambda: _matcher_over(texts))

    def picks(question: str) -> list[str]:
        q = Query(question, question, "fr", kind="who_is", speakers=("Florent Lardic",))
        return [s for _, s in answerer.who_is(AnswerRequest(q, passages, facts=facts))]

    living = picks("La tête de liste, il fait quoi dans la vie ?")
    assert living == [texts[0], "Je suis directeur d'une association qui s'appelle Terres en Ville."], living
    assert picks("Qui est la tête de liste ?") == ["Bonsoir, je suis Florent Lardic, je suis la tête de liste."]
