"""The default answerer: no LLM. It answers each kind of question on purpose, from the passages,
every statement quoted and cited, or says plainly why the documents do not hold the answer.

- who_is: the speaker table's row, quoting the line that states the role (with none, their first words);
- speaker_summary: the most central sentences of the speaker's statement, in document order;
- who_spoke: one quote per speaker whose passage holds the topic, speakers ranked;
- speaker_topic, programme, topic: the sentences that best hold the question's terms and the
  fact it asks for (a number, a date, a name), a few per passage.

Citations are numbered 1..n in the order the reader meets them (the draft carries the
passages in that order). Refusals name what is missing (a speaker nobody matches, a speaker
whose words are not reported, a name or fact not found) and list the closest passages as such.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet

from ingest.structure import part_label
from qa.answerability import (
    ANAPHORIC,
    THEN_SENTENCE,
    WHEN_TYPES,
    bound_line,
    bound_slot,
    counted_groups,
    fact_type,
    has_fact,
    is_head,
    names_counted,
)
from qa.answerers.base import AnswerRequest, Draft, DraftStream, corpus_name, refusal
from qa.core.roles import role_mentions
from qa.core.settings import AnswerSettings
from qa.core.text import content_words, detect_lang, fold, quote_units, split_sentences
from qa.core.types import Chunk, Passage, Query, SpeakerInfo
from qa.query import ANSWER_TYPES, OCCUPATION_ASKED
from qa.terms import TermMatcher, stems

INTRO = {"fr": "D'après les documents :", "en": "According to the documents:"}
# When the question's words are not there and the passages come close in meaning only.
INTRO_BY_MEANING = {
    "fr": "Les documents ne le disent pas en ces termes ; les passages les plus proches par le sens :",
    "en": "The documents do not say it in these words; the passages closest in meaning:",
}
QUOTED_IN = {("en", "fr"): " (quoted in French)", ("fr", "en"): " (citations en anglais)"}
# Sentence scoring: a prior for the passage's rank, a bonus for the asked speaker's words, for
# the asked fact and for the names the question gives (tuned on the dev set).
RANK_PRIOR = 0.25
SPEAKER_BONUS = 0.15
FACT_BONUS = 0.3
NAME_BONUS = 0.15
PART_BONUS = 0.3
# What a document says of itself: "Monday, April 27, 1998 The House met at 11 a.m.".
DOCUMENT_FACTS = ("date", "year", "time", "when", "organiser", "place")
KEEP_SHARE = 0.45  # a further sentence must score this share of the best one
WHO_SPOKE_SHARE = 0.5  # a further speaker's quote must hold this share of the best quote's topic
# ... and, lacking the most telling word the best quote holds, this share (dev pool: 8 wrong
# citations fewer, 4 right ones and 1 keyword lost, speaker accuracy unchanged; 0.8 lost 2 speakers)
WHO_SPOKE_KEY_SHARE = 0.6
# Judged by meaning too: a further speaker's best sentence must score this share of the best
# one's (dev pool: 0.5 listed more wrong speakers, 0.8 lost right ones), among each speaker's
# WHO_SPOKE_CANDIDATES best sentences by words.
WHO_SPOKE_MEANING_SHARE = 0.7
WHO_SPOKE_CANDIDATES = 3
# A programme question asks for one fact (a time, a room, a name): only lines close to the best.
PROGRAMME_KEEP_SHARE = 0.8
PER_PASSAGE = 2
PER_PROGRAMME_PASSAGE = 4
MIN_SENTENCE_CHARS = 12
# A longer "sentence" (a site's menu, a run-on line no punctuation cuts) holds the question's
# words by its length alone: its score is scaled by QUOTE_WORDS / its words.
QUOTE_WORDS = 60
# A quote this short is read with the next sentence when that one goes on about its subject
# (« L'indice de l'offre d'emploi grimpe. Il est à son plus haut niveau en sept ans. »).
SHORT_QUOTE_WORDS = 10
# A summary's sentences: this weight on centrality, the rest on being unlike those already chosen.
SUMMARY_CENTRALITY = 0.5
SUMMARY_MIN_WORDS = 8  # shorter sentences (greetings, thanks) are not a statement's main points
SHORT_ROLE_CHARS = 48
SUMMARY_STANCE_BONUS = 0.1  # added to a sentence's centrality when it takes a position (dev pool: 0.05-0.2)
# The words that take a position, in English and French.
_STANCE = re.compile(
    r"\b(?:we|i|you|they|he|she|it|one|everyone|people|government|congress)\s+(?:really\s+|all\s+|also\s+)?"
    r"(?:need|needs|must|should|have\s+to|has\s+to|ought\s+to|want|believe|call\s+on|urge)\b|"
    r"\bit\s+is\s+(?:time|essential|important|necessary|vital|crucial)\b|"
    r"\bil\s+(?:faut|fallait|faudra|faudrait)\b|\b(?:devons|doit|doivent|devrait|devraient|devrions)\b|"
    r"\bje\s+(?:crois|pense|souhaite|demande|propose|veux)\b|\bnous\s+(?:voulons|demandons|proposons|souhaitons)\b|"
    r"\bil\s+est\s+(?:essentiel|important|nécessaire|temps|indispensable|urgent)\b",
    re.I,
)
# Why the passages do not answer, by the verdict's reason: (English, French).
REFUSALS = {
    "no_speakers": (
        "No speaker's words on this subject are reported in {corpus}.",
        "Les propos d'aucun intervenant sur ce sujet ne sont rapportés dans {corpus}.",
    ),
    "off_topic": (
        "I find nothing on this in what {names} said in {corpus}.",
        "Je ne trouve rien sur ce sujet dans les propos de {names} ({corpus}).",
    ),
    "missing_name": (
        "I find no mention of “{detail}” in the passages on this subject in {corpus}.",
        "Je ne trouve aucune mention de « {detail} » dans les passages sur ce sujet ({corpus}).",
    ),
    "missing_fact": ("I do not find {what} in {corpus}.", "Je ne trouve pas {what} dans {corpus}."),
    "programme_only": (
        "The programme of {corpus} lists this, but what was said there is not reported.",
        "Le programme ({corpus}) l'annonce, mais ce qui s'y est dit n'est pas rapporté.",
    ),
}
# The kind of fact a "missing_fact" refusal names.
FACTS_ASKED = {
    "number": ("the figure asked for", "le chiffre demandé"),
    "money": ("the amount asked for", "le montant demandé"),
    "percent": ("the percentage asked for", "le pourcentage demandé"),
    "date": ("the date asked for", "la date demandée"),
    "year": ("the year asked for", "l'année demandée"),
    "when": ("the date or time asked for", "la date ou l'heure demandée"),
    "quote": ("the words in quotation marks", "les mots entre guillemets"),
    "time": ("the time asked for", "l'heure demandée"),
    "name": ("the name asked for", "le nom demandé"),
    "organiser": ("the organiser", "l'organisateur"),
    "place": ("the place", "le lieu"),
    "reaction": ("the room's reaction", "la réaction de la salle"),
    "title": ("the title asked for", "le titre demandé"),
    "age": ("the age asked for", "l'âge demandé"),
    "floor": ("the audience's questions", "les questions de la salle"),
    "later": ("what came after", "ce qui a suivi"),
    "proposal": ("any proposal", "de proposition"),
    "reason": ("the reason", "la raison"),
    "view": ("a view stated (only questions asked)", "d'avis exprimé (seulement des questions posées)"),
    "tally": ("the vote count", "le décompte des voix"),
}
# What the programme says a speaker does, by their kind.
KIND_VERBS = {
    "fr": {
        "moderator": "anime",
        "grand témoin": "est grand témoin de",
        "observer": "observe",
        "": "figure au programme de",
    },
    "en": {
        "moderator": "moderates",
        "grand témoin": "is the keynote witness of",
        "observer": "observes",
        "": "is on the programme of",
    },
}


def short_role(role: str) -> str:
    """The first clause of a role, bounded: attributions under quotes stay short."""
    first = re.split(r",|;| et | and |\(", role, maxsplit=1)[0].strip()
    return first if len(first) <= SHORT_ROLE_CHARS else first[: SHORT_ROLE_CHARS - 1].rstrip() + "…"


def attribution(chunk: Chunk) -> str:
    """Attribution "Name, short role, p. N" for a quote; the document, part and page when nobody speaks."""
    page = _pages(chunk.pages)
    if chunk.speaker:
        bits = [chunk.speaker, short_role(chunk.role) if chunk.role else "", page]
    elif chunk.block == "programme":
        slot = part_label(chunk.part_title) if chunk.part_title else ""
        bits = ["Programme" + (f" ({slot})" if slot and slot != "Programme" else ""), chunk.source, page]
    else:
        bits = [chunk.part if chunk.part not in ("", "Introduction") else "", chunk.source, page]
    return ", ".join(b for b in dict.fromkeys(bits) if b)


def _pages(pages: tuple[int, ...]) -> str:
    if not pages:
        return ""
    return f"p. {pages[0]}" if pages[0] == pages[-1] else f"pp. {pages[0]}-{pages[-1]}"


# Sentences a question's quote is chosen from that are also compared with it in the embedding
# space: the best this many by their words (as good as all of them on the dev sets, and bounded).
SIMILARITY_CANDIDATES = 32

# The cosine of a question with each of some sentences (the embedder's), in order.
Similarity = Callable[[str, Sequence[str]], Sequence[float]]


class ExtractiveAnswerer:
    """Quotes the passages; needs no generative model.

    :param settings: the `answer` section (max_sentences, quote_similarity_weight).
    :param matcher: returns the corpus's `TermMatcher` (built lazily by the assistant).
    :param similarity: question-sentence cosines from the index's embedder, used to choose quotes
        when `quote_similarity_weight` is above 0; None: words alone.
    """

    name = "extractive"

    def __init__(
        self, settings: AnswerSettings, matcher: Callable[[], TermMatcher], similarity: Similarity | None = None
    ) -> None:
        self.settings = settings
        self._matcher = matcher
        self._similarity = similarity

    # --- the stream ---------------------------------------------------------------------------
    def stream(self, req: AnswerRequest) -> DraftStream:
        """Yield the answer line by line; return the draft with its citations' passages."""
        lang = req.lang
        if not req.verdict.answerable:
            text = self.refusal_text(req)
            yield text
            return Draft(text, refused=True, support=req.verdict.support)
        kind = req.query.kind
        if kind == "who_is":
            picks = self.who_is(req)
        elif kind == "speaker_summary":
            picks = self.summary(req)
        elif kind == "who_spoke":
            picks = self.who_spoke(req)
        else:
            picks = self.pick_sentences(req)
        if not picks:
            text = refusal(lang, req.corpus)
            yield text
            return Draft(text, refused=True, support=req.verdict.support)
        # Number the cited passages in the order the reader meets them.
        order: list[int] = []
        for i, _ in picks:
            if i not in order:
                order.append(i)
        number = {i: n for n, i in enumerate(order, 1)}
        cited = [req.passages[i] for i in order]
        rest = [p for j, p in enumerate(req.passages) if j not in number]
        # What the quotes are in; a line of names and titles says nothing: the corpus's language.
        source_lang = detect_lang(" ".join(s for _, s in picks), tie=self._matcher().corpus_lang)
        lead = (INTRO_BY_MEANING if req.verdict.by_meaning else INTRO)[lang]
        intro = lead.rstrip(":").rstrip() + QUOTED_IN.get((lang, source_lang), "") + (" :" if lang == "fr" else ":")
        lines = [intro]
        quotes: dict[int, str] = {}
        yield intro + "\n"
        for i, sentence in picks:
            n = number[i]
            line = f"- « {sentence} » — {attribution(req.passages[i].chunk)} [{n}]"
            quotes.setdefault(n, sentence)
            lines.append(line)
            yield line + "\n"
        return Draft("\n".join(lines), quotes=quotes, support=req.verdict.support, passages=cited + rest)

    # --- refusals -----------------------------------------------------------------------------
    def refusal_text(self, req: AnswerRequest) -> str:
        """Why the documents do not answer, in the question's language, with the closest
        passages named as such (not quoted as an answer)."""
        v, q, lang = req.verdict, req.query, req.lang
        corpus = req.corpus or corpus_name([], lang)
        rows = {r.name: r for r in req.facts}
        if v.reason == "unknown_speaker":
            near = ", ".join(_who(rows[n], lang) if n in rows else n for n in q.nearest)
            if lang == "en":
                text = f"No speaker in {corpus} matches “{v.detail}”."
                return text + (f" Nearest speakers: {near}." if near else "")
            text = f"Aucun intervenant ne correspond à « {v.detail} » dans {corpus}."
            return text + (f" Intervenants les plus proches : {near}." if near else "")
        if v.reason == "no_statement":
            parts = [_on_programme(n, [r for r in req.facts if r.name == n], lang) for n in q.speakers]
            if lang == "en":
                return f"{'; '.join(parts)}, but their words are not reported in {corpus}."
            return f"{' ; '.join(parts)}, mais ses propos ne sont pas rapportés dans {corpus}."
        template = REFUSALS.get(v.reason)
        if template is not None:
            what = FACTS_ASKED.get(v.detail, FACTS_ASKED["name"])
            text = template[lang == "fr"].format(
                corpus=corpus, names=", ".join(q.speakers), detail=v.detail, what=what[lang == "fr"]
            )
        else:
            text = refusal(lang, corpus)
        closest = list(dict.fromkeys(attribution(p.chunk) for p in req.passages))[:3]
        if closest:
            head = (
                "Closest passages (they do not answer)"
                if lang == "en"
                else "Passages les plus proches (sans la réponse)"
            )
            text += f"\n{head} : " if lang == "fr" else f"\n{head}: "
            text += " ; ".join(closest) if lang == "fr" else "; ".join(closest)
        return text

    # --- question kinds -----------------------------------------------------------------------
    def who_is(self, req: AnswerRequest) -> list[tuple[int, str]]:
        """For each asked speaker, the line that states who they are (the passages the
        assistant gathered: intro lines, programme lines, then their statements)."""
        picks: list[tuple[int, str]] = []
        for name in req.query.speakers:
            found = None
            for i, p in enumerate(req.passages):
                c = p.chunk
                if c.block == "intro" and c.speaker == name:
                    found = (i, c.text.strip())
                    break
            if found is None:
                for i, p in enumerate(req.passages):
                    c = p.chunk
                    line = next((ln for ln in c.text.split("\n") if _names(ln, name)), None)
                    if c.block == "programme" and line:
                        found = (i, line.strip())
                        break
            if found is None:
                role = next((r.role for r in req.facts if r.name == name and r.role), "")
                found = next(
                    (
                        (i, sent)
                        for i, p in enumerate(req.passages)
                        if p.chunk.block != "programme"
                        for sent in split_sentences(p.chunk.text)
                        if states_role(sent, name, role)
                    ),
                    None,
                )
            if found is not None and req.passages[found[0]].chunk.speaker != name:
                # Stated by someone else: their line, then the speaker's own passage with the role.
                picks.append(found)
                found = None
                if not any(p.chunk.speaker == name and p.chunk.role for p in req.passages):
                    continue
            if found is None:
                for i, p in enumerate(req.passages):
                    if p.chunk.speaker == name and p.chunk.role:
                        found = (i, f"{name}, {p.chunk.role}")
                        break
            if found is None and not any(r.role for r in req.facts if r.name == name):
                # No role in the speaker table: how someone else first named them, with the
                # sentence after (a host's « … avec Audrey Tang. Bonsoir, programmatrice de
                # logiciels libres taïwanaise. »).
                introduced = _introduced(req.passages, name)
                picks += introduced  # then their own first words, theirs
            if found is None:
                # No role stated anywhere (a news presenter, a reporter): their first words
                # show what part they take, cited, rather than a refusal.
                # (a greeting, « Bonsoir. », shows nothing: their first sentence that says
                # something, else their first)
                own = [
                    (i, first.strip())
                    for i, p in enumerate(req.passages)
                    if p.chunk.speaker == name and p.chunk.block == "statement"
                    for first in split_sentences(p.chunk.text)
                    if first.strip()
                ]
                found = next((x for x in own if len(x[1].split()) >= FIRST_WORDS_MIN), own[0] if own else None)
            if found is not None:
                picks.append(found)
            if OCCUPATION_ASKED.search(req.query.text):
                # what they do, in their words, beyond the role already quoted
                said = {s for _, s in picks}
                known = {m.canonical for r in req.facts if r.name == name for m in role_mentions(r.role)}
                described = next(
                    (
                        (i, sent)
                        for i, p in enumerate(req.passages)
                        if p.chunk.speaker == name and p.chunk.block == "statement"
                        for sent in split_sentences(p.chunk.text)
                        if sent not in said and describes_self(sent, known)
                    ),
                    None,
                )
                if described is not None:
                    picks.append(described)
        if req.query.answer_type in WHEN_TYPES:
            # "Who moderated session 3, and when did it start?": the slot's line with the hour too.
            for i, line in list(picks):
                c = req.passages[i].chunk
                if c.block != "programme":
                    continue
                # The slot's heading: the nearest line with the hour before the one that names
                # them, in their programme passage or, cut by a page, the part's one before it.
                lines = [ln.strip() for ln in c.text.split("\n")]
                before = [(i, ln) for ln in reversed(lines[: lines.index(line) if line in lines else len(lines)])]
                before += [
                    (j, ln.strip())
                    for j, p in enumerate(req.passages)
                    if p.chunk.block == "programme"
                    and p.chunk.part_title == c.part_title
                    and p.chunk.position < c.position
                    for ln in reversed(p.chunk.text.split("\n"))
                ]
                when = next(((j, ln) for j, ln in before if has_fact(req.query.answer_type, ln)), None)
                if when and when not in picks:
                    picks.insert(picks.index((i, line)), when)
        return picks

    def summary(self, req: AnswerRequest) -> list[tuple[int, str]]:
        """The most central sentences of the speaker's statements (TF-IDF cosine to the
        centroid of the words they recur to), in document order, one to `max_sentences`."""
        idf = self._matcher().idf
        items: list[tuple[int, int, str, dict[str, float]]] = []
        short: list[tuple[int, str]] = []
        for i, p in enumerate(req.passages):
            c = p.chunk
            if c.block != "statement" or c.speaker not in req.query.speakers:
                continue
            for j, s in enumerate(split_sentences(c.text)):
                if len(s.split()) < SUMMARY_MIN_WORDS:
                    short.append((i, s))
                    continue
                vec = _tfidf(s, idf)
                if vec:
                    items.append((c.position * 1000 + j, i, s, vec))
        if not items:
            # Someone who only ever spoke briefly ("Très bien !"): their words are all there is.
            return list(dict.fromkeys(short))[: self.settings.max_sentences]
        # The centroid counts the sentences each word recurs in: what a speaker comes back to
        # ("Uvalde", "guns") is their subject even when the whole document speaks of it (low
        # IDF); the sentences themselves stay weighted by IDF. Pool: keywords 510 -> 513 of 608.
        centroid: Counter[str] = Counter()
        for *_, vec in items:
            centroid.update(dict.fromkeys(vec, 1.0))
        central = {pos: _cosine(vec, centroid) for pos, _, _, vec in items}
        # A main point is a position taken ("we need background checks", « il faut… »), more than
        # the story told around it (cue phrases). Pool: keywords 610 -> 615 of 711, 5 documents.
        central = {pos: central[pos] + SUMMARY_STANCE_BONUS * bool(_STANCE.search(s)) for pos, _, s, _ in items}
        # Maximal marginal relevance: each further sentence central, and unlike those chosen,
        # so that a statement's several points are each heard once.
        chosen: list[tuple[int, int, str, dict[str, float]]] = []
        seen: set[str] = set()
        pool = sorted(items, key=lambda t: -central[t[0]])
        while pool and len(chosen) < self.settings.max_sentences:
            best = max(
                pool,
                key=lambda t: (
                    SUMMARY_CENTRALITY * central[t[0]]
                    - (1 - SUMMARY_CENTRALITY) * max((_cosine(t[3], Counter(c[3])) for c in chosen), default=0.0)
                ),
            )
            pool.remove(best)
            key = re.sub(r"\W+", "", best[2].lower())
            if key in seen:
                continue  # overlapping chunks repeat sentences
            seen.add(key)
            chosen.append(best)
        return [(i, s) for _, i, s, _ in sorted(chosen, key=lambda t: t[0])]

    def _by_meaning(self, q: Query, scored: list[tuple[float, int, int, str]]) -> list[tuple[float, int, int, str]]:
        """Add to the best candidates' scores how much closer to the question each is in the
        embedding space than the farthest of them: the words a question and its answer share
        miss paraphrases and translations ("what is holding back…" / « moyens financiers »).
        Pool of dev questions: keywords 515 -> 530 of 608, citation precision unchanged."""
        weight = self.settings.quote_similarity_weight
        if self._similarity is None or not weight or len(scored) < 2:
            return scored
        ranked = sorted(scored, key=lambda t: (-t[0], t[1], t[2]))
        head, rest = ranked[:SIMILARITY_CANDIDATES], ranked[SIMILARITY_CANDIDATES:]
        sims = self._similarity(q.standalone or q.text, [t[3] for t in head])
        low = min(sims)
        return [
            (score + weight * (sim - low), i, j, s) for (score, i, j, s), sim in zip(head, sims, strict=True)
        ] + rest

    def who_spoke(self, req: AnswerRequest) -> list[tuple[int, str]]:
        """One quote per speaker whose passage holds the topic, best speakers first."""
        matcher = self._matcher()
        groups = matcher.groups(req.query)
        # Each speaker's sentences: (score with the rank prior, passage index, sentence, topic held).
        per: dict[str, list[tuple[float, int, str, float]]] = {}
        for i, p in enumerate(req.passages):
            c = p.chunk
            if c.block != "statement" or not c.speaker:
                continue
            for s in split_sentences(c.text):
                held = matcher.coverage(groups, s, req.query.lang)
                per.setdefault(c.speaker, []).append((held + RANK_PRIOR / (i + 1), i, s, held))
        if not per:
            return self.pick_sentences(req)
        weight = self.settings.quote_similarity_weight
        if self._similarity is not None and weight:
            return self._who_spoke_by_meaning(req, per, self._similarity, weight)
        best = {sp: max(v, key=lambda t: t[0]) for sp, v in per.items()}
        # Each speaker listed holds enough of the topic themselves (the rank prior orders them,
        # it does not make a speaker who barely touched it one who spoke of it).
        top = max(v[3] for v in best.values())
        ranked = sorted(best.values(), key=lambda t: -t[0])
        # ... and the most telling word the best quote holds ("health" in "which speakers listed
        # health among the fields where local governments act"), or much of the topic besides.
        lead = max(best.values(), key=lambda t: t[3])[2]
        held_groups = [g for g in groups if matcher.covers(g, lead, req.query.lang)]
        key = max(held_groups, key=matcher.weight, default=None)
        return [
            (i, s)
            for _, i, s, held in ranked[: self.settings.max_sentences + 1]
            if held >= top * WHO_SPOKE_SHARE
            and (key is None or held >= top * WHO_SPOKE_KEY_SHARE or matcher.covers(key, s, req.query.lang))
        ]

    def _who_spoke_by_meaning(
        self,
        req: AnswerRequest,
        per: dict[str, list[tuple[float, int, str, float]]],
        similarity: Similarity,
        weight: float,
    ) -> list[tuple[int, str]]:
        """`who_spoke` when sentences are also judged by meaning: each speaker's few best
        sentences by words gain the embedder's closeness to the question (above the farthest of
        them), and a speaker is listed when their best holds WHO_SPOKE_MEANING_SHARE of the best
        speaker's: "international work outlasts political changes" is said in other words.
        Dev pool (50 who_spoke questions): citation precision 0.695 -> 0.736, keywords 45 -> 47
        of 55, speakers 46 -> 47 of 50."""
        heads = {sp: sorted(v, key=lambda t: -t[0])[:WHO_SPOKE_CANDIDATES] for sp, v in per.items()}
        flat = [t for v in heads.values() for t in v]
        sims = similarity(req.query.standalone or req.query.text, [t[2] for t in flat])
        low = min(sims)
        meant = {t[2]: weight * (sim - low) for t, sim in zip(flat, sims, strict=True)}
        best = [
            max(((score + meant[s], i, s, held + meant[s]) for score, i, s, held in v), key=lambda t: t[0])
            for v in heads.values()
        ]
        top = max(t[3] for t in best)
        ranked = sorted(best, key=lambda t: -t[0])
        return [
            (i, s)
            for _, i, s, held in ranked[: self.settings.max_sentences + 1]
            if held >= top * WHO_SPOKE_MEANING_SHARE
        ]

    def pick_sentences(self, req: AnswerRequest) -> list[tuple[int, str]]:
        """(passage index, sentence) pairs, best first, a few per passage at most."""
        matcher = self._matcher()
        q = req.query
        slot = bound_slot(q, [p.chunk for p in req.passages])
        if slot is not None:  # when the whole day began or ended: its programme's first or last hour
            at = next(i for i, p in enumerate(req.passages) if p.chunk is slot)
            return [(at, bound_line(q, slot))]
        groups = matcher.groups(q)
        asked = set(q.speakers)
        # Asked what someone said, and their statements are at hand: the programme line that
        # merely lists them, and the line that introduces them, are no answer.
        said = bool(asked) and any(p.chunk.block == "statement" and p.chunk.speaker in asked for p in req.passages)
        scored: list[tuple[float, int, int, str]] = []
        asked_words = frozenset(content_words(q.text))
        asked_fact = fact_type(q)
        # "Quel jour et à quelle heure… ?" asks both; the query keeps the first type only.
        facts_asked = [t for t, rx in ANSWER_TYPES if t in DOCUMENT_FACTS and rx.search(q.text)]
        counted = counted_groups(q, groups, matcher)

        def counts_asked(s: str, near: bool = False) -> bool:  # a figure of what is counted (`Query.counted`)
            return names_counted(matcher, counted, q.lang, s, asked_words, near)

        heads_stating: set[int] = set()
        heads_named: set[int] = set()  # ... whose line also holds every name asked
        answering: set[tuple[int, int]] = set()  # (passage, sentence) holding the asked fact
        slots_stating: set[int] = set()
        units: dict[int, list[str]] = {}
        for i, p in enumerate(req.passages):
            c = p.chunk
            if said and c.block in ("programme", "intro"):
                continue
            if asked and q.kind == "speaker_topic" and c.speaker and c.speaker not in asked:
                continue  # a question about X quotes X
            sentences = c.text.split("\n") if c.block == "programme" else quote_units(c.text)
            units[i] = sentences
            prior = RANK_PRIOR / (i + 1) + (SPEAKER_BONUS if c.speaker and c.speaker in asked else 0.0)
            part_label = fold(q.part) if q.part else ""
            head = q.about_document and is_head(c)
            for j, s in enumerate(sentences):
                if head:
                    # The document's own date and time: its head's lines that state those asked.
                    facts = sum(has_fact(t, s) for t in facts_asked)
                    # "… Paris time …": the line that also holds the names asked ("22h à Paris")
                    named = NAME_BONUS * sum(matcher.has_name(n, s, q.lang) for n in q.names)
                    scored.append((facts * (1.0 + FACT_BONUS) + prior + named if facts else 0.0, i, j, s))
                    if facts:
                        heads_stating.add(i)
                        if q.names and named == NAME_BONUS * len(q.names):
                            heads_named.add(i)
                    continue
                held = matcher.coverage(groups, s, q.lang)
                score = held + prior
                if q.answer_type and has_fact(asked_fact, s, asked_words):
                    named = counts_asked(s, near=True)
                    if named:
                        score += FACT_BONUS
                    # The sentence before may say what the fact is about ("…10 millions de
                    # retraités. Il y en a aujourd'hui 17 millions.").
                    named_before = j > 0 and counts_asked(pair := f"{sentences[j - 1]} {s}")
                    if named_before:
                        score = max(score, matcher.coverage(groups, pair, q.lang) + prior + FACT_BONUS)
                    # A date, the room's reaction, a figure of what is counted ("10 000 ouvrages"),
                    # in a sentence about the question: what answers it.
                    if held > 0 and (
                        q.answer_type in (*WHEN_TYPES, "reaction", "title", "age")
                        or (counted and (named or named_before))
                    ):
                        answering.add((i, j))
                    # ... or the one after, that says it came of it (« En 2015, … opte pour… C'est
                    # ainsi que l'Initiative est lancée. »).
                    if q.answer_type in WHEN_TYPES and j + 1 < len(sentences) and THEN_SENTENCE.match(sentences[j + 1]):
                        both = f"{s} {sentences[j + 1]}"
                        after = matcher.coverage(groups, both, q.lang)
                        if after > held and counts_asked(both):
                            score = max(score, after + prior + FACT_BONUS)
                            answering.add((i, j))
                            if both in c.text:
                                s = both  # quoted with what it tells of
                score += NAME_BONUS * sum(matcher.has_name(n, s, q.lang) for n in q.names)
                words = len(s.split())
                if words > QUOTE_WORDS:
                    score = prior + (score - prior) * QUOTE_WORDS / words
                if part_label and c.block == "programme" and re.search(rf"\b{re.escape(part_label)}\b", fold(s)):
                    score += PART_BONUS  # the programme line of the part asked about
                    if q.kind == "programme" and q.answer_type and has_fact(q.answer_type, s):
                        slots_stating.add(i)
                scored.append((score, i, j, s))
        scored = self._by_meaning(q, scored)
        if heads_stating:
            # The document's own date or time, stated in its head: nothing else answers it; its
            # title and front lines say it over a speaker's opening words ("…tabled on 14th May").
            unspoken = {i for i in heads_stating if req.passages[i].chunk.block != "statement"}
            scored = [t for t in scored if t[1] in (heads_named or unspoken or heads_stating)]
        elif slots_stating:
            # When a part of the programme was: its programme line says it.
            scored = [t for t in scored if t[1] in slots_stating]
        elif answering:
            # "When was…": a sentence about it without a date or an hour does not answer (nor,
            # asked how the room took it, one without the transcript's note of it).
            scored = [t for t in scored if (t[1], t[2]) in answering]
        scored.sort(key=lambda t: (-t[0], t[1], t[2]))
        fact, holder = req.verdict.fact, req.verdict.answering
        if (
            q.answer_type
            and fact
            and holder is not None
            and scored
            and not has_fact(asked_fact, scored[0][3], asked_words)
        ):
            # The best sentence lacks the asked fact, which the judge found in a sentence that
            # does not repeat the question's words (« L'ancien sénateur … avait 93 ans. », its
            # subject named the passage before): that one leads.
            lead = next(
                (t for t in scored if req.passages[t[1]].chunk.id == holder.id and (t[3] in fact or fact in t[3])), None
            )
            if lead is not None:
                scored = [(scored[0][0] + FACT_BONUS, *lead[1:]), *(t for t in scored if t is not lead)]
        per_passage: Counter[int] = Counter()
        picks: list[tuple[int, str]] = []
        seen: set[str] = set()
        best = scored[0][0] if scored else 0.0
        keep = PROGRAMME_KEEP_SHARE if q.kind == "programme" else KEEP_SHARE
        for score, i, j, s in scored:
            if len(picks) >= self.settings.max_sentences or (picks and score < best * keep):
                break
            key = re.sub(r"\W+", "", s.lower())
            cap = PER_PROGRAMME_PASSAGE if req.passages[i].chunk.block == "programme" else PER_PASSAGE
            if per_passage[i] >= cap or len(key) < MIN_SENTENCE_CHARS or key in seen:
                continue
            seen.add(key)
            per_passage[i] += 1
            picks.append((i, self._with_next(req.passages[i].chunk, units.get(i, []), j, s)))
            seen.add(re.sub(r"\W+", "", picks[-1][1].lower()))
        return picks

    @staticmethod
    def _with_next(chunk: Chunk, sentences: Sequence[str], j: int, s: str) -> str:
        """`s`, with the sentence after it when `s` is short and the next one goes on about its
        subject (a pronoun or « ce/cet/cette… »): a quote that says what it is about and what of it."""
        if chunk.block != "statement" or len(s.split()) >= SHORT_QUOTE_WORDS or j + 1 >= len(sentences):
            return s
        after = sentences[j + 1]
        both = f"{s} {after}"
        if ANAPHORIC.match(after) is None or len(both.split()) > QUOTE_WORDS or both not in chunk.text:
            return s
        return both


# "You are the … Fellow at Downing College": counsel states the witness's role to them.
_YOU_ARE = re.compile(r"\b(?:you\s+are|you're|vous\s+êtes|tu\s+es)\b", re.I)


# A speaker saying what they do: « Je suis directeur d'une association », "I'm a nurse"
SELF_DESCRIBED = re.compile(
    r"\b(?:je\s+suis|j['’]\s*[ée]tais|je\s+travaille|mon\s+m[ée]tier|I\s+am|I['’]m|I\s+was|I\s+work)\b", re.I
)


def describes_self(sentence: str, known: AbstractSet[str] = frozenset()) -> bool:
    """Whether a speaker's sentence says what they do (« Je suis directeur d'une association »),
    with a role noun beyond those `known` (canonical)."""
    return SELF_DESCRIBED.search(sentence) is not None and any(
        m.canonical not in known for m in role_mentions(sentence)
    )


def states_role(sentence: str, name: str, role: str) -> bool:
    """Whether a sentence states `name`'s role: names them (or speaks to them) with at least
    half the words of the role the speaker table gives."""
    role_words = {fold(w) for w in content_words(role)}
    if not role_words:
        return False
    words = {fold(w) for w in re.findall(r"[\w'’-]+", sentence)}
    held = len(role_words & words)
    if held < max(1, math.ceil(len(role_words) / 2)):
        return False
    named = any(fold(part) in words for part in re.findall(r"[\w'’-]+", name) if len(part) > 2)
    return named or (held >= 2 and _YOU_ARE.search(sentence) is not None)


def _who(row: SpeakerInfo, lang: str) -> str:
    return f"{row.name} ({short_role(row.role)})" if row.role else row.name


def _on_programme(name: str, rows: Sequence[SpeakerInfo], lang: str) -> str:
    """What the programme says a speaker does: "X (role) anime Session 1 et Conclusions"."""
    if not rows:
        return name
    parts = list(dict.fromkeys(r.part for r in rows if r.part))
    joined = (" et " if lang == "fr" else " and ").join(parts)
    verb = KIND_VERBS[lang].get(rows[0].kind, KIND_VERBS[lang][""])
    return f"{_who(rows[0], lang)} {verb} {joined}".rstrip()


INTRODUCTION_WORDS = 12  # a naming sentence this short is quoted with the sentence after it
NEXT_TURN_CHUNKS = 2  # the introducer's next turn, after the named one's greeting
FIRST_WORDS_MIN = 4  # a speaker's first sentence shorter than this is a greeting, no sign of their part


def _introduced(passages: Sequence[Passage], name: str) -> list[tuple[int, str]]:
    """Where another speaker first names `name` (document order), as (passage, quote) picks: the
    sentence that names them, with the one after when it is short (the description follows),
    or, when it ends the turn (« Saskia Sassen, bonsoir. », she answers « Bonsoir. »), with the
    opening of the same speaker's next turn (« … Sociologue économiste néerlando-américaine. »)."""
    best: tuple[int, list[tuple[int, str]]] | None = None
    for i, p in enumerate(passages):
        c = p.chunk
        if c.block != "statement" or not c.speaker or c.speaker == name:
            continue
        sentences = split_sentences(c.text)
        for j, sent in enumerate(sentences):
            if not _names(sent, name):
                continue
            picks = [(i, sent)]
            if len(sent.split()) <= INTRODUCTION_WORDS:
                # A short naming sentence describes no one by itself: only with what follows.
                both = f"{sent} {sentences[j + 1]}" if j + 1 < len(sentences) else ""
                if both and both in c.text:
                    picks = [(i, both)]
                else:
                    after = next(
                        (
                            (k, x.chunk)
                            for k, x in enumerate(passages)
                            if x.chunk.source == c.source
                            and x.chunk.speaker == c.speaker
                            and c.position < x.chunk.position <= c.position + NEXT_TURN_CHUNKS
                        ),
                        None,
                    )
                    if after is None:
                        break
                    opening = " ".join(split_sentences(after[1].text)[:2])
                    others = {x.chunk.speaker for x in passages} - {name, c.speaker, ""}
                    if (
                        not opening
                        or opening not in after[1].text
                        or len(opening.split()) > QUOTE_WORDS
                        or any(_names(opening, o) for o in others)  # it introduces someone else
                    ):
                        break
                    picks.append((after[0], opening))
            if best is None or c.position < best[0]:
                best = (c.position, picks)
            break
    return best[1] if best is not None else []


def _names(line: str, name: str) -> bool:
    from qa.core.text import fold

    return fold(name) in fold(line)


def _tfidf(text: str, idf: dict[str, float]) -> dict[str, float]:
    counts = Counter(t for t in stems(text) if t in idf)
    return {t: n * idf[t] for t, n in counts.items()}


def _cosine(a: dict[str, float], b: Counter[str]) -> float:
    dot = sum(v * b.get(t, 0.0) for t, v in a.items())
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def cited_passages(picks: Sequence[tuple[int, str]], passages: Sequence[Passage]) -> list[Passage]:
    """The passages the picks cite, in the order the reader meets them."""
    order: list[int] = []
    for i, _ in picks:
        if i not in order:
            order.append(i)
    return [passages[i] for i in order]
