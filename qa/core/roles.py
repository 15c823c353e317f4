"""Role nouns in French and English: how questions name people by what they do.

A general lexicon of titles and functions (mayor, ambassador, senator, rapporteur...), not a
list fitted to any document: a question may name a speaker by role in either language, and
the speaker table states roles in the document's language. Each entry groups the forms that
name the same function; `GENERIC` nouns (representative, member, head...) name anyone
affiliated with what follows them, so they do not require the speaker's role to hold the noun.

The embedder's cross-lingual word vectors do not replace this list: they place "mayor" nearer
"ville" than "maire" (measured), and titles must match exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from qa.core.text import fold

# canonical -> forms (folded, singular and plural, feminine, both languages)
ROLE_FORMS: dict[str, tuple[str, ...]] = {
    "maire": ("maire", "maires", "mairesse", "mayor", "mayors", "lord mayor"),
    "adjoint": ("adjoint", "adjointe", "adjoints", "deputy mayor"),
    "ambassadeur": ("ambassadeur", "ambassadrice", "ambassadeurs", "ambassador", "ambassadors", "envoy", "envoys"),
    "president": (
        "president",
        "presidente",
        "presidents",
        "chair",
        "chairman",
        "chairwoman",
        "chairperson",
        "chairs",
        "presidency",
        "presidence",
    ),
    "vice-president": (
        "vice-president",
        "vice-presidente",
        "vice president",
        "vice-chair",
        "vice chair",
        "vice-chairman",
    ),
    "ministre": ("ministre", "ministres", "minister", "ministers"),
    # Titles of nobility, as old parliaments print them ("M. le comte de Colbert-Laplace").
    # (not "count": in English questions it is mostly a tally, "when the count was taken")
    "comte": ("comte", "comtesse", "comtes", "countess", "earl"),
    "duc": ("duc", "duchesse", "ducs", "duke", "duchess", "dukes"),
    "marquis": ("marquis", "marquise", "marquess", "marchioness"),
    "vicomte": ("vicomte", "vicomtesse", "viscount", "viscountess"),
    "baron": ("baron", "baronne", "barons", "baroness"),
    # (« secrétaire d'État » and "Secretary of State" are one title: "of State" is no owner)
    "secretaire": (
        "secretaire",
        "secretaires",
        "secretary",
        "secretaries",
        "junior minister",
        "junior ministers",
        "secretaire d'etat",
        "secretaires d'etat",
        "secretary of state",
        "secretaries of state",
    ),
    "directeur": ("directeur", "directrice", "directeurs", "director", "directors", "executive director"),
    "delegue": ("delegue", "deleguee", "delegues", "delegate", "delegates"),
    "depute": (
        "depute",
        "deputee",
        "deputes",
        "mp",
        "mps",
        "member of parliament",
        "congressman",
        "congresswoman",
        "parlementaire",
        "parliamentarian",
        "lawmaker",
    ),
    "senateur": ("senateur", "senatrice", "senateurs", "senator", "senators", "sen"),
    "conseiller": (
        "conseiller",
        "conseillere",
        "conseillers",
        "councillor",
        "councilor",
        "adviser",
        "advisor",
        "counsellor",
    ),
    "chercheur": ("chercheur", "chercheuse", "chercheurs", "researcher", "researchers", "scientist", "fellow"),
    "professeur": ("professeur", "professeure", "professor", "lecturer", "maitre de conferences", "enseignant"),
    "politologue": ("politologue", "politiste", "political scientist", "politologist"),
    "coordinateur": ("coordinateur", "coordinatrice", "coordinator"),
    "fondateur": ("fondateur", "fondatrice", "founder", "co-founder", "cofondateur", "cofondatrice"),
    "journaliste": (
        "journaliste",
        "journalistes",
        "journalist",
        "reporter",
        "correspondent",
        "correspondant",
        "correspondante",
        "interviewer",
        "presentateur",
        "presentatrice",
        "presenter",
        "co-presenter",
        "co-presentateur",
        "co-presentatrice",
        "newsreader",
        "newscaster",
        "host",
        "anchor",
        "redacteur",
        "redactrice",
        "editor",
    ),
    "rapporteur": ("rapporteur", "rapporteure", "rapporteuse"),
    "animateur": (
        "animateur",
        "animatrice",
        "moderateur",
        "moderatrice",
        "moderator",
        "facilitator",
        # a programme's host is its « animateur » (and a journalist: both nouns)
        "host",
        # the verbs programmes and questions use for the same function
        "anime",
        "animee",
        "animait",
        "animera",
        "modere",
        "moderee",
        "moderait",
        "moderated",
        "moderating",
    ),
    "temoin": ("temoin", "grand temoin", "grands temoins", "witness", "witnesses", "keynote"),
    "observateur": ("observateur", "observatrice", "observateurs", "observer", "observers"),
    "avocat": ("avocat", "avocate", "avocats", "lawyer", "lawyers", "attorney", "counsel"),
    "batonnier": ("batonnier", "batonniere"),
    "gouverneur": ("gouverneur", "governor"),
    "prefet": ("prefet", "prefete", "prefect"),
    "juge": ("juge", "judge", "magistrat", "magistrate"),
    "procureur": ("procureur", "procureure", "prosecutor"),
    # the Canadian minister for policing and prisons
    "solliciteur-general": ("solliciteur general", "solliciteure generale", "solicitor general", "solicitor-general"),
    # Not "general" alone: the adjective ("the general talk", « directrice générale »).
    "general": ("general officer", "army general", "general de division", "general d'armee"),
    "chef": ("chef", "cheffe", "leader", "head"),
    "responsable": ("responsable", "responsables", "manager", "officer", "head"),
    "representant": (
        "representant",
        "representante",
        "representants",
        "representative",
        "representatives",
        # the verb: « Qui représentait l'IFRI ? », "Who represented the IFRI?"
        "representait",
        "represente",
        "represented",
        "represents",
    ),
    # who speaks for a body: a function of its own (a press secretary is one), not anyone of it
    "porte-parole": (
        "porte-parole",
        "porte-paroles",
        "spokesperson",
        "spokespersons",
        "spokespeople",
        "spokesman",
        "spokesmen",
        "spokeswoman",
        "spokeswomen",
        "press secretary",
        "press secretaries",
    ),
    # "the gentleman from Vermont": how the US House names a member.
    "membre": ("membre", "membres", "member", "members", "gentleman", "gentlewoman", "gentlelady"),
    "elu": ("elu", "elue", "elus", "elected official", "elected officials"),
    # Who takes part, whatever their function: "the panellist from Google DeepMind".
    "intervenant": (
        "intervenant",
        "intervenante",
        "panelist",
        "panellist",
        "paneliste",
        "panelists",
        "panellists",
        "participant",
        "participante",
        "guest",
        "invite",
        "invitee",
    ),
    "temoin-expert": ("expert", "experte", "experts"),
    "economiste": ("economiste", "economist"),
    "chancelier": ("chancelier", "chanceliere", "chancellor", "vice-chancellor", "recteur", "rectrice", "rector"),
    "doyen": ("doyen", "doyenne", "dean", "provost"),
    "tresorier": ("tresorier", "tresoriere", "treasurer"),
    "commissaire": ("commissioner", "commissaire"),
    # (not "premier" alone: in French it is "first", « le premier rempart »)
    "ministre-president": ("premier ministre", "prime minister", "first minister"),
    # not the Prime Minister
    "vice-premier-ministre": (
        "vice-premier ministre",
        "vice-premiere ministre",
        "vice premier ministre",
        "deputy prime minister",
        "deputy premier",
    ),
    # who leads a list at a local election: « la tête de liste », "the lead candidate"
    "tete-de-liste": ("tete de liste", "tetes de liste", "head of the list", "list leader", "lead candidate"),
    "historien": ("historien", "historienne", "historian"),
    "sociologue": ("sociologue", "sociologist"),
    "geographe": ("geographe", "geographer"),
    # Occupations people are introduced by in interviews, briefings and meetings (singular
    # forms: their plurals, "nurses", "artists", are more often what a debate is about).
    "pdg": ("pdg", "p-dg", "ceo", "chief executive", "chief executive officer", "patron", "patronne"),
    # not the chief executive, nor any director
    "directeur-financier": (
        "chief financial officer",
        "cfo",
        "finance director",
        "financial director",
        "director of finance",
        "directeur financier",
        "directrice financiere",
        "directeur des finances",
        "directrice des finances",
    ),
    "acteur": ("acteur", "actrice", "actor", "actress", "comedien", "comedienne"),
    "ecrivain": ("ecrivain", "ecrivaine", "romancier", "romanciere", "writer", "novelist"),
    "militant": ("militant", "militante", "activist", "campaigner"),
    "syndicaliste": ("syndicaliste", "trade unionist", "union leader"),
    "entrepreneur": ("entrepreneur", "entrepreneuse", "businessman", "businesswoman", "chef d'entreprise"),
    "greffier": ("greffier", "greffiere", "clerk"),
    "administrateur": ("administrateur", "administratrice", "administrator"),
    "consul": ("consul", "consule", "consul general"),
    "candidat": ("candidat", "candidate", "candidats", "candidates", "nominee", "challenger"),
    "capitaine": ("capitaine", "captain"),
    "chanteur": ("chanteur", "chanteuse", "singer"),
    "artiste": ("artiste", "artist"),
    "analyste": ("analyste", "analyst"),
    "educateur": ("educateur", "educatrice", "educator", "coach", "entraineur", "entraineuse"),
    "medecin": ("medecin", "physician", "doctor"),
    "infirmier": (
        "infirmier",
        "infirmiere",
        "nurse",
        "aide-soignant",
        "aide-soignante",
        "nursing assistant",
        "care assistant",
        "healthcare assistant",
        "care worker",
    ),
}
# The roles that head an organisation, and kinds of organisation a question may name instead of
# the organisation itself ("the NGO head"), with their forms in the other language (folded).
HEAD_ROLES = ("chef", "responsable", "president", "directeur", "pdg", "coordinateur", "fondateur")
ORGANISATION_KINDS: dict[str, tuple[str, ...]] = {
    "ngo": ("ong", "ngos"),
    "ngos": ("ong", "ngo"),
    "ong": ("ngo", "ngos"),
    "charity": ("association", "charities"),
    "association": ("charity", "associations"),
    "nonprofit": ("association", "ong"),
    "foundation": ("fondation",),
    "fondation": ("foundation",),
    "union": ("syndicat", "unions"),
    "syndicat": ("union", "syndicats"),
    "think-tank": ("think", "tank"),
}
# Nouns that name anyone speaking for what follows them ("the representative of URD").
# (« l'élu à la tête du département de Seine-Saint-Denis »: an elected official is whoever holds
# an elected office there, mayor or council president, not someone labelled « élu »)
GENERIC = frozenset({"representant", "membre", "responsable", "chef", "temoin-expert", "intervenant", "elu"})
# Modifiers that belong to a role ("ancien ministre", "former minister").
MODIFIERS: dict[str, tuple[str, ...]] = {
    "ancien": ("ancien", "ancienne", "anciens", "former", "ex", "sortant", "sortante", "outgoing"),
    # ... and that mark it as just taken up ("the new Mayor", "incoming Mayor").
    "nouveau": ("nouveau", "nouvel", "nouvelle", "new", "incoming", "entrant", "entrante", "newly"),
    # ... and that mark the first of several holders ("the main presenter", not the co-presenter).
    "principal": ("principal", "principale", "main", "lead", "senior", "titulaire"),
}
# Offices of one body's leadership that exclude each other: its chief executive is not its
# finance director, its president not its secretary (other nouns name the same person in other
# words: a "political scientist" may be printed as « maître de conférences », an « élu » as mayor).
EXCLUSIVE_OFFICES = frozenset(
    {"pdg", "directeur-financier", "directeur", "president", "vice-president", "secretaire", "tresorier"}
)
# Offices of the State or the courts, held by appointment: whoever's stated role is another
# office does not hold them (« le préfet de la Seine-Saint-Denis » is not the president of its
# departmental council).
APPOINTED_OFFICES = frozenset({"prefet", "juge", "procureur", "ambassadeur", "gouverneur", "solliciteur-general"})
# Role forms of a second holder, beside the principal one.
SECOND_HOLDER = re.compile(r"^(?:co|vice|sous|under|deputy|assistant|adjoint|adjointe)\b|[-\s]adjointe?$")


@dataclass(frozen=True, slots=True)
class RoleMention:
    """A role noun found in a text: its canonical form and the words as written."""

    canonical: str
    form: str
    start: int
    end: int

    @property
    def plural(self) -> bool:
        """A plural form names a category ("les élus", "mayors"), not one person."""
        words = self.form.split()
        # the head noun: first before a complement ("directeur des finances", "director of
        # finance"), else last ("chief financial officer", "grands témoins")
        head = words[0] if any(w in ("de", "des", "du", "d'", "of") for w in words[1:]) else words[-1]
        return head.endswith(("s", "x"))


@lru_cache(maxsize=1)
def _form_index() -> tuple[re.Pattern[str], dict[str, tuple[str, ...]]]:
    by_form: dict[str, list[str]] = {}
    for canon, forms in ROLE_FORMS.items():
        for f in forms:
            by_form.setdefault(f, []).append(canon)
            if f.endswith("e") and " " not in f and f"{f}s" not in forms:
                by_form.setdefault(f"{f}s", []).append(canon)  # « les chercheuses »
    alternation = "|".join(sorted((re.escape(f) for f in by_form), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])"), {f: tuple(c) for f, c in by_form.items()}


# A parliament's presiding officer, "the Speaker" (capitalised: "which speakers…" are anyone who spoke).
_THE_SPEAKER = re.compile(r"\b(?:[Tt]he|Mr\.?|Madam|Madame)\s+(?:(?:Acting|Deputy)\s+)?Speaker\b")


# A junior minister with the portfolio before the noun, as English puts it: "the junior finance
# minister" is a « secrétaire d'État aux finances ».
_JUNIOR = re.compile(r"(?<![\w-])junior\s+(?:[a-z-]+\s+){1,2}ministers?(?![\w-])")


_AT_THE_HEAD = re.compile(r"(?<![\w-])à\s+la\s+tête(?=\s+d)", re.I)


def role_mentions(text: str) -> list[RoleMention]:
    """Role nouns in `text` (folded matching), longest forms first, in order of appearance."""
    rx, by_form = _form_index()
    folded = fold(text)
    out = []
    for m in rx.finditer(folded):
        for canon in by_form[m.group(0)]:
            out.append(RoleMention(canon, m.group(0), m.start(), m.end()))
    for m in _JUNIOR.finditer(folded):
        out.append(RoleMention("secretaire", m.group(0), m.start(), m.end()))
    out.sort(key=lambda r: (r.start, -(r.end - r.start)))
    # « l'élu à la tête du département »: the head of it (accented: « a la tête » is "has the head")
    for m in _AT_THE_HEAD.finditer(text):
        out.append(RoleMention("chef", "a la tete", m.start(), m.end()))
    if _AT_THE_HEAD.search(text):
        out.sort(key=lambda r: (r.start, -(r.end - r.start)))
    if "Speaker" in text:
        start = len(out)
        for m in _THE_SPEAKER.finditer(text):
            out.append(RoleMention("president", "speaker", m.end() - len("speaker"), m.end()))
        if len(out) > start:
            out.sort(key=lambda r: r.start)
    return out


def forms_of(canonical: str) -> frozenset[str]:
    """Every folded form of a canonical role noun, in both languages."""
    return frozenset(ROLE_FORMS.get(canonical, ()))


def holds(role_text: str, canonical: str) -> bool:
    """Whether a speaker's stated role holds the canonical noun (in any language)."""
    return any(m.canonical == canonical for m in role_mentions(role_text))


def former_before(text: str, start: int, words: int = 3) -> bool:
    """Whether one of the few words before position `start` of the folded text marks the role
    as past ("the former French president")."""
    before = re.findall(r"[\w'-]+", fold(text)[:start])[-words:]
    return any(w in MODIFIERS["ancien"] for w in before)


def marked(text: str, modifier: str) -> bool:
    """Whether the text holds one of a modifier's forms ("incoming Mayor" for "nouveau")."""
    folded = fold(text)
    return any(re.search(rf"(?<![\w-]){re.escape(f)}(?![\w-])", folded) for f in MODIFIERS[modifier])


def is_former(text: str) -> bool:
    """Whether the text marks a role as past ("ancien ministre", "former minister")."""
    folded = fold(text)
    return any(re.search(rf"(?<![\w-]){re.escape(f)}(?![\w-])", folded) for f in MODIFIERS["ancien"])


_HONORIFICS = frozenset(
    "monsieur madame mademoiselle messieurs m mme mlle mr mrs ms miss mx dr hon honourable honorable the le la les "
    "l de du des of sir lady lord s.e. his her excellency son sa "
    # what qualifies an office: « le Secrétaire général », "the Acting Speaker"
    "general generale adjoint adjointe deputy acting suppleant suppleante pro tempore tem".split()
)


def unnamed(name: str) -> bool:
    """Whether a speaker's name is only an office ("Monsieur le Président", "The Speaker",
    « Le Secrétaire général », "Q (unnamed reporters)"): the document never names them."""
    bare = re.sub(r"\([^)]*\)", " ", name)
    folded = fold(bare)
    for m in reversed(role_mentions(bare)):
        folded = folded[: m.start] + " " + folded[m.end :]
    words = [w for w in re.findall(r"[\w'’.-]+", folded) if w.strip(".'’") not in _HONORIFICS]
    return not any(len(w.strip(".")) > 1 for w in words)
