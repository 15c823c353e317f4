"""Structure: layout blocks in, parts / programme / speaker statements and a speaker table out.

The grammar of the lines lives in `ingest.layouts` (one recogniser per kind of line, tried in
a stated order), who each label is in `ingest.people`. This module walks the paragraphs once
with a `ParserState` whose `Mode` says where in the document we are (front matter, programme,
participant list, report), and builds `Segment`s: a statement by one speaker, a programme
slot, or a section nobody speaks. The rules of the walk:

- a recognised label opens a turn; the turn ends at the next label, a heading, a stage
  direction in parentheses, a vote list or a collective voice: a speaker never runs on into
  text that is not theirs;
- a label is resolved to the full name and role the document gives elsewhere; a label
  nobody fits keeps its printed form ("Le président", "The Speaker pro tempore");
- parts come from headings (Markdown, typeset, part keywords, capitals, "PRÉSIDENCE DE ...");
  text before the first part has no part.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from enum import Enum

from ingest import layouts as L
from ingest.layouts import PART_RE, SPEAKER_LINE, TIME_SLOT, TURN_LAYOUTS, Para, Turn, known_layouts
from ingest.people import Person, Registry, Source, compatible, name_key, near, self_role
from ingest.readers import MAX_PARAGRAPH_CHARS, Block, _dehyphenate_lines
from qa.core.text import fold, split_sentences, strip_honorific
from qa.core.types import BlockKind, SpeakerInfo, SpeakerKind

__all__ = [
    "PART_RE",
    "SPEAKER_LINE",
    "TIME_SLOT",
    "Mode",
    "ParsedDocument",
    "ParserState",
    "Segment",
    "known_layouts",
    "parse",
    "part_label",
    "speaker_table",
]

# --- tuned thresholds ---------------------------------------------------------------------

# The first block is the title only when it is this short and heading-like.
MAX_TITLE_CHARS = 120
# A part title shown in citations is one line of at most this many characters.
MAX_PART_CHARS = 120
# The line stating who a speaker is, as kept for "who is X?" citations.
MAX_INTRO_CHARS = 240
# Labels of the "Name :" form count only when confirmed; a label used this many times at the
# start of paragraphs is confirmed.
CONFIRMING_REPEATS = 2
# Paragraphs opened by full names and a colon ("Roger Bingham: ...") make an interview when
# they are this share of the paragraphs.
NAME_LABEL_SHARE = 0.3
# A document with this many direct labels is a transcript: reported speech ("The Mayor said
# ...") is read as text inside turns, not as turns of its own.
DIRECT_TURNS_FOR_TRANSCRIPT = 3
# A clip (a quotation played after an introduction) is announced by a short sentence.
MAX_ANNOUNCING_WORDS = 14
# A spelling used at most this often, beside a near one used twice as often, is a slip.
MAX_SLIPS = 2
# A prose paragraph (not a list line) ends a participant list.
LIST_PROSE_CHARS = 160

# One-word labels that name a function, not a person ("AIDE:", "Interprète :").
FUNCTION_WORDS = frozenset(
    """aide interpreter interprète translator traducteur traductrice moderator modérateur modératrice
    interviewer intervieweur intervieweuse interviewee
    narrator narrateur announcer host animateur animatrice presenter présentateur présentatrice
    reporter journaliste clerk greffier greffière witness témoin operator opérateur""".split()
)
REPORT_MARKERS = {"compte-rendu", "compte rendu", "report", "proceedings", "synthese"}
LABEL_KINDS: list[tuple[re.Pattern[str], SpeakerKind]] = [
    (re.compile(r"^(regards?\s+d['’]\s*)?observat(eurs?|rices?)\b|^observers?\b", re.I), "observer"),
    (re.compile(r"^perspectives?\s*:?$", re.I), "speaker"),
    (re.compile(r"^grands?\s+témoins?\s*:?$", re.I), "grand témoin"),
    (re.compile(r"^(intervenant|speaker|panel)", re.I), "speaker"),
]
INLINE_SPEAKER_SPLIT = re.compile(rf"\s+[-–]\s+(?=(?:Grand\s+témoin\s*:\s*)?{L.HONORIFIC}\s+[A-ZÀ-Ý])")
# Where an OCR'd report glues the next turn to the previous paragraph: after a closing
# parenthesis or an exclamation ("... à gauche.) M. Clémenceau. Il n'est ...").
_GLUED_TURN = re.compile(
    r"(?:(?<=[)!?»])|(?<=\s[1lt!]))\s*-?\s*(?=(?:M\.|Mme|M|lVJ\.)\s+(?:le\s+|la\s+|de\s+)?[A-ZÀ-Ýa-zà-ÿ])"
)
_GLUED_VOICE = re.compile(r"(?<=[)])\s*(?=(?:À|A|Sur|Plusieurs|Un|Une|Quelques)\s)")
_CLIP_VERBS = re.compile(
    r"(?i)\b(?:écoutez|écoutons|entendez|listen to|here is|voici|reportage|retour sur|avec|explications de|précisions de|"
    r"the report from|au micro de|interrogé par)\b"
)


_PARAGRAPH_ENDS = (".", "!", "?", ":", ";", "»", '"', "”", ")")


class Mode(Enum):
    """Where in the document the parser is."""

    FRONT = "front"  # before the body: title, front matter, introduction
    PROGRAMME = "programme"  # time slots and their people
    PARTICIPANTS = "participants"  # a list of people with their roles
    REPORT = "report"  # the body: parts and statements


@dataclass(slots=True)
class Segment:
    """A run of text with one attribution: a statement, a programme slot, or a section."""

    paragraphs: list[str]
    pages: tuple[int, ...]
    part: str
    part_title: str
    block: BlockKind
    speaker: str = ""
    role: str = ""
    kind: SpeakerKind = ""
    paragraph_pages: list[tuple[int, ...]] = field(default_factory=list)
    label: str = ""  # the label as printed that opened the statement
    reported: bool = False  # reported speech (minutes)
    opens_quote: bool = False  # the label announced a quotation in the next paragraphs

    def add(self, text: str, pages: tuple[int, ...]) -> None:
        prev = self.paragraphs[-1] if self.paragraphs else ""
        # A paragraph cut by a page break continues the previous one (up to the paragraph bound,
        # so that text without punctuation does not grow one paragraph without end).
        if prev and not prev.endswith(_PARAGRAPH_ENDS) and text[:1].islower() and len(prev) < MAX_PARAGRAPH_CHARS:
            self.paragraphs[-1] = f"{prev} {text}"
            self.paragraph_pages[-1] = tuple(sorted(set(self.paragraph_pages[-1]) | set(pages)))
        else:
            self.paragraphs.append(text)
            self.paragraph_pages.append(pages)
        self.pages = tuple(sorted(set(self.pages) | set(pages)))


@dataclass(slots=True)
class ParsedDocument:
    """What the parser found: segments in order, the programme, and the resolved speakers."""

    title: str
    segments: list[Segment] = field(default_factory=list)
    programme: list[SpeakerInfo] = field(default_factory=list)  # people as the programme lists them
    speakers: list[SpeakerInfo] = field(default_factory=list)  # one row per (speaker, part), resolved
    part_titles: dict[str, str] = field(default_factory=dict)  # part label -> title as printed
    layouts: Counter[str] = field(default_factory=Counter)  # recogniser name -> turns it found

    @property
    def parts(self) -> list[str]:
        seen: dict[str, None] = {}
        for s in self.segments:
            seen.setdefault(s.part, None)
        return list(seen)

    @property
    def turns(self) -> int:
        """How many speaker turns were recognised."""
        return sum(1 for s in self.segments if s.block == "statement" and s.speaker)


def part_label(title: str) -> str:
    """Short, stable label of a part: "Session 2", "Ouverture", "Conclusions", "Programme"."""
    t = title.strip()
    m = PART_RE.match(t)
    if not m:
        return _shorten(t)
    kw = fold(m.group("kw"))
    if m.group("num"):
        return f"{m.group('kw').capitalize()} {m.group('num')}"
    if kw in {"ouverture", "opening", "introduction"}:
        return "Ouverture" if kw == "ouverture" else kw.capitalize()
    if kw.startswith("conclusion") or kw in {"cloture", "closing"}:
        return "Conclusions"
    if kw in {"programme", "program", "agenda"}:
        return "Programme"
    return _shorten(t)


def _shorten(t: str, n: int = 60) -> str:
    t = re.sub(r"\s*[:«].*$", "", t).strip() or t
    return t if len(t) <= n else t[: n - 1].rstrip() + "…"


def _one_line(text: str, n: int = MAX_PART_CHARS) -> str:
    t = re.sub(r"\s+", " ", text).strip()
    return t if len(t) <= n else t[: n - 1].rstrip() + "…"


def parse_speaker_line(text: str, typeset_alone: bool = False) -> tuple[str, str, str] | None:
    """(name, role, lead) for a speaker line such as "Grand témoin : M. X, Ancien ministre"."""
    turn = L.speaker_line(Para(text, bold=typeset_alone, bullet=typeset_alone))
    if turn is None:
        return None
    return strip_honorific(turn.name), turn.role, turn.lead


def kind_of(lead: str, context: SpeakerKind) -> SpeakerKind:
    lead = fold(lead)
    if lead.startswith("grand"):
        return "grand témoin"
    if lead.startswith(("animat", "moderat", "chair", "presidence")):
        return "moderator"
    return context or "speaker"


# --- preparing paragraphs ----------------------------------------------------------------------


@dataclass(slots=True)
class _P:
    """A paragraph on its way through the parser: the block and what the grammar says of it."""

    block: Block
    para: Para
    turn: Turn | None = None


def _para(b: Block, text: str | None = None, lines: list[str] | None = None) -> Para:
    t = L.squash(b.text if text is None else text)
    ls = b.lines if lines is None else lines
    return Para(
        t, first_line=ls[0] if ls else "", lead=b.lead, bold=b.bold, italic=b.italic, heading=b.heading, bullet=b.bullet
    )


def _explode(blocks: list[Block]) -> list[Block]:
    """Split blocks at inline list separators that start a speaker line (" - M. X, ..."), and
    join a bare agenda number to the heading after it ("1." + "To elect a Mayor")."""
    out: list[Block] = []
    for b in blocks:
        pieces = INLINE_SPEAKER_SPLIT.split(b.text) if len(b.text) < 5000 else [b.text]
        if len(pieces) == 1:
            prev = out[-1] if out else None
            if (
                prev is not None
                and re.fullmatch(r"[IVXL\d]{1,4}[.)]?", prev.text.strip())
                and (b.bold or b.heading)
                and (prev.bold or prev.heading)
            ):
                out[-1] = Block(
                    f"{prev.text.strip()} {b.text}",
                    prev.pages + b.pages,
                    bold=True,
                    heading=b.heading,
                    lines=[f"{prev.text} {b.text}"],
                )
                continue
            out.append(b)
            continue
        for i, piece in enumerate(pieces):
            out.append(
                Block(piece.strip(), b.pages, bold=b.bold, italic=b.italic, heading=b.heading, bullet=b.bullet or i > 0)
            )
    return out


def _split_at_label_lines(b: Block, starts: set[str], recognise: list[L.Recogniser]) -> list[Block]:
    """A block whose printed lines after the first open turns ("MS. KAPTUR:" on a line of its
    own inside a paragraph; a PDF paragraph holding several "Name :" turns) is split there."""
    if len(b.lines) < 2:
        return [b]
    cuts = [0]
    for i, line in enumerate(b.lines[1:], start=1):
        p = Para(line, first_line=line)
        if any(rec(p) for rec in recognise) or _confirmed_start(line, starts):
            cuts.append(i)
    if len(cuts) == 1:
        return [b]
    out = []
    for a, z in itertools.pairwise([*cuts, len(b.lines)]):
        lines = b.lines[a:z]
        out.append(
            Block(
                _dehyphenate_lines(lines),
                b.pages,
                bold=b.bold,
                italic=b.italic,
                bullet=b.bullet,
                lines=lines,
                lead=b.lead if a == 0 else "",
            )
        )
    return out


def _confirmed_start(line: str, starts: set[str]) -> bool:
    m = re.match(r"^\s*([^:]{1,40}?)\s*:", line)
    return m is not None and fold(m.group(1)) in starts


def _split_glued_turns(b: Block) -> list[Block]:
    """An OCR'd report glues turns to the paragraph before ("... à gauche.) M. Clémenceau. Il ...")."""
    text = b.text
    if len(text) > 50_000 or not re.search(r"(?:[)!?»]|\s[1lt])\s*-?\s*(?:M|Mme|lVJ)\b|\)\s*[AÀSPU]", text):
        return [b]
    cuts = []
    for m in itertools.chain(_GLUED_TURN.finditer(text), _GLUED_VOICE.finditer(text)):
        pos = m.end()
        if pos <= 0 or pos >= len(text) - 3:
            continue
        p = Para(text[pos:])
        if L.parliamentary(p) or L.collective_voice(p):
            cuts.append(pos)
    if not cuts:
        return [b]
    out = []
    for a, z in itertools.pairwise([0, *sorted(set(cuts)), len(text)]):
        piece = text[a:z].strip()
        if piece:
            out.append(Block(piece, b.pages, lines=[piece]))
    return out


# --- the parser state ------------------------------------------------------------------------


@dataclass(slots=True)
class ParserState:
    """Everything the walk over the paragraphs changes, in one place."""

    doc: ParsedDocument
    registry: Registry
    source: str
    mode: Mode = Mode.FRONT
    part: str = ""
    part_title: str = ""
    context: SpeakerKind = ""  # the group a programme line announces ("Grand témoin :")
    current: Segment | None = None
    slot: Segment | None = None
    slot_part: str = ""
    list_lines: list[str] = field(default_factory=list)
    list_pages: tuple[int, ...] = ()
    list_chair: bool = False
    transcript: bool = True  # direct labels: reported speech is not a turn
    announced: str = ""  # a person the last statement announced ("Écoutez Ivan Duque.")

    def close(self) -> None:
        if self.current is not None and self.current.paragraphs:
            self.doc.segments.append(self.current)
        self.current = None

    def close_slot(self) -> None:
        if self.slot is not None and self.slot.paragraphs:
            self.doc.segments.append(self.slot)
        self.slot = None

    def section(self, text: str, pages: tuple[int, ...], block: BlockKind = "section") -> None:
        """Text nobody speaks: added to the open section, or a new one."""
        if self.current is None or self.current.block != block or self.current.speaker:
            self.close()
            self.current = Segment([], pages, self.part, self.part_title, block)
        self.current.add(text, pages)

    def set_part(self, title: str, label: str | None = None) -> None:
        self.close()
        self.part_title = _one_line(title)
        self.part = label or part_label(self.part_title)
        self.doc.part_titles.setdefault(self.part, self.part_title)
        self.context = ""


# --- the parser -------------------------------------------------------------------------------


def parse(blocks: list[Block], source: str, speaker_pattern: str | None = None) -> ParsedDocument:
    """Parts, programme, statements and the speaker table of one document.

    :param blocks: the reader's paragraphs, in order.
    :param source: the file name (the title when the document has none).
    :param speaker_pattern: the user's own speaker-line pattern (a regular expression with a
        named group ``name`` and optionally ``role``), tried before the built-in layouts.
    :raises re.error: the pattern does not compile (settings validate it before).
    """
    recognisers: list[tuple[str, L.Recogniser]] = []
    if speaker_pattern:
        recognisers.append(("user pattern", L.user_pattern(re.compile(speaker_pattern))))
    recognisers += [(lay.name, lay.recognise) for lay in TURN_LAYOUTS]

    blocks = _explode([b for b in blocks if b.text.strip()])
    registry = Registry()
    # Pass 1: label statistics, to confirm "Name :" labels (used twice, bold, or a known person).
    starts = _confirmed_labels(blocks, registry, recognisers)
    title_block = _title_block(blocks, starts)
    doc = ParsedDocument(title=_one_line(title_block.text, MAX_TITLE_CHARS) if title_block else source)
    strong = [rec for name, rec in recognisers if name in {"timestamp", "caps label", "parliamentary", "user pattern"}]
    split: list[Block] = []
    for b in blocks:
        for piece in _split_at_label_lines(b, starts, strong):
            split.extend(_split_glued_turns(piece))
    paras = [_P(b, _para(b)) for b in split if b.text.strip()]

    # Pass 2: what each paragraph is, and what the document says about people.
    direct = 0
    for p in paras:
        p.turn = _recognise(p, recognisers, starts)
        if p.turn is not None and not p.turn.reported and not p.turn.anonymous:
            direct += 1
    _read_people(paras, registry, doc, title_block)
    _known_label_turns(paras, recognisers)

    # Pass 3: the walk.
    state = ParserState(doc, registry, source, transcript=direct >= DIRECT_TURNS_FOR_TRANSCRIPT)
    for p in paras:
        if p.block.title:
            continue  # metadata, not body text
        if p.block is title_block and not _title_opens_part(title_block, blocks):
            state.section(p.para.text, p.block.pages)  # the title, kept as text but not a part
            continue
        _step(state, p)
    state.close()
    state.close_slot()
    _flush_list(state)

    _relabel_self_introductions(doc)
    _merge_spellings(doc, registry)
    _roles_from_self_introduction(doc, registry)
    _roles_from_address(doc, registry)
    doc.speakers = _speaker_rows(doc, registry)
    return doc


def _title_block(blocks: list[Block], starts: set[str]) -> Block | None:
    """The title: the metadata title, else the first block when short and heading-like."""
    for b in blocks[:3]:
        if b.title:
            return b
    if not blocks:
        return None
    b = blocks[0]
    t = b.text.strip()
    if len(t) > MAX_TITLE_CHARS or len(t) < 3 or re.fullmatch(r"[-=_*\s]+", t):
        return None
    if len(split_sentences(t)) > 1 and not (b.heading or b.bold):
        return None  # a paragraph of text, not a title
    if L.caps_label(_para(b)) or L.parliamentary(_para(b)) or ("," in t and t.count(",") >= 3):
        return None
    if any(rec(_para(b)) for rec in (L.timestamp_label, L.numbered_speaker, L.name_role_colon, L.question_answer)):
        return None  # the first turn, not a title
    first = L.name_colon(_para(b))
    if first is not None and fold(first.name) in starts:
        return None
    return b


def _title_opens_part(title: Block, blocks: list[Block]) -> bool:
    """A title is also the first part only when later headings are of its rank ("# Contexte"
    then "# Méthode"), or when it names a part ("Session 1: ..."); a title above the headings
    ("# Summit 2024" over "## Programme") is only the title."""
    if PART_RE.match(title.text) or not title.heading:
        return bool(PART_RE.match(title.text))
    later = [b.level for b in blocks if b.heading and b is not title and b.level]
    return bool(later) and title.level > 0 and min(later) <= title.level


def _recognise(p: _P, recognisers: list[tuple[str, L.Recogniser]], starts: set[str]) -> Turn | None:
    if L.participants_header(p.para):
        return None
    for name, rec in recognisers:
        turn = rec(p.para)
        if turn is None:
            continue
        if name == "name:" and not (fold(turn.name) in starts or fold(turn.label.rstrip(" :")) in starts):
            continue
        return turn
    return L.collective_voice(p.para)


def _confirmed_labels(blocks: list[Block], registry: Registry, recognisers: list[tuple[str, L.Recogniser]]) -> set[str]:
    """Folded "Name :" labels the document confirms: bold, used at least twice, initials of
    another label, or any name-like label once the document is shown to be an interview."""
    counts: Counter[str] = Counter()
    bold: set[str] = set()
    for b in blocks:
        turn = L.name_colon(_para(b))
        if turn is None:
            continue
        key = fold(turn.name)
        counts[key] += 1
        if b.lead and fold(b.lead.rstrip(" :")) == key:
            bold.add(key)
    confirmed = {k for k, c in counts.items() if c >= CONFIRMING_REPEATS} | bold
    # "Maxime Jaglin :" once, then "MJ :" many times: the initials confirm the full name.
    for k in list(counts):
        toks = [t for t in k.split() if t]
        if len(toks) >= 2 and "".join(t[0] for t in toks) in confirmed:
            confirmed.add(k)
    full_names = {k for k in counts if len(k.split()) >= 2}
    if len(confirmed) >= 2 or (
        len(full_names) >= 2 and sum(counts[k] for k in full_names) >= NAME_LABEL_SHARE * len(blocks)
    ):
        # An interview: the document is made of such turns, so a full name once is a label too.
        confirmed |= full_names
    return confirmed


def _known_label_turns(paras: list[_P], recognisers: list[tuple[str, L.Recogniser]]) -> None:
    """A label printed without its period by the OCR ("M. Laroche Joubert Il ne fallait ...")
    is still a turn when the same name opens other turns."""
    known = {p.turn.name for p in paras if p.turn and p.turn.layout == "parliamentary" and p.turn.name}
    names = {fold(n).replace("-", " ") for n in known}
    if not names:
        return
    for p in paras:
        if p.turn is not None:
            continue
        head = p.para.head
        hon = re.match(r"^(?:M\.?|Mme|lVJ\.|IVI\.)\s+", head)
        if hon is None:
            continue
        words = head[hon.end() :].split(" ")
        # No period after the name: the words up to a capitalised word that opens the speech.
        for k in range(1, min(6, len(words) - 1) + 1):
            cand = " ".join(words[:k])
            if fold(cand).replace("-", " ") in names and words[k][:1].isupper():
                end = hon.end() + len(cand)
                p.turn = Turn(head[:end].strip(), cand, "parliamentary", rest=p.para.text[end:].strip())
                break
        if p.turn is not None:
            continue
        # A name the OCR misspelled ("lVJ. Georges Péri». Soit ..."): near a name of another turn.
        m = re.match(r"^(.{3,60}?)(?:\s*\([^()]{1,30}\))?\.\s+(?=\S)", head[hon.end() :])
        if m:
            cand = m.group(1)
            match = next((n for n in known if near(n, cand)), None)
            if match is not None:
                end = hon.end() + m.end()
                p.turn = Turn(head[:end].strip(), match, "parliamentary", rest=p.para.text[end:].strip())


def _read_people(paras: list[_P], registry: Registry, doc: ParsedDocument, title_block: Block | None) -> None:
    """Everyone the document names with a role: lists, speaker lines, presidency lines, first
    mentions, introductions; and the full names labels give themselves."""
    in_list = False
    chair_list = False
    lines: list[str] = []
    pages: tuple[int, ...] = ()

    def flush() -> None:
        nonlocal lines
        if lines:
            registry.read_list(lines, pages, chair=chair_list)
        lines = []

    for i, p in enumerate(paras):
        b, para, turn = p.block, p.para, p.turn
        if L.participants_header(para):
            flush()
            in_list = True
            chair_list = bool(re.search(r"(?i)presiding|in the chair|présidence", para.text))
            pages = b.pages
            rest = re.sub(r"^[^:]*:\s*", "", para.text) if ":" in para.text else ""
            if rest:
                lines.append(rest)
            continue
        if in_list:
            if (
                (turn is not None and turn.layout != "reported speech")
                or L.part_heading(para)
                or (len(para.text) > LIST_PROSE_CHARS and para.text.rstrip().endswith((".", "!", "?")))
            ):
                flush()
                in_list = False
            else:
                lines.extend(b.lines or [b.text])
                continue
        pres = L.presidency(para)
        if pres is not None:
            person = registry.add(pres[1], pres[2], intro=pres[0], pages=b.pages, source=Source.LIST)
            registry.set_chair(person) if registry.chair is None else None
        if turn is not None and turn.layout in {"speaker line", "intervention heading"} and turn.role:
            registry.add(
                strip_honorific(turn.name),
                turn.role,
                intro=_one_line(para.text, MAX_INTRO_CHARS),
                pages=b.pages,
                source=Source.LIST,
            )
        elif turn is not None and turn.name and not turn.reported and len(name_key(turn.name)) >= 2:
            # A label that is a full name names someone ("Maxime Jaglin :", "M. Georges Perin."); with
            # a role it is the line that says who they are ("Mme Claire Vidal, maire de Lunel. –").
            intro = turn.label.rstrip(" –—-") if turn.role else ""
            registry.add(
                turn.name, turn.role, intro=intro, pages=b.pages, source=Source.LIST if intro else Source.MENTION
            )
        if turn is None and L.vote_list(para):
            registry.read_roll(para.text, b.pages)
        if i < 6 and turn is None and len(para.text) <= MAX_TITLE_CHARS:
            registry.read_name_line(para.text, b.pages)
        registry.read_mentions(para.text, b.pages)
    flush()
    if title_block is not None and title_block.title:
        registry.read_title(title_block.text)
    for p in paras:
        registry.read_known_roles(p.para.text, p.block.pages)


def _flush_list(state: ParserState) -> None:
    if state.list_lines:
        for person in state.registry.read_list(state.list_lines, state.list_pages):
            state.doc.programme.append(SpeakerInfo(person.name, person.role, state.part, "speaker", 0, state.source))
    state.list_lines = []


def _step(state: ParserState, p: _P) -> None:
    """One paragraph of the walk."""
    b, para, turn = p.block, p.para, p.turn
    text = para.text.strip()
    short = len(text) < 250
    is_label = short and text.endswith(":") and not TIME_SLOT.match(text) and turn is None
    label_kind = next((k for rx, k in LABEL_KINDS if rx.search(text)), None) if is_label else None
    part = L.part_heading(para) if short and not is_label and turn is None else None

    # --- participant lists: people and roles, kept as programme text -----------------------
    if L.participants_header(para):
        state.close()
        _flush_list(state)
        state.mode = Mode.PARTICIPANTS
        state.list_pages = b.pages
        state.section(text, b.pages, "programme")
        return
    if state.mode == Mode.PARTICIPANTS:
        if turn is None and part is None and not (len(text) > LIST_PROSE_CHARS and text.endswith((".", "!", "?"))):
            state.list_lines.extend(b.lines or [text])
            state.section(text, b.pages, "programme")
            return
        _flush_list(state)
        state.close()
        state.mode = Mode.REPORT if state.doc.turns or turn is not None else Mode.FRONT

    # --- the programme: time slots, with their people --------------------------------------
    if state.mode == Mode.PROGRAMME:
        slot_match = TIME_SLOT.match(text)
        if slot_match:
            state.close_slot()
            title = slot_match.group("title").strip().rstrip(":").strip() or text
            state.slot_part = part_label(title) if PART_RE.match(title) else _shorten(title)
            # The slot's own title: questions about "the opening session" find its programme.
            state.slot = Segment([text], b.pages, "Programme", _one_line(title), "programme", paragraph_pages=[b.pages])
            state.context = ""
            return
        pm = PART_RE.match(text) if part else None
        if (pm and fold(pm.group("kw")) in REPORT_MARKERS | {"programme"}) or (part and b.heading):
            state.close_slot()
            state.mode = Mode.REPORT
            state.context = ""
            if pm and fold(pm.group("kw")).replace("-", " ") in {m.replace("-", " ") for m in REPORT_MARKERS}:
                state.part, state.part_title = "Compte-rendu", _one_line(text)
                return
        else:
            if label_kind:
                state.context = label_kind
            if turn is not None and turn.layout == "speaker line" and state.slot is not None:
                name = strip_honorific(turn.name)
                state.doc.programme.append(
                    SpeakerInfo(name, turn.role, state.slot_part, kind_of(turn.lead, state.context), 0, state.source)
                )
            if state.slot is None:
                state.slot = Segment([], b.pages, "Programme", state.part_title, "programme")
            state.slot.paragraphs.append(text)
            state.slot.paragraph_pages.append(b.pages)
            state.slot.pages = tuple(sorted(set(state.slot.pages) | set(b.pages)))
            return

    # --- "PRÉSIDENCE DE M. X": a part, and who presides ----------------------------------------
    pres = L.presidency(para)
    if pres is not None:
        heading, name, role, rest = pres
        state.set_part(heading, _one_line(heading, 60))
        person = state.registry.find(name)
        if person is not None:
            state.registry.set_chair(person)
        state.mode = Mode.REPORT
        if rest:
            _text(state, _P(b, Para(L.squash(rest))))
        return

    # --- headings: programme, report marker, parts -------------------------------------------
    if turn is None and (part or (b.heading and not is_label) or (_heading_in_body(state, para) and not is_label)):
        heading = part or text
        pm = PART_RE.match(heading)
        kw = fold(pm.group("kw")) if pm else ""
        state.close()
        state.context = ""
        if kw in {"programme", "program", "agenda"} and pm is not None and not pm.group("num"):
            state.mode = Mode.PROGRAMME
            state.part, state.part_title = "Programme", _one_line(heading)
            state.doc.part_titles.setdefault("Programme", state.part_title)
            return
        if kw.replace("-", " ") in {m.replace("-", " ") for m in REPORT_MARKERS}:
            state.mode = Mode.REPORT
            return
        state.set_part(heading)
        if state.mode == Mode.FRONT and (pm or b.heading or state.doc.turns):
            state.mode = Mode.REPORT
        return

    # --- turns ---------------------------------------------------------------------------
    if turn is not None and not (turn.reported and state.transcript):
        state.close()
        state.announced = ""
        if turn.anonymous:
            state.section(text, b.pages)
            return
        if state.mode in {Mode.FRONT, Mode.PARTICIPANTS}:
            state.mode = Mode.REPORT
        name, role, kind = _resolve(state, turn)
        if turn.reported and re.search(r"(?i)\b(?:taking|took|takes) the chair\b", text):
            state.registry.set_chair(next((q for q in state.registry.people if q.name == name), None))
        state.current = Segment(
            [],
            b.pages,
            state.part,
            state.part_title,
            "statement",
            name,
            role,
            kind,
            label=_label_without_role(turn),
            reported=turn.reported,
            opens_quote=turn.opens_quote,
        )
        state.doc.layouts[turn.layout] += 1
        if turn.layout == "speaker line" or turn.alone:
            return
        speech = turn.rest if not turn.reported else text
        if speech:
            state.current.add(speech, b.pages)
        return

    if label_kind and (state.current is None or state.current.block != "statement" or label_kind == "observer"):
        state.close()
        state.context = label_kind
        return

    # --- what a turn cannot hold: stage directions, votes, a new voice -------------------------
    if L.stage_direction(para) or L.vote_list(para):
        state.close()
        state.section(text, b.pages)
        return
    _text(state, p)


def _heading_in_body(state: ParserState, para: Para) -> bool:
    """A line in capitals is a heading once the body has begun (before it, it is front matter)."""
    return state.mode == Mode.REPORT and L.caps_heading(para) is not None


def _text(state: ParserState, p: _P) -> None:
    """A paragraph without a label: the open turn's, an announced speaker's, or nobody's."""
    b, para = p.block, p.para
    text = para.text.strip()
    cur = state.current
    if cur is not None and cur.block == "statement":
        if cur.reported and not _continues_reported(cur, para):
            state.close()
            state.section(text, b.pages)
            return
        is_label = len(text) < 250 and text.endswith(":")
        if (para.italic or (para.bold and not para.bullet and not para.lead)) and not cur.opens_quote and not is_label:
            # Front and back matter typeset apart (all italic, or all bold) ends a statement.
            state.close()
            state.section(text, b.pages)
            return
        announced = _announced(cur, text, state.registry)
        if announced is not None:
            state.close()
            name, role = announced
            state.current = Segment(
                [], b.pages, state.part, state.part_title, "statement", name, role, "speaker", label=""
            )
            state.current.add(text, b.pages)
            return
        cur.add(text, b.pages)
        return
    state.section(text, b.pages)


def _continues_reported(cur: Segment, para: Para) -> bool:
    """Reported speech lasts one paragraph, with the quotation or the list it announces."""
    last = cur.paragraphs[-1] if cur.paragraphs else ""
    text = para.text.strip()
    if cur.opens_quote and (para.italic or text[:1] in '“"«'):
        return True
    if re.match(rf"(?:He|She|They|Il|Elle|Ils|Elles)\s+(?:also\s+|then\s+|further\s+)?{L.REPORTING_VERBS}", text):
        return True  # "She thanked Members ...": the same person goes on
    if not (text[:1].islower() or para.bullet):
        return False
    # The items of a list the reported paragraph announced ("... the following provisions applied:").
    for i, prior in enumerate(cur.paragraphs):
        if prior.rstrip().endswith(":"):
            return all(q[:1].islower() for q in cur.paragraphs[i + 1 :])
    return last.rstrip().endswith((";", ","))


def _announced(cur: Segment, text: str, registry: Registry) -> tuple[str, str] | None:
    """A statement that ends by announcing someone ("Écoutez Ivan Duque.", "Retour sur ... avec
    Anne Soetemondt.", a person named just before a paragraph wholly in quotation marks) hands
    the next unlabelled paragraph to that person (a clip, a report)."""
    if not cur.paragraphs:
        return None
    sentences = split_sentences(cur.paragraphs[-1])
    if not sentences:
        return None
    last = sentences[-1]
    quoted = bool(re.fullmatch(r"\s*[«“\"].{20,}[»”\"][\s.]*", text, re.S))
    names = []
    for m in re.finditer(rf"{L.CAPWORD}(?:\s+(?:{L.PARTICLE}\s+)?{L.CAPWORD})+", last):
        n = m.group(0)
        if m.start() == 0 and len(n.split()) > 2 and registry.find(n) is None:
            n = n.split(" ", 1)[1]  # "Écoutez Ivan Duque": the sentence's first word is not the name
        if len(name_key(n)) >= 2 and not compatible(n, cur.speaker) and _is_person(n):
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


def _is_person(name: str) -> bool:
    from ingest.people import _person_like

    return _person_like(name)


def _resolve(state: ParserState, turn: Turn) -> tuple[str, str, SpeakerKind]:
    """(name, role, kind) of a turn: the person the document says the label is, or the label
    as printed."""
    reg = state.registry
    kind: SpeakerKind = kind_of(turn.lead, state.context) if turn.lead else "speaker"
    if turn.layout == "speaker line":
        name = strip_honorific(turn.name)
        listed = next((p.kind for p in state.doc.programme if fold(p.name) == fold(name)), None)
        if listed and not turn.lead:
            kind = listed
        elif not turn.lead and state.context:
            kind = state.context
        return name, turn.role, kind
    if turn.reported:
        person = _reported_subject(state, turn.name)
        if person is not None:
            return person.name, person.role, kind
        return turn.name, "", kind
    if turn.chair or (not turn.name and fold(turn.title).startswith(("president", "chair"))):
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


def _label_without_role(turn: Turn) -> str:
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
    return f"The {title}" if re.match(r"(?i)the\s", turn.label) else title


_TITLE_WORDS_SPELT = {
    "sen.": "Senator",
    "rep.": "Representative",
    "gov.": "Governor",
    "cllr.": "Councillor",
    "cllr": "Councillor",
}


def _meaningful_title(title: str) -> bool:
    return bool(title) and fold(title).rstrip(".") not in {"mr", "mrs", "ms", "dr", "hon", "rre"}


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


def _reported_subject(state: ParserState, subject: str) -> Person | None:
    """Who the subject of reported speech is: a named person ("Councillor Lynch", "Mayor
    Hourigan"), an office the attendance list gives ("The Meetings Administrator", "The
    Director of Service"), or the chair ("The Mayor", "The Chairman")."""
    reg = state.registry
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
        if re.match(r"(?i)outgoing", s) and state.registry.chair is not None:
            return _previous_chair(state) or state.registry.chair
        return state.registry.chair
    fits = []
    for p in reg.people:
        role = fold(p.role)
        words = [w for w in re.findall(r"\w+", office) if len(w) > 2 and w not in {"the", "and", "service"}]
        if words and role and all(w in role for w in words[:3]):
            fits.append(p)
    return fits[0] if len(fits) == 1 else None


def _previous_chair(state: ParserState) -> Person | None:
    return state.registry.previous_chair


def _relabel_self_introductions(doc: ParsedDocument) -> None:
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
# A form of address points at one speaker when that many turns after it are theirs, and this share.
ADDRESS_MIN_TURNS = 2
ADDRESS_SHARE = 0.6


def _roles_from_address(doc: ParsedDocument, registry: Registry) -> None:
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
        who, n = tally.most_common(1)[0]
        if (
            who in roleless
            and n >= ADDRESS_MIN_TURNS
            and n >= ADDRESS_SHARE * sum(tally.values())
            and who not in users[title]
        ):
            role = f"{title} (« {forms[title]} »)"
            for s in turns:
                if s.speaker == who:
                    s.role = role
            person = next((p for p in registry.people if p.name == who), None)
            if person is not None and not person.role:
                person.role = role
            roleless.discard(who)


_SELF_INTRO = re.compile(
    rf"(?:[Jj]e m'appelle|[Mm]oi c'est|[Mm]y name is|[Jj]e suis|I am|I'm)\s+(?P<name>{L.CAPWORD}(?:\s+{L.CAPWORD}){{1,2}})"
)


def _roles_from_self_introduction(doc: ParsedDocument, registry: Registry) -> None:
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


def _sentence_of(text: str, pos: int) -> str:
    start = max(text.rfind(". ", 0, pos) + 2, 0) if text.rfind(". ", 0, pos) >= 0 else 0
    end = text.find(". ", pos)
    return text[start : (end + 1 if end >= 0 else len(text))][:MAX_INTRO_CHARS]


def _merge_spellings(doc: ParsedDocument, registry: Registry) -> None:
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


def _speaker_rows(doc: ParsedDocument, registry: Registry) -> list[SpeakerInfo]:
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


def speaker_table(doc: ParsedDocument, chunk_counts: dict[tuple[str, str], int]) -> list[SpeakerInfo]:
    """Speakers of the report with their chunk counts, plus programme-only people (moderators)."""
    rows: dict[tuple[str, str], SpeakerInfo] = {}
    for r in doc.speakers:
        key = (fold(r.name), r.part)
        if key not in rows:
            rows[key] = SpeakerInfo(
                r.name, r.role, r.part, r.kind, chunk_counts.get((r.name, r.part), 0), "", r.aliases, r.intro, r.pages
            )
    spoken = {fold(r.name) for r in rows.values()}
    for p in doc.programme:
        if fold(p.name) not in spoken and (fold(p.name), p.part) not in rows:
            rows[(fold(p.name), p.part)] = p
    return list(rows.values())
