"""Question analysis: a question and its conversation in, a typed `Query` out, once.

Retrieval, answerability and the answerers all read the `Query` rather than re-reading the
string. The analysis answers, in this order:

1. Does the question refer back to the conversation (a pronoun, "et… ?", "and… ?", an
   ellipsis)? Only then are earlier questions used; a question naming its own subject stands
   alone.
2. Who is it about? Speakers named by name (a full name, or a name part few speakers share),
   by role ("le maire de Dijon", "the head of ACTED": a role noun of qa/core/roles.py and what follows
   it must match the speaker's stated role), carried from the conversation, or given as a filter.
   A person or role the question asks about that matches no speaker is kept as `unknown`, with
   the nearest speakers the proceedings do have.
3. What kind of question is it (`QueryKind`), and what kind of fact must the answer hold
   (`AnswerType`: a number, a date, a time)?
4. What is it about (`topic`: the content words left once question words, the speakers'
   names and the role words are set aside) and which names must the answer contain (`names`:
   proper nouns, acronyms, years, other than the speakers')?

Question forms are grammars of how people ask in French and English, not lists of eval
questions: a newcomer adds a form to `SUBJECT_FORMS` or `KIND_FORMS` with a test.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from qa.bridge import COGNATE_MIN_TRIGRAMS, acronym_twin, similar
from qa.bridge import _trigrams as trigrams
from qa.core.lexicon import french_only, is_word
from qa.core.roles import (
    APPOINTED_OFFICES,
    EXCLUSIVE_OFFICES,
    GENERIC,
    HEAD_ROLES,
    MODIFIERS,
    ORGANISATION_KINDS,
    ROLE_FORMS,
    SECOND_HOLDER,
    RoleMention,
    former_before,
    forms_of,
    is_former,
    marked,
    role_mentions,
)
from qa.core.runtime import paused_gc
from qa.core.text import (
    ENGLISH_STOP,
    FRENCH_STOP,
    MONTH_WORDS,
    content_words,
    detect_lang,
    fold,
    month_year,
    stem_tokens,
    strip_honorific,
)
from qa.core.types import AnswerType, Query, QueryKind, SpeakerInfo, SpeakerSource

_APOS = re.compile(r"[’‘`´]")
# How nationality adjectives end: "French", "Spanish", "Lebanese", "Italian", "Iraqi";
# « française », « libanais », « tunisien », « marocaine ».
_NATIONALITY_SHAPE = re.compile(r"^[A-Z]\w+(?:ch|ish|ese|an|ian|i)$|^\w+(?:ais|aise|ien|ienne|ain|aine|ois|oise)$")
# Words that ask for a summary wherever they stand in the question.
_SUMMARY_CUE = re.compile(
    r"\b(?:r[ée]sum\w*|synth[ée]tis\w*|sum\s+up|summ?ar[iy]\w*|recap\w*|rundown|overview|gist|"
    r"main\s+points|key\s+points|takeaways?|grandes\s+lignes|points?\s+(?:principaux|cl[ée]s|essentiels)|"
    # the position they hold, asked with no subject: « la thèse défendue par X », "X's stance"
    r"th[èe]ses?|thesis|stance|position|point\s+de\s+vue|main\s+argument|argument\s+(?:principal|central))\b",
    re.I,
)
# What introduces a subject in a question: "on", "about", « sur », « au sujet de », « dit de ».
_TOPIC_MARKER = re.compile(
    r"\b(?:on|about|regarding|concerning|over|sur|concernant|quant\s+à|vis-à-vis|à\s+propos|au\s+sujet|"
    r"en\s+matière|(?:dit|dire|parle|parlé|pense|pensé)\s+(?:de|du|des|d'))\b",
    re.I,
)
# Who belongs to a group the question names ("the Front National member"), when no role says it.
_GROUP_MEMBERS = frozenset({"membre", "elu"})
MAX_HEADS_READ = 50  # speakers whose statements "the NGO head" may read, at most
# Groups a person leads or owns: "Lardic's list", « l'équipe de X ».
_GROUP_NOUNS = (
    r"(?:list|lists|ticket|team|party|government|administration|campaign|staff|office|cabinet|side|camp|group|"
    r"liste|equipe|parti|gouvernement|campagne|groupe|camp)"
)
# What a subject is said to be, between commas after it: ", who wrote the report", ", qui…".
_APPOSITION = re.compile(
    r"\s*,\s*(?:who|which|whose|qui|que|dont|the|a|an|le|la|les|l'|un|une|[A-Z][\w'’-]*['’]s"
    # « X, cité par la liste… », "X, mentioned by the mayor": a participle and its agent
    r"|[a-zà-ÿ]+(?:é|ée|és|ées|ed)\s+(?:par|by|dans|in|à|au|aux|comme|as|during|pendant|lors))\b.*$"
)
# The first word of a question's later sentence (after "day." or "?", not after "Mr." or "U.S.").
_SENTENCE_START = re.compile(r"(?:(?<=[a-zà-ÿ]{3}\.)|(?<=[?!]))\s+[^\w\s]*\w+")

# The kinds of body someone may head or work for ("quelle structure dirige-t-il ?").
_ORGANISATION_WORDS = (
    r"organisation|organi[sz]ation|organisme|institution|structure|entreprise|association|ong|ngo|company|"
    r"agency|agence|body|group|groupe|network|r[ée]seau|think\s+tank|laboratoire|lab|firm|outlet"
)

# --- how questions name who they are about --------------------------------------------------
# Each form captures the subject slot (`subj`); `kind` is what the form asks when the subject
# is all there is (no topic left).
_SAY_FR = (
    r"dit|disait|dira|a\s+dit|avait\s+dit|pense|pensait|a\s+pensé|déclare|a\s+déclaré|affirme|a\s+affirmé|"
    r"explique|a\s+expliqué|raconte|a\s+raconté|souligne|a\s+souligné|retient|défend|a\s+défendu|"
    r"propose|a\s+proposé|évoque|a\s+évoqué|estime|a\s+estimé|conclut|a\s+conclu|répond|a\s+répondu|"
    r"demande|a\s+demandé|réclame|a\s+réclamé|annonce|a\s+annoncé|critique|a\s+critiqué|promet|a\s+promis|"
    r"souhaite|a\s+souhaité|veut|voulait|regrette|a\s+regretté|rappelle|a\s+rappelé|"
    r"rapporte|a\s+rapporté|note|a\s+noté|ajoute|a\s+ajouté|révèle|a\s+révélé|reconnaît|a\s+reconnu"
)
_SAY_EN = (
    r"say|said|think|thought|argue|argued|claim|claimed|state|stated|mention|mentioned|explain|explained|"
    r"stress|stressed|propose|proposed|recommend|recommended|suggest|suggested|tell|told|conclude|concluded|"
    r"believe|believed|talk|talked|speak|spoke|answer|answered|reply|replied|discuss|discussed|describe|described|"
    r"ask|asked|call|called|urge|urged|request|requested|demand|demanded|announce|announced|insist|insisted|"
    r"promise|promised|warn|warned|criticise|criticised|criticize|criticized|defend|defended|want|wanted|"
    r"report|reported|note|noted|add|added|reveal|revealed|admit|admitted|acknowledge|acknowledged"
)
# A person's name as a question writes it: an optional honorific, then one to four capitalised words.
_NAME = (
    r"(?!(?:pourquoi|comment|quand|où|ou|que|qu|quel\w*|et|mais|alors|why|how|when|where|what|which|who|and|so|but|"
    r"did|does|do)\b)"
    r"(?:(?:M|Mme|Mr|Mrs|Ms|Mx|Dr|Sir|Lady|Lord|Professor|Prof|Senator|Sen|Rep)\.?\s+)?"
    r"(?-i:[A-ZÀ-ÖØ-Ý][\w'’.-]+)(?:\s+(?-i:[A-ZÀ-ÖØ-Ý][\w'’.-]+)){0,3}"
)
_ADVERB = r"(?:(?:ever|actually|really|also|even|specifically|personally|directly)\s+)?"
# More verbs that say someone spoke, beside the say verbs of the other forms.
_SAY_MORE_EN = (
    r"raise|raised|recount|recounted|respond|responded|comment|commented|testify|testified|express|expressed|"
    r"outline|outlined|address|addressed|elaborate|elaborated|complain|complained|object|objected|react|reacted|"
    r"point\s+out|pointed\s+out|bring\s+up|brought\s+up|put\s+forward|lay\s+out|laid\s+out|set\s+out"
)
_SAY_MORE_FR = (
    r"développé|avancé|exposé|justifié|soulevé|plaidé|témoigné|insisté|dénoncé|objecté|précisé|réagi|répliqué|"
    r"développe|avance|expose|soulève|plaide|témoigne|insiste|dénonce|précise|réagit|réplique"
)
# The past participles of the say verbs (« a dit », « a expliqué »: dit, expliqué).
_SAID_FR = "|".join(dict.fromkeys(re.findall(r"a\\s\+(\w+)", _SAY_FR)))
# What a person says, asked as the object: "What arguments did X make?", "What evidence did X give?"
_SPEECH_NOUNS = (
    r"arguments?|evidence|points?|case|views?|opinions?|answers?|replies|reply|explanations?|remarks|comments|"
    r"account|testimony|examples?|proposals?|reasons?|objections?|criticisms?|concerns?|warnings?|assurances?|"
    r"figures|statistics|numbers|suggestions?|recommendations?|position"
)
# ... in French: « Quelle réponse… », « Quels arguments… »
_SPEECH_NOUNS_FR = (
    r"r[ée]ponses?|arguments?|explications?|propositions?|objections?|critiques?|remarques?|justifications?|"
    r"pr[ée]cisions?|assurances?|raisons?|réactions?"
)
# What someone's post or organisation is asked with, whatever the form: « Benedetta Oddo, elle
# représente quelle structure au juste ? », "Which agency does she hold a post in?", « quel poste
# occupe X ». A question of these words alone about a named person asks who they are.
_AFFILIATION_NOUNS = (
    rf"{_ORGANISATION_WORDS}|postes?|fonctions?|titre|r[ôo]le|m[ée]tier|profession|employeur|affiliation|"
    r"posts?|positions?|jobs?|title|function|occupation|capacity|employer|office"
)
# Nothing before what a question asks but a conjunction ("And who chaired…?").
_OPENING_CONJUNCTION = re.compile(r"\s*(?:(?:et|and|mais|but|so)\s+)?", re.I)
# Who was in the chair: « Qui présidait la séance ? », "Who chaired the sitting?"
_WHO_CHAIRED = re.compile(
    r"\b(?:qui\s+(?:présidait|a\s+présidé|préside|était\s+(?:au\s+fauteuil|à\s+la\s+présidence)|"
    r"(?:occupe|occupait|a\s+occupé|tenait|tient)\s+le\s+fauteuil)|"
    r"who\s+(?:chaired|presided|chairs|presides|was\s+(?:in\s+the\s+chair|chairing|presiding)|"
    r"(?:sat|sits|was\s+sitting)\s+in\s+the\s+chair|(?:held|holds|occupied)\s+the\s+chair))\b",
    re.I,
)
# The words that ask what came after, not what about.
_LATER_WORDS = frozenset(
    "final finalement lendemain eventually afterwards afterward subsequently later next following end ended "
    "turned suivante suivant prochaine prochain fini".split()
)
# Words that ask for a proposal, not what it is about ("plan to do about second homes").
_PROPOSAL_WORDS = frozenset(
    "propose proposes proposed proposent proposons proposez proposer proposait proposaient proposal proposals "
    "plan plans planned planning intend intends intending recommend recommends recommande recommandent preconise preconisent "
    "mesure mesures measure measures concretement concretely faire".split()
)
# "What does she coordinate?", « elle coordonne quoi ? »: the object asked.
_ASKS_WHAT = re.compile(r"\b(?:quoi|what|which|quel(?:le)?s?|lequel|laquelle)\b|qu['’]\s*est[- ]ce\s+qu", re.I)
# A word of the question and a word of a role share this many first letters: one stem.
ROLE_VERB_PREFIX = 5
_ASKS_AFFILIATION = re.compile(rf"\b(?:quel(?:le)?s?|what|which)\s+(?:{_AFFILIATION_NOUNS})\b", re.I)
_AFFILIATION_WORDS = frozenset(
    fold(w)
    for w in (
        "organisation organisations organization organizations organisme organismes institution institutions "
        "structure structures entreprise entreprises association associations ong ngo company agency agence "
        "network réseau laboratoire lab firm outlet groupe group body poste postes fonction fonctions titre rôle "
        "métier profession employeur affiliation post posts position positions job jobs title function "
        "occupation capacity employer office représente représentait represent represents represented "
        "occupe occupait occupy occupies occupied hold holds held"
    ).split()
)
_CAPITALISED_RUN = re.compile(r"(?:[A-ZÀ-ÖØ-Ý][\w'’-]+)(?:\s+[A-ZÀ-ÖØ-Ý][\w'’-]+)+")
SAYS = re.compile(rf"\b(?:{_SAY_EN}|{_SAY_FR})\b", re.I)


# The subject of a French complex inversion, described: « En quelle année le jeune retraité de la
# SNCF s'est-il installé à Audierne ? », « Quand la tête de liste a-t-elle parlé ? » (not why:
# « Pourquoi le gouvernement tunisien a-t-il dissous… ? » asks a reason, of nobody there).
DESCRIBED_SUBJECT = re.compile(
    r"^(?:et\s+|mais\s+)?(?:en\s+quelle\s+ann[ée]e|quand|comment|o[ùu]|depuis\s+quand|"
    r"combien\s+de\s+[\w'’-]+|à\s+quel(?:le)?\s+[\w'’-]+)\s+"
    r"(?P<subj>(?:(?:le|la|les)\s+|l['’]\s*)[^?,]+?)\s+(?:s['’]\s*(?:est|était)|\w+)-t?-?(?:il|elle|ils|elles)\b",
    re.I,
)
SUBJECT_FORMS: list[tuple[str, re.Pattern[str]]] = [
    (
        "who_is",
        re.compile(
            # "who's X? never heard of him": the contraction, and what follows the question mark.
            r"^(?:et|mais|and|so)?\s*(?:c['’]\s*est\s+qui|qui\s+(?:est|était|etait|sont|étaient)|"
            r"who(?:\s+exactly)?(?:\s+(?:is|was|are|were)|'s))(?:\s*,)?\s+"
            r"(?P<subj>[^?]+?)\s*(?:\?.*)?$",
            re.I,
        ),
    ),
    (
        "who_is",
        re.compile(
            r"^(?:pr[ée]sente[rz]?(?:-moi|-nous)?|introduce|tell\s+me\s+about|"
            r"quel(?:le)?\s+est\s+(?:le\s+r[ôo]le|la\s+fonction|le\s+poste|le\s+titre)\s+de|"
            r"what\s+is\s+(?:the\s+role|the\s+title|the\s+position|the\s+job)\s+of|what\s+does\s+(?P<subj2>.+?)(?<!\bto)\s+do)\s+(?P<subj>.+?)\s*[?.]?$",
            re.I,
        ),
    ),
    (
        "who_is",
        # « Je ne connais pas X, vous pouvez me le présenter ? », "Could you introduce X?"
        re.compile(
            r"^(?:(?:je\s+ne\s+connais\s+pas|i\s+(?:do\s+not|don['’]t)\s+know)\s+(?P<subj>[^,.;?]+?)\s*"
            r"(?:[,.;?]\s*(?:(?:vous\s+pouvez|pouvez-vous|pourriez-vous|tu\s+peux|peux-tu|can\s+you|could\s+you)\s+"
            r"(?:me\s+)?(?:l[ea]\s+|l['’]\s*|him\s+|her\s+)?(?:pr[ée]senter|introduce)\b.*)?)?|"
            r"(?:vous\s+pouvez|pouvez-vous|pourriez-vous|tu\s+peux|peux-tu|can\s+you|could\s+you)\s+(?:me\s+)?"
            r"(?:pr[ée]senter|introduce)\s+(?P<subj2>[^?]+?)\s*[?.]?)$",
            re.I,
        ),
    ),
    (
        "who_is",
        # How someone is introduced is who they are: "How does the host introduce Saskia Sassen
        # to listeners?", « Comment l'animateur présente-t-il Saskia Sassen ? » (not a person:
        # the subject check drops the form, "How does he present the reform?")
        re.compile(
            r"^(?:and\s+|et\s+|so\s+)?(?:how\s+(?:does|did|do)\s+[^?]+?\s+(?:introduce|present)\s+(?P<subj>[^?]+?)"
            r"(?:\s+(?:to|at|in|on|for|as)\s+[^?]*)?|"
            r"how\s+(?:is|was)\s+(?P<subj2>[^?]+?)\s+(?:introduced|presented)\b[^?]*|"
            r"comment\s+[^?]+?\s+(?:pr[ée]sente|pr[ée]sentait|a-t-(?:il|elle)\s+pr[ée]sent[ée])(?:-t-(?:il|elle))?\s+"
            r"(?P<subj3>[^?]+?)(?:\s+(?:aux?|à|dans|pendant|lors)\s+[^?]*)?|"
            r"comment\s+(?P<subj4>[^?]+?)\s+(?:est|était|a\s+été)-(?:il|elle)\s+pr[ée]sent[ée]e?\b[^?]*)\s*[?.]?$",
            re.I,
        ),
    ),
    (
        "who_is",
        # "What does Christian Jacob do? What's his background?", « Que fait X dans la vie ? »
        re.compile(
            r"^(?:and\s+|et\s+|so\s+)?(?:what\s+(?:does|did)\s+(?P<subj>[^?]+?)(?<!\bto)\s+do(?:\s+for\s+a\s+living|\s+exactly|\s+for\s+work)?|"
            r"que\s+fait\s+(?P<subj2>[^?]+?)\s+dans\s+la\s+vie|"
            r"what(?:['’]s|\s+is|\s+was)\s+(?P<subj3>[^?,]+?)['’]s?\s+(?:background|career|profession|occupation|line\s+of\s+work))"
            r"\s*(?:\?.*)?$",
            re.I,
        ),
    ),
    (
        "speaker_summary",
        re.compile(
            r"(?:r[ée]sum\w*|synth[èe]s\w*|points?\s+(?:principaux|cl[ée]s|essentiels)|que\s+retenir|"
            r"summar\w*|main\s+points|key\s+points|gist)\s+(?:de\s+|of\s+|from\s+)?"
            r"(?:l['’]\s*intervention|les\s+propos|le\s+propos|le\s+discours|la\s+contribution|l['’]\s*exposé|"
            r"le\s+reportage|la\s+chronique|le\s+rapport|"
            r"the\s+(?:statement|speech|remarks|intervention|talk|contribution|presentation|testimony|report|address))\s+"
            r"(?:de\s+|d['’]\s*|of\s+|by\s+)(?P<subj>.+?)\s*[?.]?$",
            re.I,
        ),
    ),
    (
        "who_is",
        # Where someone works is who they are: "What organisation does he work for?", « Pour
        # quelle organisation travaille-t-elle ? », "Where does Anne Louyot work?"
        re.compile(
            r"^(?:and\s+|et\s+)?(?:"
            r"(?:what|which)\s+(?:organi[sz]ation|company|institution|body|agency|university|ngo|group|firm|outlet|"
            r"(?:political\s+)?party|constituency|riding|district)\s+"
            r"(?:does|did|is|was)\s+(?P<subj>.+?)\s+(?:work\s+(?:for|at|with)|represent|belong\s+to|come\s+from|"
            r"head|lead|run|with|from|in|sit\s+for|stand\s+for)|"
            # « Benedetta Oddo intervient à quel titre ? », "In what capacity did X speak?"
            r"(?P<subj7>[^,?]+?)\s+(?:intervient|intervenait|est\s+intervenue?|parle|parlait|a\s+parlé|participe|participait|a\s+particip[ée])\s+"
            r"(?:à\s+quel\s+titre|en\s+quelle\s+qualité)\b[^?]*|"
            r"(?:à\s+quel\s+titre|en\s+quelle\s+qualité)\s+(?:intervient|intervenait|parle|parlait|participe|participait)(?:-t-|\s+)(?P<subj8>[^?]+?)|"
            r"in\s+what\s+capacity\s+(?:does|did|is|was)\s+(?P<subj9>.+?)\s+(?:speak|speaking|spoke|take\s+part|taking\s+part|attend\w*|participat\w*|there|present)\b[^?]*|"
            r"(?:à|de|dans)\s+quel(?:le)?\s+(?:parti|groupe|circonscription)\s+"
            r"(?:appartient|appartenait|est|était|siège|siégeait)(?:-t-|\s+)(?P<subj5>.+?)|"
            r"where\s+(?:does|did)\s+(?P<subj2>.+?)\s+work|"
            # (a position "on" something is a stance: what they think of it)
            r"what(?:['’]s|\s+is|\s+was)\s+(?P<subj6>[^?,]+?)['’]s?\s+(?:position|role|job|title|function|post|party)\b"
            r"(?!\s+(?:on|about|regarding|concerning|towards?|over|in\s+favou?r)\b)[^?]*|"
            r"(?:pour|dans)\s+quel(?:le)?\s+(?:organisation|organisme|institution|structure|entreprise|association|ong)\s+"
            r"(?:travaille|travaillait|œuvre|oeuvre)(?:-t-)?(?P<subj3>.+?)|"
            r"o[ùu]\s+travaill?e(?:-t-)?\s*(?P<subj4>.+?)|"
            # « Pour quelle entreprise Kevin Murphy travaillait-il (au moment du panel) ? »
            r"(?:pour|dans|à)\s+quel(?:le)?\s+(?:organisation|organisme|institution|structure|entreprise|association|ong|"
            r"universit[ée]|laboratoire|soci[ée]t[ée])\s+(?P<subj10>[^?]+?)\s+(?:travaille|travaillait|œuvre|oeuvre|"
            r"est-(?:il|elle)\s+rattach[ée]e?)(?:-t)?(?:-(?:il|elle))?\b[^?]*|"
            # « Quelle structure dirige Lorenzo Kihlgren Grandi ? »
            rf"quel(?:le)?\s+(?:{_ORGANISATION_WORDS})\s+(?:dirige|dirigeait|préside|présidait|représente|représentait)"
            r"(?:-t-|\s+)(?P<subj11>[^?]+?)|"
            # « Quel poste Jane Runeckles occupe-t-elle au sein du gouvernement ? », "What post does
            # X hold?" (not a role played in something: that is what they did)
            r"quel(?:le)?\s+(?:poste|fonction|titre|m[ée]tier|profession)\s+(?P<subj12>[^?]+?)\s+"
            r"(?:occupe|occupait|exerce|exerçait|a-t-(?:il|elle)\s+occupé|remplit|remplissait|d[ée]tient|tient|tenait)"
            r"(?:-t)?(?:-(?:il|elle))?\b[^?]*|"
            r"(?:what|which)\s+(?:position|post|office|job|title|function)\s+(?:does|did)\s+(?P<subj13>.+?)\s+"
            r"(?:hold|have|occupy|fill)\b[^?]*|"
            # ... and with the pronoun inverted: « Et quel poste occupe-t-elle à l'université ? »
            r"quel(?:le)?\s+(?:poste|fonction|titre|m[ée]tier|profession)\s+(?:occupe|occupait|exerce|exerçait|"
            r"remplit|remplissait|d[ée]tient|tient|tenait)-t-(?P<subj14>il|elle)\b[^?]*"
            r")\s*[?.]?$",
            re.I,
        ),
    ),
    (
        "who_is",
        # « Stéphane Troussel, c'est qui exactement ? », "Anne Louyot: who is she?"
        re.compile(
            # « Louise Merzeau, quel est son rôle dans cette journée ? », "X: what's her role?"
            r"^(?P<subj>[^,:?]+?)\s*[,:]\s*(?:c['’]\s*est\s+qui|qui\s+est-ce|who\s+(?:is|was)\s+(?:he|she|that|this)|"
            r"quel(?:le)?\s+(?:est|était)\s+(?:son\s+r[ôo]le|sa\s+fonction|son\s+poste|son\s+titre|son\s+m[ée]tier)|"
            r"in\s+what\s+capacity|à\s+quel\s+titre|"
            # « Kihlgren Grandi intervient dans les conclusions : quelle structure dirige-t-il ? »
            rf"quel(?:le)?\s+(?:{_ORGANISATION_WORDS})\s+(?:dirige|dirigeait|préside|présidait|représente|représentait)-t-(?:il|elle)|"
            rf"(?:what|which)\s+(?:{_ORGANISATION_WORDS})\s+(?:does|did)\s+(?:he|she)\s+(?:run|head|lead|chair|represent|work\s+for)|"
            # « Lorenzo Kihlgren Grandi, il dirige quoi exactement ? », "X: what does she do?"
            r"(?:il|elle)\s+(?:dirige|dirigeait|préside|présidait|fait|faisait|représente|représentait)\s+quoi|"
            r"(?:que|qu['’]\s*)\s*(?:dirige|préside|fait|représente)(?:-t)?-(?:il|elle)|"
            r"what\s+(?:does|did)\s+(?:he|she)\s+(?:do|run|head|lead)\b(?!.*\b(?:say|said|think|about|on)\b)|"
            # « Yves Viltard, il enseigne où ? », "X: where does she teach?"
            # « Souleymane Bachir Diagne, il enseigne dans quelle université ? »
            r"(?:il|elle)\s+(?:enseigne|travaille|exerce|enseignait|travaillait|exerçait)\s+"
            r"(?:où|(?:dans|à|pour|en)\s+quel(?:le)?s?\s+\w+)|"
            r"where\s+(?:does|did)\s+(?:he|she)\s+(?:teach|work|study)|"
            r"what(?:['’]s|\s+is|\s+was)\s+(?:his|her|their)\s+(?:role|position|job|title|function))\b.*$",
            re.I,
        ),
    ),
    (
        "speaker_summary",
        re.compile(
            # « Que faut-il retenir du discours de X ? », "the takeaways from the speech of X"
            r"(?:r[ée]sum\w*|synth[èe]s\w*|retenir|summar\w*|main\s+points|key\s+points|gist|takeaways?)\s+"
            r"(?:de\s+l['’]\s*|de\s+la\s+|des\s+|du\s+|de\s+|d['’]\s*|of\s+the\s+|from\s+the\s+|of\s+|from\s+)?"
            r"(?:intervention|propos|discours|contribution|exposé|reportage|chronique|rapport|statement|speech|"
            r"remarks|talk|presentation|testimony|report|address)\s+(?:de\s+|d['’]\s*|of\s+|by\s+)(?P<subj>.+?)\s*[?.]?$",
            re.I,
        ),
    ),
    (
        "speaker_summary",
        re.compile(
            # "Summarise what Mr. Brown of Ohio said", "Résumez ce qu'a dit X"
            rf"(?:r[ée]sum\w*|summar\w*)\s+(?:of\s+)?(?:what\s+(?P<subj>.+?)\s+(?:{_SAY_EN})"
            r"(?:\s+(?:to\s+)?(?:the\s+)?(?:house|assembly|chamber|senate|committee|panel|audience|press|reporters|council))?"
            r"(?P<rest>\s+[^?]*)?|"
            rf"ce\s+qu['’]\s*(?:a|avait|ont)\s+(?:{_SAY_FR})\s+(?P<subj2>.+?))\s*[?.]?$",
            re.I,
        ),
    ),
    (
        "speaker_summary",
        re.compile(
            r"(?:r[ée]sum\w*|summar\w*|main\s+points\s+of|key\s+points\s+of)\s+(?P<subj>.+?)['’]s?\s+"
            r"(?:statement|speech|remarks|intervention|talk|contribution|presentation|testimony|views?|report|"
            r"address|comments|story|account|answers|replies|introduction)"
            # What follows says when or what about: the topic, if any ("…'s remarks on Ukraine").
            r"(?:\s+(?:during|in|at|as|of\s+(?:himself|herself|themselves))\b[^?]*|(?P<rest>\s+(?:on|about|regarding)\b[^?]*))?"
            r"\s*[?.]?$",
            re.I,
        ),
    ),
    (
        "speaker_summary",
        re.compile(
            # « Qu'ont déclaré les secrétaires… ? »: said by several
            rf"^(?:et|mais)?\s*(?:que|qu['’]\s*est-ce\s+que?|qu['’])\s*(?:ont\s+(?:dit|déclaré|affirmé|expliqué|répondu|proposé|demandé|annoncé|évoqué|souligné)|{_SAY_FR})\s+"
            r"(?P<subj>.+?)\s*"
            r"(?P<rest>(?:\s(?:de|du|des|d['’]|sur|à\s+propos|au\s+sujet|concernant|quant|pour|dans|en|à|au|aux|sinon|pendant|lors|durant)\b.*)?)\s*[?.]?$",
            re.I,
        ),
    ),
    (
        "speaker_summary",
        # « Et la réponse de Gray à ça, c'était quoi ? », "What was Gray's answer to that?": what
        # they said in reply, as « Qu'a répondu Gray ? » asks.
        re.compile(
            r"^(?:et|and|so|mais|but)?\s*(?:(?:quelle\s+(?:a\s+été|était|est|fut)|what\s+(?:was|is))\s+)?"
            r"(?:la|the)\s+(?:r[ée]ponse|reply|answer|response)\s+(?:de\s+|d['’]\s*|of\s+|from\s+)(?P<subj>[^?,]+?)"
            r"(?:\s+(?:à\s+(?:ça|cela|cette\s+question)|to\s+(?:that|this|it|the\s+question)|là-dessus))?"
            r"\s*(?:,\s*(?:c['’]\s*(?:était|est)\s+quoi|laquelle)\s*)?[?.]?$|"
            r"^(?:and\s+|so\s+)?what\s+(?:was|is)\s+(?P<subj2>[^?,]+?)['’]s\s+(?:reply|answer|response)"
            r"(?:\s+to\s+(?:that|this|it|the\s+question))?\s*[?.]?$",
            re.I,
        ),
    ),
    (
        "speaker_summary",
        # « Qu'est-ce que le président du conseil lui a répondu ? », « Est-ce que la maire de
        # Paris a pris la parole… ? »: a role as the subject of a verb of speech (a name there is
        # the next form's).
        re.compile(
            r"(?:^|[:;,]\s*)(?:et\s+|mais\s+|alors\s+)?(?:qu['’]\s*)?est-ce\s+qu(?:e\s+|['’]\s*)"
            r"(?P<subj>(?:le|la|les|l['’])\s*[^?,:;]+?)\s+(?:(?:lui|leur|nous|vous|y|en)\s+)?"
            r"(?:a|avait|aurait|ont|avaient|auraient)\s+(?:(?:bien|alors|donc|finalement|vraiment|seulement)\s+)?"
            rf"(?:{_SAID_FR}|{_SAY_MORE_FR}|pris\s+la\s+parole|parlé|pris\s+position)\b(?P<rest>[^?]*)\s*[?.]?$",
            re.I,
        ),
    ),
    (
        "speaker_summary",
        re.compile(
            rf"^(?:and|so|but)?\s*what\s+(?:did|does|do|has|have|had|would)\s+(?P<subj>.+?)\s+(?:{_SAY_EN})\b\s*"
            r"(?P<rest>.*?)\s*[?.]?$",
            re.I,
        ),
    ),
    (
        "topic",
        re.compile(
            r"(?:^|[,;]\s*)(?:selon|d['’]\s*après|pour|according\s+to|in\s+the\s+view\s+of)\s+(?P<subj>[^,?]+)", re.I
        ),
    ),
    ("topic", DESCRIBED_SUBJECT),
    (
        "topic",
        # « Quelle réponse le président du conseil a-t-il apportée à l'interpellation de Georges
        # Perin ? », "What answer did the minister give to Perin?": a described subject (a role)
        # before its inverted verb; the person after it is whom.
        re.compile(
            rf"^(?:et\s+|mais\s+|and\s+|so\s+)?(?:quel(?:le)?s?\s+(?:{_SPEECH_NOUNS_FR})\s+"
            r"(?P<subj>(?:le|la|les|l['’])\s*[^?,:;]+?)\s+[\w-]+?(?:-t)?-(?:il|elle|ils|elles)\b|"
            rf"(?:what|which)\s+(?:{_SPEECH_NOUNS})\s+(?:did|does|do|has|have|had|would)\s+"
            r"(?P<subj2>the\s+[^?,:;]+?)\s+(?:give|make|offer|provide|put\s+forward|bring)\b)",
            re.I,
        ),
    ),
    (
        "topic",
        # Whoever is the subject of a verb of speech asks about what they said, whatever the
        # question's form: "Did Anne Hidalgo explain…?", "What evidence did Toby Mason give…?",
        # « Quels arguments Paul Loridant a-t-il développés ? », « Qu'est-ce que Mike Brock raconte… ? »
        re.compile(
            rf"(?:\b(?:did|does|do|has|have|had|would|could|will|can)\s+(?P<subj>{_NAME})\s+{_ADVERB}(?:{_SAY_EN}|{_SAY_MORE_EN})\b|"
            rf"\b(?:what|which)\s+(?:{_SPEECH_NOUNS})\s+(?:did|does|do|has|have|had|would)\s+(?P<subj2>{_NAME})\s+{_ADVERB}[a-z]+\b|"
            rf"\bqu['’]\s*est-ce\s+qu(?:e\s+|['’]\s*)(?P<subj3>{_NAME})\s+(?:{_SAY_FR}|{_SAY_MORE_FR})\b|"
            rf"(?<![\w'’])(?P<subj4>{_NAME})\s+(?:a|avait|aurait)-t-(?:il|elle)\s+(?:\w+\s+){{0,2}}?"
            rf"(?:{_SAY_MORE_FR}|{_SAID_FR})(?:e?s?)\b|"
            rf"(?<![\w'’])(?P<subj5>{_NAME})\s+(?:{_SAY_MORE_FR}|justifie|explique|défend|répond|dit|pense|voit|juge)(?:-t)?-(?:il|elle)\b|"
            # A named person's view of something: "What was Sadi Carnot's position on…?", « Quel est
            # l'avis de X sur… ? » (a person who never speaks holds none the document reports)
            rf"\bwhat\s+(?:is|was|were|are)\s+(?P<subj6>{_NAME})['’]s?\s+(?:position|view|views|stance|opinion|"
            r"take|attitude|thoughts?)\s+(?:on|about|regarding|concerning|towards?|of)\b|"
            r"\b(?:la\s+position|l['’]\s*avis|le\s+point\s+de\s+vue|l['’]\s*opinion|le\s+sentiment)\s+"
            rf"(?:de\s+|d['’]\s*)(?P<subj7>{_NAME})\s+(?:sur|à\s+propos|au\s+sujet|quant|concernant|face|vis-à-vis)\b)",
            re.I,
        ),
    ),
]

# What someone does for a living, asked beyond the role a table gives: « il fait quoi dans la
# vie ? », "What does she do for a living?", « quel est son métier ? »
OCCUPATION_ASKED = re.compile(
    r"\bfait\s+quoi\s+dans\s+la\s+vie|\bdans\s+la\s+vie\b|\bm[ée]tiers?\b|\bprofessions?\b|\bfor\s+a\s+living\b|"
    r"\boccupations?\b|\bline\s+of\s+work\b|\b(?:what|which)\s+job\b",
    re.I,
)

_TOOK_THE_FLOOR = re.compile(
    r"\b(?:pris|prend|prennent|prendre|prenait|prise)\s+la\s+parole\b|\b(?:took|take|takes|taking)\s+the\s+floor\b",
    re.I,
)
_INFLECTIONS = frozenset({"s", "x", "e", "es"})
# "Who interviewed…", « Qui a remercié… »: who, then a verb other than being.
_WHO_DID = re.compile(
    r"^\s*(?:and\s+|et\s+)?(?:who|qui)\s+(?:a\s+|ont\s+|avait\s+|avaient\s+|did\s+)?"
    r"(?!(?:is|was|are|were|est|était|etait|sont|étaient|etaient|'s)\b)[a-zà-ÿ]+(?:ed|é|ée|és|ait|aient)\b",
    re.I,
)
MAX_LISTED = 12  # the most speakers a "which mayors spoke?" answer lists
# Who answered someone: « Et qui lui a répondu ensuite ? », "Who corrected her?", "And who
# replied to him?" (the one replied to is the pronoun's, or the name's, the next turn's speaker
# is asked).
_REPLY_FR = r"(?:r[ée]pondu|r[ée]pliqu[ée]|corrig[ée]e?|contredit|interrompu|repris)"
_REPLY_EN = r"(?:replied|answered|responded|corrected|contradicted|interrupted|rebutted)"
_WHO_REPLIED = re.compile(
    r"^\W*(?:(?:et|and|so|mais|but|alors)\s+)?(?:"
    rf"qui\s+(?:lui|leur|l['’])\s*(?:a|avait)\s+(?:(?:ensuite|alors|d['’]abord)\s+)?{_REPLY_FR}\b|"
    rf"qui\s+(?:a|avait)\s+(?:(?:ensuite|alors|d['’]abord)\s+)?{_REPLY_FR}\s+(?:à|au)\s+(?-i:[A-ZÀ-Ý])|"
    rf"who\s+(?:(?:first|then|later)\s+)?{_REPLY_EN}\s+(?:to\s+)?(?:him|her|them|(?-i:[A-Z]))"
    r")",
    re.I,
)
_PRONOUNS = frozenset("he she him her they them il elle ils elles lui eux".split())
# Whom they spoke to: "told the House" anywhere, « aux députés » at the question's end (the verb
# of "told" is kept).
_AUDIENCE = re.compile(
    r"\b(?:(told|tell)|to|aux|à\s+la|à\s+l['’]|au)\s+(?:the\s+)?(?:house|assembly|assemblée|chamber|chambre|senate|"
    r"sénat|committee|commission|panel|audience|public|room|press|presse|reporters|journalists|journalistes|députés|"
    r"members|membres|council|conseil|hearing)\b(?(1)|(?=\s*[?.!]?\s*$))",
    re.I,
)

# Words that ask for whoever holds an office now: "the current mayor", « le maire actuel ».
_CURRENT = frozenset("current incumbent actuel actuelle actuels actuelles present-day".split())
# Whom a reply answered, just before their name (folded): « répondu à », "replied to".
_REPLIED_TO = re.compile(
    r"\b(?:repond\w*|replied|repl(?:y|ies)|answer(?:ed|s)?|respond(?:ed|s)?|in\s+(?:reply|response|answer))\s+"
    r"(?:a|au|aux|to)(?:\s+(?:m|mme|mr|mrs|ms|dr)\.?)?\s*$"
)
# ... and the verb with the name after it, as written: « répondu à Elena Pierrazzo ».
_REPLIED_TO_NAME = re.compile(
    r"\b(r[ée]pondu|replied|answered|responded)\s+(?:à|au|aux|to)\s+(?:(?:M|Mme|Mr|Mrs|Ms|Dr)\.?\s+)?"
    r"[A-ZÀ-Ý][\w'’-]*(?:\s+[A-ZÀ-Ý][\w'’-]*)*"
)
# What another said, that the asked speaker reacted to: « Comment le premier ministre a-t-il
# réagi quand Elsie Wayne a parlé de camouflage ? » (Wayne is not whose words are asked).
_WHEN_SAID_NAME = re.compile(
    r"(\b(?i:quand|lorsque|when|after|après\s+que)\s+)(?:(?:M|Mme|Mr|Mrs|Ms|Dr)\.?\s+)?"
    r"[A-ZÀ-Ý][\w'’-]*(?:\s+[A-ZÀ-Ý][\w'’-]*)*"
    r"(?=\s+(?:(?:a|avait|had|has)\s+)?(?:parl|dit|évoqu|mentionn|soulev|accus|pos[ée]|demand|said|spoke|"
    r"mention|raise|accuse|ask|brought)\w*)"
)
# A reply and whom it answered: « en répondant au député de Macleod », "in response to Mr Day".
_REPLYING_TO = re.compile(
    r"\b(?:en\s+r[ée]pon(?:dant|se)\s+(?:à|au|aux)|in\s+(?:reply|response|answer)\s+to|(?:replying|responding)\s+to)"
    r"\s+[^,?;:]*",
    re.I,
)


def _keep_verb(m: re.Match[str]) -> str:
    return f" {m.group(1) or ''} "


_COUNT_WORDS = frozenset("deux trois quatre cinq two three four five both".split())
# How short an answer should be: « en deux mots », "in a nutshell".
_BREVITY = re.compile(
    r"\b(?:en\s+(?:deux|trois|quelques|un)\s+mots?|en\s+bref|en\s+r[ée]sum[ée]|bri[èe]vement|"
    r"en\s+gros|grosso\s+modo|in\s+a\s+nutshell|in\s+(?:a\s+few|two|three)\s+words|in\s+a\s+word|in\s+short|"
    r"in\s+brief|briefly|roughly\s+speaking|broadly\s+speaking)\b",
    re.I,
)

# An hour asked: « à quelle heure », "what time", and the slot it fills (« sur quel créneau
# horaire », « quels horaires », "which time slot").
TIME_ASKED = (
    r"(?:à\s+)?quelle\s+heure|what\s+(?:time|hour)|at\s+what\s+(?:time|hour)|"
    r"quel(?:le)?s?\s+(?:cr[ée]neaux?|plages?)(?:\s+horaires?)?|quels?\s+horaires?|"
    r"(?:which|what)\s+(?:time\s+)?slots?|(?:which|what)\s+hours"
)

# --- what kind of question -------------------------------------------------------------------
PROGRAMME_FORM = re.compile(
    r"\b(?:anim\w*|mod[ée]r\w*|moderat\w*|chair(?:ed|s)?|présid(?:ait|é|ée)\s+la\s+(?:session|séance|table)|"
    # "le programme Excelsior", "the TAGS program": a scheme of that name, not the event's programme
    r"grands?\s+t[ée]moins?|keynote|observat\w*|program(?:me)?\b(?!\s+(?-i:[A-ZÀ-Ý]))|agenda|horaire|schedule\w*|"
    rf"{TIME_ASKED}|"
    r"o[ùu]\s+(?:s['’]\s*est|a\s+eu\s+lieu|se\s+tenait|se\s+d[ée]roul)|where\s+(?:was|were|did|is)|"
    r"quel(?:le)?\s+salle|which\s+room|quand\s+(?:a\s+eu\s+lieu|s['’]\s*est\s+tenu)|"
    r"when\s+was\s+the\s+(?:colloquium|conference|event|meeting|hearing|session)|"
    r"qui\s+a\s+organis|who\s+organi[sz]|organisat\w*\s+(?:du|of)\s+(?:the\s+)?(?:colloque|colloquium|conference|event)|"
    r"titre\s+de\s+la\s+(?:session|s[ée]ance|table)|title\s+of\s+(?:the\s+)?(?:session|panel))",
    re.I,
)
# A question whose answer is a person: "Qui animait… ?", "Who were the observers…?".
WHO_FIRST = re.compile(r"^\s*(?:et\s+|and\s+)?(?:qui|who|whom)\b", re.I)
# ... or in a clause of its own: « à quelle heure démarrait la session 3, et c'était qui
# l'animateur ? », "When did it start, and who chaired it?" (not a relative "the mayor, who…").
WHO_CLAUSE = re.compile(r"(?:^|[,;]\s*|\s)(?:et|and)\s+(?:qui|who)\b|\bc['’]\s*(?:est|était|etait)\s+qui\b", re.I)
# The event itself: "when was the colloquium held", "qui a organisé la conférence".
EVENT = re.compile(
    r"\b(?:colloque|colloquium|conf[ée]rence|[ée]v[ée]nement|event|meeting|r[ée]union|hearing|audition|"
    r"s[ée]ance|session|sitting|table\s+ronde|panel|d[ée]bat|debate|journ[ée]e|summit|sommet|forum)s?\b",
    re.I,
)
# Where among the people the one asked sits, between "who" and the verb: "Who on the panel
# argued…", « Qui, parmi les intervenants, a évoqué… ».
WHO_AMONG = (
    r"(?:,?\s*(?:on|in|at|among|of|from|parmi|dans|sur)\s+(?:the\s+|les\s+|le\s+|la\s+|l['’]\s*)?"
    r"(?:panel|room|floor|committee|chamber|house|stage|podium|plateau|salle|hémicycle|call|show|briefing|"
    r"hearing|meeting|debate|discussion|débat|séance|speakers|panel(?:l)?ists|participants|members|guests|"
    r"witnesses|intervenants|orateurs|participants|invités|panélistes|membres|élus|députés|sénateurs)\s*,?)?"
)
WHO_SPOKE_FORM = re.compile(
    r"^(?:et\s+|and\s+)?(?:"
    rf"qui{WHO_AMONG}\s+(?:a|ont|d['’]\s*autre)\s+\w+|quel(?:le)?s?\s+(?:intervenant|orateur|oratrice|participant|personne|élu|speaker)\w*|"
    r"lesquel(?:le)?s?\s+(?:des|d['’]\s*entre\s+les|parmi\s+les)\s+(?:intervenant|orateur|oratrice|participant|"
    r"personne|élu|invité|panéliste|speaker)\w*|combien\s+d['’]\s*intervenants|"
    r"which\s+(?:ones\s+)?of\s+the\s+(?:speakers?|participants?|panel(?:l)?ists?|witnesses|guests|members)|"
    rf"who{WHO_AMONG}\s+(?:else\s+)?(?:spoke|talked|mentioned|referred|discussed|raised|warned|argued|called|said|addressed|described|cited)|"
    r"which\s+(?:speakers?|participants?|panel(?:l)?ists?|witnesses|people|persons|officials|mayors|members)"
    r")",
    re.I,
)
# "Lynch a été félicité par qui ?", "By whom was he thanked?": the person named is whom it was
# done to; who did it is asked.
_BY_WHOM = re.compile(r"\bpar\s+qui\b|\bby\s+whom?\b", re.I)
# A follow-up's word for a thing the conversation spoke of: "it", "that", « cela », « cette lettre ».
_THING_BACK = re.compile(
    r"\b(?:it|that|this|these|those|them|cela|ça|ceci|celui-ci|celle-ci|ceux-ci|celles-ci|"
    r"cette|cet|ces)\b",
    re.I,
)
# The kind of fact asked for.
_NAMED_THINGS = (
    r"villes?|pays|cit(?:y|ies)|countr(?:y|ies)|organi[sz]ations?|associations?|ong|ngos?|r[ée]gions?|"
    r"entreprises?|compan(?:y|ies)|r[ée]seaux?|networks?|lois?|laws?|acts?|trait[ée]s?|treat(?:y|ies)|"
    r"partenaires?|partners?|institutions?|agences?|agenc(?:y|ies)|municipalit[ée]s?|communes?|"
    r"universit[ée]s?|universit(?:y|ies)|minist[èe]res?|ministr(?:y|ies)|fondations?|foundations?|"
    r"authorit(?:y|ies)|collectivit[ée]s?|towns?|villages?|councils?|conseils?|"
    r"companies|firms?|banks?|banques?|parties|partis?|"
    # courts: « devant quel tribunal », "which court"
    r"tribunal|tribunaux|cour|courts?|juridictions?|"
    # schools and hospitals have names: "which preprimary school", « quel hôpital »
    r"écoles?|schools?|lycées?|collèges?|colleges?|hôpital|hôpitaux|hospitals?|"
    # publications and channels: "which newspaper", « quel quotidien »
    r"newspapers?|journa(?:l|ux)|quotidiens?|hebdomadaires?|magazines?|cha[îi]nes?|channels?"
)
# Works that have titles (the judge reads a title after one: "le rapport Lagarde"), and the
# words that ask for one.
WORKS = (
    r"(?:livres?|bouquins?|ouvrages?|books?|films?|rapports?|reports?|essais?|essays?|novels?|romans?|albums?|"
    r"émissions?|shows?|chansons?|songs?|poèmes?|poems?|pièces?|plays?|documentaires?|documentar(?:y|ies)|"
    r"publications?|magazines?|revues?)"
)
_TITLE_ASKED = (
    r"(?:titres?|title|s['’]\s*appel\w*\s+comment|comment\s+s['’]\s*appel\w*|intitul[ée]\w*\s+comment|"
    r"(?:is|was|'s|’s)\s+(?:it\s+)?called|called\s+what|quel\s+nom|what\s+name|the\s+name\s+of|le\s+nom\s+d)"
)
_TITLE_WORDS = frozenset("title titre titres titled intitule called appelle nom name".split())
# « Avec quels élus s'est-il entretenu ? », "Which senators did he meet with?": the people someone
# dealt with, whom the answer names (not which speakers spoke).
PEOPLE_DEALT_WITH = re.compile(
    r"\b(?:avec|auprès\s+de|contre|with|against)\s+(?:quel(?:le)?s?|which|what)\s+(?:\w+\s+)?"
    r"(?:élus?|sénateurs?|députés?|membres?|responsables?|personnes?|ministres?|dirigeants?|"
    r"officials?|senators?|members?|people|persons?|leaders?|lawmakers?|politicians?|politiciens?|"
    r"représentants?|representatives?|interlocuteurs?)\b|"
    r"\b(?:which|what)\s+(?:\w+\s+)?(?:officials|senators|members|people|leaders|lawmakers|politicians|"
    r"representatives)\s+(?:did|does|do|has|have|had|will|would)\s+[^?]+?\s+"
    r"(?:meet|met|talk|talked|speak|spoke|work|worked|negotiate|negotiated|deal|dealt)\s+(?:with|to)\b",
    re.I,
)
ANSWER_TYPES: list[tuple[AnswerType, re.Pattern[str]]] = [
    # How many votes: a count, not only how the vote went (« Quel a été le décompte des voix ? »,
    # "How many senators voted for it?"); "rejected on division" does not answer it.
    (
        "tally",
        re.compile(
            r"\b(?:(?:d[ée]compte|r[ée]partition|total)\s+des?\s+(?:voix|votes|suffrages)|"
            r"(?:par\s+)?combien\s+de\s+(?:voix|suffrages|votes)|"
            r"combien\s+(?:de\s+|d['’]\s*)(?:\w+\s+){0,3}(?:ont|avaient)\s+vot[ée]|"
            # « combien de membres se sont opposés », "how many members abstained"
            r"combien\s+(?:de\s+|d['’]\s*)(?:\w+\s+){0,3}se\s+sont\s+(?:opposé|abstenu|prononcé)s?|"
            r"how\s+many\s+(?:\w+\s+){0,3}(?:opposed|abstained|voted\s+against)|"
            r"how\s+many\s+(?:\w+\s+){0,3}voted|(?:by\s+)?how\s+many\s+votes|"
            r"(?:vote|voting)\s+(?:count|tally|breakdown|totals?|figures?|numbers?)|"
            r"(?:count|tally|breakdown)\s+of\s+(?:the\s+)?votes)\b",
            re.I,
        ),
    ),
    # How a vote went: its result, its count, whether a text was carried (« Quel a été le résultat
    # du vote ? », "How many senators voted for it?", « La motion a-t-elle été adoptée ? »).
    (
        "vote",
        re.compile(
            r"\b(?:(?:vote|votes|scrutin|ballot|division)\b[^?]*\b(?:r[ée]sultat|outcome|result|donn[ée]\s+quoi|count|tally)|"
            r"(?:r[ée]sultat|outcome|result)s?\s+(?:du|des|de\s+ce|of\s+the|of\s+this)\s+(?:vote|scrutin|ballot|division)|"
            r"how\s+did\s+(?:the\s+)?[\w\s]{0,30}\bvote\b|"
            # « Comment Taylor a-t-il voté sur le plan ? »
            r"comment\b[^?]{0,80}?\b(?:a|ont|avait|avaient)-t-(?:il|elle|ils|elles)\s+vot[ée]|"
            # « déclaré la motion adoptée ou rejetée », "carried or defeated"
            r"(?:adopt[ée]e?s?|rejet[ée]e?s?|adopted|carried|passed|rejected|defeated)\s+(?:ou|or)\s+"
            r"(?:adopt|rejet|carried|passed|reject|defeat)\w*|"
            r"(?:was|were)\s+(?:the|this|that)\s+(?:motion|bill|resolution|amendment)\s+(?:\w+\s+){0,4}"
            r"(?:carried|adopted|passed|rejected|defeated|approved|agreed)|"
            r"(?:motion|projet\s+de\s+loi|r[ée]solution|amendement)\b[^?]*\ba-t-(?:il|elle)\s+[ée]t[ée]\s+"
            r"(?:adopt[ée]e?|rejet[ée]e?|approuv[ée]e?|vot[ée]e?))",
            re.I,
        ),
    ),
    # What came after: "Did the House end up tabling it the next morning?", « Au final, le Conseil
    # a-t-il validé la réforme ? »: answered only by a passage that tells of later events.
    (
        "later",
        re.compile(
            # (not what the document says is planned for then: « prévue le lendemain »)
            r"(?<!pr[ée]vue\s)(?<!pr[ée]vu\s)(?<!pr[ée]vues\s)(?<!planned\sfor\s)(?<!scheduled\sfor\s)"
            # ("What program did he end up relying on?" asks what, not what came after)
            r"(?:^(?:and\s+|so\s+|but\s+)?did\s+(?:\w+\s+){1,5}end\s+up\b|\b(?:ended\s+up|eventually|in\s+the\s+end|afterwards?|later\s+on|"
            r"subsequently|turned\s+out|the\s+(?:next|following)\s+(?:day|morning|week|month|year|summer|spring|"
            r"autumn|fall|winter)|next\s+(?:year|summer|spring|autumn|winter)|au\s+final|finalement|par\s+la\s+suite|"
            r"le\s+lendemain|l['’]\s*(?:année|an|été)\s+(?:suivante?|prochaine?|d['’]\s*après)|la\s+semaine\s+suivante|"
            r"(?:a|ont)\s+fini\s+par|(?:a[- ]t[- ]|ont[- ])(?:il|elle|ils|elles)\s+fini\s+par)\b)",
            re.I,
        ),
    ),
    # What the audience asked: "Were any questions from the floor recorded…?", « Quelles questions
    # la salle a-t-elle posées ? »: answered only where the document reports the room's questions.
    (
        "floor",
        re.compile(
            # (not "questions of public health")
            r"\bquestions?\s+(?:from|by)\s+(?:the\s+)?(?:floor|audience|room|public|attendees)|"
            r"\bquestions?\s+(?:of|in)\s+the\s+(?:floor|audience|room|public)|"
            r"\b(?:the\s+)?(?:audience|floor|attendees)\s+(?:ask|asked|raise|raised|put)\b|"
            r"\bdid\s+(?:the\s+|anyone\s+in\s+the\s+)?(?:audience|floor|room|public|attendees)\s+ask|"
            r"\bquestions?\s+(?:de\s+la\s+salle|du\s+public|de\s+l['’]\s*assistance|des\s+participants)|"
            r"\b(?:le\s+public|la\s+salle|l['’]\s*assistance|les\s+participants)\s+(?:a|ont)(?:[- ]t[- ](?:il|elle|ils|elles))?\s+"
            r"(?:pos[ée]|demand[ée]|interrog[ée])|"
            r"\bquestions?\s+(?:pos[ée]e?s?|asked)\s+(?:par|by)\s+(?:le\s+public|la\s+salle|l['’]\s*assistance|the\s+audience|participants)",
            re.I,
        ),
    ),
    # How the room took it: transcripts note it ("[Applause.]", « (Exclamations à gauche.) »); a
    # question about it is answered by such a note, whatever words the speaker used.
    (
        "reaction",
        re.compile(
            r"\b(?:how\s+did\s+(?:the\s+)?(?:other\s+)?(?:room|audience|public|crowd|chamber|house|members|assembly|hall|"
            r"deputies|senators|mps|listeners)\s+(?:react|respond|receive|take)|"
            r"(?:was|were)\s+there\s+(?:any\s+)?(?:applause|laughter|boos|booing|heckling|jeers|cheers)|"
            r"did\s+(?:the\s+|anyone\s+in\s+the\s+)?(?:audience|room|crowd|chamber|house|public)\s+"
            r"(?:applaud|laugh|react|clap|cheer|boo)|"
            r"(?:any|what)\s+reactions?\s+(?:from|in)\s+(?:the\s+)?(?:room|audience|public|crowd|chamber|house|floor)|"
            r"r[ée]actions?\s+(?:de\s+la\s+salle|du\s+public|de\s+l['’]\s*assistance|de\s+l['’]\s*h[ée]micycle|"
            r"des\s+(?:d[ée]put[ée]s|s[ée]nateurs|auditeurs|participants))|"
            r"comment\s+(?:la\s+salle|le\s+public|l['’]\s*assistance|l['’]\s*h[ée]micycle|la\s+chambre|"
            r"l['’]\s*assembl[ée]e|les\s+(?:autres\s+)?(?:d[ée]put[ée]s|s[ée]nateurs|parlementaires|membres|coll[èe]gues|"
            r"[ée]lus|participants))\s+(?:a[- ]t[- ]|ont[- ])(?:elle|il|ils|elles)\s+"
            r"(?:r[ée]agi|accueilli|re[çc]u)|"
            r"(?:la\s+salle|le\s+public|l['’]\s*assistance|les\s+d[ée]put[ée]s)\s+(?:a[- ]t[- ]|ont[- ])(?:elle|il|ils|elles)\s+"
            r"(?:applaudi|ri|r[ée]agi)|"
            r"(?:y\s+a[- ]t[- ]il\s+eu|il\s+y\s+a\s+eu)\s+des\s+(?:applaudissements|rires|hu[ée]es|protestations|r[ée]actions)|"
            r"applauded|applaudi(?:e|s|es)?|standing\s+ovation)\b",
            re.I,
        ),
    ),
    # The title of a work: « Il s'appelle comment, son bouquin ? », "What's the title of the book…?"
    # (a name said with a naming word or in quotation marks answers; a sentence about the book
    # without its title does not).
    (
        "title",
        re.compile(
            rf"\b{WORKS}\b.{{0,80}}?\b{_TITLE_ASKED}|\b{_TITLE_ASKED}\b.{{0,80}}?\b{WORKS}\b|"
            # "Which book did she present?", « Quel ouvrage est-elle venue présenter ? »: its title
            # (not « quel rapport avec … », a relation)
            rf"\b(?:quel(?:le)?s?|which|what)\s+(?:\w+\s+)?{WORKS}\b(?!\s+(?:avec|entre|with|between)\b)",
            re.I,
        ),
    ),
    (
        "time",
        re.compile(rf"\b(?:{TIME_ASKED})\b", re.I),
    ),
    (
        # Who put the event on: the document says it in its head ("organisé par Cités Unies France").
        "organiser",
        re.compile(
            r"\b(?:who\s+(?:organi[sz]ed|hosted|convened)|organi[sz]ed\s+by|organi[sz]ers?\s+of|"
            r"qui\s+(?:a\s+|avait\s+)?organis\w*|organis[ée]e?\s+par|organisat(?:eur|rice)s?\s+d|"
            r"(?:which|what)\s+(?:organi[sz]ation|body|institution)\s+(?:organi[sz]ed|hosted|convened)|"
            r"quel(?:le)?\s+(?:organisation|organisme|institution)\s+a\s+organis\w*)",
            re.I,
        ),
    ),
    # Words the speaker put in quotation marks: « Quelle formule cite-t-il entre guillemets ? »
    (
        "quote",
        re.compile(r"\b(?:entre\s+guillemets|in\s+quot(?:es|ation\s+marks)|quotation\s+marks|scare\s+quotes)\b", re.I),
    ),
    # A year is asked for: a duration ("billions of years") or a day does not answer it.
    (
        "year",
        re.compile(
            r"\b(?:en\s+quelle\s+ann[ée]e|quelles?\s+ann[ée]es?|what\s+years?|which\s+years?|in\s+what\s+years?)\b",
            re.I,
        ),
    ),
    (
        "date",
        re.compile(
            # "when" alone often means "in what circumstances": only explicit forms ask for a date.
            r"\b(?:à\s+quelle\s+date|quelle\s+date|depuis\s+quand|(?:de|à)\s+quand\s+date|date\s+de\s+quand|"
            r"quel\s+jour|what\s+date|which\s+date|what\s+day|since\s+when|"
            # "did he give a date for…", « a-t-elle fixé une date ? »: a date asked for
            r"\b(?:give|gave|given|set|fix(?:ed)?|name[ds]?|mention(?:ed)?|state[ds]?|provide[ds]?|offer(?:ed)?)\s+"
            r"(?:a|any|the|an)\s+(?:\w+\s+)?date\b|"
            r"\b(?:donn|fix|précis|avanc|indiqu|annonc|mentionn|propos)\w*\s+(?:une|la|aucune)\s+(?:\w+\s+)?date\b|"
            # "…, and when?", « Et quand ? », « élu quand ? »: a "when" that ends the question asks it
            r"(?:(?:and|et|,)\s+)?(?:when|quand)\s*\?\s*$|"
            r"(?:when|where\s+and\s+when)\s+(?:and\s+where\s+)?(?:was|were|did|will|is)\b.*\b(?:held|take\s+place|took\s+place|happen\w*|start\w*|begin|began|end\w*|"
            r"found\w*|creat\w*|launch\w*|adopt\w*|sign\w*|elect\w*|vot(?:e|ed|es|ing)|pass(?:ed|es)?|kick\w*\s+off|get\s+under\s+way|"
            r"got\s+under\s+way)|"
            # "When is the Senate expected to vote?", « Quand le vote est-il prévu ? »: when it is to be
            r"(?:when|quand)\b[^?]*\b(?:expected|scheduled|due|planned|prévue?s?|programmée?s?|censée?s?)\s+(?:to|for|pour)?\b|"
            r"(?:when|where\s+and\s+when)\s+(?:was|were|did|has|had)\b.*\b(?:updated|published|posted|broadcast|aired|met|meet|opened|adjourned)\b|"
            r"quand\s+(?:aura|auront|se\s+tiendra|se\s+tiendront|se\s+déroulera|se\s+dérouleront)\b|"
            # « Quand le Crédit Lyonnais sera-t-il privatisé ? », "When will the bill be passed?"
            r"quand\b[^?]*\b(?:sera|seront)-t?-?(?:il|elle|ils|elles)\s+\w+[ée]e?s?\b|"
            r"when\s+will\b[^?]*\bbe\s+\w+(?:ed|en)\b|"
            # « Quand le dossier a-t-il été transmis ? », "When was the file sent on?": a past event,
            # in the passive
            # (an adverb may come before the participle: « a-t-elle effectivement été mise en service »)
            r"quand\b[^?]*\b(?:a|ont|avait|avaient)-t?-?(?:il|elle|ils|elles)\s+(?:\w+ment\s+)?été\s+(?!question\b)\w+|"
            r"^(?:and\s+|so\s+)?when\s+(?:was|were)\b[^?]*\b(?:\w+(?:ed|en)|sent|put|set|made|held|paid|sold|built|"
            r"brought|bought|lost|met|shut|spent|won|cut|cast|found|kept|laid|led|struck|shot)\b|"
            # « Quand la loi a-t-elle été adoptée ? »: the subject before the inverted verb
            r"quand\s+(?:(?:a|ont|est|sont|fut|avait)\b|[^?]*\b(?:a|ont|est|sont|fut|avait)-t?-?(?:il|elle|ils|elles)\b)"
            r".*\b(?:eu\s+lieu|commenc\w*|cr[ée]\w*|lanc\w*|adopt\w*|sign\w*|[ée]lu\w*|fond\w*|vot[ée]\w*|promulgu\w*)|"
            r"quand\b.*\b(?:mise?\s+à\s+jour|publi[ée]\w*|diffus[ée]\w*|r[ée]uni\w*|tenue?s?|ouverte?s?|lev[ée]e?)\b|"
            r"jusqu['’]\s*(?:à|au)\s+quand|until\s+when)",
            re.I,
        ),
    ),
    # Where an event was held: « Où s'est tenu le colloque ? », "Where did the hearing take place?"
    # ("where does she stand" asks no place).
    (
        "place",
        re.compile(
            r"\b(?:o[ùu]\s+(?:s['’]\s*est|se)\s+(?:sont\s+|est\s+)?(?:tenu|tien|déroul|passé|réuni)\w*|"
            r"o[ùu]\s+(?:a|avait|ont)\s+eu\s+lieu|o[ùu]\s+(?:a|avait)\s+(?:siégé|été\s+organis)\w*|"
            r"where\b[^?]{0,30}?\b(?:was|were|is|did|will|does)\b[^?]*\b(?:held|take\s+place|took\s+place|located|hosted|"
            r"meet|met|convene\w*|sit|sat|happen\w*)|"
            r"(?:in|at)\s+(?:which|what)\s+(?:room|venue|city|building|hall|location)|"
            r"\b(?:which|what)\s+(?:room|venue|building|hall)\b[^?]*\b(?:held|take\s+place|took\s+place|happen\w*|meet|met)|"
            r"(?:dans|en)\s+quel(?:le)?\s+(?:salle|ville|lieu|bâtiment|endroit)|quel\s+(?:lieu|endroit)|"
            r"(?:what|which)\s+(?:venue|location)|what\s+was\s+the\s+venue)",
            re.I,
        ),
    ),
    # How old someone is or was: « elle a quel âge », "at what age", "how old was he when…"
    # ... and an age a rule sets: "what is the legal retirement age", « quel est l'âge légal »
    (
        "age",
        re.compile(
            r"\b(?:how\s+old|quel\s+[âa]ge|(?:at\s+)?what\s+age|"
            r"what(?:['’]s|\s+is|\s+was|\s+will\s+be)\s+the\s+(?:\w+\s+){0,2}age|quel\s+(?:est|était|sera)\s+l['’]\s*[âa]ge)\b",
            re.I,
        ),
    ),
    (
        "number",
        re.compile(
            # (in any tense: « Quel sera le coût… ? », « Quel a été le tirage… ? »)
            r"\b(?:combien|quel(?:le)?s?\s+(?:(?:est|était|sont|étaient|sera|seront|serait|seraient|fut|"
            r"a\s+été|ont\s+été|avait\s+été)\s+(?:le|la|les|l['’]\s*)?)?(?:\w+\s+)?"
            r"(?:montant|nombre|pourcentage|part|proportion|somme|chiffre|budget|co[ûu]t|taux|volume|quantit[ée]|"
            r"tonnage|effectifs?|superficie|total|tirage|salaire|r[ée]mun[ée]ration|loyer|amende)|"
            r"how\s+(?:many|much|large|big|long|far)|à\s+quelle\s+distance|"
            # « … a-t-il chiffré ? », "put a number on": a figure asked for
            r"chiffr(?:é|ée|és|ées|er|ait|aient|e|ent)|put\s+(?:a|any|an\s+exact)\s+(?:numbers?|figures?)\s+on|"
            # « À quel niveau le texte plafonne-t-il la dette ? », "at what level is it capped": a figure
            r"(?:à\s+quel\s+niveau|at\s+what\s+level)\b[^?]*\b(?:plafonn|fix|limit|cap|set|établi|élev|chiffr)\w*|"
            # nouns that are counts: "a death toll", "the vote count", "the final score"
            r"(?:death|casualty)\s+toll|(?:vote|head|body)\s+count|(?:final\s+)?score|tally|"
            # « à quelle majorité, en chiffres ? », "by what majority", « le résultat à la fin du match »
            r"(?:à|par|by)\s+(?:quelle|what|which)\s+majorit[ée]|en\s+chiffres|in\s+figures|"
            r"r[ée]sultat\s+(?:final|à\s+la\s+fin|(?:du|de\s+la)\s+(?:match|rencontre|partie))|final\s+result|"
            r"what(?:['’]s|\s+(?:is|was|are|were|will\s+be|would\s+be|has\s+been))?\s+(?:the\s+)?(?:\w+\s+){0,2}"
            r"(?:percentage|share|amount|number|proportion|sum|figure|budget|cost|rate|volume|quantity|tonnage|total|print\s+run|"
            r"salary|wage|pay|price|rent|fine)\b|"
            # how many came: "what was the turnout", « quelle affluence »
            r"(?:what|which|quel(?:le)?)\s+(?:(?:is|was|were|a\s+été|était)\s+(?:the\s+|l['’]\s*|la\s+|le\s+)?)?(?:\w+\s+)?"
            r"(?:turnout|attendance|affluence|fréquentation|participation)|(?:audience|crowd)\s+size|"
            r"à\s+combien|"
            # asked for in the imperative: "Give me the attendance figure", « Donnez-moi le nombre »
            r"(?:give|tell|show|find)\s+(?:me|us)\s+(?:the\s+|a\s+)?(?:\w+\s+){0,2}"
            r"(?:numbers?|figures?|amounts?|counts?|totals?|percentages?|rates?|costs?|sums?|turnout|attendance)|"
            r"(?:donne|donnez|indique|indiquez|dis|dites)[-\s](?:moi|nous)\s+(?:le\s+|la\s+|les\s+|l['’]\s*)?(?:\w+\s+){0,2}"
            r"(?:nombre|chiffre|montant|total|pourcentage|taux|co[ûu]t|somme|affluence|fréquentation)s?|"
            # sums of money by their name: "what fine do they face", « quel salaire », « à quel prix »
            r"(?:what|which|quel(?:le)?s?)\s+(?:\w+\s+)?(?:fines?|amendes?|salaires?|salar(?:y|ies)|wages?|prix|prices?|"
            r"indemnit[ée]s?|allowances?|r[ée]mun[ée]rations?|stipends?)|"
            # a limit set by a figure: "what borrowing ceiling", « quel plafond », « quel seuil »
            r"(?:what|which|quel(?:le)?s?)\s+(?:\w+\s+)?(?:ceilings?|caps?|thresholds?|plafonds?|seuils?)|"
            # « A-t-elle précisé le montant ? », "Did he give a figure?"
            # « Donne-t-il un nombre de villes ? »: the verb inverted with its subject
            r"(?:pr[ée]cis[ée]|donn[ée]|indiqu[ée]|avanc[ée]|chiffr[ée]|cit[ée]|fourni[t]?|gave|gives?|given|state|"
            r"stated|cite|cited|mention|mentioned|specif(?:y|ied)|put)(?:(?:-t)?-(?:il|elle|ils|elles|on))?\s+"
            r"(?:(?:un|le|la|les|des|a|the|any)\s+)?"
            r"(?:montant|nombre|chiffre|somme|co[ûu]t|pourcentage|taux|amount|number|figure|sum|cost|percentage|rate)s?)\b",
            re.I,
        ),
    ),
    (
        "name",
        re.compile(
            # (the words between are the asked noun's own, not a subject's article: « quel engagement
            # la banque a-t-elle pris » asks for no bank)
            # (nor a relative clause: "a diplomacy in which cities set norms")
            rf"\b(?:quel(?:le)?s?|(?<![a-z]\sin\s)(?<![a-z]\sof\s)(?<![a-z]\sby\s)(?<![a-z]\sfor\s)(?<![a-z]\son\s)(?<![a-z]\sat\s)which|what)\s+"
            rf"(?:(?!(?:la|le|les|l|un|une|des|du|the|a|an)\b)\w+\s+){{0,2}}"
            rf"(?:{_NAMED_THINGS})\b|\b(?:lesquel(?:le)?s|name\s+the)\b|"
            # "What were the names of the hospitals…?", « les noms des villes »
            r"\b(?:what\s+(?:(?:is|was|are|were)\s+)?the\s+names?\s+of|(?:need|want|give\s+me|tell\s+me)\s+the\s+names?\s+of|"
            r"quel(?:le)?s?\s+(?:(?:est|sont|étaient|était)\s+)?"
            r"les?\s+noms?\s+d|"
            # « comment s'appelait l'officier ? », "what was he called?": a name
            r"comment\s+s['’]\s*appel\w*|comment\s+se\s+nomm\w*|(?:what|how)\s+(?:is|was|were|are)\s+(?:\w+\s+){1,4}called\b|"
            r"what\s+(?:is|was|were|are)\s+(?:his|her|their|its)\s+names?\b)|" + PEOPLE_DEALT_WITH.pattern,
            re.I,
        ),
    ),
    # What someone proposes or plans to do: « Que propose-t-elle pour les résidences
    # secondaires ? », "What does he plan to do about second homes?", "What should be done?"
    # (not « à propos de », about; nor what they asked for).
    (
        "proposal",
        re.compile(
            # (« les pistes proposées par X », "the ideas proposed by X": the thing proposed is named,
            # its content is the answer)
            # (« Pourquoi n'a-t-il pas proposé… ? » asks a reason, below)
            r"^(?!\W*(?:(?:et|and|mais|but|so|alors)\s+)?(?:pourquoi|why|pour\s+quelle\s+raison|for\s+what\s+reason|"
            r"how\s+come)\b)[\s\S]*?"
            r"\b(?:propos(?:e|es|ent|ons|ez|er|é|ée|és|ées|ait|aient)(?!\s+par\b)|propose[sd]?(?!\s+by\b)|proposals?|"
            r"plan(?:s|ned|ning)?\s+to|intends?\s+to|intending\s+to|recommand\w*|recommend\w*|préconis\w*|"
            r"should\s+be\s+done|que\s+faire|(?:quelles?|what|which)\s+(?:\w+\s+)?(?:mesures|measures)|"
            r"comme\s+mesures?|(?:compte|comptent|veut|veulent)\s+faire|(?:want|wants)\s+to\s+do)\b",
            re.I,
        ),
    ),
    # Where someone stands: « Quelle est la position de X sur… », "Where does X stand on…",
    # "What does X think of…": a view they state (an interviewer's questions state none).
    (
        "view",
        re.compile(
            r"\bwhere\s+(?:does|did|do)\s+[^?]+?\s+stand\b|"
            r"\b(?:position|stance|views?|opinion)\s+(?:on|of|about|regarding|towards?)\b|"
            r"\bwhat\s+(?:does|did|do)\s+[^?]+?\s+(?:think|feel)\s+(?:of|about)\b|"
            r"\bhow\s+(?:does|did|do)\s+[^?]+?\s+feel\s+about\b|"
            r"\bposition\s+(?:d[eu]\s+[^?]{1,40}?\s+|of\s+[^?]{1,40}?\s+)?(?:sur|on|de\s+principe|à\s+l['’]\s*égard|concernant|vis-à-vis)\b|"
            r"\b(?:que|qu['’])\s*pense(?:nt)?(?:-t)?-(?:il|elle|ils|elles)\b|\bque\s+pense(?:nt)?\s|"
            r"\bavis\s+sur\b|\bpoint\s+de\s+vue\s+sur\b|\bpour\s+ou\s+contre\b|\bfor\s+or\s+against\b",
            re.I,
        ),
    ),
    # Why something happened, asked of no speaker (see `QueryAnalyzer.analyze`): « Pourquoi le
    # Sénat a-t-il rejeté les amendements ? », "Why were they absent?".
    (
        "reason",
        re.compile(
            r"^\W*(?:(?:et|and|mais|but|so|alors)\s+)?(?:pourquoi|why|pour\s+quelle\s+raison|for\s+what\s+reason|how\s+come)\b",
            re.I,
        ),
    ),
]
# A figure asked about money is an amount with its currency: "50 ans" does not answer "quel
# budget".
MONEY = re.compile(
    r"\b(?:budget|montant|co[ûu]t\w*|financement|somme|cost\w*|funding|funds|fonds|récolt\w*|raised?|"
    r"spen[dt]\w*|dépens\w*|paid|payé\w*|vers[ée]\w*|euros?|dollars?|money|argent|"
    # what public finances count in money: « le déficit », "the debt", « les économies »
    r"d[ée]ficits?|dettes?|debts?|économies|savings|excédents?|surplus|"
    # what someone pays or is paid: a fine, a salary, a price
    r"fines?|amendes?|salaires?|salar(?:y|ies)|wages?|prix|prices?|rents?|loyers?|r[ée]mun[ée]rations?)\b",
    re.I,
)
# A figure asked as a rate or a share of a whole is a percentage: « quel est le taux de
# pauvreté ? », "what proportion of Americans…".
PERCENT_ASKED = re.compile(r"\b(?:pourcentage|percentage|taux|rate|proportion|pour\s*cent|per\s*cent|percent)\b", re.I)
# What comes before the role of the one spoken to (folded text).
_ADDRESSEE = re.compile(
    # ("according to the minister" is who says it, not whom it is said to)
    r"\b(?:ask|asks|asked|asking|tell|tells|told|telling|interview\w*|question\w*|(?<!according )to|a|au|aux|"
    # « interroge-t-elle elle-même la témoin »
    r"interroge\w*(?:-t-(?:il|elle))?(?:\s+(?:lui|elle|eux|elles)-meme)?|"
    r"(?:reply|replied|replies|respond\w*|answer\w*|said|say|says|speak\w*|spoke)\s+to)\s+"
    r"(?:the\s+|le\s+|la\s+|l'|les\s+|m\.\s+|mme\s+|mr\.?\s+|mrs\.?\s+|ms\.?\s+)?$"
)
# A part named by pointing back at the conversation: "that session", « cette table ronde ».
_THAT_PART = re.compile(
    r"\b(?:that|this|the\s+same)\s+(?:session|panel|part|sitting|workshop|round\s*table)\b|"
    r"\b(?:cette|la\s+même)\s+(?:session|partie|table\s+ronde|séance)\b|\b(?:ce|le\s+même)\s+(?:panel|atelier)\b",
    re.I,
)
# A topic said by pointing back at the question before: "on that", « là-dessus ».
_ABOUT_THAT = re.compile(
    r"\b(?:on|about|to|regarding|of|over)\s+(?:that|this|it)\b|\blà-dessus\b|\bsur\s+ce\s+(?:point|sujet)\b|"
    r"\bà\s+ce\s+(?:sujet|propos)\b|\b(?:de|à|sur)\s+(?:cela|ça|ceci)\b|\ben\s+(?:pense|dit|pensait|disait)-t-(?:il|elle)\b|"
    r"\by\s+(?:a|ont)-t-(?:il|elle|ils|elles)\s+répondu\b",
    re.I,
)
# A preposition left without its object at the end of a follow-up: « pour lutter contre ? »,
# "what should be done about?" (what the conversation is about).
_DANGLING = re.compile(r"\b(contre|avec|sans|envers|against|about|with|without|towards?)\s*[?.!]*\s*$", re.I)
# "What did he say back": a verb of reply, "back" no topic word.
_SAID_BACK = re.compile(
    r"\b((?:say|says|said|saying|answer\w*|repl\w+|respond\w*|wr[io]te|write|writes|talk\w*|fir\w+|shot))\s+back\b",
    re.I,
)
# When the document's event ended: said at its end, not in its head.
ENDED = re.compile(
    r"\b(?:lev[ée]e?s?|termin\w*|fini\w*|ach[eè]v\w*|clos\w*|suspendue?s?|adjourn\w*|end(?:ed|s)?|finish\w*|"
    r"close[ds]?|rose|wrap\w*\s+up|conclu\w*)\b",
    re.I,
)
# When something began: « à quelle heure commence le colloque », "what time did the event start".
STARTED = re.compile(
    r"\b(?:commenc\w*|début\w*|ouvr\w*|s['’]\s*ouvr\w*|start\w*|begin\w*|began|begun|open(?:s|ed)?|kick\w*\s+off)\b",
    re.I,
)
# A time of the day a question places what it asks in (« la séance de l'après-midi »).
DAYTIME = re.compile(
    # (not « soirée »: an evening's event, « la soirée électorale »)
    r"\b(?:matin|matinée|matinee|après-midi|apres-midi|soir|morning|afternoon|evening)\b",
    re.I,
)
_WHEN_OPENING = re.compile(r"^(?:and\s+|et\s+)?(?:when|quand)\b", re.I)
# The document itself, pointed at: "this page", « ce compte rendu ».
_THIS_DOCUMENT = re.compile(
    r"\b(?:this|cette|ce|cet)\s+(?:[\w-]+\s+){0,3}(?:page|article|document|site|texte|text|transcript|report|"
    r"rapport|compte[- ]rendu|record|minutes|procès-verbal|special\s+order|proceedings|"
    # the genre of the document: "this RFI news bulletin", « cet entretien »
    r"bulletin|journal|broadcast|émission|podcast|episode|épisode|interview|entretien|briefing|hearing|audition)\b",
    re.I,
)
# Another occurrence of the event than the document's: "the next edition", « la précédente ».
_OTHER_EDITION = re.compile(
    r"\b(?:next|previous|following|upcoming|last\s+year's|prochaine?s?|précédente?s?|suivante?s?|"
    r"dernière\s+édition|l['’]\s*an\s+(?:dernier|prochain))\b",
    re.I,
)
# Words of a question about the room's reaction that say only that (the note answers, whatever
# the speaker spoke of).
REACTION_WORDS = frozenset(
    fold(w)
    for w in (
        "room salle audience public crowd assistance hémicycle chamber house members floor listeners auditeurs "
        "react reacted reacting reaction reactions réagi réagit réagir réaction réactions respond responded "
        "receive received accueilli accueil reçu applause applaud applauded applaudi applaudie applaudis "
        "applaudissements laugh laughed laughter rire rires ri push back pushback heckled heckling boo booed "
        "boos jeers cheers cheered huées sifflé ovation standing anyone quelqu'un clap clapped remarks"
    ).split()
)
# Words of a question that say what kind of answer is wanted, not what it is about.
QUESTION_WORDS = frozenset(
    fold(w)
    for w in (
        "dit déclaré affirmé évoqué parlé propos pense pensé selon sujet question explique expliqué souligné "
        "résume résumé résumer résumez synthèse intervention interventions discours exposé contribution retenir "
        "principaux principales points essentiels clés idées message messages défend défendu propose proposé "
        "estime estimé conclut conclu déclare raconte retient répond répondu qualifie qualifié décrit décrire "
        "disent disait pensent intervenants intervenant orateurs orateur participants participant personne "
        "mentionné mentionnés mentionnent évoque évoquent exactement exactly juste chacun chacune chacuns each "
        "actually besides really lesquels lesquelles lequel laquelle contexte parmi parmis cité citent money "
        "jusqu'à jusqu'au jusqu'aux jusque until "
        "intervenu intervenue intervenus intervenues intervient interviennent intervenir "
        # « avance un chiffre », "puts forward a figure": that it was said
        "avance avancé avancée avancent avancer "
        "said say says think thinks talk talked about mention mentioned mentions mentioning explain explained according view views "
        # verbs of speech that say only that it was said: "Who referred to…", "Did anyone bring up…"
        "refer refers referred referring bring brings brought bringing cited citing "
        "highlight highlights highlighted emphasise emphasised emphasize emphasized underline underlined "
        "opinion opinions avis thoughts speak spoke point points make made argue argued describe described summary summarize summarise "
        "cover covered covers stand stands personally personnellement "
        "statement statements speech speeches remarks talk contribution presentation main key gist testimony position stance "
        "believe believed claim claimed stress stressed propose proposed suggest suggested recommend recommended "
        "concluded conclude tell told answer answered reply replied discuss discussed speakers speaker "
        "panelists panellists witnesses people person else who whom "
        "heure heures quand commençait commence commencé débute débutait start started begin began time "
        "créneau créneaux horaire horaires plage plages slot slots "
        "date dates lieu year years année années when "
        # « il remonte à quelle année ? », "when does it date back to": how a date is asked
        "remonte remontent remontait remontaient remonter "
        # an example follows: "flu names like H1N1"
        "like "
        # how the answer is given, not what it is about ("what figure did she give")
        "figure figures chiffre chiffres number nombre amount montant give gave given giving donné donnée donne "
        "toll tally guillemets quotation marks "
        "statistics statistic statistiques statistique ask asks asking demande demandé demandée demander demandait demandent "
        "quote quoted quotes quoting "
        "donnent day jour making gets getting every chaque "
        # how a statement is worded or delivered, not what it is about ("a memorable phrase for
        # them — what did she call them?", « quelle formule a-t-il employée »)
        "phrase phrases phrasing wording expression expressions formula formule formules metaphor métaphore "
        "slogan catchphrase soundbite quip memorable mémorable marquante marquant striking frappante frappant "
        "label labels labelled labeled dubbed call called calls appelle appelé appelée appelait surnomme "
        "put puts insist insisted insists insiste insisté pointed noted observed remark remarque remarques "
        "comment comments commentaire commentaires highlight highlighted emphasise emphasised emphasize "
        "emphasized underline underlined employée employé utilisée utilisé used use "
        # modal verbs and "the way": how the question is put, not its subject
        "doit doivent devrait devraient peut peuvent pourrait pourraient faut manière façon "
        "should must could can would might way ways"
    ).split()
)
# Words naming the document itself ("during the interview", "lors du colloque"): not the topic
# when two other words are ("When was the colloquium held?" is about the colloquium).
# What a web page or a file calls itself: « La page gouvernement.fr, elle est de quel jour ? »
_PAGE_WORDS = frozenset({"page", "webpage", "site", "website"})
_GENRE_SOURCE = (
    "interview interviews entretien colloquium colloque conference conférence hearing audition séance "
    "sitting briefing meeting réunion broadcast émission podcast episode épisode show news newscast "
    "bulletin journal debate débat proceedings"
).split()
GENRE_WORDS = frozenset(fold(w) for w in _GENRE_SOURCE)
_DURING_DOCUMENT = re.compile(
    r"\b(?:pendant|durant|lors\s+d[eu]|au\s+cours\s+d[eu]|during|throughout|in\s+the\s+course\s+of|"
    r"(?:at|by|towards?|near)\s+the\s+(?:start|beginning|end|close|opening)\s+of|"
    r"(?:au|vers\s+le)\s+d[ée]but\s+d[eu]|(?:à|vers)\s+la\s+fin\s+d[eu]|en\s+(?:début|fin)\s+d[eu])\s+"
    r"(?:l['’]\s*|la\s+|le\s+|les\s+|cette\s+|ce\s+|the\s+|this\s+)?([\w-]+)",
    re.I,
)
# Whose event the document records, named with its genre: « au colloque de Cités Unies France »,
# "the Cités Unies France colloquium": which document, not what about (every passage is theirs).
_GENRE = "|".join(sorted(set(_GENRE_SOURCE) | GENRE_WORDS, key=len, reverse=True))
_GENRE_OWNER = re.compile(
    rf"\b((?i:{_GENRE}))\s+(?i:de|du|des|of)\s+(?:(?i:l'|la\s+|le\s+|les\s+|the\s+))?[A-ZÀ-Ý][\w'-]*(?:\s+[A-ZÀ-Ý][\w'-]*)*|"
    rf"\b(?:(?i:the)\s+)?(?!(?:Le|La|Les|The|Un|Une|A|An|Ce|Cette|This|That)\b)[A-ZÀ-Ý][\w'-]*(?:\s+[A-ZÀ-Ý][\w'-]*)*"
    rf"\s+((?i:{_GENRE}))\b"
)


# A question's opening that says which document, by its genre, outlet and date: « Dans le journal
# RFI du 28 mai 2018, … », "In this June 7, 2022 briefing, …": not what it asks about.
_SCENE_DATE = rf"\d{{1,2}}(?:er)?\s+(?:{MONTH_WORDS}|may)\s+\d{{4}}|(?:{MONTH_WORDS}|may)\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{4}}|\d{{4}}"
_SCENE_SETTING = re.compile(
    r"^(?:dans|lors\s+d[eu]|pendant|durant|au\s+cours\s+d[eu]|in|during|at|on)\s+"
    r"(?:l['’]\s*|la\s+|le\s+|les\s+|ce\s+|cette\s+|cet\s+|the\s+|this\s+|that\s+)?"
    rf"(?:(?:{_SCENE_DATE})\s+)?(?:[A-Z][\w'’-]*\s+)?(?i:{_GENRE})(?:\s+[A-Z][\w'’-]*)?"
    rf"(?:\s+(?:du|de|d['’]|of|from|on)\s*(?:(?:{_SCENE_DATE})))?\s*,\s*",
    re.I,
)


# « Quel rôle joue Mme Hitchman lors de cette audience ? », "What role does X play in this
# hearing?": the part someone has in the document's event is who they are (a role played in
# something else, « dans les négociations », is what they did).
_ROLE_IN_DOCUMENT = re.compile(
    r"\b(?:quel(?:le)?\s+(?:r[ôo]le|fonction|place)|what\s+(?:role|part|function))\b[^?]*?"
    r"\b(?:joue|jouait|jou[ée]|tient|tenait|occupe|occupait|a|avait|play|plays|played|have|has|had|hold|holds)\b[^?]*?"
    r"\b(?:lors\s+d[eu]|pendant|durant|dans|à|au|at|in|during|on)\s+"
    rf"(?:cette|ce|cet|la|le|l['’]\s*|this|the|that)\s*(?:[\w'’-]+\s+){{0,2}}?(?i:{_GENRE}|audience|enquête|inquiry)\b",
    re.I,
)


def _without_words_of(
    phrase: str, names: tuple[str, ...], topic: tuple[str, ...]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """`names` and `topic` without what `phrase` says (a name all of whose words it holds); the
    topic is kept whole if nothing else would be left."""
    said = {fold(w) for w in re.findall(r"[\w-]+", phrase)}
    kept = tuple(n for n in names if not all(fold(w) in said for w in re.findall(r"[\w-]+", n)))
    return kept, tuple(w for w in topic if fold(w) not in said) or topic


def _without_genre_owner(text: str) -> str:
    return _GENRE_OWNER.sub(lambda m: f" {m.group(1) or m.group(2)} ", text)


# The words of a question about the document itself: what it is (a sitting, a bulletin, a page,
# the assembly it records) and its taking place (met, held, broadcast, updated).
DOCUMENT_WORDS = GENRE_WORDS | frozenset(
    fold(w)
    for w in (
        "journal bulletin broadcast émission emission show programme program page site article document texte "
        "text transcript record compte rendu débat debate discussion session chambre chamber house assemblée "
        "assembly sénat senate parlement parliament commons lords council conseil committee commission "
        "réuni réunie réunis réunies met meet meeting held tenu tenue tenus tenait tenaient lieu place took take "
        "diffusé diffusée broadcasted aired publié publiée published posted updated mise mis jour "
        "start started began begin commencé commencée commence opened ouvert ouverte ended end closed "
        "terminé terminée levée adjourned dated date sit sat sits sitting siège siégé siégeait "
        # the day of the week it was held: « ce jeudi-là », "that Thursday"
        "monday tuesday wednesday thursday friday saturday sunday lundi mardi mercredi jeudi vendredi samedi dimanche "
        # who put it on
        "organised organized organisé organisée organisés organiser organizer organisers organizers "
        "organisateur organisatrice organisateurs hosted host convened colloque colloquium conférence "
        "conference événement evenement event symposium workshop journée journee organisation organization "
        # who chaired it (« Qui présidait la séance… et à quelle heure s'est-elle ouverte ? »)
        "présidait présidée présidé presided chaired chair "
        # its date, given to say which sitting ("la séance du 31 octobre 1995")
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre "
        "january february march april may june july august september october november december"
    ).split()
)
# A pronoun that points back at someone already named ("qu'a-t-elle dit", "what did he say").
PRONOUN = re.compile(
    r"\b(?:il|elle|ils|elles|lui|leur|eux|he|she|they|him|her|his|hers|their|them)\b|-t-(?:il|elle|ils|elles)\b",
    re.I,
)
# Someone else than the speaker a follow-up's subject pronoun resolves to, pointed at by an
# object pronoun: « a-t-elle précisé ce que Biden comptait aborder avec lui ? » (the one the
# question before named).
_SUBJECT_BACK = re.compile(r"-t-(?:il|elle)\b|\b(?:il|elle|he|she)\b", re.I)
_OTHER_BACK = re.compile(
    r"\b(?:avec|à|de|pour|contre|sur|envers|chez|with|to|for|against|about|on|of|by)\s+(?:lui|eux|him|them)\b|"
    r"\b(?:him)\b",
    re.I,
)
# Who speaks for a body, named by its possessive: « par la voix de son rapporteur », "through its
# chair" (folded text).
_THROUGH_OWN = re.compile(
    r"\b(?:par\s+la\s+voix\s+d[eu]|par\s+l'\s*intermediaire\s+d[eu]|through|via|by\s+way\s+of)\s+"
    r"(?:son|sa|ses|leurs?|its|their|his|her)\s+$"
)
# A question that continues the conversation: "et… ?", "and…?", "what about…?".
CONTINUATION = re.compile(
    r"^\s*(?:et|and|also|aussi|what\s+about|how\s+about|and\s+what|qu['’]\s*en\s+est-il|mais|but|then|puis|ensuite|same)\b",
    re.I,
)
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\b")
# "his organisation", "sa ville": the speaker's own affiliation, which their role or the
# document names otherwise ("ACTED", "Lyon"), so not a word the passage must hold.
_OWN_AFFILIATION = re.compile(
    r"\b(?:his|her|their|son|sa|ses|leur|leurs)\s+(?:own\s+)?"
    r"(organi[sz]ations?|ngos?|ong|associations?|city|cities|town|villes?|communes?|municipalit(?:y|ies|é|és)|"
    r"countr(?:y|ies)|pays|government|gouvernement|party|parti|ministry|minist[èe]re|department|d[ée]partement|"
    r"region|r[ée]gion|institution|company|entreprise|network|r[ée]seau|constituency|circonscription|"
    r"university|universit[ée]|agency|agence|administration)\b",
    re.I,
)
_NAMED_FROM = re.compile(r"([A-ZÀ-Ý][\w'’-]+),?\s+(?:from|of|du|de\s+la|des)\s+(?:the\s+)?([A-ZÀ-Ý][\w'’-]*)")
_CAPITALISED = re.compile(
    # (« de la » joins a name's words, a bare « la » does not: « le Covid-19 la France a-t-elle… »)
    r"(?<![\w'’-])([A-ZÀ-ÖØ-Ý][\w'’-]*(?:\s+(?:de\s+la|de\s+l['’]|de|du|des|of|the|d['’])?\s*[A-ZÀ-ÖØ-Ý][\w'’-]*)*)"
)
_ACRONYM = re.compile(r"\b[A-Z]{2,}[A-Z0-9]*\b")
# Common words that may open a sentence or carry a capital without naming anything.
_NOT_NAMES = frozenset(
    fold(w)
    for w in (
        "Que Qu Qui Quel Quelle Quels Quelles Quoi Comment Pourquoi Quand Où Combien Selon Et Mais Est Le La Les "
        "Un Une Des Du De Dans Pour Sur Avec What Who Whom Which Whose Where When Why How Did Does Do Is Are Was "
        "Were Has Have Had According And But The A An In On At For To Of By With From Résume Résumez Présente "
        "Présentez Summarize Summarise Tell List Give Name Names Il Elle Ils Elles He She They I Je Nous Vous "
        "Madame Monsieur M Mme Mr Mrs Ms Dr Pr Me Session Séance Panel Table"
    ).split()
)


# The programme's categories of people, as role nouns ("who moderated", "the keynote").
_KIND_ROLES = {"moderator": "animateur", "grand témoin": "temoin", "observer": "observateur"}


@dataclass(slots=True)
class _Speaker:
    """What analysis knows of one speaker across the parts they appear in."""

    name: str
    roles: list[str] = field(default_factory=list)
    name_terms: set[str] = field(default_factory=set)
    terms: set[str] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)
    parts: list[str] = field(default_factory=list)
    chunks: int = 0
    context: list[str] = field(default_factory=list)  # the lines that introduce them
    offices: set[str] = field(default_factory=set)  # role nouns of the labels that name them ("M. le président.")
    feminine: bool = False  # a label, title or role of theirs is feminine ("MS. KAPTUR", « directrice »)

    def described(self) -> str:
        """Everything the document says of who they are: roles and introduction lines."""
        return " ; ".join([*self.roles, *self.context])

    def holds(self, canonical: str) -> bool:
        """Whether the speaker's stated role, or their part in the programme, is this role."""
        return canonical in self.role_nouns()

    def role_nouns(self) -> set[str]:
        """Every role noun the speaker holds (`holds(c)` is `c in` this)."""
        out = {_KIND_ROLES.get(k, "") for k in self.kinds} | self.offices
        for r in self.roles:
            out |= _role_nouns(r)
        return out


@lru_cache(maxsize=1 << 14)
def _role_nouns(role: str) -> frozenset[str]:
    """The canonical role nouns a stated role holds (`roles.holds(role, c)` is `c in` this);
    many speakers share a role, so each is read once."""
    return frozenset(m.canonical for m in role_mentions(role))


@lru_cache(maxsize=1 << 14)
def _is_former(role: str) -> bool:
    return is_former(role)


# Words before a role noun that do not say whose office it is: "Former Minister", "The Mayor".
_NOT_OWN_QUALIFIERS = frozenset(
    {m for forms in MODIFIERS.values() for m in forms}
    | {"the", "le", "la", "l", "m", "mme", "mr", "mrs", "ms", "dr", "hon", "honourable", "madame", "monsieur"}
)


@lru_cache(maxsize=1 << 14)
def _own_complement(role: str, canonical: str) -> bool:
    """Whether a stated role says whose or what its `canonical` noun is, after it (« secrétaire
    d'État chargée du développement », "Minister of Health"; not « Président (« Monsieur le
    Président ») »)."""
    mentions = [m for m in role_mentions(role) if m.canonical == canonical]
    if not mentions:
        return False
    after = fold(role)[mentions[0].end :]
    return re.match(r"\s+(?:de|du|des|d'|a|au|aux|of|for|charge|chargee|in\s+charge)\b", after) is not None


@lru_cache(maxsize=1 << 14)
def _qualifier_before(role: str, canonical: str) -> str:
    """The capitalised word (folded) a stated role puts before its `canonical` noun to say
    whose office it is ("press" of "Press Secretary", not the Treasury Secretary); "" if none."""
    mentions = [m for m in role_mentions(role) if m.canonical == canonical]
    before = re.findall(r"[\w'’-]+", role[: mentions[0].start])[-1:] if mentions else []
    if before and before[0][:1].isupper() and fold(before[0]) not in _NOT_OWN_QUALIFIERS:
        return fold(before[0])
    return ""


@lru_cache(maxsize=1 << 16)
def _role_words(role: str) -> tuple[str, ...]:
    """The content words of a stated role (many speakers share a role)."""
    return tuple(content_words(role))


@lru_cache(maxsize=1 << 16)
def _plain_trigrams(word: str) -> frozenset[str]:
    """The trigrams `_char_similarity` compares (no padding)."""
    return frozenset(word[i : i + 3] for i in range(max(1, len(word) - 2)))


class _GramIndex:
    """Words by the character n-grams they hold, to find the few words of a large speaker
    table that can be close to a given word without comparing it to every one (the exact
    comparison is then made on those few).

    :param words: the words. :param grams: a word's n-grams.
    """

    def __init__(self, words: Iterable[str], grams: Callable[[str], frozenset[str]]) -> None:
        self.grams = grams
        self.words: list[str] = list(dict.fromkeys(words))
        self.postings: dict[str, list[int]] = {}
        self.by_prefix: dict[str, list[int]] = {}
        for i, w in enumerate(self.words):
            for g in grams(w):
                self.postings.setdefault(g, []).append(i)
            if len(w) >= 5:
                self.by_prefix.setdefault(w[:5], []).append(i)

    def sharing(self, word: str, at_least: int) -> list[str]:
        """Words that share at least `at_least` n-grams with `word` (and maybe a few more): any
        such word holds one of the `n - at_least + 1` rarest n-grams of `word`."""
        grams = sorted(self.grams(word), key=lambda g: len(self.postings.get(g, ())))
        need = max(1, len(grams) - max(1, at_least) + 1)
        seen: set[int] = set()
        for g in grams[:need]:
            seen.update(self.postings.get(g, ()))
        return [self.words[i] for i in seen]

    def with_prefix(self, prefix: str) -> list[str]:
        """Words (of five letters or more) that start with these five letters."""
        return [self.words[i] for i in self.by_prefix.get(prefix, ())]


class _Substrings:
    """Which of many texts hold a given piece of text, found by one scan of them all joined
    (a text that holds it is found once, however often it holds it).

    :param texts: texts without NUL characters (the separator, so no match spans two texts).
    :raises ValueError: a text holds a NUL character.
    """

    def __init__(self, texts: Sequence[str]) -> None:
        if any("\x00" in t for t in texts):
            raise ValueError("_Substrings: a text holds the NUL separator")
        self.count = len(texts)
        self.starts: list[int] = []
        pos = 0
        for t in texts:
            self.starts.append(pos)
            pos += len(t) + 1
        self.joined = "\x00".join(texts)

    def holding(self, piece: str) -> Iterable[int]:
        """The positions (in `texts`) of the texts that hold `piece`, in order."""
        if not piece:
            return range(self.count)  # "" is in every text
        out: list[int] = []
        pos = self.joined.find(piece)
        while pos >= 0:
            k = bisect_right(self.starts, pos) - 1
            out.append(k)
            if k + 1 >= self.count:
                break
            pos = self.joined.find(piece, self.starts[k + 1])
        return out


class _HitIndex:
    """What `QueryAnalyzer._hits` finds, for all speakers at once: for a complement, the
    speakers whose words hold it by spelling or translation (`similar`), whose description
    holds it with the spaces squeezed out, or as an acronym. The candidates are looked up
    (words by trigram and prefix, descriptions by substring) and then compared exactly.

    :param entries: (speaker, their words, their description), one per speaker.
    """

    def __init__(self, entries: Iterable[tuple[str, Iterable[str], str]]) -> None:
        self.by_word: dict[str, list[str]] = {}
        owners: dict[str, list[str]] = {}
        for name, words, described in entries:
            for w in words:
                self.by_word.setdefault(w, []).append(name)
            owners.setdefault(described, []).append(name)
        self.by_fold: dict[str, list[str]] = {}
        for w in self.by_word:
            self.by_fold.setdefault(fold(w), []).append(w)
        self.grams = _GramIndex(self.by_fold, trigrams)
        texts = list(owners)
        self.owners = [owners[t] for t in texts]
        self.squeezed = _Substrings([_squeezed(t) for t in texts])
        self.initials = _Substrings([_initials(t) for t in texts])

    def similar_words(self, words: Iterable[str]) -> set[str]:
        """The indexed words `t` for which `similar(w, t)` holds for one of `words`."""
        out: set[str] = set()
        for w in words:
            f = fold(w)
            candidates = set(self.by_fold.get(f, ()))
            if len(f) >= 4:
                # similar(): the same folded word, a long common prefix, or most trigrams in
                # common (Jaccard >= COGNATE_MIN_TRIGRAMS, so at least that share of the word's).
                shared = int(COGNATE_MIN_TRIGRAMS * len(trigrams(f))) - 1
                for form in (*self.grams.with_prefix(f[:5]), *self.grams.sharing(f, shared)):
                    candidates.update(self.by_fold[form])
            out |= {t for t in candidates if similar(w, t)}
        return out

    def hit(self, complement: str, alts: Sequence[str], df: dict[str, int] | None) -> set[str]:
        """The speakers one complement hits (`alts`: it and its translations); `df`: count only
        words that few (<= 2) speakers share."""
        out: set[str] = set()
        for t in self.similar_words(alts):
            if df is None or df.get(t, 0) <= 2:
                out.update(self.by_word[t])
        for i in self.squeezed.holding(_squeezed(complement)):
            out.update(self.owners[i])
        if _acronym_like(complement):
            for i in self.initials.holding(complement.upper()):
                out.update(self.owners[i])
        return out


class QueryAnalyzer:
    """Turns a question, its conversation and its filters into a `Query`.

    :param speakers: the speaker table of the index (every document).
    :param parts: the part labels of the index, in order.
    :param common: folded words frequent in the corpus: alone, such a word is a topic ("the
        crises"), never a reference to the speaker whose role contains it.
    :param translate: a word's translations into the corpus's words (`TermBridge.translations`),
        so that "the French ambassador" finds "Ambassadrice de France"; none by default.
    :param in_corpus: whether the corpus's text uses a word (default: never).
    :param part_titles: each part label's title, so that a part may be named by its theme
        ("la session consacrée à l'action des collectivités face aux crises").
    :param speaks_of: how often a speaker's own statements use some words (folded), so that
        "the NGO head" finds the head of an organisation who speaks of NGOs most when no role
        says which organisation is one; never, by default.
    :param lowercase: whether the corpus writes a (folded) word, and never with a capital inside a
        sentence: a common word, not a name (« devant », « intérieur »); never, by default.
    :param opens_with: whether a speaker's first statement opens with some words (folded): who
        speaks for a group says so first ("Monsieur le Président, le Front National votera
        contre…"); never, by default.
    """

    def __init__(
        self,
        speakers: Iterable[SpeakerInfo],
        parts: Iterable[str],
        common: frozenset[str] = frozenset(),
        translate: Callable[[str], tuple[str, ...]] | None = None,
        in_corpus: Callable[[str], bool] | None = None,
        part_titles: Mapping[str, str] | None = None,
        speaks_of: Callable[[str, frozenset[str]], int] | None = None,
        lowercase: Callable[[str], bool] | None = None,
        opens_with: Callable[[str, frozenset[str]], bool] | None = None,
    ) -> None:
        self.speaks_of = speaks_of or (lambda name, words: 0)
        self.opens_with = opens_with or (lambda name, words: False)
        self.lowercase = lowercase or (lambda word: False)
        self.parts = list(dict.fromkeys(parts))
        self.part_titles = dict(part_titles or {})
        self.common = common
        self.translate = translate or _no_translation
        self.in_corpus = in_corpus or (lambda word: False)
        self.people: dict[str, _Speaker] = {}
        # A large index has tens of thousands of speaker rows: the cycle collector would walk
        # every object made so far several times while they are read.
        with paused_gc():
            self._read(speakers)
        # Lookups that spare a question from walking the whole speaker table, built on first
        # use or by `prepare()`; each gives exactly what the walk gave, in the table's order.
        self._order = {name: i for i, name in enumerate(self.people)}
        self._lookups: dict[str, object] = {}
        self._holders: dict[tuple[str, bool, str | None], list[_Speaker]] = {}
        self._wholes: dict[str, str] = {}

    def _read(self, speakers: Iterable[SpeakerInfo]) -> None:
        for s in speakers:
            p = self.people.setdefault(s.name, _Speaker(s.name))
            if s.role and s.role not in p.roles:
                p.roles.append(s.role)
            p.kinds.add(s.kind)
            p.parts.append(s.part)
            p.chunks += s.chunks
            # The word lists are remembered (many rows share names and roles).
            p.name_terms |= _name_words(s.name)
            # An alias that is a label of the role ("The Meetings Administrator", "The Mayor")
            # names the person by their role: its role words are not name parts.
            role_words = set(_role_words(s.role))
            p.name_terms |= {
                w
                for a in s.aliases
                for w in _name_words(a)
                if w not in role_words and w not in _ARTICLES and not _role_nouns(w)
            }
            p.terms |= p.name_terms | role_words
            # A label that is an office alone ("M. le président.", "THE CHAIR:") names the one who
            # held it here: the vice-president in the chair is "le président de séance".
            p.offices |= {
                c
                for a in s.aliases
                if _role_nouns(a) and not (_name_words(a) - _ARTICLES - _office_words(a))
                for c in _role_nouns(a)
            }
            p.feminine = p.feminine or any(_FEMININE_MARK.search(a) for a in s.aliases) or _feminine_role(s.role)
            if s.intro:
                p.context.append(s.intro)
        # Name parts and role terms are weighted by how few speakers share them.
        self.token_index: dict[str, set[str]] = {}
        for p in self.people.values():
            for t in p.name_terms:
                self.token_index.setdefault(t, set()).add(p.name)
        df = Counter(t for p in self.people.values() for t in p.terms)
        self.df = df
        n = max(1, len(self.people))
        self.idf = {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}
        self.min_role_score = 0.8 * math.log((n + 1) / 1.5)

    # The reference behaviour: every speaker compared with the question (tests compare the
    # lookups with it on large tables).
    _walk = False
    _MAX_HOLDER_KEYS = 4096  # (noun, former, part) keys remembered; parts come from filters

    def prepare(self) -> None:
        """Build the lookups a question may need now (at warm-up), not during a question."""
        self._holding()
        self._role_hits()
        self._context_hits_index()
        self._name_grams()

    def _lookup(self, key: str, build: Callable[[], object]) -> object:
        # Two threads may both build one (the same result); neither sees half of it.
        out = self._lookups.get(key)
        if out is None:
            with paused_gc():
                out = self._lookups[key] = build()
        return out

    def _holding(self) -> dict[str, list[str]]:
        """Role noun -> the speakers who hold it (`_Speaker.holds`), in table order."""

        def build() -> dict[str, list[str]]:
            index: dict[str, list[str]] = {}
            for p in self.people.values():
                for c in p.role_nouns():
                    index.setdefault(c, []).append(p.name)
            return index

        return self._lookup("holding", build)  # type: ignore[return-value]

    def _role_hits(self) -> _HitIndex:
        """Each speaker's terms (name and role words) and stated roles, for `_hits`."""
        return self._lookup(  # type: ignore[return-value]
            "role_hits", lambda: _HitIndex((p.name, p.terms, " ; ".join(p.roles)) for p in self.people.values())
        )

    def _context_hits_index(self) -> _HitIndex:
        """What each speaker's introduction lines say after their name, for `_context_hits`."""

        def build() -> _HitIndex:
            entries = []
            for p in self.people.values():
                text = _context_text(p)
                if text:
                    entries.append((p.name, set(content_words(text)), text))
            return _HitIndex(entries)

        return self._lookup("context_hits", build)  # type: ignore[return-value]

    def _name_grams(self) -> tuple[_GramIndex, dict[str, list[str]]]:
        """Name terms by plain trigram, and the speakers holding each name term."""

        def build() -> tuple[_GramIndex, dict[str, list[str]]]:
            people: dict[str, list[str]] = {}
            for p in self.people.values():
                for t in p.name_terms:
                    people.setdefault(t, []).append(p.name)
            return _GramIndex(people, _plain_trigrams), people

        return self._lookup("name_grams", build)  # type: ignore[return-value]

    def _in_order(self, names: Iterable[str]) -> list[str]:
        return sorted(names, key=self._order.__getitem__)

    def holders(self, canonical: str, former: bool = False, part: str | None = None) -> list[_Speaker]:
        """The speakers a role noun designates (everyone for a generic noun), only those with a
        former role when `former`, narrowed to those of `part` when some are (table order)."""
        key = (canonical, former, part)
        found = self._holders.get(key)
        if found is None:
            if self._walk or canonical in GENERIC:
                pool = [p for p in self.people.values() if canonical in GENERIC or p.holds(canonical)]
            else:
                pool = [self.people[n] for n in self._holding().get(canonical, ())]
            found = [p for p in pool if not former or any(_is_former(r) for r in p.roles)]
            if part:
                found = [p for p in found if part in p.parts] or found
            if len(self._holders) >= self._MAX_HOLDER_KEYS:
                self._holders.clear()
            self._holders[key] = found
        return found

    def _whole(self, name: str) -> str:
        whole = self._wholes.get(name)
        if whole is None:
            whole = self._wholes[name] = " ".join(fold(x) for x in re.findall(r"[\w'-]+", _APOS.sub("'", name)))
        return whole

    # --- speakers ----------------------------------------------------------------------------
    def names_in(self, text: str) -> tuple[str, ...]:
        """Speakers named by full name; else by a name part one speaker alone has; else by a
        part two speakers share (both, as the question does not say which)."""
        # "Kouchner's talk", « l'avis d'Hollande »: the name without the possessive or elision.
        written = [_bare(w) for w in re.findall(r"[\w'-]+", _APOS.sub("'", text))]
        words = [fold(w) for w in written]
        folded = " ".join(words)
        full: dict[str, None] = {}
        by_part: dict[int, dict[str, None]] = {1: {}, 2: {}}
        for i, w in enumerate(words):
            holders = self.token_index.get(w, ())
            after = written[i + 1] if i + 1 < len(written) else ""
            for name in holders:
                whole = self._whole(name)
                # The substring test first: most names sharing a word are not in the question.
                if whole in folded and re.search(rf"(?<![\w-]){re.escape(whole)}(?![\w-])", folded):
                    full.setdefault(name, None)
                elif len(w) > 3 and len(holders) <= 2 and (w not in self.common or whole.endswith(f" {w}")):
                    # A surname is the name even when the document repeats it in most passages.
                    # "Michael Noonan" is someone else than the speaker Michael Hourigan, and
                    # "Camila McConaughey" than Matthew McConaughey.
                    terms = self.people[name].name_terms
                    if after[:1].isupper() and len(after) > 2 and fold(after) not in terms:
                        continue
                    if i > 0 and _other_first_name(written[i - 1], terms):
                        continue
                    if i > 0 and re.fullmatch(r"\d{1,2}(?:er)?", written[i - 1]):
                        continue  # « au 20 janvier »: a date, not M. Janvier
                    if self._shared_office_label(name, w):
                        continue  # « le nouveau président » among two chairs: a role, read as one
                    by_part[len(holders)].setdefault(name, None)
        if not (full or by_part[1] or by_part[2]):
            by_part[1] = dict.fromkeys(self._misspelled_parts(written, words))
        return tuple(full or by_part[1] or by_part[2])

    def _shared_office_label(self, name: str, word: str) -> bool:
        """Whether `name` is a label made of an office alone (« Le Président ») whose office,
        `word`, another speaker holds too (« R. Hotyat », elected president later): the word
        is then a role noun, which `roles_in` reads with its modifiers."""
        if word not in _office_words(name) or _name_words(name) - _ARTICLES - _office_words(name):
            return False
        offices = self.people[name].offices
        return any(o.name != name and any(o.holds(c) for c in offices) for o in self.people.values())

    def _owns_group(self, text: str, name: str) -> bool:
        """Whether the question names the speaker only as whose group someone belongs to
        ("on Lardic's list", « de la liste de Florent Lardic », « colistière de Lardic »)."""
        terms = [re.escape(t) for t in self.people[name].name_terms if len(t) > 2] if name in self.people else []
        if not terms:
            return False
        who = rf"(?:{'|'.join(terms)})"
        folded = fold(_APOS.sub("'", text))
        owner = re.compile(
            rf"\b{who}'s?\s+(?:own\s+)?{_GROUP_NOUNS}\b|"
            rf"\b(?:{_GROUP_NOUNS}|colisti\w+|cabinet)\s+(?:de|du|d')\s*(?:[\w-]+\s+)?{who}\b"
        )
        mentions = re.findall(rf"\b{who}(?:\s+{who})*\b", folded)  # "florent lardic" is one mention
        return bool(mentions) and len(owner.findall(folded)) >= len(mentions)

    def _misspelled_parts(self, written: Sequence[str], words: Sequence[str]) -> list[str]:
        """Speakers named by a capitalised word one letter off a name part that one speaker
        alone has, and no word of the corpus ("Zacharopolou had a memorable label…")."""
        grams, holders = self._name_grams()
        out: list[str] = []
        for w, f in zip(written, words, strict=True):
            if len(f) < 6 or not w[:1].isupper() or f in self.token_index or self.in_corpus(f):
                continue
            close = {t for t in grams.sharing(f, len(_plain_trigrams(f)) - 3) if _one_edit(f, t)}
            people = {n for t in close for n in holders.get(t, ())}
            if len(people) == 1:
                out.append(people.pop())
        return out

    def _holds_other(self, name: str, canonical: str) -> bool:
        """Whether the speaker's stated role is another of the offices that exclude `canonical`
        (`EXCLUSIVE_OFFICES`: "CEO of Twitter" is not the chief financial officer asked)."""
        person = self.people.get(name)
        if person is not None and canonical in APPOINTED_OFFICES:
            return any(
                r.canonical != canonical and r.canonical not in GENERIC
                for role in person.roles
                for r in role_mentions(role)
            )
        return (
            person is not None
            and canonical in EXCLUSIVE_OFFICES
            and any(
                r.canonical != canonical and r.canonical in EXCLUSIVE_OFFICES
                for role in person.roles
                for r in role_mentions(role)
            )
        )

    def roles_in(
        self, text: str, part: str | None = None, subject: str = ""
    ) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
        """(speakers named by role, the role phrase no speaker holds or "", nearest speakers).

        A role phrase is a role noun with the capitalised words, acronyms and adjective around
        it ("le maire de Marseille", "the French ambassador to Armenia", "maire tunisien"). Its
        holders are the speakers whose stated role (or part in the programme: moderator,
        keynote, observer) holds the noun, narrowed by what follows it; when nobody holds the
        noun ("political scientist" for a "maître de conférences en sciences politiques"), what
        follows it alone may still single a speaker out. With no role noun, only the question's
        subject ("Que dit l'ACTED ?") may name a speaker by what their role holds: "Combien
        d'habitants compte Dijon ?" is about Dijon, not about its mayor.
        """
        mentions = role_mentions(text)
        if not mentions:
            # A subject that reads as a person's name ("Camila McConaughey") is a name, which
            # names_in did not find: no role of anyone's.
            by_terms = subject and not _is_name(subject)
            return (self._roles_by_terms(subject) if by_terms else ()), "", ()
        at = text.find(subject) if subject else -1
        if at >= 0:
            # The subject says who: "the NA member" in "What did the Minister reply to the NA
            # member?" is whom he answered.
            own = [m for m in mentions if at <= m.start < at + len(subject)]
            # "the Chief Executive on whose behalf the Director congratulated him": a role in the
            # subject's relative clause is someone else's.
            head = _RELATIVE_CLAUSE.split(subject, maxsplit=1)[0]
            own = [m for m in own if m.start < at + len(head)] or own
            if not own and not _is_name(subject):
                # "Selon le Meetings Administrator, ... du maire ?": the subject's words may
                # name a role the lexicon lacks.
                by_subject = self._roles_by_terms(subject)
                if by_subject:
                    return by_subject, "", ()
            mentions = own or mentions
        folded = fold(_APOS.sub("'", text))
        if len(mentions) > 1:
            # « La ministre de l'Environnement s'est-elle engagée…, comme le lui demandait la
            # députée ? »: the role the question opens on, its verb inverted, is who.
            lead = [
                m
                for m in mentions
                if _OPENING_ARTICLE.fullmatch(folded[: m.start]) and _INVERTED_AFTER.match(folded[m.end :])
            ]
            mentions = lead or mentions
        if len(mentions) > 1:
            # "did the France 2 interviewer ask the President…", « demander quoi au Président »:
            # the role someone speaks to is whom, not who, when another role says who.
            spoken_to = [m for m in mentions if _ADDRESSEE.search(folded[: m.start])]
            if len(spoken_to) < len(mentions):
                mentions = [m for m in mentions if m not in spoken_to]
        found: list[str] = []
        unknown, nearest = "", tuple[str, ...]()
        for m in _longest(mentions):
            if re.search(
                r"\b(?:their|his|her|its|our|your|leurs?|son|sa|ses|notre|nos|votre|vos)\s+$", folded[: m.start]
            ) and not _THROUGH_OWN.search(folded[: m.start]):
                # "in their member's statement": anyone's, not someone asked about (but « la
                # commission, par la voix de son rapporteur »: its one speaker)
                continue
            complements = [
                c
                for c in _complements(text, folded, m.start, m.end, m.canonical in GENERIC)
                if fold(c) not in MODIFIERS["ancien"]
                and fold(c) not in MODIFIERS["nouveau"]
                and fold(c) not in MODIFIERS["principal"]
                # "on Lardic's list": whose group, not the role's complement
                and not (re.search(r"['’]s?$", c) and self._owns_group(text, next(iter(self.names_in(c)), "")))
                # « Qu'a répondu le solliciteur général à Myron Thompson ? »: a speaker spoken to
                and not (
                    re.search(
                        rf"\b(?:a|au|aux|to)\s+(?:(?:m|mme|mr|mrs|ms|dr)\.?\s+)?(?:\w+\s+)?{re.escape(fold(c))}\b",
                        folded,
                    )
                    and self.names_in(c)
                )
            ]
            if m.canonical in GENERIC:
                # « représentant du ministère de l'Intérieur »: the capitals tell whose, not the
                # common noun every ministry shares.
                complements = [c for c in complements if c[:1].isupper()] or complements
            # "ancien maire", and after the noun "maire sortant".
            after = re.findall(r"[\w'-]+", folded[m.end :])[:1]
            former = former_before(folded, m.start) or bool(after and after[0] in MODIFIERS["ancien"])
            holders = self.holders(m.canonical, former, part)
            held = holders
            whose = re.match(r"\s+(?:(?:de\s+la|du|des|de|of\s+the|of)\s+|de\s+l'|d')([a-zà-ÿ][\w-]*)", folded[m.end :])
            if whose and not EVENT.fullmatch(whose.group(1)):
                # « le président du conseil » is not whoever was labelled « M. le président. »
                # in the chair (« le président de séance » is).
                holders = [
                    p
                    for p in holders
                    if m.canonical not in p.offices or any(m.canonical in _role_nouns(r) for r in p.roles)
                ]
                if fold(whose.group(1)) not in _PLACE_NOUNS and not re.fullmatch(_GROUP_NOUNS, fold(whose.group(1))):
                    # « l'avocat des familles endeuillées » is not "Counsel to the Inquiry": a role
                    # that says whose it is must say what the question does.
                    holders = [
                        p for p in holders if not _owned_otherwise(p, m.canonical, whose.group(1), self.translate)
                    ]
            if _FEMININE_FORM.fullmatch(m.form):
                # « la représentante de l'Ohio »: of the holders, the women, when the table tells.
                holders = [p for p in holders if p.feminine] or holders
            # "the new Mayor", « le nouveau maire »: of the holders, the one whose role says so.
            before = re.findall(r"[\w'-]+", folded[: m.start])[-2:]
            if any(w in MODIFIERS["nouveau"] for w in [*before, *after]):
                holders = [p for p in holders if any(marked(r, "nouveau") for r in p.roles)] or holders
            if any(w in MODIFIERS["principal"] for w in [*before, *after]):
                # "the main presenter", « le présentateur principal »: not the co-presenter.
                holders = [p for p in holders if not any(_second_holder(r, m.canonical) for r in p.roles)] or holders
            if held and not holders:
                # The noun is held, but its owner as written is no holder's (« le maire de Paris »
                # among the mayors of Lyon and Dijon): one of the holders whose role or
                # introduction holds the complements ("the Secretary of State for Finance" of
                # the « secrétaire d'État au budget »), not whoever else Paris names.
                hits = self._hit_counts(held, complements, distinctive=False) if complements else {}
                top = max(hits.values(), default=0)
                if top and top >= math.ceil(len(complements) / 2):
                    found += [n for n, h in hits.items() if h == top]
                elif (head := self._head_of_a_kind(m.canonical, complements)) is not None:
                    found.append(head)  # « le président de l'ONG »: of an organisation no role calls one
                elif not unknown and not m.plural:
                    unknown = " ".join([folded[m.start : m.end], *(complements or [whose.group(1) if whose else ""])])
                    nearest = tuple(self._nearest(m.canonical, complements))
                continue
            if not complements:
                if m.plural and m.canonical in _ASSEMBLY_ROLES:
                    # « Quels députés ont parlé de Jean Carle ? »: in a sitting every speaker is
                    # one, whatever their label says: which of them spoke of it is asked.
                    continue
                if holders and len(holders) <= 3:
                    found += [p.name for p in holders]
                elif not holders and m.canonical not in GENERIC and not m.plural:
                    unknown, nearest = folded[m.start : m.end], tuple(self._nearest(m.canonical, []))
                continue
            hits = self._hit_counts(holders or None, complements, distinctive=not holders)
            if not holders:
                # Nobody holds the noun, and what follows it names someone: not someone whose
                # role is another office ("Square's chief financial officer" is not its CEO).
                hits = {n: h for n, h in hits.items() if not self._holds_other(n, m.canonical)}
                if former:
                    # « le maire sortant d'Audierne »: someone who left a role, not the list's
                    # head from Audierne.
                    hits = {n: h for n, h in hits.items() if any(_is_former(r) for r in self.people[n].roles)}
                elif any(w in _CURRENT for w in [*before, *after]):
                    hits = {}  # "the current mayor of Audierne": an office someone holds, and nobody's role says it
            top = max(hits.values(), default=0)
            if top >= max(1, math.ceil(len(complements) / 2)):
                found += [n for n, h in hits.items() if h == top]
            elif (head := self._head_of_a_kind(m.canonical, complements)) is not None:
                found.append(head)
            elif (plain := self._of_no_other_nation(holders, complements)) is not None:
                # "the former French foreign minister" in French proceedings: of the former
                # ministers, the one whose role names no other country (not "l'Ordre tunisien").
                found.append(plain)
            elif self._held_as_asked(m, complements, holders, folded):
                # The only holder of the role, and what follows the noun is something the
                # document speaks of that singles out nobody else: "le président de la République"
                # for the one président of an interview; or the few who held the chair in turn
                # (« le nouveau président de l'Assemblée » of a sitting two chairs presided).
                found += [p.name for p in holders]
            elif m.canonical in _GROUP_MEMBERS and (member := self._sole_speaker_naming(complements)) is not None:
                found.append(member)
            elif not unknown and not m.plural:
                unknown = " ".join([folded[m.start : m.end], *complements])
                nearest = tuple(self._nearest(m.canonical, complements))
        # « le responsable administratif des séances (Meetings Administrator) »: the role as the
        # document writes it, in the question, says who.
        if (found or unknown) and (written := self._role_written(text)):
            return (written,), "", ()
        if found:
            return tuple(dict.fromkeys(found)), "", ()
        if unknown:
            return (), unknown, nearest
        if all(m.plural and m.canonical in _ASSEMBLY_ROLES for m in mentions):
            return (), "", ()  # which of the members, asked in the plural
        if any(m.plural and self.holders(m.canonical, False, part) for m in mentions):
            # « Quels maires ont parlé de la paix ? »: which of the mayors, not whoever's role
            # holds « paix ».
            return (), "", ()
        return self._roles_by_terms(text), "", ()

    def _role_written(self, text: str) -> str:
        """The one speaker whose role the question writes out as a capitalised phrase of two
        words or more ("(Meetings Administrator)"); "" when none or several."""
        phrases = [_squeezed(m.group(0)) for m in re.finditer(r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)+", text)]
        if not phrases:
            return ""
        if self._walk:
            holders = {p.name for p in self.people.values() for ph in phrases if ph in _squeezed(" ; ".join(p.roles))}
        else:
            index = self._role_hits()
            holders = {n for ph in phrases for i in index.squeezed.holding(ph) for n in index.owners[i]}
        return next(iter(holders)) if len(holders) == 1 else ""

    def _hit_counts(
        self, pool: Sequence[_Speaker] | None, complements: Sequence[str], distinctive: bool
    ) -> dict[str, int]:
        """`_complement_hits` for the speakers of `pool` (None: everyone) that it holds at
        least one complement for, in table order."""
        if self._walk:
            people = list(self.people.values()) if pool is None else pool
            every = {p.name: self._complement_hits(p, complements, distinctive) for p in people}
            return {n: h for n, h in every.items() if h}
        by_role: Counter[str] = Counter()
        by_context: Counter[str] = Counter()
        roles, contexts = self._role_hits(), self._context_hits_index()
        for c in complements:
            alts = (c, *self.translate(c))
            by_role.update(roles.hit(c, alts, self.df if distinctive else None))
            by_context.update(contexts.hit(c, alts, None))
        names = set(by_role) | set(by_context)
        if pool is not None:
            names &= {p.name for p in pool}
        return {n: max(by_role[n], by_context[n]) for n in self._in_order(names)}

    def _complement_hits(self, p: _Speaker, complements: Sequence[str], distinctive: bool) -> int:
        """How many complements the speaker's role, name or introduction holds: by spelling,
        translation, as an acronym ("SUNY": State University of New York) or with the spaces
        squeezed out ("TF1": "TF 1"); `distinctive`: count only words few speakers share
        (the role noun itself did not match)."""
        return max(
            self._hits(p.terms, " ; ".join(p.roles), complements, distinctive), self._context_hits(p, complements)
        )

    def _context_hits(self, p: _Speaker, complements: Sequence[str]) -> int:
        # An introduction line may present several people ("X (TF 1) et Y (France 2)"): only
        # the words right after the speaker's own name count.
        text = _context_text(p)
        return self._hits(set(content_words(text)), text, complements, False) if text else 0

    def _hits(self, words: set[str], described: str, complements: Sequence[str], distinctive: bool) -> int:
        terms = [t for t in words if not distinctive or self.df.get(t, 0) <= 2]
        hits = 0
        for c in complements:
            alts = (c, *self.translate(c))
            if (
                any(similar(a, t) for a in alts for t in terms)
                or _squeezed(c) in _squeezed(described)
                or _is_acronym_of(c, described)
                or acronym_twin(c, described)
            ):
                hits += 1
        return hits

    def _held_as_asked(
        self, m: RoleMention, complements: Sequence[str], holders: Sequence[_Speaker], folded: str
    ) -> bool:
        """Whether the holders of the role noun `m` are the ones asked, whatever complements the
        question gives it (`_generic_complements`): its one holder, or the few who held the chair
        in turn, asked as the chair of the document's assembly (not « le président du Collège »,
        another body's); never when a name follows the title (« le professeur Heymann »)."""
        chairs = (
            1 < len(holders) <= 3
            and all(m.canonical in p.offices for p in holders)
            and all(fold(c) in DOCUMENT_WORDS for c in complements)
        )
        if not (len(holders) == 1 or chairs) or _titled_other(folded[m.end :], complements, holders):
            return False
        after = re.match(r"\s+(?:de|du|des|d'|a|au|aux|of|for)\b", folded[m.end :]) is not None
        # "the White House press secretary": the role's own qualifier, asked
        asked = frozenset(re.findall(r"[\w'-]+", folded))
        among = frozenset(h.name for h in holders)
        return all(self._generic_complements(complements, p, m.canonical, after, asked, among) for p in holders)

    def _generic_complements(
        self,
        complements: Sequence[str],
        holder: _Speaker,
        canonical: str,
        after: bool,
        asked: AbstractSet[str] = frozenset(),
        among: AbstractSet[str] = frozenset(),
    ) -> bool:
        """Whether the complements the question gives a role noun (`canonical`) single out
        nobody but its one `holder` (or the others `among` its holders); `after`: they follow the
        noun; `asked`: the question's words."""
        # The document may speak of it in its own language ("Colombian": « la Colombie »).
        spoken = all(self.in_corpus(c) or any(map(self.in_corpus, self.translate(c))) for c in complements)
        # « le ministère de l'Intérieur »: a capitalised complement names something; the corpus's
        # lower-case « à l'intérieur » does not speak of it.
        spoken = spoken and not any(c[:1].isupper() and self.lowercase(fold(c)) for c in complements)
        # A nationality the corpus speaks of all along ("the former French foreign minister" in
        # French proceedings) is implied by every role; another speaker's role naming the country
        # ("Ambassadrice de France") does not make it theirs.
        telling = [c for c in complements if not self._common_nationality(c)]
        # A role with a complement of its own that the question's does not match is another
        # office: "the Secretary of State for Health" is not the « secrétaire d'État chargée du
        # développement »; nor is one with a capitalised qualifier before the noun that the
        # question does not give: "the Treasury Secretary" is not the "Press Secretary".
        if any(
            (after and _own_complement(r, canonical)) or ((q := _qualifier_before(r, canonical)) and q not in asked)
            for r in holder.roles
        ):
            return False
        return spoken and not any(
            n != holder.name and n not in among for n in self._hit_counts(None, telling, distinctive=False)
        )

    def _head_of_a_kind(self, canonical: str, complements: Sequence[str]) -> str | None:
        """A kind of organisation that no role names ("the NGO head", « le président de l'ONG »,
        where roles name the organisation: "Président de ACTED"): the one head of an organisation
        (president, director, chief...) whose own statements speak of that kind most, and more
        than once; None otherwise."""
        if (
            canonical not in HEAD_ROLES
            or not complements
            or not all(fold(c) in ORGANISATION_KINDS for c in complements)
        ):
            return None
        # the lexicon's forms, not the word vectors' neighbours ("NGO" is near « non »)
        words = frozenset(fold(t) for c in complements for t in (c, *ORGANISATION_KINDS[fold(c)]))
        # those whose stated role holds the noun (a generic noun's holders are everyone)
        holding = self._holding()
        heads = {n: None for r in HEAD_ROLES for n in holding.get(r, ())}
        if len(heads) > MAX_HEADS_READ:
            return None  # a large index: too many heads to read, and none would stand out
        counts = sorted(((self.speaks_of(n, words), n) for n in heads), reverse=True)
        if not counts or counts[0][0] < 2 or (len(counts) > 1 and counts[1][0] == counts[0][0]):
            return None
        return counts[0][1]

    def _sole_speaker_naming(self, complements: Sequence[str]) -> str | None:
        """The speaker who belongs to a group no role names ("the Front National member", « l'élu du
        Front National »): the one speaker whose own statements name it, in their first words ("le
        Front National votera contre"), when nobody else's do; None otherwise."""
        names = [c for c in complements if c[:1].isupper()]
        words = frozenset(fold(w) for c in names for w in re.findall(r"[\w'-]+", c) if len(w) > 2)
        if not words or len(self.people) > MAX_HEADS_READ:
            return None
        naming = [n for n in self.people if min(self.speaks_of(n, frozenset({w})) for w in words) > 0]
        # ... as the one it speaks for, from its first words (not "parties such as the DA, the FF
        # Plus and the NA" further on)
        return naming[0] if len(naming) == 1 and self.opens_with(naming[0], words) else None

    def _of_no_other_nation(self, holders: Sequence[_Speaker], complements: Sequence[str]) -> str | None:
        """The one holder whose role names no nationality but the asked one, when every
        complement is a nationality the corpus speaks of all along; None otherwise."""
        if not holders or not complements or not all(self._common_nationality(c) for c in complements):
            return None
        asked = {fold(t) for c in complements for t in (c, *self.translate(c))}
        modifiers = {w for ws in MODIFIERS.values() for w in ws}

        def other_nation(p: _Speaker) -> bool:
            words = {w for r in p.roles for w in re.findall(r"[\w'-]+", r) if _NATIONALITY_SHAPE.search(w)}
            return any(fold(w) not in modifiers and not any(similar(fold(w), a) for a in asked) for w in words)

        plain = [p for p in holders if not other_nation(p)]
        return plain[0].name if len(plain) == 1 else None

    def _common_nationality(self, word: str) -> bool:
        """Whether a complement is a nationality adjective ("French", « française ») whose
        country or adjective is frequent in the corpus."""
        if _NATIONALITY_SHAPE.search(word) is None:
            return False
        # the country shares its first letters with the adjective ("France", « française »)
        prefixes: frozenset[str] = self._lookup(  # type: ignore[assignment]
            "common_prefixes", lambda: frozenset(w[:4] for w in self.common if len(w) >= 4)
        )
        return any(fold(t)[:4] in prefixes for t in (word, *self.translate(word)) if len(t) >= 4)

    def _nearest(self, canonical: str, complements: Sequence[str]) -> list[str]:
        if self._walk:
            same_role = [p.name for p in self.people.values() if p.holds(canonical)]
        else:
            same_role = self._holding().get(canonical, [])
        if same_role:
            return same_role[:5]
        if self._walk:
            related = [p.name for p in self.people.values() if any(similar(c, t) for c in complements for t in p.terms)]
        else:
            terms = self._role_hits()
            related = self._in_order({n for t in terms.similar_words(complements) for n in terms.by_word[t]})
        return related[:5]

    def _roles_by_terms(self, text: str) -> tuple[str, ...]:
        """Speakers whose role and name terms the question holds, weighted by rarity (an
        organisation, a city); a single word counts only when it is unique to one speaker and
        not frequent in the corpus."""
        words = set(content_words(text)) - QUESTION_WORDS
        # "Jean Carle" is someone else than the speaker Jean Chretien: a first name followed by
        # a surname not theirs names no speaker.
        written = re.findall(r"[\w'’-]+", text)
        for w, nxt in pairwise(written):
            if (
                w[:1].isupper()
                and nxt[:1].isupper()
                and any(fold(w) in p.name_terms and fold(nxt) not in p.name_terms for p in self.people.values())
            ):
                words.discard(fold(w))
        words |= {f for m in role_mentions(text) for f in forms_of(m.canonical)}
        scores: dict[str, float] = {}
        if self._walk:
            candidates = list(self.people.values())
        else:
            by_word = self._role_hits().by_word
            candidates = [self.people[n] for n in self._in_order({n for w in words for n in by_word.get(w, ())})]
        for p in candidates:
            hit = words & p.terms
            if not hit:
                continue
            if len(hit) >= 2 or any(self.df[t] == 1 and t not in self.common for t in hit):
                scores[p.name] = math.fsum(self.idf.get(t, 0.0) for t in hit)
        if not scores:
            return ()
        top = max(scores.values())
        if top < self.min_role_score:
            return ()
        return tuple(sorted((n for n, s in scores.items() if s >= top * 0.85), key=lambda n: -scores[n]))

    # --- parts -------------------------------------------------------------------------------
    def part_in(self, text: str) -> str | None:
        """The part a question names ("session 2", "the second panel", "les conclusions")."""
        q = fold(text)
        num = None
        m = re.search(r"\b(?:session|seance|panel|table ronde|atelier|workshop)\s*(?:n[o°]\s*)?(\d+|[ivx]+)\b", q)
        if m:
            num = m.group(1)
        else:
            m2 = re.search(r"\b(" + "|".join(ORDINALS) + r")\s+(?:session|seance|panel|table ronde|atelier)\b", q)
            # « la session deux », "panel three"
            m3 = re.search(
                r"\b(?:session|seance|panel|table ronde|atelier|workshop)\s+(" + "|".join(_CARDINALS) + r")\b", q
            )
            num = ORDINALS[m2.group(1)] if m2 else _CARDINALS[m3.group(1)] if m3 else None
        if num:
            for p in self.parts:
                label = fold(p)
                if re.search(rf"(?:^|\s){re.escape(num)}$", label) or label.endswith(f" {_ROMAN.get(num, '#')}"):
                    return p
        for label, aliases in _PART_ALIASES.items():
            if any(re.search(rf"\b{re.escape(a)}\b", q) for a in aliases):
                for p in self.parts:
                    if fold(p) == label or fold(p) in aliases:
                        return p
        return self._part_by_theme(text)

    def _part_by_theme(self, text: str) -> str | None:
        """The part whose title holds most of the theme a question gives it ("la session
        consacrée à l'action des collectivités face aux crises"): at least `PART_THEME_SHARE`
        of the theme's words, and more than any other part's title."""
        m = _PART_THEME.search(text) or _DURING_PART.search(text)
        if m is None or not self.part_titles:
            return None
        # Each word of the theme, by its stems and its translations' ("crises": « crises »).
        theme = [
            {s for alt in (w, *self.translate(w)) for s in stem_tokens(alt)} for w in content_words(m.group("theme"))
        ]
        if not theme:
            return None
        titles: dict[str, set[str]] = self._lookup(  # type: ignore[assignment]
            "part_title_stems",
            lambda: {p: {s for w in content_words(t) for s in stem_tokens(w)} for p, t in self.part_titles.items()},
        )
        # Of titles holding as much of the theme, the one the theme says most of ("la nomination
        # du Bureau": NOMINATION DU BUREAU, not NOMINATION DU BUREAU DEFINITIF).
        all_theme = {s for w in theme for s in w}
        shares = sorted(
            (
                (sum(bool(w & stems) for w in theme) / len(theme), len(stems & all_theme) / max(1, len(stems)), p)
                for p, stems in titles.items()
            ),
            reverse=True,
        )
        best, told, part = shares[0]
        runner_up = shares[1][:2] if len(shares) > 1 else (0.0, 0.0)
        return part if best >= PART_THEME_SHARE and (best, told) > runner_up else None

    def _part_theme_words(self, text: str, part: str) -> frozenset[str]:
        """The words (folded) by which the question named `part` by its theme, if it did so."""
        m = _PART_THEME.search(text) or _DURING_PART.search(text)
        if m is None or self._part_by_theme(text) != part:
            return frozenset()
        return frozenset(fold(w) for w in content_words(m.group("theme"), folded=False))

    def _role_verb(self, word: str, speakers: Sequence[str]) -> bool:
        """Whether `word` is the verb of a word of the speakers' roles ("coordonne" of
        « Coordinatrice », "chairs" of "Chairman"): the same stem, another word."""
        f = fold(word)
        if len(f) < ROLE_VERB_PREFIX:
            return False
        roles = (r for n in speakers if n in self.people for r in self.people[n].roles)
        return any(
            r != f and len(r) >= ROLE_VERB_PREFIX and r[:ROLE_VERB_PREFIX] == f[:ROLE_VERB_PREFIX]
            for role in roles
            for r in re.findall(r"\w+", fold(role))
            if _role_nouns(r)  # an office's noun, not the place or body it is of ("Arménie")
        )

    def _after_preposition(self, text: str, name: str) -> bool:
        """Whether the speaker's name is written, in the question, right after a preposition."""
        written = re.findall(r"[\w'-]+", _APOS.sub("'", text))
        words = [fold(w) for w in written]
        terms = self.people[name].name_terms if name in self.people else set()
        first = next((i for i, w in enumerate(words) if w in terms), None)
        if first is None:
            return False
        while first > 0 and written[first - 1][:1].isupper() and words[first - 1] not in _PREPOSITIONS:
            first -= 1  # the name as written starts earlier ("Karine Thomas" for Carine Thomas)
        if (
            first > 0
            and words[first - 1] in _PREPOSITIONS
            and words[: first - 1] in ([], ["what"], ["how"], ["and"], ["et"])
        ):
            # "What about Sina Schlimmer, which organisation is she with?", « Et pour X, … »: the
            # question turns to the person it opens with; the pronoun is theirs.
            return False
        return first > 0 and words[first - 1] in _PREPOSITIONS

    def _after_inverted_subject(self, text: str, name: str) -> bool:
        """Whether the speaker's name follows the question's inverted subject pronoun, as its
        verb's object: « Et pourquoi a-t-il choisi Hotyat ? », "Why did he pick Hotyat?"."""
        inverted = _INVERTED_SUBJECT.search(text)
        if inverted is None:
            return False
        terms = self.people[name].name_terms if name in self.people else set()
        return any(fold(w) in terms for w in re.findall(r"[\w'-]+", text[inverted.end() :])) and not any(
            fold(w) in terms for w in re.findall(r"[\w'-]+", text[: inverted.start()])
        )

    def _fix_typos(self, text: str) -> str:
        """The question with typos in the words questions are built of corrected ("Wich
        speakers mentionned…"): one letter off such a word, and no word of the corpus."""

        def fix(m: re.Match[str]) -> str:
            w = m.group(0)
            f = fold(w)
            if len(f) < 4 or f in FORM_WORDS or f in _ROLE_SET or self.in_corpus(f) or f in _STOP or w.lower() in _STOP:
                return w  # "were" is a word of its own, not a typo of "where"
            # An inflection is no typo ("chercheuses", « première » after "premier").
            # A letter too many is a typo of a long word only ("mentionned"): "parole" is a
            # word of its own, not "parle" mistyped.
            near = next(
                (
                    t
                    for t in order
                    if t[0] == f[0]
                    and _one_edit(f, t)
                    and not (f.startswith(t) and f[len(t) :] in _INFLECTIONS)
                    and not (len(f) == len(t) and f[:-2] == t[:-2])  # another ending: "interviewed"
                    # a word the longer one adds a letter to is a word of its own: "office", "officer"
                    and not (t.startswith(f) and len(t) == len(f) + 1)
                    and (len(f) <= len(t) or len(t) >= 7)
                ),
                None,
            )
            if near is None or is_word(w):
                return w  # « une coupure pour manger »: a word of its own, not "manager" mistyped
            return near.capitalize() if w[:1].isupper() else near

        lang = detect_lang(text)
        order = [*FORM_WORDS_BY_LANG[lang], *(t for o, ts in FORM_WORDS_BY_LANG.items() if o != lang for t in ts)]
        order += _ROLE_WORDS  # "the ambasador"
        return re.sub(r"[^\W\d_]+", fix, text)

    # --- the whole analysis -------------------------------------------------------------------
    def analyze(
        self,
        question: str,
        history: Sequence[str] = (),
        speaker_filter: str | None = None,
        part_filter: str | None = None,
    ) -> Query:
        """Analyse `question` within its conversation (earlier user questions, oldest first)."""
        text = self._fix_typos(_APOS.sub("'", question).strip())
        text = _SAID_BACK.sub(r"\1", text)  # "what did he say back": in reply, not what about
        text = _INTERJECTION.sub("", text) or text  # "OK, and for the other bank…": "and" opens it
        if "?" in (asked := _USER_NEED.sub(" ", text)):
            text = asked.strip()  # « …de quel jour ? Je dois la citer. »: why they ask, not what
        lang = detect_lang(text)
        part = part_filter or self.part_in(text)
        if part is None and history and _THAT_PART.search(text):
            # "And who moderated that session?": the part the conversation was about.
            part = next((p for h in reversed(history) if (p := self.part_in(h))), None)
        kind_hint, subj, rest = _subject_slot(text)
        if (
            subj
            and (described := DESCRIBED_SUBJECT.match(text)) is not None
            and described.group("subj") == subj
            and (
                any(fold(w) in DOCUMENT_WORDS for w in re.findall(r"[\w'’-]+", subj))
                or not (role_mentions(subj) or self._roles_by_terms(subj))
            )
        ):
            # « À quelle heure la séance a-t-elle été levée ? », « Quand la Chambre s'est-elle
            # réunie ? »: a described subject that names no speaker's role is what the question
            # is about, not who.
            kind_hint, subj, rest = None, "", None
        # "Jean Castex, who wrote the report," / "the person representing the AFD, France's
        # development agency,": the subject without what is said of it in apposition.
        apposed = subj[len(_APPOSITION.sub("", subj)) :] if kind_hint == "who_is" else ""
        subj = _APPOSITION.sub("", subj) or subj

        speakers: tuple[str, ...] = ()
        source: SpeakerSource = ""
        role_unknown = False  # the unknown is a role phrase, not a person's name
        unknown, nearest = "", tuple[str, ...]()
        # The question's subject says who: "What did the Minister of the Interior answer Georges
        # Perin?" is about a minister, not about the Perin it names as the object.
        in_subject = self.names_in(subj) if subj and kind_hint != "who_is" else ()
        # So does a subject that reads as the name of someone who is no speaker: "Qu'a répondu
        # le solliciteur général Andy Scott à Peter MacKay ?" is not about MacKay.
        other_subject = (
            kind_hint != "who_is" and bool(subj) and not in_subject and _is_name(subj) and not role_mentions(subj)
        )
        role_subject = bool(subj) and not in_subject and bool(role_mentions(subj)) and not other_subject
        # Named in the subject, the speakers are those ("What did Allan Rock say about Peter
        # MacKay?" is about Rock).
        # (A question that opens on it, « Quand Wayne a parlé de camouflage, … », may be about her.)
        # (... unless the question asks which people: « Quand Faure demande…, quels membres se
        # déclarent… ? »)
        others_asked = bool(WHO_SPOKE_FORM.search(text) or _asks_which_people(text))
        unsaid = _WHEN_SAID_NAME.sub(lambda m: m.group(1) if m.start() > 0 or others_asked else m.group(0), text)
        named = in_subject or (() if role_subject or other_subject else self.names_in(unsaid))
        if (
            (fronted := _FRONTED_NAME.match(text)) is not None
            and _SUBJECT_PRONOUN.search(fronted["rest"])
            and _is_name(fronted["name"])
            and not role_mentions(fronted["name"])
        ):
            # « Olivier Rouault, l'interlocuteur de Diagne pour la soirée, qu'a-t-il dit… ? »: the
            # name the question opens on is who; the one in its apposition, whose interlocutor.
            named = self.names_in(fronted["name"])
            if not named:
                other_subject, subj = True, fronted["name"]
        # "And when did he launch the list with Karine Thomas?": the pronoun says who, the person
        # after a preposition is whom they did it with.
        if (
            named
            and history
            and not in_subject
            and _SUBJECT_PRONOUN.search(text)
            and all(self._after_preposition(text, n) or self._after_inverted_subject(text, n) for n in named)
        ):
            named = ()
        # "the care assistant on Lardic's list", « la colistière de Florent Lardic »: the person
        # named owns the group the one asked about belongs to; the role says who is asked.
        owned = [n for n in self.names_in(text) if self._owns_group(text, n)] if role_mentions(text) else []
        owners = frozenset(t for n in owned if n in self.people for t in self.people[n].name_terms)
        if named and owned and all(n in owned for n in named):
            named = ()
        if len(named) > 1 and not in_subject:
            # « Quelle question Simoné Giovetti a-t-il posée à Patrice Leclerc ? »: the name whose
            # verb inverts with its pronoun is the subject; the one after a preposition, whom.
            inverted = [n for n in named if any(_complex_inversion(text, f) for f in (n, n.split()[-1]))]
            if inverted and all(n in inverted or self._after_preposition(text, n) for n in named):
                named = tuple(inverted)
        if named:
            speakers, source = named, "name"
        elif other_subject:
            unknown, nearest = subj, tuple(self._nearest_names(subj))
        elif (
            history
            and (inv := _INVERTED_SUBJECT.search(text))
            and all(r.start >= inv.start() for r in role_mentions(text))
        ):
            # « Et qui tient-il pour responsable ? », "And whom does she blame?": the pronoun is
            # the subject; a role noun after it is what is asked, not who.
            pass
        elif subj and (honoured := _honoured_subject(text)) and not self.names_in(honoured.group(0)):
            # « les secrétaires du Bureau, MM. Daïf et Smits »: people the question names, with
            # their titles, who do not speak, whatever their office.
            unknown, nearest = honoured.group("names"), tuple(self._nearest_names(honoured.group("names")))
        else:
            by_role, unknown, nearest = self.roles_in(text, part, subj)
            role_unknown = bool(unknown)
            if by_role:
                speakers, source = by_role, "role"
            elif subj and not unknown and not role_mentions(subj) and _looks_like_person(subj):
                unknown, nearest = subj, tuple(self._nearest_names(subj))
            elif (
                not by_role
                and not unknown
                and not history
                and (opener := _OPENING_NAME.match(text))
                and _PERSON_PRONOUN.search(text, opener.end())
                and fold(opener["name"].split()[0]) not in _NOT_NAMES | _STOP
                # « Devant quel tribunal… doit-elle… ? »: a common word, capitalised by its place
                and not self.lowercase(fold(opener["name"].split()[0]))
                and fold(opener["name"].split()[0]) not in _OPENING_PREPOSITIONS
            ):
                # "Prasad gets the floor at the end - what does he argue?": the pronoun's
                # antecedent is the name the question opens with, here no speaker.
                unknown, nearest = opener["name"], tuple(self._nearest_names(opener["name"]))
        if not speakers and not unknown:
            # « Et que lui a répondu Hervé Hasquin ? »: a person named as the verb's subject who
            # is no speaker (the pronoun is whom they answered).
            unknown = next(
                (
                    m.group(0)
                    for m in _CAPITALISED_RUN.finditer(text)
                    if _is_name(m.group(0))
                    and (_inverted_name(text, m.group(0)) or _says_inverted(text, m.group(0)))
                    and not self.names_in(m.group(0))
                ),
                "",
            )
            nearest = tuple(self._nearest_names(unknown)) if unknown else ()
        chair_asked = False  # who it was, by name, that chaired
        if not speakers and not unknown and _WHO_CHAIRED.search(text):
            # « Qui présidait la séance ? » of a debate: whoever its labels name by the chair
            # alone (« M. le président. », "THE CHAIR:"); a colloquium's programme has no such
            # label, and its moderators answer from the programme.
            chairs = tuple(
                n
                for n, p in self.people.items()
                if "president" in p.offices
                or ("president" in _role_nouns(n) and not (_name_words(n) - _ARTICLES - _office_words(n)))
            )
            if 0 < len(chairs) <= MAX_LISTED:
                speakers, source, kind_hint = chairs, "role", "who_is"
                chair_asked = True
            elif part is not None and (mods := [p.name for p in self.holders("animateur", False, part)]):
                # "Who chaired the second session?" of a colloquium: its moderator
                speakers, source, kind_hint = tuple(mods[:MAX_LISTED]), "role", "who_is"
        if (
            speakers
            and not chair_asked
            and (m := _WHO_CHAIRED.search(text)) is not None
            and _OPENING_CONJUNCTION.fullmatch(text[: m.start()])
        ):
            # « Qui occupe le fauteuil de président de la Chambre… ? »: the chair, by name
            kind_hint, chair_asked = "who_is", True
        if unknown and (misspelled := self._misspelled(unknown, nearest)):
            # "Stephane Trousel": one speaker's name with a letter off, not someone else.
            speakers, source, unknown, nearest = (misspelled,), "name", "", ()
        if speaker_filter and speaker_filter not in speakers:
            speakers, source = (*speakers, speaker_filter), source or "filter"

        if (
            source == "name"
            and kind_hint != "who_is"
            and (WHO_SPOKE_FORM.search(text) or _asks_which_people(text) or _BY_WHOM.search(text))
        ):
            # "Qui a félicité Sean Lynch ?": who did; the person named is what they spoke of.
            speakers, source = (), ""
        elif (
            source == "role"
            and kind_hint != "who_is"
            and (m := _WHO_DID.match(text)) is not None
            and all(r.start >= m.end() for r in role_mentions(text))
        ):
            # "Who interviewed the president?", « Qui a remercié le maire ? »: the role named after
            # the verb is whom it was done to; who did it is asked.
            speakers, source = (), ""
        # (a role nobody holds, "the Chief Executive of Limerick City and County Council", names
        # no one, however capitalised its complement)
        named_someone = _is_name(unknown) and not role_unknown
        if unknown and (
            (not self.people and not named_someone)
            or (kind_hint == "who_is" and named_someone and self._mentioned(unknown))
        ):
            # A document without speakers has no role holder to be unknown ("Selon le
            # Gouvernement, ..."), though what a named person said is still nobody's there; who
            # is someone the document mentions is a question about what it says of them.
            unknown, nearest = "", ()
            kind_hint = None if kind_hint == "who_is" else kind_hint
        if (
            unknown
            and history
            and PRONOUN.search(text)
            and not (subj and role_mentions(subj))
            and not _set_apart_role(text)
            and not _role_is_subject(text)
            and not _named_subject(text, unknown)
        ):
            # "Et combien d'habitants par député, selon elle ?", "Et qu'a-t-il dit de la conférence
            # parlementaire ?": the pronoun says who; the role noun elsewhere is what about.
            unknown, nearest = "", ()
        refers_back = bool(history) and not speakers and not unknown and _refers_back(text, self, part)
        standalone = text
        context = ""
        if refers_back:
            # "And session 3?" after "Who moderated session 2?": the same role, in the new part.
            previous = history[-1]
            by_role = (
                self.roles_in(previous, part, _subject_slot(previous)[1])[0]
                if part and WHO_FIRST.search(previous) and not PRONOUN.search(text)
                else ()
            )
            carried = next((sp for sp in (self._speakers_of(h) for h in reversed(history)) if sp), ())
            absent = next((a for h in reversed(history) if (a := self._absent_subject(h)) or self._speakers_of(h)), "")
            if absent and PRONOUN.search(text) and not by_role:
                # "Who is Loïc Hénaff?" then "And what did he tell the residents?": he is no speaker.
                unknown, nearest = absent, tuple(self._nearest_names(absent))
            elif by_role:
                speakers, source, kind_hint = by_role, "role", "who_is"
            elif (carried and PRONOUN.search(text)) or (
                carried and (CONTINUATION.search(text) or len(content_words(text)) <= 3)
            ):
                speakers, source = carried, "history"
            # A short follow-up reads with the question before it: "And session 3?", and, about
            # the same speaker, an ellipsis without a verb of saying ("Et dans quels États ?"),
            # not "Et qu'a-t-elle dit de l'Ukraine ?", which has its own topic.
            elliptic = not _VERB_MARK.search(text)
            if len(self._topic(text, ())) <= 2 and (source != "history" or elliptic):
                standalone = f"{text} {previous}"
            elif source == "history" and _THING_BACK.search(text):
                # "And why does she say it is so harmful?": "it" is what the question before
                # was about; retrieval and the quotes' meaning read it, the topic stays this one's.
                context = previous

        about = (rest or "") if kind_hint == "speaker_summary" else standalone
        if source == "role" and subj and subj in about and DESCRIBED_SUBJECT.match(text):
            # « En quelle année le jeune retraité de la SNCF de la liste s'est-il installé… ? »:
            # the subject that said who is not what about.
            about = about.replace(subj, " ", 1)
        topic = self._topic(about, speakers, source)
        if history and speakers and not refers_back and not topic and _ABOUT_THAT.search(text):
            # "And what did Minister Pokino say on that?": a speaker of its own, the topic of the
            # question before.
            previous = history[-1]
            topic = self._topic(previous, self._speakers_of(previous) or self.names_in(previous))
            if topic:
                context, kind_hint = previous, None
        elif history and (dangling := _DANGLING.search(text)) is not None:
            # « … pour lutter contre ? »: against what the question before was about.
            previous = history[-1]
            kept = tuple(w for w in topic if fold(w) != fold(dangling.group(1)))
            topic = tuple(dict.fromkeys((*kept, *self._topic(previous, self._speakers_of(previous)))))
            context = context or previous
        if context:
            standalone = f"{text} {context}"
        if owners:  # whose group the one asked about is in: who, not what about
            topic = tuple(w for w in topic if fold(w) not in owners and not re.fullmatch(_GROUP_NOUNS, fold(w)))
        who_words = self._role_phrase_words(text, speakers) if source == "role" else set()
        topic = tuple(w for w in topic if fold(w) not in who_words)
        if kind_hint == "who_is" and not (_looks_like_person(subj) or speakers):
            kind_hint = None  # "Quel est le titre de la session 2 ?" asks about the programme
        if unknown and _asks_which_people(text):
            # "Quels intervenants ont évoqué le sénateur X ?": X is what they spoke of.
            unknown, nearest = "", ()
        answer_type: AnswerType = next((t for t, rx in ANSWER_TYPES if rx.search(text)), "")
        if answer_type == "view" and not speakers:
            answer_type = ""  # where nobody in particular stands: who spoke of it, and how
        if chair_asked and not answer_type:
            # « Qui présidait la séance ? »: a person, whom a record that labels the chair only
            # « M. le Président » does not name.
            answer_type = "name"
        if (
            DAYTIME.search(text)
            and not speakers
            and (answer_type in ("date", "when") or (not answer_type and _WHEN_OPENING.match(text)))
            and not others_asked
        ):
            answer_type = "time"  # "When did the morning session end?": an hour of that day
        if answer_type == "reason" and (speakers or unknown or refers_back):
            # "Why does she think…?", « Selon X, pourquoi… ? »: their reasoning, which their
            # statement gives whatever its words; only why an event happened needs a stated reason.
            answer_type = ""
        kind = self._kind(standalone if refers_back else text, kind_hint, source, speakers, topic, unknown, part, subj)
        if answer_type == "reaction":
            topic = tuple(w for w in topic if fold(w) not in REACTION_WORDS | DOCUMENT_WORDS)
        elif answer_type == "title":
            topic = tuple(w for w in topic if fold(w) not in _TITLE_WORDS)
        elif answer_type == "later":
            topic = tuple(w for w in topic if fold(w) not in _LATER_WORDS)
        elif answer_type == "proposal":
            topic = tuple(w for w in topic if fold(w) not in _PROPOSAL_WORDS)
        if part is not None:
            # "session" of "after session 2" says which part, found already: every passage of it
            # would hold the word.
            # So is its ordinal: « la troisième session ».
            named_by = _PART_WORDS | _part_ordinals(text) | self._part_theme_words(text, part)
            topic = tuple(w for w in topic if fold(w) not in named_by)
        if kind == "who_spoke" and not speakers:
            # "Which mayors spoke?", « Quels maires sont intervenus ? »: nothing asked but who
            # they are: the holders of the role, from the speaker table.
            plural = [m for m in role_mentions(text) if m.plural and m.canonical not in GENERIC]
            holders = [p.name for m in plural[:1] for p in self.holders(m.canonical, False, part)]
            if holders and not topic:
                speakers, source, kind = tuple(holders[:MAX_LISTED]), "role", "who_is"
            elif 1 < len(holders) <= MAX_LISTED and plural[0].canonical not in _ASSEMBLY_ROLES:
                # « Parmi les maires, lesquels ont parlé de la paix ? »: which of them, from their
                # own statements (in a sitting, every speaker is one of the members).
                speakers, source = tuple(holders), "role"
        if (
            kind == "speaker_topic"
            and speakers
            and topic
            and _ASKS_AFFILIATION.search(text)
            and not SAYS.search(text)
            and all(fold(w) in _AFFILIATION_WORDS for w in topic)
        ) or (
            kind == "speaker_topic"
            and speakers
            and topic
            and not answer_type
            and _ASKS_WHAT.search(text)
            and not SAYS.search(text)
            and all(self._role_verb(w, speakers) for w in topic)
        ):
            # « X, elle représente quelle structure ? »; « elle coordonne quoi ? » of the
            # « Coordinatrice de l'Initiative de Nicosie »: what their role says.
            kind, answer_type = "who_is", ""
        if kind == "speaker_topic" and speakers and not answer_type and _ROLE_IN_DOCUMENT.search(text):
            kind = "who_is"
        if kind == "speaker_topic" and not answer_type and kind_hint == "who_is":
            answer_type = "name"  # "Who were the previous recipients, according to him?": people he named
        if kind in ("topic", "who_spoke") and not speakers and not answer_type and not part and _acted(text):
            # "Who scored the goals?", « Qui a marqué les buts ? »: who did something, not who
            # said it, is someone the text names (a goal scorer is no speaker of the bulletin).
            kind, answer_type = "topic", "name"
        if kind == "who_spoke" and answer_type == "name":
            answer_type = ""  # « lesquels ont… »: the names asked are the speakers the answer quotes
        if kind == "who_is" and answer_type == "view":
            # "What is the position of X on sanctions?": a stance; with no topic, their post
            kind, answer_type = ("speaker_topic", answer_type) if topic else (kind, "")
        if kind == "speaker_summary" and answer_type:
            kind = "speaker_topic"  # « En quelle année avait-il été maire ? » asks a fact of theirs, not a summary
        if kind == "topic" and answer_type == "time" and not speakers and DAYTIME.search(text):
            kind = "programme"  # "When does the afternoon finish?": the day's programme says
        if (
            part
            and not speakers
            and (kind, answer_type) in (("topic", "date"), ("topic", "time"), ("programme", "date"))
        ):
            # "When did the wrap-up part of the day kick off?": when a part of the programme was,
            # a day or an hour, whichever the programme gives (an hour asked stays an hour).
            kind, answer_type = "programme", "when"
        if kind == "programme" and part and PROGRAMME_TITLE.search(text):
            # « Quel était l'intitulé de la séance de clôture ? »: the programme line of that part
            # answers; "clôture" names the part, "intitulé" what is asked.
            aliases = {fold(a) for a in _PART_ALIASES.get(fold(part), ())} | {fold(part)}
            topic = tuple(w for w in topic if fold(w) not in aliases and not PROGRAMME_TITLE.fullmatch(w))
        if answer_type == "number" and MONEY.search(text):
            answer_type = "money"
        elif answer_type == "number" and PERCENT_ASKED.search(text):
            answer_type = "percent"  # "What was the unemployment rate?": a percentage, not any figure
        names = tuple(
            n
            for n in self._names(_without_genre_owner(_AUDIENCE.sub(_keep_verb, text)), speakers)
            if fold(n) not in who_words
        )
        # "Premier" in « le Premier ministre » is a role's word, not a name an answer must hold.
        offices = [fold(text)[m.start : m.end] for m in role_mentions(text)]
        names = tuple(n for n in names if not any(re.search(rf"\b{re.escape(fold(n))}\b", o) for o in offices))
        if owners:
            names = tuple(n for n in names if not all(fold(w) in owners for w in n.split()))
        if (scene := _SCENE_SETTING.match(text)) is not None and scene.end() < len(text):
            # « Dans le journal RFI du 28 mai 2018, depuis quand… ? »: which document, whose
            # outlet and date no answer need repeat.
            names, topic = _without_words_of(scene.group(0), names, topic)
        if apposed:
            # « Qui est Loïc Hénaff, cité par la liste Construire l'Avenir ? »: what the apposition
            # names says which one, not what the answer must name too.
            names, topic = _without_words_of(apposed, names, topic)
        if source == "role":
            # "the White House press secretary": the words that said who are not what the answer
            # must name.
            folded = fold(_APOS.sub("'", text))
            said_who = {fold(c) for m in role_mentions(text) for c in _complements(text, folded, m.start, m.end)}
            names = tuple(n for n in names if not all(fold(w) in said_who for w in n.split()))
        # "Quel jour la Chambre s'est-elle réunie ?": nothing asked but the document's own date.
        about_document = (
            answer_type in ("date", "year", "time", "when", "organiser", "place")
            # when it ended is said at its end ("La séance est levée à trois heures."), not its head
            and not (answer_type in ("time", "when") and ENDED.search(text))
            # « la séance de l'après-midi »: a time of the day's, not the document's
            and not (answer_type in ("time", "when") and DAYTIME.search(text))
            and not speakers
            and not unknown
            and (
                all(fold(w) in DOCUMENT_WORDS for w in topic)
                # "Where did the Cités Unies France colloquium on territorial diplomacy take
                # place?": the event asked about, however it is described, is the document's.
                or (
                    answer_type in ("place", "date", "time", "when")
                    and (
                        (
                            answer_type in ("place", "date")
                            and any(w in GENRE_WORDS or w in _PAGE_WORDS for w in re.findall(r"\w+", fold(text)))
                        )
                        # "When was this government page last updated?", "At what time did this
                        # news bulletin go on air?": this one, the document (a time asked of a
                        # genre noun alone may be a part's: « la séance de l'après-midi »)
                        or _THIS_DOCUMENT.search(text) is not None
                    )
                    and not _OTHER_EDITION.search(text)
                )
            )
        )
        if about_document:
            kind = "programme"
            names = tuple(n for n in names if fold(n) not in DOCUMENT_WORDS)
        if source == "history" and history and _SUBJECT_BACK.search(text) and _OTHER_BACK.search(text):
            # The subject pronoun is the speaker; the object one, whom the question before named
            # besides them: the answer must name them too.
            names += tuple(n for n in self._names(history[-1], speakers) if n not in names and n[:1].isupper())
        counted = (
            (_counted(text, topic) or _paid(text, topic))
            if answer_type == "number"
            else _paid(text, topic)
            if answer_type == "money"
            else ()
        )
        # "How many participants…", « combien d'intervenants… »: a word that is only how a question
        # is put elsewhere is, counted, what the figure must count.
        topic += tuple(w for w in counted if w not in topic)
        replied_to = ""
        if len(speakers) == 1 and _WHO_REPLIED.search(text):
            # « Et qui lui a répondu ? » after a question about Matagne: whoever spoke next, not him
            replied_to, speakers, kind, source = speakers[0], (), "who_spoke", ""
        return Query(
            text=question,
            standalone=standalone,
            lang=lang,
            kind=kind,
            topic=topic,
            speakers=speakers,
            speaker_source=source,
            part=part,
            answer_type=answer_type,
            names=names,
            unknown=unknown,
            nearest=nearest,
            refers_back=refers_back,
            about_document=about_document,
            counted=counted,
            replied_to=replied_to,
        )

    def _designating(self, text: str, speakers: Sequence[str]) -> set[str]:
        """The role nouns (canonical) of `text` that the speakers' own roles hold, the ones that
        named them; empty when none does (then any role noun of the question may have)."""
        own = {
            r.canonical for n in speakers if n in self.people for x in self.people[n].roles for r in role_mentions(x)
        }
        return {m.canonical for m in role_mentions(text)} & own

    def _role_phrase_words(self, text: str, speakers: Sequence[str]) -> set[str]:
        """The folded words of the role phrases that named the speakers and that their
        description holds ("président de la République" for the one président): they say
        who, not what ("de l'Ukraine" after "l'ambassadrice de France" stays the topic)."""
        folded = fold(_APOS.sub("'", text))
        people = [self.people[n] for n in speakers if n in self.people]
        out: set[str] = set()
        designating = self._designating(text, speakers)
        for m in _longest(role_mentions(text)):
            if designating and m.canonical not in designating:
                continue  # another role, what about: "when one councillor is nominated for Mayor"
            out |= set(m.form.split())
            complements = _complements(text, folded, m.start, m.end)
            held = [c for c in complements if self._hit_counts(people, [c], distinctive=False)]
            # Found as the only holder of the role, what followed the noun was the role too.
            out |= {fold(c) for c in (held or (complements if len(people) == 1 else []))}
        return out

    def _mentioned(self, name: str) -> bool:
        """Whether the corpus holds the name's last word (a person it speaks of)."""
        words = re.findall(r"[\w'-]+", _APOS.sub("'", strip_honorific(name)))
        return bool(words) and self.in_corpus(words[-1])

    def _speakers_of(self, question: str) -> tuple[str, ...]:
        named = self.names_in(question)
        if named or self._absent_subject(question):
            return named
        return self.roles_in(question, self.part_in(question), _subject_slot(question)[1])[0]

    def _absent_subject(self, question: str) -> str:
        """The person an earlier question was about when no speaker ("Qui est Loïc Hénaff, cité
        par la liste… ?"): a later pronoun means them, not a speaker its other words match."""
        subj = _subject_slot(question)[1]
        subj = _APPOSITION.sub("", subj) or subj
        if subj and _is_name(subj) and not role_mentions(subj) and not self.names_in(subj):
            return subj
        return ""

    def _misspelled(self, subj: str, nearest: Sequence[str]) -> str:
        """The one speaker among `nearest` whose name the subject spells with typos: each of
        its words (of 5 letters or more) at most one letter off a word of that name, and one
        at least off ("Trousel": Troussel); "" when none or several."""
        words = [fold(w) for w in re.findall(r"[\w'-]+", strip_honorific(subj)) if len(w) > 2]

        def spells(terms: frozenset[str] | set[str]) -> bool:
            return all(w in terms or (len(w) >= 5 and any(_one_edit(w, t) for t in terms)) for w in words)

        fits = [n for n in nearest if n in self.people and spells(self.people[n].name_terms)]
        return fits[0] if words and len(fits) == 1 else ""

    def _nearest_names(self, subj: str) -> list[str]:
        words = [fold(w) for w in re.findall(r"[\w'-]+", strip_honorific(subj)) if len(w) > 2]
        if self._walk:
            scored = []
            for p in self.people.values():
                score = max((_char_similarity(w, t) for w in words for t in p.name_terms), default=0.0)
                scored.append((score, p.name))
            scored.sort(reverse=True)
            return [n for s, n in scored[:3] if s > 0.3]
        # A speaker's score is the best similarity of one of their name terms to a word; only
        # terms sharing more than 0.3 of a word's trigrams can score above 0.3 (the others are
        # cut anyway): they are found by trigram and scored once each.
        grams, holders = self._name_grams()
        best: dict[str, float] = {}
        for w in words:
            for t in grams.sharing(w, int(0.3 * len(_plain_trigrams(w))) - 1):
                best[t] = max(best.get(t, 0.0), _char_similarity(w, t))
        scores: dict[str, float] = {}
        for t, score in best.items():
            for n in holders[t]:
                scores[n] = max(scores.get(n, 0.0), score)
        ranked = sorted(((score, n) for n, score in scores.items()), reverse=True)
        return [n for s, n in ranked[:3] if s > 0.3]

    def _topic(self, text: str, speakers: Sequence[str], source: SpeakerSource = "") -> tuple[str, ...]:
        """Content words (as written) that say what about: not question words, not the
        speakers' names, and not their role words when the question named them by role (named
        by name, a word of their role may well be the topic: "Que dit Anne Louyot de l'Arménie ?")."""
        who = self._name_terms(speakers)
        # Named by a pronoun of the conversation or picked by a filter, the speaker is not
        # designated by their role words: « l'initiative qu'elle coordonne » is what about.
        if source == "role":
            who |= {t for n in speakers if n in self.people for r in self.people[n].roles for t in _role_words(r)}
        # ... in any language: « le ministre des Pêches » for "Minister of Fisheries and Oceans".
        translated_role = source == "role" and bool(who)
        # "How many special advisers…", « combien de maires… »: the role counted is what about.
        counted_spans = [m.span(1) for m in _COUNT_OF.finditer(fold(text))]
        # Found by a role, the speaker is designated by that role's noun: another role the
        # question names is what about ("According to the Meetings Administrator, what happens
        # when only one councillor is nominated for Mayor?").
        designating = self._designating(text, speakers) if source == "role" else set()
        role_words = {
            f
            for m in role_mentions(text)
            if not any(a <= m.start < b for a, b in counted_spans) and (not designating or m.canonical in designating)
            for f in m.form.split()
        } | set(MODIFIERS["ancien"])
        # « les deux chercheuses », "the two mayors": how many people, not what about.
        folded_text = fold(text)
        role_words |= {
            w
            for m in role_mentions(text)
            for w in re.findall(r"[\w'-]+", folded_text[: m.start])[-1:]
            if w in _COUNT_WORDS
        }
        if role_mentions(text):
            role_words |= set(MODIFIERS["nouveau"])  # "the new Mayor": who, not what
        if speakers:
            who |= {fold(m.group(1)) for m in _OWN_AFFILIATION.finditer(text)}
            # "Jim Jones from the PCs", « Jim Jones, du Bloc »: the speaker's party or body, who
            who |= {fold(m.group(2)) for m in _NAMED_FROM.finditer(text) if fold(m.group(1)) in who}
            # The rest of a name the document shortens: "Charlotte Hammer" asked of a speaker
            # labelled "Hammer".
            for m in _CAPITALISED_RUN.finditer(text):
                run = {fold(w) for w in m.group(0).split()}
                if run & who:
                    who |= run
        out: list[str] = []
        # "How big is the bonus": the size asked, not what about.
        text = re.sub(r"\bhow\s+(?:big|large|high|tall|wide|great|small|heavy|old|far)\b", "how", text, flags=re.I)
        text = re.sub(r"\b(?:quel\s+[âa]ge|what\s+age)\b", " ", text, flags=re.I)  # how old, not what about
        text = re.sub(r"\bwhat\s+hour\b", "what time", text, flags=re.I)
        # "Which book did she present?": the work's title asked, whatever it is called (« ouvrage »,
        # « bouquin »), not what about
        text = re.sub(rf"\b(quel(?:le)?s?|which|what)\s+((?:\w+\s+)?){WORKS}\b", r"\1 \2", text, flags=re.I)
        # « mettre en avant », « mettre l'accent sur », "put emphasis on": how it was said, as
        # "highlight" is, not what about.
        text = re.sub(
            r"\b(?:mett\w*|mis|mise|mises|met)\s+(?:en\s+avant|l['’]\s*accent\s+sur)\b|"
            r"\b(?:put|puts|putting|placed?|places|placing|lay|lays|laid)\s+(?:the\s+)?(?:emphasis|stress)\s+on\b",
            " ",
            text,
            flags=re.I,
        )
        # "take place" is "happen", not a place.
        text = re.sub(r"\b(?:take|takes|took|taken|taking)\s+place\b", "happen", text, flags=re.I)
        # "closing remarks", "opening statement": which of their words, not what about ("the
        # concluding session" keeps its word).
        text = re.sub(
            r"\b(?:closing|opening|concluding|introductory|final)\s+(?=(?:remarks|speech|statement|address|words|comments)\b)",
            " ",
            text,
            flags=re.I,
        )
        # "in his address as new mayor", « dans son discours »: which of their words, not what about.
        text = re.sub(
            r"\b(?:in|during|throughout|dans|durant|pendant|lors\s+de)\s+(?:his|her|their|its|son|sa|leur)\s+"
            r"(?:\w+\s+)?(?:address|speech|statement|remarks|discours|intervention|allocution|propos)\b",
            " ",
            text,
            flags=re.I,
        )
        # "what she told the House", « ce qu'il a dit aux députés »: whom they spoke to.
        text = _AUDIENCE.sub(_keep_verb, text)
        # « les membres de l'Assemblée », "members of the House": who, not what about
        text = _MEMBERS_OF.sub(r"\1", text)
        if source == "role":
            text = _PRESIDING.sub(" ", text)
        # « en répondant au député de Macleod », "in reply to the member": whom, not what about.
        text = _REPLYING_TO.sub(" ", text)
        # « qu'a-t-il répondu à Elena Pierrazzo ? »: whom he answered, not what about
        text = _REPLIED_TO_NAME.sub(r"\1", text)
        text = _WHEN_SAID_NAME.sub(r"\1", text)
        # « En deux mots », "in a nutshell": how long the answer should be, not what about;
        # « ont pris la parole », "took the floor": they spoke.
        text = _BREVITY.sub(" ", _TOOK_THE_FLOOR.sub(" ", text))
        text = re.sub(r"\bd'\s*après\b", " ", text, flags=re.I)  # « d'après lui »: according to him
        # "Who on the panel argued…": among whom, not what about
        text = re.sub(rf"^(\s*(?:et\s+|and\s+|so\s+)?(?:qui|who)){WHO_AMONG}", r"\1 ", text, flags=re.I)
        text = re.sub(r"\bà\s+partir\s+d(?:e\b|['’]\s*)", " ", text, flags=re.I)  # « à partir de quelle heure »: from
        if re.search(rf"\b(?:{TIME_ASKED})\b", text, re.I):
            # « à quelle heure … le matin »: the part of the day says when, as the hour asked does
            text = re.sub(
                r"\b(?:(?:le|la|du|de\s+la|ce|cette|in\s+the|that|this)\s+)?"
                r"(?:matin|matinée|après-midi|soir|soirée|morning|afternoon|evening)\b",
                " ",
                text,
                flags=re.I,
            )
        text = re.sub(r"\bdu\s+coup\b", " ", text, flags=re.I)  # « du coup »: "so", said in passing
        text = re.sub(r"\bd'\s*ici\b", " ", text, flags=re.I)  # « d'ici 2030 »: by then
        # "during question period", « pendant les questions au gouvernement »: when, in the sitting.
        text = re.sub(
            r"\b(?:during|in|at|pendant|lors\s+d[eu]s?|au\s+cours\s+d[eu]s?)\s+(?:the\s+|la\s+|les\s+)?"
            r"(?:question\s+(?:period|time)|oral\s+questions|période\s+des\s+questions|questions\s+(?:orales|au\s+gouvernement))\b",
            " ",
            text,
            flags=re.I,
        )
        # "pendant l'émission", "during the hearing": when, in the document, not what about.
        text = _DURING_DOCUMENT.sub(lambda m: " " if fold(m.group(1)) in GENRE_WORDS else m.group(0), text)
        text = _without_genre_owner(text)
        # "When did the sitting resume?": in English, the verb, not « résume » (summarise).
        english = detect_lang(text) == "en"
        for w in content_words(text, folded=False):
            f = fold(w)
            if (
                (f in QUESTION_WORDS and not (english and w.lower() == "resume"))
                or f in role_words
                or f in who
                or _NUMBER.fullmatch(f)
                or fold(_bare(w)) in who
            ):
                continue
            if len(f) >= 6 and not self.in_corpus(f) and any(_one_edit(f, t) for t in who):
                continue  # their name, misspelled ("Zacharopolou")
            if translated_role and not self.in_corpus(f) and any(fold(t) in who for t in self.translate(f)):
                continue
            if w not in out:
                out.append(w)
        rest = [w for w in out if fold(w) not in GENRE_WORDS]
        return tuple(rest) if rest else tuple(out)

    def _name_terms(self, speakers: Sequence[str]) -> set[str]:
        return {t for n in speakers if n in self.people for t in self.people[n].name_terms}

    def _names(self, text: str, speakers: Sequence[str]) -> tuple[str, ...]:
        """Proper nouns, acronyms and years the answer must contain (not the speakers' own)."""
        names = self._name_terms(speakers)
        own = set(names)
        roles = [r for n in speakers if n in self.people for r in self.people[n].roles]
        own |= {t for r in roles for t in _role_words(r)}
        # The roles joined by spaces, squeezed: each role squeezed once (the folding and the
        # squeezing act character by character, so the pieces make the whole).
        squeezed = _squeezed(" ".join(roles)) if self._walk else "".join(_squeezed_role(r) for r in roles)

        def spelled_as_name(f: str) -> bool:
            if len(names) > 50 and not self._walk:  # many speakers asked: their names looked up
                # A Jaccard of 0.6 needs 0.6 of the word's trigrams in common.
                grams, _ = self._name_grams()
                close = grams.sharing(f, int(0.6 * len(_plain_trigrams(f))) - 1)
                return any(t in names and _char_similarity(f, t) >= 0.6 for t in close)
            return any(_char_similarity(f, t) >= 0.6 for t in names)

        def spelled_as_own(a: str) -> bool:
            if a in own:
                return True
            if len(own) > 50 and not self._walk:  # many speakers asked: their terms looked up
                return bool(self._role_hits().similar_words((a,)) & own)
            return any(similar(a, t) for t in own)

        def owned(word: str) -> bool:
            # "Nicosia" for the coordinator of the "Initiative de Nicosie": who, not what.
            f = fold(word)
            alts = [f, *(fold(t) for t in self.translate(word))] if own else [f]
            if re.fullmatch(r"[A-Z]{2,}s", word):
                alts.append(f[:-1])  # "Jim Jones from the PCs": his party, "PC"
            # "Karine" for the speaker "Carine Thomas": their own name, spelled otherwise.
            if spelled_as_name(f):
                return True
            return any(spelled_as_own(a) for a in alts) or (bool(roles) and _squeezed(word) in squeezed)

        found: dict[str, None] = {}
        body = re.sub(r"^\W*\w+", " ", text)  # the first word is capitalised anyway
        body = _SENTENCE_START.sub(" ", body)  # and so is a later sentence's ("…wrapped up the day. Quick rundown?")
        body = re.sub(r"(?<![\w])[dlDL]['’](?=[A-ZÀ-ÖØ-Ý])", " ", body)  # "l'Azerbaïdjan" names Azerbaïdjan
        for m in _CAPITALISED.finditer(body):
            # A multi-word name is one name ("European Committee of the Regions").
            # "Edward Ra's position": the speaker's own name, without the possessive.
            words = [
                w
                for w in (_bare(_APOS.sub("'", x)) for x in re.findall(r"[\w'’-]+", m.group(1)))
                if w[:1].isupper() and len(fold(w)) >= 3 and fold(w) not in _NOT_NAMES and fold(w) not in QUESTION_WORDS
            ]
            words = [w for w in words if not owned(w)]
            words = [
                w
                for w in words
                if not any(fold(p).startswith(fold(w)) or fold(w) in fold(p).split() for p in self.parts)
            ]
            if _REPLIED_TO.search(fold(body[: m.start(1)])):
                continue  # « Et qu'a-t-il répondu à Elena Pierrazzo ? »: a reply need not name whom
            if words:
                found.setdefault(re.sub(r"['’]s$", "", " ".join(words)), None)
        for m in _ACRONYM.finditer(text):
            if not owned(m.group(0)):
                found.setdefault(m.group(0), None)
        for m in _YEAR.finditer(text):
            # « de décembre 2023 »: the month and the year, not any passage of 2023
            month = re.search(r"\b((?:\d{1,2}(?:er)?\s+)?[\w]+)\s+$", text[: m.start()])
            dated = f"{month.group(1)} {m.group(0)}" if month else ""
            found.setdefault(dated if dated and month_year(dated) else m.group(0), None)
        # "AR" is part of "AR-15", not a name of its own.
        return tuple(
            n for n in found if not any(o != n and re.search(rf"(?<![\w]){re.escape(n)}(?![\w])", o) for o in found)
        )

    def _kind(
        self,
        text: str,
        hint: str | None,
        source: SpeakerSource,
        speakers: Sequence[str],
        topic: Sequence[str],
        unknown: str,
        part: str | None,
        subject: str = "",
    ) -> QueryKind:
        which_people = bool(WHO_SPOKE_FORM.search(text) or _asks_which_people(text) or _BY_WHOM.search(text))
        subject_pronoun = fold(subject) in _PRONOUNS
        # "Who were the previous recipients, according to him?": the speaker came from the
        # conversation and the subject is what he spoke of, not who he is.
        of_theirs = hint == "who_is" and source == "history" and bool(topic) and not subject_pronoun
        if (hint == "who_is" and not of_theirs) or (
            speakers and source == "role" and (WHO_FIRST.search(text) or WHO_CLAUSE.search(text) or which_people)
        ):
            # "Quels maires ont parlé de la guerre ?": who, among the mayors, spoke of it.
            if which_people and topic and len(speakers) > 1:
                return "who_spoke"
            return "who_is"  # "Qui animait la session 2 ?", "Which speakers are former ministers?"
        if not speakers and (PROGRAMME_FORM.search(text) or (EVENT.search(text) and _asks_when_where(text))):
            return "programme"
        if not speakers and which_people:
            return "who_spoke"
        if speakers or unknown:
            substantive = [w for w in topic if fold(w) not in self.common or len(topic) > 1]
            if hint == "speaker_summary" and not substantive:
                return "speaker_summary"
            # "Can you sum up the case Kaptur makes during this special order?", « résumer la
            # position qu'il défend pendant toute la séance »: a summary asked with no subject
            # introduced ("on Ukraine", « sur la Turquie »): what is left says how, not what about.
            if _SUMMARY_CUE.search(text) and not _TOPIC_MARKER.search(text):
                return "speaker_summary"
            if not topic:
                return "speaker_summary"
            return "speaker_topic"
        return "topic"


# A part named by its theme: "the session on…", « la table ronde consacrée à… ».
_PART_THEME = re.compile(
    r"\b(?:session|s[ée]ance|panel|table\s+ronde|atelier|workshop|partie|part)\s+"
    r"(?:consacr[ée]e?s?\s+(?:à|aux?)|sur|about|on|devoted\s+to|dedicated\s+to|intitul[ée]e?|titled|called)\s+"
    r"(?P<theme>[^?,;:]+)",
    re.I,
)
PART_THEME_SHARE = 0.6
# ... or of what happened in it: « pendant la nomination du Bureau », "during the debate on the Bill"
_DURING_PART = re.compile(
    r"\b(?:pendant|durant|lors\s+de|au\s+moment\s+de|during|in\s+the\s+course\s+of)\s+(?P<theme>[^?,;:]+)", re.I
)

# Ordinal words (folded), French and English, by the number they give.
ORDINALS = {
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
    "cinquieme": "5",
    "fifth": "5",
}
# A part's number spelled out after its noun: « la session deux », "panel three".
_CARDINALS = {
    "un": "1",
    "one": "1",
    "deux": "2",
    "two": "2",
    "trois": "3",
    "three": "3",
    "quatre": "4",
    "four": "4",
    "cinq": "5",
    "five": "5",
}
_ROMAN = {"1": "i", "2": "ii", "3": "iii", "4": "iv", "5": "v", "6": "vi"}
# A subject pronoun that refers back ("did he", « a-t-elle »), and the prepositions before a
# person who is not the subject ("with Karine Thomas", « avec Karine Thomas »).
# A subject pronoun after its verb: « tient-il », « a-t-elle », "does he", "did she".
_INVERTED_SUBJECT = re.compile(
    r"\w(?:-t)?-(?:il|elle|ils|elles)\b|\b(?:does|did|do|will|would|has|had|is|was)\s+(?:he|she|they)\b", re.I
)
# A word that only opens what is said ("OK,", « Bon, », "Right."), before the question proper.
# What the user says of their own need, in a sentence of its own beside the question: « Je dois
# la citer. », "I need it for an article."
_USER_NEED = re.compile(
    r"(?:^|(?<=[?.!]))\s*(?![^?.!]*\b(?:who|which|what|qui|quel\w*|lesquel\w*|everyone|everybody|all|tous|toutes)\b)"
    r"(?:je|j['’]|i)\s*(?:dois|voudrais|aimerais|veux|cherche|prépare|écris|en\s+ai\s+besoin|"
    r"need|must|want|would\s+like|have\s+to|am\s+writing|['’]m\s+writing|am\s+preparing|['’]m\s+preparing)\b[^?.!]*[.!]",
    re.I,
)
_INTERJECTION = re.compile(
    r"^\s*(?:ok(?:ay)?|d['’]\s*accord|bon|bien|alors|well|right|so|hmm+|euh|ah|oh|ok\s+so|and\s+so)\s*[,!.:;]\s*"
    # what the answer is for: « Pour une note interne : … », "For my article, …"
    r"|^\s*(?:pour|for)\s+(?:un|une|mon|ma|mes|notre|nos|a|an|my|our)\s+(?:[\w'’-]+\s+){0,3}?"
    r"(?:note|article|papier|rapport|dossier|mémoire|memo|report|story|piece|paper|thesis|thèse|brief|briefing|"
    r"newsletter|chronique|enquête|reportage|blog|post|présentation|presentation|cours|class|research|recherche)"
    r"(?:\s+[\w'’-]+){0,3}?\s*[:,;]\s*",
    re.I,
)
# A question that opens on someone's name, said as the subject of what follows ("Prasad gets
# the floor at the end - what does he argue?").
# (Not "Elena Pierrazzo, elle dit quoi ?": a name set apart is what the question is about.)
# ... and a pronoun that can only be a person's ("they" may be the speakers, "it" a country).
_PERSON_PRONOUN = re.compile(r"\b(?:he|she)\b|-t-(?:il|elle)\b|\b(?:il|elle)\s+\w", re.I)
# A question that opens on a name set apart with its apposition, then asks with a pronoun.
_FRONTED_NAME = re.compile(
    r"^\s*(?P<name>(?:[A-ZÀ-Ý][\w'’-]+\s+){0,3}[A-ZÀ-Ý][\w'’-]+)\s*,\s*"
    r"(?:le|la|l['’]|les|un|une|the|a|an|son|sa|ses|his|her|their)\b[^,?]*?,\s*(?P<rest>[^,]+)$",
    re.I,
)
_OPENING_NAME = re.compile(r"^\s*(?P<name>(?:[A-ZÀ-Ý][\w'’-]+\s+){0,3}[A-ZÀ-Ý][\w'’-]+)(?=\s+[a-zà-ý])")
_SUBJECT_PRONOUN = re.compile(r"\b(?:he|she|they)\b|-t-(?:il|elle|ils|elles)\b|\b(?:il|elle)\s+\w", re.I)
_PREPOSITIONS = frozenset("with to about for against from avec a au aux de du des d sur contre pour chez par".split())
_STOP = ENGLISH_STOP | FRENCH_STOP
# Prepositions a question may open with (« Devant quel tribunal… ? ») that stop lists lack.
_OPENING_PREPOSITIONS = frozenset(
    "devant derriere avant apres depuis pendant selon parmi contre chez vers sans sous entre malgre durant "
    "before after during since among against under between without".split()
)
# The words questions are built of, whose typos are corrected (folded).
# By language: a typo one letter off a word of each ("mentionned") is read in the question's.
FORM_WORDS_BY_LANG = {
    "en": tuple(
        "which what where when whom whose mentioned mention mentions speakers speaker said says talked spoke "
        "according summarise summarize".split()
    ),
    "fr": tuple(
        "quel quelle quels quelles intervenants intervenant evoque mentionne parle selon resume resumez".split()
    ),
}
FORM_WORDS = frozenset(w for words in FORM_WORDS_BY_LANG.values() for w in words)


_ELISION = re.compile(r"^(?:[ldjnmstc]|qu|jusqu|lorsqu|puisqu)'(?=\w)|'s?$", re.I)


def _bare(word: str) -> str:
    """A word without an elided article before it or a possessive after it."""
    return _ELISION.sub("", word) or word


# Role nouns of one word, long enough that one letter off is a typo, not another word.
_ROLE_WORDS = tuple(sorted({f for forms in ROLE_FORMS.values() for f in forms if " " not in f and len(f) >= 7}))
_ROLE_SET = frozenset(f for forms in ROLE_FORMS.values() for f in forms)


def _one_edit(a: str, b: str) -> bool:
    """Whether `a` is one insertion, deletion, substitution or swap of neighbours away from `b`."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


# A question asking a part's title or theme.
PROGRAMME_TITLE = re.compile(r"\b(?:intitul[ée]e?|titre|title|th[èe]me|theme)\b", re.I)
_PART_ALIASES = {
    "ouverture": ("ouverture", "opening", "inaugural", "introductory remarks"),
    "conclusions": ("conclusion", "conclusions", "concluding", "closing", "cloture", "wrap-up", "final session"),
    "programme": ("programme", "program", "agenda", "schedule", "horaire"),
}


def _after_name(line: str, name: str) -> str:
    """What an introduction line says right after a name, up to the next person or the end:
    "Marie-Sophie Lacarrau (TF 1) et Julian Bugier (France 2)" -> "(TF 1)" for Lacarrau."""
    m = re.search(re.escape(fold(name)), fold(line))
    if m is None:
        return ""
    rest = line[m.end() :] if len(fold(line)) == len(line) else fold(line)[m.end() :]
    # "… Kevin Murphy from Google, then we have Yoshua Bengio from …": the next person's.
    return re.split(
        r"\s+(?:et|and|&)\s+(?=[A-ZÀ-ÖØ-Ý])|;|,\s+(?:then|next|and|puis|ensuite|followed\s+by|suivie?s?\s+de)\b",
        rest,
        maxsplit=1,
    )[0]


def _context_text(p: _Speaker) -> str:
    """What the speaker's introduction lines say right after their name (an introduction line
    may present several people: "X (TF 1) et Y (France 2)")."""
    own = [_after_name(line, p.name) for line in p.context]
    return " ; ".join(x for x in own if x)


def _squeezed(text: str) -> str:
    return re.sub(r"[\W_]+", "", fold(text))


@lru_cache(maxsize=1 << 14)
def _squeezed_role(role: str) -> str:
    return _squeezed(role)


def _is_acronym_of(word: str, text: str) -> bool:
    """Whether an all-capitals word is the initials of consecutive capitalised words of `text`
    ("SUNY" of "State University of New York"; small linking words skipped)."""
    return _acronym_like(word) and word.upper() in _initials(text)


def _acronym_like(word: str) -> bool:
    return word.isupper() and 3 <= len(word) <= 8


def _initials(text: str) -> str:
    """The capitals that start the words of `text`, upper-cased."""
    return "".join(w[0] for w in re.findall(r"[\w'-]+", text) if w[:1].isupper()).upper()


def _no_translation(word: str) -> tuple[str, ...]:
    return ()


# What opens a question on a noun phrase set apart: « Et le secrétaire général de la CFDT, … ».
_SET_APART_HEAD = re.compile(
    r"^\s*(?:(?:et|and|mais|but|so|alors)\s+)?(?:le|la|les|l['’]|the|ce|cet|cette|ces|that|this)\s*", re.I
)


def _set_apart_role(text: str) -> bool:
    """Whether the question opens on a role set apart by a comma, which its pronoun then stands
    for: « Et le secrétaire général de la CFDT, qu'est-ce qu'il lui a répondu ? » (not
    « Et combien d'habitants par député, selon elle ? »)."""
    head = _SET_APART_HEAD.match(text)
    comma = text.find(",")
    return (
        head is not None
        and comma > 0
        and any(r.start == head.end() and r.end <= comma for r in role_mentions(text[:comma]))
    )


# What comes before a role that is the subject of the question's verb: "Did the Education
# Minister ever respond to him?", "What did the minister tell her?", « Qu'a répondu le ministre ? ».
_BEFORE_SUBJECT = re.compile(
    r"^\s*(?:(?:and|so|but|et|mais)\s+)?(?:(?:what|how|why|when|where|who|whom)\s+)?"
    r"(?:did|does|do|has|had|have|will|would|was|is|could|can)\s+(?:the\s+)?(?:(?-i:[A-ZÀ-Ý])[\w'’-]*\s+){0,3}$|"
    r"^\s*(?:(?:et|mais)\s+)?(?:qu['’]\s*|que\s+|comment\s+|quand\s+|pourquoi\s+)?(?:a|avait|ont|aurait)\s+"
    r"(?:\w+\s+)?(?:le|la|les|l['’])\s*$|"
    # « Et que lui répond le président du conseil ? »: the pronoun is whom, the role who
    r"^\s*(?:(?:et|mais)\s+)?(?:qu['’]\s*|que\s+|comment\s+|quand\s+|pourquoi\s+)(?:lui|leur|y)\s+"
    r"(?:(?:a|avait|ont|aurait)\s+)?\w+\s+(?:le|la|les|l['’])\s*$",
    re.I,
)


def _named_subject(text: str, name: str) -> bool:
    """Whether a person the question names is the subject of its verb: "And what did Hasquin
    answer her?" (the pronoun is someone else)."""
    first = name.split()[0] if name.split() else ""
    at = re.search(rf"(?<!\w){re.escape(first)}(?!\w)", text) if first[:1].isupper() else None
    if at is not None and _BEFORE_SUBJECT.match(text[: at.start()]) is not None:
        return True
    # « Et comment Alain Richard a-t-il réagi ? »: a French complex inversion, whose pronoun
    # repeats the name.
    return _complex_inversion(text, name) is not None or _inverted_name(text, name)


def _complex_inversion(text: str, name: str) -> re.Match[str] | None:
    """« … Alain Richard a-t-il réagi », « Hervé Hasquin oppose-t-il »: the name, then its verb
    inverted with the pronoun that repeats it (the verb is group 1)."""
    return re.search(rf"(?<![\w'’]){re.escape(name)}\s+(\w+)(?:-t)?-(?:il|elle|ils|elles)\b", text)


def _says_inverted(text: str, name: str) -> bool:
    """« Quels arguments Hervé Hasquin oppose-t-il… ? »: a name whose verb of speech inverts with
    its pronoun (not « … Simei Estate a-t-elle été traitée », a place)."""
    m = _complex_inversion(text, name)
    return m is not None and len(m.group(1)) > 3 and _SPEECH_ACT.match(m.group(1)) is not None


def _inverted_name(text: str, name: str) -> bool:
    """« Et que lui a répondu Hervé Hasquin ? »: a stylistic inversion, the subject after the
    verb at the question's end (not « … répondu à Hervé Hasquin ? », whom)."""
    return (
        re.search(
            rf"^(?:et\s+|mais\s+)?(?:que|qu['’]|comment|pourquoi|quand|o[ùu])(?!\w).*?(?<!\w)(?!(?:{_BEFORE_OBJECT})\s)\w+\s+"
            rf"(?:(?:M|Mme|Mlle|Me|Dr)\.?\s+)?{re.escape(name)}\s*[?.!]*\s*$",
            text,
            re.I,
        )
        is not None
    )


_BEFORE_OBJECT = r"à|a|au|aux|de|du|des|d|sur|pour|avec|par|contre|chez|envers|vers|le|la|les|l|selon|entre"


# "Who <verb>", « Qui a <participe> »: who did what the verb says.
_WHO_VERB = re.compile(
    rf"^\s*(?:et\s+|and\s+|so\s+)?(?:qui{WHO_AMONG}\s+(?:a|ont|avait|avaient)\s+(?:donc\s+|alors\s+|finalement\s+)?(?P<fr>[\w-]+)|"
    rf"who{WHO_AMONG}\s+(?P<en>[\w-]+))\b",
    re.I,
)
# The verbs of what people do in a debate or a programme, whose doer is a speaker or a role:
# speaking, asking, answering, thanking, chairing, voting… (and the auxiliaries).
_SPEECH_ACT = re.compile(
    r"(?:(?:parl|[ée]voqu|mentionn|cit[ée]|citai|cited|cites|abord|soulev|soulign|dit|d[ée]clar|affirm|expliqu|"
    r"rappel|insist|propos|d[ée]fend|critiqu|d[ée]nonc|salu|remerci|f[ée]licit|interpell|interrog|demand|"
    r"r[ée]pond|r[ée]pliqu|r[ée]ag|plaid|avert|alert|appel|regrett|estim|jug|pens|pos[ée]|posai|annonc|"
    r"pr[ée]sent|d[ée]cri|racont|t[ée]moign|qualifi|compar|interromp|conclu|ouvr|cl[ôo]tur|anim|pr[ée]sid|"
    r"mod[ée]r|organis|introdui|accueill|prononc|interven|pris|exprim|reconn|admis|admit|contest|protest|"
    r"approuv|vot|souten|fait|[ée]t[ée]|signal|pr[ée]ven|r[ée]clam|exig|sugg[ée]r|recommand|pr[ée]conis|"
    r"rapport|not[ée]|ajout|r[ée]v[ée]l|applaud|chahut|interrupt|spoke|speak|talk|said|say|mention|refer|"
    r"discuss|rais|warn|argu|call|address|describ|chair|moderat|host|organi[sz]|open|clos|introduc|"
    r"interview|thank|prais|congratulat|ask|question|presid|welcom|respond|repl|answer|object|complain|"
    r"comment|testif|express|outlin|claim|stated|states|stating|explain|stress|recommend|suggest|told|tell|"
    r"conclud|believ|think|thought|urg|request|announc|promis|criticis|criticiz|defend|want|report|added|"
    r"adds|reveal|acknowledg|backed|backs|support|oppos|lead|gave|give|made|bring|brought|point|touch|"
    r"cover|tackl|evok|highlight|emphasi|flag|quot|disagre|agree|challeng)\w*|"
    # Auxiliaries and short forms, whole words only: as stems they would swallow "attacked",
    # "increased", "donated" or "cancelled", whose doer is a name the text gives.
    r"lu|ni[ée]e?s?|eu|led|ran|run|runs|is|was|were|are|will|would|did|does|do|has|had|have|can|could|"
    r"should|else|among|of|in|from|at|add|back|state)$",
    re.I,
)


def _acted(text: str) -> bool:
    """Whether the question asks who did something other than speak or take part ("Who scored
    the goals?", « Qui a marqué les buts ? »), whose answer is a name the text gives."""
    m = _WHO_VERB.match(text)
    if m is None:
        return False
    verb = m.group("fr") or m.group("en")
    return _SPEECH_ACT.match(verb) is None


def _role_is_subject(text: str) -> bool:
    """Whether a role noun is the subject of the question's verb, so that its pronoun is someone
    else: "Did the Education Minister ever respond to him on that?"."""
    return any(_BEFORE_SUBJECT.match(text[: r.start]) for r in role_mentions(text))


# A question that opens on a role (« La ministre de l'Environnement s'est-elle engagée… ? »).
_OPENING_ARTICLE = re.compile(r"\s*(?:(?:et|mais)\s+)?(?:le|la|les|l')\s*")
_INVERTED_AFTER = re.compile(r"[^,?;]*?[\w']+-t?-?(?:il|elle|ils|elles)\b")
_RELATIVE_WORDS = frozenset({"who", "whom", "which", "qui", "dont", "lequel", "laquelle"})
# Where a relative clause begins ("on whose behalf", « au nom duquel », « qui »).
_RELATIVE_CLAUSE = re.compile(
    r"\s+(?:(?:on|in|for|to|with|by|of|from|at)\s+)?(?:whose|whom|who|which)\b|"
    r"\s+(?:(?:à|de|pour|avec|par|sur|auprès\s+de|au\s+nom\s+de)\s+)?"
    r"(?:qui|que|qu['’]|dont|lequel|laquelle|lesquels|lesquelles|duquel|auquel|desquels)\b",
    re.I,
)


def _subject_slot(text: str) -> tuple[str | None, str, str | None]:
    """(kind hint, subject text, the rest after the subject) from the first question form
    that matches; (None, "", None) when none does."""
    for kind, rx in SUBJECT_FORMS:
        m = rx.search(text)
        if m is None:
            continue
        groups = m.groupdict()
        slots = (
            "subj2",
            "subj3",
            "subj4",
            "subj5",
            "subj6",
            "subj7",
            "subj8",
            "subj9",
            "subj10",
            "subj11",
            "subj12",
            "subj13",
            "subj14",
            "subj",
        )
        subj = next((groups[g] for g in slots if groups.get(g)), "").strip(" ,?.-")
        rest = m.groupdict().get("rest")
        if not subj:
            continue
        return kind, subj, rest
    return None, "", None


def _longest(mentions: Sequence[object]) -> list:  # type: ignore[type-arg]
    """Role mentions without those inside a longer one ("vice president" over "president"); a
    noun of two roles ("host": a journalist, an « animateur ») keeps both readings."""
    out: list = []  # type: ignore[type-arg]
    for m in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):  # type: ignore[attr-defined]
        same_span = out and (m.start, m.end) == (out[-1].start, out[-1].end)  # type: ignore[attr-defined]
        if out and m.start < out[-1].end and m.canonical != out[-1].canonical and not same_span:  # type: ignore[attr-defined]
            continue
        if out and m.start == out[-1].start and m.canonical == out[-1].canonical:  # type: ignore[attr-defined]
            continue
        out.append(m)
    return out


# The members of an assembly: in the plural, "which members…" asks which of the speakers.
_ASSEMBLY_ROLES = frozenset({"depute", "senateur", "membre", "elu"})
_TAIL_STOP = frozenset(
    "de du des d la le les l of the from for at in en a au aux to et and sur on chargee charge charged "
    "in-charge".split()
)
# A feminine role form of a question (folded), and what marks a speaker as a woman in the
# table: an honorific in a label, a feminine title or role noun.
_FEMININE_FORM = re.compile(
    # (« Qui représente… ? »: the verb, not « la représentante »)
    r"(?!represente$)[a-z-]+(?:trice|drice|ee|euse|iere|ere|esse|ante|ente)|gentlewoman|gentlelady|chairwoman|congresswoman|"
    r"spokeswoman|businesswoman|actress|cheffe|mairesse"
)
_FEMININE_MARK = re.compile(r"(?i)^(?:mme|mrs|ms|miss|mlle|madame|lady|baroness|dame)\b\.?")


@lru_cache(maxsize=1 << 14)
def _feminine_role(role: str) -> bool:
    """Whether a stated role names its holder with a feminine role noun ("Ambassadrice de
    France", "the gentlewoman from Ohio"; not "Président de l'Assemblée")."""
    return any(_FEMININE_FORM.fullmatch(m.form) for m in role_mentions(role)) or _FEMININE_MARK.search(role) is not None


# Words that open a clause about the person, not their role: "l'acteur venu à la Maison
# Blanche", "the actor who came to the White House" (he is no actor of the White House).
_CLAUSE_START = frozenset(
    "qui que dont venu venue venus venues arrive arrivee invite invitee present presente presents "
    "originaire originaires natif native ne nee born "
    "who that which whom came come coming invited visiting present".split()
)
# Words of a part ("the moderator of session 2"): where, not whose role.
_PART_WORDS = frozenset("session sessions seance panel atelier workshop table ronde part partie".split())
_PART_ORDINAL = re.compile(
    rf"\b({'|'.join(ORDINALS)})\s+(?:{'|'.join(sorted(_PART_WORDS))})\b|"
    rf"\b(?:{'|'.join(sorted(_PART_WORDS))})\s+({'|'.join(ORDINALS | _CARDINALS)})\b"
)


def _part_ordinals(text: str) -> frozenset[str]:
    """The ordinals that number a part in `text` (folded): « troisième » of « la troisième session »."""
    return frozenset(a or b for a, b in _PART_ORDINAL.findall(fold(text)))


def _complements(text: str, folded: str, start: int, end: int, generic: bool = False) -> list[str]:
    """The words that say whose role it is: capitalised words and acronyms just before the role
    noun or in the few words after it, and an adjective right after it ("maire tunisien").
    After a `generic` noun (« chef », "representative"), which alone designates everyone, the
    noun phrase it governs counts too, lower case or not: « le chef de l'opposition
    officielle », "the head of the official opposition" (up to the next preposition)."""
    # `folded` has the same length as the text with straight apostrophes only when no
    # character decomposes into two; map by word instead.
    words = re.findall(r"[\w'-]+", _APOS.sub("'", text))
    fwords = [fold(w) for w in words]
    before = folded[:start]
    noun_first = len(re.findall(r"[\w'-]+", before))
    if before and not before[-1].isspace() and noun_first:
        noun_first -= 1  # the noun glued to an elision is one word with it: "l'acteur"
    noun_last = noun_first + len(re.findall(r"[\w'-]+", folded[start:end])) - 1
    out: list[str] = []
    # English puts what qualifies a role before it ("the former Tunisian human rights
    # minister"); French after it ("maire tunisien"), and a word after an English role noun
    # is the verb ("...minister blame for").
    english = detect_lang(text) == "en"
    for i in range(max(0, noun_first - (4 if english else 2)), noun_first):
        if i == 0:
            continue  # « Qu'annonce le co-présentateur… »: capitalised by its place, not a name
        if words[i][:1].isupper() and fwords[i] not in _NOT_NAMES and fwords[i] not in _TAIL_STOP:
            out.append(words[i])
    after = words[noun_last + 1 : noun_last + 8]
    # A role's complement ends at a comma: « du côté du ministre, quelle a été la réplique ? »
    tokens = re.findall(r"[\w'-]+|[,;:?!]", _APOS.sub("'", text))
    seen = -1
    for k, t in enumerate(tokens):
        seen += t[0] not in ",;:?!"
        if seen == noun_last:
            tail = tokens[k + 1 : k + 1 + len(after)]
            # ... and at a relative pronoun: "the minority leader who designated Ms. Kaptur" is
            # not Kaptur's
            cut = next((n for n, t2 in enumerate(tail) if t2 in ",;:?!" or t2.lower() in _RELATIVE_WORDS), len(tail))
            after = after[:cut]
            break
    # The generic noun's own phrase is open until a second preposition ("of the Ministry of
    # Defence" goes on by its capitals only, « de la coopération » after it is the topic).
    governed, phrase = generic, False
    for j, w in enumerate(after):
        f = fold(w)
        core = re.sub(r"^[dl]'", "", f)
        if core in _PART_WORDS or core.isdigit() or core in _CLAUSE_START:
            break
        if f in _TAIL_STOP or core in _TAIL_STOP:
            governed = governed and not phrase
            continue
        if re.search(r"-t-|-(?:il|elle|ils|elles|on)$", f):
            break  # « La présidence a-t-elle… »: the verb, inverted
        capital = w[:1].isupper() or re.sub(r"^[dlDL]'", "", w)[:1].isupper()
        if capital and core not in _NOT_NAMES:
            out.append(re.sub(r"^[dlDL]'", "", w))
        elif j == 0 and not english and core not in QUESTION_WORDS and len(core) > 3 and not _is_verb_like(core):
            out.append(w)  # an adjective right after the noun: "maire tunisien"
        elif (
            governed
            and j > 0
            and core not in QUESTION_WORDS
            and core not in _STOP
            and len(core) > 3
            and not _is_verb_like(core.removesuffix("s"))
        ):
            out.append(re.sub(r"^[dlDL]'", "", w))
            phrase = True
        else:
            break
    return out


_ARTICLES = frozenset("the les le la des".split())
# An assembly's members named by their assembly: the assembly says who, not what about.
# "the doyen d'âge presiding the sitting", « le député qui présidait la séance »: the speaker
# designated by chairing, who, not what about.
_PRESIDING = re.compile(
    r"\b(?:(?:who|qui)\s+(?:was\s+|is\s+)?)?(?:presid(?:ing|ed|es)|chair(?:ing|ed|s)|présid(?:ait|ant|e|a))\s+"
    r"(?:over\s+)?(?:the\s+|this\s+|that\s+|la\s+|le\s+|l['’]\s*|les\s+|cette\s+|ce\s+)?"
    r"(?:sitting|session|meeting|hearing|debate|house|séance|réunion|débats?|audience|chambre|assemblée)\b",
    re.I,
)
_MEMBERS_OF = re.compile(
    r"\b(membres?|members?|d[ée]put[ée]e?s?|s[ée]nat(?:eur|rice)s?|senators?|conseill[eè]re?s?|councill?ors?|elus?|élus?)\s+"
    r"(?:de\s+l['’]\s*|du\s+|de\s+la\s+|of\s+(?:the\s+)?)(?:Assembl[ée]e|Chambre|S[ée]nat|House|Senate|Parliament|"
    r"Parlement|Conseil|Council|Assembly)\b",
    re.I,
)


def _other_first_name(word: str, name_terms: set[str]) -> bool:
    """Whether `word`, just before a speaker's name part, is another person's first name: a
    capitalised word that is not theirs, a title or a role ("Mayor Hourigan")."""
    f = fold(word)
    return (
        word[:1].isupper()
        and len(f) > 2
        and f not in name_terms
        and not any(_char_similarity(f, t) >= 0.6 for t in name_terms)  # "Karine" for "Carine" (speech-to-text)
        and f not in QUESTION_WORDS
        and f not in _STOP  # "Did McConaughey talk…": the question's first word
        and strip_honorific(f"{word} X") != "X"  # not an honorific ("Mr", "Mme")
        and not role_mentions(word)
        and not french_only(word)  # « du Congrès McConaughey »: a common noun, capitalised
    )


def _titled_other(after: str, complements: Sequence[str], holders: Sequence[_Speaker]) -> bool:
    """Whether the word right after a role noun (`after`: the folded text that follows it) is a
    capitalised complement no holder is named by: « le professeur Heymann » is Heymann."""
    word = re.match(r"\s+([\w'-]+)", after)
    return (
        word is not None
        and any(fold(c) == word.group(1) and c[:1].isupper() for c in complements)
        and not any(word.group(1) in p.name_terms for p in holders)
    )


@lru_cache(maxsize=1 << 14)
def _office_words(label: str) -> frozenset[str]:
    """The folded words of a label that its role nouns are made of ("president" in « M. le président »)."""
    return frozenset(w for m in role_mentions(label) for w in m.form.split())


def _name_words(name: str) -> frozenset[str]:
    """The folded words of a name (typographic apostrophes straightened: "O’Connor");
    remembered, as many rows share names."""
    return frozenset(fold(w) for w in re.findall(r"[\w'-]+", _APOS.sub("'", strip_honorific(name))) if len(w) > 2)


_SAYING = re.compile(rf"(?:{_SAY_EN}|{_SAY_FR})", re.I)


# A verb in a question: an inversion, an auxiliary, a participle ("Et dans quels États ?" has none).
_VERB_MARK = re.compile(
    r"-t-|\b(?:a|ont|est|sont|était|avait|did|does|do|is|was|were|are|has|have|had|will|would)\b|"
    # a subject pronoun and the word after it: « Et elle fait quoi comme métier ? » has a verb
    r"\b(?:il|elle|ils|elles|he|she)\s+(?!(?:in|on|at|of|about|for|en|à|au|aux|sur|de|du|des|pour|dans)\b)[a-zà-ÿ]{2,}|"
    r"\b[a-zà-ÿ]{3,}(?:é|ée|és|ées|ed)\b|"
    rf"\b(?:{_SAY_EN}|{_SAY_FR})\b",
    re.I,
)


def _is_verb_like(word: str) -> bool:
    if _SAYING.fullmatch(word):
        return True  # "the IFP member urge(s) ...": a verb of saying ends the role phrase
    if len(word) >= 8 and re.search(r"ements?$", word):
        return False  # « gouvernement », « département »: nouns (« sèment » is short)
    return bool(re.search(r"(?:ait|aient|ent|ez|ons|er|ir|ed|ing|s)$", word)) and len(word) > 5


def _asks_which_people(text: str) -> bool:
    """Whether the question asks which people ("Quels députés… ?", "Which senators… ?",
    « Parmi les intervenants, lesquels… ? », "Did any speaker mention…?")."""
    if PEOPLE_DEALT_WITH.search(text):
        return False  # "Which senators did she meet with?": whom she met, named in her words
    if _ANY_OF_THEM.search(text):
        return True
    # « Parmi les colistiers qui se présentent, lesquels… ? », "Among the councillors, who…?":
    # among people (a role, or a noun shaped as one), which of them.
    among = _AMONG_WHICH.search(text)
    if among is not None:
        noun = fold(among.group(1))
        if noun in _PEOPLE or _PERSON_PLURAL.search(noun) or any(r.plural for r in role_mentions(among.group(1))):
            return True
    # A fronted adverbial may come first: "Before the vote, which members…?", « Lors du débat, quels… ».
    m = re.match(r"^\s*(?:[^,?;]{1,120},\s*)?(?:et\s+|and\s+)?(?:quel(?:le)?s|which|what)\s+([\w'-]+)", text, re.I)
    if m is not None and fold(m.group(1)) in _PEOPLE:
        return True
    return m is not None and any(r.plural and r.start == 0 for r in role_mentions(m.group(1)))


_AMONG_WHICH = re.compile(
    r"\b(?:parmis?|among)\s+(?:les\s+|the\s+|ces\s+|these\s+)?([\w'-]+)[^?]*?\b(?:lesquel(?:le)?s|which\s+of\s+them|who)\b",
    re.I,
)
# Plural nouns shaped as people's: « colistiers », « conseillères », « militants », "councillors".
_PERSON_PLURAL = re.compile(r"(?:iers|ieres|istes|ants|antes|eurs|euses|ists|ians|ors|ees)$")
_ANY_OF_THEM = re.compile(
    r"\b(?:parmis?|among)\s+(?:les\s+|the\s+)?(?:intervenants|orateurs|participants|speakers|panel+ists|witnesses)"
    r"\s*,?\s*(?:lesquel(?:le)?s?|qui|which|who)\b|"
    r"\b(?:did|has|have|do|does)\s+any\s+(?:of\s+the\s+)?(?:speakers?|participants?|panel+ists?|witnesses|one)\b|"
    r"\b(?:un|une|l['’]un|l['’]une)\s+des\s+intervenant(?:e)?s\s+a-t-(?:il|elle)\b|\bquelqu['’]un\s+a-t-il\b",
    re.I,
)
# Plural words for the people of a document that are no role: "Quels intervenants… ?"
_PEOPLE = frozenset(
    "intervenants orateurs participants personnes membres speakers participants panelists panellists people "
    "members witnesses temoins".split()
)


def _asks_when_where(text: str) -> bool:
    """A question about when, where, or by whom something took place."""
    return bool(
        re.search(
            r"\b(?:quand|o[ùu]|quel(?:le)?\s+(?:date|jour|lieu|salle|ville|titre|intitul[ée])|when|where|what\s+(?:date|day|room|place|title)|"
            r"which\s+(?:date|day|room|place|organi[sz]ation)|organis|organiz|held|tenu|lieu|title|titre|intitul)",
            text,
            re.I,
        )
    )


# Names after their titles: « MM. Daïf et Smits », « Mme Caron », "Messrs. Smith and Jones".
_HONOURED_NAMES = re.compile(
    r"(?<!\w)(?:MM|Mmes|Mme|Mlle|M|Messrs|Mr|Mrs|Ms|Dr)\.?\s+"
    r"(?P<names>[A-ZÀ-Ý][\w'’-]+(?:\s+[A-ZÀ-Ý][\w'’-]+)?(?:\s*(?:,|et|and)\s+[A-ZÀ-Ý][\w'’-]+(?:\s+[A-ZÀ-Ý][\w'’-]+)?)*)"
)


def _honoured_subject(text: str) -> re.Match[str] | None:
    """Names after their titles that are no object of a preposition (« à M. Dupont »)."""
    return next(
        (
            m
            for m in _HONOURED_NAMES.finditer(text)
            if not re.search(
                r"\b(?:à|au|aux|de|du|des|d|avec|par|pour|sur|to|with|by|of|for|about|on)\W*$", text[: m.start()], re.I
            )
        ),
        None,
    )


def _is_name(subj: str) -> bool:
    """A subject made of a person's name alone (two to four capitalised words, after any
    honorific or role words): "Andy Scott", "le solliciteur général Andy Scott"."""
    words = re.findall(r"[\w'’.-]+", strip_honorific(subj))
    caps = [w for w in words if w[:1].isupper() and fold(w) not in _NOT_NAMES]
    tail = words[-len(caps) :] if caps else []
    if not 2 <= len(caps) <= 4 or tail != caps:
        return False
    # "of the Nicosia Initiative" completes a role; "général Andy Scott" is a title and a name.
    before = fold(words[-len(caps) - 1]) if len(words) > len(caps) else ""
    return before not in _TAIL_STOP


# What a number question counts: the noun after "how many", « combien de », "the number of"…
_COUNT_OF = re.compile(
    r"\b(?:how\s+many|combien\s+(?:de|d['’])|(?:the\s+)?number\s+of|(?:le\s+)?nombre\s+(?:de|d['’]|des)|"
    r"percentage\s+of|pourcentage\s+(?:de|d['’]|des))\s*((?:[\w-]+\W+){1,5})",
    re.I,
)
_POSSESSIVE = re.compile(r"['’]s?$")
_ATTENDANCE = frozenset("turnout attendance audience crowd affluence frequentation participation".split())
# What "how many" counts is a plural noun ("books", "people"); a verb after it ("how many
# survive") counts the noun said before.
_ENGLISH_PLURAL = re.compile(
    r"(?:s|people|children|men|women|staff|police|personnel|sheep|fish|data|media|criteria|alumni|feet|teeth|mice|geese)$",
    re.I,
)
# Words for the people taking part, which elsewhere only say how a question is put ("Which
# participants…"), counted ("How many participants…") name what the figure must count.
_PEOPLE_ASKED = frozenset(
    fold(w)
    for w in "participants intervenants orateurs speakers panelists panellists witnesses témoins attendees".split()
)
# ... unless it is people or times, which any figure may be: then what befell them, if asked.
_ANY_COUNT = frozenset(
    fold(w) for w in "people persons individuals personnes gens individus times fois more plus temps time".split()
)
_PEOPLE_WORDS = frozenset("people persons individuals personnes gens individus".split())
# Verbs of being there: how many people came is a count of those present.
_ATTENDED = re.compile(
    r"\b(?:turn(?:ed)?\s+up|show(?:ed)?\s+up|attend(?:ed|ing)?|came|were\s+(?:there|present)|"
    r"venu(?:e|es|s)?|pr[ée]sent(?:e|es|s)?|assist[ée](?:e|es|s)?|a\s+assist[ée]|ont\s+assist[ée])\b",
    re.I,
)
# ... and a time unit ("how many years", « combien d'années »): « 23 ans » counts years.
_TIME_UNITS = frozenset(
    fold(w)
    for w in "ans années annees mois jours semaines heures minutes décennies siècles years months days weeks "
    "hours minutes decades centuries".split()
)
_TOLL = re.compile(
    r"^(?:killed|dead|deaths?|died|casualt\w+|wounded|injur\w+|victims?|morts?|tu[ée]e?s|d[ée]c[èe]s|"
    r"d[ée]c[ée]d[ée]e?s|bless[ée]e?s|victimes?)$",
    re.I,
)


# What a sum is of: « quel montant d'indemnisation », "the amount of compensation", "how much
# funding": a figure far from it is some other sum.
_SUM_OF = re.compile(
    r"\b(?:montant|somme|co[ûu]t|prix)\s+(?:de\s+l['’]\s*|des?\s+|du\s+|d['’]\s*)([\w-]+)|"
    r"\b(?:amount|sum|cost|price)\s+of\s+(?:the\s+)?([\w-]+)|"
    # ("how much came in": a verb, not what the sum is of)
    # ("how much compensation per farmer did…": the sum is of compensation, whatever its unit)
    r"\bhow\s+much\s+([\w-]+)(?=(?:\s+(?:per|a|each)\s+[\w-]+)?\s+(?:did|does|do|was|were|is|are|has|have|had|will|"
    r"would|could|can)\b)",
    re.I,
)


_MONEY_WORDS = frozenset("money argent euros dollars francs livres pounds cash fonds".split())


def _paid(text: str, topic: Sequence[str]) -> tuple[str, ...]:
    """The topic word naming what a sum asked for is of (see `Query.counted`)."""
    words = {fold(w): w for w in topic}
    out = []
    for m in _SUM_OF.finditer(text):
        w = fold(next(g for g in m.groups() if g))
        if w in words and w not in _MONEY_WORDS:
            out.append(words[w])
    return tuple(dict.fromkeys(out))


def _counted(text: str, topic: Sequence[str]) -> tuple[str, ...]:
    """The topic words naming what a number question counts (see `Query.counted`)."""
    words = {fold(w): w for w in topic}
    out: list[str] = []
    people = bool(re.search(r"\btoll\b", text, re.I))
    # "the turnout", "the audience size": how many came is what a figure must count.
    out += [w for f, w in words.items() if f in _ATTENDANCE]
    for m in _COUNT_OF.finditer(text):
        english = m.group(0)[:3].lower() == "how"
        tokens = re.findall(r"[\w-]+(?:['’]s?)?", m.group(1))
        found = tokens[:3]
        first = next((i for i, w in enumerate(tokens) if w.lower() not in ENGLISH_STOP | FRENCH_STOP), None)
        if english and first is not None and _POSSESSIVE.search(tokens[first]):
            # "how many of the parties' 120 recommendations": what is counted is after the
            # possessive (and the figure the question states)
            found = [w for w in tokens[first + 1 :] if not w.isdigit()][:2]
        found = [_POSSESSIVE.sub("", w) for w in found]
        run: list[str] = []
        for w in found:
            if w.lower() in ENGLISH_STOP or w.lower() in FRENCH_STOP:
                if run:
                    break
                continue
            run.append(w)
            if not english:
                break  # « combien de policiers de la GRC »: the noun counted comes first
        # "how many RCMP officers", "how many merchant navy veterans": English puts the noun
        # counted last in its compound.
        plural = [w for w in run if _ENGLISH_PLURAL.search(w)] if english else run
        if not plural:
            continue  # "…and how many survive today": a verb, the thing counted is said before
        if any(fold(x) in _ANY_COUNT for x in run):
            people = True
            # "How many people turned up?": those present, which « 500 rencontres » does not count
            out += [x for x in run if fold(x) in _PEOPLE_WORDS][:1] if _ATTENDED.search(text) else []
            continue
        # the compound's common nouns ("police officers": a figure with « policiers » counts them)
        compound = run[: run.index(plural[-1]) + 1]
        for w in [x for x in compound if not x[:1].isupper()] or [plural[-1]]:
            if fold(w) in words:
                out.append(words[fold(w)])
            elif fold(w) in _PEOPLE_ASKED or (
                w == plural[-1]
                and w.isalpha()
                and len(w) > 3
                and (_ENGLISH_PLURAL.search(w) is not None or w.endswith("x"))
                and fold(w) not in _TIME_UNITS
                and not w[:1].isupper()
                and fold(w) not in DOCUMENT_WORDS | _PART_WORDS | _LATER_WORDS | REACTION_WORDS | QUESTION_WORDS
            ):
                # what is counted, even when it says whose role it is ("how many municipalities
                # are in the federation he chairs")
                out.append(w)
    if people:  # "how many people were killed", "the death toll": the dead, the wounded
        out += [w for w in topic if _TOLL.match(w)]
    return tuple(dict.fromkeys(out))


# What a role's complement may name without singling anyone out: « le maire de la ville ».
_PLACE_NOUNS = frozenset(
    fold(w) for w in "ville villes city town commune municipalité pays country région region département county".split()
)


def _owned_otherwise(p: _Speaker, canonical: str, noun: str, translate: Callable[[str], Sequence[str]]) -> bool:
    """Whether every stated role of `p` holding the noun says whose it is, and none names `noun`
    (in any spelling or translation): "Counsel to the Inquiry" for « l'avocat des familles »."""
    owned = [
        fold(r)[m.end :]
        for r in p.roles
        for m in role_mentions(r)
        if m.canonical == canonical and re.match(r"\s+(?:of|to|for|de|du|des|d'|à|au|aux)\b", fold(r)[m.end :])
    ]
    if not owned or len(owned) < sum(m.canonical == canonical for r in p.roles for m in role_mentions(r)):
        return False
    forms = [fold(noun), *(fold(t) for t in translate(noun))]
    return not any(similar(f, w) for tail in owned for w in re.findall(r"[\w-]+", tail) for f in forms)


def _second_holder(role: str, canonical: str) -> bool:
    """Whether a stated role holds the noun as a second holder ("co-présentateur", "vice-chair")."""
    return any(m.canonical == canonical and SECOND_HOLDER.search(m.form) for m in role_mentions(role))


def _looks_like_person(subj: str) -> bool:
    """A subject slot that names someone: an honorific, a capitalised word, a role noun."""
    if role_mentions(subj):
        return True
    s = strip_honorific(subj)
    if s != subj.strip():
        return True
    words = re.findall(r"[\w'’-]+", s)
    caps = [w for w in words if w[:1].isupper() and fold(w) not in _NOT_NAMES]
    return bool(caps) and len(words) <= 5


def _refers_back(text: str, analyzer: QueryAnalyzer, part: str | None) -> bool:
    """A question that leans on the conversation: a pronoun, a continuation, an ellipsis."""
    if PRONOUN.search(text) or CONTINUATION.search(text):
        return True
    # An ellipsis ("Pourquoi ?", "Lebanon?"); a question with a topic of its own stands alone.
    return part is None and len(content_words(text)) <= 1


def _char_similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    ta, tb = _plain_trigrams(a), _plain_trigrams(b)
    return len(ta & tb) / len(ta | tb)
