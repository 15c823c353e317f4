"""Who each label is: the people a document names, and the resolution of its speaker labels.

Labels are short: a surname in capitals ("MS. KAPTUR:"), a first name ("**Julian :**"),
initials ("MJ :"), a title ("M. le président."). The document itself says who they are
elsewhere: a participant list with roles on the following lines, a programme, a first mention
"Prénom Nom (chaîne)", an introduction ("La parole est à Mme X, maire de Y", "I am Helene
Weinstein, chair of ..."), a title before a name ("Press Secretary Karine Jean-Pierre"), the
line saying who presides. `Registry` collects these `Person`s; `Registry.resolve` maps a label
to one of them when exactly one fits, and to nobody otherwise: a label that cannot be resolved
keeps its printed form, nothing is invented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import IntEnum

from ingest.layouts import CAPWORD, HONORIFIC, NAME_SUFFIX, PARTICLE, TITLE_WORDS, name_tokens_ok, squash, title_case
from qa.core.text import fold

# Words that make a line a role or an organisation, not a person's name ("Professional Staff
# Congress", "Community Organizer"): names in participant lists never contain them.
ROLE_WORDS = frozenset(
    """committee university department association college colleges council congress senate assembly board
    office corporation services service union federation institute commission ministry ministère chair
    chairperson chairman chairwoman president vice director commissioner chancellor student students
    officer policy affairs education associate assistant analyst organizer organiser coordinator manager
    advisor adviser member chief head leader representative spokesperson counsel treasurer secretary clerk
    state united national international nations teachers professionals professors union republic party
    group company inc ltd bank fund foundation agency authority centre center hospital school academy
    society network alliance coalition church court police army navy news times press radio television
    tv relations government governor mayor minister deputy speaker executive interim community
    editor reporter correspondent journalist columnist presenter
    development physical administrator finance means ways legislative legislature city county district
    municipal metropolitan fellowship program programme project initiative campaign council's
    président présidente directeur directrice maire adjoint adjointe conseiller conseillère ministre
    secrétaire délégué déléguée chargé chargée responsable chef député députée sénateur sénatrice
    ambassadeur ambassadrice préfet préfète commissaire rapporteur rapporteure coordinatrice coordinateur
    fondateur fondatrice fédération ville région département commune communauté conseil institut
    association syndicat ordre chaîne journal radio télévision""".split()
)
_TRAILING_NUMBERS = re.compile(r"(?:\s+\d{1,4}){1,3}\s*$")
_INITIALS = re.compile(r"^[A-ZÀ-Ý]{2,3}$")


class Source(IntEnum):
    """How a person is known; lower is surer (a list beats a passing mention)."""

    LIST = 1  # participant list, programme, speaker line, presidency
    INTRO = 2  # an introduction or a title before the name
    MENTION = 3  # a first mention with a role in parentheses


@dataclass(slots=True)
class Person:
    """Someone the document names, with the role it gives them."""

    name: str
    role: str = ""
    title: str = ""  # a title printed with the name ("Senator", "Assemblywoman")
    intro: str = ""  # the line that states who they are, as printed
    pages: tuple[int, ...] = ()
    source: Source = Source.MENTION
    aliases: set[str] = field(default_factory=set)

    @property
    def tokens(self) -> list[str]:
        return name_key(self.name)

    @property
    def surname(self) -> str:
        return surname_of(self.name)

    @property
    def first(self) -> str:
        toks = [t for t in self.tokens if not _is_particle(t)]
        return toks[0] if len(toks) >= 2 else ""

    @property
    def initials(self) -> str:
        toks = [t for t in self.tokens if not _is_particle(t) and not re.fullmatch(r"\w\.?", t)]
        if len(toks) == 1 and self.title:
            return fold(self.title)[0] + toks[0][0]  # "Lord Norton" -> "ln"
        return "".join(t[0] for t in toks) if len(toks) >= 2 else ""


def _is_particle(tok: str) -> bool:
    return bool(re.fullmatch(rf"{PARTICLE}|{NAME_SUFFIX}", tok, re.I))


def strip_titles(name: str) -> str:
    """The name without honorifics and titles ("Senator Liz Krueger" -> "Liz Krueger")."""
    toks = squash(name).split()
    while toks and (
        re.fullmatch(HONORIFIC, toks[0]) or fold(toks[0]).rstrip(".") in {t.rstrip(".") for t in TITLE_WORDS}
    ):
        toks.pop(0)
    return " ".join(toks)


def name_key(name: str) -> list[str]:
    """Folded tokens of a name without honorifics, titles, suffixes and parentheses."""
    t = re.sub(r"\([^()]*\)", " ", strip_titles(name))
    toks = [fold(x).strip(".,") for x in t.replace("’", "'").split()]
    return [x for x in toks if x and not re.fullmatch(NAME_SUFFIX, x, re.I)]


def surname_of(name: str) -> str:
    toks = name_key(name)
    return toks[-1] if toks else ""


def compatible(a: str, b: str) -> bool:
    """Same person by name: same surname and first names that agree (one may be missing, an
    initial agrees with a name that starts with it)."""
    ka, kb = [t for t in name_key(a) if not _is_particle(t)], [t for t in name_key(b) if not _is_particle(t)]
    if not ka or not kb or ka[-1] != kb[-1]:
        return False
    fa, fb = ka[:-1], kb[:-1]
    if not fa or not fb:
        return True
    x, y = fa[0].rstrip("."), fb[0].rstrip(".")
    return x == y or (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y))


def near(a: str, b: str) -> bool:
    """Spellings of one name an OCR or a transcription tool varied ("Laroche-Jonbert",
    "Laroche-Joubert"): one edit in a long name, two in a very long one."""
    a, b = fold(a).replace("-", " "), fold(b).replace("-", " ")
    if a == b:
        return True
    n = min(len(a), len(b))
    if n < 8:
        return False
    limit = 1 if n < 12 else 2
    if abs(len(a) - len(b)) > limit:
        return False
    # Banded edit distance: cheap, and enough for one or two edits.
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        prev = cur
    return prev[-1] <= limit


class Registry:
    """The people of one document, and who each speaker label is."""

    def __init__(self) -> None:
        self.people: list[Person] = []
        self.chair: Person | None = None
        self.previous_chair: Person | None = None  # who presided before the chair changed hands

    def add(
        self,
        name: str,
        role: str = "",
        *,
        title: str = "",
        intro: str = "",
        pages: tuple[int, ...] = (),
        source: Source = Source.MENTION,
    ) -> Person | None:
        """Register someone (or complete what is known of them); returns the person."""
        name = squash(strip_titles(name))
        name = title_case(name) if any(len(t) > 2 and t.isupper() for t in name.split()) else name
        if not name or not name_tokens_ok(name):
            return None
        role = _clean_role(role)
        for p in self.people:
            if fold(p.name) == fold(name) or (
                len(name_key(name)) >= 2 and len(p.tokens) >= 2 and compatible(p.name, name)
            ):
                # Keep the fullest name, the surest role.
                if len(name_key(name)) > len(p.tokens):
                    p.aliases.add(p.name)
                    p.name = name
                if role and (not p.role or source < p.source or (_weak(p.role) and not _weak(role))):
                    p.role, p.intro, p.pages = role, intro or p.intro, pages or p.pages
                p.title = p.title or title
                p.source = min(p.source, source)
                return p
        person = Person(name, role, title, intro[:300], pages, source)
        self.people.append(person)
        return person

    def set_chair(self, person: Person | None) -> None:
        if person is not None and self.chair is not None and person is not self.chair:
            self.previous_chair = self.chair
        self.chair = person

    def find(self, label: str) -> Person | None:
        """The one person a label name can be ("KAPTUR", "Marie-Sophie", "MJ", "Georges Perin"),
        or None when nobody or several people fit (the label then stays as printed)."""
        fits = self.candidates(label)
        return fits[0] if len(fits) == 1 else None

    def candidates(self, label: str) -> list[Person]:
        """The people a label name fits, from the surest tier that has any."""
        key = name_key(label)
        if not key:
            return []
        folded = " ".join(key).replace("-", " ")  # "Baudry d'Asson" is "Baudry-d'Asson"

        def same(name: str) -> bool:
            return " ".join(name_key(name)).replace("-", " ") == folded

        for tier in (Source.LIST, Source.INTRO, Source.MENTION):
            people = [p for p in self.people if p.source <= tier]
            exact = [p for p in people if same(p.name) or any(same(a) for a in p.aliases)]
            if exact:
                return exact
            if len(key) >= 2:
                fits = [p for p in people if compatible(p.name, label)]
            else:
                # A surname ("RA"), else a first name ("Julian"), else initials ("MJ").
                fits = [p for p in people if p.surname == key[0] or "-".join(p.tokens[-2:]) == key[0]]
                if not fits:
                    fits = [p for p in people if p.first == key[0]]
                if not fits and _INITIALS.match(label.strip()):
                    fits = [p for p in people if p.initials == fold(label.strip())]
            if fits:
                return fits
        return []

    def designated(self, who: str) -> Person | None:
        """The one member a chair's designation names: a riding as the member's label prints it
        ("Calgary-Sud-Est" for "M. Jason Kenney (Calgary-Sud-Est, Ref.)"), else an office their
        label states ("Deputy Prime Minister", "chef de l'opposition"); None when nobody or
        several fit."""
        w = fold(who).strip(" .")
        if not w:
            return None
        by_place = [p for p in self.people if p.role and fold(p.role.split(",")[0]).strip() == w]
        if by_place:
            return by_place[0] if len(by_place) == 1 else None
        by_office = [
            p for p in self.people if p.role and re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", fold(p.role))
        ]
        return by_office[0] if len(by_office) == 1 else None

    # --- what a document says about people ---------------------------------------------------

    def read_list(self, lines: list[str], pages: tuple[int, ...], chair: bool = False) -> list[Person]:
        """Entries of a participant list: a name line (with title), role lines after it, or
        "Name, role" and "Role (Mr. Name)" on one line."""
        found: list[Person] = []
        name = title = ""
        role_lines: list[str] = []
        printed: list[str] = []

        def flush() -> None:
            nonlocal name, title, role_lines, printed
            if name:
                role = ", ".join(role_lines) or title
                p = self.add(name, role, title=title, intro=", ".join(printed), pages=pages, source=Source.LIST)
                if p is not None:
                    found.append(p)
            name, title, role_lines, printed = "", "", [], []

        for raw in lines:
            line = _TRAILING_NUMBERS.sub("", squash(raw)).strip()
            if not line or re.fullmatch(r"[-–—]*\s*(?:and|et)\s*[-–—]*|[A-Z ]{4,}(?:\s{2,}[A-Z ]+)*", line):
                continue  # "-and-", column headers in capitals
            inline = re.findall(rf"([^(),][^()]*?)\s*\(\s*((?:{HONORIFIC})\s+[^()]+)\)", line)
            if inline:  # "Director, Physical Development (Mr. K. Lehane), Meetings Administrator (Mr. C. O'Connor)"
                flush()
                for role, who in inline:
                    p = self.add(who, role.strip(" ,;."), intro=line, pages=pages, source=Source.LIST)
                    if p is not None:
                        found.append(p)
                continue
            head, _, tail = line.partition(",")
            t, n = _split_title(head)
            if n and person_like(n):
                flush()
                name, title = n, t
                printed = [line]
                if tail.strip():
                    role_lines.append(tail.strip(" ,;."))
                continue
            if name:
                role_lines.append(line.strip(" ,;."))
                printed.append(line)
        flush()
        if chair and found:
            self.set_chair(found[0])
        return found

    def read_mentions(self, text: str, pages: tuple[int, ...]) -> None:
        """People introduced in running text, each with the role the text gives them."""
        t = squash(text)
        for m in _NAME_PAREN.finditer(t):
            name, role = m.group("name"), m.group("role")
            if person_like(name) and len(name.split()) >= 2 and not re.fullmatch(r"[\d\s,.;-]+", role):
                self.add(name, role, intro=_sentence_around(t, m.start(), m.end()), pages=pages, source=Source.MENTION)
        for m in _FLOOR_DESIGNATION.finditer(t):
            self.add(
                m.group("name"),
                m.group("role"),
                intro=_sentence_around(t, m.start(), m.end()),
                pages=pages,
                source=Source.INTRO,
            )
        for rx in _INTRODUCTIONS:
            for m in rx.finditer(t):
                name = m.group("name")
                role = (m.groupdict().get("role") or "").strip(" ,;.")
                if re.match(r"(?i)(?:je suis|j['’]|I am|I'm|I was)\b", role):
                    role = self_role(role)  # "moi je suis X, je suis la tête de liste et je ..."
                if person_like(name) and len(name_key(name)) >= 2:
                    self.add(
                        name, role, intro=_sentence_around(t, m.start(), m.end()), pages=pages, source=Source.INTRO
                    )
        # Before the general title-before-name form, which would keep only the role word.
        for m in _MEDIA_ROLE_NAME.finditer(t):
            if person_like(m.group("name")):
                role = re.sub(r"^(?:The|A|An)\s+", "", m.group("role"))
                self.add(
                    m.group("name"),
                    role,
                    intro=_sentence_around(t, m.start(), m.end()),
                    pages=pages,
                    source=Source.INTRO,
                )
        for m in _TITLE_BEFORE_NAME.finditer(t):
            name, role = m.group("name"), _trim_role(m.group("role"))
            # A full name after a style ("Honourable Adi Litia Qionibaravi, you have the floor.")
            # names someone, with no role.
            styled = all(fold(w).rstrip(".") in STYLE_WORDS for w in m.group("role").split())
            if person_like(name) and len(name_key(name)) >= 2 and (role or styled):
                self.add(name, role, intro=_sentence_around(t, m.start(), m.end()), pages=pages, source=Source.INTRO)
        for m in _APPOSITIVE.finditer(t):
            name, role = m.group("name"), _cut_at_verb(m.group("role"))
            noun = fold(m.group("noun"))
            if (
                (noun in ROLE_WORDS or noun in APPOSITIVE_NOUNS)
                and person_like(name)
                and len(name_key(name)) >= 2
                and role
            ):
                self.add(name, role, intro=_sentence_around(t, m.start(), m.end()), pages=pages, source=Source.INTRO)
        for m in _TITLED_APPOSITIVE.finditer(t):
            role = _cut_at_verb(m.group("role"))
            if fold(m.group("noun")) in ROLE_WORDS | APPOSITIVE_NOUNS and role:
                self.add(
                    f"{m.group('title')} {m.group('name')}",
                    role,
                    title=m.group("title"),
                    intro=_sentence_around(t, m.start(), m.end()),
                    pages=pages,
                    source=Source.INTRO,
                )
        self._read_interview(t, pages)
        for m in _ROLE_BEFORE_NAME_FR.finditer(t):
            name, role = m.group("name"), m.group("role")
            if person_like(name) and len(name_key(name)) >= 2:
                self.add(name, role, intro=_sentence_around(t, m.start(), m.end()), pages=pages, source=Source.INTRO)

    def _read_interview(self, t: str, pages: tuple[int, ...]) -> None:
        """Who interviews whom ("Jane Doe, a reporter for Felix, interviewed Baroness Smith,
        professor of politics at Hull, about ..."; "X talks to Y"; "X s'est entretenu avec Y"):
        the one asking is the interviewer unless the sentence gives a role; the other gets the
        role in apposition after their name."""
        for m in _INTERVIEWED_BY.finditer(t):
            asker = _asker(m.group("a"))
            if person_like(asker) and len(name_key(asker)) >= 2:
                intro = _sentence_around(t, m.start(), m.end())
                p = self.add(asker, _cut_at_verb(m.group("arole") or ""), intro=intro, pages=pages, source=Source.INTRO)
                if p is not None and not p.role:
                    p.role, p.intro = "interviewer", intro
        for m in _TITLED_IS.finditer(t):
            if fold(m.group("noun")) in INTRO_NOUNS | ROLE_WORDS | APPOSITIVE_NOUNS:
                self.add(
                    f"{m.group('title')} {m.group('name')}",
                    _cut_at_verb(m.group("role")),
                    title=m.group("title"),
                    intro=_sentence_around(t, m.start(), m.end()),
                    pages=pages,
                    source=Source.INTRO,
                )
        for m in _INTERVIEW.finditer(t):
            intro = _sentence_around(t, m.start(), m.end())
            asker, asked = _asker(m.group("a")), m.group("bname") or m.group("b") or ""
            arole = _cut_at_verb(m.group("arole") or "")
            if person_like(asker) and len(name_key(asker)) >= 2:
                p = self.add(asker, arole, intro=intro, pages=pages, source=Source.INTRO)
                if p is not None and not p.role:
                    p.role, p.intro = "interviewer", intro
            title = m.group("btitle") or ""
            brole = _cut_at_verb(m.group("brole") or "")
            if (title or (person_like(asked) and len(name_key(asked)) >= 2)) and brole:
                self.add(f"{title} {asked}".strip(), brole, title=title, intro=intro, pages=pages, source=Source.INTRO)

    def read_author(self, value: str) -> None:
        """A front matter's author field ("Jane Doe", "Jane Doe, Politics Editor"): the author of
        an interview asks the questions; a role printed after the name is theirs."""
        for entry in re.split(r"\s*(?:;|&|\band\b|\bet\b)\s*", squash(value)):
            name, _, role = entry.partition(",")
            if person_like(name) and len(name_key(name)) >= 2:
                # A passing mention's rank: any role the text itself states comes first.
                self.add(name, role.strip() or "interviewer", intro=squash(value), source=Source.MENTION)

    def read_known_roles(self, text: str, pages: tuple[int, ...]) -> None:
        """Roles given to someone named by a short form once the full name is known ("You may
        know Matthew as an actor")."""
        t = squash(text)
        for m in _KNOWN_AS.finditer(t):
            person = self.find(m.group("name"))
            if person is not None and (not person.role or _weak(person.role)):
                person.role = _cut_at_verb(m.group("role"))
                person.intro, person.pages = _sentence_around(t, m.start(), m.end()), pages

    def read_roll(self, text: str, pages: tuple[int, ...]) -> None:
        """A roll of members in the French parliamentary form, each with the place they sit for:
        "Baudry-d'Asson (de), Vendée. — Colbert-Laplace (comte Jean de). Calvados. — ..."."""
        t = squash(text)
        for entry in re.split(r"\s*(?:—|–|\.\s*-+|;|\s-\s)\s*", t):
            m = _ROLL_ENTRY.match(entry.strip(" .-—"))
            if m is None:
                continue
            extra = (m.group("extra") or "").split()
            titles = [w for w in extra if fold(w) in _NOBILITY_WORDS]
            firsts = [w for w in extra if w[:1].isupper() and fold(w) not in _NOBILITY_WORDS]
            particles = [w for w in extra if re.fullmatch(PARTICLE, w)]
            name = " ".join([*firsts, *particles, m.group("surname")])
            role = ", ".join([*titles, m.group("place").strip()])
            self.add(name, role, intro=entry.strip(), pages=pages, source=Source.MENTION)

    def read_title(self, text: str) -> None:
        """The people a document's title names ("Press Briefing by Press Secretary Karine
        Jean-Pierre and Matthew McConaughey"), with the role printed before a name."""
        self.read_mentions(text, ())
        for m in re.finditer(rf"{CAPWORD}(?:\s+(?:{PARTICLE}\s+)?{CAPWORD}){{1,2}}", squash(text)):
            if person_like(m.group(0)):
                self.add(m.group(0), "", intro=squash(text), source=Source.MENTION)

    def read_name_line(self, text: str, pages: tuple[int, ...]) -> None:
        """A short line that is only a person's full name (an interview's title "Emmanuel Macron")."""
        t = squash(text)
        if 2 <= len(t.split()) <= 4 and person_like(t):
            self.add(t, "", intro=t, pages=pages, source=Source.INTRO)


# Nouns of a role stated in a sentence "X is the director of ...".
INTRO_NOUNS = frozenset(
    """director directeur directrice president président présidente mayor maire minister ministre secretary
    secrétaire chair head founder fondateur fondatrice professor professeur professeure editor rédacteur
    rédactrice chief leader coordinator coordinatrice coordinateur spokesperson porte-parole ambassador
    ambassadeur ambassadrice ceo manager responsable chargé chargée adjoint adjointe délégué déléguée
    senator sénateur sénatrice deputy député députée governor commissioner chancellor correspondent
    correspondant correspondante journalist journaliste researcher chercheur chercheuse economist
    économiste""".split()
)
# "Marie-Sophie Lacarrau (TF 1)", "Jane Roe (Reuters)"
_NAME_PAREN = re.compile(rf"(?P<name>{CAPWORD}(?:\s+(?:{PARTICLE}\s+)?{CAPWORD}){{1,3}})\s*\((?P<role>[^()]{{1,40}})\)")
# "the gentlewoman from Ohio [Ms. Kaptur]" (the US House designates members by state)
_FLOOR_DESIGNATION = re.compile(
    rf"(?P<role>the\s+(?:gentleman|gentlewoman|gentlelady|Senator|Member|member|distinguished\s+\w+)\s+from\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)"
    rf"\s*\[\s*(?:{HONORIFIC})\s+(?P<name>[^\]]{{2,40}}?)\s*\]"
)
_INTRODUCTIONS = [
    # "La parole est à M. Paul Durand, maire de Lille." / "J'appelle Mme X, ..." / "Je donne la parole à ..."
    re.compile(
        rf"(?:La parole est à|je donne la parole à|je passe la parole à|J'appelle|I now call on|I recognize|I call on)\s+"
        rf"(?:{HONORIFIC}\s+)?(?P<name>{CAPWORD}(?:\s+(?:{PARTICLE}\s+)?{CAPWORD}){{1,3}})(?:\s*,\s*(?P<role>[^.;:!?]{{2,120}}))?"
    ),
    # "I am Helene Weinstein, chair of the New York State Assembly Ways and Means Committee"
    re.compile(
        rf"(?:\bI am|\bI'm|\bje suis|[Jj]e m'appelle|[Mm]oi c'est|[Mm]y name is)\s+(?P<name>{CAPWORD}(?:\s+(?:{PARTICLE}\s+)?{CAPWORD}){{1,3}})"
        r"(?:\s*,\s*(?P<role>(?:the\s+|le\s+|la\s+|l')?[^.;:!?]{2,120}))?"
    ),
    # "Jane Smith is the director of the Urban Lab", "Paul Durand est le maire de Lille"
    re.compile(
        rf"(?P<name>{CAPWORD}\s+(?:{PARTICLE}\s+)?{CAPWORD})\s+(?:is|was|est|était)\s+"
        rf"(?P<role>(?:(?:the|a|an|le|la|l'|l’|un|une)\s+(?:{'|'.join(sorted(INTRO_NOUNS))})"
        rf"|(?:{'|'.join(sorted(n.capitalize() for n in INTRO_NOUNS))})(?=\s+(?:of|for|at|de|du|des)\b))\b[^.;:!?]{{0,100}})"
    ),
    # A panel introduced: "we have Neil Lawrence from the University of Sheffield, Kevin Murphy
    # from Google" (the organisation they come from is what says who they are).
    re.compile(
        rf"(?P<name>{CAPWORD}\s+(?:{PARTICLE}\s+)?{CAPWORD})\s+from\s+(?:the\s+)?"
        r"(?P<role>[A-Z][\w&'’.-]*(?:\s+(?:of|and|for|the|de|du|des|[A-Z][\w&'’.-]*))*)"
    ),
    # "Moderator: Max Welling" in a programme or a summary.
    re.compile(
        rf"(?P<role>Moderator|Chair|Chairperson|Modérat(?:eur|rice)|Animat(?:eur|rice))\s*:\s*"
        rf"(?P<name>{CAPWORD}(?:\s+(?:{PARTICLE}\s+)?{CAPWORD}){{1,2}})(?=\s*(?:[,.;\n]|$|[A-Z][a-z]+:))"
    ),
    # "our first witness, Kristina Johnson, chancellor, State University of New York."
    re.compile(
        rf"(?:witness|speaker|guest|invité|invitée|intervenant|intervenante),\s+(?P<name>{CAPWORD}(?:\s+{CAPWORD}){{1,3}}),\s+(?P<role>[^.;!?]{{2,120}})"
    ),
]
# "Press Secretary Karine Jean-Pierre", "Assemblywoman Helene Weinstein"
_TITLE_BEFORE_NAME = re.compile(
    rf"(?<![\w'’])(?P<role>(?:[A-Z][a-z]+\s+){{0,3}}[A-Z][a-z]+)\s+(?P<name>{CAPWORD}\s+(?:{PARTICLE}\s+)?{CAPWORD}(?:\s+{CAPWORD})?)"
)
# "Le président français Emmanuel Macron", "la ministre de la Culture Rima Abdul Malak"
_ROLE_BEFORE_NAME_FR = re.compile(
    rf"\b(?:[Ll]e|[Ll]a|[Ll]'|[Ll]’)\s*(?P<role>(?:président|présidente|ministre|maire|secrétaire|député|députée|sénateur|sénatrice|"
    rf"directeur|directrice|porte-parole|premier ministre|première ministre|chef|candidat|candidate)(?:\s+[a-zà-ÿ'’-]+){{0,4}})\s+"
    rf"(?P<name>{CAPWORD}\s+(?:{PARTICLE}\s+)?{CAPWORD})"
)


# Nouns that open a role given in apposition ("Ivan Duque, candidat de la droite dure, ...").
APPOSITIVE_NOUNS = frozenset(
    """candidat candidate journaliste journalist présentateur présentatrice animateur animatrice
    correspondant correspondante envoyé envoyée reporter anchor host actor actress singer author
    writer economist économiste professor professeur professeure chercheur chercheuse researcher
    historian historien historienne lawyer avocat avocate doctor médecin scientist ingénieur engineer
    founder chairman ceo spokesman spokeswoman porte-parole leader dirigeant dirigeante patron
    patronne ancien ancienne former""".split()
)
_VERB_CUT = re.compile(
    r"\s+(?:est|sont|a|ont|était|sera|qui|que|dont|avait|is|was|were|are|has|have|had|will|would|who|which|that)\b.*$"
)
_APPOSITIVE = re.compile(
    rf"(?P<name>{CAPWORD}\s+(?:{PARTICLE}\s+)?{CAPWORD}(?:\s+{CAPWORD})?),\s+"
    r"(?P<role>(?:(?:le|la|l'|l’|the|an?|un|une|notre|our|son|sa|his|her)\s+)?(?P<noun>[\w'’-]+)[^,.;:!?()«»\"]{0,100})"
)
# Titles that name a person with their surname alone ("Lord Norton", "Baroness Smith", "Professor Jones").
PERSON_TITLES = (
    r"(?:Lord|Lady|Baroness|Baron|Viscount(?:ess)?|Earl|Countess|Duke|Duchess|Marquess|Sir|Dame|Professor|Prof\.?"
    r"|Dr\.?|Bishop|Archbishop|Cardinal|Rabbi)"
)
# A peer's territorial designation ("Lord Norton of Louth") is not part of the name.
_TITLED_REF = (
    rf"(?P<§title>{PERSON_TITLES})\s+(?P<§name>{CAPWORD}(?:\s+{CAPWORD})?)(?:\s+of\s+{CAPWORD}(?:\s+{CAPWORD})?)?"
)
# "Baroness Smith, professor of politics at Hull"
_TITLED_APPOSITIVE = re.compile(
    rf"(?<![\w'’]){_TITLED_REF.replace('§', '')},\s+"
    r"(?P<role>(?:(?:the|an?|our|his|her)\s+)?(?P<noun>[\w'’-]+)[^,.;:!?()«»\"]{0,100})"
)
# "Felix reporter Jane Doe", "Politics Editor Alex Morton", "BBC correspondent John Smith"
_MEDIA_ROLE_NAME = re.compile(
    r"(?<![\w'’])(?P<role>(?:[A-Z][\w'’&.-]*\s+){0,3}(?:[Rr]eporter|[Ee]ditor(?:-in-[Cc]hief)?|[Cc]orrespondent|"
    r"[Jj]ournalist|[Cc]olumnist|[Ww]riter|[Pp]resenter|[Aa]nchor|[Hh]ost))"
    rf"\s+(?P<name>{CAPWORD}\s+(?:{PARTICLE}\s+)?{CAPWORD})(?![\w'’])"
)
_INTERVIEW_VERBS = (
    r"(?:(?:has\s+|have\s+)?(?:interviewed|interviews|talk(?:s|ed)? to|speaks? to|spoke to|speaks? with|spoke with|"
    r"s[ai]ts? down with|caught up with|catch(?:es)? up with|met|meets|quizz(?:ed|es)|question(?:ed|s)|"
    r"chat(?:s|ted)? (?:to|with))"
    r"|(?:a\s+)?(?:interrogé|interroge|interviewé|interviewe|rencontré|rencontre|questionné|questionne)"
    r"|s['’](?:est\s+)?entret(?:enu|ient)e?\s+avec)"
)
_INTERVIEW = re.compile(
    rf"(?P<a>{CAPWORD}\s+(?:{PARTICLE}\s+)?{CAPWORD}(?:\s+{CAPWORD})?)(?:,\s*(?P<arole>[^,.;:!?()]{{2,80}}),)?"
    rf"\s+{_INTERVIEW_VERBS}\s+(?:{_TITLED_REF.replace('§', 'b')}|(?P<b>{CAPWORD}\s+(?:{PARTICLE}\s+)?{CAPWORD}(?:\s+{CAPWORD})?))"
    r"(?:,\s*(?P<brole>[^,.;:!?()«»\"]{2,120}))?"
)
# "Baroness Smith was interviewed by Jane Doe", "Interview by Jane Doe", "Propos recueillis par Marie Dupont"
_INTERVIEWED_BY = re.compile(
    r"(?i:interview(?:ed)?\s+by|interviewée?\s+par|propos\s+recueillis\s+par|entretien\s+réalisé\s+par|interrogée?\s+par)\s+"
    rf"(?P<a>{CAPWORD}\s+(?:{PARTICLE}\s+)?{CAPWORD}(?:\s+{CAPWORD})?)(?:,\s*(?P<arole>[^,.;:!?()]{{2,80}}))?"
)
# "Lord Norton is Professor of Government at the University of Hull"
_TITLED_IS = re.compile(
    rf"(?<![\w'’]){_TITLED_REF.replace('§', '')}\s+(?:is|was|est|était)\s+"
    r"(?P<role>(?:(?:the|a|an|le|la|un|une)\s+)?(?P<noun>[\w'’-]+)\b[^.;:!?]{0,100})"
)


def _asker(name: str) -> str:
    """The asker's name without what precedes it in the sentence ("Felix's Jane Doe", "Editor Jane Doe")."""
    toks = name.split()
    while len(toks) > 2 and (re.search(r"['’]s$", toks[0]) or fold(toks[0]) in ROLE_WORDS | TITLE_WORDS):
        toks.pop(0)
    return " ".join(toks)


_KNOWN_AS = re.compile(
    rf"\b(?:know|knows|known|connaissez|connaît)\s+(?P<name>{CAPWORD}(?:\s+{CAPWORD})?)\s+(?:as|comme)\s+"
    r"(?P<role>(?:an?|the|un|une|le|la)\s+[^,.;:!?]{2,60})"
)


# What follows "je suis" but says where one comes from or how one is, not what one does.
_NOT_A_ROLE = frozenset(
    """né née nés nées marié mariée mariés revenu revenue revenus parti partie partis arrivé arrivée
    venu venue installé installée originaire heureux heureuse ravi ravie content contente désolé
    désolée sûr sûre convaincu convaincue ici très pas en à au aux dans sur avec donc aussi bien
    tout toute toujours encore de du des d persuadé persuadée certain certaine
    here there from in at so very not sure glad happy pleased delighted sorry born married going
    honored honoured proud""".split()
)
_NOT_A_ROLE_FOLDED = frozenset(fold(w) for w in _NOT_A_ROLE)
_SELF_CLAUSE = re.compile(
    r"(?i)\b(?:je suis|j['’]étais|je travaille comme|I am|I'm|I was|I work as)\s+"
    r"(?:(?:devenue?|aujourd'hui|actuellement|maintenant|now|currently)\s+)?(?P<np>[^,.;:!?()]{2,80})"
)


def self_role(text: str, limit: int = 2) -> str:
    """What a speaker says they are, in their own words ("je suis la tête de liste", "Je suis
    aide-soignante de métier", "I am a retired engineer"), up to `limit` clauses; "" when they
    only say where they come from or how they feel."""
    found: list[str] = []
    for m in _SELF_CLAUSE.finditer(text):
        np = re.split(r"\s+(?:et|mais|donc|puis|and|but|so|then|qui|que|où|who|which|where)\s", m.group("np"))[0]
        np = np.strip(" '’")
        first = fold(np.split()[0]).strip("'’") if np.split() else ""
        if (
            not np
            or first in _NOT_A_ROLE_FOLDED
            or (re.match(r"(?i)[A-ZÀ-Ý][\w'’-]+\s+[A-ZÀ-Ý]", np) and person_like(np))
        ):
            continue  # "je suis née à Quimper", or the speaker's own name
        found.append(np)
        if len(found) >= limit:
            break
    return "; ".join(found)


def _cut_at_verb(role: str) -> str:
    """A role phrase up to the verb of its sentence ("candidat de la droite dure est arrivé")."""
    return _VERB_CUT.sub("", squash(role)).strip(" ,;")


_NOBILITY_WORDS = frozenset(
    "comte comtesse baron baronne duc duchesse marquis marquise vicomte vicomtesse prince princesse".split()
)
_ROLL_ENTRY = re.compile(
    rf"^(?:MM\.?\s+)?(?P<surname>{CAPWORD}(?:[ -]{CAPWORD}){{0,3}})\s*(?:\((?P<extra>[^()]{{1,40}})\))?\s*[,.]\s*"
    rf"(?P<place>[A-ZÀ-Ý][\w'’ .-]{{1,40}}?)$"
)


def _split_title(text: str) -> tuple[str, str]:
    """(title, name) of "Senator Liz Krueger", "Dr. Guillermo Linares", "Councillor Michael Hourigan"."""
    toks = squash(text).split()
    title: list[str] = []
    while toks and (
        re.fullmatch(HONORIFIC, toks[0]) or fold(toks[0]).rstrip(".") in {t.rstrip(".") for t in TITLE_WORDS}
    ):
        title.append(toks.pop(0))
    shown = " ".join(t for t in title if not re.fullmatch(HONORIFIC, t))
    return shown, " ".join(toks)


def person_like(name: str) -> bool:
    """A full name: 1-5 capitalised tokens (and particles, initials), no role or organisation
    word, no acronym."""
    name = squash(name)
    if not name_tokens_ok(name, 5):
        return False
    toks = [t for t in name.split() if not re.fullmatch(rf"{PARTICLE}|{NAME_SUFFIX}", t, re.I)]
    if any(fold(t).strip(".,") in ROLE_WORDS for t in toks):
        return False
    # An acronym ("SUNY Oswego") makes an organisation.
    return not any(len(t) >= 3 and t.isupper() and t.isalpha() for t in toks)


ROLE_MODIFIERS = frozenset(
    "press vice deputy executive general chief first prime former interim acting assistant incoming outgoing".split()
)


def _trim_role(role: str) -> str:
    """A role phrase printed before a name, from its first role word ("That Councillor" ->
    "Councillor", "Press Secretary" stays); "" when it holds none."""
    toks = role.split()
    while toks and not (fold(toks[0]) in ROLE_WORDS or fold(toks[0]) in TITLE_WORDS or fold(toks[0]) in ROLE_MODIFIERS):
        toks.pop(0)
    if not any(fold(t) in ROLE_WORDS or fold(t) in TITLE_WORDS for t in toks):
        return ""
    if all(fold(t).rstrip(".") in STYLE_WORDS for t in toks):
        return ""  # "Honourable Adi Litia Qionibaravi": a style of address and a chiefly title, no office
    return " ".join(toks)


# Words that style a person without naming an office ("Honourable", "Adi", "Ratu").
STYLE_WORDS = frozenset({"honourable", "honorable", "hon", "adi", "ratu"})


def _weak(role: str) -> bool:
    """A bare title ("Councillor", "Senator") says less than any descriptive role."""
    return fold(role).rstrip(".") in TITLE_WORDS


def _clean_role(role: str) -> str:
    role = squash(role).strip(" ,;:.–—-")
    role = re.sub(r"\s*[-–—]+\s*(?:and|et)\s*[-–—]+.*$", "", role)
    return role[:200]


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or line) holding a mention, bounded: the intro line cited for "who is X?".
    An honorific's period ("M. ", "Mme. ") does not end a sentence."""
    s = start
    while s > 0 and start - s <= 150:
        k = text.rfind(". ", 0, s)
        if k < 0:
            s = 0
            break
        if re.search(r"(?:\b[A-Z]|\bMM?|\bMme|\bMr|\bMrs|\bMs|\bDr|\bSt)$", text[max(0, k - 4) : k]):
            s = k  # an abbreviation: look further back
            continue
        s = k + 2
        break
    if start - s > 150:
        s = start
    e = text.find(". ", end)
    e = len(text) if e < 0 else e + 1
    if e - end > 150:
        e = end
    return text[s:e].strip()[:300]
