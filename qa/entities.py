"""Who and which part a question is about, from the speaker table built at ingest.

Questions name people by name ("Rebsamen"), by role or organisation ("le président de Cités
Unies France", "the mayor of Dijon", "le représentant d'URD") and parts by label ("session 2",
"the conclusions"). Terms of each speaker's name and role are weighted by how rare they are
among speakers, so "Dijon" or "ACTED" decide and "président" only helps.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from qa.core.text import content_words, fold
from qa.core.types import SpeakerInfo
from qa.glossary import expand_terms

_ORDINALS = {
    "premiere": "1",
    "premier": "1",
    "first": "1",
    "deuxieme": "2",
    "seconde": "2",
    "second": "2",
    "troisieme": "3",
    "third": "3",
    "quatrieme": "4",
    "fourth": "4",
}
# English role nouns whose French translations may name a speaker's role.
ROLE_NOUNS = frozenset(
    [
        "mayor",
        "mayors",
        "ambassador",
        "president",
        "chair",
        "former",
        "minister",
        "ministry",
        "secretary",
        "deputy",
        "mp",
        "member",
        "parliament",
        "director",
        "head",
        "researcher",
        "lecturer",
        "professor",
        "coordinator",
        "moderator",
        "observer",
        "witness",
        "keynote",
        "council",
        "departmental",
        "department",
        "foreign",
        "affairs",
        "university",
        "research",
    ]
)
_PART_ALIASES = {
    "ouverture": ("ouverture", "opening", "inaugural", "introductory remarks"),
    "conclusions": ("conclusion", "conclusions", "concluding", "closing", "cloture", "wrap-up", "final session"),
    "programme": ("programme", "program", "agenda", "schedule", "horaire"),
}


@dataclass(frozen=True, slots=True)
class Mentions:
    speakers: tuple[str, ...] = ()
    part: str | None = None


class EntityResolver:
    def __init__(
        self, speakers: Iterable[SpeakerInfo], parts: Iterable[str], common: frozenset[str] = frozenset()
    ) -> None:
        """`common`: folded words frequent in the proceedings' text; alone, such a word in a
        question is its topic ("the crises"), not a reference to a role that contains it."""
        self.common = common
        self.parts = list(dict.fromkeys(parts))
        self.terms: dict[str, set[str]] = {}
        self.names: dict[str, set[str]] = {}
        for s in speakers:
            name_terms = {fold(w) for w in re.findall(r"[\w'-]+", s.name) if len(w) > 2}
            self.names.setdefault(s.name, set()).update(name_terms)
            role_terms = set(content_words(s.role))
            self.terms.setdefault(s.name, set()).update(role_terms | name_terms)
        df = Counter(t for ts in self.terms.values() for t in ts)
        self.df = df
        n = max(1, len(self.terms))
        self.idf = {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}
        # Thresholds scale with the table: a name part shared by at most two speakers decides;
        # role terms must weigh about as much as one term unique to a speaker.
        self.name_idf = math.log((n + 1) / 2.5) - 1e-9
        self.min_score = 0.8 * math.log((n + 1) / 1.5)

    def names_in(self, question: str) -> tuple[str, ...]:
        """Speakers named by full name or by a name part few speakers share."""
        words = set(content_words(question))
        folded_q = fold(question)
        return tuple(
            name
            for name, parts in self.names.items()
            if fold(name) in folded_q
            or any(p in words and self.idf.get(p, 0) >= self.name_idf for p in parts if len(p) > 3)
        )

    def speakers_in(self, question: str) -> tuple[str, ...]:
        by_name = self.names_in(question)
        if by_name:
            return by_name
        words = set(content_words(question))
        # Only role nouns are translated for matching roles: "state" must not find the
        # Secrétaire d'État in "when should the State step aside?".
        words |= {fold(w) for w in expand_terms(words & ROLE_NOUNS)}
        scores: dict[str, float] = {}
        strong: set[str] = set()
        for name, terms in self.terms.items():
            hit = words & terms
            if hit:
                scores[name] = sum(self.idf.get(t, 0.0) for t in hit)
                # One word only counts when it is unique to the speaker (a city, an organisation).
                if len(hit) >= 2 or any(self.df[t] == 1 and t not in self.common for t in hit):
                    strong.add(name)
        scores = {n: v for n, v in scores.items() if n in strong}
        if not scores:
            return ()
        best = max(scores.values())
        if best < self.min_score:
            return ()
        return tuple(sorted((n for n, s in scores.items() if s >= best * 0.85), key=lambda n: -scores[n]))

    def part_in(self, question: str) -> str | None:
        q = fold(question)
        m = re.search(r"\b(?:session|seance|panel|table ronde)\s*(?:n[o°]\s*)?(\d+|[ivx]+)\b", q)
        if not m:
            m2 = re.search(r"\b(" + "|".join(_ORDINALS) + r")\s+(?:session|seance|panel)\b", q)
            num = _ORDINALS[m2.group(1)] if m2 else None
        else:
            num = m.group(1)
        if num:
            for p in self.parts:
                if re.fullmatch(rf"\w+\s+{re.escape(num)}", fold(p)):
                    return p
        for label, aliases in _PART_ALIASES.items():
            if any(re.search(rf"\b{re.escape(a)}\b", q) for a in aliases):
                for p in self.parts:
                    if fold(p) == label or fold(p) in aliases:
                        return p
        return None

    def resolve(self, question: str) -> Mentions:
        return Mentions(self.speakers_in(question), self.part_in(question))
