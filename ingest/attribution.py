"""Who said it: a turn's label resolved to a person, and the passes over a whole document that
correct attributions and build its speaker table.

`resolve` maps one label to the person the document names (`ingest.people.Registry`), or keeps
the label as printed. After the walk, `relabel_self_introductions` gives a turn to the person
who introduces themselves in it when a transcription tool named it wrongly, `merge_spellings`
joins the spellings of one name an OCR varied, `roles_from_self_introduction` and
`roles_from_address` give a role to speakers the document describes only in their own words or
by how others address them, `roles_of_hosts` to a broadcast's presenters, `roles_from_floor_calls`
to members the chair gives the floor to by office, and `speaker_rows` builds the table: one row per
(speaker, part).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ingest import layouts as L
from ingest.layouts import Turn
from ingest.people import STYLE_WORDS, Person, Registry, Source, compatible, name_key, near, person_like, self_role
from qa.core.roles import GENERIC, role_mentions
from qa.core.text import detect_lang, fold, split_sentences, strip_honorific
from qa.core.types import SpeakerInfo, SpeakerKind

if TYPE_CHECKING:
    from ingest.structure import ParsedDocument, Segment

# The line stating who a speaker is, as kept for "who is X?" citations.
MAX_INTRO_CHARS = 240
# A clip (a quotation played after an introduction) is announced by a short sentence.
MAX_ANNOUNCING_WORDS = 14
# A spelling used at most this often, beside a near one used twice as often, is a slip.
MAX_SLIPS = 2
# One-word labels that name a function, not a person ("AIDE:", "Interprète :").
FUNCTION_WORDS = frozenset(
    """aide interpreter interprète translator traducteur traductrice moderator modérateur modératrice
    interviewer intervieweur intervieweuse interviewee
    narrator narrateur announcer host animateur animatrice presenter présentateur présentatrice
    reporter journaliste clerk greffier greffière witness témoin operator opérateur""".split()
)
_CLIP_VERBS = re.compile(
    r"(?i)\b(?:écoutez|écoutons|entendez|listen to|here is|voici|reportage|retour sur|avec|explications de|précisions de|"
    r"the report from|au micro de|interrogé par)\b"
)


def kind_of(lead: str, context: SpeakerKind) -> SpeakerKind:
    lead = fold(lead)
    if lead.startswith("grand"):
        return "grand témoin"
    if lead.startswith(("animat", "moderat", "chair", "presidence")):
        return "moderator"
    return context or "speaker"


# A quote announced as the words of the one asked, or of the speaker ("… and you say:").
_OWN_WORDS = re.compile(
    r"\b(?:you|I|we|vous|je|nous)\s+(?:say|said|write|wrote|state|stated|put\s+it|dites|disiez|écrivez|"
    r"avez\s+(?:dit|écrit)|ai\s+(?:dit|écrit))\b[^.?!]*:?\s*$"
)


def announced(cur: Segment, text: str, registry: Registry) -> tuple[str, str] | None:
    """A statement that ends by announcing someone ("Écoutez Ivan Duque.", "Retour sur ... avec
    Anne Soetemondt.", a person named just before a paragraph wholly in quotation marks) hands
    the next unlabelled paragraph to that person (a clip, a report)."""
    if not cur.paragraphs:
        return None
    sentences = split_sentences(cur.paragraphs[-1])
    if not sentences:
        return None
    last = sentences[-1]
    if _OWN_WORDS.search(last):
        return None  # "… and you say:": the quote is the addressee's (or the speaker's) own
    quoted = bool(re.fullmatch(r"\s*[«“\"].{20,}[»”\"][\s.]*", text, re.S))
    names = []
    for m in re.finditer(rf"{L.CAPWORD}(?:\s+(?:{L.PARTICLE}\s+)?{L.CAPWORD})+", last):
        n = m.group(0)
        if m.start() == 0 and len(n.split()) > 2 and registry.find(n) is None:
            n = n.split(" ", 1)[1]  # "Écoutez Ivan Duque": the sentence's first word is not the name
        possessive = re.match(r"['’]s\b", last[m.end() :]) is not None or n.endswith(("'s", "’s"))
        if len(name_key(n)) >= 2 and not compatible(n, cur.speaker) and person_like(n) and not possessive:
            names.append(n)
    if len(names) != 1:
        return None
    short = (
        len(last.split()) <= MAX_ANNOUNCING_WORDS and last.rstrip(" .!").endswith(names[0]) and _CLIP_VERBS.search(last)
    )
    if not (quoted or short):
        return None
    person = registry.find(names[0])
    if person is not None:
        return person.name, person.role
    return names[0], ""


def resolve(
    turn: Turn, reg: Registry, context: SpeakerKind = "", programme: Sequence[SpeakerInfo] = ()
) -> tuple[str, str, SpeakerKind]:
    """(name, role, kind) of a turn: the person the document says the label is, or the label as
    printed. `context` is the group a programme line announced ("Grand témoin :"), `programme`
    the people the programme lists (their kind)."""
    kind: SpeakerKind = kind_of(turn.lead, context) if turn.lead else "speaker"
    if turn.layout == "speaker line":
        name = strip_honorific(turn.name)
        listed = next((p.kind for p in programme if fold(p.name) == fold(name)), None)
        if listed and not turn.lead:
            kind = listed
        elif not turn.lead and context:
            kind = context
        return name, turn.role, kind
    if turn.reported:
        person = reported_subject(reg, turn.name)
        if person is not None:
            return person.name, person.role, kind
        return turn.name, "", kind
    if (turn.chair and not turn.name) or (not turn.name and fold(turn.title).startswith(("president", "chair"))):
        if reg.chair is not None:
            return reg.chair.name, reg.chair.role or turn.title, kind
        return _printed(turn), turn.role or turn.title, kind
    if not turn.name:
        person = _by_role(reg, turn.title)
        if person is not None:
            return person.name, person.role, kind
        # "THE SPEAKER PRO TEMPORE:", "Mme la ministre.": the label is all the document says.
        return _printed(turn), turn.role or turn.title, kind
    person = reg.find(turn.name)
    if person is None:
        person = next((q for q in reg.people if len(q.tokens) >= 2 and near(" ".join(q.tokens), turn.name)), None)
    if person is not None:
        role = person.role or turn.role or (_spelt(turn.title) if _meaningful_title(turn.title) else "")
        if turn.title and turn.layout == "parliamentary" and person.role and fold(turn.title) not in fold(person.role):
            role = f"{turn.title}, {person.role}"  # "M. le comte de X." on the roll for Calvados
        person.aliases.add(turn.name)
        return person.name, role, kind
    name = L.title_case(L.squash(turn.name))
    role = turn.role or (_spelt(turn.title) if _meaningful_title(turn.title) else "")
    if not role and len(name.split()) == 1 and fold(name) in FUNCTION_WORDS:
        role = name  # "AIDE:", "INTERPRETER:": a function, not a surname
    return name, role, kind


def label_without_role(turn: Turn) -> str:
    """The label as printed, without the role it states: an alias names, a role describes
    ("M. Dupont, rapporteur. –" -> "M. Dupont"; "Mr C M LOWE (DA):" -> "Mr C M LOWE")."""
    label = turn.label
    if turn.role and turn.role in label:
        label = label[: label.index(turn.role)]
    label = re.sub(r"^(?:\[|\d{1,2}:\d{2}(?::\d{2})?\]?)\s*", "", label)  # a bracket, a time code
    label = re.sub(r"\s+\[?(?:\d{1,2}:)?\d{1,2}:\d{2}\]?$", "", label)  # a time code after the name
    if turn.lead:
        label = re.sub(rf"^{re.escape(turn.lead)}\s*:\s*", "", label)  # "Grand témoin : M. X"
    return label.strip().rstrip(" ,(:.–—-").strip()


def _printed(turn: Turn) -> str:
    """A role label as printed, cleaned: "M. le président." -> "Le président", "THE SPEAKER PRO
    TEMPORE:" -> "The Speaker Pro Tempore"."""
    if turn.layout == "parliamentary":
        return f"{'La' if turn.label.startswith(('Mme', 'Madame', 'Mlle')) else 'Le'} {turn.title}"
    if turn.layout == "title name:":
        return turn.title  # "Mr Speaker"
    title = turn.title or L.title_case(turn.label.rstrip(" :."))
    if re.match(r"(?i)l[ea]\s", turn.label):
        return f"{turn.label[:2].capitalize()} {title.lower()}"  # "LE PRÉSIDENT :" -> "Le président"
    return f"The {title}" if re.match(r"(?i)the\s", turn.label) else title


_TITLE_WORDS_SPELT = {
    "sen.": "Senator",
    "rep.": "Representative",
    "gov.": "Governor",
    "cllr.": "Councillor",
    "cllr": "Councillor",
}


def _meaningful_title(title: str) -> bool:
    """A title that says something of the speaker ("Senator"), not only how to address them
    ("Mr", "Hon. Adi")."""
    words = [w.rstrip(".") for w in fold(title).split()]
    return bool(words) and not all(w in {"mr", "mrs", "ms", "dr", "rre"} | STYLE_WORDS for w in words)


def _spelt(title: str) -> str:
    """An abbreviated title written out ("Sen." -> "Senator")."""
    return _TITLE_WORDS_SPELT.get(fold(title), title)


def _by_role(reg: Registry, title: str) -> Person | None:
    """The one person whose role names the title of a role label ("Mme la ministre")."""
    words = [w for w in fold(title).split() if len(w) > 3]
    if not words:
        return None
    fits = [p for p in reg.people if p.role and all(w[:6] in fold(p.role) for w in words[:1])]
    return fits[0] if len(fits) == 1 else None


def reported_subject(reg: Registry, subject: str) -> Person | None:
    """Who the subject of reported speech is: a named person ("Councillor Lynch", "Mayor
    Hourigan"), an office the attendance list gives ("The Meetings Administrator", "The
    Director of Service"), or the chair ("The Mayor", "The Chairman")."""
    s = re.sub(r"^(?:[Tt]he\s+)", "", subject).strip()
    # "The outgoing Mayor, Councillor Hourigan": the name after the comma, the role before it.
    if "," in s:
        head, tail = s.rsplit(",", 1)
        fits = reg.candidates(tail.strip())
        if len(fits) > 1:  # two Crowleys: the one whose introduction names this office
            words = [w for w in fold(head).split() if len(w) > 3 and w not in {"incoming", "outgoing"}]
            fits = [p for p in fits if words and all(w in fold(p.intro + " " + p.role) for w in words)]
        if len(fits) == 1:
            person = fits[0]
            head_role = re.sub(r"^(?:[Tt]he\s+)", "", head).strip()
            if head_role and any(fold(w) in L.TITLE_WORDS for w in head_role.split()):
                reg.add(person.name, head_role, source=Source.INTRO)
            return person
    named = reg.find(s) if len(s.split()) <= 4 else None
    if named is not None and any(t[:1].isupper() for t in s.split()[1:] or s.split()):
        # A title and a surname ("Mayor Lynch") or a name.
        words = s.split()
        if len(words) >= 2 or fold(words[0]) not in L.TITLE_WORDS:
            return named
    office = fold(
        re.sub(r"\((.*?)\)", r"\1", re.sub(r"^(?:outgoing|incoming|new|former|acting)\s+", "", s, flags=re.I))
    )
    if (
        office.split()[:1]
        and office.split()[0] in {"mayor", "chairman", "chair", "chairperson", "cathaoirleach", "president"}
        and len(office.split()) == 1
    ):
        if re.match(r"(?i)outgoing", s) and reg.chair is not None:
            return reg.previous_chair or reg.chair
        return reg.chair
    fits = []
    for p in reg.people:
        role = fold(p.role)
        words = [w for w in re.findall(r"\w+", office) if len(w) > 2 and w not in {"the", "and", "service"}]
        if words and role and all(w in role for w in words[:3]):
            fits.append(p)
    return fits[0] if len(fits) == 1 else None


def relabel_self_introductions(doc: ParsedDocument) -> None:
    """A speech-to-text tool sometimes names a turn after the wrong person; when the turn's text
    introduces someone else ("Bonsoir, je m'appelle Malika Rédaouia"), that turn and the next
    ones under the same label are that person's."""
    segs = doc.segments
    i = 0
    while i < len(segs):
        s = segs[i]
        if s.block != "statement" or not s.speaker or not s.paragraphs:
            i += 1
            continue
        m = re.search(
            rf"(?:[Jj]e m'appelle|[Mm]oi c'est|[Mm]y name is|[Jj]e suis|I am|I'm)\s+(?P<name>{L.CAPWORD}(?:\s+{L.CAPWORD}){{1,2}})",
            s.paragraphs[0][:400],
        )
        if m is None or compatible(m.group("name"), s.speaker) or near(m.group("name"), s.speaker):
            i += 1
            continue
        first_said = name_key(m.group("name"))[0]
        first_label = name_key(s.speaker)[0] if name_key(s.speaker) else ""
        if near(first_said, first_label) or first_said[:4] == first_label[:4]:
            i += 1
            continue  # the same first name, a surname misheard: the label stands
        other = next((x.speaker for x in segs if x.speaker and name_key(x.speaker)[:1] == [first_said]), None)
        new = other or m.group("name")
        label = s.speaker
        j = i
        while j < len(segs) and segs[j].block == "statement" and segs[j].speaker == label:
            segs[j].speaker, segs[j].role = new, next((x.role for x in segs if x.speaker == new and x.role), "")
            j += 1
        i = j


_VOCATIVE = re.compile(
    r"\b(?P<voc>(?:[Mm]onsieur|[Mm]adame|Mister|Mr\.?|Madam)\s+(?:le\s+|la\s+|l['’]\s*)?"
    r"(?P<title>[Pp]résidente?|[Pp]remier [Mm]inistre|[Mm]inistre|[Mm]aire|[Pp]resident|[Ss]peaker|[Cc]hairman|[Cc]hair|"
    r"[Ss]ecretary|[Mm]ayor|[Ss]enator|[Mm]inister|[Cc]hancellor|[Gg]overnor|[Rr]apporteure?))\b"
)
_CHAIR_TITLES = frozenset({"president", "presidente", "speaker", "chairman", "chair"})
# A form of address points at one speaker when that many turns after it are theirs, and this share.
ADDRESS_MIN_TURNS = 2
ADDRESS_SHARE = 0.6


def roles_from_address(doc: ParsedDocument, registry: Registry) -> None:
    """A speaker the document gives no role, but whom the others address by one ("Bonjour,
    Monsieur le Président" before the President answers), gets that role: the speaker who
    answers most turns holding the address, and who never uses it."""
    turns = [s for s in doc.segments if s.block == "statement" and s.speaker]
    answered: dict[str, Counter[str]] = {}
    users: dict[str, set[str]] = {}
    forms: dict[str, str] = {}
    found: list[tuple[int, str]] = []
    for i, s in enumerate(turns):
        m = _VOCATIVE.search(" ".join(s.paragraphs)[:2000])
        if m is not None:
            title = m.group("title").capitalize()
            forms.setdefault(title, m.group("voc"))
            users.setdefault(title, set()).add(s.speaker)
            found.append((i, title))
    for i, title in found:
        # The one addressed answers next: the next speaker who does not use the address.
        nxt = next((t for t in turns[i + 1 :] if t.speaker not in users[title]), None)
        if nxt is not None:
            answered.setdefault(title, Counter())[nxt.speaker] += 1
    roleless = {s.speaker for s in turns if not s.role}
    for title, tally in answered.items():
        if registry.chair is not None and fold(title) in _CHAIR_TITLES:
            # With someone in the chair, « monsieur le président » addresses them, whoever speaks next.
            continue
        who, n = tally.most_common(1)[0]
        if (
            who in roleless
            and n >= ADDRESS_MIN_TURNS
            and n >= ADDRESS_SHARE * sum(tally.values())
            and who not in users[title]
        ):
            _give_role(turns, registry, who, f"{title} (« {forms[title]} »)")
            roleless.discard(who)


# A reply that thanks the one who spoke before by their office, for their words: "I would like
# to thank the Leader of the Opposition for their assurance", « je remercie le rapporteur pour
# son travail ».
_THANKED = re.compile(
    r"\b(?:thank|thanks|thanking|congratulate|remercie|remercier|remercions|félicite|féliciter)\s+"
    r"(?:also\s+|aussi\s+)?(?P<role>(?:the|my|le|la|l['’])\s*"
    r"(?:(?:[Hh]on(?:ou?rable)?\.?|[Hh]onorable)\s+)?[A-ZÀ-Ý][\w'’-]*(?:\s+(?:of|the|de|la|du|des|l['’]|[A-ZÀ-Ý][\w'’-]*))*?)"
    r"\s+(?:for|pour)\s+(?:his|her|their|its|son|sa|ses|leur|leurs)\b"
)
# How far into a turn the thanks may come (after greetings).
THANKS_CHARS = 600


def roles_from_thanks(doc: ParsedDocument, registry: Registry) -> None:
    """A speaker with no stated role whom the next speaker (the chair's calls aside) thanks by
    an office for their words ("I would like to thank the Leader of the Opposition for their
    assurance") holds that office."""
    turns = [s for s in doc.segments if s.block == "statement" and s.speaker]
    chair = registry.chair.name if registry.chair is not None else ""
    chairs = {t.speaker for t in turns if _CHAIR_TITLES & set(fold(t.role).split())} | {chair}
    for i, t in enumerate(turns):
        m = _THANKED.search(" ".join(t.paragraphs)[:THANKS_CHARS])
        if m is None:
            continue
        role = re.sub(r"^(?:the|my|le|la|l['’])\s*", "", m.group("role"))
        if not role_mentions(role):
            continue
        before = next((x for x in reversed(turns[:i]) if x.speaker not in chairs and x.speaker != t.speaker), None)
        if before is None:
            continue
        held = {x.role for x in turns if x.speaker == before.speaker and x.role}
        # (a generic one, "Honourable Member" from the chair's call, says less than the office)
        if all(all(r.canonical in GENERIC for r in role_mentions(h)) for h in held):
            intro = _sentence_of(" ".join(t.paragraphs), m.start())
            _give_role(turns, registry, before.speaker, role, intro, replace=True)


_SELF_INTRO = re.compile(
    rf"(?:[Jj]e m'appelle|[Mm]oi c'est|[Mm]y name is|[Jj]e suis|I am|I'm)\s+(?P<name>{L.CAPWORD}(?:\s+{L.CAPWORD}){{1,2}})"
)


def roles_from_self_introduction(doc: ParsedDocument, registry: Registry) -> None:
    """A speaker the document gives no role, who introduces themselves ("Moi c'est Karine
    Thomas, ... Je suis aide-soignante de métier"), has the role they state, in their words."""
    turns = [s for s in doc.segments if s.block == "statement" and s.speaker]
    done: set[str] = set()
    for i, s in enumerate(turns):
        if s.speaker in done or s.role:
            continue
        text = " ".join(s.paragraphs)
        m = _SELF_INTRO.search(text[:1500])
        if m is None:
            continue
        said, label = name_key(m.group("name")), name_key(s.speaker)
        if not (
            said and label and (said[0] == label[0] or said[-1] == label[-1] or near(" ".join(said), " ".join(label)))
        ):
            continue  # someone else's name
        # What they say they are, in this turn and the next one of theirs.
        nxt = next((t for t in turns[i + 1 :] if t.speaker == s.speaker), None)
        role = self_role(text[m.end() : m.end() + 1500] + " " + (" ".join(nxt.paragraphs)[:1500] if nxt else ""))
        if not role:
            continue
        done.add(s.speaker)
        for t in turns:
            if t.speaker == s.speaker and not t.role:
                t.role = role
        person = next((p for p in registry.people if p.name == s.speaker), None)
        if person is not None and not person.role:
            person.role, person.intro = role, _sentence_of(text, m.start())


def aliases_from_self_introduction(doc: ParsedDocument, registry: Registry) -> None:
    """The name a speaker gives themselves in another spelling than their label ("Bonsoir, je
    m'appelle Malika Rédaouia" under "Malika Andréolien", a surname a speech-to-text tool
    misheard) is one of their names: a question may use either."""
    for s in doc.segments:
        if s.block != "statement" or not s.speaker or not s.paragraphs:
            continue
        m = _SELF_INTRO.search(" ".join(s.paragraphs)[:1500])
        if m is None or fold(m.group("name")) == fold(s.speaker):
            continue
        said, label = name_key(m.group("name")), name_key(s.speaker)
        # Theirs only with the same first name or surname: "je suis Thierry Clafron" under
        # "Thierry Capron", not "I am Jane Doe's colleague".
        if not (said and label and (said[0] == label[0] or said[-1] == label[-1])):
            continue
        person = next((p for p in registry.people if p.name == s.speaker), None)
        if person is not None:
            person.aliases.add(m.group("name"))


# How the host of a broadcast opens it: "Bienvenue dans cette nouvelle édition de votre Journal",
# "Welcome to this week's programme", "vous écoutez", "you're listening to".
_WELCOME = re.compile(
    r"(?i)\b(?:bienvenue\s+(?:dans|à|sur)|vous\s+(?:écoutez|regardez)|welcome\s+(?:to|back\s+to)|"
    r"you(?:'re|\s+are)\s+(?:listening|watching))\b"
)
# ... and names whoever hosts it with them: "pour le présenter à mes côtés ce soir Alexis
# Guilleux", "with me to present it, Jane Doe", "joining me ... Jane Doe".
_CO_HOST = re.compile(
    r"(?i)(?:pour\s+l[ae]\s+présenter|avec\s+moi\s+pour\s+l[ae]\s+présenter|à\s+mes\s+côtés|"
    r"with\s+me\s+(?:to\s+present|presenting)|alongside\s+me|joining\s+me)\b[^.!?]{0,60}?"
    r"(?P<name>(?-i:[A-ZÀ-Ý][\w'’-]+(?:\s+[A-ZÀ-Ý][\w'’-]+){1,2}))"
)


def roles_of_hosts(doc: ParsedDocument, registry: Registry) -> None:
    """A broadcast's host, who opens it with a welcome ("Bienvenue dans cette nouvelle édition
    de votre Journal"), is its presenter, and whom they name as presenting it with them its
    co-presenter, when the document gives them no other role."""
    turns = [s for s in doc.segments if s.block == "statement" and s.speaker]
    if not turns:
        return
    first = turns[0]
    text = " ".join(first.paragraphs)[:600]
    if not _WELCOME.search(text):
        return
    french = detect_lang(text) == "fr"
    roles = {first.speaker: "présentateur" if french else "presenter"}
    m = _CO_HOST.search(text)
    if m is not None:
        named = name_key(m.group("name"))
        co = next((t.speaker for t in turns if t.speaker != first.speaker and name_key(t.speaker) == named), None)
        if co is not None:
            roles[co] = "co-présentateur" if french else "co-presenter"
    for name, role in roles.items():
        _give_role(turns, registry, name, role, _sentence_of(text, 0))


# An interview: few speakers, one of whom mostly asks.
INTERVIEW_MAX_SPEAKERS = 4
ASKER_MIN_TURNS = 3
ASKER_QUESTION_SHARE = 0.6


def roles_of_askers(doc: ParsedDocument, registry: Registry) -> None:
    """In an interview, the speaker with no stated role whose turns are mostly questions, while
    the others answer at greater length, is its interviewer (« intervieweur »): "Who is Jane
    Doe?" then says so, and "the interviewer" names her."""
    turns = [s for s in doc.segments if s.block == "statement" and s.speaker]
    speakers = list(dict.fromkeys(t.speaker for t in turns))
    if not 2 <= len(speakers) <= INTERVIEW_MAX_SPEAKERS:
        return
    text = {n: [" ".join(t.paragraphs) for t in turns if t.speaker == n] for n in speakers}
    french = detect_lang(" ".join(" ".join(v) for v in text.values())[:4000]) == "fr"
    for name in speakers:
        own = text[name]
        if len(own) < ASKER_MIN_TURNS or any(t.role for t in turns if t.speaker == name):
            continue
        asked = sum(1 for t in own if "?" in t[-200:]) / len(own)
        mine = sum(len(t) for t in own) / len(own)
        others = [len(t) for n, ts in text.items() if n != name for t in ts]
        if asked < ASKER_QUESTION_SHARE or not others or sum(others) / len(others) < 2 * mine:
            continue
        _give_role(turns, registry, name, "intervieweur" if french else "interviewer")


# A programme or a panel: few speakers, one of whom introduces all the others.
INTRODUCER_MAX_SPEAKERS = 8
INTRODUCED_MIN = 2


def roles_of_introducers(doc: ParsedDocument, registry: Registry) -> None:
    """In a broadcast or a panel, the speaker with no stated role who names every other speaker
    before that speaker first speaks (« … Saskia Sassen, bonsoir. », "Neil Lawrence from the
    University of Sheffield") is its host, « animateur »: "the host" and « l'animateur » then
    name them. (A debate's members name one another too, but not every one before they speak.)"""
    turns = [s for s in doc.segments if s.block == "statement" and s.speaker]
    speakers = list(dict.fromkeys(t.speaker for t in turns))
    if not INTRODUCED_MIN + 1 <= len(speakers) <= INTRODUCER_MAX_SPEAKERS:
        return
    first_turn = {n: next(i for i, t in enumerate(turns) if t.speaker == n) for n in speakers}

    def named(text: str, name: str) -> bool:
        words = [w for w in re.findall(r"[\w'’-]+", fold(name)) if len(w) >= 3]
        return bool(words) and (
            fold(name) in text or (len(words[-1]) >= 4 and re.search(rf"\b{re.escape(words[-1])}\b", text) is not None)
        )

    for host in speakers:
        if any(t.role for t in turns if t.speaker == host):
            continue
        others = [n for n in speakers if n != host]
        if all(
            any(named(fold(" ".join(t.paragraphs)), n) for t in turns[: first_turn[n]] if t.speaker == host)
            for n in others
        ):
            french = detect_lang(" ".join(" ".join(t.paragraphs) for t in turns[:20])[:4000]) == "fr"
            _give_role(turns, registry, host, "animateur" if french else "host")
            return


# A hearing puts a witness's role to them ("You are the head of the Welsh Government's team of
# special advisers, a role to which…  Is that all correct?") and the witness confirms.
_PUT_ROLE = re.compile(
    r"(?:^|[.?!]\s+|,\s+(?:and\s+)?)(?:[Yy]ou\s+are|[Yy]ou're|[Vv]ous\s+êtes)\s+"
    r"(?P<role>(?:(?:the|an?|le|la|l['’])\s*|(?=[a-zà-ÿ]+(?:e|iste|ien|ienne|eur|euse|rice|ogue|aire)\b))[^,;.?!]{3,100}?)"
    r"(?=\s*(?:[,;.?!]|\s+and\s+you\b|\s+et\s+vous\b))"
)
GREETING_WORDS = 4  # a greeting before the host's introduction is this short ("Bonsoir.")
_GREETING = re.compile(
    r"^\W*(?:bonsoir|bonjour|salut|merci|hello|hi|good\s+(?:evening|morning|afternoon)|thank\s+you|thanks)\b", re.I
)
_CONFIRMS = re.compile(
    r"^\W*(?:yes|yeah|correct|that(?:'s|\s+is)(?:\s+(?:right|correct))?|it\s+is|i\s+am|indeed|exactly|"
    r"oui|exact|c['’]est\s+(?:exact|juste|bien\s+ça|cela)|tout\s+à\s+fait|en\s+effet|absolument)\b",
    re.I,
)


def roles_put_and_confirmed(doc: ParsedDocument, registry: Registry) -> None:
    """A speaker with no stated role whose role another puts to them ("You are the head of …",
    « Vous êtes la directrice de … ») and who confirms it in their next turn ("That is.") has
    that role."""
    turns = [s for s in doc.segments if s.block == "statement" and s.speaker]
    for i, s in enumerate(turns):
        text = " ".join(s.paragraphs)
        m = _PUT_ROLE.search(text[:3000])
        if m is None:
            continue
        role = re.sub(r"^(?:the|an?|le|la|l['’])\s*", "", m.group("role").strip())
        # the answer: the next turn of someone else (a turn may run over several passages)
        nxt = next((t for t in turns[i + 1 :] if t.speaker != s.speaker), None)
        prev = next((t for t in reversed(turns[:i]) if t.speaker != s.speaker), None)
        if nxt is not None and not nxt.role and _CONFIRMS.match(" ".join(nxt.paragraphs)[:80]):
            _give_role(turns, registry, nxt.speaker, role, _sentence_of(text, m.start("role")))
        elif (
            prev is not None
            and not prev.role
            and prev is turns[i - 1]
            and len(" ".join(prev.paragraphs).split()) <= GREETING_WORDS
            and _GREETING.match(" ".join(prev.paragraphs))
        ):
            # A host welcoming a guest who has just said "Bonsoir.": « Merci d'être au micro de
            # France Inter, vous êtes philosophe, professeur à Columbia. »
            _give_role(turns, registry, prev.speaker, role, _sentence_of(text, m.start("role")))


# A hearing's stage line names who questions next: "Questions From Lead Counsel to the Inquiry",
# "Examination by Counsel for the Committee", « Questions de la rapporteure ».
_QUESTIONS_FROM = re.compile(
    r"^\(?(?:questions?|examination|cross-examination|re-examination|questioned|interrogée?)\s+"
    r"(?:from|by|de\s+la|du|de\s+l['’]|des|de|par\s+la|par\s+le|par)\s+(?P<role>[^.()]{3,80}?)\)?\.?$",
    re.I,
)


def roles_from_stage_lines(doc: ParsedDocument, registry: Registry) -> None:
    """The speaker whose turn follows a stage line naming an office that questions ("Questions
    From Lead Counsel to the Inquiry") holds that office, when nothing else gives them a role."""
    turns = [s for s in doc.segments if s.block == "statement" and s.speaker]
    pending, said_by = "", ""
    for seg in doc.segments:
        if pending and seg.block == "statement" and seg.speaker and seg.speaker != said_by:
            _give_role(turns, registry, seg.speaker, pending, pending)
            pending = ""
        # the stage line may stand alone, or be left at the end of the turn before it
        for para in seg.paragraphs:
            m = _QUESTIONS_FROM.match(para.strip())
            if m is not None and not person_like(m.group("role")):
                pending, said_by = m.group("role").strip(), seg.speaker if seg.block == "statement" else ""


# The chair giving the floor to an office ("Honourable Prime Minister, you have the floor.", "I now
# invite the Deputy Chairperson of the Standing Committee on ... to speak on his motion.").
# An office as the chair names it: capitalised words and the small words between them.
_OFFICE = r"[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|of|for|on|the|and|in|&))*"
_OFFICE_LIST = r"[A-Z][\w'’-]*(?:,?\s+(?:[A-Z][\w'’-]*|of|for|on|the|and|in|&))*"  # "... on Justice, Law and ..."
_FLOOR_TO_OFFICE = [
    re.compile(
        rf"(?:^|[.!?]\s+)(?:The\s+)?(?:Honourable|Hon\.)\s+(?P<office>{_OFFICE})\s*,\s*you\s+have\s+the\s+floor"
    ),
    re.compile(
        r"\bI\s+(?:now\s+)?(?:invite|call\s+(?:up)?on|give\s+the\s+floor\s+to)\s+(?:the\s+)?(?:Honourable\s+|Hon\.\s+)?"
        rf"(?P<office>{_OFFICE_LIST})(?=\s+to\s+(?:speak|move|reply|respond|contribute|present|answer)\b|\s*[.!?]\s*$)"
    ),
]
# The call closes the chair's turn: at most this much of it follows.
FLOOR_CALL_TAIL = 200


def roles_from_floor_calls(doc: ParsedDocument, registry: Registry) -> None:
    """The member the chair gives the floor to by office ("Honourable Prime Minister, you have the
    floor.") holds that office, when the turn after the chair's is theirs and the document gives
    them no other role. A name in the call ("Honourable Adi Litia Qionibaravi, ...") is no office."""
    turns = [s for s in doc.segments if s.block == "statement" and s.speaker]
    for i, seg in enumerate(turns[:-1]):
        nxt = turns[i + 1]
        if not seg.chair or nxt.chair or nxt.speaker == seg.speaker or nxt.role:
            continue
        text = " ".join(seg.paragraphs)
        for rx in _FLOOR_TO_OFFICE:
            m = next((m for m in rx.finditer(text) if len(text) - m.end() <= FLOOR_CALL_TAIL), None)
            if m is None:
                continue
            office = m.group("office").strip(" ,")
            if L.ROLE_WORD_RE.search(office) and not person_like(office) and fold(office) not in L.COLLECTIVE_WORDS:
                _give_role(turns, registry, nxt.speaker, office, _sentence_of(text, m.start("office")))
                break


def _give_role(
    turns: list[Segment], registry: Registry, name: str, role: str, intro: str = "", replace: bool = False
) -> None:
    """Give a role the document implies to a speaker's turns and table entry that have none
    (and the line it was read from, when there is one); `replace`: over the one they have."""
    for t in turns:
        if t.speaker == name and (replace or not t.role):
            t.role = role
    person = next((p for p in registry.people if p.name == name), None)
    if person is not None and (replace or not person.role):
        person.role = role
        if intro:
            person.intro = intro


def _sentence_of(text: str, pos: int) -> str:
    start = max(text.rfind(". ", 0, pos) + 2, 0) if text.rfind(". ", 0, pos) >= 0 else 0
    end = text.find(". ", pos)
    return text[start : (end + 1 if end >= 0 else len(text))][:MAX_INTRO_CHARS]


def merge_spellings(doc: ParsedDocument, registry: Registry) -> None:
    """Two spellings of one name ("Laroche-Jonbert" once, "Laroche-Joubert" four times: an OCR
    slip) are one speaker, under the spelling used most."""
    counts = Counter(s.speaker for s in doc.segments if s.block == "statement" and s.speaker)
    rename: dict[str, str] = {}
    for a, b in itertools.combinations(sorted(counts, key=lambda n: -counts[n]), 2):
        if b in rename or a in rename or re.search(r"\d", a + b):
            continue  # "Speaker 1" and "Speaker 2" are two people
        # A slip is rare: the rarer spelling is used at most twice, and half as often; a hyphen
        # more or less is no slip at all.
        hyphen = fold(a).replace("-", " ") == fold(b).replace("-", " ")
        if hyphen or (counts[b] <= MAX_SLIPS and counts[a] >= 2 * counts[b] and near(a, b)):
            rename[b] = a
    if not rename:
        return
    role = {s.speaker: s.role for s in doc.segments if s.role}
    for s in doc.segments:
        if s.speaker in rename:
            old = s.speaker
            s.speaker = rename[old]
            s.role = s.role or role.get(s.speaker, "")
            person = next((p for p in registry.people if p.name == s.speaker), None)
            if person is not None:
                person.aliases.add(old)


def speaker_rows(doc: ParsedDocument, registry: Registry) -> list[SpeakerInfo]:
    """One row per (speaker, part) with the name, role, the labels used, and the line that says
    who they are."""
    rows: dict[tuple[str, str], SpeakerInfo] = {}
    labels: dict[str, set[str]] = {}
    for s in doc.segments:
        if s.block == "statement" and s.speaker:
            labels.setdefault(s.speaker, set())
            if s.label:
                labels[s.speaker].add(L.squash(s.label).rstrip(" :.–—-"))
    for s in doc.segments:
        if s.block != "statement" or not s.speaker:
            continue
        key = (s.speaker, s.part)
        if key in rows:
            continue
        person = next((p for p in registry.people if p.name == s.speaker), None)
        aliases = set(labels.get(s.speaker, set()))
        intro = ""
        pages: tuple[int, ...] = ()
        if person is not None:
            aliases |= person.aliases
            if person.intro:
                intro, pages = _one_line(person.intro, MAX_INTRO_CHARS), person.pages
        # Aliases name: no role in parentheses, no duplicate of the name.
        aliases = {re.sub(r"\s*\([^()]*\)", "", a).strip() for a in aliases}
        aliases = {a for a in aliases if a and fold(a) != fold(s.speaker)}
        rows[key] = SpeakerInfo(s.speaker, s.role, s.part, s.kind, 0, "", tuple(sorted(aliases)), intro, pages)
    return list(rows.values())


def _one_line(text: str, n: int) -> str:
    t = re.sub(r"\s+", " ", text).strip()
    return t if len(t) <= n else t[: n - 1].rstrip() + "…"
