"""The grammar of proceedings, one recogniser per kind of line.

Every recogniser looks at one paragraph (`Para`: its text, first printed line, the bold words
opening it) and either says what the paragraph is or returns None. Speaker recognisers return
a `Turn` (the label as printed, the name and role it states, the speech that follows on the
same paragraph); the others classify headings, stage directions, vote lists, participant list
headers. The parser (`ingest.structure`) tries them in the order of `TURN_LAYOUTS` and decides
what the answers mean for the document; who a label is (a surname, a first name, "M. le
président") is resolved later from the document's own lists (`ingest.people`).

To add a layout: write one recogniser here (docstring with an example), put it in
`TURN_LAYOUTS` at the right place, add one test in tests/test_structure_layouts.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from qa.core.text import detect_lang, fold, upper_share

# --- tuned limits ---------------------------------------------------------------------------

# Only the start of a paragraph can hold a label; recognisers never look further than this.
HEAD_CHARS = 400
# A label is short: a name with honorific, title and a role.
MAX_LABEL_CHARS = 160
MAX_NAME_TOKENS = 6
# A role printed in a label ("M. X, maire de Y. –") is at most this many words.
MAX_ROLE_WORDS = 25
# A heading is one line: at most this long, and at most this many words.
MAX_HEADING_CHARS = 120
MAX_HEADING_WORDS = 18
# A vote or roll-call list: at least this many words, this share of them capitalised, and a
# separator (comma, dash, semicolon) every this-many words.
LIST_MIN_WORDS = 8
LIST_CAPITALISED_SHARE = 0.55
LIST_WORDS_PER_SEPARATOR = 3.5

# --- vocabulary -----------------------------------------------------------------------------

_UP = "A-ZÀ-ÖØ-Þ"
_LOW = "a-zß-öø-ÿ"
# A capitalised name word: Perin, DeFAZIO, O'Dea, an initial "K.", joined initials "J.B." (not
# the hour's "P.M."), d'Asson, iAfrika.
CAPWORD = rf"(?:(?![AP]\.M\.)(?:[{_UP}]\.){{2,3}}|[{_UP}]\.|[{_UP}][\w'’-]*|[dlDL]['’][{_UP}][\w'’-]*|[{_LOW}]{{1,3}}[{_UP}][\w'’-]*)"
PARTICLE = (
    r"(?:de|du|des|d'|d’|da|di|del|della|dos|das|do|van|von|der|den|ter|ten|la|le|al|el|ben|bin|ibn|y|e|St\.?|Saint)"
)
NAME_SUFFIX = r"(?:fils|père|aîné|jeune|Jr\.?|Sr\.?|II|III|IV)"
# Honorifics printed before a name, in French, English and a few other languages (Rre: Setswana;
# "L'hon.": Canadian ministers and privy councillors).
HONORIFIC = (
    r"(?:S\.\s?E\.(?:\s+(?:M\.|Mme))?|H\.\s?E\.|M\.|MM\.|(?i:mme|mmes|mlle|melle|mr|mrs|ms|miss|messrs|dr|prof|mgr)\.?"
    # (« MonsÍeur », « Monsíeur »: a typescript's OCR reads the i with an accent)
    r"|Pr\.?|Me|Mons[iíÍ]eur|Madame|Mademoiselle|MONSIEUR|MADAME|Maître|Rre|Mna|Sir|Dame|L['’]hon\.|L['’]honorable"
    # Malay (Singapore, Malaysia): Encik, Puan, Cik; "Mdm" in Singapore's English
    r"|Encik|Puan|Cik|Mdm\.?)"
)
# English titles printed before a name in labels ("SENATOR KRUEGER:", "Chairman Smith:").
TITLE_WORDS = frozenset(
    """senator sen sen. hon hon. honourable honorable rep rep. representative congressman congresswoman
    assemblyman assemblywoman assemblymember councillor councilor cllr cllr. alderman chair chairman
    chairwoman chairperson cochair co-chair vice-chair mayor governor gov gov. secretary commissioner
    chancellor president vice-president judge justice minister deputy speaker director professor general
    gen. admiral colonel col. captain capt. ambassador delegate sheriff trustee superintendent dean provost
    father rev rev. reverend bishop cardinal rabbi imam baron baroness lord lady sir dame witness
    inspector superintendent detective officer sergeant premier leader
    adi ratu""".split()  # Fijian chiefly titles printed before names ("HON. ADI L. QIONIBARAVI", "Ratu Sir X")
)
# French titles after "M. le / Mme la": a role ("M. le président.") or nobility before a name
# ("M. le comte de Colbert-Laplace.").
FRENCH_ROLE_NOUNS = frozenset(
    """président présidente ministre rapporteur rapporteure secrétaire garde doyen doyenne questeur
    maire préfet préfète commissaire directeur directrice sous-secrétaire vice-président vice-présidente
    premier première haut haute délégué déléguée procureur procureure avocat avocate gouverneur
    ambassadeur ambassadrice général amiral colonel député députée sénateur sénatrice""".split()
)
NOBILITY = frozenset(
    "comte comtesse baron baronne duc duchesse marquis marquise vicomte vicomtesse prince princesse chevalier".split()
)
# Words that open a caps label but name a list or a field, not a speaker ("PRESENT:", "NOTE:").
NOT_SPEAKER_LABELS = frozenset(
    """present presiding absent apologies note notes source sources subject date dated time place re cc from to
    bcc whereas resolved agenda item items minutes topic topics title summary contents appendix exhibit
    attachment list witnesses participants panelists officials members attendance also signed signature
    approved statement statements questions answers objet lieu heure ordre sommaire résumé remarque
    attention exemple total tel tél email courriel adresse contact prix thème titre légende photo crédit
    crédits références voir lire suggestions rechercher menu navigation présents excusés absents""".split()
)
# Single capitalised words that open prose followed by a colon ("Problème : ...").
NOT_NAMES = frozenset(
    """problème probleme question réponse reponse note attention remarque exemple conclusion introduction
    résumé resume objectif objectifs contexte méthode methode résultat résultats bilan source sources
    date lieu thème theme titre sujet objet total important rappel alors donc mais pourtant ensuite enfin
    aujourd'hui demain hier bref voilà voila ici là oui non merci bonjour bonsoir problem answer summary
    background method results result goal goals update warning caution tip step today yesterday tomorrow
    however therefore also first second third finally next then now here yes no thanks hello action
    actions decision decisions resolution outcome owner status update updates motion location venue
    duration attendees topic purpose objective context comment comments response recommendation
    recommandation link lien phone téléphone telephone address fax website contact author auteur editor
    published updated budget coût cout prix durée duree public cible partenaires calendrier type format
    statut rappel agenda remarques précision precision avertissement warning notice disclaimer""".split()
)
COLLECTIVE_WORDS = frozenset(
    """members member voices voice audience several some all crowd many plusieurs membres membre voix
    nombreuses nombreux quelques divers diverses public salle tous toutes assistance""".split()
)
# Verbs of reported speech in minutes ("The Mayor stated that ...").
REPORTING_VERBS = (
    r"(?:stated|said|informed|thanked|congratulated|invited|declared|noted|welcomed|replied|responded|asked|"
    r"explained|outlined|advised|confirmed|referred|expressed|acknowledged|paid tribute|reported|requested|"
    r"proposed|moved|added|agreed|indicated|suggested|commented|remarked|emphasised|emphasized|stressed|"
    r"opened the [Mm]eeting|gave the following|read|presented|a déclaré|a indiqué|a remercié|a rappelé|"
    r"a souligné|a précisé|a proposé|a présenté|indique|rappelle|souligne|précise|remercie|déclare|propose)"
)


# --- what recognisers see and say -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Para:
    """One paragraph as the recognisers see it; `text` has its whitespace collapsed (positions
    matched in `head` hold in `text`)."""

    text: str
    first_line: str = ""  # the first printed line ("00:12:16 Carine Thomas"), "" when unknown
    lead: str = ""  # bold words opening it ("Julian :")
    bold: bool = False
    italic: bool = False
    heading: bool = False  # typeset as a heading
    bullet: bool = False

    @property
    def head(self) -> str:
        return self.text[:HEAD_CHARS]


@dataclass(frozen=True, slots=True)
class Turn:
    """A speaker label and what follows it on the same paragraph."""

    label: str  # as printed, e.g. "MS. KAPTUR:", "M. le président."
    name: str  # the name the label gives, without honorific or title ("KAPTUR", "Georges Perin")
    layout: str  # the recogniser that found it
    role: str = ""  # a role printed with the label ("maire de Lyon", "ANC")
    title: str = ""  # a title printed before the name ("Senator", "comte", "président")
    rest: str = ""  # the speech after the label on the same paragraph
    lead: str = ""  # a group word before the label ("Grand témoin", "Animatrice")
    chair: bool = False  # a label naming the chair ("M. le président.", "THE CHAIR:")
    anonymous: bool = False  # a collective or unidentified voice ("A droite.", "HON MEMBERS:")
    alone: bool = False  # the label stands alone (a speaker line); the speech is in the next paragraphs
    reported: bool = False  # reported speech in minutes ("The Mayor stated that ...")
    opens_quote: bool = False  # the label ends with ':' and the speech follows as quoted paragraphs


Recogniser = Callable[[Para], Turn | None]


@dataclass(frozen=True, slots=True)
class Layout:
    """A named recogniser with an example line, as `proceedings-qa inspect` lists them."""

    name: str
    example: str
    recognise: Recogniser = field(repr=False)


# --- helpers -------------------------------------------------------------------------------


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def title_case(name: str) -> str:
    """Capitals to title case ("KAPTUR" -> "Kaptur", "MOTUBATSE-HOUNKPATIN" -> "Motubatse-Hounkpatin"); mixed case kept."""

    def one(tok: str) -> str:
        letters = [c for c in tok if c.isalpha()]
        if len(letters) > 1 and all(c.isupper() for c in letters):
            return re.sub(r"[\w]+", lambda m: m.group(0)[0] + m.group(0)[1:].lower(), tok)
        return tok

    return " ".join(one(t) for t in name.split())


def name_tokens_ok(name: str, max_tokens: int = MAX_NAME_TOKENS) -> bool:
    """A person's name: capitalised words, initials and particles, at least one capitalised word."""
    toks = name.split()
    if not toks or len(toks) > max_tokens:
        return False
    caps = 0
    for t in toks:
        if re.fullmatch(CAPWORD, t):
            caps += 1
        elif not re.fullmatch(rf"{PARTICLE}|{NAME_SUFFIX}", t, re.I):
            return False
    return caps >= 1 and not any(c.isdigit() for c in name)


def _rest(text: str, end: int) -> str:
    return text[end:].strip()


# --- speaker recognisers, in the order the parser tries them ---------------------------------


def user_pattern(pattern: re.Pattern[str]) -> Recogniser:
    r"""The user's own speaker pattern (setting `ingest.speaker_pattern`): a regular expression
    with a named group `name` (and optionally `role`) matched at the start of a paragraph.

    Example: with ``(?P<name>[A-Z][a-z]+) \\((?P<role>[^)]+)\\) >`` the line
    "Alice (chair) > We open the meeting." is a turn of Alice, chair.
    """

    def recognise(p: Para) -> Turn | None:
        m = pattern.match(p.head)
        if m is None or not (m.group("name") or "").strip():
            return None
        role = (m.groupdict().get("role") or "").strip()
        return Turn(m.group(0).strip(), squash(m.group("name")), "user pattern", role=role, rest=_rest(p.text, m.end()))

    return recognise


_TIMESTAMP = re.compile(
    r"^\s*[\[(]?(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?[\])]?\s*(?:[-–—]\s*)?"
    rf"(?P<name>(?i:speaker|intervenant|locuteur)\s*\d+|{CAPWORD}(?:\s+(?:{PARTICLE}\s+)*{CAPWORD}){{0,4}})?"
    r"\s*(?P<colon>:)?\s*"
)


_NAME_THEN_TIME = re.compile(
    rf"^(?P<name>{CAPWORD}(?:\s+(?:{PARTICLE}\s+)?{CAPWORD}){{0,4}})\s+\[?(?:\d{{1,2}}:)?\d{{1,2}}:\d{{2}}\]?\s*$"
)


def timestamp_label(p: Para) -> Turn | None:
    """A time code and a name, alone on the first line or before a colon (speech-to-text exports).

    Examples: "00:12:16 Carine Thomas" (speech on the next lines), "[00:12:34] Alice Martin: Bonjour.",
    "Alice Martin  0:03" (the name first)
    """
    line = p.first_line or p.head
    nt = _NAME_THEN_TIME.match(line.strip())
    if nt and p.heading and PART_RE.match(nt.group("name")):
        return None  # "## Introduction [0:00](…)": a part and the time it starts in the video
    if nt and name_tokens_ok(nt.group("name")) and p.text.startswith(squash(line)):
        return Turn(line.strip(), nt.group("name"), "timestamp", rest=p.text[len(squash(line)) :].strip())
    m = _TIMESTAMP.match(line)
    if m is None or not m.group("name"):
        return None
    name = m.group("name")
    after = line[m.end() :].strip()
    if after and not m.group("colon"):
        return None  # "10:30 the meeting resumed" is a time, not a label
    if not name_tokens_ok(name) and not re.match(r"(?i)speaker|intervenant|locuteur", name):
        return None
    label = line[: m.end()].strip()
    rest = p.text[len(label) :].strip() if p.text.startswith(label) else after
    return Turn(label, squash(name), "timestamp", rest=rest)


_LEAD = (
    r"(?:(?P<lead>Grand(?:e)?s?\s+témoins?|Animat(?:eur|rice)|Modérat(?:eur|rice)|Moderator|Chair|Présidence|Keynote"
    r"|Discutant(?:e)?|Rapporteur(?:e)?|Speaker|Panelist|Intervenant(?:e)?)\s*:\s*)?"
)
_NAME = rf"{CAPWORD}(?:\s+(?:{PARTICLE}\s+)*{CAPWORD}){{0,5}}"
SPEAKER_LINE = re.compile(
    rf"^{_LEAD}(?P<hon>{HONORIFIC}(?:\s+{HONORIFIC})?)\s+(?P<name>{_NAME})\s*,\s*(?P<role>.+?)\s*$",
    re.S,
)
# Without an honorific a line is a speaker line only when typeset as one (bold, alone).
BARE_SPEAKER_LINE = re.compile(rf"^{_LEAD}(?P<name>{_NAME})\s*,\s*(?P<role>[^.!?]+?)\s*$", re.S)


def speaker_line(p: Para) -> Turn | None:
    """A line of its own naming the next speaker with honorific and role (the programme's and
    the report's form in conference proceedings); bold lines may omit the honorific.

    Example: "M. François Rebsamen, Président de Cités Unies France, Maire de Dijon"
    """
    t = p.text.rstrip(":").strip()
    if len(t) > 400:
        return None
    if re.match(r"(?:MM|Mmes|Messrs)\.?\s", t):
        return None  # several people: a sentence about them, not a speaker line
    m = SPEAKER_LINE.match(t)
    if m is None and p.bold and (p.bullet or len(t) < 250):
        m = BARE_SPEAKER_LINE.match(t)
        if m and len(m.group("name").split()) < 2:
            m = None
    if m is None:
        return None
    role = m.group("role").strip().rstrip(".;")
    if len(role.split()) > 60 or re.search(r"[.!?]\s+[A-ZÀ-Ý]", role):
        return None  # a sentence of speech after a name is not a role
    if t.endswith((".", "!", "?")) and not (p.bold or p.bullet or p.heading) and len(role.split()) > 8:
        return None  # "M. X, de Y et Z s'excusent de ne pouvoir assister." is a sentence
    name = m.group("name")
    if fold(name) in TITLE_WORDS:
        return None  # "Mr. Speaker, a constituent writes:" addresses the chair
    return Turn(t, name, "speaker line", role=role, lead=m.group("lead") or "", alone=True)


_INTERVENTION = re.compile(
    rf"^(?:Intervention|Allocution|Discours d'ouverture|Discours de clôture|Remarks|Address|Keynote address)\s+"
    rf"(?:de|d'|d’|by|of)\s*(?P<hon>{HONORIFIC})?\s*(?P<name>{_NAME})\s*(?:,\s*(?P<role>[^.!?]{{2,200}}?))?\s*\.?$"
)


def intervention_heading(p: Para) -> Turn | None:
    """A heading announcing who speaks next.

    Example: "Intervention de M. Paul Durand, maire de Lille"
    """
    t = p.text
    if len(t) > 250:
        return None
    m = _INTERVENTION.match(t)
    if m is None or not name_tokens_ok(m.group("name")):
        return None
    return Turn(t, m.group("name"), "intervention heading", role=(m.group("role") or "").strip(), alone=True)


# A talk announced by its heading, with the time slot, the speaker and the talk's title:
# "9h35-10h15 Christian Jacob : Nouvelles Alexandries", "10h20-11h : Emmanuël Souchier : La
# délégation des savoirs", or the title then the speaker ("Introduction, Louise Merzeau").
_SLOT = r"(?:\d{1,2}\s?[h:.]\s?\d{0,2}\s*(?:[-–à]\s*\d{1,2}\s?[h:.]\s?\d{0,2})?\s*:?\s*)"
_TALK_NAME_TITLE = re.compile(rf"^{_SLOT}?(?P<name>{_NAME})\s*:\s*(?P<title>.{{3,}})$")
_TALK_TITLE_NAME = re.compile(rf"^(?P<title>[^,:]{{3,60}}),\s*(?P<name>{_NAME})$")


def talk_heading(p: Para) -> Turn | None:
    """A heading naming who gives the talk under it: the talk's sub-sections (its
    presentation, the talk, the discussion) are theirs until a heading of the same rank.

    Examples: "## 9h35-10h15 Christian Jacob : Nouvelles Alexandries", "## Introduction, Louise Merzeau"
    """
    if not p.heading or len(p.text) > 250:
        return None
    t = p.text
    m = _TALK_NAME_TITLE.match(t) or _TALK_TITLE_NAME.match(t)
    if m is None:
        return None
    name = m.group("name")
    if len(name.split()) < 2 or not name_tokens_ok(name) or PART_RE.match(name) or fold(name) in NOT_NAMES:
        return None
    if any(fold(w) in _SECTION_WORDS for w in name.split()):
        return None  # "Question Two: Companies, Compute and Data": a section, not a person
    return Turn(t, name, "talk heading", alone=True)


_SECTION_WORDS = frozenset(
    """question questions topic theme part partie chapter chapitre section annexe appendix one two three four
    five six un une deux trois quatre cinq six first second third""".split()
)


# A member's label in Westminster-style Hansards: honorific, name, what the member stands for in
# parentheses (riding or office, party; one level of nested parentheses), a colon.
_MEMBER_HON = rf"(?:(?:Right|Rt\.?)\s+Hon\.|Hon\.|L[ea]\s+tr[eè]s\s+hon(?:\.|orable)|{HONORIFIC})"
_PARENS = r"\((?P<role>[^()]{1,160}(?:\([^()]{1,60}\)[^()]{0,80})*)\)(?:\s*\((?P<party>[^()]{1,40})\))?"
# The member who moves a motion or presents a bill is labelled with the verb: "M. Nom
# (Circonscription, BQ) propose:", "Mr. Name (Riding, Lib.) moved:".
_MOTION_VERB = r"(?:(?<=\))\s*(?:propose|proposes|moved|moves|demande|asked|pr[ée]sente|presented))?"
_MEMBER = re.compile(
    rf"^(?P<hon>{_MEMBER_HON})\s+(?P<name>{_NAME})\s*(?:{_PARENS})?{_MOTION_VERB}\s*:\s*(?P<rest>.*)$", re.S
)
# The same label cut by a sentence splitter after an abbreviation ("M. Bill Matthews (Burin-St.").
_MEMBER_CUT = re.compile(
    rf"^(?P<hon>{_MEMBER_HON})\s+(?P<name>{_NAME})\s*\((?P<role>[^()]{{1,80}}\b[A-Z][a-z]{{0,3}}\.)$"
)


def member_label(p: Para) -> Turn | None:
    """A member's label in a Hansard: honorific, name and, in parentheses, the riding or office
    and the party, then a colon; alone on its line (the speech follows on the next lines) or
    opening the speech. Without parentheses only a label alone on its line counts (the other
    forms belong to the parliamentary and title recognisers).

    Examples: "M. Jim Abbott (Kootenay-Columbia, Ref.):", "L'hon. John Manley (ministre de
    l'Industrie, Lib.):", "Hon. Ethel Blondin-Andrew (Secretary of State (Children and Youth), Lib.):",
    "Le tres hon. Jean Chretien (premier ministre, Lib.):", "Sir Keir Starmer (Holborn and St Pancras) (Lab): ...",
    "L'hon. John Manley:", "M. Bill Matthews (Burin-St." (cut by the sentence splitter),
    "M. Ghislain Lebel (Chambly, BQ) propose:" (the mover of a motion)
    """
    m = _MEMBER.match(p.head)
    cut = None
    if m is None:
        cut = _MEMBER_CUT.match(p.text) if p.text == squash(p.first_line or p.text) else None
        if cut is None:
            return None
    found = m or cut
    assert found is not None
    rest = p.text[m.start("rest") :].strip() if m else ""
    role = (found.group("role") or "").strip()
    if m and m.group("party"):
        role = f"{role.rstrip('.')}, {m.group('party').strip()}"  # "(Holborn and St Pancras) (Lab)"
    if not role and rest:
        return None
    name = found.group("name")
    if not name_tokens_ok(name) or fold(name.split()[0]) in NOT_NAMES or fold(name) in TITLE_WORDS:
        return None  # "Mr. Speaker:" addresses the chair
    label = found.group(0)[: m.start("rest")].strip() if m else found.group(0).strip()
    return Turn(label, name, "member", role=role.rstrip("."), rest=rest, alone=not rest)


# The presiding officer's label naming who presides ("Le président suppléant (M. McClelland):").
_PRESIDING = re.compile(
    r"^(?:(?:M\.|Mme|Madame|Monsieur)\s+)?(?P<office>(?:The|THE|Le|LE|La|LA|le|la)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:Speaker|SPEAKER|Chair(?:man|woman|person)?|CHAIR\w*|[Pp]r[ée]sident(?:e)?|PR[ÉE]SIDENT(?:E)?|"
    r"[Vv]ice-[Pp]r[ée]sident(?:e)?)(?:\s+[\w-]+){0,2}?)"
    rf"\s*\(\s*(?:{HONORIFIC})\s+(?P<name>{_NAME})\s*\)\s*:\s*(?P<rest>.*)$",
    re.S,
)


# The French chair label without a name, accents stripped or not ("Le President:", "La presidente suppleante:").
_FRENCH_CHAIR = re.compile(
    # (« Monsieur Ie Président »: OCR reads the l of « le » as a capital I)
    r"^(?:(?:M\.|Mme|Madame|Mons[iíÍ]eur)\s+)?(?P<office>(?:Le|La|LE|LA|le|la|Ie)\s+(?:[Vv]ice-)?[Pp]r[ée]sident(?:e)?"
    r"(?:\s+suppl[ée]ant(?:e)?)?)\s*:\s*(?P<rest>.*)$",
    re.S,
)


def presiding_label(p: Para) -> Turn | None:
    """The presiding officer's label with the name of who presides, in parentheses: the turn is
    that person's, the office their role; or a French chair label without a name, which stands for
    whoever presides.

    Examples: "Le president suppleant (M. McClelland):", "The Acting Speaker (Ms. Thibeault):",
    "Le Président (M. Jean Dupont) : Merci.", "Le President: A l'ordre.", "Mme la presidente suppleante:"
    """
    m = _PRESIDING.match(p.head)
    if m is None:
        f = _FRENCH_CHAIR.match(p.head)
        if f is None:
            return None
        office = re.sub(r"^(?:(?i:le|la)|Ie)\s+", "", squash(f.group("office")))
        rest = p.text[f.start("rest") :].strip()
        label = f.group(0)[: f.start("rest")].strip()
        return Turn(label, "", "presiding officer", role=office, title=office, rest=rest, chair=True, alone=not rest)
    if not name_tokens_ok(m.group("name")):
        return None
    office = squash(m.group("office"))
    role = re.sub(r"^(?i:the|le|la)\s+", "", office)
    rest = p.text[m.start("rest") :].strip()
    return Turn(
        m.group(0)[: m.start("rest")].strip(),
        m.group("name"),
        "presiding officer",
        role=role,
        title=office,
        rest=rest,
        chair=True,
        alone=not rest,
    )


_PARL_HON = re.compile(
    r"^(?P<hon>M\.?|Mme\.?|Mlle\.?|Monsieur|Madame|Dr\.?|Pr\.?|Me|Mgr|S\.\s?E\.(?:\s+(?:M\.|Mme))?|lVJ\.|IVI\.|AI\.)\s+(?=\S)"
)
_PARL_END = re.compile(r"\s*(?:\.\s*(?:[-–—]+\s*)?|\s[-–—]\s|\s*:\s+)")
_VERBISH = frozenset(
    """a est sont ont avait était fut dit demande demandé répond répondu déclare propose annonce fait
    vient va peut doit nous vous il elle ils je on ne pas qui que se s'est donne lit monte rappelle
    reprend insiste remercie""".split()
)


def parliamentary(p: Para) -> Turn | None:
    """The French parliamentary report's turn: honorific, name (and role), a period, the speech.

    Examples: "M. Georges Perin. Messieurs, je viens...", "M. le président. La parole est à
    M. Perin.", "Mme la ministre. – Je vous remercie.", "M. Dupont, rapporteur. – La commission...",
    "M. de La Rochefoucauld, duc de Bisaccia. Que ceux...", "M. Janvier de la Motte (Eure). Je demande..."
    """
    head = p.head
    m = _PARL_HON.match(head)
    if m is None:
        return None
    hon = m.group("hon")
    body = head[m.end() :]
    # The label runs to the first period (or dash, or colon) that ends it; it is short.
    for end in _PARL_END.finditer(body[: MAX_LABEL_CHARS + 10]):
        label_body = body[: end.start()].strip()
        after = body[end.end() :]
        if not label_body or (after and not re.match(r"[\w«\"“(¿¡'’—–-]", after)):
            continue
        if body[end.start()] == "." and re.search(r"(?:\b[A-Z]|\bSt|\bSte|\bMM?)$", label_body):
            continue  # "M. K. Lehane": an initial's period, not the label's end
        turn = _parliamentary_label(hon, label_body)
        if turn is None:
            return None
        label = head[: m.end() + end.end()].strip()
        return Turn(
            label,
            turn[0],
            "parliamentary",
            role=turn[1],
            title=turn[2],
            rest=_rest(p.text, m.end() + end.end()),
            chair=turn[3],
        )
    return None


def _parliamentary_label(hon: str, body: str) -> tuple[str, str, str, bool] | None:
    """(name, role, title, chair) of a French label body ("le président", "Georges Perin",
    "le comte de Colbert-Laplace", "Dupont, rapporteur", "Janvier de la Motte (Eure)"), or None."""
    body = squash(body)
    dept = ""
    pm = re.search(r"\s*\(([^()]{2,40})\)$", body)
    if pm:
        dept, body = pm.group(1).strip(), body[: pm.start()].strip()
    name_part, _, role = body.partition(",")
    role = role.strip()
    words = name_part.split()
    if not words:
        return None
    if role and (len(role.split()) > MAX_ROLE_WORDS or set(fold(role).split()) & _VERBISH):
        return None
    # "le président", "la ministre de la culture", "le président du conseil": a role, not a name
    # ("Le Provost de Launay", capitalised, is a name).
    article = words[0] in {"le", "la", "l'", "l’"} or (words[0] in {"LE", "LA"} and body.isupper())
    if article and len(words) > 1:
        noun = words[1].lower()
        caps = [w for w in words[2:] if re.fullmatch(CAPWORD, w) and w.lower() not in {"de", "du"}]
        if noun in NOBILITY and caps:
            name = " ".join(words[2:])
            return (name, role or dept, noun, False) if name_tokens_ok(name) else None
        if noun in FRENCH_ROLE_NOUNS or noun.split("-")[0] in FRENCH_ROLE_NOUNS:
            if len(words) > 8 or set(w.lower() for w in words[2:]) & _VERBISH:
                return None
            title = " ".join(words[1:])
            title = title.lower() if body.isupper() else title  # "M. LE PRÉSIDENT."
            return "", role or dept, title, noun.startswith("présid")
        return None
    if not name_tokens_ok(name_part):
        return None
    if len(words) == 1 and words[0].lower() in NOT_NAMES:
        return None
    return name_part, role or dept, "", False


# The label ends with a colon, or with the period and dash of Hansards ("HON. R.R. SHARMA.- Thank
# you"); a period before the colon ("HON. R.R. SHARMA.:", converters of those Hansards) is not the name's.
_CAPS_LABEL = re.compile(
    r"^\[?(?P<label>(?:(?:THE|The|An|AN|A|LE|LA|Le|La)\s+)?[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|of|de|van|von|del|la|le|du|pro|tem|tempore))*"
    r"(?:\s*\((?P<role>[^()]{1,40})\))?)(?:\s*:|(?P<dash>(?<=[A-Za-z)])\.\s?[-–—]))\s*(?P<rest>.*)$",
    re.S,
)


_CHAIR_OFFICES = frozenset({"speaker", "chair", "chairman", "chairwoman", "chairperson", "president"})


def caps_label(p: Para) -> Turn | None:
    """A label in capitals ending with a colon, the form of hearing transcripts, the US
    Congressional Record and Hansards: title or honorific, NAME, optional state or party.

    Examples: "SENATOR KRUEGER: Good morning.", "MS. KAPTUR:", "THE CHAIR: We resume.",
    "MR. BROWN of Ohio: I thank the gentlewoman.", "Mr  S  ABRAM  (ANC): Madam Speaker, ...",
    "The SPEAKER: Order!", "HON MEMBERS: Down!", "HON. R.R. SHARMA.- Thank you", "HON. DR. S.R. GOVIND.:",
    "HON.  P.  POKINO:"
    """
    head = p.head
    m = _CAPS_LABEL.match(head)
    if m is None or len(m.group("label")) > 80:
        return None
    label = m.group("label").strip()
    if re.search(r"[A-Za-z]{2}\.$", label):
        label = label[:-1]  # "SHARMA.:": the period ends the label, it is no initial's
    core = re.sub(r"\s*\([^()]*\)$", "", label)
    core = re.sub(r"\s+of\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?$", "", core)  # "BROWN of Ohio"
    state = label[len(core) :].strip() if not m.group("role") else ""
    words = core.split()
    capital = [w for w in words if sum(c.isupper() for c in w) >= 2 and upper_share(w) >= 0.6]
    if not capital:
        return None  # "Note: ..." or "Julian: ..." are not in capitals
    if fold(core) in NOT_SPEAKER_LABELS or fold(words[0]).rstrip(".") in NOT_SPEAKER_LABELS:
        return None
    # The honorific/title words before the name, the article of a role label.
    toks = list(words)
    article = len(toks) > 1 and toks[0].lower() in {"the", "an", "a", "le", "la"}  # "LA:" alone is initials
    if article:
        toks = toks[1:]
    hon_title: list[str] = []
    while toks and (
        re.fullmatch(HONORIFIC, toks[0]) or fold(toks[0]).rstrip(".") in {t.rstrip(".") for t in TITLE_WORDS}
    ):
        if hon_title and re.fullmatch(r"[A-Z]\.", toks[0]):
            break  # "HON. DR. M. SALA": after a title, "M." is an initial, not "Monsieur"
        hon_title.append(toks.pop(0))
    if m.group("dash") and not (article or hon_title):
        return None  # "II.- OBJETO", "U.S.A.- ...": a dash label names someone by title or honorific
    anonymous = bool({fold(w) for w in words} & COLLECTIVE_WORDS)
    role = (m.group("role") or "").strip()
    rest = p.text[m.start("rest") :].strip()
    if article or not toks:
        # "THE CHAIR", "The SPEAKER", "THE SPEAKER PRO TEMPORE", "AIDE": a role, not a name.
        title = title_case(" ".join(words[1:] if article else words))
        chair = fold(title).startswith(("chair", "presiding", "president"))
        # "MR CHAIRMAN:", "HON. SPEAKER.:": an honorific before the chair's office, as "Mr Speaker:" is.
        chair = chair or (bool(hon_title) and not article and fold(words[-1]).rstrip(".") in _CHAIR_OFFICES)
        return Turn(
            label, "", "caps label", role=role or state, title=title, rest=rest, chair=chair, anonymous=anonymous
        )
    name = " ".join(toks)
    if anonymous or not name_tokens_ok(name, MAX_NAME_TOKENS + 2):
        return Turn(label, "", "caps label", title=title_case(core), rest=rest, anonymous=True)
    title = " ".join(w for w in hon_title if not re.fullmatch(HONORIFIC, w))
    return Turn(label, name, "caps label", role=role, title=title_case(title), rest=rest)


_CONGRESS = re.compile(rf"^(?P<hon>{HONORIFIC})\s+(?P<name>[A-Z][A-Z'’-]{{2,}}(?:\s+[A-Z][A-Z'’-]{{2,}})?)\.\s+(?=\S)")


def congressional(p: Para) -> Turn | None:
    """The honorific, the surname in capitals and a period (US Congressional Record).

    Example: "Mr. SMITH. Mr. Speaker, I rise today..."
    """
    m = _CONGRESS.match(p.head)
    if m is None:
        return None
    return Turn(m.group(0).strip(), m.group("name"), "congressional", rest=_rest(p.text, m.end()))


_QA = re.compile(
    r"^(?P<name>Q|R|A|Question|Réponse|Reponse|Answer|QUESTION|RÉPONSE|ANSWER)"
    r"(?:\s*[:.]\s+|\s{2,}|\s*[:.]$|(?<=Q)\s(?=[A-Z«\"“]))"
)


def question_answer(p: Para) -> Turn | None:
    """Question and answer labels of interviews and press briefings (the questioner unnamed).

    Examples: "Q :  Que pensez-vous ...", "R : Je pense ...", "Q    Sir, when you spoke...", "Question : ..."
    """
    raw = p.first_line or p.head
    m = _QA.match(raw)
    if m is None:
        m = _QA.match(p.head)
        if m is None:
            return None
        text = p.head
    else:
        text = raw
    label = text[: m.end()].strip()
    rest = p.text[len(label) :].strip() if p.text.startswith(label) else squash(text[m.end() :])
    name = m.group("name")
    # The unnamed questioner of an interview or a press briefing is a journalist.
    role = ("journaliste" if detect_lang(rest) == "fr" else "reporter") if fold(name) in ("q", "question") else ""
    return Turn(label, name, "question/answer", role=role, rest=rest)


_NAME_ROLE_PAREN = re.compile(
    rf"^(?P<name>{_NAME})\s*(?P<roles>(?:\([^()]{{1,80}}\)\s*){{1,3}}):\s*(?P<rest>.*)$", re.S
)
_ROLE_WORD_RE = re.compile(
    r"(?i)\b(?:minister|ministre|secretary|secrétaire|speaker|chair\w*|président\w*|president|chancellor|"
    r"attorney|leader|mayor|maire|governor|commissioner|director|directeur|directrice|rapporteur\w*|spokes\w+|"
    r"porte-parole|premier|deputy|délégué\w*|solicitor|advocate|whip|clerk|member for)\b"
)
ROLE_WORD_RE = _ROLE_WORD_RE  # words that name an office (attribution reads the chair's calls with it)


def name_role_colon(p: Para) -> Turn | None:
    """A name, the role (or constituency, party) in parentheses, a colon; or the role first and
    the name in parentheses, as Westminster Hansards print ministers.

    Examples: "DUPONT Jean (maire de Lille) : Je vous remercie.", "Jane Roe (Reuters): Thank you.",
    "Sir Keir Starmer (Holborn and St Pancras) (Lab): Can the Prime Minister ...",
    "The Prime Minister (Rishi Sunak): This morning I had meetings ..."
    """
    m2 = _ROLE_NAME_PAREN.match(p.head)
    if (
        m2 is not None
        and _ROLE_WORD_RE.search(m2.group("role"))
        and name_tokens_ok(m2.group("name"))
        and len(m2.group("name").split()) >= 2
        and not _ROLE_WORD_RE.search(m2.group("name"))
    ):
        return Turn(
            m2.group(0)[: m2.start("rest")].strip(),
            m2.group("name"),
            "name (role):",
            role=m2.group("role").strip(),
            rest=p.text[m2.start("rest") :].strip(),
        )
    m = _NAME_ROLE_PAREN.match(p.head)
    if m is None or not name_tokens_ok(m.group("name")):
        return None
    roles = [r.strip() for r in re.findall(r"\(([^()]+)\)", m.group("roles"))]
    return Turn(
        m.group(0)[: m.start("rest")].strip(),
        m.group("name"),
        "name (role):",
        role=", ".join(roles),
        rest=p.text[m.start("rest") :].strip(),
    )


_ROLE_NAME_PAREN = re.compile(
    rf"^(?P<role>(?:The\s+|THE\s+)?[A-Z][\w'’,-]*(?:\s+[\w'’,-]+){{0,10}})\s*\((?:{HONORIFIC}\s+)?(?P<name>{_NAME})\)"
    # ... and for whom they answer: "(Encik Sidek bin Saniff) (for the Minister for Education):"
    r"(?:\s*\((?:for|on\s+behalf\s+of|pour|au\s+nom\s+d[eu])\s[^()]{1,80}\))?\s*:\s*(?P<rest>.*)$",
    re.S,
)
_ROLE_LABEL = re.compile(
    r"^(?P<role>(?:The|THE)\s+[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|of|for|the|and|de|du|des)){0,7})\s*:\s*(?P<rest>.*)$",
    re.S,
)


def role_label(p: Para) -> Turn | None:
    """A role in title case standing for its holder (Westminster Hansards after the first turn).

    Examples: "The Prime Minister: Waiting lists are falling.", "The Chancellor of the Exchequer: ..."
    """
    m = _ROLE_LABEL.match(p.head)
    if m is None or not _ROLE_WORD_RE.search(m.group("role")):
        return None
    role = m.group("role")
    title = role.split(None, 1)[1] if len(role.split()) > 1 else role
    chair = bool(re.match(r"(?i)(?:chair|speaker|président|president)\b", title)) and len(title.split()) <= 2
    return Turn(role, "", "role:", title=title, rest=p.text[m.start("rest") :].strip(), chair=chair)


_NUMBERED = re.compile(
    r"^\[?(?P<name>(?i:speaker|intervenant|intervenante|locuteur|locutrice|participant|participante|interviewer|"
    r"interviewee|respondent|journaliste|enquêteur|enquêtrice)(?:[ _]?[A-Z0-9]{1,3})?)\]?\s*:\s*(?P<rest>.*)$",
    re.S,
)


def numbered_speaker(p: Para) -> Turn | None:
    """Anonymous speakers of transcription tools and interviews, kept as printed.

    Examples: "Speaker 1: Thanks for coming.", "SPEAKER_00: Hello.", "Intervenant 2 : Merci.", "Interviewer: Why?"
    """
    m = _NUMBERED.match(p.head)
    if m is None:
        return None
    return Turn(
        m.group(0)[: m.start("rest")].strip(),
        squash(m.group("name")),
        "numbered speaker",
        rest=p.text[m.start("rest") :].strip(),
    )


_TITLED = re.compile(rf"^(?P<title>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)??)\s+(?P<name>{_NAME})\s*:\s*(?P<rest>.*)$", re.S)


def titled_name(p: Para) -> Turn | None:
    """An English honorific or title, a name, a colon.

    Examples: "Senator Krueger: Good morning.", "Mr. Smith: Thank you.", "Chairman Lee: We resume.", "Dr. Jane Doe: Yes."
    """
    m = _TITLED.match(p.head)
    if m is None:
        return None
    title = m.group("title")
    if not (re.fullmatch(HONORIFIC, title) or fold(title) in TITLE_WORDS or fold(title).rstrip(".") in TITLE_WORDS):
        return None
    if not name_tokens_ok(m.group("name")):
        return None
    shown = "" if re.fullmatch(HONORIFIC, title) else title
    label = m.group(0)[: m.start("rest")].strip()
    if len(m.group("name").split()) == 1 and fold(m.group("name")) in TITLE_WORDS:
        # "Mr Speaker:", "Madam Chair:": a role addressed by its title, not a name.
        chair = fold(m.group("name")) in {"speaker", "chair", "chairman", "chairwoman", "president"}
        return Turn(
            label, "", "title name:", title=label.rstrip(" :"), rest=p.text[m.start("rest") :].strip(), chair=chair
        )
    return Turn(
        m.group(0)[: m.start("rest")].strip(),
        m.group("name"),
        "title name:",
        title=shown,
        rest=p.text[m.start("rest") :].strip(),
    )


_NAME_COLON = re.compile(rf"^(?P<name>{_NAME}|[{_UP}]{{2,3}})\s*:\s*(?P<rest>.*)$", re.S)


def name_colon(p: Para) -> Turn | None:
    """A name (or initials) and a colon, the form of interviews and press transcripts; bold or
    not. The parser accepts it only where the document confirms it (a bold label, a label used
    more than once, a person the document names), since prose also has "Word : ...".

    Examples: "**Julian :** Bonjour Monsieur le Président.", "Maxime Jaglin : Bonsoir.", "MJ : À la Une ..."
    """
    m = _NAME_COLON.match(p.head)
    if m is None or p.heading:
        return None  # a heading "Question One: Future Impact" is a part and its title
    if p.bullet and not m.group("rest").strip():
        return None  # "3. Technological Risks:": a list item heading the items under it
    name = m.group("name")
    first = fold(name.split()[0])
    if fold(name) in NOT_NAMES or first in NOT_SPEAKER_LABELS or participants_header(p):
        return None
    if len(name.split()) > 1 and upper_share(name) > 0.8:
        return None  # "PRESENT IN THE CHAIR:" is a header; names in capitals are caps_label's
    if not (re.fullmatch(rf"[{_UP}]{{2,3}}", name) or name_tokens_ok(name, 4)):
        return None
    if len(name.split()) == 1 and name.isupper() and len(name) > 3:
        return None  # a word in capitals ("ATTENTION:") is not a name; caps_label handles "SMITH:"
    return Turn(m.group(0)[: m.start("rest")].strip(), name, "name:", rest=p.text[m.start("rest") :].strip())


# A speaker named by the lower-case slug of their name, as transcript tools write them.
_SLUG_LABEL = re.compile(r"^(?P<slug>[a-zà-ÿ]{2,}(?:-[a-zà-ÿ]{2,}){1,3})\s*:\s*(?P<rest>.*)$", re.S)


def slug_label(p: Para) -> Turn | None:
    """A speaker named by a lower-case slug of their name and a colon, as heading or bold line of
    its own, the speech in the paragraphs after it (or after the colon).

    Example: "### saskia-sassen：" (a full-width colon is a colon), "**jean-paul-martin:** Bonsoir."
    """
    m = _SLUG_LABEL.match(p.head)
    if m is None:
        return None
    rest = p.text[m.start("rest") :].strip()
    if not (p.heading or p.bold or not rest):
        return None  # "au-delà : …" in prose
    parts = m.group("slug").split("-")
    if any(fold(x) in NOT_NAMES or fold(x) in NOT_SPEAKER_LABELS for x in parts):
        return None
    name = " ".join(x.capitalize() for x in parts)
    return Turn(m.group(0)[: m.start("rest")].strip(), name, "slug:", rest=rest, alone=not rest)


_REPORTED = re.compile(
    r"^(?:(?:On|After|Upon|Following|Before|In)\b[^,]{0,60},\s*)?"
    r"(?P<subject>(?:[Tt]he\s+)?(?:(?:outgoing|incoming|new|former|acting)\s+)?"
    rf"(?:{CAPWORD}|of|and|for|\([^()]{{1,40}}\))(?:\s+(?:{CAPWORD}|of|and|for|\([^()]{{1,40}}\))){{0,8}}"
    rf"(?:,\s*(?:{CAPWORD}|of)(?:\s+(?:{CAPWORD}|of)){{0,4}})?)"
    rf"(?:,\s*on\s+[^,]{{1,80}},)?\s+(?:then\s+|also\s+|further\s+)?(?P<verb>{REPORTING_VERBS})\b"
)


def reported_speech(p: Para) -> Turn | None:
    """Minutes in reported speech: a person or an office, then a verb of saying. The parser
    uses it only in documents without direct speaker labels, and a reported turn lasts one
    paragraph (with the list or quotation it announces).

    Examples: "The Meetings Administrator stated that ...", "Mayor Lynch thanked Members ...",
    "The outgoing Mayor, Councillor Hourigan opened the Meeting by giving the following address :"
    """
    head = p.head
    m = _REPORTED.match(head)
    if m is None or re.match(
        r"(?:He|She|It|They|We|I|Il|Elle|Ils|Elles|On|This|That|These|There)\b", m.group("subject")
    ):
        return None  # a pronoun continues the paragraph before
    subject = m.group("subject").strip().rstrip(",")
    words = {fold(w) for w in re.findall(r"[\w'’]+", subject)}
    if words & COLLECTIVE_WORDS:
        return Turn(subject, "", "reported speech", rest=p.text, anonymous=True, reported=True)
    opens = p.text.endswith(":")
    return Turn(subject, subject, "reported speech", rest=p.text, reported=True, opens_quote=opens)


# The order the parser tries them: the user's pattern first, then the most specific forms.
TURN_LAYOUTS: list[Layout] = [
    # First: on a heading, the other forms read a part's title as a label.
    Layout(
        "talk heading",
        "## 9h35-10h15 Christian Jacob : Nouvelles Alexandries / ## Introduction, Louise Merzeau",
        talk_heading,
    ),
    Layout("timestamp", "00:12:16 Carine Thomas / [00:12:34] Alice Martin: ...", timestamp_label),
    Layout("speaker line", "M. François Rebsamen, Président de Cités Unies France", speaker_line),
    Layout("intervention heading", "Intervention de M. Paul Durand, maire de Lille", intervention_heading),
    Layout(
        "presiding officer",
        "Le président suppléant (M. McClelland): / The Acting Speaker (Ms. Thibeault):",
        presiding_label,
    ),
    Layout(
        "member", "M. Jim Abbott (Kootenay-Columbia, Ref.): / L'hon. John Manley: (alone on the line)", member_label
    ),
    Layout(
        "parliamentary", "M. Georges Perin. Messieurs, ... / M. le président. – ... / Mme la ministre. –", parliamentary
    ),
    Layout("congressional", "Mr. SMITH. Mr. Speaker, I rise ...", congressional),
    Layout("numbered speaker", "Speaker 1: ... / SPEAKER_00: ... / Intervenant 2 : ...", numbered_speaker),
    Layout("caps label", "SENATOR KRUEGER: / MS. KAPTUR: / THE CHAIR: / Mr S ABRAM (ANC):", caps_label),
    Layout("question/answer", "Q : ... / R : ... / Q    Sir, ... / Question : ...", question_answer),
    Layout(
        "name (role):",
        "DUPONT Jean (maire de Lille) : ... / Jane Roe (Reuters): ... / The Prime Minister (Rishi Sunak): ...",
        name_role_colon,
    ),
    Layout("role:", "The Prime Minister: ... / The Chancellor of the Exchequer: ...", role_label),
    Layout("title name:", "Senator Krueger: ... / Chairman Lee: ... / Mr. Smith: ...", titled_name),
    Layout("name:", "**Julian :** ... / Maxime Jaglin : ... / MJ : ...", name_colon),
    Layout("slug:", "### saskia-sassen： / jean-paul-martin: ...", slug_label),
    Layout("reported speech", "The Meetings Administrator stated that ... (minutes)", reported_speech),
]


def known_layouts() -> list[dict[str, str]]:
    """The speaker layouts the parser knows, in the order it tries them (for `inspect`)."""
    return [{"name": lay.name, "example": lay.example} for lay in TURN_LAYOUTS]


# --- other kinds of paragraph ------------------------------------------------------------------

# Closed, or left open by an OCR that lost the parenthesis ("(La séance est levée à trois heures.").
_STAGE = re.compile(r"^\s*[(\[][^()\[\]]{1,400}(?:[)\]]\s*\.?|(?<=\.))\s*$", re.S)


# Hansards also report what happens in an absolute clause ending with a colon.
_STAGE_CLAUSE = re.compile(r"^(?:And|Et)\s[^.!?:]{3,80}\b(?:having|s['’][ée]tant|ayant)\b[^.!?:]{0,40}:$")


# A Westminster Hansard's record of a decision, alone on its line.
_DECISION = re.compile(
    r"^(?:Question\s+put,?\s+and\s+(?:agreed\s+to|negatived)|Resolved,?|Motion\s+agreed\s+to|"
    r"Bill\s+read\s+a\s+(?:first|second|third)\s+time(?:\s+and\s+passed)?|Question\s+put)\.?\s*$"
)


def stage_direction(p: Para) -> bool:
    """A paragraph wholly in parentheses or brackets, a Hansard's absolute clause or its record
    of a decision: what happened, said by nobody.

    Examples: "(Laughter.)", "[Applause.]", "(La séance est suspendue.)", "And the bells having rung:",
    "Et plus de cinq deputes s'etant leves:", "Question put, and agreed to.", "Resolved,"
    """
    return (
        (bool(_STAGE.match(p.text)) and len(p.text) <= 400)
        or bool(_STAGE_CLAUSE.match(p.text))
        or bool(_DECISION.match(p.text))
    )


_COLLECTIVE_FR = re.compile(
    r"^(?:(?:À|A|Au|Aux|Sur|De)\s+(?:[\w'’-]+\s+){0,8}?(?:droite|gauche|centre|bancs?|tribunes?)"
    r"|(?:Plusieurs|Quelques|Nombreuses|De nombreux|Divers|Un|Une|Des|Tous les|Toutes les)\s+(?:[\w'’-]+\s+){0,3}?"
    r"(?:membres?|voix|députés?|sénateurs?|conseillers?|élus?|personnes?))"
    r"[^.!?]{0,60}?\.\s*"
)


# Hansard labels for the House's voices ("Des voix: Oh, oh!", "Some hon. members: Hear, hear!").
_COLLECTIVE_LABEL = re.compile(
    r"^(?:(?:Des|Plusieurs|Quelques|De nombreuses|Une) voix|(?:Some|Several|Many|All) hon\. members|An hon\. member)\s*:\s*"
)


def collective_voice(p: Para) -> Turn | None:
    """A collective interjection of a parliamentary report, spoken by no one person.

    Examples: "A droite. Très bien !", "Plusieurs membres à droite. L'appel nominal !",
    "Une voix à droite. Par appel nominal.", "Des voix: Oh, oh!", "Some hon. members: Hear, hear!"
    """
    m = _COLLECTIVE_FR.match(p.head) or _COLLECTIVE_LABEL.match(p.head)
    if m is None or len(m.group(0)) > 120:
        return None
    return Turn(m.group(0).strip(), "", "collective", rest=_rest(p.text, m.end()), anonymous=True)


_VOTE_START = re.compile(
    r"^(?:Ont voté (?:pour|contre)|Se sont abstenus|N'ont pas pris part|Sont (?:successivement )?appelés|"
    r"Ont obtenu|YEAS|NAYS|Yeas|Nays|Ayes|Noes|AYES|NOES|For Councillor|Against|Abstaining|Abstentions?|"
    r"Pour\s*:|Contre\s*:|MM\.\s+[A-Z][^.]{0,40},)"
)


def vote_list(p: Para) -> bool:
    """A vote, roll call or list of names: kept apart from statements, attributed to nobody.

    Examples: "Councillors Butler, Collins, Crowley, Daly and Sheahan", "Ont voté pour : MM. Amat, Bardoux, ...",
    "— Cesbron, Vienne. — Chavanne, Rhône. —"
    """
    t = p.text
    if _VOTE_START.match(t) and len(t) > 20:
        return True
    words = re.findall(r"[\w'’-]+", t)
    if len(words) < LIST_MIN_WORDS:
        return bool(re.fullmatch(r"\(\s*\d{1,4}\s*\)", t))  # a vote count "(12)"
    seps = len(re.findall(r"[,;—–]|\s-\s|\.-|\.\s*—", t))
    caps = sum(1 for w in words if w[:1].isupper())
    sentence_verbs = len(re.findall(r"\b(?:est|sont|a|ont|is|are|was|were|has|have|will|would|que|that)\b", t))
    return (
        caps >= LIST_CAPITALISED_SHARE * len(words)
        and seps * LIST_WORDS_PER_SEPARATOR >= len(words)
        and sentence_verbs <= len(words) / 25
    )


_PRESIDENCY = re.compile(
    # ... in parentheses too: "(Présidence de M. R. Hotyat)"
    r"^\(?(?P<heading>(?i:PR[ÉEB][SŚ]I[DB]\w{0,3}[NM]CE)\s+(?i:DE)\s+(?P<hon>M\.|MME|Mme|MLLE|Mlle)\s*"
    rf"(?P<name>{CAPWORD}(?:[ ](?:{PARTICLE}[ ])?{CAPWORD}){{0,4}})"
    r"(?:\s*,\s*(?P<role>[^.,;()]{2,60}?)|\s+(?P<lower_role>[a-zà-ÿ][\w-]*(?:\s+[\w'’-]+){0,4}))?)\)?"
    r"(?=\s+[A-ZÀ-Ý][a-zà-ÿ]|\s*$)"
)


def presidency(p: Para) -> tuple[str, str, str, str] | None:
    """The line of French reports naming who presides ("PRÉSIDENCE DE M. X, ROLE"), tolerant of
    OCR errors in the word, and the text glued after it: (heading, name, role, rest).

    Example: "PRÉSIDENCE DE M. DESSEAUX, DOYEN D'AGE La séance est ouverte à deux heures."
    """
    m = _PRESIDENCY.match(p.head)
    if m is None:
        return None
    # "PRÉSIDENCE DE M. JEAN FAURE vice-président": the role may follow without a comma.
    role = (m.group("role") or m.group("lower_role") or "").strip()
    return m.group("heading").strip(), title_case(m.group("name").strip()), role, p.text[m.end() :].strip()


PART_RE = re.compile(
    r"^(?P<kw>session|séance|table[- ]ronde|panel|atelier|workshop|plénière|plenary|ouverture|opening|"
    r"introduction|conclusions?|clôture|closing|programme|program|agenda|compte[- ]rendu|synthèse|"
    r"report|proceedings|keynote|débat|debate|discussion|questions au gouvernement|"
    r"questions orales|question time|hearing|audition)\b\s*(?:n°\s*|no\.?\s*|#\s*)?(?P<num>\d+|[IVX]+\b)?",
    re.I,
)
_ORDINAL_PART = re.compile(
    r"^(?P<ord>première|premier|deuxième|second|seconde|troisième|quatrième|cinquième|sixième|first|second|third|"
    r"fourth|fifth|sixth|\d+(?:e|er|ère|ème|st|nd|rd|th))\s+(?P<kw>table[- ]ronde|session|séance|partie|panel|"
    r"atelier|part|workshop|round[- ]table)\b",
    re.I,
)
_ROMAN = re.compile(r"^(?P<num>[IVXL]{1,6}|\d{1,2})\s*[.)–—-]\s+(?P<title>[A-ZÀ-Ý«\"“].{2,})$")
_SEANCE = re.compile(r"^(?:Séance|Sitting|Meeting|Réunion)\s+du\s+|^(?:Séance|Sitting) of\s+", re.I)
_SINGLE_TIME = re.compile(r"^\d{1,2}\s?(?:h|:)\s?\d{0,2}\s*(?:[-–:]\s*(?P<title>.{2,}))?$")


def part_heading(p: Para) -> str | None:
    """A heading that opens a part of the proceedings, as printed (one line, bounded).

    Examples: "SESSION 2 : « ... »", "Première table ronde", "Table ronde n° 2", "II. Les communes",
    "## Débat", "Séance du 12 mars 2024", "Keynote: The future of cities", "14h30 – Reprise"
    """
    t = p.text
    if not t or len(t) > 2 * MAX_HEADING_CHARS:
        return None
    if t.endswith((".", ",", ";")) and not re.fullmatch(r"[IVXL\d]{1,4}\.", t) and not p.heading:
        return None
    # A part keyword with a number or a quoted title: "SESSION 2 : « ... »" (long titles allowed).
    m = PART_RE.match(t)
    if m and (
        p.heading
        or p.bold
        or m.group("num")
        or re.search(r":\s*«", t)
        or len(t.split()) <= 4
        or t[m.end() :].lstrip().startswith(":")  # "Keynote: The future of cities"
    ):
        return t
    typeset = p.heading or p.bold
    if len(t) > (2 if typeset else 1) * MAX_HEADING_CHARS or len(t.split()) > (2 if typeset else 1) * MAX_HEADING_WORDS:
        return None
    if _ORDINAL_PART.match(t) or _SEANCE.match(t) or _SINGLE_TIME.match(t):
        return t
    rm = _ROMAN.match(t)
    # "II. Les communes" (roman numerals head parts); "1. To elect ..." only when typeset as a heading.
    if rm and (p.heading or p.bold or upper_share(t) > 0.6 or (not rm.group("num").isdigit() and not t.endswith("."))):
        return t
    if p.heading:
        return t
    return None


def caps_heading(p: Para) -> str | None:
    """A short paragraph in capitals, not a label: a heading in plain text and OCR.

    Examples: "LEVEL OF SCIENCE AND TECHNOLOGY SKILLS", "BUREAUX DU 11 JANVIER 1881"
    """
    t = p.text
    if not (3 <= len(t) <= MAX_HEADING_CHARS) or t.endswith(":") or len(t.split()) > MAX_HEADING_WORDS:
        return None
    if re.search(r"[«»\"“”]", t):
        return None  # a quoted signature ("« DRUMEL. »") is part of a letter, not a heading
    letters = [c for c in t if c.isalpha()]
    if len(letters) < 4 or upper_share(t) < 0.85:
        return None
    return t


_LIST_HEADER = re.compile(
    r"^(?:(?:ALSO\s+)?PRESENT(?:\s+IN\s+THE\s+CHAIR)?|PRESIDING|(?:MEMBERS|OFFICIALS|OTHERS)\s+(?:PRESENT|IN\s+ATTENDANCE)|"
    r"IN\s+ATTENDANCE|LIST\s+OF\s+(?:SPEAKERS|WITNESSES|PARTICIPANTS)|WITNESSES|PARTICIPANTS|PANELISTS|PANELLISTS|"
    r"SPEAKERS|INTERVENANTS|INTERVENANTES|ÉTAIENT\s+PRÉSENTS|PRÉSENTS|ASSISTAIENT|Participants|Intervenants|"
    r"Étaient présents|Present|Presiding|In attendance|Panelists|Speakers|Witnesses|Also present)"
    r"(?:\s*,\s*Cont\.?|\s*\(Continued\))?\s*(?::|$)"
)


def participants_header(p: Para) -> bool:
    """The header of a list of people with their roles (counted as the programme).

    Examples: "PRESIDING:", "PRESENT:", "LIST OF SPEAKERS", "MEMBERS PRESENT:", "Intervenants :"
    """
    return bool(_LIST_HEADER.match(p.text))


TIME_SLOT = re.compile(
    r"^(?P<time>\d{1,2}\s?[h:.]\s?\d{0,2}\s*[-–àto]+\s*\d{1,2}\s?[h:.]\s?\d{0,2})\s*:?\s*(?P<title>.*)$",
    re.I | re.S,
)


# --- the chair's unlabelled lines ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChairLine:
    """A line only the presiding officer says, printed without a label."""

    office: str  # who speaks: the office, as the document's language names it
    role: str
    designates: str = ""  # the member or office given the floor ("member for Quebec"), as printed


# Folded (lower case, no accents): what the chair says, in French and in English.
_CHAIR_FR = re.compile(
    r"^(?:la parole est (?:a|au|a la|aux) |(?:je donne|je cede|je dois ceder|je vais donner) (?:maintenant )?la parole"
    r"|je regrette d'interrompre|a l'ordre\b|(?:mes )?chers collegues,|mes collegues,"
    r"|comme il est (?:presque |pres de )?\d+ ?h|nous passons (?:maintenant )?(?:aux|a la|au) "
    r"|je signale aux (?:deputes|honorables deputes) la presence|plait-il a la chambre|(?:reprise du debat|questions et observations)\.?$"
    r"|le vote porte sur|que tous ceux qui (?:sont en faveur|s'y opposent)|a mon avis, les (?:oui|non) l'emportent"
    r"|convoquez les deputes|nous reprenons le debat"
    # rulings and points of order announced: "the question is out of order", "the hon. member on a
    # point of order" (« La question est irrecevable. », « Le whip ... invoque le Reglement. »)
    r"|(?:la question|la motion|l'amendement|le rappel au reglement)\b[^.?!]{0,40}\b(?:est|sont) (?:ir|non )?recevables?\b"
    r"|(?:l'honorable |le |la )(?:depute|deputee|ministre|secretaire|leader|chef|whip|premier|vice-premier|solliciteur)\b"
    r"[^.?!]{0,100} invoque le reglement\.?$"
    r"|(?:l'honorable |le |la )(?:depute|deputee|ministre|secretaire|leader|chef|premier|vice-premier|solliciteur)\b"
    r"[^.?!]{0,100} a la parole\.?$"
    r"|(?:le|la) (?:depute|deputee|ministre)\b[^?!]{0,80}\b(?:aurait|voudrait|pourrait)-(?:il|elle) l'obligeance"
    # leave asked of the House, and time left to the one speaking: « Le depute a-t-il la permission
    # de la Chambre de proposer la motion? », « S'il veut continuer, le premier ministre a encore du temps. »
    r"|(?:le|la) (?:depute|deputee|ministre|secretaire parlementaire)\b[^?!]{0,60}\ba-t-(?:il|elle) la permission de la chambre"
    r"|(?:s'il|si elle) (?:veut|desire|souhaite) (?:continuer|poursuivre), (?:le|la|l'honorable) [^.?!]{0,60}\ba encore\b)"
)
_CHAIR_EN = re.compile(
    r"^(?:(?:final|last|one more) question,? the hon\.|order(?:,? order)*(?:,? please)?[.!]|(?:my |dear )?colleagues,"
    r"|i (?:will|would) (?:now )?(?:permit|recognize|give the floor to|call on|call upon)\b"
    r"|i (?:am sorry|regret) (?:to|that i must) interrupt|(?:it being|as it is) (?:almost |nearly |now )?\d"
    r"|questions and comments\b|resuming debate\b|is it the pleasure of the house|is the house ready for the question"
    r"|all those (?:in favour|opposed)|in my opinion the (?:yeas|nays) have it|(?:is there|do we have) unanimous consent"
    r"|call in the members|does the hon\. member\b"
    r"|if (?:he|she) wishes to continue, the\b[^?!]{0,60}\bhas (?:more|some) time|i would (?:ask|remind|invite) (?:the )?hon\. members?\b"
    r"|i draw the attention of (?:hon\. )?members to the presence|we have (?:\w+ )?distinguished visitors)"
    r"|the question is on the (?:motion|amendment)|shall i dispense"
    r"|\b(?:the hon\. member|the question|the hon\. minister)\b[^.?!]{0,40}\b(?:is|are) (?:not in order|out of order)\b"
    r"|\bthat would bring to a close (?:our )?question period"
)
_PLACE = r"[A-ZÀ-Ý][\w'’.-]*(?:[ -](?:[A-ZÀ-Ý][\w'’.-]*|and|de|du|des|la|sur|et|St\.))*"
_OFFICE_EN = (
    r"(?:Deputy |Acting )?(?:Prime Minister|Minister|Parliamentary Secretary|Leader|Secretary of State|Solicitor General"
    r"|President)(?: (?:(?:of|for|to|the|and|in) )*[A-Z][\w'’-]*)*"
)
# A line that is nothing but the name of whom the chair gives the floor to.
_OFFICE_FR = (
    r"(?:d[ée]put[ée]e?|ministre|(?:vice-)?premi[eè]re? ministre|secr[ée]taire (?:parlementaire|d['’][ÉE]tat)|leader"
    r"|chef|solliciteur g[ée]n[ée]ral)"
)
# What may follow a French office in a designation: places and names, and the words between them.
_DESIGNATION_FR = r"(?:\s+(?:de|du|des|la|le|les|a|à|au|aux|et|[ld]['’][A-ZÀ-Ý][\w'’-]*|[A-ZÀ-Ý][\w'’.-]*))*"
_FLOOR_ONLY = re.compile(
    rf"^(?:The hon\. (?:member for {_PLACE}|{_OFFICE_EN})(?:,? (?:if (?:he|she) wishes to answer|on a point of order|has the floor))?"
    rf"|(?:L['’]honorable |L['’]hon\. )?(?:Le|La|L['’]honorable) {_OFFICE_FR}{_DESIGNATION_FR}"
    r"(?: [aà] la parole)?)\.$"
)
_DESIGNATION = re.compile(
    rf"\b(?i:the) hon\. (?P<en_member>member for {_PLACE})|\b(?i:the) hon\. (?P<en_office>{_OFFICE_EN})"
    rf"|\bd[ée]put[ée]e? (?:de |d['’]|du |des )(?:la |l['’])?(?P<fr_place>{_PLACE})"
    r"|\b(?:au|a la|à la|[Ll]['’]honorable|[Ll]e|[Ll]a) (?P<fr_office>chef de l['’]opposition|(?:vice-)?premier ministre"
    r"|(?:vice-premier |)ministre (?:de|du|des) [^.?!,]+?|secr[ée]taire parlementaire [^.?!,]+?)(?= [aà] la parole|[.?!,]|$)"
)


def chair_formula(p: Para) -> ChairLine | None:
    """A line only the presiding officer says (giving the floor, calling to order, announcing the
    next business, ruling), for transcripts that print the chair's turns without a label.

    Examples: "La parole est au depute de MacLeod.", "Le depute de Calgary-Sud-Est.",
    "The hon. member for Portage-Lisgar.", "I will permit the hon. Minister of Health to answer.",
    "Colleagues, that would bring to a close our question period today."
    """
    t = p.text.strip()
    if not t or len(t) > 300:
        return None
    f = fold(t)
    if _FLOOR_ONLY.match(t):
        french = not t.startswith("The ")
    elif _CHAIR_FR.search(f):
        french = True
    elif _CHAIR_EN.search(f):
        french = False
    else:
        return None
    d = _DESIGNATION.search(t)
    who = ""
    if d is not None:
        who = next((g for g in d.groups() if g), "").rstrip(".").strip()
        if d.group("en_member"):
            who = who[len("member for ") :]
    office, role = (
        ("Le Président", "présidence de la séance") if french else ("The Speaker", "Speaker (presiding officer)")
    )
    return ChairLine(office, role, designates=who)


_ADDRESS_TO_CHAIR = re.compile(
    r"^(?:[\w'’]+(?: [\w'’]+){0,2},\s+)?(?:(?:monsieur|madame) (?:le |la )?(?:president|presidente)|(?:mr\.?|madam) (?:speaker|chair\w*))\b"
)


def addresses_chair(p: Para) -> bool:
    """A line opened by an address to the chair is a member's: the chair does not address itself.

    Examples: "Monsieur le President, je remercie le depute.", "Thank you, Mr. Speaker."
    """
    return bool(_ADDRESS_TO_CHAIR.match(fold(p.text)))
