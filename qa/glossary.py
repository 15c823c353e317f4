"""A small English -> French glossary of the domain, for English questions about French text.

The lexical index and the extractive answerer match words; an English question shares few
with French proceedings. Adding the French terms of a question's English words (query
expansion) lets both work across languages. Keys and values are accent-folded, lower case.
"""

from __future__ import annotations

from collections.abc import Iterable

EN_FR: dict[str, tuple[str, ...]] = {
    "mayor": ("maire",), "mayors": ("maires",), "city": ("ville",), "cities": ("villes",),
    "town": ("ville", "commune"), "municipality": ("municipalite", "commune"),
    "municipalities": ("municipalites",), "ambassador": ("ambassadrice", "ambassadeur"),
    "embassy": ("ambassade",), "president": ("president", "presidente"), "chair": ("president",),
    "former": ("ancien", "ancienne"), "minister": ("ministre",), "ministry": ("ministere",),
    "foreign": ("etrangeres",), "affairs": ("affaires",), "secretary": ("secretaire",),
    "state": ("etat",), "member": ("membre",), "parliament": ("depute", "assemblee"),
    "mp": ("depute",), "deputy": ("depute",), "director": ("directeur", "directrice"),
    "head": ("president", "directeur", "chef"), "researcher": ("chercheur", "responsable", "programme"),
    "research": ("recherche",), "lecturer": ("maitre", "conferences"), "professor": ("professeur",),
    "university": ("universite",), "coordinator": ("coordinatrice", "coordinateur"),
    "moderator": ("animateur", "animatrice"), "anime": ("animateur", "animatrice"),
    "animee": ("animateur", "animatrice"), "modere": ("animateur", "animatrice"), "moderated": ("animateur", "animatrice"),
    "observer": ("observateurs",), "observers": ("observateurs",), "witness": ("temoin",),
    "keynote": ("grand", "temoin"), "council": ("conseil",), "departmental": ("departemental",),
    "department": ("departement", "departemental"), "region": ("region",), "regions": ("regions",),
    "local": ("locales", "locaux", "local"), "authorities": ("collectivites",),
    "authority": ("collectivite", "autorite"), "government": ("gouvernement",),
    "governments": ("gouvernements",), "diplomacy": ("diplomatie",), "diplomatic": ("diplomatique",),
    "territorial": ("territoriale", "territoires"), "territories": ("territoires",),
    "cooperation": ("cooperation",), "decentralised": ("decentralisee",), "decentralized": ("decentralisee",),
    "decentralization": ("decentralisation",), "crisis": ("crise",), "crises": ("crises",),
    "war": ("guerre",), "wars": ("guerres",), "peace": ("paix",), "conflict": ("conflit",),
    "refugees": ("refugies",), "refugee": ("refugies",), "humanitarian": ("humanitaire", "humanitaires"),
    "aid": ("aide",), "help": ("aide",), "solidarity": ("solidarite",), "democracy": ("democratie",),
    "democratic": ("democratique", "democratiques"), "elections": ("elections",),
    "climate": ("climat", "climatique"), "change": ("changement",), "environment": ("environnement",),
    "ecological": ("ecologique",), "health": ("sante",), "pandemic": ("pandemie", "covid"),
    "economy": ("economie",), "economic": ("economique",), "bank": ("bancaire",), "banking": ("bancaire",),
    "currency": ("monnaie",), "explosion": ("explosion",), "port": ("port",), "twinning": ("jumelage",),
    "twinned": ("jumelage",), "partnership": ("partenariat",), "partnerships": ("partenariats",),
    "network": ("reseau",), "networks": ("reseaux",), "law": ("loi",), "legal": ("juridique",),
    "recognition": ("reconnaissance",), "recognise": ("reconnaitre",), "recognize": ("reconnaitre",),
    "role": ("role",), "place": ("place",), "world": ("monde",), "global": ("mondial", "globaux"),
    "international": ("internationale", "international"), "action": ("action",),
    "external": ("exterieure",), "citizens": ("citoyens",), "civil": ("civile",), "society": ("societe",),
    "youth": ("jeunes",), "young": ("jeunes",), "people": ("population", "populations"),
    "population": ("population",), "human": ("humaine",), "rights": ("droits",), "dignity": ("dignite",),
    "values": ("valeurs",), "challenges": ("defis",), "challenge": ("defi",), "century": ("siecle",),
    "future": ("avenir",), "prospects": ("perspectives",), "lessons": ("retenir",),
    "points": ("points",), "key": ("majeurs",), "academic": ("universitaire",),
    "ukraine": ("ukraine", "ukrainiennes"), "ukrainian": ("ukrainiennes", "ukraine"),
    "lebanon": ("liban",), "lebanese": ("libanaises", "libanaises"), "libya": ("libye",),
    "libyan": ("libyennes", "libyen"), "armenia": ("armenie",), "armenian": ("armenie",),
    "tunisia": ("tunisie",), "tunisian": ("tunisien", "tunisienne"), "palestinian": ("palestinienne",),
    "palestine": ("palestinienne",), "russia": ("russie",), "germany": ("allemande",), "german": ("allemande",),
    "european": ("europeenne", "europeennes"), "europe": ("europe",), "union": ("union",),
    "africa": ("afrique", "africaines"), "african": ("africaines",), "france": ("france",),
    "french": ("france", "francaise", "francaises"), "nobel": ("nobel",), "prize": ("prix",),
    "quartet": ("quatuor",), "lawyers": ("avocats",), "bar": ("ordre",), "session": ("session",),
    "sessions": ("session",), "opening": ("ouverture",), "closing": ("conclusions", "cloture"),
    "conclusions": ("conclusions",), "lunch": ("dejeuner",), "break": ("pause",), "welcome": ("accueil",),
    "room": ("salle",), "venue": ("salle",), "held": ("salle",), "date": ("juillet",),
    "debate": ("debat",), "audience": ("salle",), "speakers": ("intervenants",),
    "colloquium": ("colloque",), "conference": ("colloque",), "organised": ("organise",),
    "organized": ("organise",), "national": ("nationale", "national"), "assembly": ("assemblee",),
    "neocolonialism": ("neocolonialisme",), "imperialism": ("imperialisme",), "authoritarian": ("autoritaires",),
    "regimes": ("regimes",), "terrorism": ("terrorisme",), "globalisation": ("mondialisation",),
    "globalization": ("mondialisation",), "happy": ("heureuse",), "dictatorship": ("dictature",),
    "initiative": ("initiative",), "skills": ("competences",), "services": ("services",),
    "essential": ("essentiels",), "funding": ("financement", "moyens"), "means": ("moyens",),
    "resources": ("ressources",), "pioneer": ("pionniere",), "diaspora": ("diasporas",),
    "diasporas": ("diasporas",), "advocacy": ("plaidoyer",), "multilateral": ("multilateral",),
    "multilevel": ("multiniveaux",), "romantic": ("romantique",), "vision": ("vision",),
    "visions": ("visions",), "geopolitics": ("geopolitique",), "geopolitical": ("geopolitiques",),
    "sentinels": ("sentinelles",), "republic": ("republique",), "smaller": ("petit",), "small": ("petit", "petite"),
    "scale": ("echelle",), "efficient": ("efficace",), "effective": ("efficace",), "mistake": ("erreur",),
    "error": ("erreur",), "permanent": ("permanente",), "year": ("an",), "per": ("par",),
    "average": ("moyenne",), "million": ("millions",), "millions": ("millions",), "inhabitants": ("habitants",),
    "civil war": ("guerre civile",), "migrants": ("migrants",), "migration": ("migrations",),
}


def expand_terms(words: Iterable[str]) -> set[str]:
    """French terms for the English words given (folded); words without an entry give none."""
    out: set[str] = set()
    for w in words:
        out.update(EN_FR.get(w, ()))
    return out


def expand_query(question: str, words: Iterable[str]) -> str:
    """The question followed by the French terms of its English words."""
    extra = sorted(expand_terms(words))
    return f"{question} {' '.join(extra)}" if extra else question
