"""One test per recogniser of the line grammar (ingest/layouts.py): the lines it must read, with
what it must read in them, and the lines it must leave alone. Adding a layout means adding a
recogniser and a test here."""

from __future__ import annotations

import re

import pytest

from ingest import layouts as L
from ingest.layouts import Para, Turn
from ingest.people import Registry, compatible, near
from qa.core.text import split_sentences


def turn(rec: L.Recogniser, text: str, **flags: bool) -> Turn | None:
    return rec(Para(L.squash(text), first_line=text.split("\n")[0], **flags))


def test_layouts_are_listed_in_order_with_examples() -> None:
    names = [lay["name"] for lay in L.known_layouts()]
    assert names[0] == "talk heading" and names[1] == "timestamp" and names[-1] == "reported speech"
    assert {"parliamentary", "caps label", "question/answer", "name:", "name (role):", "numbered speaker"} <= set(names)
    assert all(lay["example"] for lay in L.known_layouts())


def test_user_pattern() -> None:
    rec = L.user_pattern(re.compile(r"(?P<name>[A-Z][a-z]+) \((?P<role>[^)]+)\) >"))
    t = turn(rec, "Alice (chair) > We open the meeting.")
    assert t is not None and (t.name, t.role, t.rest) == ("Alice", "chair", "We open the meeting.")
    assert turn(rec, "We open the meeting, Alice.") is None


@pytest.mark.parametrize(
    ("line", "name", "rest"),
    [
        ("00:12:16 Carine Thomas\nnous allons un peu discuter", "Carine Thomas", "nous allons un peu discuter"),
        ("[00:12:34] Alice Martin: Bonjour à tous.", "Alice Martin", "Bonjour à tous."),
        ("(01:02) Speaker 2: Yes.", "Speaker 2", "Yes."),
    ],
)
def test_timestamp_label(line: str, name: str, rest: str) -> None:
    t = turn(L.timestamp_label, line)
    assert t is not None and t.name == name and t.rest == rest


@pytest.mark.parametrize("line", ["10:30 the meeting resumed after lunch.", "12:00 : Pause déjeuner"])
def test_timestamp_is_not_a_time_in_prose(line: str) -> None:
    assert turn(L.timestamp_label, line) is None


def test_speaker_line() -> None:
    t = turn(L.speaker_line, "Grand témoin : M. François Hollande, Ancien Président de la République française")
    assert t is not None and t.name == "François Hollande" and t.role.startswith("Ancien Président") and t.alone
    assert t.lead == "Grand témoin"
    bold = turn(L.speaker_line, "Maria Rossi, Deputy Minister of Environment, Italy", bold=True)
    assert bold is not None and bold.name == "Maria Rossi"
    assert turn(L.speaker_line, "Maria Rossi, Deputy Minister of Environment, Italy") is None  # not bold
    # A sentence about several people, and speech after a name, are not speaker lines.
    assert (
        turn(L.speaker_line, "MM. Fourot, de Douville-Maillefeu et Laisant s'excusent de ne pouvoir assister.") is None
    )
    assert (
        turn(L.speaker_line, "M. Laroche-Joubert. Messieurs, nous n'avons pas le droit de prendre une décision.")
        is None
    )


def test_intervention_heading() -> None:
    t = turn(L.intervention_heading, "Intervention de M. Paul Durand, maire de Lille")
    assert t is not None and (t.name, t.role) == ("Paul Durand", "maire de Lille") and t.alone
    assert turn(L.intervention_heading, "Intervention de la salle sur le budget") is None


@pytest.mark.parametrize(
    ("line", "name", "role", "title", "rest", "chair"),
    [
        (
            "M. Georges Perin. Messieurs, je viens demander",
            "Georges Perin",
            "",
            "",
            "Messieurs, je viens demander",
            False,
        ),
        ("M. le président. La parole est à M. Perin.", "", "", "président", "La parole est à M. Perin.", True),
        ("Mme la ministre. – Je vous remercie.", "", "", "ministre", "Je vous remercie.", False),
        (
            "M. Dupont, rapporteur. – La commission a examiné le texte.",
            "Dupont",
            "rapporteur",
            "",
            "La commission",
            False,
        ),
        (
            "M. de La Rochefoucauld, duc de Bisaccia. Que ceux",
            "de La Rochefoucauld",
            "duc de Bisaccia",
            "",
            "Que ceux",
            False,
        ),
        (
            "M. Janvier de la Motte (Eure). Je demande la parole.",
            "Janvier de la Motte",
            "Eure",
            "",
            "Je demande",
            False,
        ),
        (
            "M. le comte de Colbert-Laplace. Messieurs, la Constitution",
            "de Colbert-Laplace",
            "",
            "comte",
            "Messieurs",
            False,
        ),
        (
            "M. Le Provost de Launay fils. Nous protestons.",
            "Le Provost de Launay fils",
            "",
            "",
            "Nous protestons.",
            False,
        ),
        (
            "M. de Baudry d'Asson. Nous demandons l'appel nominal !",
            "de Baudry d'Asson",
            "",
            "",
            "Nous demandons",
            False,
        ),
    ],
)
def test_parliamentary(line: str, name: str, role: str, title: str, rest: str, chair: bool) -> None:
    t = turn(L.parliamentary, line)
    assert t is not None
    assert (t.name, t.role, t.title, t.chair) == (name, role, title, chair)
    assert t.rest.startswith(rest)


@pytest.mark.parametrize(
    "line",
    [
        "M. le président du conseil nous a sommés très-éloquemment de nous mettre à l'œuvre, sur l'heure.",
        "M. Laumond demande un congé de vingt jours.",
        "M. le président a raison.",
        "MM. Fourot et Laisant s'excusent.",
    ],
)
def test_parliamentary_is_not_a_sentence_about_someone(line: str) -> None:
    assert turn(L.parliamentary, line) is None


@pytest.mark.parametrize(
    ("line", "name", "title", "role", "chair", "anonymous"),
    [
        ("SENATOR KRUEGER: Good morning.", "KRUEGER", "Senator", "", False, False),
        ("CHAIRWOMAN WEINSTEIN:      If people could", "WEINSTEIN", "Chairwoman", "", False, False),
        ("MS. KAPTUR:", "KAPTUR", "", "", False, False),
        ("MR. BROWN of Ohio: I thank the gentlewoman.", "BROWN", "", "", False, False),
        ("THE CHAIR: We resume.", "", "Chair", "", True, False),
        ("THE SPEAKER PRO TEMPORE: Under the Speaker's policy", "", "Speaker Pro Tempore", "", False, False),
        ("Mr  S  ABRAM  (ANC):  Madam   Speaker,", "S ABRAM", "", "ANC", False, False),
        ("The SPEAKER: Order! Order!", "", "Speaker", "", False, False),
        ("HON MEMBERS: Down!", "", "Hon Members", "", False, True),
        ("AIDE:  Hey, Karine.", "AIDE", "", "", False, False),
    ],
)
def test_caps_label(line: str, name: str, title: str, role: str, chair: bool, anonymous: bool) -> None:
    t = turn(L.caps_label, line)
    assert t is not None
    assert (t.name, t.title, t.role, t.chair, t.anonymous) == (name, title, role, chair, anonymous)


@pytest.mark.parametrize("line", ["NOTE: this is a note", "PRESENT:", "Julian : Bonjour.", "From: Brian Redman"])
def test_caps_label_is_not_a_field(line: str) -> None:
    assert turn(L.caps_label, line) is None


@pytest.mark.parametrize(
    ("line", "name", "title", "chair", "rest"),
    [
        # Pacific Hansards: the period and dash ending the label, or a converter's period and colon.
        (
            "HON. R.R. SHARMA.- Thank you, Mr. Speaker, Sir.",
            "R.R. SHARMA",
            "Hon.",
            False,
            "Thank you, Mr. Speaker, Sir.",
        ),
        ("HON. R.R. SHARMA.: Mr, Speaker, Sir, I move:", "R.R. SHARMA", "Hon.", False, "Mr, Speaker, Sir, I move:"),
        (
            "HON. DR. S.R. GOVIND.: I beg to second the motion.",
            "S.R. GOVIND",
            "Hon.",
            False,
            "I beg to second the motion.",
        ),
        (
            "HON. ADI L. QIONIBARAVI.- Mr. Speaker, Sir, I rise.",  # "Adi": a Fijian chiefly title
            "L. QIONIBARAVI",
            "Hon. Adi",
            False,
            "Mr. Speaker, Sir, I rise.",
        ),
        ("MR. K. TUILOMA.–  I rise to speak.", "K. TUILOMA", "", False, "I rise to speak."),
        ("HON. DR. M. SALA.- The Committee met.", "M. SALA", "Hon.", False, "The Committee met."),  # "M." an initial
        ("HON. RATU J. LOMANI.: I support it.", "J. LOMANI", "Hon. Ratu", False, "I support it."),
        ("HON.  P.  POKINO:    Thank  you,  Mr  Speaker.", "P. POKINO", "Hon.", False, "Thank you, Mr Speaker."),
        ("MR  P.  TEITI: Why do I get taxed?", "P. TEITI", "", False, "Why do I get taxed?"),
        # The chair's office after an honorific is the chair, as "Mr Speaker:" is.
        (
            "HON.  SPEAKER.: I now invite the Deputy Chairperson",
            "",
            "Hon. Speaker",
            True,
            "I now invite the Deputy Chairperson",
        ),
        (
            "HON. SPEAKER.- I thank the Member for his Report: Honourable Members,",
            "",
            "Hon. Speaker",
            True,
            "I thank the Member for his Report: Honourable Members,",
        ),
        (
            "MR CHAIRMAN: The Honourable Minister Papamama Pokino.",
            "",
            "Mr Chairman",
            True,
            "The Honourable Minister Papamama Pokino.",
        ),
        ("MR. SPEAKER: Order.", "", "Mr. Speaker", True, "Order."),
    ],
)
def test_hansard_labels_with_honorifics(line: str, name: str, title: str, chair: bool, rest: str) -> None:
    t = turn(L.caps_label, line)
    assert t is not None
    assert (t.name, t.title, t.chair, t.rest) == (name, title, chair, rest)
    assert not t.label.endswith(".")  # the label's period is not the name's


def test_hansard_dash_label_needs_an_honorific() -> None:
    # A heading numbered "II.-" or an abbreviation and a dash are no labels; a group's voice is anonymous.
    for line in ("II.- OBJETO DEL CONTRATO", "USA.- The delegation arrived.", "NOTE.- See the annex."):
        assert turn(L.caps_label, line) is None, line
    members = turn(L.caps_label, "HON. MEMBERS.- Hear, hear!")
    assert members is not None and members.anonymous and members.rest == "Hear, hear!"
    # Only the period after a word ends the label: an initial's stays ("HON. A. B. SMITH:").
    initials = turn(L.caps_label, "HON. A. B. SMITH: Thank you.")
    assert initials is not None and initials.name == "A. B. SMITH"


def test_congressional() -> None:
    t = turn(L.congressional, "Mr. SMITH. Mr. Speaker, I rise today.")
    assert t is not None and t.name == "SMITH" and t.rest == "Mr. Speaker, I rise today."
    assert turn(L.congressional, "Mr. Smith said that he rises today.") is None


@pytest.mark.parametrize(
    ("line", "name", "rest", "role"),
    [
        ("Q : Que pensez-vous de la réforme ?", "Q", "Que pensez-vous de la réforme ?", "journaliste"),
        ("R : Je pense qu'elle est nécessaire.", "R", "Je pense qu'elle est nécessaire.", ""),
        ("Q    Sir, when you spoke to the President,", "Q", "Sir, when you spoke to the President,", "reporter"),
        ("Question : pourquoi maintenant ?", "Question", "pourquoi maintenant ?", "journaliste"),
        ("A. Because the maps were wrong.", "A", "Because the maps were wrong.", ""),
    ],
)
def test_question_answer(line: str, name: str, rest: str, role: str) -> None:
    # The unnamed questioner of an interview or a briefing is a journalist, in the text's language.
    t = turn(L.question_answer, line)
    assert t is not None and (t.name, t.rest, t.role) == (name, rest, role)


@pytest.mark.parametrize("line", ["A Paris, il pleut.", "A droite. Très bien !", "Questions of budget were raised."])
def test_question_answer_is_not_prose(line: str) -> None:
    assert turn(L.question_answer, line) is None


def test_name_role_colon() -> None:
    t = turn(L.name_role_colon, "DUPONT Jean (maire de Lille) : Je vous remercie.")
    assert t is not None and (t.name, t.role, t.rest) == ("DUPONT Jean", "maire de Lille", "Je vous remercie.")
    t = turn(L.name_role_colon, "Jane Roe (Reuters): Thank you.")
    assert t is not None and (t.name, t.role) == ("Jane Roe", "Reuters")
    assert turn(L.name_role_colon, "Les communes (et leurs groupements) : un bilan.") is None


def test_numbered_speaker() -> None:
    t = turn(L.numbered_speaker, "Speaker 1: Thanks for coming.")
    assert t is not None and (t.name, t.rest) == ("Speaker 1", "Thanks for coming.")
    t = turn(L.numbered_speaker, "Intervenant 2 : Merci.")
    assert t is not None and t.name == "Intervenant 2"
    assert turn(L.numbered_speaker, "Speakers were invited: ten in all.") is None


@pytest.mark.parametrize(
    ("line", "name", "title"),
    [
        ("Senator Krueger: Good morning.", "Krueger", "Senator"),
        ("Sen. Schumer: We will vote.", "Schumer", "Sen."),
        ("Hon. Jane Smith: I rise.", "Jane Smith", "Hon."),
        ("Rep. Ocasio-Cortez: Thank you.", "Ocasio-Cortez", "Rep."),
        ("Chair Lee: We resume.", "Lee", "Chair"),
        ("Chairman Smith: Order.", "Smith", "Chairman"),
        ("Dr. Jane Doe: Yes.", "Jane Doe", ""),
    ],
)
def test_titled_name(line: str, name: str, title: str) -> None:
    t = turn(L.titled_name, line)
    assert t is not None and (t.name, t.title) == (name, title)


def test_titled_name_needs_a_title() -> None:
    assert turn(L.titled_name, "Monday Morning: the agenda.") is None


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Julian : Bonjour.", "Julian"),
        ("Maxime Jaglin : 20h en temps universel", "Maxime Jaglin"),
        ("MJ : À la Une.", "MJ"),
    ],
)
def test_name_colon(line: str, name: str) -> None:
    t = turn(L.name_colon, line)
    assert t is not None and t.name == name


@pytest.mark.parametrize(
    "line",
    [
        "Problème : c'est tout l'inverse.",
        "Reprise des soins courants hors COVID-19 :",
        "A propos des masques :",
        "PRESENT IN THE CHAIR:",
        "Signed: ________",
        "Date: Fri, 24 Feb 95 04:30:04 CST",
    ],
)
def test_name_colon_is_not_prose(line: str) -> None:
    assert turn(L.name_colon, line) is None


@pytest.mark.parametrize(
    ("line", "subject", "opens_quote"),
    [
        ("The Meetings Administrator stated that Section 37 applied:", "The Meetings Administrator", True),
        ("Mayor Lynch thanked Members for their kind words.", "Mayor Lynch", False),
        (
            "On taking the Chair, the incoming Mayor, Councillor Lynch gave the following address :",
            "the incoming Mayor, Councillor Lynch",
            True,
        ),
        (
            "The Director of Service (Physical Development), on his own behalf, congratulated him.",
            "The Director of Service (Physical Development)",
            False,
        ),
    ],
)
def test_reported_speech(line: str, subject: str, opens_quote: bool) -> None:
    t = turn(L.reported_speech, line)
    assert t is not None and t.reported and (t.label, t.opens_quote) == (subject, opens_quote)


def test_reported_speech_of_a_group_or_a_pronoun() -> None:
    group = turn(L.reported_speech, "The Members congratulated Cllr. Hourigan on his year as Mayor.")
    assert group is not None and group.anonymous
    assert turn(L.reported_speech, "She thanked Members for the sentiments they had expressed.") is None


def test_collective_voice() -> None:
    for line in (
        "A droite. Très bien !",
        "Plusieurs membres à droite. L'appel nominal !",
        "Une voix à droite. Par appel nominal.",
    ):
        t = turn(L.collective_voice, line)
        assert t is not None and t.anonymous and t.rest
    for line in ("Des voix: Oh, oh!", "Some hon. members: Hear, hear!", "An hon. member: Shame!"):
        t = turn(L.collective_voice, line)
        assert t is not None and t.anonymous and t.rest.startswith(("Oh", "Hear", "Shame")), line
    assert turn(L.collective_voice, "A Paris, les élus ont voté.") is None
    assert turn(L.collective_voice, "Some hon. members will agree with the minister.") is None


def test_stage_direction() -> None:
    for line in (
        "(Laughter.)",
        "[Applause.]",
        "(La séance est levée à trois heures.",
        "(Member's Statement)",
        "And the bells having rung:",
        "Et plus de cinq deputes s'etant leves:",
    ):
        assert L.stage_direction(Para(line)), line
    assert not L.stage_direction(Para("And having heard the minister, I still disagree."))
    assert not L.stage_direction(Para("Et ayant dit cela, je conclus:"))  # no clause subject before the participle
    assert not L.stage_direction(
        Para("(Il est procédé au tirage au sort.) M. le président. Messieurs, il y aurait lieu")
    )


def test_vote_list() -> None:
    assert L.vote_list(Para("Councillors Butler, Collins, Crowley, Daly, Hogan, Hourigan, Lynch, O'Dea and Sheahan"))
    assert L.vote_list(Para("Ont voté pour : MM. Amat, Bardoux, Baudry-d'Asson."))
    assert L.vote_list(Para("— Cesbron, Vienne. — Chavanne, Rhône. — Choiseul (Horace de), Seine-et-Marne. —"))
    assert L.vote_list(Para("(12)"))
    assert not L.vote_list(Para("The Members congratulated Councillor Hourigan, who represented Limerick very well."))


def test_presidency() -> None:
    p = L.presidency(Para("PRÉSIDBNCE DE M. DESSEAUX, DOYEN D'AGE La séance est ouverte à deux heures un quart."))
    assert p == (
        "PRÉSIDBNCE DE M. DESSEAUX, DOYEN D'AGE",
        "Desseaux",
        "DOYEN D'AGE",
        "La séance est ouverte à deux heures un quart.",
    )
    p = L.presidency(Para("Présidence de M. Jean-Louis Bourlanges, président"))
    assert p is not None and p[1:3] == ("Jean-Louis Bourlanges", "président")
    assert L.presidency(Para("La présidence de la séance revient au doyen.")) is None
    # in parentheses, with an initial: "(Présidence de M. R. Hotyat)"
    p = L.presidency(Para("(Présidence de M. R. Hotyat)"))
    assert p is not None and p[1:] == ("R. Hotyat", "", "")


@pytest.mark.parametrize(
    "line",
    [
        "SESSION 2 : « Diplomatie d'État et diplomatie des territoires »",
        "Première table ronde",
        "Deuxième table ronde : les financements",
        "Table ronde n° 2",
        "II. Les communes et la crise",
        "Séance du 12 mars 2024",
        "Keynote: The future of cities",
        "14h30",
        "14h30 – Reprise des travaux",
    ],
)
def test_part_heading(line: str) -> None:
    assert L.part_heading(Para(line)) == line


@pytest.mark.parametrize(
    "line",
    ["Session after session, the council met in the town hall.", "1. To elect a Mayor", "14h30 the meeting resumed."],
)
def test_part_heading_is_not_a_sentence(line: str) -> None:
    assert L.part_heading(Para(line)) is None


def test_typeset_headings() -> None:
    assert (
        L.part_heading(Para("1. To elect a Mayor of the District", bold=True)) == "1. To elect a Mayor of the District"
    )
    assert L.part_heading(Para("Débat avec la salle", heading=True)) == "Débat avec la salle"
    assert L.caps_heading(Para("LEVEL OF SCIENCE AND TECHNOLOGY SKILLS")) == "LEVEL OF SCIENCE AND TECHNOLOGY SKILLS"
    assert L.caps_heading(Para("« DRUMEL. »")) is None
    assert L.caps_heading(Para("MS. KAPTUR:")) is None


def test_participants_header() -> None:
    for line in (
        "PRESIDING:",
        "PRESENT:   (Continued)",
        "LIST OF SPEAKERS, Cont.",
        "MEMBERS PRESENT:",
        "Intervenants :",
    ):
        assert L.participants_header(Para(line)), line
    assert not L.participants_header(Para("Present at the meeting were the mayor and two councillors."))


# --- who a label is ----------------------------------------------------------------------------


def test_registry_resolves_surnames_first_names_initials_and_lists() -> None:
    reg = Registry()
    reg.read_list(
        [
            "Senator Liz Krueger",
            "Chair, Senate Finance Committee",
            "Assemblywoman Helene Weinstein",
            "Chair, Assembly Ways & Means Committee (RM)  9   20",
        ],
        (1,),
        chair=True,
    )
    reg.read_mentions("Marie-Sophie Lacarrau (TF 1) et Julian Bugier (France 2)", ())
    reg.read_mentions("Press Briefing by Press Secretary Karine Jean-Pierre", ())
    reg.add("Maxime Jaglin")
    krueger = reg.find("KRUEGER")
    assert krueger is not None and (krueger.name, krueger.role, krueger.title) == (
        "Liz Krueger",
        "Chair, Senate Finance Committee",
        "Senator",
    )
    weinstein = reg.find("Weinstein")
    assert weinstein is not None and weinstein.role == "Chair, Assembly Ways & Means Committee (RM)"
    assert reg.chair is krueger
    assert (reg.find("Marie-Sophie") or krueger).role == "TF 1"
    assert (reg.find("JEAN-PIERRE") or krueger).role == "Press Secretary"
    assert (reg.find("MJ") or krueger).name == "Maxime Jaglin"
    assert reg.find("Smith") is None


def test_registry_leaves_ambiguous_labels_alone() -> None:
    reg = Registry()
    reg.add("Vivienne Crowley", "Deputy Mayor")
    reg.add("Joe Crowley", "Councillor")
    assert reg.find("Crowley") is None
    assert len(reg.candidates("Councillor Crowley")) == 2
    assert reg.find("Vivienne Crowley") is not None


def test_registry_reads_rolls_and_participant_lines() -> None:
    reg = Registry()
    reg.read_roll(
        "MM. Amat, Bouches-du-Rhône. — Baudry-d'Asson (de), Vendée. — Colbert-Laplace (comte Jean de). Calvados.", ()
    )
    baudry = reg.find("de Baudry d'Asson")
    assert baudry is not None and baudry.role == "Vendée"
    colbert = reg.find("Colbert-Laplace")
    assert colbert is not None and (colbert.name, colbert.role) == ("Jean de Colbert-Laplace", "comte, Calvados")
    reg.read_list(["Director, Physical Development (Mr. K. Lehane), Meetings Administrator (Mr. C. O'Connor)"], ())
    assert (reg.find("O'Connor") or colbert).role == "Meetings Administrator"


def test_names_compare_by_surname_and_first_name() -> None:
    assert compatible("Kenneth P. LaValle", "LaValle") and compatible("K. LaValle", "Kenneth LaValle")
    assert not compatible("Joe Crowley", "Vivienne Crowley")
    assert (
        near("Laroche-Jonbert", "Laroche-Joubert")
        and not near("Dupont", "Dupond")
        and not near("Speaker 1", "Speaker 2x")
    )


def test_split_sentences_knows_honorifics_in_any_case() -> None:
    text = (
        "I yield to MS. KAPTUR. She spoke. Then MR. DeFAZIO answered. Dr. Smith agreed with mme Durand and M. Dupont."
    )
    assert split_sentences(text) == [
        "I yield to MS. KAPTUR.",
        "She spoke.",
        "Then MR. DeFAZIO answered.",
        "Dr. Smith agreed with mme Durand and M. Dupont.",
    ]


def test_westminster_labels() -> None:
    minister = turn(L.name_role_colon, "The Prime Minister (Rishi Sunak): This morning I had meetings.")
    assert minister is not None and (minister.name, minister.role) == ("Rishi Sunak", "The Prime Minister")
    member = turn(L.name_role_colon, "Sir Keir Starmer (Holborn and St Pancras) (Lab): Can the Prime Minister tell us")
    assert member is not None and (member.name, member.role) == ("Sir Keir Starmer", "Holborn and St Pancras, Lab")
    role = turn(L.role_label, "The Prime Minister: Waiting lists are falling.")
    assert role is not None and (role.name, role.title) == ("", "Prime Minister")
    assert turn(L.role_label, "The Summary: figures of the year.") is None
    speaker = turn(L.titled_name, "Mr Speaker: Order.")
    assert speaker is not None and speaker.name == "" and speaker.chair and speaker.title == "Mr Speaker"


def test_transcription_tool_labels() -> None:
    otter = turn(L.timestamp_label, "Alice Martin  0:03\nGood morning everyone.")
    assert otter is not None and (otter.name, otter.rest) == ("Alice Martin", "Good morning everyone.")
    whisper = turn(L.numbered_speaker, "SPEAKER_00: Thanks for joining.")
    assert whisper is not None and whisper.name == "SPEAKER_00"
    interviewer = turn(L.numbered_speaker, "Interviewer: Why not?")
    assert interviewer is not None and interviewer.name == "Interviewer"


def test_fields_are_not_speakers() -> None:
    for line in (
        "Action: Bob to send the report.",
        "Decision: the launch moves to May.",
        "Objectif : réduire.",
        "Budget : 4 M€.",
    ):
        assert turn(L.name_colon, line) is None, line


def test_french_labels_in_capitals() -> None:
    chair = turn(L.parliamentary, "M. LE PRÉSIDENT. – La séance est ouverte.")
    assert chair is not None and chair.chair and (chair.name, chair.title) == ("", "président")
    caps = turn(L.caps_label, "LE PRÉSIDENT : La séance est ouverte.")
    assert caps is not None and caps.chair and caps.name == ""
    member = turn(L.parliamentary, "M. DUPONT. – Je proteste.")
    assert member is not None and member.name == "DUPONT"
    inverted = turn(L.name_role_colon, "Le Président (M. Jean Dupont) : Merci.")
    assert inverted is not None and (inverted.name, inverted.role) == ("Jean Dupont", "Le Président")


@pytest.mark.parametrize(
    ("line", "name", "role", "rest"),
    [
        ("M. Jim Abbott (Kootenay-Columbia, Ref.): ", "Jim Abbott", "Kootenay-Columbia, Ref", ""),
        ("L'hon. John Manley (ministre de l'Industrie, Lib.):", "John Manley", "ministre de l'Industrie, Lib", ""),
        ("L'hon. John Manley:", "John Manley", "", ""),
        ("Mme Elsie Wayne (Saint John, PC):", "Elsie Wayne", "Saint John, PC", ""),
        ("Miss Deborah Grey (Edmonton North, Ref.):", "Deborah Grey", "Edmonton North, Ref", ""),
        (
            "Hon. Ethel Blondin-Andrew (Secretary of State (Children and Youth), Lib.):",
            "Ethel Blondin-Andrew",
            "Secretary of State (Children and Youth), Lib",
            "",
        ),
        ("Le tres hon. Jean Chretien (premier ministre, Lib.):", "Jean Chretien", "premier ministre, Lib", ""),
        ("M. Brent St. Denis (Algoma-Manitoulin, Lib.):", "Brent St. Denis", "Algoma-Manitoulin, Lib", ""),
        (
            "Mr  S  ABRAM  (ANC):  Madam Speaker, a conference was held.",
            "S ABRAM",
            "ANC",
            "Madam Speaker, a conference was held.",
        ),
        (
            "Sir Keir Starmer (Holborn and St Pancras) (Lab): Can the Prime Minister tell us?",
            "Keir Starmer",
            "Holborn and St Pancras, Lab",
            "Can the Prime Minister tell us?",
        ),
        ("M. Bill Matthews (Burin-St.", "Bill Matthews", "Burin-St", ""),
    ],
)
def test_member_label(line: str, name: str, role: str, rest: str) -> None:
    t = turn(L.member_label, line)
    assert t is not None and (t.name, t.role, t.rest) == (name, role, rest)
    assert t.alone == (not rest)


@pytest.mark.parametrize(
    "line",
    [
        "M. Jean-Guy Chretien",  # a table of contents line: no colon
        "Mr. Speaker, a constituent writes:",  # an address to the chair
        "Mr. Speaker:",
        "M. Yvon Charbonneau: ...et la plus obsessive.",  # no parentheses and text after: the parliamentary form
        "M. Dupont (Eure) a demandé la parole.",
        "Je remercie les habitants de Burin-St.",
    ],
)
def test_member_label_leaves_alone(line: str) -> None:
    assert turn(L.member_label, line) is None


def test_presiding_label() -> None:
    t = turn(L.presiding_label, "Le president suppleant (M. McClelland):")
    assert t is not None and (t.name, t.role, t.rest, t.chair, t.alone) == (
        "McClelland",
        "president suppleant",
        "",
        True,
        True,
    )
    en = turn(L.presiding_label, "The Acting Speaker (Ms. Thibeault): Is there unanimous consent?")
    assert en is not None and (en.name, en.role, en.rest) == (
        "Thibeault",
        "Acting Speaker",
        "Is there unanimous consent?",
    )
    vice = turn(L.presiding_label, "Le vice-président (M. Milliken):")
    assert vice is not None and vice.name == "Milliken" and vice.role == "vice-président"
    assert turn(L.presiding_label, "The Prime Minister (Rishi Sunak): We will.") is None  # not the chair
    acting = turn(L.presiding_label, "Mme la presidente suppleante (Mme Thibeault):")
    assert acting is not None and (acting.name, acting.role) == ("Thibeault", "presidente suppleante")
    # Nobody named: the label stands for whoever presides.
    chair = turn(L.presiding_label, "Le President: A l'ordre, s'il vous plait.")
    assert chair is not None and (chair.name, chair.chair, chair.rest) == ("", True, "A l'ordre, s'il vous plait.")
    assert turn(L.presiding_label, "Le president a dit que non.") is None


@pytest.mark.parametrize(
    ("line", "office", "designates"),
    [
        ("La parole est au depute de MacLeod.", "Le Président", "MacLeod"),
        ("Le depute de Calgary-Sud-Est.", "Le Président", "Calgary-Sud-Est"),
        ("Je donne maintenant la parole au chef de l'opposition.", "Le Président", "chef de l'opposition"),
        ("Je regrette d'interrompre l'honorable ministre.", "Le Président", ""),
        ("Comme il est presque 14 heures, nous passons aux declarations des deputes.", "Le Président", ""),
        ("Le depute aurait-il l'obligeance de reformuler sa question?", "Le Président", ""),
        ("The hon. member for Portage-Lisgar.", "The Speaker", "Portage-Lisgar"),
        ("Final question, the hon. member for St. John's East.", "The Speaker", "St. John's East"),
        (
            "I will permit the hon. Deputy Prime Minister to finish his response.",
            "The Speaker",
            "Deputy Prime Minister",
        ),
        ("Does the hon. member for Quebec have anything to add?", "The Speaker", "Quebec"),
        ("I find the question, as it is put, is not in order.", "The Speaker", ""),
        ("Colleagues, that would bring to a close our question period today.", "The Speaker", ""),
        ("It being almost 2 p.m., the House will now proceed to Statements by Members.", "The Speaker", ""),
        ("L'honorable ministre des Finances.", "Le Président", "ministre des Finances"),
        ("La ministre de la Sante a la parole.", "Le Président", "ministre de la Sante"),
        ("The hon. member for Mercier on a point of order.", "The Speaker", "Mercier"),
        ("La question est irrecevable.", "Le Président", ""),
        (
            "Le whip du gouvernement ou, je m'excuse, celui du Parti reformiste invoque le Reglement.",
            "Le Président",
            "",
        ),
        ("Le depute a-t-il la permission de la Chambre de proposer la motion?", "Le Président", ""),
        ("S'il veut continuer, le premier ministre a encore du temps.", "Le Président", ""),
        ("If she wishes to continue, the hon. minister has more time.", "The Speaker", ""),
    ],
)
def test_chair_formula(line: str, office: str, designates: str) -> None:
    c = L.chair_formula(Para(line))
    assert c is not None and (c.office, c.designates) == (office, designates)


@pytest.mark.parametrize(
    "line",
    [
        "Le depute de Markham a parle de cela.",  # a member speaking of another
        "Le ministre a le choix.",
        "The hon. member should talk to his colleague.",
        "My colleagues have mentioned improvements contained in the new Bill C-32.",
        "Monsieur le President, je remercie le depute de sa question.",
        "Mr. Speaker, my question is for the Minister of Health.",
        "Je pense que la question est irrecevable pour les Canadiens.",  # a member's view: no ruling opens the line
        "Monsieur le President, j'invoque le Reglement.",  # the member rising on it
        "Le ministre a-t-il demande la permission des provinces?",  # leave of others than the House
        "Le premier ministre a encore du temps pour agir.",  # no "if he wishes to continue"
    ],
)
def test_chair_formula_leaves_members_lines(line: str) -> None:
    assert L.chair_formula(Para(line)) is None


def test_address_to_the_chair() -> None:
    for line in (
        "Monsieur le President, je remercie le depute.",
        "Non, monsieur le President, je ne m'y engagerai pas.",
        "Thank you, Mr. Speaker.",
        "Madam Speaker, I rise on a point of order.",
    ):
        assert L.addresses_chair(Para(line)), line
    for line in ("Je tiens egalement a feliciter notre President.", "The Speaker ruled the question out of order."):
        assert not L.addresses_chair(Para(line)), line


def test_the_member_the_chair_designates() -> None:
    reg = Registry()
    reg.add("Jason Kenney", "Calgary-Sud-Est, Ref")
    reg.add("Herb Gray", "Deputy Prime Minister, Lib")
    reg.add("Allan Rock", "Minister of Health, Lib")
    reg.add("Preston Manning", "chef de l'opposition, Ref")
    reg.add("Lloyd Axworthy", "Minister of Foreign Affairs, Lib")
    named = {who: reg.designated(who) for who in ("Calgary-Sud-Est", "Deputy Prime Minister", "chef de l'opposition")}
    assert {who: p.name if p else None for who, p in named.items()} == {
        "Calgary-Sud-Est": "Jason Kenney",
        "Deputy Prime Minister": "Herb Gray",
        "chef de l'opposition": "Preston Manning",
    }
    assert reg.designated("Minister") is None  # two ministers fit: nobody
    assert reg.designated("Calgary") is None  # a riding is matched whole


@pytest.mark.parametrize(
    ("text", "people"),
    [
        (
            "Jane Doe, a reporter for the Courier, interviewed Lord Ashby of Kendal, professor of economics at Leeds.",
            {"Jane Doe": "a reporter for the Courier", "Ashby": "professor of economics at Leeds"},
        ),
        (
            "Courier's Jane Doe talks to Baroness Smith, Leader of the Opposition in the Lords, about the bill.",
            {"Jane Doe": "interviewer", "Smith": "Leader of the Opposition in the Lords"},
        ),
        ("Politics Editor Jane Doe sat down with Philip Norton.", {"Jane Doe": "Politics Editor"}),
        ("Baroness Smith was interviewed by Jane Doe.", {"Jane Doe": "interviewer"}),
        (
            "Lord Ashby is Professor of Economics at the University of Leeds.",
            {"Ashby": "Professor of Economics at the University of Leeds"},
        ),
        (
            "Marie Dupont, journaliste au Monde, a interrogé Paul Durand, maire de Lille.",
            {
                "Marie Dupont": "journaliste au Monde",
                "Paul Durand": "maire de Lille",
            },
        ),
        ("Propos recueillis par Marie Dupont.", {"Marie Dupont": "interviewer"}),
    ],
)
def test_roles_from_an_interviews_introduction(text: str, people: dict[str, str]) -> None:
    reg = Registry()
    reg.read_mentions(text, ())
    assert {p.name: p.role for p in reg.people if p.role} == people


def test_a_peer_is_found_by_title_and_initials() -> None:
    reg = Registry()
    reg.add("Lord Ashby", "professor of economics", title="Lord")
    reg.add("Jane Doe", "reporter")
    assert [p.name for p in reg.candidates("LA")] == ["Ashby"]  # title and surname
    assert [p.name for p in reg.candidates("JD")] == ["Jane Doe"]
    reg.read_author("Jane Doe, Politics Editor; Tom Lee")
    assert {p.name: p.role for p in reg.people} == {
        "Ashby": "professor of economics",
        "Jane Doe": "reporter",  # a role the text gave is kept
        "Tom Lee": "interviewer",  # an author without one asks the questions
    }
