"""Question analysis (qa/query.py) on a speaker table: who, what kind, what about, follow-ups."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import pytest

from qa.bridge import similar
from qa.core.roles import role_mentions
from qa.core.text import fold
from qa.core.types import SpeakerInfo
from qa.query import QueryAnalyzer, _char_similarity, _plain_trigrams

SPEAKERS = [
    SpeakerInfo(
        "François Rebsamen",
        "Président de Cités Unies France, Maire de Dijon et Président de Dijon Métropole",
        "Ouverture",
        "speaker",
        3,
    ),
    SpeakerInfo("Virginie Rouquette", "Directrice générale de Cités Unies France", "Session 1", "moderator"),
    SpeakerInfo("Simoné Giovetti", "Chef du Service International à Cités Unies France", "Session 2", "moderator"),
    SpeakerInfo("François Grünwald", "Directeur veille et anticipation du groupe URD", "Session 3", "moderator"),
    SpeakerInfo("Anne Louyot", "Ambassadrice de France en Arménie", "Session 2", "speaker", 2),
    SpeakerInfo("Bertrand Gallet", "Président de ACTED", "Session 3", "speaker", 3),
    SpeakerInfo("Grégory Doucet", "Maire de Lyon", "Session 1", "speaker", 2),
    SpeakerInfo("Patrice Leclerc", "Maire de Gennevilliers", "Session 2", "speaker", 2),
    SpeakerInfo("François Hollande", "Ancien Président de la République française", "Ouverture", "grand témoin", 2),
    SpeakerInfo("Sina Schlimmer", "Responsable de programme à l'IFRI", "Conclusions", "observer", 8),
    SpeakerInfo("Lorenzo Kihlgren Grandi", "Directeur de City Diplomacy Lab", "Conclusions", "observer", 4),
    SpeakerInfo("Benedetta Oddo", "Coordinatrice de l'Initiative de Nicosie", "Session 3", "grand témoin", 3),
]
PARTS = ["Introduction", "Programme", "Ouverture", "Session 1", "Session 2", "Session 3", "Conclusions"]


def _translations(word: str) -> tuple[str, ...]:
    # What the embedder's word vectors give (qa/bridge.py); a fake here, for the words used below.
    return {"french": ("France", "française"), "armenia": ("Arménie",), "nicosia": ("Nicosie",)}.get(word.lower(), ())


@pytest.fixture
def analyzer() -> QueryAnalyzer:
    return QueryAnalyzer(SPEAKERS, PARTS, translate=_translations)


@pytest.mark.parametrize(
    ("question", "kind", "speakers"),
    [
        ("Que dit François Rebsamen ?", "speaker_summary", ("François Rebsamen",)),
        ("What did Rebsamen say?", "speaker_summary", ("François Rebsamen",)),
        ("Résume l'intervention de Bertrand Gallet.", "speaker_summary", ("Bertrand Gallet",)),
        ("Summarize the remarks of Anne Louyot", "speaker_summary", ("Anne Louyot",)),
        ("Qui est Sina Schlimmer ?", "who_is", ("Sina Schlimmer",)),
        # a position on something is a stance, not a post
        ("What was Sina Schlimmer's position on decentralised cooperation?", "speaker_topic", ("Sina Schlimmer",)),
        ("What is Sina Schlimmer's position?", "who_is", ("Sina Schlimmer",)),
        # how someone is introduced is who they are
        ("How does the moderator introduce Sina Schlimmer to the audience?", "who_is", ("Sina Schlimmer",)),
        ("Comment Sina Schlimmer est-elle présentée ?", "who_is", ("Sina Schlimmer",)),
        ("Who is the mayor of Lyon?", "who_is", ("Grégory Doucet",)),
        ("Qui animait la session 2 ?", "who_is", ("Simoné Giovetti",)),
        # a colloquium's session is chaired by its moderator (a sitting, by its president)
        ("Who chaired the second session, the one on autonomy?", "who_is", ("Simoné Giovetti",)),
        ("Who were the observers of the conclusions?", "who_is", ("Sina Schlimmer", "Lorenzo Kihlgren Grandi")),
        ("Que dit François Rebsamen du rôle des collectivités ?", "speaker_topic", ("François Rebsamen",)),
        ("What did the French ambassador to Armenia say about the war?", "speaker_topic", ("Anne Louyot",)),
        (
            "What did the former French president say about authoritarian regimes?",
            "speaker_topic",
            ("François Hollande",),
        ),
        ("Qu'a dit le représentant d'ACTED sur les ONG ?", "speaker_topic", ("Bertrand Gallet",)),
        # the verb « représente » is no feminine noun (« la représentante »): any holder, man or woman
        ("Qui représente la ville de Lyon ?", "who_is", ("Grégory Doucet",)),
        ("Quels intervenants ont évoqué la guerre en Ukraine ?", "who_spoke", ()),
        ("Which speakers mentioned Syria?", "who_spoke", ()),
        # A fronted adverbial before "which people" still asks who spoke.
        ("After the opening, which speakers mentioned Syria?", "who_spoke", ()),
        ("Lors de la session 2, quels intervenants ont évoqué la Syrie ?", "who_spoke", ()),
        ("À quelle heure commençait la session 3 ?", "programme", ()),
        ("Où s'est tenu le colloque ?", "programme", ()),
        # Who, among the mayors, spoke of it: the candidates are the role's holders.
        (
            "Quels maires ont parlé de la guerre ?",
            "who_spoke",
            ("François Rebsamen", "Grégory Doucet", "Patrice Leclerc"),
        ),
        ("Qu'est-ce que la diplomatie des territoires ?", "topic", ()),
    ],
)
def test_kinds_and_speakers(analyzer: QueryAnalyzer, question: str, kind: str, speakers: tuple[str, ...]) -> None:
    q = analyzer.analyze(question)
    assert (q.kind, q.speakers) == (kind, speakers), q


@pytest.mark.parametrize(
    ("question", "unknown", "nearest"),
    [
        ("Qu'a dit le maire de Marseille ?", "maire Marseille", "Grégory Doucet"),
        ("What did the mayor of Marseille say about the war?", "mayor Marseille", "Patrice Leclerc"),
        ("Quel maire tunisien a parlé des conseils municipaux ?", "maire tunisien", "François Rebsamen"),
        ("Qu'a dit le rapporteur ?", "rapporteur", ""),
        ("Que dit Jean Dupont de la crise ?", "Jean Dupont", ""),
        # The subject is a minister nobody is, not the speaker the question names as its object.
        ("What did the Minister of the Interior answer Bertrand Gallet?", "minister Interior", ""),
        # ... asked as what their answer was, the subject inverted with its pronoun
        ("Quelle réponse le ministre de l'Intérieur a-t-il apportée à Bertrand Gallet ?", "ministre Intérieur", ""),
        ("What answer did the Minister of the Interior give to Bertrand Gallet?", "minister Interior", ""),
        # The subject of a verb of speech, whatever the question's form.
        ("Did Anne Hidalgo explain how Paris handles its partnerships?", "Anne Hidalgo", ""),
        ("What evidence did Toby Mason give about the strategy?", "Toby Mason", ""),
        ("Quels arguments Paul Loridant a-t-il développés en séance ?", "Paul Loridant", ""),
        # (a verb ending in -d inverts without « -t- »: « défend-il »)
        ("Quelle position Olivier Rouault défend-il dans sa conversation avec Gallet ?", "Olivier Rouault", ""),
        # an office of the State is not held by whoever holds another office in the same place
        ("Quel est l'avis du préfet de Lyon sur l'action extérieure ?", "prefet Lyon", "Grégory Doucet"),
        # the person asked about is before the relative clause, not whom it names
        ("Who is the minister who praised Bertrand Gallet?", "minister", ""),
        # "office" is a word of its own, no typo of "officer"
        ("Which remarks came from the Paris mayor's office during the day?", "mayor Paris", ""),
        ("Qu'est-ce que Mike Brock raconte de la semaine de hack ?", "Mike Brock", ""),
        # The pronoun's antecedent is the name the question opens with.
        ("Prasad gets the floor at the end - what does he argue about reform?", "Prasad", ""),
    ],
)
def test_a_person_or_role_nobody_holds_is_unknown(
    analyzer: QueryAnalyzer, question: str, unknown: str, nearest: str
) -> None:
    q = analyzer.analyze(question)
    assert q.speakers == () and q.unknown == unknown, q
    assert not nearest or nearest in q.nearest


def test_a_place_a_question_opens_with_is_no_unknown_person(analyzer: QueryAnalyzer) -> None:
    """ "Ukraine came up often - what did they say about it?": "they" are the speakers."""
    q = analyzer.analyze("Ukraine came up often - what did they say about it?")
    assert q.unknown == ""


def test_a_role_in_the_plural_is_a_topic_not_an_unknown_person(analyzer: QueryAnalyzer) -> None:
    q = analyzer.analyze("What benefits does exchange bring to elected officials?")
    assert q.unknown == "" and q.speakers == ()


def test_what_someone_did_is_no_question_about_their_words(analyzer: QueryAnalyzer) -> None:
    """Only a verb of speech makes the person its subject someone whose words are asked for: what
    a person not speaking did may be told by those who do."""
    assert analyzer.analyze("What changes did Joe Biden make to the law?").unknown == ""
    # A speaker's own name in the same form is that speaker.
    assert analyzer.analyze("Did Anne Louyot explain the partnerships?").speakers == ("Anne Louyot",)


def test_a_role_after_a_possessive_is_nobody_asked_about(analyzer: QueryAnalyzer) -> None:
    """ "in their member's statement": anyone's; "the mayor of Marseille" is someone."""
    q = analyzer.analyze("Who referred to the upcoming vote in their member's statement?")
    assert (q.kind, q.unknown) == ("who_spoke", ""), q


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Lesquels des orateurs font le lien entre la pandémie et les crises ?", "who_spoke"),
        ("Which of the speakers linked the pandemic to today's crises?", "who_spoke"),
        # the position someone holds, asked with no subject, is the gist of what they said
        ("En gros, quelle est la thèse défendue par Anne Louyot dans sa communication ?", "speaker_summary"),
        ("What is Anne Louyot's stance on Armenia?", "speaker_topic"),
    ],
)
def test_which_speakers_and_whose_position(analyzer: QueryAnalyzer, question: str, kind: str) -> None:
    q = analyzer.analyze(question)
    assert q.kind == kind, q
    assert "gros" not in q.topic  # « en gros »: how long the answer should be


def test_a_place_alone_is_a_topic_not_its_mayor(analyzer: QueryAnalyzer) -> None:
    assert analyzer.analyze("Combien d'habitants compte Dijon ?").speakers == ()
    assert analyzer.analyze("What did the mayor of Dijon say?").speakers == ("François Rebsamen",)


@pytest.mark.parametrize(
    ("question", "answer_type"),
    [
        ("Combien de crises par an ACTED gérait-il en 2000 ?", "number"),
        ("How much did ACTED raise after the earthquake?", "money"),
        ("Quel est le budget annuel de Cités Unies France ?", "money"),
        ("Combien de crises par an ?", "number"),
        ("À quelle heure commençait la session 3 ?", "time"),
        ("So were new municipal elections held after that, and when?", "date"),  # a "when" ending it
        ("Et quand ?", "date"),
        ("En quelle année l'Initiative de Nicosie a-t-elle été lancée ?", "year"),
        ("In what year did he predict it?", "year"),
        ("Did he give a death toll for the blast?", "number"),
        ("Quelle formule cite-t-il entre guillemets ?", "quote"),
        ("What was the final score of the match?", "number"),
        ("À quelle date l'Initiative de Nicosie a-t-elle été lancée ?", "date"),
        ("Which Libyan cities take part in the initiative?", "name"),
        ("Which French local authorities did she name as partners?", "name"),
        ("What were the names of the hospitals where patients died?", "name"),
        ("Which newspaper did he own?", "name"),
        # a relative clause is no question: "a diplomacy in which cities set norms"
        ("He described a diplomacy in which cities set norms. What did he say of it?", ""),
        ("When is the Senate expected to vote on the bill?", "date"),
        ("When did the Senate vote on the bill?", "date"),
        # who did something (not who said it) is a name the text gives
        ("Qui a marqué les buts des Bleus contre l'Irlande ?", "name"),
        ("Who scored the goals against Ireland?", "name"),
        # "in", "at", "do", "can" are no stems of speech: these are still deeds
        ("Who attacked the convoy near Goris?", "name"),
        ("Who increased the grant to the cities?", "name"),
        ("Who donated the ambulances?", "name"),
        ("Who cancelled the visit to Yerevan?", "name"),
        # a work asked for is its title (not « quel rapport avec », a relation)
        ("Quel ouvrage Audrey Tang est-elle venue présenter ?", "title"),
        ("Which book did Saskia Sassen come to present?", "title"),
        # how many opposed or abstained is a count of votes
        ("Combien de membres se sont opposés à la composition du Bureau ?", "tally"),
        ("How many members abstained on the motion?", "tally"),
        # a figure asked in the imperative
        ("Give me the attendance figure for the July 2023 conference.", "number"),
        ("Donnez-moi le nombre de villes partenaires de l'initiative.", "number"),
        ("Qui a évoqué la guerre en Ukraine ?", ""),
        ("Who brings up the cypherpunks in this episode?", ""),
        ("Quels sont les noms des villes partenaires ?", "name"),
        ("What borrowing ceiling does the bill set?", "number"),
        ("Quel plafond d'emprunt la loi fixe-t-elle ?", "number"),
        # the asked noun is « engagement »; « la banque » is the verb's subject, no name asked
        ("Quel engagement la banque a-t-elle pris envers Bruxelles, selon Rebsamen ?", ""),
        ("Quel engagement les villes ont-elles pris, selon Rebsamen ?", ""),
        ("And when, in his view, should the State step aside?", ""),  # "when" as "in what case"
        ("Que dit Rebsamen des crises ?", ""),
        # how a vote went: its result, a count of voters, whether a text was carried
        ("Quel a été le résultat du vote sur la motion ?", "vote"),
        ("What was the outcome of the vote on the amendment?", "vote"),
        ("How many senators voted to advance the bill?", "tally"),
        ("Combien de députés ont voté pour la résolution ?", "tally"),
        ("Was the motion on the report carried?", "vote"),
        ("La motion a-t-elle été adoptée ?", "vote"),
        ("Who did she say people should vote for?", ""),
        ("The ambassador said the fault lay in a particular period. Which years?", "year"),
        ("At what hour did the session start?", "time"),
        ("De quand date la séance sur la Syrie ?", "date"),
        ("Sina Schlimmer, elle a quel âge ?", "age"),
        ("At what age did Gallet found ACTED?", "age"),
        ("How far did Gallet travel to reach Erevan?", "number"),
        ("Quand aura lieu la prochaine réunion ?", "date"),
        ("Were any questions from the floor recorded for session 2?", "floor"),
        ("Quelles questions la salle a-t-elle posées après la session 2 ?", "floor"),
        ("What did Gallet say about the questions of the NGOs?", ""),
        ("What did Gallet say about questions of public health?", ""),
        ("Did the House end up tabling the resolution the next morning?", "later"),
        ("Au final, le Conseil constitutionnel a-t-il validé la réforme ?", "later"),
        ("Quelle journée de mobilisation est prévue le lendemain ?", ""),
        ("Why do local authorities end up on the front line?", "reason"),  # why, not what came after
        # the slot of the programme an hour fills
        ("Sur quel créneau horaire se tenaient les conclusions ?", "time"),
        ("Which time slot was session 2 given?", "time"),
        # a date or a figure asked for by the verb that would give it
        ("And did he give a date for the hearing?", "date"),
        ("A-t-elle fixé une date pour le vote ?", "date"),
        ("Quel volume d'émissions Rebsamen a-t-il chiffré ?", "number"),
        ("À quel niveau le texte plafonne-t-il les émissions ?", "number"),
        ("À quel niveau le texte plafonne-t-il la dette ?", "money"),
        ("À quel niveau de gouvernement agit la ville ?", ""),  # a level that is no figure
        # a name asked for by « comment s'appelait »
        ("Et comment s'appelait l'officier dont il a parlé ?", "name"),
        ("What was the town called?", "name"),
        # a vote's majority, a result in figures, a match's final result, an allowance
        ("Le rejet de l'amendement s'est fait à quelle majorité, en chiffres ?", "number"),
        ("Quel a été le résultat à la fin de la rencontre ?", "number"),
        ("Et quelle indemnité annuelle est attachée à cette fonction ?", "number"),
        # when a past event happened, asked in the passive
        ("Et quand le dossier a-t-il été transmis au parquet ?", "date"),
        ("When was the file sent to the courts?", "date"),
        ("Quand a-t-il été question de la Syrie ?", ""),
        # why something was not proposed asks a reason, not a proposal (of a speaker: their
        # reasoning, whatever its words)
        ("Pourquoi le gouvernement n'a-t-il pas proposé un référendum ?", "reason"),
        ("Pourquoi Rebsamen n'a pas proposé un référendum ?", ""),
        ("Qu'a proposé Rebsamen pour les villes ?", "proposal"),
        # how someone voted; a name asked for outright; schools have names
        ("Comment Doucet, le maire de Lyon, a-t-il voté sur le plan ?", "vote"),
        ("Which school was Doucet referring to? I need the name of the school.", "name"),
        # a name asked for by « comment se nomme »
        ("Comment se nomme celui qui préside la séance ?", "name"),
        # a court is a named thing
        ("Devant quel tribunal l'affaire doit-elle être entendue ?", "name"),
        ("Which court will hear the case?", "name"),
        # where a speaker stands: a view they state (not what nobody in particular thinks)
        ("Where does Rebsamen stand on the Nicosia Initiative?", "view"),
        ("Quelle est la position de Rebsamen sur l'Initiative de Nicosie ?", "view"),
        ("Que pense Rebsamen de l'Initiative de Nicosie ?", "view"),
        ("Who is for or against the sanctions?", ""),
        # a figure asked in any tense, and a print run is a figure
        ("Quel sera le coût de la nouvelle école ?", "money"),
        ("Quel a été le tirage exact de l'ouvrage ?", "number"),
        ("What will be the cost of the new school?", "money"),
        ("What was the print run of the book?", "number"),
    ],
)
def test_answer_types(analyzer: QueryAnalyzer, question: str, answer_type: str) -> None:
    assert analyzer.analyze(question).answer_type == answer_type


def test_names_the_answer_must_hold_are_not_the_speakers_own(analyzer: QueryAnalyzer) -> None:
    q = analyzer.analyze("Qu'a dit Anne Louyot du rôle de l'Azerbaïdjan dans le conflit ?")
    assert q.names == ("Azerbaïdjan",)
    # "Nicosia" is in the coordinator's role ("Initiative de Nicosie"): it says who, not what.
    q = analyzer.analyze("What did the coordinator of the Nicosia Initiative say about Libya's elections in 2012?")
    assert q.speakers == ("Benedetta Oddo",)
    assert "2012" in q.names and "Libya" in q.names and not any("Nicosia" in n for n in q.names)
    assert "libya" in q.topic  # topic words are lower case, as the stemmer wants them


def test_the_part_of_the_day_and_from_are_no_topic_of_an_hour_asked(analyzer: QueryAnalyzer) -> None:
    q = analyzer.analyze("À partir de quelle heure les participants étaient-ils accueillis le matin ?")
    assert "matin" not in q.topic and "partir" not in q.topic and "accueillis" in q.topic
    # asked of something else, the morning is what it is about
    assert "matin" in analyzer.analyze("Qu'a dit Rebsamen du matin des élections ?").topic


def test_topic_words_say_what_not_who(analyzer: QueryAnalyzer) -> None:
    # Named by role, the role's words say who; named by name, a role word may be the topic.
    by_role = analyzer.analyze("Que dit l'ambassadrice de France en Arménie de l'Ukraine ?")
    assert by_role.topic == ("ukraine",)
    by_name = analyzer.analyze("Que dit Anne Louyot de l'Arménie ?")
    assert by_name.topic == ("arménie",) and by_name.kind == "speaker_topic"


@pytest.mark.parametrize(
    ("history", "question", "speakers", "refers_back"),
    [
        (
            ["Que dit l'ambassadrice de France en Arménie ?"],
            "Et qu'a-t-elle dit de l'Ukraine ?",
            ("Anne Louyot",),
            True,
        ),
        (["What did Bertrand Gallet say?"], "And what about humanitarian aid?", ("Bertrand Gallet",), True),
        # A question that names its own subject ignores the conversation.
        (["Que dit François Rebsamen ?"], "Qui animait la session 2 ?", ("Simoné Giovetti",), False),
        (["Que dit l'ambassadrice de France en Arménie ?"], "Que dit-on de la coopération décentralisée ?", (), False),
        (
            ["Que dit l'ambassadrice de France en Arménie ?"],
            "Que dit Bertrand Gallet des ONG ?",
            ("Bertrand Gallet",),
            False,
        ),
        # "And session 3?" after "Who moderated session 2?": the same role, in the new part.
        (["Who moderated session 2?"], "And session 3?", ("François Grünwald",), True),
    ],
)
def test_follow_ups_use_the_conversation_only_when_they_refer_back(
    analyzer: QueryAnalyzer, history: list[str], question: str, speakers: tuple[str, ...], refers_back: bool
) -> None:
    q = analyzer.analyze(question, history)
    assert (q.speakers, q.refers_back) == (speakers, refers_back), q
    if q.speaker_source == "history":
        assert q.kind == "speaker_topic"


def test_role_lexicon_finds_forms_in_both_languages() -> None:
    found = {(m.canonical, m.form) for m in role_mentions("Le maire et l'ambassadrice ont reçu the former Senator")}
    assert {("maire", "maire"), ("ambassadeur", "ambassadrice"), ("senateur", "senator")} <= found
    assert all(not m.plural for m in role_mentions("la sénatrice"))
    assert all(m.plural for m in role_mentions("les maires"))


def test_the_speaker_of_a_parliament_is_its_chair_and_speakers_are_anyone() -> None:
    """ "What did the Speaker reply?" names the presiding officer (who may never speak: then
    nobody matches); "which speakers…" names anyone who spoke."""
    assert [m.canonical for m in role_mentions("What did the Speaker reply to Mr Tan?")] == ["president"]
    assert [m.canonical for m in role_mentions("Did Madam Speaker rule on it?")] == ["president"]
    assert role_mentions("Which speakers mentioned the budget?") == []
    q = QueryAnalyzer(OTHER_SPEAKERS, [], frozenset()).analyze("What did the Speaker reply to Sanders?")
    assert q.unknown and q.speakers == ()


# --- transcripts of other layouts: hearings, minutes, briefings, speech-to-text -------------------
OTHER_SPEAKERS = [
    SpeakerInfo(
        "Michael Hourigan", "outgoing Mayor", "", "speaker", 5, aliases=("Mayor Hourigan", "The outgoing Mayor")
    ),
    SpeakerInfo("C. O’Connor", "Meetings Administrator", "", "speaker", 3, aliases=("The Meetings Administrator",)),
    SpeakerInfo("Sean Lynch", "incoming Mayor", "", "speaker", 12, aliases=("Mayor Lynch", "The Mayor")),
    SpeakerInfo("Matthew McConaughey", "", "", "speaker", 6),
    SpeakerInfo("Carine Thomas", "aide-soignante", "", "speaker", 2),
    SpeakerInfo("L K Joubert", "IFP", "", "speaker", 1),
    SpeakerInfo("C Aucamp", "NA", "", "speaker", 1),
    SpeakerInfo("Sanders", "Vermont", "", "speaker", 2),
]


@pytest.fixture
def other() -> QueryAnalyzer:
    return QueryAnalyzer(OTHER_SPEAKERS, [], frozenset({"hourigan", "mayor"}))


@pytest.mark.parametrize(
    ("question", "speakers", "unknown"),
    [
        # Typographic apostrophes in the table, straight ones in the question, or the reverse.
        ("Who is C. O'Connor?", ("C. O’Connor",), ""),
        # A role label among the aliases does not make "meetings" a name.
        ("What rules for council meetings did the new Mayor announce?", ("Sean Lynch",), ""),  # the incoming one
        # Another person sharing a first name, or a surname.
        ("Et que dit-il de la retraite de Michael Noonan ?", (), ""),
        ("What did Camila McConaughey say during the briefing?", (), "Camila McConaughey"),
        # A surname the minutes repeat everywhere still names the speaker; so does a variant
        # spelling of the first name (speech-to-text).
        ("Que dit Hourigan ?", ("Michael Hourigan",), ""),
        ("Que dit Karine Thomas ?", ("Carine Thomas",), ""),
        # The subject says who, not the person addressed or answered.
        ("What does the IFP member urge the Minister to do about patients?", ("L K Joubert",), ""),
        ("What did the Minister of Education reply to the NA member?", (), "minister Education"),
        ("Qu'a répondu le solliciteur général Andy Scott à Sean Lynch ?", (), "solliciteur general Andy Scott"),
        ("What did Sean Lynch say about Michael Hourigan?", ("Sean Lynch",), ""),
        ("What share of Americans does the gentleman from Vermont say are against it?", ("Sanders",), ""),
        # Which people spoke of someone: that someone is the topic, not an unknown speaker.
        ("Quels intervenants ont évoqué le sénateur Chris Murphy ?", (), ""),
    ],
)
def test_who_in_transcripts_of_other_layouts(
    other: QueryAnalyzer, question: str, speakers: tuple, unknown: str
) -> None:
    q = other.analyze(question)
    assert (q.speakers, q.unknown) == (speakers, unknown)


@pytest.mark.parametrize(
    ("question", "kind", "topic"),
    [
        ("Summarise what Mr. Hourigan said.", "speaker_summary", ()),
        ("Résumez ce qu'a dit Sean Lynch.", "speaker_summary", ()),
        ("Summarise Sean Lynch's answers during question period.", "speaker_summary", ()),
        # "his organisation" is the speaker's own; "figure" and "give" say how the answer comes.
        (
            "According to Sean Lynch, how much did his organisation raise after the storm?",
            "speaker_topic",
            ("raise", "storm"),
        ),
        ("What figure did Sanders give for the bailout?", "speaker_topic", ("bailout",)),
        # The document itself is no topic beside others, but is one alone.
        ("Who talked about companies and taxes during the interview?", "who_spoke", ("companies", "taxes")),
    ],
)
def test_kind_and_topic_in_transcripts(other: QueryAnalyzer, question: str, kind: str, topic: tuple) -> None:
    q = other.analyze(question)
    assert (q.kind, q.topic) == (kind, topic)


def test_another_role_than_the_one_that_names_the_speaker_is_the_topic(other: QueryAnalyzer) -> None:
    q = other.analyze(
        "According to the Meetings Administrator, what happens when one councillor is nominated for Mayor?"
    )
    assert q.speakers == ("C. O’Connor",)
    assert {"councillor", "mayor"} <= {w.lower() for w in q.topic}
    # named by no role noun of theirs, every role noun may be who: none is the topic
    assert "mayor" not in {w.lower() for w in other.analyze("What did the Mayor say about roads?").topic}


def test_who_among_the_panel_spoke_is_a_who_spoke_question(other: QueryAnalyzer) -> None:
    q = other.analyze("Who on the panel argued that rates were too high?")
    assert q.kind == "who_spoke" and "panel" not in q.topic
    assert other.analyze("Qui, parmi les intervenants, a évoqué les taux ?").kind == "who_spoke"


def test_an_object_pronoun_in_a_follow_up_carries_the_name_asked_before(other: QueryAnalyzer) -> None:
    q = other.analyze(
        "Et a-t-il précisé ce que le maire comptait aborder avec lui ?",
        history=["Qu'a répondu Sean Lynch à propos des demandes de Bolsonaro ?"],
    )
    assert q.speakers == ("Sean Lynch",) and "Bolsonaro" in q.names
    # without the object pronoun, the earlier name is not asked again
    q = other.analyze("Et qu'a-t-il dit des routes ?", history=["Qu'a répondu Sean Lynch à propos de Bolsonaro ?"])
    assert "Bolsonaro" not in q.names


def test_a_person_named_after_the_verb_is_its_subject(other: QueryAnalyzer) -> None:
    # « Et que lui a répondu X ? »: X answered; X is no speaker, so nobody here answers it
    q = other.analyze("Et que lui a répondu Hervé Hasquin ?", history=["Que dit Sean Lynch des routes ?"])
    assert (q.speakers, q.unknown) == ((), "Hervé Hasquin")
    # after a preposition, the person is whom the speaker answered
    q = other.analyze("Et qu'a-t-il répondu à Hervé Hasquin ?", history=["Que dit Sean Lynch des routes ?"])
    assert q.speakers == ("Sean Lynch",) and not q.unknown


def test_a_person_whose_verb_of_speech_inverts_is_its_subject(other: QueryAnalyzer) -> None:
    q = other.analyze("Quels arguments Hervé Hasquin oppose-t-il aux craintes sur le budget ?")
    assert (q.speakers, q.unknown) == ((), "Hervé Hasquin")
    # a place whose verb is no verb of speech is what the question is about
    assert not other.analyze("À quelle date la question sur Simei Estate a-t-elle été traitée ?").unknown


def test_a_body_speaking_through_its_officer_names_that_officer(other: QueryAnalyzer) -> None:
    q = other.analyze("Quelles réserves la commission a-t-elle exprimées, par la voix de son rapporteur ?")
    assert q.unknown == "rapporteur" and not q.speakers


def test_a_name_inside_another_is_not_required_on_its_own(other: QueryAnalyzer) -> None:
    assert other.analyze("What does Matthew McConaughey say about the AR-15 rifle?").names == ("AR-15",)


@pytest.mark.parametrize(
    ("text", "lang"),
    [("Who is C. O’Connor?", "en"), ("Summarise Allan Rock's answers.", "en"), ("Qu'a dit l'ambassadrice ?", "fr")],
)
def test_initials_and_possessives_do_not_decide_the_language(text: str, lang: str) -> None:
    from qa.core.text import detect_lang

    assert detect_lang(text) == lang


def test_people_the_document_only_mentions_and_documents_without_speakers() -> None:
    mentioned = QueryAnalyzer(OTHER_SPEAKERS, [], frozenset(), None, lambda w: w.lower() == "noonan")
    q = mentioned.analyze("Who is Michael Noonan?")  # spoken of, never speaking: what the text says of him
    assert (q.kind, q.unknown, q.topic) == ("topic", "", ("michael", "noonan"))
    q = mentioned.analyze("Who is John Smith?")  # neither
    assert (q.kind, q.unknown) == ("who_is", "John Smith")
    # "Qui a félicité X ?" asks who did; X is what they spoke of.
    q = mentioned.analyze("Qui a félicité Sean Lynch pour son élection ?")
    assert (q.kind, q.speakers) == ("who_spoke", ())
    assert {"sean", "lynch"} <= set(q.topic)
    # ... and so do the passive forms: « X a été félicité par qui ? », "By whom was X thanked?"
    for question in ("Lynch a été félicité par qui, une fois élu ?", "By whom was Sean Lynch congratulated?"):
        q = mentioned.analyze(question)
        assert (q.kind, q.speakers) == ("who_spoke", ()) and "lynch" in q.topic, question
    # A name after "par" that is no question word is still who: « Que dit Lynch, élu par ses pairs ? »
    assert mentioned.analyze("Que dit Sean Lynch, élu par ses pairs ?").speakers == ("Sean Lynch",)
    # A page with no speakers: "Selon le Gouvernement" names its author, nobody to be unknown.
    q = QueryAnalyzer([], [], frozenset()).analyze("Selon le Gouvernement, combien de tests par semaine ?")
    assert q.unknown == "" and "tests" in q.topic
    # ... while what a named person said is still nobody's there.
    assert QueryAnalyzer([], [], frozenset()).analyze("Qu'a dit Édouard Philippe ?").unknown == "Édouard Philippe"


def test_take_place_is_when_not_where(analyzer: QueryAnalyzer) -> None:
    q = analyzer.analyze("When and where will the next edition of the colloquium take place?")
    assert "place" not in q.topic and q.answer_type == "date"


# --- a large speaker table: lookups give what walking every speaker gave -----------------------


class _WalkingAnalyzer(QueryAnalyzer):
    """The reference: every speaker compared with every question."""

    _walk = True


@functools.cache
def _parsed_tables() -> tuple[list[SpeakerInfo], list[str]]:
    from ingest.readers import read_file
    from ingest.structure import parse, speaker_table

    root = Path(__file__).resolve().parent.parent
    files = [root / "ingest" / "data" / "diplomatie-des-territoires-2023.md"]
    files += sorted(p for p in (root / "evals" / "documents").iterdir() if p.suffix in {".md", ".txt"})
    rows: list[SpeakerInfo] = []
    parts: list[str] = []
    for path in files:
        if path.name == "README.md":
            continue
        found = speaker_table(parse(read_file(path), path.name), {})
        rows += found
        parts += [r.part for r in found]
    return rows, parts


def _many_speakers(copies: int) -> tuple[list[SpeakerInfo], list[str]]:
    """The speaker tables of the eval documents and of the bundled proceedings (their roles,
    aliases and introduction lines as parsed), once as they are and `copies` more times with a
    numbered last name (as the benchmarks' synthetic corpus does), half of the copies with a
    role of their own: many holders of each role, some distinctive terms, many introductions."""
    from dataclasses import replace

    rows, parts = _parsed_tables()

    def renamed(text: str, last: str, n: int) -> str:
        return re.sub(rf"(?<!\w){re.escape(last)}(?!\w)", f"{last}{n}", text) if last else text

    table = list(rows)
    for n in range(1, copies + 1):
        for r in rows:
            last = r.name.split()[-1] if r.name.split() else ""
            role = r.role if n % 2 else f"{r.role} de Ville{n}".strip()
            table.append(
                replace(
                    r,
                    name=renamed(r.name, last, n),
                    role=role,
                    aliases=tuple(renamed(a, last, n) for a in r.aliases),
                    intro=renamed(r.intro, last, n),
                )
            )
    return table, list(dict.fromkeys(parts))


def test_the_lookups_analyse_as_walking_every_speaker_on_a_large_table() -> None:
    table, parts = _many_speakers(copies=6)
    assert len({s.name for s in table}) > 1500, "the table is large"
    role_words = {fold(w) for s in table for w in re.findall(r"\w+", s.role)}

    def in_corpus(word: str) -> bool:
        return fold(word) in role_words

    args = (table, parts, frozenset({"ville", "france", "budget"}), _translations, in_corpus)
    fast, walk = QueryAnalyzer(*args), _WalkingAnalyzer(*args)
    fast.prepare()
    root = Path(__file__).resolve().parent.parent
    questions = [
        json.loads(line)["question"]
        for path in sorted((root / "evals" / "sets").glob("*.jsonl"))
        for line in path.read_text("utf-8").splitlines()
        if line.strip()
    ]
    questions += [
        "Que dit le maire de Dijon sur la paix ?",  # a role and a complement many speakers hold
        "Que dit le maire de Ville3 ?",  # a complement a few hold
        "Que dit l'ancienne ministre ?",  # a former role
        "What did the French ambassador to Armenia say?",  # translated complements
        "Que dit Jean Dupont de la paix ?",  # an unknown person: nearest names by trigram
        "Que dit le chercheur de l'IFRI ?",  # an acronym
        "Que dit le journaliste de TF1 ?",  # squeezed spelling, introduction lines
        "Que dit le maire tunisien ?",  # an adjective complement
        "Qui est le politologue ?",  # a role noun nobody holds
    ]
    assert len(questions) > 250
    differ = []
    for i, q in enumerate(questions):
        history = questions[i - 1 : i] if i % 5 == 0 else []
        if fast.analyze(q, history) != walk.analyze(q, history):
            differ.append(q)
    assert differ == [], f"{len(differ)} questions analysed differently, e.g. {differ[:3]}"
    # The comparison is not empty: the table's speakers are found, by role and by name.
    found = [fast.analyze(q) for q in questions]
    assert sum(1 for a in found if a.speaker_source == "role") > 20
    assert sum(1 for a in found if len(a.speakers) > 3) > 10


def test_words_close_to_a_word_are_all_found_by_their_trigrams() -> None:
    # The lookups narrow the speakers' words to those sharing enough trigrams or a prefix,
    # then compare exactly: none that the exact comparison accepts may be left out.
    table, parts = _many_speakers(copies=2)
    analyzer = QueryAnalyzer(table, parts)
    index = analyzer._role_hits()
    terms = list(index.by_word)
    grams, _holders = analyzer._name_grams()
    root = Path(__file__).resolve().parent.parent
    text = (root / "evals" / "sets" / "dev.jsonl").read_text("utf-8")
    words = sorted({fold(w) for w in re.findall(r"\w{4,}", text)})[::3]
    words += ["gennevillers", "rebsemen", "rouqette", "armenia", "metropolis", "diplomatie", "ouagadougou"]
    missed = [w for w in words if index.similar_words((w,)) != {t for t in terms if similar(w, t)}]
    assert missed == []
    for w in words:
        close = {t for t in grams.words if _char_similarity(w, t) > 0.3}
        assert close <= set(grams.sharing(w, int(0.3 * len(_plain_trigrams(w))) - 1)), w
    assert sum(1 for w in words if index.similar_words((w,)) - {w}) > 20, "words with close spellings were tried"


def test_modal_verbs_and_the_way_are_not_topic(analyzer: QueryAnalyzer) -> None:
    q = analyzer.analyze(
        "Que dit l'ambassadrice de France en Arménie de la manière dont les collectivités doivent s'engager ?"
    )
    assert "manière" not in q.topic and "doivent" not in q.topic and "collectivités" in q.topic
    assert analyzer.analyze("What does Anne Louyot say about the way cities should act?").topic == ("cities", "act")


@pytest.mark.parametrize(
    ("question", "about", "answer_type"),
    [
        ("Quel jour et à quelle heure l'Assemblée s'est-elle réunie ?", True, "time"),
        ("When did the House meet?", True, "date"),
        ("Quand cette page a-t-elle été mise à jour ?", True, "date"),
        ("À quelle date ce journal a-t-il été diffusé ?", True, "date"),
        ("What time did the House sit that Thursday?", True, "time"),
        # A date asked about something the document reports is not about the document.
        ("When did the strike at the mine begin?", False, "date"),
        ("Jusqu'à quand s'étend la première phase du déconfinement ?", False, "date"),
        ("À quelle heure Anne Louyot a-t-elle parlé ?", False, "time"),
        # the time of "this" bulletin is the document's; of a sitting named by its genre alone,
        # maybe a part's
        ("At what time did this news bulletin go on air?", True, "time"),
        ("À quelle heure la séance de l'après-midi a-t-elle repris ?", False, "time"),
    ],
)
def test_questions_about_the_document_itself(
    other: QueryAnalyzer, question: str, about: bool, answer_type: str
) -> None:
    q = other.analyze(question)
    assert (q.about_document, q.answer_type) == (about, answer_type), q
    if about:
        assert q.kind == "programme" and not q.names  # "l'Assemblée" names the document, not a thing to find


def test_during_the_document_and_auxiliaries_are_not_topic(analyzer: QueryAnalyzer) -> None:
    assert analyzer.analyze("Qui a évoqué les cypherpunks pendant l'émission ?").topic == ("cypherpunks",)
    assert analyzer.analyze("Which speakers mentioned Nicosia during the hearing?").topic == ("nicosia",)
    assert "avoir" not in analyzer.analyze("Combien de questions dit-elle avoir posées au Trésor ?").topic


def test_a_day_of_the_month_is_not_a_speaker_named_like_the_month() -> None:
    people = [
        SpeakerInfo("Janvier de La Motte", "Eure", "", "speaker", 3),
        SpeakerInfo("Georges Perin", "", "", "speaker"),
    ]
    analyzer = QueryAnalyzer(people, [], frozenset())
    assert analyzer.analyze("Combien de voix pour l'ajournement au 20 janvier ?").speakers == ()
    assert analyzer.analyze("Que dit Janvier de l'ajournement ?").speakers == ("Janvier de La Motte",)


def test_occupations_and_clauses_after_a_role_noun() -> None:
    """Occupations name people across languages (« le PDG de Twitter » is the CEO of Twitter);
    a clause after the noun says what the person did, not whose role it is (« l'acteur venu à
    la Maison Blanche » is the actor, who holds no role "of the White House")."""
    people = [
        SpeakerInfo("Matthew McConaughey", "an actor", "", "speaker", 6),
        SpeakerInfo("Karine Jean-Pierre", "Press Secretary", "", "speaker", 9),
        SpeakerInfo("Jack Dorsey", "CEO of Twitter and Square", "", "speaker", 5),
        SpeakerInfo("Elizabeth Stark", "CEO of Lightning Labs", "", "speaker", 5),
    ]
    analyzer = QueryAnalyzer(people, [], frozenset())
    q = analyzer.analyze("Selon l'acteur venu à la Maison Blanche, qu'est-ce qui a permis de l'identifier ?")
    assert (q.speakers, q.unknown) == (("Matthew McConaughey",), "")
    assert analyzer.analyze("Que demande l'acteur originaire d'Uvalde ?").speakers == ("Matthew McConaughey",)
    assert analyzer.analyze("Where did the actor who came to the White House grow up?").speakers == (
        "Matthew McConaughey",
    )
    assert analyzer.analyze("Où le PDG de Twitter a-t-il découvert les cypherpunks ?").speakers == ("Jack Dorsey",)
    assert analyzer.analyze("What did the CEO of Lightning Labs say about fees?").speakers == ("Elizabeth Stark",)


def test_how_people_type_their_questions(analyzer: QueryAnalyzer) -> None:
    """A contraction and chat after the question mark, "closing remarks", adverbs and an age."""
    q = analyzer.analyze("who's Gallet? never heard of him")
    assert (q.kind, q.speakers) == ("who_is", ("Bertrand Gallet",))
    q = analyzer.analyze("Summarise Sina Schlimmer's closing remarks.")
    assert (q.kind, q.speakers) == ("speaker_summary", ("Sina Schlimmer",))
    assert "concluding" in analyzer.analyze("At what time did the concluding session start?").topic
    assert analyzer.analyze("Selon Grégory Doucet, en quelle année avait-il déjà été maire ?").topic == ()
    q = analyzer.analyze("How old was Bertrand Gallet when ACTED was founded?")
    assert q.answer_type == "age" and "old" not in q.topic


def test_a_follow_up_s_it_reads_the_question_before(analyzer: QueryAnalyzer) -> None:
    """ "And why does she say it is so harmful?": retrieval and the quotes read the question
    before ("it"); the topic words stay this question's. Without such a word, it stands alone."""
    history = ["What does Anne Louyot say about the blockade of the Lachin corridor?"]
    q = analyzer.analyze("And why does she say it is so harmful?", history)
    assert q.speakers == ("Anne Louyot",) and "Lachin" in q.standalone
    assert "lachin" not in [w.lower() for w in q.topic]
    q = analyzer.analyze("And what does she say about Ukraine?", history)
    assert "Lachin" not in q.standalone


def test_a_pronoun_speaker_s_role_words_stay_in_the_topic(analyzer: QueryAnalyzer) -> None:
    """Named by a pronoun, the speaker is not designated by their role words: « l'initiative
    qu'elle coordonne » is what is asked about; named by their role, those words say who."""
    history = ["Que raconte Benedetta Oddo à propos de la Libye ?"]
    q = analyzer.analyze("Et l'initiative qu'elle coordonne, elle a démarré quand ?", history)
    assert q.speakers == ("Benedetta Oddo",) and q.speaker_source == "history"
    assert "initiative" in [w.lower() for w in q.topic]
    by_role = analyzer.analyze("Qu'a dit la coordinatrice de l'Initiative de Nicosie sur la Libye ?")
    assert by_role.speaker_source == "role" and "initiative" not in [w.lower() for w in by_role.topic]


def test_a_role_noun_after_a_pronoun_that_refers_back_is_the_topic(analyzer: QueryAnalyzer) -> None:
    history = ["Que dit Anne Louyot de l'Arménie ?"]
    q = analyzer.analyze("Et qu'a-t-elle dit de la conférence parlementaire ?", history)
    assert (q.speakers, q.unknown) == (("Anne Louyot",), "")
    # Without a pronoun, the role phrase nobody holds is still unknown.
    assert analyzer.analyze("Qu'a dit le maire de Marseille ?", history).unknown


def test_outgoing_and_incoming_roles() -> None:
    people = [
        SpeakerInfo("Michael Hourigan", "Outgoing Mayor", "", "speaker", 3),
        SpeakerInfo("Sean Lynch", "incoming Mayor", "", "speaker", 3),
    ]
    analyzer = QueryAnalyzer(people, [], frozenset())
    assert analyzer.analyze("Selon le maire sortant, quelles autoroutes relient Limerick ?").speakers == (
        "Michael Hourigan",
    )
    q = analyzer.analyze("What rules did the new Mayor announce?")
    assert q.speakers == ("Sean Lynch",) and "new" not in q.topic
    assert analyzer.analyze("What did the Mayor announce?").speakers == ("Michael Hourigan", "Sean Lynch")


def test_the_main_holder_of_a_role_is_not_its_second() -> None:
    people = [
        SpeakerInfo("Maxime Jaglin", "présentateur", "", "speaker", 3),
        SpeakerInfo("Alexis Guilleux", "co-présentateur", "", "speaker", 3),
    ]
    analyzer = QueryAnalyzer(people, [], frozenset())
    q = analyzer.analyze("Selon le présentateur principal du journal, que pourra faire Mamoudou Gassama ?")
    assert q.speakers == ("Maxime Jaglin",) and not q.unknown and "principal" not in q.topic, q
    assert analyzer.analyze("What did the main presenter say about Colombia?").speakers == ("Maxime Jaglin",)
    assert analyzer.analyze("Selon le présentateur, que se passe-t-il en Colombie ?").speakers == (
        "Maxime Jaglin",
        "Alexis Guilleux",
    )


def test_someone_who_reported_what_they_never_said_is_no_speaker() -> None:
    people = [SpeakerInfo("Maxime Jaglin", "présentateur", "", "speaker", 3)]
    analyzer = QueryAnalyzer(people, [], frozenset())
    q = analyzer.analyze("What did Véronique Gaymard report from Bogotá about the FARC?")
    assert q.unknown == "Véronique Gaymard" and not q.speakers, q
    assert analyzer.analyze("Qu'a rapporté Maxime Jaglin sur la Colombie ?").speakers == ("Maxime Jaglin",)


def test_typos_in_the_words_questions_are_built_of_are_forgiven(analyzer: QueryAnalyzer) -> None:
    q = analyzer.analyze("Wich speakers mentionned the war in Ukraine?")
    assert q.kind == "who_spoke" and "wich" not in q.topic and "mentionned" not in q.topic
    # A word of the documents one letter off a question word is left alone.
    lexicon = QueryAnalyzer(SPEAKERS, PARTS, frozenset(), in_corpus=lambda w: w == "wish")
    assert "wish" in lexicon.analyze("What did Anne Louyot wish for Armenia?").topic


def test_the_title_of_a_part_is_asked_of_its_programme_line(analyzer: QueryAnalyzer) -> None:
    q = analyzer.analyze("Quel était l'intitulé de la séance de clôture ?")
    assert (q.kind, q.part, q.topic) == ("programme", "Conclusions", ())


def test_a_fact_asked_of_a_speaker_is_no_summary(analyzer: QueryAnalyzer) -> None:
    q = analyzer.analyze("Selon Grégory Doucet, en quelle année avait-il été élu ?")
    assert (q.kind, q.answer_type, q.speakers) == ("speaker_topic", "year", ("Grégory Doucet",))
    assert analyzer.analyze("Que dit Grégory Doucet ?").kind == "speaker_summary"


def test_an_elliptic_follow_up_reads_with_the_question_before_it(analyzer: QueryAnalyzer) -> None:
    history = ["Selon Anne Louyot, combien de collectivités françaises coopèrent avec l'Arménie ?"]
    q = analyzer.analyze("Et dans quelles villes ?", history)
    assert q.speakers == ("Anne Louyot",) and "coopèrent" in q.standalone
    own = analyzer.analyze("Et qu'a-t-elle dit de l'Ukraine ?", history)
    assert own.speakers == ("Anne Louyot",) and own.standalone == "Et qu'a-t-elle dit de l'Ukraine ?"


def test_a_follow_up_that_turns_to_someone_named_is_about_them(analyzer: QueryAnalyzer) -> None:
    """ "What about X, …?": the question opens on the person it turns to; the pronoun is theirs."""
    history = ["Where does Anne Louyot work?"]
    q = analyzer.analyze("What about Sina Schlimmer, which organisation is she with?", history)
    assert q.speakers == ("Sina Schlimmer",) and not q.refers_back, q
    # A person after a preposition later in the question is still whom it was done with.
    q = analyzer.analyze("And when did she launch the list with Sina Schlimmer?", history)
    assert q.speakers == ("Anne Louyot",), q


def test_the_verb_of_a_speaker_s_role_asks_who_they_are(analyzer: QueryAnalyzer) -> None:
    """« elle coordonne quoi ? » of the « Coordinatrice de l'Initiative de Nicosie »: her role
    answers; what she said of coordination is still a question about her words."""
    q = analyzer.analyze("Benedetta Oddo est grand témoin : elle coordonne quoi exactement ?")
    assert (q.kind, q.speakers) == ("who_is", ("Benedetta Oddo",)), q
    assert analyzer.analyze("What does Bertrand Gallet preside over?").kind == "who_is"
    assert analyzer.analyze("What did Benedetta Oddo say about coordination?").kind == "speaker_topic"
    assert analyzer.analyze("Que dit Anne Louyot de l'Arménie ?").kind == "speaker_topic"


def test_who_chaired_a_debate_is_whoever_its_labels_name_by_the_chair(analyzer: QueryAnalyzer) -> None:
    """« Qui présidait la séance ? » of a debate: the speaker labelled by the chair alone; of a
    colloquium's session, whose programme names its moderators, the session's moderator."""
    debate = QueryAnalyzer(
        [
            SpeakerInfo("Le Président", "présidence de la séance", "Débats", "speaker"),
            SpeakerInfo("Jean Faure", "vice-président", "Débats", "speaker", aliases=("M. le président.",)),
            SpeakerInfo("Paul Loridant", "sénateur", "Débats", "speaker"),
        ],
        ["Débats"],
    )
    for question in ("Qui présidait la séance ?", "Who chaired the sitting?"):
        q = debate.analyze(question)
        assert (q.kind, q.speakers) == ("who_is", ("Le Président", "Jean Faure")), q
    # of a colloquium's session, its moderator, from the programme
    q = analyzer.analyze("Qui présidait la session 2 ?")
    assert (q.kind, q.speakers) == ("who_is", ("Simoné Giovetti",))


def test_a_follow_up_with_a_pronoun_and_a_verb_is_no_ellipsis(analyzer: QueryAnalyzer) -> None:
    """« Et elle fait quoi comme métier ? » has a verb: it is read alone, not with the question
    before (whose place names would become names the answer must hold)."""
    history = ["Depuis combien de temps Anne Louyot vit-elle à Erevan ?"]
    q = analyzer.analyze("Et elle fait quoi comme métier ?", history)
    assert q.speakers == ("Anne Louyot",) and q.standalone == "Et elle fait quoi comme métier ?", q
    assert "Erevan" not in q.names
    assert "Erevan" in analyzer.analyze("Et dans quelles villes ?", history).standalone


def test_what_the_user_says_of_their_need_is_not_what_they_ask(analyzer: QueryAnalyzer) -> None:
    q = analyzer.analyze("Quand cette page a-t-elle été mise à jour ? Je dois la citer dans un article.")
    assert "citer" not in q.topic and "article" not in q.topic and q.answer_type == "date"
    # ... unless that sentence is the request: "I need everyone who mentions the care home."
    q = analyzer.analyze("Who brings up ACTED? I need everyone who mentions the NGO.")
    assert "NGO" in q.topic or "ngo" in q.topic


def test_a_feminine_role_form_narrows_to_the_women_when_the_table_tells() -> None:
    people = [
        SpeakerInfo("Kaptur", "the gentlewoman from Ohio", "", "speaker", 5, aliases=("MS. KAPTUR",)),
        SpeakerInfo("Brown", "the gentleman from Ohio", "", "speaker", 3, aliases=("MR. BROWN of Ohio",)),
    ]
    analyzer = QueryAnalyzer(people, [], frozenset())
    assert analyzer.analyze("Que dit la représentante de l'Ohio du Trésor ?").speakers == ("Kaptur",)
    # The masculine form is also the generic one in French: both.
    assert analyzer.analyze("Que dit le représentant de l'Ohio du Trésor ?").speakers == ("Kaptur", "Brown")


def test_a_person_after_a_preposition_in_a_follow_up_is_not_its_subject(analyzer: QueryAnalyzer) -> None:
    history = ["Que dit Anne Louyot de l'Arménie ?"]
    q = analyzer.analyze("And what did she say she did with Grégory Doucet?", history)
    assert q.speakers == ("Anne Louyot",)
    assert analyzer.analyze("And what did Grégory Doucet say?", history).speakers == ("Grégory Doucet",)


def test_the_only_candidate_is_the_one_a_question_qualifies_in_the_other_language() -> None:
    """ "the Colombian candidate" of a French bulletin whose one candidat's role names no
    country: the document speaks of « la Colombie », so the qualifier singles out nobody else."""
    table = [
        SpeakerInfo("Ivan Duque", "candidat de la droite dure", "Journal", "speaker"),
        SpeakerInfo("Maxime Jaglin", "présentateur", "Journal", "speaker"),
    ]

    def translate(word: str) -> tuple[str, ...]:
        return ("colombie",) if word.lower() == "colombian" else ()

    question = "What did the Colombian candidate say about peace?"
    spoken = QueryAnalyzer(table, ["Journal"], translate=translate, in_corpus=lambda w: fold(w) == "colombie")
    assert spoken.analyze(question).speakers == ("Ivan Duque",)
    unspoken = QueryAnalyzer(table, ["Journal"], translate=translate, in_corpus=lambda w: False)
    assert unspoken.analyze(question).unknown


def test_a_question_word_is_not_a_typo_of_another_and_typos_are_read_in_the_questions_language() -> None:
    fix = QueryAnalyzer(SPEAKERS, PARTS)._fix_typos
    assert fix("How many people did he say were killed?") == "How many people did he say were killed?"
    assert fix("Wich speakers mentionned it?") == "Which speakers mentioned it?"  # not « mentionne »
    assert fix("Quels intervenants ont mentionnné la crise ?") == "Quels intervenants ont mentionne la crise ?"


def test_who_a_speaker_named_is_what_they_said_not_who_they_are(analyzer: QueryAnalyzer) -> None:
    """ "Who were the previous recipients, according to him?": the speaker comes from the
    conversation, the subject is what he spoke of, and the answer is people he named."""
    q = analyzer.analyze("Who were the previous recipients, according to him?", ["What did Grégory Doucet say?"])
    assert q.speakers == ("Grégory Doucet",) and q.kind == "speaker_topic" and q.answer_type == "name"
    assert analyzer.analyze("Who is she?", ["What did Anne Louyot say?"]).kind == "who_is"


@pytest.mark.parametrize(
    ("question", "kind", "speakers"),
    [
        ("What was Rebsamen's talk about?", "speaker_summary", ("François Rebsamen",)),
        ("Quel est l'avis d'Hollande sur la paix ?", "speaker_topic", ("François Hollande",)),
        ("Sina Schlimmer, c'est qui exactement ?", "who_is", ("Sina Schlimmer",)),
        ("C'est qui Anne Louyot ?", "who_is", ("Anne Louyot",)),
        ("Who exactly is Bertrand Gallet?", "who_is", ("Bertrand Gallet",)),
        ("En deux mots, que faut-il retenir du discours de Grégory Doucet ?", "speaker_summary", ("Grégory Doucet",)),
        ("In a nutshell, what did Patrice Leclerc say?", "speaker_summary", ("Patrice Leclerc",)),
        ("Benedetta Oddo intervient à quel titre dans ce colloque ?", "who_is", ("Benedetta Oddo",)),
        ("À quel titre intervient Patrice Leclerc ?", "who_is", ("Patrice Leclerc",)),
        ("In what capacity did Sina Schlimmer speak at the conference?", "who_is", ("Sina Schlimmer",)),
        ("Anne Louyot, quel est son rôle dans ce colloque ?", "who_is", ("Anne Louyot",)),
        ("Sina Schlimmer: what's her role?", "who_is", ("Sina Schlimmer",)),
        ("Can you sum up the case Rebsamen makes during this session?", "speaker_summary", ("François Rebsamen",)),
        (
            "Pouvez-vous me résumer la position que Patrice Leclerc défend pendant toute la séance ?",
            "speaker_summary",
            ("Patrice Leclerc",),
        ),
        ("Résume ce que Grégory Doucet dit de la paix", "speaker_topic", ("Grégory Doucet",)),
        (
            "Pour quelle entreprise Patrice Leclerc travaillait-il au moment du colloque ?",
            "who_is",
            ("Patrice Leclerc",),
        ),
        ("Quelle structure dirige Lorenzo Kihlgren Grandi ?", "who_is", ("Lorenzo Kihlgren Grandi",)),
        (
            "Je ne connais pas Lorenzo Kihlgren Grandi, vous pouvez me le présenter ?",
            "who_is",
            ("Lorenzo Kihlgren Grandi",),
        ),
        ("Could you introduce Anne Louyot?", "who_is", ("Anne Louyot",)),
        (
            "Kihlgren Grandi intervient dans les conclusions : quelle structure dirige-t-il ?",
            "who_is",
            ("Lorenzo Kihlgren Grandi",),
        ),
        ("Bertrand Gallet, which organisation does he run?", "who_is", ("Bertrand Gallet",)),
        ("Lorenzo Kihlgren Grandi, il dirige quoi exactement ?", "who_is", ("Lorenzo Kihlgren Grandi",)),
        ("Sina Schlimmer, what does she do?", "who_is", ("Sina Schlimmer",)),
        ("Sina Schlimmer, elle travaille où et dans quelle discipline ?", "who_is", ("Sina Schlimmer",)),
        ("Oddo: what did she cover in her remarks?", "speaker_summary", ("Benedetta Oddo",)),
        ("Bertrand Gallet : que fait-il ?", "who_is", ("Bertrand Gallet",)),
        # ... but what someone does about something is what they said of it
        ("Anne Louyot, what does she do about Ukraine?", "speaker_topic", ("Anne Louyot",)),
    ],
)
def test_how_people_ask_about_someone(
    analyzer: QueryAnalyzer, question: str, kind: str, speakers: tuple[str, ...]
) -> None:
    """Possessives and elisions around a surname, « c'est qui », and how short an answer
    should be (« en deux mots »), which is no topic."""
    q = analyzer.analyze(question)
    assert (q.kind, q.speakers) == (kind, speakers), q


def test_a_name_or_role_with_a_letter_off_is_read_as_meant(analyzer: QueryAnalyzer) -> None:
    q = analyzer.analyze("Summarize what Gregory Doucett said")
    assert q.speakers == ("Grégory Doucet",) and not q.unknown
    q = analyzer.analyze("What did the ambasador to Armenia say?")
    assert q.speakers == ("Anne Louyot",)
    assert analyzer.analyze("What did Camille Rebsamen say?").unknown  # another first name: someone else
    # a surname off by a letter anywhere in the question, and it is no topic
    q = analyzer.analyze("Rebsamem had a memorable label for local officials. What did he call them?")
    assert q.speakers == ("François Rebsamen",) and "rebsamem" not in q.topic, q
    fix = analyzer._fix_typos
    # Inflections and words one letter longer than a short question word are no typos.
    assert (
        fix("les chercheuses en première ligne ont pris la parole")
        == "les chercheuses en première ligne ont pris la parole"
    )


def test_a_later_sentence_s_first_word_and_a_polite_request_are_no_topic_or_name(analyzer: QueryAnalyzer) -> None:
    q = analyzer.analyze("Lorenzo Kihlgren Grandi wrapped up the day. Quick rundown of his points?")
    assert "Quick" not in q.names and q.speakers == ("Lorenzo Kihlgren Grandi",)
    assert "Barzani" in analyzer.analyze("Did Kouchner meet Mr. Barzani in Erbil?").names  # after "Mr.", a name
    q = analyzer.analyze("Pouvez-vous me résumer la position que Rebsamen défend pendant toute la séance ?")
    assert "pouvez" not in q.topic and q.speakers == ("François Rebsamen",)
    q = analyzer.analyze("Pour Grégory Doucet, était-ce une bonne idée d'organiser des élections ?")
    assert "était-ce" not in q.topic and "élections" in q.topic, q
    q = analyzer.analyze("Et d'après lui, que doit faire l'État ?", ["Que dit Leclerc de l'Ukraine ?"])
    assert "après" not in q.topic and q.speakers == ("Patrice Leclerc",)


def test_among_people_which_of_them_is_who_spoke(analyzer: QueryAnalyzer) -> None:
    """Among people (a role, or a noun shaped as people's), which of them: the speakers are the
    names asked; among things, which of them is a name question."""
    q = analyzer.analyze("Parmi les colistiers qui se présentent, lesquels ont travaillé dans la santé ?")
    assert (q.kind, q.answer_type) == ("who_spoke", ""), q
    q = analyzer.analyze("Among the mayors, who spoke of Ukraine?")
    assert q.kind == "who_spoke" and "among" not in q.topic, q
    q = analyzer.analyze("Parmi les villes jumelées, lesquelles sont en Ukraine ?")
    assert q.kind != "who_spoke" and q.answer_type == "name", q


def test_how_many_people_and_taking_the_floor_are_no_topic(analyzer: QueryAnalyzer) -> None:
    q = analyzer.analyze("Les deux maires ont pris la parole : que retenir de chacun d'eux ?")
    assert q.topic == () and set(q.speakers) >= {"Grégory Doucet", "Patrice Leclerc"}


def test_english_qualifies_a_role_before_it_and_the_word_after_is_the_verb() -> None:
    table = [
        SpeakerInfo("Bernard Kouchner", "Ancien Ministre des Affaires étrangères", "Session 1", "grand témoin"),
        SpeakerInfo("Mohamed Mahfoudh", "ancien ministre tunisien des droits de l'homme", "Session 3", "grand témoin"),
    ]
    analyzer = QueryAnalyzer(table, ["Session 1", "Session 3"])
    q = analyzer.analyze("What does the former Tunisian human rights minister blame for the crisis?")
    assert q.speakers == ("Mohamed Mahfoudh",) and not q.unknown
    assert analyzer.analyze("Que dit l'ancien ministre tunisien de la crise ?").speakers == ("Mohamed Mahfoudh",)


def test_a_name_in_a_clause_that_sets_the_scene_is_not_who_is_asked_about(analyzer: QueryAnalyzer) -> None:
    """« Quand X demande…, quels membres… ? »: which people, in the moment X set."""
    q = analyzer.analyze(
        "Quand Rebsamen demande ce qu'on a décidé pour la soirée de clôture, quels intervenants se déclarent "
        "aussitôt pour la motion ?"
    )
    assert (q.kind, q.speakers) == ("who_spoke", ()), q
    q = analyzer.analyze("Quand Rebsamen a parlé de la guerre, qu'a-t-il dit de l'Ukraine ?")
    assert q.speakers == ("François Rebsamen",), q


def test_the_inverted_subject_is_asked_about_and_whom_it_addressed_is_not(analyzer: QueryAnalyzer) -> None:
    q = analyzer.analyze(
        "Quelle question l'animateur Simoné Giovetti a-t-il posée à Patrice Leclerc sur la Palestine ?"
    )
    assert q.speakers == ("Simoné Giovetti",), q
    # "C'est qui, X, …?": who X is
    q = analyzer.analyze("C'est qui, Sina Schlimmer, l'intervenante des conclusions ?")
    assert (q.kind, q.speakers) == ("who_is", ("Sina Schlimmer",)), q
    # « avance un chiffre »: that a figure was given, not what about
    q = analyzer.analyze("Le maire de Lyon avance un chiffre sur les réfugiés : lequel ?")
    assert "avance" not in q.topic and q.speakers == ("Grégory Doucet",), q


def test_a_press_secretary_is_the_spokesperson_and_no_other_secretary() -> None:
    table = [
        SpeakerInfo("Karine Jean-Pierre", "Press Secretary", "", "speaker"),
        SpeakerInfo("Matthew McConaughey", "actor", "", "speaker"),
    ]
    analyzer = QueryAnalyzer(table, [])
    assert analyzer.analyze("Qui est la porte-parole ?").speakers == ("Karine Jean-Pierre",)
    assert analyzer.analyze("What did the spokesperson say about gun violence?").speakers == ("Karine Jean-Pierre",)
    assert analyzer.analyze("What did the press secretary say about gun violence?").speakers == ("Karine Jean-Pierre",)
    q = analyzer.analyze("What did the Treasury Secretary say about the fund?")
    assert q.speakers == () and q.unknown, q


@pytest.mark.parametrize(
    "question",
    [
        "Parmi les intervenants, lesquels ont cité les ONG ?",
        "Did any speaker mention Ukraine by name?",
        "Un des intervenants a-t-il parlé du Liban ?",
    ],
)
def test_asking_whether_anyone_spoke_of_it_is_who_spoke(analyzer: QueryAnalyzer, question: str) -> None:
    q = analyzer.analyze(question)
    assert q.kind == "who_spoke" and not q.speakers, q


def test_the_adjective_general_names_no_role(analyzer: QueryAnalyzer) -> None:
    """ "the general talk of crises" is no general's, nor the « directrice générale »'s."""
    q = analyzer.analyze("Besides the general talk of crises, did any speaker mention the pandemic?")
    assert q.speakers == () and q.kind == "who_spoke"


def test_a_part_named_by_its_theme() -> None:
    titles = {
        "Session 1": "SESSION 1 : « Diplomatie d'État et diplomatie des territoires : mutations géopolitiques »",
        "Session 3": "SESSION 3 : « La spécificité de l'action internationale des collectivités face aux crises »",
    }
    analyzer = QueryAnalyzer(SPEAKERS, PARTS, part_titles=titles)
    q = analyzer.analyze("Qui animait la session consacrée à l'action des collectivités face aux crises ?")
    assert q.part == "Session 3" and q.speakers == ("François Grünwald",)
    assert analyzer.analyze("Qui animait la session consacrée au sport ?").part is None  # no title holds it
    assert QueryAnalyzer(SPEAKERS, PARTS).analyze("Qui animait la session consacrée aux crises ?").part is None


def test_a_panellist_named_by_where_they_come_from() -> None:
    """ "the panellist from the University of Montreal" is whoever comes from there; the
    moderator's introduction of several people gives each only what follows their own name."""
    intro = "Here is Kevin Murphy from Google, then we have Yoshua Bengio from University of Montreal."
    table = [
        SpeakerInfo("Kevin Murphy", "Google", "Panel", "speaker", intro=intro),
        SpeakerInfo("Yoshua Bengio", "University of Montreal", "Panel", "speaker", intro=intro),
    ]
    analyzer = QueryAnalyzer(table, ["Panel"])
    assert analyzer.analyze("What did the panellist from the University of Montreal say?").speakers == (
        "Yoshua Bengio",
    )
    assert analyzer.analyze("What did the panelist from Google say about memory?").speakers == ("Kevin Murphy",)


@pytest.mark.parametrize(
    ("question", "kind", "topic"),
    [
        ("Summarise Rebsamen's remarks on Ukraine.", "speaker_topic", ("ukraine",)),
        ("Summarise Rebsamen's speech during the opening session.", "speaker_summary", ()),
        ("Summarise Anne Louyot's address as ambassador.", "speaker_summary", ()),
        ("Summarise Grégory Doucet's introduction of himself.", "speaker_summary", ()),
    ],
)
def test_a_summary_asked_with_when_or_what_about(
    analyzer: QueryAnalyzer, question: str, kind: str, topic: tuple[str, ...]
) -> None:
    q = analyzer.analyze(question)
    assert (q.kind, tuple(fold(w) for w in q.topic)) == (kind, topic), q


@pytest.mark.parametrize(
    ("question", "history", "speaker"),
    [
        ("What organisation does Anne Louyot work for?", [], "Anne Louyot"),
        ("Where does Bertrand Gallet work?", [], "Bertrand Gallet"),
        ("Pour quelle organisation travaille-t-elle ?", ["Qui est Sina Schlimmer ?"], "Sina Schlimmer"),
        ("What organisation does he work for?", ["Who moderated session 3?"], "François Grünwald"),
        ("Which party does Patrice Leclerc belong to?", [], "Patrice Leclerc"),
        ("À quel parti appartient Grégory Doucet ?", [], "Grégory Doucet"),
    ],
)
def test_where_someone_works_is_who_they_are(
    analyzer: QueryAnalyzer, question: str, history: list[str], speaker: str
) -> None:
    """Answered from the speaker table (their role), not from what they said: a moderator
    whose words are not reported still has one."""
    q = analyzer.analyze(question, history)
    assert (q.kind, q.speakers) == ("who_is", (speaker,)), q


def test_which_holders_of_a_role_spoke_lists_them(analyzer: QueryAnalyzer) -> None:
    """ "Which mayors spoke?" asks nothing but who they are: every mayor, from the table."""
    for question in ("Which mayors spoke?", "Quels maires sont intervenus ?"):
        q = analyzer.analyze(question)
        assert q.kind == "who_is" and set(q.speakers) == {"François Rebsamen", "Grégory Doucet", "Patrice Leclerc"}, q
    q = analyzer.analyze("Qui représentait l'IFRI ?")
    assert q.kind == "who_is" and q.speakers == ("Sina Schlimmer",)


def test_a_capitalised_question_word_before_a_surname_is_no_other_first_name(analyzer: QueryAnalyzer) -> None:
    """ "Did Louyot talk about Armenia?": "Did" is not another Louyot's first name."""
    for question in ("Did Louyot talk about Armenia?", "Does Gallet mention Syria?"):
        assert analyzer.analyze(question).speakers in {("Anne Louyot",), ("Bertrand Gallet",)}, question


def test_who_did_something_to_a_role_is_not_the_role_holder(analyzer: QueryAnalyzer) -> None:
    """ "Who thanked the mayor of Lyon?" asks who did it, not who the mayor is; "Who moderated
    session 2?" names the role by its verb and stays a who-is; "interviewed" is no typo of
    "interviewer"."""
    q = analyzer.analyze("Qui a remercié le maire de Lyon ?")
    assert q.speakers == () and q.kind == "who_spoke"
    assert analyzer.analyze("Who moderated session 2?").speakers == ("Simoné Giovetti",)
    assert analyzer._fix_typos("Who interviewed the president?") == "Who interviewed the president?"


def test_when_in_the_document_is_no_topic(analyzer: QueryAnalyzer) -> None:
    for question in ("What did Rebsamen say at the start of the meeting?", "Que dit Rebsamen au début de la séance ?"):
        q = analyzer.analyze(question)
        assert q.kind == "speaker_summary" and q.topic == (), q


def test_a_line_of_names_and_titles_is_in_the_corpus_language() -> None:
    from qa.core.text import detect_lang

    assert detect_lang("Senator Liz Krueger, Chair, Senate Finance Committee", tie="en") == "en"
    assert detect_lang("Senator Liz Krueger, Chair, Senate Finance Committee") == "fr"
    assert detect_lang("Le maire de Lyon a parlé.", tie="en") == "fr"


def test_the_documents_genre_is_no_topic_beside_one() -> None:
    table = [SpeakerInfo("Maxime Jaglin", "présentateur", "Journal", "speaker")]
    analyzer = QueryAnalyzer(table, ["Journal"])
    assert analyzer.analyze("What was the news about Colombia?").topic == ("colombia",)
    assert analyzer.analyze("What did the presenter say about tennis?").speakers == ("Maxime Jaglin",)


def test_a_role_written_as_the_document_writes_it_and_what_was_told_to_whom() -> None:
    table = [
        SpeakerInfo("C. O'Connor", "Meetings Administrator", "Minutes", "speaker"),
        SpeakerInfo("K. Lehane", "Director, Physical Development", "Minutes", "speaker"),
        SpeakerInfo("Alexis Guilleux", "co-présentateur", "Journal", "speaker"),
        SpeakerInfo("M M Malumise", "ANC", "Statements", "speaker"),
    ]
    analyzer = QueryAnalyzer(table, ["Minutes", "Journal", "Statements"])
    q = analyzer.analyze("Selon le responsable administratif des séances (Meetings Administrator), comment vote-t-on ?")
    assert q.speakers == ("C. O'Connor",) and not q.unknown
    # The question's first word is capitalised by its place, not a qualifier of the role.
    assert analyzer.analyze("Qu'annonce le co-présentateur au sujet du tennis ?").speakers == ("Alexis Guilleux",)
    q = analyzer.analyze("Can you give me a summary of what Mrs Malumise told the House?")
    assert (q.kind, q.speakers, q.names) == ("speaker_summary", ("M M Malumise",), ())


def test_a_duration_answers_since_when() -> None:
    from qa.answerability import has_fact

    assert has_fact("date", "We have been partners for eight decades.")
    assert has_fact("date", "Un partenariat depuis 80 ans.")
    assert not has_fact("date", "The years of war were hard.")


def test_the_words_that_say_who_are_not_names_to_find() -> None:
    table = [SpeakerInfo("Karine Jean-Pierre", "Press Secretary", "Briefing", "speaker")]
    # The briefing's text speaks of the White House: the qualifier singles out nobody else.
    analyzer = QueryAnalyzer(table, ["Briefing"], in_corpus=lambda w: fold(w) in {"white", "house"})
    q = analyzer.analyze("Did the White House press secretary say Venezuela was invited?")
    assert q.speakers == ("Karine Jean-Pierre",) and "White House" not in q.names and "Venezuela" in q.names
    q = analyzer.analyze("What's Karine Jean-Pierre's position at the briefing?")
    assert (q.kind, q.speakers) == ("who_is", ("Karine Jean-Pierre",))


def test_a_nationality_the_corpus_speaks_of_all_along_is_implied_by_every_role() -> None:
    """ "the former French foreign minister" in French proceedings: of the former ministers, the
    one whose role names no other country; a nationality the corpus does not dwell on still
    has to be held ("the Italian ambassador" is nobody)."""
    table = [
        SpeakerInfo("Bernard Kouchner", "Ancien Ministre des Affaires étrangères", "Session 3", "speaker", 3),
        SpeakerInfo(
            "Mohamed Fadhel Mahfoudh",
            "Ancien ministre, président de l'Ordre tunisien des avocats",
            "Session 2",
            "speaker",
        ),
        SpeakerInfo("Anne Louyot", "Ambassadrice de France en Arménie", "Session 2", "speaker", 2),
    ]
    analyzer = QueryAnalyzer(table, PARTS, common=frozenset({"france", "collectivites"}), translate=_translations)
    q = analyzer.analyze("Why does the former French foreign minister think being small is an advantage?")
    assert q.speakers == ("Bernard Kouchner",) and not q.unknown, q
    assert analyzer.analyze("Qu'a dit l'ancien ministre tunisien ?").speakers == ("Mohamed Fadhel Mahfoudh",)
    assert analyzer.analyze("What did the Italian ambassador say?").unknown


def test_how_a_statement_is_worded_is_no_topic(analyzer: QueryAnalyzer) -> None:
    q = analyzer.analyze("Rebsamen had a memorable label for local officials. What did he call them?")
    assert set(q.topic) == {"local", "officials"}, q
    q = analyzer.analyze("Quelle formule marquante Patrice Leclerc a-t-il employée sur la paix ?")
    assert q.topic == ("paix",) and q.speakers == ("Patrice Leclerc",), q


def test_a_subject_is_read_without_what_is_said_of_it_in_apposition(analyzer: QueryAnalyzer) -> None:
    q = analyzer.analyze("What did Jean Castex, who wrote the deconfinement report, say about schools?")
    assert q.unknown == "Jean Castex" and q.speakers == (), q
    q = analyzer.analyze("Qu'a dit Jean Castex, qui a écrit le rapport, sur les écoles ?")
    assert q.unknown == "Jean Castex", q
    q = analyzer.analyze("What did Rebsamen, the mayor of Dijon, say about Ukraine?")
    assert q.speakers == ("François Rebsamen",) and not q.unknown, q


def test_the_head_of_a_kind_of_organisation_is_the_head_who_speaks_of_it_most() -> None:
    """ "The NGO head": no role says which organisation is an NGO ("Président de ACTED"); the
    head of an organisation whose own statements speak of NGOs most (more than once) is meant."""
    counts = {"Bertrand Gallet": {"ong": 3}, "François Rebsamen": {"ong": 1}}

    def speaks_of(name: str, words: frozenset[str]) -> int:
        return sum(n for w, n in counts.get(name, {}).items() if w in words)

    analyzer = QueryAnalyzer(SPEAKERS, PARTS, translate=_translations, speaks_of=speaks_of)
    q = analyzer.analyze("The NGO head had a line about where aid starts and ends. How did he put it?")
    assert q.speakers == ("Bertrand Gallet",) and not q.unknown, q
    assert analyzer.analyze("Qu'a dit le président de l'ONG ?").speakers == ("Bertrand Gallet",)
    counts["François Rebsamen"] = {"ngo": 3}  # as often: nobody is singled out
    assert analyzer.analyze("What did the NGO head say?").unknown


def test_whose_group_someone_is_in_is_not_who_is_asked() -> None:
    table = [
        SpeakerInfo("Florent Lardic", "la tête de liste", "Réunion", "speaker", 5),
        SpeakerInfo("Carine Thomas", "aide-soignante de métier", "Réunion", "speaker", 2),
    ]
    analyzer = QueryAnalyzer(table, ["Réunion"])
    q = analyzer.analyze("What is the care assistant on Lardic's list particularly committed to?")
    assert q.speakers == ("Carine Thomas",) and not {"lardic", "list"} & set(q.topic), q
    q = analyzer.analyze("Que dit l'aide-soignante de la liste de Florent Lardic sur la santé ?")
    assert q.speakers == ("Carine Thomas",) and q.topic == ("santé",) and q.names == (), q
    assert analyzer.analyze("What did Lardic say about the list?").speakers == ("Florent Lardic",)


def test_a_role_named_with_a_complement_in_the_plural_is_one_person(analyzer: QueryAnalyzer) -> None:
    """ "le directeur des finances" is one person (the head noun is "directeur"), and a
    function nobody holds is unknown, not the role that merely resembles it."""
    q = analyzer.analyze("Qu'a dit le directeur des finances sur le budget ?")
    assert q.speakers == () and q.unknown.startswith("directeur des finances"), q
    assert [m.plural for m in role_mentions("les grands témoins")] == [True]
    assert [m.plural for m in role_mentions("the director of finance")] == [False]


@pytest.mark.parametrize(
    ("question", "counted"),
    [
        ("How many police officers did Macron say would be deployed?", ("police", "officers")),
        ("Combien de chambres d'hôtel ont été réquisitionnées ?", ("chambres",)),
        ("How many people did he say were killed in the blast?", ("killed",)),
        ("Did he give a death toll for the blast?", ("death",)),
        # a role counted is what the question counts, not someone it asks about
        ("How many mayors signed the letter, according to Anne Louyot?", ("mayors",)),
        # English puts the noun counted last in its compound; a name in it is not counted
        ("How many RCMP officers were cut in British Columbia?", ("officers",)),
        ("How many Syrian refugees does Lebanon host?", ("refugees",)),
        # a time unit is no noun counted: « 23 ans » answers « combien d'années »
        ("Depuis combien d'années l'indice n'avait-il pas été aussi haut ?", ()),
        ("Combien de personnes ont été blessées ?", ("blessées",)),
        # people or time, and nothing befell them: any figure may count them
        ("How many people does the colloquium expect?", ()),
        # ... but those who came are people a figure names (« 500 rencontres » does not count them)
        ("How many people attended the colloquium?", ("people",)),
        ("Depuis combien de temps la décentralisation est-elle discutée ?", ()),
        # a year or an age is not a count: nothing is counted
        ("How old was Serge Dassault when he died?", ()),
        # a sum is of what "how much" names, whatever its unit
        ("How much compensation per farmer did Anne Louyot promise?", ("compensation",)),
        ("How much funding did Lyon receive?", ("funding",)),
        # what is counted comes after a possessive, and after the figure the question states
        ("How many of the parties' 120 recommendations were approved?", ("recommendations",)),
    ],
)
def test_what_a_number_question_counts(analyzer: QueryAnalyzer, question: str, counted: tuple[str, ...]) -> None:
    """The noun after "how many" / « combien de », or what befell the people counted."""
    assert analyzer.analyze(question).counted == counted


def test_whom_the_speaker_of_a_follow_up_blames_is_asked_of_them(analyzer: QueryAnalyzer) -> None:
    """« Et qui tient-il pour responsable ? »: the pronoun after the verb is the subject; the
    role noun after it ("responsable") names nobody asked about."""
    history = ["What did Bertrand Gallet say?"]
    q = analyzer.analyze("Et qui tient-il pour responsable du désastre ?", history)
    assert (q.kind, q.speakers, q.speaker_source) == ("speaker_topic", ("Bertrand Gallet",), "history"), q
    q = analyzer.analyze("And who does she blame for the crisis?", ["What did Anne Louyot say?"])
    assert q.speakers == ("Anne Louyot",), q
    # without the inversion, who holds a role is asked
    assert analyzer.analyze("Et qui animait la session 2 ?", ["Que dit Rebsamen ?"]).kind == "who_is"


def test_titles_of_nobility_and_offices_that_exclude_each_other() -> None:
    people = [
        SpeakerInfo("Dufour", "baron, Lot", "", "speaker", 3),
        SpeakerInfo("Jean de Colbert-Laplace", "comte, Calvados", "", "speaker", 3),
        SpeakerInfo("Jack Dorsey", "CEO of Twitter and Square", "", "speaker", 3),
    ]
    analyzer = QueryAnalyzer(people, [], frozenset())
    assert analyzer.analyze("Qu'a dit le baron du Lot ?").speakers == ("Dufour",)
    assert analyzer.analyze("Qu'a dit le comte du Calvados ?").speakers == ("Jean de Colbert-Laplace",)
    # "the count" is a tally, not a title
    assert not analyzer.analyze("What did the chair say when the count was taken?").speakers
    # Square's chief financial officer is not its chief executive: nobody here
    q = analyzer.analyze("What did Square's chief financial officer say about revenue?")
    assert not q.speakers and q.unknown, q


def test_the_one_a_chair_label_named_is_the_chair_of_the_sitting() -> None:
    """« M. le président. » labelled the vice-president in the chair: « le président de
    séance » is him; « le président du conseil » (another office) is nobody here."""
    people = [
        SpeakerInfo("Jean Faure", "vice-président", "", "speaker", 3, aliases=("M. le président",)),
        SpeakerInfo("Hervé Gaymard", "secrétaire d'Etat aux finances", "", "speaker", 3),
    ]
    analyzer = QueryAnalyzer(people, [], frozenset())
    assert analyzer.analyze("Qu'a annoncé le président de séance ?").speakers == ("Jean Faure",)
    q = analyzer.analyze("Qu'a répondu le président du conseil à Hervé Gaymard ?")
    assert "Jean Faure" not in q.speakers, q


def test_a_role_that_says_whose_it_is_must_say_what_the_question_does() -> None:
    people = [
        SpeakerInfo("Hitchman", "Counsel to the Inquiry", "", "speaker", 3),
        SpeakerInfo("Anne Louyot", "Ambassadrice de France en Arménie", "", "speaker", 3),
        SpeakerInfo("François Rebsamen", "Maire de Dijon", "", "speaker", 3),
    ]
    analyzer = QueryAnalyzer(people, [], frozenset())
    q = analyzer.analyze("Qu'a demandé l'avocat des familles endeuillées à la témoin ?")
    assert "Hitchman" not in q.speakers, q
    assert analyzer.analyze("What did the counsel to the inquiry ask?").speakers == ("Hitchman",)
    # a verb after the noun is no complement; "the city" names no one else's city
    assert analyzer.analyze("France's ambassador described the crises. Which ones?").speakers == ("Anne Louyot",)
    assert analyzer.analyze("Qu'a dit le maire de la ville ?").speakers == ("François Rebsamen",)


def test_first_is_no_premier_and_a_role_s_capital_is_no_name() -> None:
    people = [
        SpeakerInfo("Hervé Gaymard", "secrétaire d'Etat aux finances", "", "speaker", 3),
        SpeakerInfo("Jane Runeckles", "head of the team of special advisers", "", "speaker", 3),
    ]
    analyzer = QueryAnalyzer(people, [], frozenset())
    q = analyzer.analyze("Plusieurs orateurs ont décrit les pouvoirs locaux comme le premier rempart : lesquels ?")
    assert not q.unknown, q  # « le premier rempart » names no Premier
    q = analyzer.analyze("Combien de notes Runeckles a-t-elle rédigées pour le Premier ministre ?")
    assert q.speakers == ("Jane Runeckles",) and "Premier" not in q.names, q
    q = analyzer.analyze("What did the junior minister say about the banks?")
    assert q.speakers == ("Hervé Gaymard",), q


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("Did any of the panelists bring up covid? Who?", ("covid",)),
        ("Who referred to the upcoming vote?", ("upcoming", "vote")),
        # « cités » may be cities: only the English participle is a verb of speech
        ("Quels sont les défis cités par Anne Louyot ?", ("défis", "cités")),
    ],
)
def test_verbs_that_only_say_it_was_said_are_no_topic(
    analyzer: QueryAnalyzer, question: str, topic: tuple[str, ...]
) -> None:
    assert analyzer.analyze(question).topic == topic


def test_a_question_of_post_or_organisation_words_about_someone_asks_who_they_are(analyzer: QueryAnalyzer) -> None:
    """Whatever the form: the words asked are all words of a post or an organisation."""
    for question in (
        "Benedetta Oddo, elle représente quelle structure au juste ?",
        "Pouvez-vous me dire quel poste occupe Anne Louyot ?",
        "Which organisation does Bertrand Gallet represent?",
    ):
        q = analyzer.analyze(question)
        assert q.kind == "who_is" and len(q.speakers) == 1, question
    # a topic beside the post words, or a verb of saying, keeps it a question about their words
    assert analyzer.analyze("Quel rôle Anne Louyot attribue-t-elle aux collectivités ?").kind != "who_is"
    assert analyzer.analyze("What position did Bertrand Gallet state on the structure of aid?").kind != "who_is"


def test_the_rest_of_a_name_the_document_shortens_is_not_the_topic() -> None:
    """A speaker labelled by surname, asked about by full name: the first name is who, not what."""
    people = [SpeakerInfo("Hammer", "Research Fellow at Downing College", "", "speaker", 2)]
    q = QueryAnalyzer(people, []).analyze("What did Charlotte Hammer say about zoonoses?")
    assert q.speakers == ("Hammer",) and "Charlotte" not in q.topic and "zoonoses" in q.topic


def test_people_counted_are_what_the_figure_counts(analyzer: QueryAnalyzer) -> None:
    """ "Participants" says how a question is put ("Which participants…"), but counted it is what
    a figure must name: 17h or an UMR number do not answer how many took part."""
    q = analyzer.analyze("Combien de participants assistaient au colloque ?")
    assert q.answer_type == "number" and q.counted == ("participants",) and "participants" in q.topic
    assert analyzer.analyze("Quels participants ont parlé de l'Ukraine ?").counted == ()


@pytest.mark.parametrize(
    ("question", "answer_type", "about_document"),
    [
        ("Où s'est tenu le colloque ?", "place", True),
        ("Where did the Cités Unies France colloquium on territorial diplomacy take place?", "place", True),
        ("In which room was the hearing held?", "place", True),
        ("Which room at the Assemblée nationale was the conference held in?", "place", True),
        ("When was this government page last updated?", "date", True),
        ("La page gouvernement.fr, elle est de quel jour ?", "date", True),
        ("When and where will the next edition of the colloquium take place?", "date", False),
        ("Where does Anne Louyot stand on sanctions?", "view", False),  # a view of hers, no place
    ],
)
def test_where_an_event_was_held_is_a_place_of_the_document(
    analyzer: QueryAnalyzer, question: str, answer_type: str, about_document: bool
) -> None:
    q = analyzer.analyze(question)
    assert (q.answer_type, q.about_document) == (answer_type, about_document)


@pytest.mark.parametrize(
    "question",
    [
        "How did the room react to Bernard Kouchner's remarks? Was there applause?",
        "Comment la salle a-t-elle réagi au discours de Gallet ?",
        "Did the audience applaud Anne Louyot?",
    ],
)
def test_the_rooms_reaction_is_asked_without_its_words_as_topic(analyzer: QueryAnalyzer, question: str) -> None:
    q = analyzer.analyze(question)
    assert q.answer_type == "reaction"
    assert not {"room", "react", "applause", "salle", "réagi", "audience", "applaud"} & {w.lower() for w in q.topic}


def test_said_back_is_a_reply_and_on_that_takes_the_topic_before(analyzer: QueryAnalyzer) -> None:
    """ "And what did Gallet say back on that?": Gallet, on the question before's topic; "back" is
    no topic word."""
    q = analyzer.analyze(
        "And what did Gallet say back on that?", ["What did Anne Louyot say about the Karabakh refugees?"]
    )
    assert q.speakers == ("Bertrand Gallet",)
    assert q.kind == "speaker_topic"
    assert {"karabakh", "refugees"} <= {w.lower() for w in q.topic} and "back" not in q.topic
    # without a pointer back, a bare question about a speaker stays a summary
    alone = analyzer.analyze("And what did Gallet say?", ["What did Anne Louyot say about the Karabakh refugees?"])
    assert alone.kind == "speaker_summary"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("What does Sina Schlimmer do? What's her background?", "who_is"),
        ("What's Gallet's background?", "who_is"),
        ("Que fait Benedetta Oddo dans la vie ?", "who_is"),
        ("What did Gallet ask the mayors to do?", None),  # what he asked of them, not who he is
    ],
)
def test_what_someone_does_is_who_they_are(analyzer: QueryAnalyzer, question: str, kind: str | None) -> None:
    got = analyzer.analyze(question).kind
    assert got == kind if kind else got != "who_is"


def test_how_many_counts_the_noun_not_a_verb_after_it(analyzer: QueryAnalyzer) -> None:
    q = analyzer.analyze("According to Gallet, how many books did he own and how many survive today?")
    assert q.answer_type == "number" and q.counted == ("books",)
    assert "big" not in analyzer.analyze("How big is the bonus for care staff?").topic


def test_the_turnout_asked_is_what_a_figure_must_count(analyzer: QueryAnalyzer) -> None:
    q = analyzer.analyze("Roughly what was the turnout for the day, do we know the audience size?")
    assert q.answer_type == "number" and set(q.counted) == {"turnout", "audience"}


def test_that_session_is_the_part_the_conversation_was_about(analyzer: QueryAnalyzer) -> None:
    q = analyzer.analyze("And who moderated that session?", ["Qui était le grand témoin de la session 3 ?"])
    assert q.part == "Session 3" and q.speakers == ("François Grünwald",)
    assert (
        analyzer.analyze("And who moderated the sessions?", ["Qui était le grand témoin de la session 3 ?"]).part
        is None
    )


@pytest.mark.parametrize(
    "question",
    [
        "Which point did the moderator of session 3 ask the ambassador to explain?",
        "Le modérateur de la session 3 commence par demander quoi à l'ambassadrice ?",
    ],
)
def test_the_role_spoken_to_is_whom_not_who(analyzer: QueryAnalyzer, question: str) -> None:
    q = analyzer.analyze(question)
    assert q.speakers == ("François Grünwald",), q
    assert "demander" not in q.topic


def test_a_programme_of_that_name_is_a_scheme_not_the_events_programme(analyzer: QueryAnalyzer) -> None:
    assert analyzer.analyze("Quels intervenants ont parlé du programme Excelsior ?").kind == "who_spoke"
    assert analyzer.analyze("Que prévoit le programme de la journée ?").kind == "programme"


@pytest.mark.parametrize(
    ("question", "answer_type"),
    [
        ("Quel est le titre du livre qu'Anne Louyot est venue présenter ?", "title"),
        ("Anne Louyot parle-t-elle d'un bouquin qu'elle aurait écrit ? Il s'appelle comment ?", "title"),
        ("What's the title of the report Gallet mentions?", "title"),
        ("What did Gallet say about the book?", ""),
    ],
)
def test_the_title_of_a_work_is_asked_without_its_words_as_topic(
    analyzer: QueryAnalyzer, question: str, answer_type: str
) -> None:
    q = analyzer.analyze(question)
    assert q.answer_type == answer_type
    assert not {"titre", "title", "appelle"} & {w.lower() for w in q.topic}


def test_an_opening_interjection_does_not_hide_a_follow_up(analyzer: QueryAnalyzer) -> None:
    """ "OK, and for the other city, what's the expected loss figure?": "and" still opens it, the
    speaker comes from the conversation, "OK" is no name, and "what's the … figure" asks a number."""
    q = analyzer.analyze("OK, and for the other city, what's the expected loss figure?", ["What did Gallet say?"])
    assert q.refers_back and q.speakers == ("Bertrand Gallet",)
    assert "OK" not in q.names and q.answer_type == "number"


@pytest.mark.parametrize(
    ("question", "answer_type"),
    [
        ("On what date did this House special order on the rescue package take place?", "date"),
        ("Le débat sur le rapport de la Commission s'est tenu quel jour ?", "date"),
        ("Qui présidait la séance du 31 octobre et à quelle heure s'est-elle ouverte ?", "time"),
    ],
)
def test_the_event_of_the_document_named_by_its_genre_or_date_is_the_document(
    analyzer: QueryAnalyzer, question: str, answer_type: str
) -> None:
    q = analyzer.analyze(question)
    assert (q.answer_type, q.about_document) == (answer_type, True), q


def test_the_word_that_names_a_part_is_no_topic_word(analyzer: QueryAnalyzer) -> None:
    """ "after session 2": the part is found; "session" would be held by every passage of it."""
    q = analyzer.analyze("What questions did the audience ask during the debate after session 2?")
    assert q.part == "Session 2" and "session" not in {w.lower() for w in q.topic}


def test_a_held_role_of_another_place_is_nobody_else_named_there() -> None:
    """« le maire de Paris » among mayors of other cities is unknown, not the researcher of
    "Paris 1"; the owner may still be written otherwise than the holder's role (a translation)."""
    table = [
        *SPEAKERS,
        SpeakerInfo("Yves Viltard", "Maître de conférences en sciences politiques, Paris 1", "Session 1", "speaker"),
    ]
    q = QueryAnalyzer(table, PARTS).analyze("Qu'a dit le maire de Paris ?")
    assert (q.speakers, q.unknown) == ((), "maire Paris"), q
    senate = [
        SpeakerInfo("Hervé Gaymard", "secrétaire d'État au budget", "", "speaker", 5),
        SpeakerInfo("Paul Loridant", "sénateur de l'Essonne", "", "speaker", 3),
    ]
    translate = {"finance": ("budget",), "state": ("État",)}.get
    q = QueryAnalyzer(senate, [], translate=lambda w: translate(w.lower(), ())).analyze(
        "What did the Secretary of State for Finance say about the bank?"
    )
    assert q.speakers == ("Hervé Gaymard",), q


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        # A generic noun ("chef", "représentant") says who by the phrase it governs.
        ("Que pense le chef de l'opposition officielle de la coopération ?", "chef opposition officielle"),
        ("What did the head of the official opposition say?", "head official opposition"),
        # ... and by its capitals, when it has some: every ministry is a « ministère ».
        ("Qu'a dit le représentant du ministère de l'Intérieur ?", "representant Intérieur"),
    ],
)
def test_a_generic_role_noun_is_told_by_what_it_governs(analyzer: QueryAnalyzer, question: str, unknown: str) -> None:
    q = analyzer.analyze(question)
    assert (q.speakers, q.unknown) == ((), unknown), q
    assert analyzer.analyze("Que dit le chef du service international ?").speakers == ("Simoné Giovetti",)
    # The topic after the governed phrase stays the topic.
    assert "coopération" in analyzer.analyze("Que pense le chef de l'opposition officielle de la coopération ?").topic


def test_a_capitalised_complement_the_corpus_never_capitalises_names_nothing() -> None:
    """The one « ministre » of an interview is « le ministre de l'Intérieur » when the corpus
    speaks of the Interior as a name; its « à l'intérieur » alone does not make him so."""
    table = [
        SpeakerInfo("Gérald Darmanin", "ministre", "", "speaker", 2),
        SpeakerInfo("Anne Dupont", "journaliste", "", "speaker", 2),
    ]
    spoken = lambda w: fold(w) == "interieur"  # noqa: E731
    named = QueryAnalyzer(table, [], in_corpus=spoken)
    assert named.analyze("Qu'a dit le ministre de l'Intérieur ?").speakers == ("Gérald Darmanin",)
    common = QueryAnalyzer(table, [], in_corpus=spoken, lowercase=lambda w: w == "interieur")
    q = common.analyze("Qu'a dit le ministre de l'Intérieur ?")
    assert (q.speakers, q.unknown) == ((), "ministre Intérieur"), q


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        # A role as the subject of « qu'est-ce que … a répondu »: the person named after it is
        # whom they answered.
        ("Qu'est-ce que le premier ministre a répondu à Sean Lynch ?", "premier ministre"),
        ("Est-ce que la maire de Paris a pris la parole ?", "maire Paris"),
    ],
)
def test_a_role_subject_of_a_french_verb_of_speech_says_who(other: QueryAnalyzer, question: str, unknown: str) -> None:
    q = other.analyze(question)
    assert (q.speakers, q.unknown) == ((), unknown), q


def test_whom_a_reply_answered_is_not_the_topic() -> None:
    table = [
        SpeakerInfo("Allan Rock", "ministre de la Sante", "", "speaker", 4),
        SpeakerInfo("Grant Hill", "Macleod, Réf.", "", "speaker", 2),
    ]
    q = QueryAnalyzer(table, []).analyze(
        "Qu'est-ce que le ministre de la Santé a promis en répondant au député de Macleod ?"
    )
    assert q.speakers == ("Allan Rock",) and q.topic == (), q
    q = QueryAnalyzer(table, []).analyze(
        "What did Allan Rock say about hepatitis C in reply to the member for Macleod?"
    )
    assert q.topic == ("hepatitis",), q


def test_deputy_prime_minister_is_not_the_prime_minister() -> None:
    table = [
        SpeakerInfo("Herb Gray", "vice-premier ministre, Lib.", "", "speaker", 6),
        SpeakerInfo("Jean Chrétien", "premier ministre, Lib.", "", "speaker", 2),
    ]
    analyzer = QueryAnalyzer(table, [])
    assert analyzer.analyze("What did the Deputy Prime Minister say about pensions?").speakers == ("Herb Gray",)
    assert analyzer.analyze("Qu'a dit le premier ministre des pensions ?").speakers == ("Jean Chrétien",)


def test_an_inverted_verb_after_a_role_noun_is_no_complement() -> None:
    """« La présidence a-t-elle déclaré… »: "a-t-elle" is the verb, no presidency of it."""
    table = [SpeakerInfo("Le Président", "Président de la Chambre", "", "speaker", 9)]
    q = QueryAnalyzer(table, []).analyze("La présidence a-t-elle déclaré la motion no 5 adoptée ou rejetée ?")
    assert q.unknown == "" and q.answer_type == "vote", q


def test_a_common_word_opening_a_question_is_no_unknown_person(analyzer: QueryAnalyzer) -> None:
    q = analyzer.analyze("Devant quel tribunal l'affaire doit-elle être entendue ?")
    assert q.unknown == "", q


def test_a_party_in_the_plural_is_the_speaker_s_own() -> None:
    table = [SpeakerInfo("Jim Jones", "Markham, PC", "", "speaker", 3)]
    q = QueryAnalyzer(table, []).analyze("Jim Jones from the PCs gave a figure for the tax burden, what was it?")
    assert q.speakers == ("Jim Jones",) and "PCs" not in q.names, q


@pytest.mark.parametrize(
    ("question", "answer_type"),
    [
        ("Quel a été le décompte des voix lors du rejet de la motion no 2 ?", "tally"),
        ("How many senators voted for the amendment?", "tally"),
        ("Par combien de voix la motion a-t-elle été adoptée ?", "tally"),
        ("What was the result of the vote?", "vote"),
        ("La motion a-t-elle été adoptée ?", "vote"),
        # a procedure about votes, no count asked
        ("What happens if two candidates end up with the same number of votes?", ""),
        ("Quand le Crédit Lyonnais sera-t-il privatisé ?", "date"),
        ("When will the bill be passed?", "date"),
        ("Comment les autres députés ont-ils réagi à l'hommage ?", "reaction"),
    ],
)
def test_answer_types_of_votes_future_dates_and_reactions(
    analyzer: QueryAnalyzer, question: str, answer_type: str
) -> None:
    assert analyzer.analyze(question).answer_type == answer_type


def test_a_former_role_nobody_held_is_not_whoever_the_place_names() -> None:
    """« le maire sortant d'Audierne »: nobody's role is a mayor's, and the list's head
    introduced with Audierne has left no office (nor holds one now: "the current mayor")."""
    intro = "Florent Lardic, tête de liste pour Audierne-Esquibien"
    table = [
        SpeakerInfo("Florent Lardic", "la tête de liste", "", "speaker", 9, intro=intro),
        SpeakerInfo("Carine Thomas", "aide-soignante", "", "speaker", 2),
    ]
    analyzer = QueryAnalyzer(table, [])
    q = analyzer.analyze("Qui est le maire sortant d'Audierne-Esquibien ?")
    assert q.speakers == () and q.unknown == "maire Audierne-Esquibien", q
    assert analyzer.analyze("Qui est le candidat d'Audierne-Esquibien ?").speakers == ("Florent Lardic",)
    q = analyzer.analyze("Did the current mayor of Audierne-Esquibien respond to the list?")
    assert q.speakers == () and q.unknown, q


def test_whom_a_reply_answered_is_no_name_to_find_nor_topic() -> None:
    """« Et qu'a-t-il répondu à Elena Pierrazzo ? »: his reply need not name her."""
    table = [
        SpeakerInfo("Emmanuël Souchier", "professeur", "", "speaker", 3),
        SpeakerInfo("Eve Martin", "", "", "speaker", 1),
    ]
    q = QueryAnalyzer(table, []).analyze(
        "Et qu'a-t-il répondu à Elena Pierrazzo ?", ["What does Emmanuël Souchier say?"]
    )
    assert q.speakers == ("Emmanuël Souchier",) and q.names == () and q.topic == (), q
    # named otherwise, she is a name the answer must hold
    q = QueryAnalyzer(table, []).analyze("Qu'a dit Emmanuël Souchier d'Elena Pierrazzo ?")
    assert q.names == ("Elena Pierrazzo",), q


def test_whom_a_french_question_has_questioned_is_not_who() -> None:
    table = [
        SpeakerInfo("Lady Hallett", "présidente de la commission", "", "speaker", 5),
        SpeakerInfo("Prof Woolhouse", "témoin", "", "speaker", 5),
    ]
    q = QueryAnalyzer(table, []).analyze("Sur quel sujet la présidente interroge-t-elle elle-même la témoin ?")
    assert q.speakers == ("Lady Hallett",), q


def test_whom_a_reaction_followed_is_not_the_speaker(analyzer: QueryAnalyzer) -> None:
    """« Comment le maire de Lyon a-t-il réagi quand Patrice Leclerc a parlé de la Palestine ? »
    asks for Doucet's words; Leclerc's are the occasion. Opening the question, the clause may
    name whom it is about."""
    q = analyzer.analyze("Comment le maire de Lyon a-t-il réagi quand Patrice Leclerc a parlé de la Palestine ?")
    assert q.speakers == ("Grégory Doucet",) and "leclerc" not in [fold(w) for w in q.topic], q
    q = analyzer.analyze("What did the mayor of Lyon say when Patrice Leclerc raised Palestine?")
    assert q.speakers == ("Grégory Doucet",), q
    assert analyzer.analyze("Qu'a dit Patrice Leclerc quand on l'a interrogé ?").speakers == ("Patrice Leclerc",)


def test_a_role_complement_ends_at_a_comma(analyzer: QueryAnalyzer) -> None:
    """« Et du côté du maire, quelle a été la réponse ? »: « quelle » is no place the mayor is of."""
    q = analyzer.analyze("Et du côté du maire, quelle a été la réponse ?", ["Qui a parlé de la Palestine ?"])
    assert "quelle" not in q.unknown, q


@pytest.mark.parametrize(
    ("question", "answer_type"),
    [
        ("Quand la loi de décentralisation libanaise a-t-elle été adoptée ?", "date"),
        ("Quand le budget a-t-il été voté ?", "date"),
        ("Quand Patrice Leclerc a-t-il parlé ?", ""),  # "when" alone: in what circumstances
    ],
)
def test_when_with_the_subject_before_an_inverted_verb(
    analyzer: QueryAnalyzer, question: str, answer_type: str
) -> None:
    assert analyzer.analyze(question).answer_type == answer_type


def test_the_owner_of_the_event_named_with_its_genre_is_no_topic(analyzer: QueryAnalyzer) -> None:
    """« au colloque de Cités Unies France », "the Cités Unies France colloquium": which document,
    not a name every answering sentence must repeat."""
    q = analyzer.analyze("c'était à quelle heure la pause déj au colloque de Cités Unies France ?")
    assert q.names == () and [fold(w) for w in q.topic] == ["pause", "dej"], q
    q = analyzer.analyze("When was the lunch break at the Cités Unies France colloquium?")
    assert "Cités Unies France" not in q.names, q
    # « du coup » is said in passing
    assert "coup" not in analyzer.analyze("Et Lyon, du coup, accueille des réfugiés ?").topic


def test_titles_of_state_secretaries_and_list_heads() -> None:
    """ "Secretary of State" is one title (« secrétaire d'État »), not a secretary owned by a
    State; a portfolio its only holder's role does not name is nobody's; « la tête de liste »
    is a role."""
    table = [
        SpeakerInfo("Hervé Gaymard", "secrétaire d'Etat aux finances", "", "speaker", 3),
        SpeakerInfo("Florent Lardic", "la tête de liste", "", "speaker", 5),
        SpeakerInfo("Karine Thomas", "aide-soignante", "", "speaker", 2),
    ]
    a = QueryAnalyzer(table, [])
    assert a.analyze("What did the secretary of state for finance say?").speakers == ("Hervé Gaymard",)
    assert a.analyze("Qu'a dit le secrétaire d'État aux finances ?").speakers == ("Hervé Gaymard",)
    q = a.analyze("What did the Secretary of State for Health say?")
    assert q.speakers == () and q.unknown, q
    assert a.analyze("Quel âge a la tête de liste ?").speakers == ("Florent Lardic",)


def test_which_of_their_words_is_no_topic(other: QueryAnalyzer) -> None:
    """ "in his address as new mayor", « dans son discours »: which words, not what about."""
    q = other.analyze("What did Sean Lynch say about homelessness in his address as new mayor?")
    assert [fold(w) for w in q.topic] == ["homelessness"], q


@pytest.mark.parametrize(
    ("question", "answer_type"),
    [
        ("Est-ce que Gallet a précisé le montant de la collecte ?", "money"),
        ("Did she give a figure for the refugees?", "number"),
        ("A-t-il donné le nombre de réfugiés ?", "number"),
        ("Did she give a speech?", ""),
        # a rate or a share asked is a percentage
        ("What was the unemployment rate according to Statistics Canada?", "percent"),
        ("D'après Malika, quel est le taux de pauvreté dans la commune ?", "percent"),
        ("How does he explain the difference between the two fatality rates?", ""),
        # what public finances count is money: a currency, not « 36 solutions »
        ("À combien Gallet chiffre-t-il le déficit du régime ?", "money"),
    ],
)
def test_asking_whether_a_figure_was_given_asks_for_it(
    analyzer: QueryAnalyzer, question: str, answer_type: str
) -> None:
    assert analyzer.analyze(question).answer_type == answer_type


def test_a_solicitor_general_answering_a_member() -> None:
    """« le solliciteur général » is a role; the member he answered (« à Myron Thompson ») is
    nobody the role belongs to; "Jim Jones from the PCs": his party says who, not what about."""
    table = [
        SpeakerInfo("Andy Scott", "solliciteur general du Canada, Lib.", "", "speaker", 3),
        SpeakerInfo("Myron Thompson", "Wild Rose, Réf.", "", "speaker", 2),
        SpeakerInfo("Jim Jones", "Markham, PC", "", "speaker", 2),
    ]
    a = QueryAnalyzer(table, [])
    assert a.analyze("Qu'a répondu le solliciteur général à Myron Thompson ?").speakers == ("Andy Scott",)
    assert a.analyze("What did the Solicitor General say about the RCMP?").speakers == ("Andy Scott",)
    q = a.analyze("Jim Jones from the PCs gave a figure for the tax burden, what was it?")
    assert q.speakers == ("Jim Jones",) and "pcs" not in [fold(w) for w in q.topic], q
    assert q.answer_type == "number"


def test_which_members_spoke_of_someone_named_like_a_speaker() -> None:
    """« Quels députés ont parlé de Jean Carle ? »: Carle is no speaker, and sharing the first
    name of the Prime Minister does not make him the one asked about; in a sitting every speaker
    is a member, so the few whose label says « député » are not the answer either."""
    table = [
        SpeakerInfo("Jean Chretien", "premier ministre, député de Saint-Maurice", "", "speaker", 3),
        SpeakerInfo("Jim Abbott", "Kootenay-Est, Réf.", "", "speaker", 2),
        SpeakerInfo("Rick Casson", "Lethbridge, Réf.", "", "speaker", 2),
    ]
    a = QueryAnalyzer(table, [])
    for question in (
        "Quels députés ont parlé de Jean Carle ?",
        "Quels députés ont interrogé le gouvernement sur Jean Carle ?",
    ):
        q = a.analyze(question)
        assert q.speakers == () and q.kind == "who_spoke", q
    assert a.analyze("Qu'a dit Jean Chretien ?").speakers == ("Jean Chretien",)


def test_a_month_and_year_asked_is_one_name(analyzer: QueryAnalyzer) -> None:
    """« les élections de décembre 2023 » names December 2023, which « mars 2023 » does not give;
    a year alone stays a year."""
    from qa.core.text import names_month_year
    from qa.terms import TermMatcher

    q = analyzer.analyze("Qu'a dit Grégory Doucet des élections de décembre 2023 ?")
    assert q.names == ("décembre 2023",), q
    assert analyzer.analyze("Que s'est-il passé en 2015 ?").names == ("2015",)
    assert names_month_year("décembre 2023", "les élections du 17 décembre 2023")
    assert names_month_year("December 2023", "on December 17, 2023, the vote")
    assert names_month_year("June 2017", "HELD ON FRIDAY, 23RD JUNE, 2017, AT 2 P.M.")
    assert not names_month_year("décembre 2023", "la dissolution des conseils en mars 2023")
    matcher = TermMatcher({}, "fr")
    assert matcher.has_name("décembre 2023", "élu en décembre 2023.", "fr")
    assert not matcher.has_name("décembre 2023", "élu en mars 2023.", "fr")


def test_a_date_in_figures_is_written_out_in_both_languages() -> None:
    from qa.core.text import written_dates

    assert written_dates("Journal 28/05/2018 20h00") == ["28 mai 2018", "28 May 2018", "May 28, 2018"]
    assert written_dates("date: 2022-06-07 09:55") == ["7 juin 2022", "7 June 2022", "June 7, 2022"]
    assert written_dates("05/28/2018")[0] == "28 mai 2018"  # a month cannot be 28th
    assert written_dates("le 45/13/2018, page 3") == []


def test_a_who_asked_in_a_clause_of_its_own_and_a_part_numbered_in_words(analyzer: QueryAnalyzer) -> None:
    """« …, et c'était qui l'animateur ? » asks who holds the role, as « Qui animait… ? » does;
    « la session deux » is session 2; the words that number the part are no topic."""
    q = analyzer.analyze("à quelle heure démarrait la troisième session, et c'était qui l'animateur ?")
    assert (q.kind, q.speakers, q.part) == ("who_is", ("François Grünwald",), "Session 3"), q
    assert "troisième" not in q.topic
    q = analyzer.analyze("Qui animait la session deux ?")
    assert (q.part, q.speakers, q.topic) == ("Session 2", ("Simoné Giovetti",), ()), q
    # a relative clause is no question of who
    q = analyzer.analyze("Qu'a dit le maire de Lyon, qui a parlé avant, de la guerre ?")
    assert q.kind == "speaker_topic", q


def test_what_asks_for_a_figure_by_its_name(analyzer: QueryAnalyzer) -> None:
    """« Donne-t-il un nombre de… ? » asks a number; "what fine" and « quel salaire » a sum of
    money; "the legal retirement age" an age."""
    assert analyzer.analyze("Patrice Leclerc donne-t-il un nombre de villes engagées ?").answer_type == "number"
    assert analyzer.analyze("Cite-t-elle un chiffre ?").answer_type == "number"
    assert analyzer.analyze("What fine do people face if they break the rules?").answer_type == "money"
    assert analyzer.analyze("À quel salaire horaire crée-t-on des emplois ?").answer_type == "money"
    assert analyzer.analyze("What is the legal retirement age in Sweden?").answer_type == "age"
    assert analyzer.analyze("Quel est l'âge légal de départ ?").answer_type == "age"
    assert analyzer.analyze("Is the plan fine?").answer_type == ""


def test_a_role_that_is_the_subject_is_not_the_pronoun_s_antecedent(analyzer: QueryAnalyzer) -> None:
    """In a follow-up, a role set apart at the start (« Et le maire de Marseille, qu'est-ce qu'il
    a répondu ? ») or the subject of the verb ("Did the mayor of Marseille respond to him?") is
    who is asked: nobody here; the pronoun does not bring back the speaker before."""
    history = ["Que dit Grégory Doucet de la guerre ?"]
    for question in (
        "Et le maire de Marseille, qu'est-ce qu'il lui a répondu ?",
        "Did the mayor of Marseille ever respond to him on that?",
        "Qu'a répondu le maire de Marseille à sa question ?",
    ):
        q = analyzer.analyze(question, history)
        assert q.speakers == () and "marseille" in q.unknown.lower(), (question, q)
    # the role as what the pronoun's speaker spoke of keeps the pronoun's speaker
    q = analyzer.analyze("Et qu'a-t-il dit du maire de Marseille ?", history)
    assert q.speakers == ("Grégory Doucet",), q


def test_a_role_s_own_qualifier_names_another_office() -> None:
    """ "the Treasury Secretary" is not the Press Secretary, though the briefing speaks of the
    Treasury; "the White House press secretary" is."""
    table = [SpeakerInfo("Karine Jean-Pierre", "Press Secretary", "Briefing", "speaker")]
    analyzer = QueryAnalyzer(table, ["Briefing"], in_corpus=lambda w: fold(w) in {"white", "house", "treasury"})
    q = analyzer.analyze("Did the Treasury Secretary say anything about the fund?")
    assert q.speakers == () and "treasury" in q.unknown.lower(), q
    q = analyzer.analyze("What did the White House press secretary say about guns?")
    assert q.speakers == ("Karine Jean-Pierre",), q


def test_people_named_with_their_titles_who_do_not_speak() -> None:
    """« Qu'ont déclaré les secrétaires du Bureau, MM. Daïf et Smits ? »: people named with
    their titles, who do not speak, are whom the question asks about; one named after « à » is
    whom a speaker answered."""
    table = [
        SpeakerInfo("Georges Matagne", "membre de l'Assemblée", "", "speaker", 2),
        SpeakerInfo("R. Hotyat", "Président", "", "speaker", 5),
    ]
    a = QueryAnalyzer(table, [])
    q = a.analyze("Qu'ont déclaré les secrétaires du Bureau, MM. Daïf et Smits, pendant la séance ?")
    assert (q.speakers, q.unknown) == ((), "Daïf et Smits"), q
    q = a.analyze("Qu'a répondu M. Matagne à M. Dupont ?")
    assert (q.speakers, q.unknown) == (("Georges Matagne",), ""), q
    q = a.analyze("Qu'ont dit Matagne et Hotyat ?")
    assert set(q.speakers) == {"Georges Matagne", "R. Hotyat"}, q
    # a speaker named after the inverted pronoun is what its speaker did, not who is asked
    q = a.analyze("Et pourquoi a-t-il choisi Hotyat ?", ["Qu'a dit Matagne ?"])
    assert "R. Hotyat" not in q.speakers, q


def test_a_part_named_by_what_happened_in_it() -> None:
    """ "pendant la nomination du Bureau" is the item of that title, not the one that only
    contains it; its words and « membres de l'Assemblée » are who and when, not what about."""
    titles = {"NOMINATION DU BUREAU": "NOMINATION DU BUREAU", "BUREAU DEFINITIF": "NOMINATION DU BUREAU DEFINITIF"}
    a = QueryAnalyzer(
        [SpeakerInfo("Georges Matagne", "", "NOMINATION DU BUREAU", "speaker", 1)], titles, part_titles=titles
    )
    q = a.analyze("Quels membres de l'Assemblée ont pris la parole pendant la nomination du Bureau ?")
    assert (q.kind, q.part, q.topic) == ("who_spoke", "NOMINATION DU BUREAU", ()), q
    assert a.analyze("Qu'a dit Matagne pendant la guerre ?").part is None


def test_a_named_subject_and_role_words_that_are_nouns(analyzer: QueryAnalyzer) -> None:
    """ "And what did Dupont answer her?": Dupont, no speaker, is who is asked, not the speaker
    « her » stands for; « du gouvernement britannique » says whose representative (a noun in
    -ement is no verb); "France's envoy in Armenia" is its ambassador; « à quel prix » asks a sum
    of money; a bare « la » does not join two names into one."""
    q = analyzer.analyze("And what did Dupont answer her?", ["What did Anne Louyot say about Armenia?"])
    assert (q.speakers, q.unknown) == ((), "Dupont"), q
    q = analyzer.analyze("Qu'a dit le représentant du gouvernement britannique sur la crise ?")
    assert q.speakers == () and "britannique" in q.unknown, q
    assert analyzer.analyze("What did France's envoy in Armenia say?").speakers == ("Anne Louyot",)
    assert analyzer.analyze("Et à quel prix les Thaïlandais ont-ils vendu le porc ?").answer_type == "money"
    q = analyzer.analyze("Combien de décès dus au Covid-19 la France a-t-elle comptés ?")
    assert set(q.names) == {"Covid-19", "France"}, q


def test_who_reacted_is_the_subject_and_a_junior_minister_is_a_secretary_of_state() -> None:
    """« Comment Laurent Berger a-t-il réagi aux propos d'Emmanuel Macron ? »: Berger, who does
    not speak, is asked about, not Macron whose words he reacted to; "the junior finance
    minister" is the « secrétaire d'État aux finances »; « mettre en avant » and "resume" (in
    English) say how, and a sitting's restart, not what about or a summary."""
    table = [
        SpeakerInfo("Emmanuel Macron", "Président de la République", "", "speaker", 9),
        SpeakerInfo("Hervé Gaymard", "secrétaire d'Etat aux finances", "", "speaker", 4),
    ]
    a = QueryAnalyzer(table, [])
    q = a.analyze("Comment Laurent Berger a-t-il réagi aux propos d'Emmanuel Macron sur la CFDT ?")
    assert (q.speakers, q.unknown) == ((), "Laurent Berger"), q
    q = a.analyze("How did Laurent Berger react to Macron's remarks?")
    assert (q.speakers, q.unknown) == ((), "Laurent Berger"), q
    assert a.analyze("Comment Emmanuel Macron a-t-il réagi ?").speakers == ("Emmanuel Macron",)
    q = a.analyze("By how much did the junior finance minister say the bank had to shrink abroad?")
    assert q.speakers == ("Hervé Gaymard",) and "junior" not in q.topic, q
    # "according to the …" says who, not whom it was said to
    q = a.analyze("How many senators will sit on the boards, according to the junior finance minister?")
    assert q.speakers == ("Hervé Gaymard",), q
    q = a.analyze("Quels intervenants mettent en avant le rôle des diasporas ?")
    assert not {"mettent", "avant"} & set(q.topic), q
    assert "resume" in a.analyze("At what time did the sitting resume after the break?").topic


def test_a_proposal_and_the_reason_for_an_event_are_asked_facts() -> None:
    """What someone proposes or plans is a fact to find (not « à propos de », nor the pistes
    « proposées par X », named already); why an event happened is one when no speaker is asked,
    not when their reasoning is (« Selon X, pourquoi… ? »)."""
    table = [SpeakerInfo("Karine Thomas", "tête de liste", "", "speaker", 5)]
    a = QueryAnalyzer(table, [])
    assert a.analyze("Qu'est-ce qu'ils proposent pour les résidences secondaires ?").answer_type == "proposal"
    assert a.analyze("What does Karine Thomas plan to do about second homes?").answer_type == "proposal"
    q = a.analyze("What is Karine Thomas planning to do about holiday homes?")
    assert q.answer_type == "proposal" and "planning" not in q.topic, q
    assert a.analyze("Qu'a dit Karine Thomas à propos du port ?").answer_type == ""
    assert a.analyze("Quelles sont les deux pistes proposées par Karine Thomas ?").answer_type == ""
    assert a.analyze("Pourquoi le Sénat a-t-il rejeté les amendements ?").answer_type == "reason"
    assert a.analyze("Selon Karine Thomas, pourquoi le port est-il en déclin ?").answer_type == ""
    assert a.analyze("Why does Karine Thomas think the harbour matters?").answer_type == ""


def test_a_speaker_described_as_the_subject_and_an_elected_head() -> None:
    """« En quelle année le jeune retraité de la SNCF de la liste s'est-il installé… ? » is about
    the speaker the description names, and its words say who, not what about; « l'élu à la tête
    du département de Seine-Saint-Denis » is its council's president (« a la tête de liste » is
    no head of anything)."""
    table = [
        SpeakerInfo("Thierry Capron", "un jeune retraité de la SNCF", "", "speaker", 3),
        SpeakerInfo("Florent Lardic", "la tête de liste", "", "speaker", 9),
        SpeakerInfo(
            "Stéphane Troussel", "Président du Conseil départemental de la Seine-Saint-Denis", "", "speaker", 4
        ),
    ]
    a = QueryAnalyzer(table, [])
    q = a.analyze("En quelle année le jeune retraité de la SNCF s'est-il installé à Audierne ?")
    assert q.speakers == ("Thierry Capron",) and not {"jeune", "retraité", "sncf"} & set(q.topic), q
    assert a.analyze("Quel âge a la tête de liste ?").speakers == ("Florent Lardic",)
    b = QueryAnalyzer([table[0], table[2]], [])
    q = b.analyze("D'après l'élu à la tête du département de Seine-Saint-Denis, que change la loi ?")
    assert q.speakers == ("Stéphane Troussel",), q
    assert a.analyze("Pourquoi le gouvernement tunisien a-t-il dissous les conseils ?").speakers == ()
    # a described subject that names no speaker's role is what about: the sitting, the House
    chaired = QueryAnalyzer([*table, SpeakerInfo("Le Président", "président de séance", "", "speaker", 9)], [])
    for question in ("À quelle heure la séance a-t-elle été levée ?", "Quand la Chambre s'est-elle réunie ?"):
        q = chaired.analyze(question)
        assert (q.speakers, q.unknown, q.kind) == ((), "", "programme"), q
    assert chaired.analyze("Comment Laurent Berger a-t-il réagi ?").unknown == "Laurent Berger"


def test_a_name_subject_of_a_french_inversion_is_not_the_speaker_before(analyzer: QueryAnalyzer) -> None:
    """« Et comment X a-t-il réagi ? »: the pronoun repeats X, so a person no one speaks as is
    unknown, not the speaker of the question before."""
    q = analyzer.analyze(
        "Et comment Alain Richard a-t-il réagi à ces explications ?", ["Que dit Rebsamen de l'Ukraine ?"]
    )
    assert q.speakers == () and q.unknown == "Alain Richard", q
    # the pronoun alone still refers back
    q = analyzer.analyze("Et comment a-t-il réagi à ces explications ?", ["Que dit Rebsamen de l'Ukraine ?"])
    assert q.speakers == ("François Rebsamen",), q


@pytest.mark.parametrize(
    ("question", "counted"),
    [
        ("Quel montant d'indemnisation le ministre a-t-il promis aux éleveurs ?", ("indemnisation",)),
        ("What was the amount of compensation promised to the farmers?", ("compensation",)),
        ("How much funding did the State give the cities?", ("funding",)),
        ("How much money did the State give the cities?", ()),  # money is the sum itself
    ],
)
def test_a_sum_asked_for_is_of_what_the_question_names(
    analyzer: QueryAnalyzer, question: str, counted: tuple[str, ...]
) -> None:
    q = analyzer.analyze(question)
    assert q.answer_type in ("money", "number") and q.counted == counted, q


def test_a_noun_of_two_roles_finds_the_holder_of_either() -> None:
    """ "the host" is a journalist's word and an « animateur »'s: a programme whose host the
    document calls « animateur » answers "What did the host ask?"."""
    people = [
        SpeakerInfo("Nicolas Demorand", "animateur", "", "speaker", 9),
        SpeakerInfo("Saskia Sassen", "", "", "speaker", 5),
    ]
    q = QueryAnalyzer(people, []).analyze("What did the host ask Saskia Sassen about democracy?")
    assert q.speakers == ("Nicolas Demorand",) and not q.unknown


def test_a_position_on_something_is_a_stance_and_alone_a_post(analyzer: QueryAnalyzer) -> None:
    q = analyzer.analyze("What is the position of Rebsamen on sanctions?")
    assert (q.kind, q.answer_type) == ("speaker_topic", "view")
    q = analyzer.analyze("What is the position of Rebsamen?")
    assert (q.kind, q.answer_type) == ("who_is", "")


def test_the_member_of_a_group_no_role_names_is_the_one_who_names_it() -> None:
    """ "the Front National member", where the table gives no party: the one speaker whose own
    first words name the party ("le Front National votera contre"); nobody when two or none do."""
    table = [
        SpeakerInfo("Georges Matagne", "", "", "speaker"),
        SpeakerInfo("Evelyne Huytebroeck", "", "", "speaker"),
        SpeakerInfo("Le Président", "président", "", "speaker"),
    ]
    said = {"Georges Matagne": {"front": 1, "national": 1}, "Evelyne Huytebroeck": {"ecolo": 2, "national": 1}}

    def speaks_of(name: str, words: frozenset[str]) -> int:
        return sum(said.get(name, {}).get(w, 0) for w in words)

    def opens_with(name: str, words: frozenset[str]) -> bool:
        return name == "Georges Matagne"  # « Monsieur le Président, le Front National votera contre… »

    analyzer = QueryAnalyzer(table, [], speaks_of=speaks_of, opens_with=opens_with)
    q = analyzer.analyze("Why does the Front National member say his group will vote against the nominations?")
    assert q.speakers == ("Georges Matagne",), q
    assert analyzer.analyze("Qu'a dit l'élu du Front National ?").speakers == ("Georges Matagne",)
    # named further on in someone's statement ("parties such as the DA, the FF Plus…"): not theirs
    q = QueryAnalyzer(table, [], speaks_of=speaks_of).analyze("Qu'a dit l'élu du Front National ?")
    assert q.speakers == () and q.unknown, q
    said["Evelyne Huytebroeck"]["front"] = 1  # both name it: it says nothing of who belongs to it
    q = QueryAnalyzer(table, [], speaks_of=speaks_of, opens_with=opens_with).analyze(
        "Qu'a dit l'élu du Front National ?"
    )
    assert q.speakers == () and q.unknown, q


def test_a_participle_s_agent_in_apposition_says_which_one_not_what_is_asked() -> None:
    """« Qui est Loïc Hénaff, cité par la liste Construire l'Avenir ? »: the list's head holds
    « liste » in his role, yet the question is about the man the list cited; a later « il »
    means him, who has no statement (not the list's head)."""
    table = [
        SpeakerInfo("Florent Lardic", "la tête de liste", "Réunion", "speaker", 5),
        SpeakerInfo("Karine Thomas", "colistière", "Réunion", "speaker", 2),
    ]
    meeting = QueryAnalyzer(table, ["Réunion"], in_corpus=lambda w: fold(w) in {"loic", "henaff", "liste"})
    first = "Qui est Loïc Hénaff, cité par la liste Construire l'Avenir ?"
    q = meeting.analyze(first)
    assert q.speakers == () and not q.unknown, q
    assert q.names == ("Loïc Hénaff",) and "construire" not in {fold(w) for w in q.topic}, q
    q = meeting.analyze("Et qu'a-t-il dit aux habitants ?", [first])
    assert q.speakers == () and q.unknown == "Loïc Hénaff", q
    # a speaker asked about first is still the one a pronoun means
    q = meeting.analyze("Et qu'a-t-il dit aux habitants ?", ["Qui est Florent Lardic ?"])
    assert q.speakers == ("Florent Lardic",), q


@pytest.mark.parametrize(
    "question",
    [
        "Quel poste Sina Schlimmer occupe-t-elle à l'IFRI ?",
        "What position does Sina Schlimmer hold at IFRI?",
        "Quelle fonction Sina Schlimmer exerce-t-elle ?",
    ],
)
def test_the_post_someone_holds_is_who_they_are(analyzer: QueryAnalyzer, question: str) -> None:
    q = analyzer.analyze(question)
    assert (q.kind, q.speakers) == ("who_is", ("Sina Schlimmer",)), q


def test_a_role_inside_the_subject_s_relative_clause_is_someone_else_s(analyzer: QueryAnalyzer) -> None:
    q = analyzer.analyze("Who is the prefect on whose behalf the mayor of Lyon spoke?")
    assert q.speakers == () and q.unknown, q
    q = analyzer.analyze("Qui est le maire dont l'ambassadrice a parlé ?")
    assert "Anne Louyot" not in q.speakers, q
    # without the clause, the role's holder as before
    assert analyzer.analyze("Who is the mayor of Lyon?").speakers == ("Grégory Doucet",)


def test_who_chaired_asks_the_chair_s_name() -> None:
    debate = QueryAnalyzer([SpeakerInfo("Le Président", "présidence de la séance", "Débats", "speaker")], ["Débats"])
    q = debate.analyze("Qui présidait la séance ?")
    assert (q.kind, q.answer_type) == ("who_is", "name"), q


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("La séance de l'après-midi débute à quelle heure ?", "programme"),
        ("When did the morning session end?", "programme"),
        ("When does the afternoon finish?", "programme"),
    ],
)
def test_a_time_of_day_asks_an_hour_of_the_programme_not_the_document_s(
    analyzer: QueryAnalyzer, question: str, kind: str
) -> None:
    q = analyzer.analyze(question)
    assert (q.kind, q.answer_type, q.about_document) == (kind, "time", False), q
    # with no time of day, when the event began is the document's own time
    assert analyzer.analyze("À quelle heure débute la séance ?").about_document


def test_an_opening_that_says_which_document_is_not_what_is_asked(analyzer: QueryAnalyzer) -> None:
    q = analyzer.analyze("Dans le journal RFI du 28 mai 2018, depuis quand Bertrand Gallet travaille-t-il au Liban ?")
    assert "28 mai 2018" not in q.names and "RFI" not in q.names, q
    assert not {"rfi", "mai", "journal"} & {fold(w) for w in q.topic}, q
    assert "Liban" in q.names, q
    # an opening about a subject of its own is kept: « Dans le débat sur la Syrie, … »
    q = analyzer.analyze("Dans le débat sur la Syrie, qu'a dit Anne Louyot ?")
    assert "Syrie" in q.names or "syrie" in {fold(w) for w in q.topic}, q


def test_which_holders_of_a_role_spoke_is_no_one_whose_role_holds_the_topic(analyzer: QueryAnalyzer) -> None:
    """« Quels maires ont parlé de la paix ? »: which of the mayors; a Nobel Peace laureate's
    role holds « paix », but he is no mayor (of more mayors than an answer lists)."""
    table = [
        *SPEAKERS,
        SpeakerInfo("Michaël Delafosse", "Maire de Montpellier", "Conclusions", "speaker"),
        SpeakerInfo("Khalil Harfouche", "Maire de Jezzine", "Session 3", "speaker"),
        SpeakerInfo("Mohamed Mahfoudh", "lauréat du Prix Nobel de la Paix", "Session 2", "speaker"),
    ]
    a = QueryAnalyzer(table, PARTS, translate=_translations)
    for question in ("Quels maires ont parlé de la paix ?", "Parmi les maires, lesquels ont parlé de la paix ?"):
        q = a.analyze(question)
        assert q.kind == "who_spoke" and "Mohamed Mahfoudh" not in q.speakers, q


def test_what_the_answer_is_for_is_not_what_is_asked(analyzer: QueryAnalyzer) -> None:
    q = analyzer.analyze("Pour une note interne : qu'a dit Anne Louyot de l'Arménie ?")
    assert q.speakers == ("Anne Louyot",) and not {"note", "interne"} & {fold(w) for w in q.topic}, q
    q = analyzer.analyze("For my article, what did Anne Louyot say about Armenia?")
    assert q.speakers == ("Anne Louyot",) and "article" not in q.topic, q


def test_a_common_word_is_no_typo_of_a_role_or_question_word(analyzer: QueryAnalyzer) -> None:
    """« une coupure pour manger » is French for eating, not "manager" mistyped (the word lists
    of pyspellchecker say so); "mentionned" and "ambasador" are still typos."""
    q = analyzer.analyze("Le programme prévoit-il une coupure pour manger, et sur quel créneau ?")
    assert q.speakers == () and "manger" in q.topic, q
    assert analyzer.analyze("Qu'a dit l'ambasador ?").speakers == ("Anne Louyot",)
    assert analyzer.analyze("Wich speakers mentionned Ukraine?").kind == "who_spoke"


def test_the_role_a_question_opens_on_with_its_verb_inverted_is_who(analyzer: QueryAnalyzer) -> None:
    q = analyzer.analyze("L'ambassadrice s'est-elle engagée à agir, comme le lui demandait le maire de Lyon ?")
    assert q.speakers == ("Anne Louyot",), q


def test_a_role_after_the_verb_is_who_and_the_pronoun_whom(analyzer: QueryAnalyzer) -> None:
    """« Et que lui répond le maire de Marseille ? » after a question about Leclerc: the mayor
    of Marseille answers him, and nobody is that mayor."""
    q = analyzer.analyze("Et que lui répond le maire de Marseille ?", ["Que dit Patrice Leclerc de la paix ?"])
    assert q.speakers == () and q.unknown, q


def test_who_sits_in_the_chair_asks_its_name(analyzer: QueryAnalyzer) -> None:
    debate = QueryAnalyzer([SpeakerInfo("Le Président", "présidence de la séance", "Débats", "speaker")], ["Débats"])
    q = debate.analyze("Qui occupe le fauteuil de président de la Chambre pendant les questions orales ?")
    assert (q.kind, q.speakers, q.answer_type) == ("who_is", ("Le Président",), "name"), q


def test_a_name_the_question_opens_on_is_who_not_the_one_in_its_apposition(analyzer: QueryAnalyzer) -> None:
    q = analyzer.analyze("Olivier Rouault, l'interlocuteur de Gallet pour la soirée, qu'a-t-il dit de la paix ?")
    assert q.speakers == () and q.unknown == "Olivier Rouault", q
    q = analyzer.analyze("Gallet, le président d'ACTED, qu'a-t-il dit de la paix ?")
    assert q.speakers == ("Bertrand Gallet",), q


def test_the_people_someone_dealt_with_are_names_asked(analyzer: QueryAnalyzer) -> None:
    q = analyzer.analyze("Avec quels élus Grégory Doucet s'est-il entretenu à Kyiv ?")
    assert q.answer_type == "name" and q.speakers == ("Grégory Doucet",), q
    assert analyzer.analyze("Which senators did Anne Louyot meet with?").answer_type == "name"


def test_a_capitalised_french_noun_before_a_surname_is_no_first_name() -> None:
    a = QueryAnalyzer([SpeakerInfo("Matthew McConaughey", "an actor", "Briefing", "speaker")], ["Briefing"])
    assert a.analyze("Avec quels élus du Congrès McConaughey a-t-il parlé ?").speakers == ("Matthew McConaughey",)
    # another first name is someone else
    assert a.analyze("Qu'a dit Camila McConaughey ?").speakers == ()
    from qa.query import _other_first_name

    terms = {"matthew", "mcconaughey"}
    assert not _other_first_name("Congrès", terms) and _other_first_name("Camila", terms)
    assert _other_first_name("Pierre", terms)  # a first name English subtitles carry too


def test_the_part_someone_has_in_the_document_s_event_is_who_they_are(analyzer: QueryAnalyzer) -> None:
    for question in (
        "Quel rôle joue Sina Schlimmer lors de ce colloque ?",
        "What role does Sina Schlimmer play at this conference?",
    ):
        q = analyzer.analyze(question)
        assert (q.kind, q.speakers) == ("who_is", ("Sina Schlimmer",)), q
    assert analyzer.analyze("Quel rôle Sina Schlimmer a-t-elle joué dans les négociations ?").kind == "speaker_topic"


def test_a_role_nobody_holds_is_unknown_however_capitalised_its_complement() -> None:
    minutes = QueryAnalyzer(
        [SpeakerInfo("Sean Lynch", "incoming Mayor", "Meeting", "speaker")],
        ["Meeting"],
        in_corpus=lambda w: fold(w) in {"limerick", "council", "city", "county"},
    )
    q = minutes.analyze("Who is the Chief Executive of Limerick City and County Council?")
    assert q.kind == "who_is" and q.unknown.startswith("chief executive"), q


def test_which_holders_of_a_role_spoke_of_something_is_asked_of_them() -> None:
    table = [
        *SPEAKERS,
        SpeakerInfo("Michaël Delafosse", "Maire de Montpellier", "Conclusions", "speaker"),
    ]
    a = QueryAnalyzer(table, PARTS, translate=_translations)
    q = a.analyze("Parmi les maires, lesquels ont parlé de la paix ?")
    mayors = {"François Rebsamen", "Grégory Doucet", "Patrice Leclerc", "Michaël Delafosse"}
    assert q.kind == "who_spoke" and set(q.speakers) == mayors, q


def test_a_named_person_s_view_of_something_asks_their_words(analyzer: QueryAnalyzer) -> None:
    """ "What was Sadi Carnot's position on the vote?" of someone who never speaks: nobody the
    document reports; of a speaker, their statements."""
    q = analyzer.analyze("What was Sadi Carnot's position on postponing the vote?")
    assert q.kind == "speaker_topic" and q.unknown == "Sadi Carnot", q
    q = analyzer.analyze("Quel est l'avis de Paul Durand sur la coopération ?")
    assert q.unknown == "Paul Durand", q
    assert analyzer.analyze("Quel est l'avis de Bertrand Gallet sur la coopération ?").speakers == ("Bertrand Gallet",)


def test_when_it_actually_happened_asks_a_date(analyzer: QueryAnalyzer) -> None:
    q = analyzer.analyze("Quand l'application a-t-elle effectivement été mise en service ?")
    assert q.answer_type == "date", q


def test_the_verb_that_asks_how_far_back_is_no_topic(analyzer: QueryAnalyzer) -> None:
    q = analyzer.analyze("Et le jumelage avec la ville allemande, il remonte à quelle année ?")
    assert q.answer_type == "year" and "remonte" not in q.topic, q
    assert "like" not in analyzer.analyze("What do the letters stand for in names like H1N1?").topic


def test_the_post_asked_with_the_pronoun_inverted_is_who_they_are(analyzer: QueryAnalyzer) -> None:
    history = ["Que dit Anne Louyot de la paix ?"]
    q = analyzer.analyze("Et quel poste occupe-t-elle à l'ambassade ?", history)
    assert (q.kind, q.speakers) == ("who_is", ("Anne Louyot",)), q


def test_a_salary_or_a_rent_asked_is_a_sum(analyzer: QueryAnalyzer) -> None:
    assert analyzer.analyze("Quel était le salaire de Anne Louyot ?").answer_type == "money"
    assert analyzer.analyze("What was the rent of the offices?").answer_type == "money"


def test_two_who_held_the_chair_in_turn_are_both_the_president_asked() -> None:
    """A sitting opened under « M. le Président. » (unnamed) and presided later by R. Hotyat,
    elected: « le nouveau président de l'Assemblée » is either, not the label alone; a president
    asked with another office's complement is still nobody."""
    people = [
        SpeakerInfo("Le Président", "Président", "", "speaker", 3, aliases=("M. le Président",)),
        SpeakerInfo("R. Hotyat", "Président", "", "speaker", 3, aliases=("M. le Président", "M. Hotyat")),
        SpeakerInfo("Georges Matagne", "", "", "speaker", 3),
    ]
    analyzer = QueryAnalyzer(people, [], in_corpus=lambda w: w.lower() in {"assemblée", "collège", "1945"})
    q = analyzer.analyze("Quel âge avait le nouveau président de l'Assemblée en 1945 ?")
    assert set(q.speakers) == {"Le Président", "R. Hotyat"}, q
    assert analyzer.analyze("Qu'a dit le nouveau président du Collège ?").speakers == ()


def test_a_title_before_someone_else_s_name_is_theirs(analyzer: QueryAnalyzer) -> None:
    """« le professeur Heymann » is Heymann, mentioned, not the one professor who speaks."""
    people = [SpeakerInfo("Jimmy Whitworth", "Professor", "", "speaker", 3)]
    a = QueryAnalyzer(people, [], in_corpus=lambda w: w.lower() in {"heymann", "mers", "transmission"})
    q = a.analyze("Qu'a déclaré le professeur Heymann sur la transmission du MERS ?")
    assert q.speakers == () and q.unknown, q
    assert a.analyze("Qu'a déclaré le professeur Whitworth sur la transmission ?").speakers == ("Jimmy Whitworth",)
    assert a.analyze("Qu'a déclaré le professeur sur la transmission ?").speakers == ("Jimmy Whitworth",)


def test_how_many_people_came_counts_those_present(analyzer: QueryAnalyzer) -> None:
    """ "How many people turned up?": a figure must count people (« 500 rencontres » does not);
    "how many people were killed" counts the dead, whatever word the figure has."""
    assert "people" in analyzer.analyze("How many people turned up to the meeting?").counted
    assert "personnes" in analyzer.analyze("Combien de personnes étaient présentes à la réunion ?").counted
    assert "people" not in analyzer.analyze("How many people were killed in the attack?").counted


def test_who_replied_to_them_asks_the_next_speaker_not_them(analyzer: QueryAnalyzer) -> None:
    history = ["Que dit François Rebsamen de la paix ?"]
    for question in ("Et qui lui a répondu ?", "Who replied to him?", "And who corrected him?"):
        q = analyzer.analyze(question, history)
        assert (q.replied_to, q.speakers) == ("François Rebsamen", ()), q
    # "the question" is no one replied to; his own reply is his words
    assert analyzer.analyze("Qui a répondu à la question ?", history).replied_to == ""
    assert analyzer.analyze("Et qu'a-t-il répondu ?", history).speakers == ("François Rebsamen",)
