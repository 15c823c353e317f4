"""Structure: layout blocks in, parts / programme / speaker statements and a speaker table out.

The grammar of the lines lives in `ingest.layouts` (one recogniser per kind of line, tried in
a stated order), the people a document names in `ingest.people`, who said what in
`ingest.attribution`. `parse` reads in three passes: label statistics (which "Name :" labels
the document confirms), what each paragraph is and who the document names, then one walk with
a `ParserState` whose `Mode` says where in the document we are (front matter, programme,
participant list, report). The walk tries its handlers in order (`_step`) and builds
`Segment`s: a statement by one speaker, a programme slot, or a section nobody speaks. Rules:

- a recognised label opens a turn; the turn ends at the next label, a heading, a stage
  direction in parentheses, a vote list or a collective voice: a speaker never runs on into
  text that is not theirs;
- a label is resolved to the full name and role the document gives elsewhere; a label
  nobody fits keeps its printed form ("Le président", "The Speaker pro tempore");
- parts come from headings (Markdown, typeset, part keywords, capitals, "PRÉSIDENCE DE ...");
  text before the first part has no part;
- in Hansards that print the chair's turns without a label, a line only the chair says
  ("La parole est au depute de MacLeod.") is the chair's, and the chair keeps the floor until
  a label, the member it names, or a member addressing it (`_chair_line`);
- a table of contents (masthead, entries, masthead again) and front matter fields are read for
  people, never kept as passages.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from enum import Enum

from ingest import attribution as A
from ingest import layouts as L
from ingest.layouts import PART_RE, SPEAKER_LINE, TIME_SLOT, TURN_LAYOUTS, Para, Turn, known_layouts
from ingest.people import PERSON_TITLES, Registry, Source, name_key, near
from ingest.readers import AUTHOR_FIELDS, MAX_PARAGRAPH_CHARS, Block, dehyphenate_lines
from qa.core.text import fold, split_sentences, strip_honorific
from qa.core.types import BlockKind, Chunk, SpeakerInfo, SpeakerKind

__all__ = [
    "PART_RE",
    "SPEAKER_LINE",
    "TIME_SLOT",
    "Mode",
    "ParsedDocument",
    "ParserState",
    "Segment",
    "in_part",
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
# Labels of the "Name :" form count only when confirmed; a label used this many times at the
# start of paragraphs is confirmed.
CONFIRMING_REPEATS = 2
# Paragraphs opened by full names and a colon ("Roger Bingham: ...") make an interview when
# they are this share of the paragraphs.
NAME_LABEL_SHARE = 0.3
# A document with this many direct labels is a transcript: reported speech ("The Mayor said
# ...") is read as text inside turns, not as turns of its own.
DIRECT_TURNS_FOR_TRANSCRIPT = 3
# A prose paragraph (not a list line) ends a participant list.
LIST_PROSE_CHARS = 160
MAX_SUBTITLE_CHARS = 80  # an agenda item's subtitle heading ("Discussion d'un projet de loi")
# A table of contents: the document's first line (its masthead) printed again after at least this
# many short entries, this share of them without a sentence end, none of them a turn; looked for
# within this many paragraphs.
TOC_MIN_ENTRIES = 5
TOC_ENTRY_SHARE = 0.8
TOC_MAX_PARAGRAPHS = 500
# In a Hansard whose members' labels ("M. Nom (Circonscription, Parti):") number at least this
# many, a line only the chair says is the chair's even without a label (`_chair_line`).
HANSARD_MEMBER_LABELS = 5

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


_PARAGRAPH_ENDS = (".", "!", "?", ":", ";", "»", '"', "”", ")")


class Mode(Enum):
    """Where in the document the parser is."""

    FRONT = "front"  # before the body: title, front matter, introduction
    PROGRAMME = "programme"  # time slots and their people
    PARTICIPANTS = "participants"  # a list of people with their roles
    CONTENTS = "contents"  # a table of contents ("SOMMAIRE"): who speaks on what, nobody speaking
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
    chair: bool = False  # the presiding officer speaks

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


def in_part(chunk: Chunk, part: str) -> bool:
    """Whether a chunk belongs to a part: said in it, or a programme slot announcing it (the
    programme's "Session 2" line is in the part "Programme")."""
    return chunk.part == part or (chunk.block == "programme" and part_label(chunk.part_title) == part)


def _shorten(t: str, n: int = 60) -> str:
    t = re.sub(r"\s*[:«].*$", "", t).strip() or t
    return t if len(t) <= n else t[: n - 1].rstrip() + "…"


def _one_line(text: str, n: int = MAX_PART_CHARS) -> str:
    t = re.sub(r"\s+", " ", text).strip()
    return t if len(t) <= n else t[: n - 1].rstrip() + "…"


kind_of = A.kind_of  # kept here: the programme code and older callers import it from structure


def parse_speaker_line(text: str, typeset_alone: bool = False) -> tuple[str, str, str] | None:
    """(name, role, lead) for a speaker line such as "Grand témoin : M. X, Ancien ministre"."""
    turn = L.speaker_line(Para(text, bold=typeset_alone, bullet=typeset_alone))
    if turn is None:
        return None
    return strip_honorific(turn.name), turn.role, turn.lead


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
        if b.field:
            out.append(b)  # a front matter field: kept whole
            continue
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
            if (
                prev is not None
                and b.heading
                and prev.heading
                and re.match(r"[IVXL\d]{1,4}[.)]?\s+\S", prev.text)
                and len(b.text) <= MAX_SUBTITLE_CHARS
                and not re.match(r"[IVXL\d]{1,4}[.)]?(?:\s|$)", b.text)
            ):
                # "3 PLANS DE REDRESSEMENT DU CRÉDIT LYONNAIS…" then "Discussion d'un projet de
                # loi": an agenda item's subtitle, not a part of its own.
                out[-1] = Block(
                    f"{prev.text.strip()} — {b.text}", prev.pages + b.pages, bold=True, heading=True, lines=[prev.text]
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
                dehyphenate_lines(lines),
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


# The sub-sections of a talk that are the talk itself ("### Communication"), and the labels of
# the answers in its discussion ("R:").
TALK_SPEECH = re.compile(r"^(?:communication|intervention|expose|talk|presentation orale|lecture|conference|keynote)\b")
# The sub-section that says who the talk's speaker is ("### Présentation": « Historien,
# directeur de recherche CNRS… »): its first sentence is their role.
TALK_BIO = re.compile(r"^(?:presentation|bio|biographie|biography|about the speaker|l'intervenant|speaker)$")
MAX_BIO_ROLE_CHARS = 160
ANSWER_LABELS = frozenset({"r", "a", "reponse", "answer", "rep"})

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
    unlabelled_chair: bool = False  # the chair's turns may be printed without a label (`_chair_line`)
    chair_label: Turn | None = None  # the document's label for the chair, when it has one
    interrupted: Segment | None = None  # the member's statement an unlabelled chair line interrupted
    floor_to: str = ""  # whom the chair just gave the floor to ("Calgary-Sud-Est", "Minister of Health")
    talk: Segment | None = None  # the talk a heading announced: its speaker, for its sub-sections
    talk_level: int = 0  # that heading's rank: a heading of this rank or above ends the talk
    talk_bio: bool = False  # in the talk's presentation of its speaker: the next paragraph says who

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
        self.interrupted, self.floor_to = None, ""
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
        if b.field:
            split.append(b)
            continue
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
    contents = set(map(id, _table_of_contents(paras)))
    members = sum(1 for p in paras if p.turn is not None and p.turn.layout == "member")
    state = ParserState(
        doc,
        registry,
        source,
        transcript=direct >= DIRECT_TURNS_FOR_TRANSCRIPT,
        unlabelled_chair=members >= HANSARD_MEMBER_LABELS,
        # The chair's own label, when the document prints one ("Le Président :"), names it.
        chair_label=next((p.turn for p in paras if p.turn is not None and p.turn.chair and not p.turn.name), None),
    )
    for p in paras:
        if p.block.title or p.block.field or id(p) in contents:
            continue  # metadata or a table of contents, not body text
        if p.block is title_block and not _title_opens_part(title_block, blocks):
            if not title_block.heading:
                state.section(p.para.text, p.block.pages)  # a first line kept as text; not a part
            continue
        if title_block is not None and title_block.title and p.block.heading and fold(p.para.text) == fold(doc.title):
            continue  # the front matter's title printed again as the first heading: neither part nor passage
        _step(state, p)
    state.close()
    state.close_slot()
    _flush_list(state)

    A.relabel_self_introductions(doc)
    A.merge_spellings(doc, registry)
    A.roles_from_floor_calls(doc, registry)
    A.roles_from_self_introduction(doc, registry)
    A.aliases_from_self_introduction(doc, registry)
    A.roles_from_address(doc, registry)
    A.roles_of_hosts(doc, registry)
    A.roles_of_askers(doc, registry)
    A.roles_put_and_confirmed(doc, registry)
    A.roles_from_stage_lines(doc, registry)
    A.roles_of_introducers(doc, registry)
    A.roles_from_thanks(doc, registry)
    doc.speakers = A.speaker_rows(doc, registry)
    return doc


def _table_of_contents(paras: list[_P]) -> list[_P]:
    """The table of contents at the top of a printed document: its masthead, short entries
    (headings, names) and the masthead again where the body begins. Its lines repeat the body's
    headings and labels; they are layout, not text anyone speaks, and never passages.

    Example: "HANSARD REVISE * NUMERO 6", "LA COUR SUPREME DU CANADA", "M. Pierre de Savoye", ...,
    "HANSARD REVISE * NUMERO 6", "La seance est ouverte a 11 heures."
    """
    body = [p for p in paras if not (p.block.title or p.block.field)]
    if not body or len(body[0].para.text) > MAX_TITLE_CHARS:
        return []
    masthead = fold(body[0].para.text)
    for k, p in enumerate(body[1:TOC_MAX_PARAGRAPHS], start=1):
        if fold(p.para.text) != masthead:
            continue
        entries = body[1:k]
        plain = [
            e for e in entries if len(e.para.text) <= MAX_TITLE_CHARS and not e.para.text.endswith((".", "?", "!"))
        ]
        if (
            len(entries) >= TOC_MIN_ENTRIES
            and len(plain) >= TOC_ENTRY_SHARE * len(entries)
            and all(e.turn is None for e in entries)
        ):
            return body[:k]
        return []
    return []


def _title_block(blocks: list[Block], starts: set[str]) -> Block | None:
    """The title: the metadata title, else the first block when short and heading-like."""
    for b in blocks[:3]:
        if b.title:
            return b
    blocks = [b for b in blocks if not b.field]
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
    then "# Méthode"), or when it names a part ("Session 1: ...", a numbered item); a title above the headings
    ("# Summit 2024" over "## Programme") is only the title."""
    if re.match(r"[IVXL\d]{1,4}[.)]\s+\S", title.text):
        return True  # "8. Professor Jimmy Whitworth and Dr Charlotte Hammer": an agenda item's heading
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
    chair_spoke = False
    lines: list[str] = []
    pages: tuple[int, ...] = ()

    def flush() -> None:
        nonlocal lines
        if lines:
            registry.read_list(lines, pages, chair=chair_list)
        lines = []

    for i, p in enumerate(paras):
        b, para, turn = p.block, p.para, p.turn
        if b.field:
            # Front matter: its authors, and the summary read like any text for people and roles.
            if b.field in AUTHOR_FIELDS:
                registry.read_author(para.text)
            else:
                registry.read_mentions(para.text, b.pages)
            continue
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
        if turn is not None and turn.chair and not turn.name:
            chair_spoke = True
        pres = L.presidency(para)
        if pres is not None:
            person = registry.add(pres[1], pres[2], intro=pres[0], pages=b.pages, source=Source.LIST)
            # Whoever presides from the start; not someone elected during the sitting
            # ("(Présidence de M. R. Hotyat)" after the opening chair's turns).
            registry.set_chair(person) if registry.chair is None and not chair_spoke else None
        if turn is not None and turn.layout in {"speaker line", "intervention heading"} and turn.role:
            registry.add(
                strip_honorific(turn.name),
                turn.role,
                intro=_one_line(para.text, A.MAX_INTRO_CHARS),
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
        elif turn is not None and turn.name and re.fullmatch(PERSON_TITLES, turn.title):
            # "Lord Norton:" names someone by title and surname: known so, their initials ("LN:") resolve.
            registry.add(f"{turn.title} {turn.name}", turn.role, title=turn.title, pages=b.pages, source=Source.MENTION)
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


@dataclass(frozen=True, slots=True)
class _Seen:
    """What a paragraph looks like, computed once for the handlers of `_step`."""

    text: str
    is_label: bool  # a short line ending with ':' that no recogniser read ("Animatrice :")
    label_kind: SpeakerKind | None  # the group such a line announces ("Grand témoin :")
    part: str | None  # the part heading it is, if any


def _look(p: _P) -> _Seen:
    text = p.para.text.strip()
    short = len(text) < 250
    is_label = short and text.endswith(":") and not TIME_SLOT.match(text) and p.turn is None
    label_kind = next((k for rx, k in LABEL_KINDS if rx.search(text)), None) if is_label else None
    part = L.part_heading(p.para) if short and not is_label and p.turn is None else None
    return _Seen(text, is_label, label_kind, part)


def _step(state: ParserState, p: _P) -> None:
    """One paragraph of the walk: the handlers are tried in this order, the first that takes
    the paragraph ends the step; a paragraph nobody takes is text (`_text`)."""
    seen = _look(p)
    for handle in (
        _contents,
        _participants,
        _programme,
        _presidency,
        _heading,
        _turn,
        _chair_line,
        _group_label,
        _not_speech,
    ):
        if handle(state, p, seen):
            return
    _text(state, p)


# An item of a table of contents: its page ("(p. 2369)") or its speakers and outcome ("- Rejet.").
_ITEM_MARKS = re.compile(r"\((?:p|pp|page)\.?\s*\d+\)|\s[-–—]\s.*\s[-–—]\s")
# The heading of a report's table of contents (« SOMMAIRE » of the Journal officiel).
_CONTENTS = re.compile(r"^(?:sommaire|table\s+des\s+mati[eè]res|(?:table\s+of\s+)?contents)\s*:?$", re.I)
# The record's opening, which no table of contents holds: « La séance est ouverte à 9 h 50. »
_OPENING = re.compile(
    r"^(?:la\s+s[ée]ance\s+est\s+(?:ouverte|reprise)|the\s+(?:house|senate|assembly|council|committee|sitting)\s+"
    r"(?:met|opened|resumed|was\s+called\s+to\s+order)|the\s+sitting\s+(?:began|commenced))\b",
    re.I,
)


def _contents(state: ParserState, p: _P, seen: _Seen) -> bool:
    """A table of contents before the report: its lines name presidents, speakers and items
    ("PRÉSIDENCE DE M. YVES GUÉNA", "M. le rapporteur. - Amendement n° 27…") that are no turn
    and no part; it is programme text until the report's marker, or a speech, begins."""
    b, text = p.block, seen.text
    if state.mode != Mode.CONTENTS:
        if b.heading and not state.doc.turns and _CONTENTS.match(text.strip("# ")):
            state.close()
            state.mode = Mode.CONTENTS
            state.part, state.part_title = "Programme", _one_line(text)
            state.section(text, b.pages, "programme")
            return True
        return False
    pm = PART_RE.match(text)
    marker = pm is not None and fold(pm.group("kw")).replace("-", " ") in {m.replace("-", " ") for m in REPORT_MARKERS}
    # A speech, not an item's speakers ("M. le rapporteur. - Amendement n° 27 …").
    speech = p.turn is not None and not re.match(rf"{re.escape(p.turn.label)}\s*[-–—]", text)
    opening = _OPENING.match(text) or (p.turn is not None and _OPENING.match(p.turn.rest))
    if marker or opening or (speech and len(text) > LIST_PROSE_CHARS and not _ITEM_MARKS.search(text)):
        state.close()
        state.mode = Mode.FRONT
        if opening:
            state.part, state.part_title = "", ""  # the record, before its first heading
        return False  # the report's own handlers take it
    state.section(text, b.pages, "programme")
    return True


def _participants(state: ParserState, p: _P, seen: _Seen) -> bool:
    """A participant list ("PRESENT:", "LIST OF SPEAKERS"): its lines name people and roles,
    and are kept as programme text until a turn, a heading or prose ends the list."""
    b, text = p.block, seen.text
    if L.participants_header(p.para):
        state.close()
        _flush_list(state)
        state.mode = Mode.PARTICIPANTS
        state.list_pages = b.pages
        state.section(text, b.pages, "programme")
        return True
    if state.mode != Mode.PARTICIPANTS:
        return False
    if p.turn is None and seen.part is None and not (len(text) > LIST_PROSE_CHARS and text.endswith((".", "!", "?"))):
        state.list_lines.extend(b.lines or [text])
        state.section(text, b.pages, "programme")
        return True
    _flush_list(state)
    state.close()
    state.mode = Mode.REPORT if state.doc.turns or p.turn is not None else Mode.FRONT
    return False


def _programme(state: ParserState, p: _P, seen: _Seen) -> bool:
    """The programme: time slots ("10h00-11h00 : SESSION 1"), the people each slot lists, until
    the report begins."""
    if state.mode != Mode.PROGRAMME:
        return False
    b, text, turn, part = p.block, seen.text, p.turn, seen.part
    slot_match = TIME_SLOT.match(text)
    if slot_match:
        state.close_slot()
        title = slot_match.group("title").strip().rstrip(":").strip() or text
        state.slot_part = part_label(title) if PART_RE.match(title) else _shorten(title)
        # The slot's own title: questions about "the opening session" find its programme.
        state.slot = Segment([text], b.pages, "Programme", _one_line(title), "programme", paragraph_pages=[b.pages])
        state.context = ""
        return True
    pm = PART_RE.match(text) if part else None
    if (pm and fold(pm.group("kw")) in REPORT_MARKERS | {"programme"}) or (part and b.heading):
        state.close_slot()
        state.mode = Mode.REPORT
        state.context = ""
        if pm and fold(pm.group("kw")).replace("-", " ") in {m.replace("-", " ") for m in REPORT_MARKERS}:
            state.part, state.part_title = "Compte-rendu", _one_line(text)
            return True
        return False  # a part heading: the report's own handler opens it
    if seen.label_kind:
        state.context = seen.label_kind
    if turn is not None and turn.layout == "speaker line" and state.slot is not None:
        name = strip_honorific(turn.name)
        state.doc.programme.append(
            SpeakerInfo(name, turn.role, state.slot_part, A.kind_of(turn.lead, state.context), 0, state.source)
        )
    if state.slot is None:
        state.slot = Segment([], b.pages, "Programme", state.part_title, "programme")
    state.slot.paragraphs.append(text)
    state.slot.paragraph_pages.append(b.pages)
    state.slot.pages = tuple(sorted(set(state.slot.pages) | set(b.pages)))
    return True


def _presidency(state: ParserState, p: _P, seen: _Seen) -> bool:
    """The line naming who presides ("PRÉSIDENCE DE M. X"): a part, and whom "M. le président." means."""
    pres = L.presidency(p.para)
    if pres is None:
        return False
    heading, name, _role, rest = pres
    state.set_part(heading, _one_line(heading, 60))
    person = state.registry.find(name)
    if person is not None:
        state.registry.set_chair(person)
    state.mode = Mode.REPORT
    if rest:
        _text(state, _P(p.block, Para(L.squash(rest))))
    return True


def _heading(state: ParserState, p: _P, seen: _Seen) -> bool:
    """A heading: the programme, the report marker, or a part."""
    b, text = p.block, seen.text
    if p.turn is not None or not (
        seen.part or (b.heading and not seen.is_label) or (_heading_in_body(state, p.para) and not seen.is_label)
    ):
        return False
    if state.talk is not None and b.heading and b.level > state.talk_level:
        _talk_section(state, p, text)
        return True
    state.talk = None
    heading = seen.part or text
    pm = PART_RE.match(heading)
    kw = fold(pm.group("kw")) if pm else ""
    state.close()
    state.context = ""
    if kw in {"programme", "program", "agenda"} and pm is not None and not pm.group("num"):
        state.mode = Mode.PROGRAMME
        state.part, state.part_title = "Programme", _one_line(heading)
        state.doc.part_titles.setdefault("Programme", state.part_title)
        return True
    if kw.replace("-", " ") in {m.replace("-", " ") for m in REPORT_MARKERS}:
        state.mode = Mode.REPORT
        return True
    state.set_part(heading)
    if state.mode == Mode.FRONT and (pm or b.heading or state.doc.turns):
        state.mode = Mode.REPORT
    return True


def _talk_section(state: ParserState, p: _P, title: str) -> None:
    """A sub-heading of a talk: the talk itself is its speaker's; its presentation, references
    and the note-taker's remarks are nobody's; in its discussion, the answers ("R:") are theirs."""
    talk = state.talk
    assert talk is not None
    state.close()
    state.talk_bio = TALK_BIO.match(fold(title).strip(" :")) is not None and not talk.role
    if TALK_SPEECH.match(fold(title)):
        state.current = Segment(
            [], p.block.pages, state.part, state.part_title, "statement", talk.speaker, talk.role, talk.kind
        )


def _turn(state: ParserState, p: _P, seen: _Seen) -> bool:
    """A speaker label: the open turn ends, the label's person opens a statement."""
    b, text, turn = p.block, seen.text, p.turn
    if turn is None or (turn.reported and state.transcript):
        return False
    if turn.layout == "talk heading":
        state.set_part(text)
    state.close()
    if turn.anonymous:
        state.section(text, b.pages)
        return True
    if state.mode in {Mode.FRONT, Mode.PARTICIPANTS}:
        state.mode = Mode.REPORT
    name, role, kind = A.resolve(turn, state.registry, state.context, state.doc.programme)
    if state.talk is not None and turn.layout == "question/answer" and fold(turn.name) in ANSWER_LABELS:
        name, role, kind = state.talk.speaker, state.talk.role, state.talk.kind  # the talk's speaker answers
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
        label=A.label_without_role(turn),
        reported=turn.reported,
        opens_quote=turn.opens_quote,
        chair=turn.chair,
    )
    state.interrupted, state.floor_to = None, ""
    state.doc.layouts[turn.layout] += 1
    if turn.layout == "talk heading":
        state.talk, state.talk_level = state.current, b.level
    if turn.layout == "speaker line" or turn.alone:
        return True
    speech = turn.rest if not turn.reported else text
    if speech:
        state.current.add(speech, b.pages)
    return True


def _chair_line(state: ParserState, p: _P, seen: _Seen) -> bool:
    """Where the chair's turns have no label (Hansards from aligned corpora): a line only the chair
    says opens the chair's turn, named by its office; the chair goes on until a label, except that
    the next line goes to the member the chair gave the floor to ("La parole est au depute de
    MacLeod." -> the member for Macleod), and a line addressed to the chair ("Monsieur le
    President, ...") to the member the chair interrupted, or to nobody when the chair spoke under
    its own label (the speaker's label was lost)."""
    if not state.unlabelled_chair or p.turn is not None:
        return False
    b, text = p.block, seen.text
    line = L.chair_formula(p.para)
    cur = state.current
    statement = cur is not None and cur.block == "statement" and bool(cur.speaker)
    if line is None:
        if not (statement and cur is not None and cur.chair):
            return False
        person = state.registry.designated(state.floor_to) if state.floor_to and not cur.label else None
        if person is not None:
            resumed = Segment(
                [], b.pages, state.part, state.part_title, "statement", person.name, person.role, "speaker"
            )
        elif L.addresses_chair(p.para) and state.interrupted is not None:
            was = state.interrupted
            resumed = Segment(
                [], b.pages, state.part, state.part_title, "statement", was.speaker, was.role, was.kind, label=was.label
            )
        elif L.addresses_chair(p.para):
            # The chair does not address itself, and nothing says who does: nobody's, not the chair's.
            state.close()
            state.section(text, b.pages)
            return True
        else:
            return False  # the chair goes on
        state.close()
        state.current = resumed
        resumed.add(text, b.pages)
        state.interrupted, state.floor_to = None, ""
        return True
    if statement and cur is not None and cur.chair:
        cur.add(text, b.pages)
        state.floor_to = line.designates or state.floor_to
        return True
    if statement and cur is not None and cur.paragraphs:
        state.interrupted = cur
    state.close()
    office, role = line.office, line.role
    if state.chair_label is not None:
        office, role, _kind = A.resolve(state.chair_label, state.registry)
    state.current = Segment([], b.pages, state.part, state.part_title, "statement", office, role, "speaker", chair=True)
    state.current.add(text, b.pages)
    state.floor_to = line.designates
    state.doc.layouts["chair formula"] += 1
    return True


def _group_label(state: ParserState, p: _P, seen: _Seen) -> bool:
    """A line announcing a group of people ("Regards d'observateurs :", "Grand témoin :")."""
    if not seen.label_kind:
        return False
    if state.current is not None and state.current.block == "statement" and seen.label_kind != "observer":
        return False
    state.close()
    state.context = seen.label_kind
    return True


def _not_speech(state: ParserState, p: _P, seen: _Seen) -> bool:
    """What a turn cannot hold: stage directions in parentheses, votes and roll calls."""
    if not (L.stage_direction(p.para) or L.vote_list(p.para)):
        return False
    state.close()
    state.section(seen.text, p.block.pages)
    return True


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
        announced = A.announced(cur, text, state.registry)
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
    if state.talk_bio and state.talk is not None:
        _talk_bio(state, text, b.pages)
    state.section(text, b.pages)


def _talk_bio(state: ParserState, text: str, pages: tuple[int, ...]) -> None:
    """The first sentence of a talk's presentation of its speaker is their role (the rest of
    the presentation stays nobody's text)."""
    talk = state.talk
    assert talk is not None
    state.talk_bio = False
    first = next(iter(split_sentences(text)), "").strip().rstrip(".")
    if not first or len(first) > MAX_BIO_ROLE_CHARS or not talk.speaker:
        return
    talk.role = first
    state.registry.add(talk.speaker, first, intro=text, pages=pages, source=Source.INTRO)


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
