"""Structure: layout blocks in, parts / programme slots / speaker statements out.

Proceedings print a programme (time slots with moderators and speakers), then a report whose
parts (opening, sessions, conclusions) hold statements, each opened by a line
"M. Name, Role". The same rules serve PDF (no Markdown bold, list items merged into one line
with " - " separators) and Markdown. A document with none of this still comes out, by section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.readers import Block
from qa.core.text import HONORIFIC_TOKEN, fold, strip_honorific
from qa.core.types import BlockKind, SpeakerInfo, SpeakerKind

_NAME = (
    r"[A-ZÀ-ÖØ-Ý][\w'’.-]+(?:\s+(?:(?:de|du|des|da|di|van|von|der|al|el|ben|bin|le|la)\s+)?[A-ZÀ-ÖØ-Ý][\w'’.-]+){0,5}"
)
_LEAD = r"(?:(?P<lead>Grand(?:e)?s?\s+témoins?|Animat(?:eur|rice)|Modérat(?:eur|rice)|Moderator|Chair|Présidence|Keynote|Discutant(?:e)?|Rapporteur(?:e)?)\s*:\s*)?"
SPEAKER_LINE = re.compile(
    rf"^{_LEAD}(?P<hon>{HONORIFIC_TOKEN}(?:\s+{HONORIFIC_TOKEN})?)\s+(?P<name>{_NAME})\s*,\s*(?P<role>.+?)\s*$",
    re.S,
)
# Without an honorific a line is a speaker line only when typeset as one (bold, alone).
BARE_SPEAKER_LINE = re.compile(rf"^{_LEAD}(?P<name>{_NAME})\s*,\s*(?P<role>[^.!?]+?)\s*$", re.S)
INLINE_SPEAKER_SPLIT = re.compile(rf"\s+[-–]\s+(?=(?:Grand\s+témoin\s*:\s*)?{HONORIFIC_TOKEN}\s+[A-ZÀ-Ý])")
TIME_SLOT = re.compile(
    r"^(?P<time>\d{1,2}\s?[h:.]\s?\d{0,2}\s*[-–àto]+\s*\d{1,2}\s?[h:.]\s?\d{0,2})\s*:?\s*(?P<title>.*)$",
    re.I | re.S,
)
PART_RE = re.compile(
    r"^(?P<kw>session|séance|table[- ]ronde|panel|atelier|workshop|plénière|plenary|ouverture|opening|"
    r"introduction|conclusions?|clôture|closing|programme|program|agenda|compte[- ]rendu|synthèse|"
    r"report|proceedings)\b\s*(?P<num>\d+|[IVX]+\b)?",
    re.I,
)
REPORT_MARKERS = {"compte-rendu", "compte rendu", "report", "proceedings", "synthese"}
LABEL_KINDS: list[tuple[re.Pattern[str], SpeakerKind]] = [
    (re.compile(r"^(regards?\s+d['’]\s*)?observat(eurs?|rices?)\b|^observers?\b", re.I), "observer"),
    (re.compile(r"^perspectives?\s*:?$", re.I), "speaker"),
    (re.compile(r"^grands?\s+témoins?\s*:?$", re.I), "grand témoin"),
    (re.compile(r"^(intervenant|speaker|panel)", re.I), "speaker"),
]


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

    def add(self, text: str, pages: tuple[int, ...]) -> None:
        prev = self.paragraphs[-1] if self.paragraphs else ""
        # A paragraph cut by a page break continues the previous one.
        if prev and not re.search(r"[.!?:;»\"”)]$", prev) and text[:1].islower():
            self.paragraphs[-1] = f"{prev} {text}"
            self.paragraph_pages[-1] = tuple(sorted(set(self.paragraph_pages[-1]) | set(pages)))
        else:
            self.paragraphs.append(text)
            self.paragraph_pages.append(pages)
        self.pages = tuple(sorted(set(self.pages) | set(pages)))


@dataclass(slots=True)
class ParsedDocument:
    title: str
    segments: list[Segment] = field(default_factory=list)
    programme: list[SpeakerInfo] = field(default_factory=list)  # people as the programme lists them

    @property
    def parts(self) -> list[str]:
        seen: dict[str, None] = {}
        for s in self.segments:
            seen.setdefault(s.part, None)
        return list(seen)


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


def parse_speaker_line(text: str, typeset_alone: bool = False) -> tuple[str, str, str] | None:
    """(name, role, lead) for a speaker line such as "Grand témoin : M. X, Ancien ministre"."""
    t = re.sub(r"\s+", " ", text).strip().rstrip(":").strip()
    if len(t) > 400:
        return None
    m = SPEAKER_LINE.match(t)
    if m is None and typeset_alone:
        m = BARE_SPEAKER_LINE.match(t)
        if m and len(m.group("name").split()) < 2:
            m = None
    if m is None:
        return None
    name = strip_honorific(m.group("name"))
    role = m.group("role").strip().rstrip(".;")
    return name, role, (m.group("lead") or "")


def kind_of(lead: str, context: SpeakerKind) -> SpeakerKind:
    lead = fold(lead)
    if lead.startswith("grand"):
        return "grand témoin"
    if lead.startswith(("animat", "moderat", "chair", "presidence")):
        return "moderator"
    return context or "speaker"


def _part_heading(text: str, b: Block) -> re.Match[str] | None:
    """A part heading: a part keyword opening a short line that is typeset or shaped as a title
    ("SESSION 2 : « ... »", "Ouverture officielle"), not a sentence that starts with the word."""
    m = PART_RE.match(text)
    if m is None or text.endswith("."):
        return None
    if b.heading or b.bold or m.group("num") or re.search(r":\s*«", text) or len(text.split()) <= 4:
        return m
    return None


def _explode(blocks: list[Block]) -> list[Block]:
    """Split blocks at inline list separators that start a speaker line (" - M. X, ...")."""
    out: list[Block] = []
    for b in blocks:
        pieces = INLINE_SPEAKER_SPLIT.split(b.text)
        if len(pieces) == 1:
            out.append(b)
            continue
        for i, piece in enumerate(pieces):
            out.append(
                Block(
                    piece.strip(),
                    b.pages,
                    bold=b.bold,
                    italic=b.italic,
                    heading=b.heading,
                    bullet=b.bullet or i > 0,
                )
            )
    return out


def parse(blocks: list[Block], source: str) -> ParsedDocument:
    blocks = _explode(blocks)
    doc = ParsedDocument(title=blocks[0].text if blocks else source)
    part, part_title = "Introduction", doc.title
    mode = "front"  # front -> programme -> report
    context: SpeakerKind = ""
    current: Segment | None = None
    slot: Segment | None = None
    slot_part = ""

    def close() -> None:
        nonlocal current
        if current is not None and current.paragraphs:
            doc.segments.append(current)
        current = None

    def close_slot() -> None:
        nonlocal slot
        if slot is not None and slot.paragraphs:
            doc.segments.append(slot)
        slot = None

    for b in blocks:
        text = b.text.strip()
        if not text:
            continue
        short = len(text) < 250
        is_label = short and text.endswith(":") and not TIME_SLOT.match(text)
        label_kind = next((k for rx, k in LABEL_KINDS if rx.search(text)), None) if is_label else None
        speaker = parse_speaker_line(text, typeset_alone=b.bold and (b.bullet or short))
        part_match = _part_heading(text, b) if short and not is_label else None

        # --- the programme: time slots, with their people --------------------------------
        if mode == "programme":
            slot_match = TIME_SLOT.match(text)
            if slot_match:
                close_slot()
                title = slot_match.group("title").strip().rstrip(":").strip() or text
                slot_part = part_label(title) if PART_RE.match(title) else _shorten(title)
                slot = Segment([text], b.pages, "Programme", title, "programme", paragraph_pages=[b.pages])
                context = ""
                continue
            if (part_match and fold(part_match.group("kw")) in REPORT_MARKERS | {"programme"}) or (
                part_match and b.heading
            ):
                close_slot()
                mode = "report"
                context = ""
                if fold(part_match.group("kw")).replace("-", " ") in {m.replace("-", " ") for m in REPORT_MARKERS}:
                    part, part_title = "Compte-rendu", text
                    continue
                # falls through to the report handling below
            else:
                if label_kind:
                    context = label_kind
                if speaker and slot is not None:
                    name, role, lead = speaker
                    doc.programme.append(SpeakerInfo(name, role, slot_part, kind_of(lead, context), 0, source))
                if slot is None:
                    slot = Segment([], b.pages, "Programme", part_title, "programme")
                slot.paragraphs.append(text)
                slot.paragraph_pages.append(b.pages)
                slot.pages = tuple(sorted(set(slot.pages) | set(b.pages)))
                continue

        # --- headings: programme, report marker, parts ---------------------------------
        if part_match or (b.heading and not is_label):
            kw = fold(part_match.group("kw")) if part_match else ""
            close()
            context = ""
            if kw in {"programme", "program", "agenda"}:
                mode = "programme"
                part, part_title = "Programme", text
                continue
            if kw.replace("-", " ") in {m.replace("-", " ") for m in REPORT_MARKERS}:
                mode = "report"
                continue
            part, part_title = part_label(text), text
            if mode == "front" and part_match:
                mode = "report"
            continue

        # --- speaker lines open a statement ------------------------------------------------
        if speaker:
            close()
            name, role, lead = speaker
            # The programme says best what someone's role in the day was (observer, grand
            # témoin...) when the report line itself does not.
            listed = next((p.kind for p in doc.programme if fold(p.name) == fold(name)), None)
            kind = kind_of(lead, context) if lead or not listed else listed
            current = Segment([], b.pages, part, part_title, "statement", name, role, kind)
            continue

        if label_kind and (current is None or current.block != "statement" or label_kind == "observer"):
            close()
            context = label_kind
            continue

        # Front and back matter typeset apart (all italic, or all bold) ends a statement.
        if (
            current is not None
            and current.block == "statement"
            and not is_label
            and (b.italic or (b.bold and not b.bullet))
        ):
            close()

        if current is None:
            current = Segment([], b.pages, part, part_title, "section")
        current.add(text, b.pages)
    close()
    close_slot()
    return doc


def speaker_table(doc: ParsedDocument, chunk_counts: dict[tuple[str, str], int]) -> list[SpeakerInfo]:
    """Speakers of the report with their chunk counts, plus programme-only people (moderators)."""
    rows: dict[tuple[str, str], SpeakerInfo] = {}
    for s in doc.segments:
        if s.block == "statement" and s.speaker:
            key = (fold(s.speaker), s.part)
            if key not in rows:
                rows[key] = SpeakerInfo(s.speaker, s.role, s.part, s.kind, chunk_counts.get((s.speaker, s.part), 0), "")
    spoken = {fold(r.name) for r in rows.values()}
    for p in doc.programme:
        if fold(p.name) not in spoken and (fold(p.name), p.part) not in rows:
            rows[(fold(p.name), p.part)] = p
    return list(rows.values())
