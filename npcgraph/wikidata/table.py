"""Reviewed Wikidata identifiers for the posts and bodies npcgraph writes.

Every QID here is a fact from Wikidata (CC0). They were read from the Wikidata export in
`../shared/wikidata/officeholders.ttl` (every-politician-scrapers/china-ministers, 2022-07-23),
whose position and body items carry these English labels, and checked against the item labels
on wikidata.org. Posts and bodies missing here are looked up by exact label at link time.
"""

from __future__ import annotations

WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"

HUMAN = "Q5"
DISAMBIGUATION_PAGE = "Q4167410"
NPC_MEMBER = "Q10891456"

# Post label (our skos:prefLabel, compared after `normalise_label`) -> Wikidata position item.
POSITIONS: dict[str, str] = {
    "President of the People's Republic of China": "Q655407",
    "Vice President of the People's Republic of China": "Q553169",
    "Premier of the State Council of the People's Republic of China": "Q4122271",
    "Vice Premier of the State Council of the People's Republic of China": "Q508368",
    "State Councilor of the People's Republic of China": "Q835630",
    "Secretary-General of the State Council": "Q7143813",
    "General Secretary of the Chinese Communist Party": "Q849418",
    "President of the Supreme People's Court": "Q10301264",
    "President of the Supreme People's Court of China": "Q10301264",
    "Vice Chairman of the Standing Committee of the National People's Congress": "Q4195418",
    "Vice Chairperson of the Standing Committee of the National People's Congress": "Q4195418",
    "Member of the National People's Congress": NPC_MEMBER,
    "Deputy to the National People's Congress": NPC_MEMBER,
}

# Our body / congress IRI path (after the id: namespace) -> Wikidata item.
BODIES: dict[str, str] = {
    "body/npc": "Q19211",  # National People's Congress
    "body/prc": "Q148",  # People's Republic of China
    "congress/12": "Q247766",  # 12th National People's Congress
}

# NPC term number -> Wikidata item of that term (the value of pq:P2937 on NPC membership).
CONGRESS_TERMS: dict[int, str] = {12: "Q247766"}


def normalise_label(label: str) -> str:
    """Compare labels without case, curly apostrophes or repeated spaces."""
    text = label.replace("\u2019", "'").replace("\u200e", "").strip().casefold()
    return " ".join(text.split())


_POSITIONS_NORMALISED = {normalise_label(key): qid for key, qid in POSITIONS.items()}


def position_for_label(label: str) -> str | None:
    """The reviewed Wikidata position for one of our post labels, if there is one."""
    return _POSITIONS_NORMALISED.get(normalise_label(label))
