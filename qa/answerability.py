"""Whether the passages answer the question: checks of what is asked, not of word overlap alone.

Word overlap cannot tell a plausible unanswerable question from an answerable one when both
use the proceedings' vocabulary. What separates them is whether the thing asked for is there:
- the speaker asked about exists (`Query.unknown` is empty) and has statements of their own;
- the speaker's own statements hold the topic (not someone else's);
- the names the question gives (a place, an organisation, a year) are in the answering passage;
- a number is there when a number is asked, a date when a date, a time when a time;
- and the topic words (or their translations) are covered, IDF-weighted, above
  `answer.min_support`, calibrated on the dev set.

The checks give a `Verdict` with a reason; the answerers turn reasons into honest messages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from ingest.structure import in_part
from qa.bridge import similar
from qa.core.roles import role_mentions, unnamed
from qa.core.text import MONTH_WORDS, content_words, fold, split_sentences, upper_share
from qa.core.types import Chunk, Passage, Query
from qa.query import DAYTIME, DOCUMENT_WORDS, ENDED, ORDINALS, SAYS, STARTED, WORKS
from qa.terms import ASSEMBLY_MEMBERS, Group, TermMatcher, abbreviated, initials_of

# A question about what was said ("What questions did the audience ask…?", « Quelles questions
# le public a-t-il posées… ? »): a programme line that only lists the slot is no answer.
_ABOUT_WORDS = re.compile(
    rf"{SAYS.pattern}|\b(?:pos[ée]e?s?|a\s+pos[ée]|ont\s+pos[ée]|raised|brought\s+up|soulev[ée]e?s?)\b", re.I
)

Reason = Literal[
    "",
    "no_passages",
    "unknown_speaker",
    "no_statement",
    "off_topic",
    "missing_name",
    "missing_fact",
    "low_support",
    "no_speakers",
    "programme_only",
]

_NUMBER_WORDS = (
    r"deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|quinze|vingt|trente|quarante|cinquante|"
    r"soixante|cent|cents|mille|millions?|milliards?|dizaines?|douzaines?|centaines?|milliers?|"
    r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
    r"hundreds?|thousands?|millions?|billions?|dozens?|half|moitié|tiers|quarts?|cinquième|dixième|"
    r"thirds?|quarters?|fifths?|tenths?"
)
# A year, not an amount that looks like one: "1500 euros", "2000 people", "$1800".
_YEAR = (
    r"(?<![$€£])\b(?:1[5-9]\d\d|20\d\d)\b(?![.,]\d)(?!\s*(?:%|€|\$|£|euros?\b|dollars?\b|francs?\b|livres?\b|"
    r"pounds?\b|pour\s*cent|per\s*cent|percent|km|kilom|m[èe]tres?\b|meters?\b|metres?\b|hectares?\b|tonnes?\b|"
    r"tons?\b|habitants\b|personnes\b|people\b|persons\b|membres\b|members\b|emplois\b|jobs\b|postes\b|"
    r"agents\b|officers\b|[ée]l[èe]ves\b|students\b|[ée]tudiants\b|lits\b|beds\b))"
    # a year in two figures, as said: « dont il prendra les commandes en 87 », "back in '87"
    r"|\b(?:en|in|depuis|since|dès)\s+['’]?\d{2}(?=\s*[,.;:)!?]|\s+(?:et|and|puis|then)\b|\s*$)|(?<![\w'’])['’]\d{2}\b"
)
# A point in time: a year, a month, a day, a century.
_DAY_OR_YEAR = (
    rf"{_YEAR}|\b(?:{MONTH_WORDS}|(?-i:May))\b|\bsi[èe]cle\b|\bcentury\b|"
    r"\b(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|janv|févr|avr|juil|déc)\.?\s+\d{1,2}\b"
)
FACT_PATTERNS = {
    # An amount of money: a figure with its currency ("1 million d'euros", "$40 billion").
    "money": re.compile(
        r"[€$£]\s?\d|\d[\d\s.,]*\s*(?:(?:k|m|bn|millions?|milliards?|billions?|thousands?|mille)\s*"
        r"(?:d['’]\s*|de\s+|of\s+)?)?(?:€|euros?\b|\$|dollars?\b|£|pounds?\b|livres?\b|francs?\b)|"
        # ... or in its hundredths: « 95 centimes d'euros », "50 cents"
        r"\d[\d\s.,]*\s*(?:centimes?|cents|pence)\b",
        re.I,
    ),
    "number": re.compile(rf"\d|%|\b(?:{_NUMBER_WORDS})\b", re.I),
    # a percentage: a figure with its sign or words, or a plain share ("half", « le tiers »)
    "percent": re.compile(
        rf"(?:\d|\b(?:{_NUMBER_WORDS}))\s*(?:%|p\.\s*100\b|pour\s*cent\b|per\s*cent\b|percent\b)|"
        r"\b(?:la\s+moitié|half|le\s+tiers|a\s+third|two\s+thirds|les\s+deux\s+tiers|le\s+quart|a\s+quarter)\b",
        re.I,
    ),
    "date": re.compile(
        rf"{_DAY_OR_YEAR}|"
        # a duration answers "since when" ("for eight decades", « depuis 80 ans »)
        rf"\b(?:\d+|{_NUMBER_WORDS}|a|an|one|un|une)\s+(?:years?|decades?|centur(?:y|ies)|ans|années|décennies|siècles?)\b|"
        # ... and so does an event: « depuis les accords d'Oslo », "since the end of the war"
        r"\b(?:depuis|since)\s+(?:(?:les?|la|l['’]|the|des|du)\s*)?(?:(?:[\w-]+\s+){0,2}(?:d['’]\s*|de\s+|of\s+))?"
        r"(?:(?-i:[A-ZÀ-Ý])\w+|(?:la\s+|l['’]\s*|the\s+)?(?:guerre|crise|chute|fin|création|indépendance|"
        r"révolution|war|crisis|fall|end|creation|independence|revolution)\b)",
        re.I,
    ),
    "year": re.compile(_YEAR),
    # when an event happened ("When was the law adopted?"): a duration (« depuis plus de 6 ans »)
    # answers "since when" only
    "moment": re.compile(_DAY_OR_YEAR, re.I),
    "organiser": re.compile(
        r"\b(?:organis[ée]e?s?\s+par|organi[sz]ed\s+by|hosted\s+by|convened\s+by|à\s+l['’]initiative\s+d|"
        r"at\s+the\s+invitation\s+of|sous\s+l['’]égide\s+d|under\s+the\s+auspices\s+of)",
        re.I,
    ),
    # A place: a proper name after a preposition inside a sentence ("held in Albany", « à
    # l'Assemblée nationale »), or a venue word with its name ("Hearing Room B", « Salle
    # Lamartine », "Legislative Office Building").
    "place": re.compile(
        r"\b(?:à|au|aux|en|dans|at|in)\s+(?:l['’]\s*|la\s+|le\s+|les\s+|the\s+)?[A-ZÀ-Ý]\w+|"
        r"\b(?i:salle|room|hall|palais|hôtel|building|auditorium|amphith[ée][âa]tre|th[ée][âa]tre|centre|center|"
        r"maison|chamber|chambre)\s+(?i:de\s+|du\s+|des\s+|of\s+)?(?:l['’]\s*|la\s+|le\s+|the\s+)?[A-Z0-9À-Ý]\w*|"
        r"\b[A-Z]\w+\s+(?:Room|Hall|Building|Centre|Center|Chamber|House|Palace)\b"
    ),
    "time": re.compile(
        r"\b\d{1,2}\s?[hH](?:\s?\d{2})?\b|\b\d{1,2}:\d{2}\b|\b\d{1,2}\s?(?:am|pm|a\.m\.|p\.m\.)|"
        r"\b(?:une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze)\s+heures?\b|\bmidi\b|\bminuit\b|"
        r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+o'clock\b|\bnoon\b",
        re.I,
    ),
}


# Words put in quotation marks (of a few words at least).
FACT_PATTERNS["quote"] = re.compile(r"«\s*[^»]{3,}»|“[^”]{3,}”|\"[^\"]{3,}\"")
# How a vote went: a text carried or lost, a count of votes or voters, a unanimity.
FACT_PATTERNS["vote"] = re.compile(
    r"\b(?:carried(?!\s+out)|agreed\s+to|adopted|passed|rejected|defeated|negatived|approved|unanimous(?:ly)?|"
    r"adopt[ée]e?s?|rejet[ée]e?s?|approuv[ée]e?s?|unanimit[ée]|ayes|noes|yeas|nays|majorit(?:y|é)|"
    rf"(?:\d[\d,.\s]*|(?:{_NUMBER_WORDS})\s+)(?:votes?|voix|suffrages)|(?:pour|contre|for|against)\s*[:,]\s*\d|"
    rf"(?:\d[\d,.]*|{_NUMBER_WORDS})\s+(?:\w+\s+){{0,2}}(?:voted|ont\s+vot[ée]|votèrent))\b",
    re.I,
)
# A count of votes: figures for and against, a number of votes or voters, a unanimity ("carried"
# alone, « rejetée à la majorité », says how it went, not how many).
FACT_PATTERNS["tally"] = re.compile(
    r"\b(?:unanimous(?:ly)?|unanimit[ée]|"
    rf"(?:\d[\d,.\s]*|(?:{_NUMBER_WORDS})\s+)(?:votes?|voix|suffrages|yeas|nays|ayes|noes|abstentions?)|"
    r"(?:pour|contre|for|against|yeas|nays|ayes|noes|abstentions?)\s*[:,-]\s*\d|"
    rf"(?:\d[\d,.]*|{_NUMBER_WORDS})\s+(?:\w+\s+){{0,2}}(?:voted|ont\s+vot[ée]|votèrent|in\s+favou?r|against)\b)",
    re.I,
)
# The room's reaction, as a transcript notes it: "[Applause.]", « (Exclamations à gauche.) ».
FACT_PATTERNS["reaction"] = re.compile(
    r"\b(?:applau\w+|ovation|laughter|rires?|exclamations?|protestations?|murmures?|interruptions?|"
    r"booing|booed|heckl\w+|cheers|cheering|hear,?\s+hear|tr[èe]s\s+bien\s*!|approbation|mouvements?\s+divers|"
    r"hu[ée]es?|sifflets?|bruit\s+prolong[ée])",
    re.I,
)
# A work's title: said with a naming word (« qui s'appelle Expulsions », "a report entitled…"),
# in quotation marks or italics, or a capitalised name right after the work ("le rapport Lagarde").
FACT_PATTERNS["title"] = re.compile(
    r"\b(?:s['’]\s*appel\w*|intitul[ée]\w*|appel[ée]e?s?|titled|entitled|called|named|nomm[ée]e?s?|baptis[ée]e?s?)\s+\S|"
    r"«\s*[^»]{3,}»|“[^”]{3,}”|\"[^\"]{3,}\"|\*[^*\s][^*]{2,}\*|"
    rf"\b(?i:{WORKS})\s+[A-ZÀ-Ý]\w+",
)
# Someone's age: "I was 11", « j'ai 65 ans », "aged 40", « âgé de 93 ans »; an age limit: "raise
# the minimum age to purchase an AR-15 rifle to 21", « l'âge légal de 62 ».
FACT_PATTERNS["age"] = re.compile(
    r"\b\d{1,3}\s*(?:ans|years?)\b|\b(?:âg[ée]e?s?\s+de|aged?)\s+\d{1,3}\b|"
    r"\b[âa]ge\b[^.;?!]{0,60}?\b(?:to|of|at|à|de)\s+\d{1,3}\b(?!\s*(?:%|€|\$|[.,]\d))|"
    r"\b(?:I|he|she|je|il|elle|j['’]\s*)\s*(?:was|were|had|avait|avais|ai|a)\s+\d{1,3}\b(?!\s*(?:%|€|\$|[.,]\d))",
    re.I,
)
# The room's questions, as a transcript reports them: "Question de la salle", "AUDIENCE MEMBER:",
# "a participant asked…"; or a turn of someone labelled as the room ("Q", « Un participant »).
FACT_PATTERNS["floor"] = re.compile(
    r"\bquestions?\s+(?:de\s+la\s+salle|du\s+public|de\s+l['’]\s*assistance|des\s+participants|"
    r"(?:from|of)\s+the\s+(?:floor|audience))|\baudience\s+member|\bmembers?\s+of\s+the\s+(?:audience|public)|"
    r"\b(?:un|une)\s+(?:participant|participante|auditeur|auditrice|membre\s+du\s+public)\b|"
    r"\b(?:a|an|one)\s+(?:participant|attendee)\s+(?:asked|wanted)|"
    r"\b(?:le\s+public|la\s+salle)\s+(?:a|ont)\s+(?:demandé|posé|interrogé)",
    re.I,
)
# What came after the time the document speaks at, or what it says is to come: "the next day",
# « le lendemain », "tomorrow", "next year", « l'an prochain », "eventually", « finalement ».
FACT_PATTERNS["later"] = re.compile(
    r"\b(?:tomorrow|demain|lendemain|next\s+\w+|following\s+\w+|prochaine?s?|suivante?s?|later|afterwards?|"
    r"subsequently|eventually|finally|in\s+the\s+end|ensuite|plus\s+tard|par\s+la\s+suite|finalement|au\s+final|"
    r"ended\s+up|turned\s+out|(?:a|ont)\s+fini\s+par|depuis\s+lors|since\s+then)\b",
    re.I,
)
# What someone proposes, in the sentence that names what about: a measure, a plan, what must or
# will be done ("46 % de résidences secondaires, c'est un sujet … on y reviendra" proposes nothing).
FACT_PATTERNS["proposal"] = re.compile(
    r"\b(?:il\s+faut|faudrait|faut|doit|doivent|devrait|devraient|devons|devez|propos(?!\s+de\b)\w*|"
    r"nous\s+allons|on\s+va|vais|vont|voulons|veu[tx]|souhait\w*|mesures?|plans?|planned|planning|"
    r"recommand\w*|préconis\w*|demand\w*|réclam\w*|appel\w*|objectifs?|priorit\w*|engag\w*|"
    r"mettre\s+en\s+place|créer|lancer|instaurer|should|must|need\s+to|needs\s+to|will|would|"
    r"want\w*|recommend\w*|call\w*\s+(?:for|on)|urge\w*|let['’]s|we['’]ll|going\s+to|have\s+to|has\s+to|"
    r"ought|priorit\w*|goals?|aims?|commit\w*|proposals?|suggest\w*|idée|idea)\b",
    re.I,
)
# A view stated: a sentence that says, not one that asks (an interviewer's « Mais peut-on avoir
# raison seul contre les autres ? » states no position of theirs).
# (Transcripts often drop the question mark: « est-ce que vous craignez un embrasement. », "Do
# you think it will pass.": the interrogative words say it.)
FACT_PATTERNS["view"] = re.compile(
    r"\A(?!.*\?[\s\W]*\Z)(?!.*\b(?:est-ce\s+qu|qu['’]\s*est-ce)|.*-(?:vous|tu)\b)"
    r"(?!\W*(?:(?:and|but|so|well|now)\s*,?\s+)?(?:(?:what|why|how|when|where|who|which)\s+)?"
    r"(?:do|does|did|will|would|can|could|should|is|are|was|were|have|has)\s+"
    r"(?:you|he|she|they|it|we|there|the|that|this|your|his|her)\b)",
    re.S | re.I,
)
_SHARES = re.compile(
    rf"(?:\d[\d\s.,]*|\b(?:{_NUMBER_WORDS})\s*)(?:%|p\.\s*100\b|pour\s*cent\b|per\s*cent\b|percent\b)|"
    r"\b(?:(?:la|une)\s+moitié|half|(?:le|un|les\s+deux)\s+tiers|(?:a|one|two)\s+thirds?|(?:le|un)\s+quart|"
    r"(?:a|one)\s+quarter)\b",
    re.I,
)
# A figure and its scale, to tell the one a question states from others: "1 million", « le
# million », "€1.5 billion", "15".
_FIGURE = re.compile(
    r"(?P<n>\d(?:[\d.,\u00a0\u202f ]*\d)?)\s*(?P<scale>millions?|milliards?|billions?|thousands?|mille|bn)?\b|"
    r"\b(?:un|une|a|one|le|the)\s+(?P<scale2>millions?|milliards?|billions?)\b",
    re.I,
)


def _figure_key(m: re.Match[str]) -> tuple[str, str]:
    n = re.sub(r"[\s\u00a0\u202f]", "", m.group("n") or "1").replace(",", ".").rstrip(".")
    scale = (m.group("scale") or m.group("scale2") or "").lower().rstrip("s")
    return n, {"bn": "billion", "milliard": "billion", "mille": "thousand"}.get(scale, scale)


def _figure_keys(text: str) -> set[tuple[str, str]]:
    return {_figure_key(m) for m in _FIGURE.finditer(text)}


# A reason given: a causal or final link, or the words that name one.
FACT_PATTERNS["reason"] = re.compile(
    r"\b(?:parce\s+qu|car|puisqu|en\s+raison|à\s+cause|du\s+fait|faute\s+d|grâce\s+à|afin\s+d|pour\s+que|"
    r"pour\s+(?:ne\s+pas\s+)?\w+(?:er|ir|re)|c['’]\s*est\s+pourquoi|raisons?|motifs?|expliqu\w*|justifi\w*|"
    r"because|since|as\s+a\s+result|due\s+to|owing\s+to|in\s+order\s+to|so\s+that|so\s+as\s+to|given\s+that|"
    r"that['’]s\s+why|which\s+is\s+why|therefore|hence|reasons?|explain\w*|justif\w*|caused?|causes)\b",
    re.I,
)
# What is planned or conditional tells no outcome: « Sa mise à disposition est prévue le 2 juin
# prochain, uniquement si le Parlement l'autorise » does not say what Parliament did.
_PLANNED = re.compile(
    r"\b(?:pr[ée]vue?s?|planned|scheduled|envisag[ée]e?s?|uniquement\s+si|seulement\s+si|only\s+if|"
    r"à\s+condition|sous\s+r[ée]serve|provided\s+that|subject\s+to)\b",
    re.I,
)
# A final outcome asked ("the final score", « ont-ils gagné ? ») is not a figure on the way to it.
_OUTCOME_ASKED = frozenset(
    "final finale finaux definitif definitive definitifs finalement gagne gagnes gagnee won win lost perdu "
    "remporte remportee outcome "
    # how it ended: « sur quel score s'est terminé le match », "how did the count end"
    "termine terminee termines terminees fini finie finis finies ended finished end fin".split()
)
# What really happened, asked (« effectivement », "actually"), is neither the date planned for it
# nor the target set for it (« l'objectif est de 700 000 tests »).
_REALISED_ASKED = frozenset("effectivement reellement vraiment finalement actually really finally eventually".split())
_TARGET = re.compile(r"\b(?:objectifs?|cibles?|targets?|goals?|aims?\s+(?:to|at|for))\b", re.I)
# What is still to come tells no outcome: "this vote will likely occur tomorrow morning".
_TO_COME = re.compile(
    r"\b(?:will|shall|going\s+to|likely|expected\s+to|tomorrow|va|vont|sera|seront|aura|auront|devrait|devraient|demain)\b",
    re.I,
)
_PROVISIONAL = re.compile(
    r"\b(?:à\s+la\s+pause|à\s+la\s+mi-temps|mi-temps|half[- ]?time|at\s+the\s+break|provisoires?|provisional|"
    r"partiels?|partial|pour\s+l['’]\s*instant|so\s+far|for\s+now|en\s+ce\s+moment)\b",
    re.I,
)
FLOOR_SPEAKER = re.compile(
    r"^(?:Q|Question|Audience|Audience\s+member|Participant|Participante|Public|Salle|Auditeur|Auditrice|"
    r"(?:Un|Une)\s+(?:participant|participante|auditeur|auditrice)|Intervenant\s+de\s+la\s+salle)\b",
    re.I,
)
_OWN_AGE = re.compile(r"\b(?:I\s+was|I['’]m|I\s+am|j['’]\s*ai|j['’]\s*avais)\s+\d{1,3}\b", re.I)
# When a part of a programme was: its day or its hour.
FACT_PATTERNS["when"] = re.compile(f"(?:{FACT_PATTERNS['date'].pattern})|(?:{FACT_PATTERNS['time'].pattern})", re.I)

# The answer types a date or an hour answers ("when was…", « quel jour… »).
WHEN_TYPES = ("date", "year", "time", "when")
# The names a question gives, found in a passage, are evidence of their own (the coverage bar
# is lifted); a frequent one only lowers the bar to this share of it (dev pool: 1 more
# unanswerable question refused, none answerable; at 1.0, one answerable question refused).
FREQUENT_NAME_SUPPORT = 0.8
# A passage holding the question's names and none of its other words supports it only if the
# names weigh at least this share of the question (« Et sur Nicosie ? » is all name; « quelle
# sanction a été prise contre M. Frecker ? » is not).
NAMES_ONLY_SUPPORT = 0.5
# A sentence holding the asked fact must hold at least this share of the topic...
FACT_SENTENCE_SUPPORT = 0.5
# ... and, when any proper noun would do (a name, a place), at least this share of the coverage
# of the passages' best sentence (on the dev pool, asked of figures too: 2 more false refusals).
FACT_BEST_SHARE = 0.5
_ANY_NAME = frozenset({"name", "person", "place"})
# A sentence that says its subject came of the one before: « En 2015, le Comité opte pour une
# nouvelle vision. C'est ainsi que l'Initiative est lancée. », "That is how the fund began."
THEN_SENTENCE = re.compile(
    # (not a bare « Ainsi, … », "Thus, …": mostly an example or a consequence, not what came next)
    r"^\W*(?:c['’]\s*est\s+(?:ainsi|alors|là|pourquoi|dans\s+ce\s+(?:cadre|contexte))|dès\s+lors|"
    r"(?:this|that)\s+(?:is|was)\s+(?:how|why|when)|it\s+was\s+then|hence)\b",
    re.I,
)
# A sentence whose subject is the one before's: « … c'est Carlo Cottarelli qui l'annonce. Cet
# économiste de 64 ans … », "… named Jane Smith. She is 40 …".
ANAPHORIC = re.compile(
    r"^\W*(?:(?:cet|cette|ces)\s+[\w-]+|(?:il|elle|ils|elles|he|she|they)\s+(?!y\b)|"
    # « Ce plafond est fixé à 50 milliards »: a demonstrative noun (not « ce qui », « ce sont »)
    r"ce\s+(?!(?:qu|que|qui|dont|sont|serait|sera|fut|faisant|soir|matin|jour|week-end)\b)[a-zà-ÿ][\w-]+|"
    r"(?:ce|cette)\s+derni[èe]re?|the\s+latter|(?:this|these)\s+[a-z-]+)\b",
    re.I,
)
# A definite description of a person opening a sentence names the one before's subject again:
# « Serge Dassault est décédé. L'ancien sénateur … avait 93 ans. », "The former senator was 93."
_DEFINITE_OPENING = re.compile(
    r"^\W*(?:l['’]\s*|le\s+|la\s+|the\s+)(?:(?:ancien|ancienne|former|late|défunte?|nouvelle|nouveau|new|"
    r"jeune|young)\s+)?$",
    re.I,
)


# A speaker this much of whose sentences ask (an interviewer: 0.27 to 0.64 on the dev documents'
# hosts and journalists, their guests and members 0.00 to 0.12) states no view of their own.
ASKER_SHARE = 0.25
ASKER_MIN_SENTENCES = 4


def asks_mostly(statements: Sequence[Chunk]) -> bool:
    """Whether the speaker of `statements` mostly asks (`ASKER_SHARE` of their sentences are
    questions, by `FACT_PATTERNS["view"]`: with or without the question mark)."""
    sentences = [s for c in statements for s in _sentences(c.text)]
    if len(sentences) < ASKER_MIN_SENTENCES:
        return False
    asking = sum(1 for s in sentences if not FACT_PATTERNS["view"].search(s))
    return asking >= ASKER_SHARE * len(sentences)


def refers_back(sentence: str) -> bool:
    """Whether `sentence` opens with a pronoun or a description whose referent the sentence
    before names (`ANAPHORIC`; « L'ancien sénateur … », "The minister …")."""
    if ANAPHORIC.match(sentence):
        return True
    return any(_DEFINITE_OPENING.match(sentence[: m.start]) for m in role_mentions(sentence[:60]))


# A reply this short (in words) is read with the question it answers: "There were 13."
SHORT_REPLY_WORDS = 6


def awaits_reply(text: str) -> bool:
    """Whether a turn ends on a question, or broken off ("…a letter with a series of questions
    --"): the next speaker's words answer it."""
    return text.rstrip(" \n\"'»”").endswith(("?", "--", "—", "…"))


def _short_reply(sentence: str) -> bool:
    return len(sentence.split()) <= SHORT_REPLY_WORDS


# How near a person's name an age must be to be theirs: "Carlo Cottarelli, ancien responsable du
# FMI, âgé de 64 ans" (6 words apart), not « Cet économiste de 64 ans … désigné par le président
# Sergio Matarella » (19 words apart: the economist's age).
AGE_NAME_WINDOW = 8
_PERSON_NAME = re.compile(r"^(?:[A-ZÀ-Ý][\w'’.-]+\s+){0,3}[A-ZÀ-Ý][\w'’-]+$")


# A document's head, where it states its own date, time and place: its title (a passage made
# at question time, position -1) and its first chunks, and the short heading-cut lines of its
# front page among the next ones ("In the Matter of the" / "Hearing Room B" / "Albany, New York").
HEAD_CHUNKS = 2
HEAD_MAX_CHUNKS = 4
HEAD_LINE_CHARS = 200


def is_head(chunk: Chunk) -> bool:
    """Whether a chunk is its document's title or one of its opening chunks."""
    return chunk.position < HEAD_CHUNKS or (
        chunk.position < HEAD_MAX_CHUNKS and chunk.block == "section" and len(chunk.text) <= HEAD_LINE_CHARS
    )


@dataclass(frozen=True, slots=True)
class Verdict:
    """The answerability decision: `reason` says why not; `answering` is the passage that best
    holds what is asked (the asked fact, the names, the topic)."""

    answerable: bool
    reason: Reason = ""
    support: float = 0.0
    detail: str = ""
    answering: Chunk | None = None
    # the sentence of `answering` that holds the asked fact, as the judge read it (a figure, a
    # date, an age): the one to quote, though it may not repeat the question's words
    fact: str = ""
    # answerable by meaning only: the question's words are not there, sentences close to it are
    # (the answer says so rather than quoting with confidence)
    by_meaning: bool = False


@dataclass(frozen=True, slots=True)
class PassageCheck:
    """What one passage holds of the question."""

    coverage: float
    names_missing: tuple[str, ...]
    has_fact: bool
    # the question's names this passage lacks, the frequent ones too: holding them all is
    # evidence, lacking a frequent one is no reason to refuse
    evidence_missing: tuple[str, ...] = ()
    # it holds the question's names and none of its other words, which weigh more
    names_alone: bool = False
    # the sentence holding the asked fact ("" when none is asked, or none holds it)
    fact_sentence: str = ""


_PROPER = re.compile(r"(?<=[\s(«\"'’])(?:[A-ZÀ-ÖØ-Ý][\w'’-]{2,}|[A-Z]{2,}\w*)")


# Capitalised words that address or title someone, no name of anyone or anything.
_ADDRESS_WORDS = frozenset(
    "speaker madam mister monsieur madame messieurs mesdames sir chair chairman chairperson chairwoman "
    "honourable honorable president presidente".split()
)


def _in_capitals(text: str) -> bool:
    """Whether `text` is written in capitals, as a heading is (most of its letters upper-case)."""
    return sum(c.isalpha() for c in text) >= 12 and upper_share(text) >= 0.7


_MONTHS = rf"{MONTH_WORDS}|may"
# A year or a day of a month is a date, not the count or amount a number question asks for.
_DATE_NUMBERS = re.compile(
    rf"\b(?:1[5-9]\d\d|20\d\d)\b|\b\d{{1,2}}(?:er)?\s+(?:{_MONTHS})\b|\b(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?\b",
    re.I,
)


# An ordinal ("l'article 1er", "the 21st", « 6e ») ranks; it does not count.
_ORDINALS = re.compile(r"\b(\d+)(?:er|re|e|ème|eme|è|nd|rd|th|st)\b", re.I)


_NAMED_FIGURE = re.compile(r"\b[A-Za-z]{1,6}-?\d+[A-Za-z]*\b")
_TIME_UNIT = re.compile(
    r"(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centur(?:y|ies)|"
    r"ans?|annees?|mois|semaines?|jours?|heures?|secondes?|decennies?|siecles?|"
    # "how long", « combien de temps », "how old": a duration is what is asked
    r"long|longtemps|temps|old|age|duree)"
)
_DURATION = re.compile(
    rf"\b(?:\d+|{_NUMBER_WORDS}|a|an|one|un|une|few|quelques)\s+(?:more\s+|de\s+plus\s+|full\s+|long\s+)?"
    r"(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centur(?:y|ies)|"
    r"ans|années|mois|semaines|jours|heures|secondes|décennies|siècles)\b(?:\s+ago)?",
    re.I,
)


_REFERENCE = re.compile(
    r"\b(?:paragraphs?|paras?|pages?|pp?\.|articles?|art\.|sections?|clauses?|amendments?|amendements?|"
    r"n[°º]|no\.|nos\.|numéro|items?|annexes?|annex|chapters?|chapitres?|alinéas?|exhibits?|lines?|lignes?|"
    r"tabs?|motions?|bills?|projets?\s+de\s+loi)\s*\d[\w./-]*",
    re.I,
)


_LEADER = re.compile(r"(?:\.\s?){3,}\s*\d+")


def _countable(text: str, asked: frozenset[str], answer_type: str = "number") -> str:
    """`text` without the figures that count nothing asked: dates, ordinals, figures in names
    and, unless a duration is asked, durations."""
    text = _ORDINALS.sub(" ", _DATE_NUMBERS.sub(" ", text))
    # "an AR-15 rifle", "COVID-19", "the G20": a name with a figure counts nothing; nor does an
    # hour ("at 3 pm") or a reference ("paragraph 54", « l'amendement n° 9 »).
    text = _NAMED_FIGURE.sub(" ", text)
    text = _REFERENCE.sub(" ", FACT_PATTERNS["time"].sub(" ", text))
    # a table of contents' page number after its dotted leader ("membre du Collège ..... 24")
    text = _LEADER.sub(" ", text)
    if answer_type == "number" and not any(_TIME_UNIT.fullmatch(w) for w in asked):
        # "two years ago", « depuis trois mois »: how long, not how many of what is asked.
        text = _DURATION.sub(" ", text)
    return text


# A date or year answers "when" only with some of the question's words this near it, in words
# that carry meaning (« … la privatisation future, de limiter au maximum le coût budgétaire net,
# lequel s'élève déjà à 7,5 milliards de francs pour les années 1994 et 1995 »: those years date
# the cost). (Ten words of any kind before: « la ville allemande de Heidelberg a été impulsé par
# un groupe de jeunes en 1950 » was too far; dev pool: 1 answered more, none lost.)
DATE_WINDOW = 6
# A figure counts what is named this near it, in words: "10,274 students", « 300 policiers
# étaient là », "the number of students enrolled is 10,274"; a figure at the other end of a
# long sentence counts something else.
COUNT_WINDOW = 6


def figure_windows(text: str, asked: frozenset[str] = frozenset()) -> list[str]:
    """The stretches of `text` around each figure that may count something asked: the figure
    and `COUNT_WINDOW` words either side."""
    text = _countable(text, asked)
    out = []
    for m in FACT_PATTERNS["number"].finditer(text):
        before = text[: m.start()].split()[-COUNT_WINDOW:]
        after = text[m.end() :].split()[:COUNT_WINDOW]
        out.append(" ".join([*before, m.group(0), *after]))
    return out


# A figure with no noun of its own after it: « Les débats en ont vu 300. », "There were 13.",
# « Il y en a aujourd'hui 17 millions. »
_BARE_FIGURE = re.compile(
    r"(?:\d[\d\s.,]*|\b(?:"
    + _NUMBER_WORDS
    + r"))\s*(?:millions?|milliards?|thousands?|billions?|mille)?\s*[.!?;)]*\s*$",
    re.I,
)


def _bare_figure(sentence: str) -> bool:
    """Whether the sentence ends on its figure: it counts what was named before it."""
    return _BARE_FIGURE.search(sentence.strip()) is not None


_TIME_NAME = re.compile(
    rf"{MONTH_WORDS}|may|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|christmas|easter|noel|paques"
)
_SINCE_ASKED = re.compile(r"\b(?:depuis|since|jusqu|until|how\s+long|combien\s+de\s+temps)\b", re.I)


def fact_type(query: Query) -> str:
    """The fact a passage must hold for `query`: its answer type, except that a date asked
    without "since" or "until" is a point in time ("moment"), and a name asked with "who" is a
    person's ("person")."""
    if query.answer_type == "date" and not _SINCE_ASKED.search(query.text):
        return "moment"
    if query.answer_type == "name" and _WHO_ASKED.match(query.text):
        return "person"
    return query.answer_type


# "And who were the six key witnesses…?", « Qui étaient les témoins… ? »: people, by name.
_WHO_ASKED = re.compile(r"^\W*(?:(?:and|so|but|et|mais|alors)\s+)?(?:who|qui)\b", re.I)
# Capitalised words that make a name an institution's, not a person's ("the Court of Disputed
# Returns", "the Electoral Commission", « le Conseil constitutionnel »).
_INSTITUTION_WORDS = frozenset(
    "court courts committee committees commission council party parties ministry department government "
    "parliament house senate assembly office agency union bank university school hospital company "
    "association board authority tribunal cour comite conseil parti ministere gouvernement assemblee senat "
    "chambre banque universite ecole hopital societe agence federation institute institut foundation "
    "fondation group groupe organisation organization opposition majorite majority cabinet".split()
    # (not "State", « République »: "Secretary of State Blinken" is a person's name)
)
_HONORIFIC_BEFORE = re.compile(
    r"\b(?:mr|mrs|ms|miss|dr|sir|lady|lord|hon|m|mme|mlle|monsieur|madame|docteur|ma[iî]tre)\.?\s*$", re.I
)
# How many words either side of a capitalised word an institution's word makes it part of its name.
INSTITUTION_WINDOW = 5


def _person_names(body: str) -> list[str]:
    """The capitalised words of `body` that may be a person's name: not within an institution's
    name, unless an honorific goes before them ("Mr Lehane of the Council")."""
    out = []
    for m in _PROPER.finditer(body):
        if _HONORIFIC_BEFORE.search(body[: m.start()]):
            out.append(m.group(0))
            continue
        before = re.findall(r"[\w'’-]+", body[: m.start()])[-INSTITUTION_WINDOW:]
        after = re.findall(r"[\w'’-]+", body[m.end() :])[:INSTITUTION_WINDOW]
        if not any(w[:1].isupper() and fold(w) in _INSTITUTION_WORDS for w in [*before, m.group(0), *after]):
            out.append(m.group(0))
    return out


def has_fact(answer_type: str, text: str, asked: frozenset[str] = frozenset()) -> bool:
    """Whether `text` holds a fact of the type asked (any text does when none is asked).
    A name asked for ("which cities") is a proper noun the question does not already give
    (in any spelling: "Nicosie" is not new after "Nicosia")."""
    if answer_type in ("name", "person"):
        # the sentence's first word is capitalised anyway (not "MarcoPolo", "DeepMind": a capital
        # inside a word makes it a name wherever it stands)
        body = " " + re.sub(r"^\W*(?![A-Z]?[a-zà-ÿ]+[A-Z])[\w'’-]+", " ", text)
        # A heading in capitals capitalises every word, its label too ("PATIENTS REFUSED
        # TREATMENT IN WESTERN CAPE HOSPITALS (Member's Statement)"); "Madam Speaker" addresses.
        names = _person_names(body) if answer_type == "person" else [m.group(0) for m in _PROPER.finditer(body)]
        return not _in_capitals(body) and any(
            not any(similar(fold(n), a) for a in asked) and fold(n) not in _ADDRESS_WORDS for n in names
        )
    if answer_type == "place":
        # "In which city was the ICML workshop held?": "at ICML" names what is asked about, not
        # where it was.
        # (nor is "in July" a place)
        return any(
            not any(similar(fold(w), a) for a in asked) and not _TIME_NAME.fullmatch(fold(w))
            for m in FACT_PATTERNS["place"].finditer(text)
            for w in re.findall(r"[\w'’-]+", m.group(0))[-1:]
        )
    if answer_type in ("number", "money"):
        text = _countable(text, asked, answer_type)
    if answer_type == "later" and (_PLANNED.search(text) or (asked & _OUTCOME_ASKED and _TO_COME.search(text))):
        return False
    if asked & _REALISED_ASKED and (_PLANNED.search(text) or _TARGET.search(text)):
        # « quand a-t-elle effectivement été mise en service ? »: not « prévue le 2 juin »; « combien
        # de tests ont réellement été faits ? »: not « l'objectif est de 700 000 tests »
        return False
    if answer_type in ("number", "percent", "tally", "vote") and asked & _OUTCOME_ASKED and _PROVISIONAL.search(text):
        return False  # "the final score": « la France mène à la pause 2-0 » is not it
    rx = FACT_PATTERNS.get(answer_type)
    return rx is None or rx.search(text) is not None


def event_bound(query: Query) -> str:
    """Whether the question asks at what hour the whole event began ("start") or ended ("end"),
    as « À quelle heure commence le colloque ? » does (no part, no speaker); else ""."""
    if query.kind != "programme" or query.part or query.speakers or query.answer_type != "time":
        return ""
    # what it is about is the event itself (« le débat sur la Syrie » is something within it)
    if not all(
        fold(w) in DOCUMENT_WORDS or STARTED.match(w) or ENDED.match(w) or _MEANT_TO.match(w) or DAYTIME.fullmatch(w)
        for w in query.topic
    ):
        return ""
    return "end" if ENDED.search(query.text) else "start" if STARTED.search(query.text) else ""


# « devait-il se terminer », "was it scheduled to end": when it was to be
_MEANT_TO = re.compile(r"(?:dev\w*|pr[ée]vu\w*|cens[ée]\w*|suppos\w*|scheduled|due|planned|expected)$", re.I)


def bound_slot(query: Query, chunks: Sequence[Chunk]) -> Chunk | None:
    """For `event_bound`, the programme's first (or last) timed slot among `chunks`, in the
    document of the first one: when the day began (or ended) is when its programme does."""
    bound = event_bound(query)
    timed = [c for c in chunks if c.block == "programme" and FACT_PATTERNS["time"].search(c.text)]
    if (m := DAYTIME.search(query.text)) is not None:
        # « la séance de l'après-midi »: the slots of that time of day, a meal or coffee break no
        # sitting of it.
        low, high = _DAY_WINDOWS[fold(m.group(0))]
        timed = [
            c
            for c in timed
            if (h := _start_hour(c.text)) is not None and low <= h < high and not _BREAK_SLOT.search(c.text)
        ]
    if not bound or not timed:
        return None
    same = [c for c in timed if c.source == timed[0].source]
    return min(same, key=lambda c: c.position) if bound == "start" else max(same, key=lambda c: c.position)


# The hours of a time of the day, by its name (folded; every word `DAYTIME` finds).
_DAY_WINDOWS = {
    "matin": (0, 12),
    "matinee": (0, 12),
    "morning": (0, 12),
    "apres-midi": (12, 18),
    "afternoon": (12, 18),
    "soir": (18, 24),
    "evening": (17, 24),
}
_BREAK_SLOT = re.compile(r"\b(?:pause|d[ée]jeuner|lunch|break|caf[ée]|coffee|cocktail|repas|meal)\b", re.I)


def _start_hour(text: str) -> int | None:
    """The hour a programme slot starts at ("14h30-16h00 : SESSION 3" -> 14), if it gives one."""
    m = re.search(r"\b([01]?\d|2[0-3])\s*(?:h|:|heures?\b)", text)
    return int(m.group(1)) if m else None


def bound_line(query: Query, slot: Chunk) -> str:
    """The line of `slot` that gives the hour asked: its first timed line for a start, its last
    for an end."""
    lines = [ln for ln in slot.text.split("\n") if FACT_PATTERNS["time"].search(ln)]
    return (lines[-1] if event_bound(query) == "end" else lines[0]) if lines else slot.text


def counted_groups(query: Query, groups: Sequence[Group], matcher: TermMatcher) -> list[Group]:
    """The groups of what a number question counts (`Query.counted`). Across languages, a word
    with no translation in the corpus is still looked for by meaning (`TermMatcher.covers`): a
    figure with nothing like "police officers" near it counts something else (on the dev pool,
    2 more unanswerable questions refused for 1 answerable: "residents" / « habitants »)."""
    return [g for g in groups if g.word in query.counted]


# the answer types whose sentence gives a figure
_FIGURES = frozenset({"number", "percent", "money", "date", "year", "moment"})


def _ordinals(text: str) -> frozenset[str]:
    """The numbers of the ordinals a text holds, in words or figures ("the second round",
    « 2e tour »: {"2"}): « premier tour » and "first round" are one."""
    words = frozenset(ORDINALS[w] for w in re.findall(r"[a-z]+", fold(text)) if w in ORDINALS)
    # (of the figures, those the words give: "June 17th" dates, it numbers no round)
    ranks = frozenset(ORDINALS.values())
    return words | frozenset(m.group(1) for m in _ORDINALS.finditer(text) if m.group(1) in ranks)


def names_counted(
    matcher: TermMatcher, counted: Sequence[Group], lang: str, text: str, asked: frozenset[str], near: bool = False
) -> bool:
    """Whether `text` names what a number question counts, if it says (`counted_groups`): 175
    hours of debate do not answer "how many police officers". `near`: by one of its figures
    (`figure_windows`)."""
    if not counted:
        return True
    spans = figure_windows(text, asked) if near else [text]
    if any(fold(g.word) in ASSEMBLY_MEMBERS for g in counted) and any(
        ASSEMBLY_MEMBERS & set(re.findall(r"[\w-]+", fold(t))) for t in spans
    ):
        return True  # « 210 membres réunis dans la salle » counts the deputies present
    return any(matcher.covers(g, t, lang) for g in counted for t in spans)


def _with_initials(matcher: TermMatcher, groups: Sequence[Group], query: Query) -> Callable[[str], float]:
    """`matcher.scorer` of the groups, where a name written by its initials covers its words:
    "the Democratic Alliance" is "the DA" of the text (only names whose initials the corpus holds)."""
    coverage = matcher.scorer(groups, query.lang)
    total = sum(matcher.weight(g) for g in groups)
    short = [
        (n, [g for g in groups if fold(g.word) in {fold(w) for w in re.findall(r"[\w'’-]+", n)}])
        for n in query.names
        if (a := initials_of(n)) and fold(a) in matcher.idf
    ]
    short = [(n, gs) for n, gs in short if gs]
    if not short or not total:
        return coverage

    def covered(text: str) -> float:
        base = coverage(text)
        extra = sum(
            matcher.weight(g)
            for n, gs in short
            if abbreviated(n, text)
            for g in gs
            if not matcher.covers(g, text, query.lang)
        )
        return min(1.0, base + extra / total)

    return covered


def check_passage(query: Query, groups: Sequence[Group], chunk: Chunk, matcher: TermMatcher) -> PassageCheck:
    """Coverage, missing names and the asked fact for one passage."""
    return _Checker(query, groups, matcher).check(chunk)


_EXAMPLE_BEFORE = re.compile(
    r"(?:\blike|\bsuch\s+as|\bcomme|\btel(?:le)?s?\s+que|\bnotamment|\be\.g\.|\bfor\s+example|\bpar\s+exemple)\s*,?\s*$",
    re.I,
)


def _exemplified(text: str, name: str) -> bool:
    """Whether `text` gives `name` only as an example of what it asks about ("in flu names like H1N1")."""
    found = [m.start() for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)]
    return bool(found) and all(_EXAMPLE_BEFORE.search(text[:i]) for i in found)


class _Checker:
    """`check_passage` for many passages of one question: what depends on the question alone
    (the names required, the words it asks with, the groups' weights) is worked out once."""

    def __init__(
        self,
        query: Query,
        groups: Sequence[Group],
        matcher: TermMatcher,
        context: Callable[[Chunk], str] | None = None,
        fact_support: float = FACT_SENTENCE_SUPPORT,
    ) -> None:
        self.query = query
        self.fact_support = fact_support
        self.fact_bar = fact_support  # raised by `weigh`
        self.context = context
        self.groups = groups
        self.matcher = matcher
        # (a name given as an example, "flu names like H1N1", « des villes comme Lyon », is not
        # what is asked: the answer need not repeat it)
        required = [n for n in query.names if matcher.must_appear(n, query.lang) and not _exemplified(query.text, n)]
        named = {fold(n) for n in required}
        # A word of a name the question gives is judged with the name ("Marcel" of "Marcel Mauss",
        # named by « celle de Mauss »), not as a name of its own.
        parts = {fold(p) for n in required for p in re.findall(r"[\w'’-]+", n)}
        required += [
            g.word
            for g in groups
            if g.name_like
            and fold(g.word) not in named | parts
            # "At what hour did the Commons sitting start?": the words that say which document
            # are no name its head must repeat.
            and not (query.about_document and fold(g.word) in DOCUMENT_WORDS)
        ]
        # The names a question gives are evidence when a passage holds them; a passage must hold
        # the rare ones only: "l'État" in proceedings about the State is their subject, not what
        # singles out an answer (a name the question gives is required only when rare already).
        self.evidence = required
        self.required = [n for n in required if fold(n) in named or matcher.name_is_rare(n, query.lang)]
        self.coverage = _with_initials(matcher, groups, query)
        # The words beside the names: a passage that holds "Frecker" and none of "quelle
        # sanction a été prise contre M. Frecker" names him without answering.
        name_words = {fold(p) for n in self.evidence for p in re.findall(r"[\w'’-]+", n)}
        # ... the noun governing a name goes with it: « la pandémie de Covid-19 »
        for n in self.evidence:
            for m in re.finditer(
                rf"([\w-]+)\s+(?:de|du|des|d['’]|of)\s*(?:la\s+|le\s+|les\s+|l['’]\s*|the\s+)?{re.escape(n)}\b",
                query.text,
                re.I,
            ):
                name_words.add(fold(m.group(1)))
        self.others = [g for g in groups if fold(g.word) not in name_words]
        # ... and beside every name the question gives, required or not (across languages a
        # name need not appear as written, yet it is no more what is asked)
        given = name_words | {fold(p) for n in query.names for p in re.findall(r"[\w'’-]+", n)}
        self.unnamed = [g for g in groups if fold(g.word) not in given]
        self.beyond_given = matcher.scorer(self.unnamed, query.lang)
        self.beyond_names = matcher.scorer(self.others, query.lang)
        self.total = total = sum(matcher.weight(g) for g in groups)
        self.names_share = 1.0 - sum(matcher.weight(g) for g in self.others) / total if total else 0.0
        self.counted = counted_groups(query, groups, matcher)
        self.fact_type = fact_type(query)
        # "How many people…", « combien d'étudiants… »: a count, which a share ("100 %", "a
        # third of every graduate") is not.
        self.counting = self.fact_type == "number" and bool(query.counted)
        # "Of the €1 million raised, how much came from the regions?": the figure the question
        # states is not its answer.
        self.given_figures = _figure_keys(query.text) if self.fact_type in ("number", "money", "percent") else set()
        self.ordinals = _ordinals(query.text) if self.fact_type in _FIGURES else frozenset()
        self.asked: frozenset[str] = frozenset()
        if query.answer_type:
            self.asked = frozenset(content_words(query.text)) | frozenset(
                fold(w) for n in query.names for w in n.split()
            )
            if matcher.cross_lingual(query) and matcher.translate is not None:
                # "Ireland" asked is « Irlande » in the corpus: not a name the answer gives
                self.asked |= frozenset(fold(t) for w in query.topic for t in matcher.translate(w))

    def put_share(self, put: str, text: str) -> float:
        """The share of the question's weight that `put` (the question a turn answers) holds
        and `text` does not, of its words beside the names it gives."""
        lang = self.query.lang
        extra = sum(
            self.matcher.weight(g)
            for g in self.others
            if self.matcher.covers(g, put, lang) and not self.matcher.covers(g, text, lang)
        )
        return extra / self.total if self.total else 0.0

    def unstated(self, sentence: str) -> str:
        """`sentence` without the figures that cannot answer: those the question states and, for
        a count, shares."""
        if self.given_figures:
            sentence = _FIGURE.sub(lambda m: " " if _figure_key(m) in self.given_figures else m.group(0), sentence)
        return _SHARES.sub(" ", sentence) if self.counting else sentence

    def weigh(self, candidates: Sequence[Chunk]) -> None:
        """Raise the bar of a fact's sentence to a share of the best sentence's coverage among
        `candidates`: a name in a sentence that shares one word with the question is not the
        answer when another sentence is about it ("which towns … lost their councils": the
        sentence on the councils names none; the one naming Ukraine is about something else)."""
        if self.fact_type not in _ANY_NAME or not self.groups:
            return  # a figure's own checks (what it counts, its date) say what it is about
        best = max(
            (self.coverage(s) for c in candidates if c.block == "statement" for s in _sentences(c.text)),
            default=0.0,
        )
        self.fact_bar = max(self.fact_support, FACT_BEST_SHARE * best)

    def beyond_asked_names(self, text: str) -> bool:
        """Whether `text`, where a name is asked for, holds some of the question's words other
        than the names it gives: "Merci Antoine Grognet, en direct du stade de France" names
        someone beside "Stade de France" but says nothing of who scored."""
        return self.fact_type not in _ANY_NAME or not self.unnamed or self.beyond_given(text) > 0

    def names_near(self, text: str) -> bool:
        """Whether `text`, around an asked vote, holds the rare names the question gives: "the
        vote on the Calgary Declaration" is not the vote on motion no 4 in the passage that goes
        on to the Declaration. (Asked of every fact type, on the dev pool: 2 more unanswerable
        questions refused for 7 answerable ones.)"""
        if self.query.answer_type not in ("vote", "tally"):
            return True  # a figure's or a date's sentence may leave the name to the ones before
        return all(self.matcher.has_name(n, text, self.query.lang) for n in self.required)

    def same_ordinal(self, text: str) -> bool:
        """Whether a passage that numbers something (« au premier tour ») numbers it as the
        question does ("in the second round"), if at all: the first round's 39 % is not the
        second's."""
        if not self.ordinals:
            return True
        found = _ordinals(text)
        return not found or bool(found & self.ordinals)

    def dated_near(self, text: str) -> bool:
        """Whether a date asked for in `text` has some of the question's words within
        `DATE_WINDOW` words of it (any text, for other answer types)."""
        if self.fact_type not in ("date", "year", "moment"):
            return True
        for m in FACT_PATTERNS[self.fact_type].finditer(text):
            # counted in words that carry meaning: « … la ville allemande de Heidelberg a été
            # impulsé par un groupe de jeunes en 1950 » dates the twinning
            before = content_words(text[: m.start()], folded=False)[-DATE_WINDOW:]
            after = content_words(text[m.end() :], folded=False)[:DATE_WINDOW]
            if self.coverage(" ".join([*before, m.group(0), *after])) > 0:
                return True
        return False

    def aged_near(self, text: str) -> bool:
        """Whether an age asked of a person named in `text` is theirs: within `AGE_NAME_WINDOW`
        words of the name (a sentence that does not name them may give it of its subject, named
        the sentence before)."""
        if self.query.answer_type != "age":
            return True
        people = [n for n in self.required if _PERSON_NAME.match(n)]
        lang = self.query.lang
        named = [n for n in people if self.matcher.has_name(n, text, lang)]
        if not named:
            return True
        for m in FACT_PATTERNS["age"].finditer(text):
            before = text[: m.start()].split()[-AGE_NAME_WINDOW:]
            after = text[m.end() :].split()[:AGE_NAME_WINDOW]
            window = " ".join([*before, m.group(0), *after])
            if all(self.matcher.has_name(n, window, lang) for n in named):
                return True
        return False

    def names_counted(self, text: str, near: bool = False) -> bool:
        """`names_counted` for this question."""
        return names_counted(self.matcher, self.counted, self.query.lang, text, self.asked, near)

    def check(self, chunk: Chunk) -> PassageCheck:
        query, matcher, groups = self.query, self.matcher, self.groups
        # A programme slot or a section is about its heading too ("Hearing Room B", "Session 2").
        text = chunk.text if chunk.block == "statement" or not chunk.part_title else f"{chunk.part_title}\n{chunk.text}"
        coverage = self.coverage(text)
        head = query.about_document and is_head(chunk)
        if head:
            coverage = 1.0  # the document's head is about the document
        elif (
            query.kind == "speaker_topic"
            and coverage < 1.0
            and chunk.block == "statement"
            and chunk.speaker in query.speakers
            and self.context is not None
            and awaits_reply(put := self.context(chunk).rsplit("\n", 1)[-1])
        ):
            # A witness's answer is about the question put to them ("What does the H in the
            # lettering indicate?" — "The H is hemagglutinin…"), whose words it need not repeat;
            # not about the names it gives (« pourquoi êtes-vous à Paris ? » is no answer on Paris).
            coverage = min(1.0, coverage + self.put_share(put, text))
        # A passage is read in its context: "l'Assemblée" is named by the title "National
        # Assembly - 26 February 2004" for every passage of that sitting, and the sentence
        # before a passage may name what it speaks of ("…la Syrie. La liste noire compte…").
        # The context is read only for the names the passage alone lacks (most passages lack none).
        missing = tuple(n for n in self.evidence if not matcher.has_name(n, text, query.lang))
        if missing and self.context is not None and (around := self.context(chunk)):
            named = f"{text}\n{around}"
            missing = tuple(n for n in missing if not matcher.has_name(n, named, query.lang))
        evidence_missing, missing = missing, tuple(n for n in missing if n in self.required)
        fact_sentence = ""
        if query.answer_type == "floor":
            # A programme's "Débat avec la salle" schedules the questions; it does not report them.
            fact = chunk.block != "programme" and (
                bool(FLOOR_SPEAKER.match(chunk.speaker)) or FACT_PATTERNS["floor"].search(text) is not None
            )
        elif query.answer_type:
            # The fact must sit in a sentence about the question, not anywhere in the passage.
            sentences = _sentences(text) if chunk.block != "programme" else text.split("\n")
            # The sentence before the passage's first, when that one names its subject again
            # (« L'ancien sénateur … avait 93 ans. » after « Serge Dassault est décédé. »).
            before = ""
            if sentences and self.context is not None:
                back = refers_back(sentences[0])
                if back or _short_reply(sentences[0]):
                    around = self.context(chunk).rsplit("\n", 1)[-1]
                    last = (_sentences(around) or ("",))[-1]
                    # ... or the question it answers, or the words it breaks into, in a few words
                    # ("…a letter with a series of questions --" — "There were 13.")
                    if back or awaits_reply(last):
                        before = last
            # ... or in it and the sentence before, which may say what it is about ("Une
            # bibliothèque importante que celle de Mauss. 10 000 ouvrages…").
            fact_sentence = next(
                (
                    s
                    for i, s in enumerate(sentences)
                    if has_fact(self.fact_type, self.unstated(s), self.asked)
                    and (
                        head
                        # how old the asked speaker is, in their words ("j'ai 65 ans", "since I was
                        # 11"): their age is no topic of theirs
                        or (
                            query.answer_type == "age"
                            and chunk.speaker in query.speakers
                            and _OWN_AGE.search(s) is not None
                        )
                        or not groups
                        or (
                            self.coverage(s) >= self.fact_bar
                            and self.beyond_asked_names(s)
                            and self.names_counted(s, near=True)
                            and self.names_near(s)
                            and self.dated_near(s)
                            and self.aged_near(s)
                        )
                        or (
                            (i > 0 or bool(before))
                            # the fact's sentence is about the question too, or is the room's
                            # reaction to the sentence before ("(Exclamations à gauche.)")
                            and (
                                self.coverage(s) > 0
                                or query.answer_type == "reaction"
                                or refers_back(s)
                                or (i == 0 and bool(before) and _short_reply(s))
                            )
                            and self.coverage(pair := f"{sentences[i - 1] if i else before} {s}") >= self.fact_bar
                            and self.beyond_asked_names(pair)
                            # (named in the sentence before, the figure of this one counts it
                            # when it counts nothing of its own, « Les débats en ont vu 300. », or
                            # is near it: "The question of compensation… can then be decided. …
                            # 71 pig farms" count no compensation)
                            and (
                                self.names_counted(s)
                                or (self.names_counted(pair) and _bare_figure(s))
                                or self.names_counted(pair, near=True)
                            )
                            and self.names_near(pair)
                            and self.dated_near(pair)
                            and self.aged_near(s)
                        )
                        or (
                            query.answer_type in WHEN_TYPES
                            and i + 1 < len(sentences)
                            and THEN_SENTENCE.match(sentences[i + 1]) is not None
                            and self.coverage(sentences[i + 1]) >= self.fact_bar
                            and self.names_counted(f"{s} {sentences[i + 1]}")
                        )
                    )
                ),
                "",
            )
            fact = bool(fact_sentence)
            if fact and before and fact_sentence == sentences[0] and _short_reply(fact_sentence):
                # a short reply is about what it answers: "There were 13." to "…questions --"
                coverage = max(coverage, self.coverage(f"{before} {text}"))
        else:
            fact = True
        fact = fact and self.same_ordinal(text)
        # It holds the names and nothing else the question asks, which is most of it. (A question
        # about a speaker's words is judged on theirs, where the names are enough: « le séisme en
        # Turquie » is their « tremblement de terre ».)
        names_alone = (
            bool(self.others)
            and evidence_missing != tuple(self.evidence)
            and not head
            and not query.speakers
            and self.names_share < NAMES_ONLY_SUPPORT
            and not self.beyond_names(text)
        )
        if names_alone:
            coverage = 0.0
        return PassageCheck(coverage, missing, fact, evidence_missing, names_alone, fact_sentence if fact else "")


@lru_cache(maxsize=8192)
def _sentences(text: str) -> tuple[str, ...]:
    """A passage's sentences (the same passages are judged again and again)."""
    return tuple(split_sentences(text))


class Judge:
    """Decides answerability from the query, the passages and, for a question about a
    speaker's views, that speaker's own statements.

    :param matcher: the corpus's term matcher.
    :param min_support: the coverage threshold (`answer.min_support`).
    :param min_support_speaker: the threshold for a question about one speaker's views, judged
        on their own statements (`answer.min_support_speaker`); None: the others apply.
    :param min_support_cross: the threshold for a question in another language than the corpus
        (`answer.min_support_cross_lingual`): word translations miss some words, so coverage
        runs lower for the same evidence.
    :param context: the text a passage is read in for the names asked (its document's title,
        the end of the passage before it); None: the passage alone.
    :param own_context: the same for a speaker's own statements, when a question about their
        views is judged on them: only what is theirs or was asked of them (another speaker's
        words before theirs are not what they said); None: `context`.
    :raises ValueError: a threshold outside 0..1.
    """

    def __init__(
        self,
        matcher: TermMatcher,
        min_support: float,
        min_support_cross: float | None = None,
        min_support_speaker: float | None = None,
        context: Callable[[Chunk], str] | None = None,
        own_context: Callable[[Chunk], str] | None = None,
    ) -> None:
        for name, value in (
            ("min_support", min_support),
            ("min_support_cross", min_support_cross),
            ("min_support_speaker", min_support_speaker),
        ):
            if value is not None and not 0 <= value <= 1:
                raise ValueError(f"{name} must be within 0..1, not {value}")
        self.matcher = matcher
        self.min_support = min_support
        self.min_support_cross = min_support if min_support_cross is None else min_support_cross
        self.min_support_speaker = min_support_speaker
        self.context = context
        self.own_context = own_context if own_context is not None else context

    def judge(
        self, query: Query, passages: Sequence[Passage], statements: Sequence[Chunk] = (), depth: int = 6
    ) -> Verdict:
        """The verdict for `query` over `passages` (and the asked speakers' `statements`)."""
        if query.unknown:
            return Verdict(False, "unknown_speaker", detail=query.unknown)
        if query.speakers and query.kind in ("speaker_topic", "speaker_summary") and not statements:
            return Verdict(False, "no_statement", detail=", ".join(query.speakers))
        if (
            query.kind == "who_is"
            and query.answer_type == "name"
            and query.speakers
            and all(map(unnamed, query.speakers))
        ):
            # « Comment se nomme celui qui préside ? » of a chair the record calls only « Monsieur
            # le Président »: the document does not give the name asked.
            return Verdict(False, "missing_fact", 0.0, "name")
        if query.kind in ("who_is", "speaker_summary"):
            return Verdict(bool(query.speakers), "" if query.speakers else "low_support", 1.0)
        if query.answer_type == "view" and statements and asks_mostly(statements):
            # Where an interviewer stands: they put the questions; their framing is no view.
            return Verdict(False, "missing_fact", 0.0, "view")
        if not passages and not statements:
            return Verdict(False, "no_passages")
        slot = bound_slot(query, [p.chunk for p in passages])
        if slot is not None:
            return Verdict(True, "", 1.0, answering=slot)
        if query.kind == "programme" and query.part and query.answer_type:
            # When (or where) a part of the programme was: its programme line says it, whatever
            # words the question names the part with ("the wrap-up part of the day").
            for p in passages:
                slot = p.chunk
                if slot.block == "programme" and in_part(slot, query.part) and has_fact(query.answer_type, slot.text):
                    return Verdict(True, "", 1.0, answering=slot)
        groups = self.matcher.groups(query)
        threshold = self.min_support_cross if self.matcher.cross_lingual(query) else self.min_support
        if query.kind == "speaker_topic" and statements and self.min_support_speaker is not None:
            threshold = min(threshold, self.min_support_speaker)
        if query.kind == "speaker_topic" and statements:
            candidates: Sequence[Chunk] = statements
        elif query.kind == "who_spoke":
            # Who spoke of it: only what someone said answers, not the document's own text.
            candidates = [p.chunk for p in passages[: 2 * depth] if p.chunk.speaker]
            if not candidates:
                return Verdict(False, "no_speakers", detail=" ".join(query.topic))
        else:
            candidates = [p.chunk for p in passages[:depth]]
            if query.about_document:  # the document's own date or place: its head, wherever ranked
                candidates += [p.chunk for p in passages[depth:] if is_head(p.chunk)]
        # Judged on the asked speaker's own statements, the scope is already theirs: the
        # sentence with the fact needs no more of the topic than the statements do.
        fact_support = min(FACT_SENTENCE_SUPPORT, threshold) if candidates is statements else FACT_SENTENCE_SUPPORT
        context = self.own_context if candidates is statements else self.context
        checker = _Checker(query, groups, self.matcher, context, fact_support)
        checker.weigh(candidates)
        checks = [checker.check(c) for c in candidates]
        best = max(
            range(len(checks)),
            key=lambda i: (not checks[i].names_missing, checks[i].has_fact, checks[i].coverage),
        )
        c = checks[best]
        top = max(x.coverage for x in checks)
        if all(x.names_missing for x in checks):
            # A name the question gives that no passage holds says more than low coverage.
            missing = min((x.names_missing for x in checks), key=len)
            return Verdict(False, "missing_name", c.coverage, ", ".join(missing))
        # The names a question gives (a place, a year, an organisation), found together in one
        # passage, are evidence of their own: "Et quel texte de 2014 a-t-il mentionné ?".
        # (Names the question gives that no passage had to hold, a capitalised common noun asked
        # across languages, are no evidence.)
        named = bool(checker.evidence) and any(not x.evidence_missing and not x.names_alone for x in checks)
        # A frequent name ("Canada" in the Canadian Hansard, « États » in proceedings on
        # diplomacy) is weaker evidence than a rare one: it lowers the bar without removing it.
        bar = threshold * FREQUENT_NAME_SUPPORT if named else threshold
        # Rare names found lift the bar (found in a passage that holds more of the question than
        # them, or the question asks nothing else: « Et sur Nicosie ? »).
        if top < bar and not (named and checker.required):
            reason: Reason = "off_topic" if query.kind == "speaker_topic" else "low_support"
            return Verdict(False, reason, top, " ".join(query.topic))
        # The passages that answer: those holding most of the topic, and, when the names are
        # the evidence, those holding the names.
        good = [
            x
            for x in checks
            if x.coverage >= min(threshold, top) or (named and not x.evidence_missing and not x.names_alone)
        ]
        if all(x.names_missing for x in good):
            missing = min((x.names_missing for x in good), key=len)
            return Verdict(False, "missing_name", c.coverage, ", ".join(missing))
        if not any(x.has_fact and not x.names_missing for x in good):
            return Verdict(False, "missing_fact", c.coverage, query.answer_type)
        if (
            query.kind == "topic"
            and not query.about_document
            and _ABOUT_WORDS.search(query.text)
            and all(
                ch.block == "programme"
                for ch, x in zip(candidates, checks, strict=True)
                if x in good and x.has_fact and not x.names_missing
            )
        ):
            # What was said there, asked of a part the programme only lists: the proceedings do
            # not report it (the programme's line says when and who, not what was said).
            return Verdict(False, "programme_only", c.coverage, " ".join(query.topic))
        return Verdict(True, "", c.coverage, answering=candidates[best], fact=c.fact_sentence)
