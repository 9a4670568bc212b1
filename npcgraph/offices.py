"""The offices and bodies articles name, and the many ways they name them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from npcgraph.records import Post


@dataclass(frozen=True)
class Body:
    key: str
    label: str
    parent: str | None = None


BODIES: dict[str, Body] = {
    body.key: body
    for body in (
        Body("npc", "National People's Congress"),
        Body("npcsc", "Standing Committee of the National People's Congress", "npc"),
        Body("prc", "People's Republic of China"),
        Body("state-council", "State Council of the People's Republic of China"),
        Body("cmc", "Central Military Commission"),
        Body("spc", "Supreme People's Court"),
        Body("spp", "Supreme People's Procuratorate"),
    )
}

PRESIDENT = Post("President of the People's Republic of China", "prc")
VICE_PRESIDENT = Post("Vice President of the People's Republic of China", "prc")
PREMIER = Post("Premier of the State Council of the People's Republic of China", "state-council")
VICE_PREMIER = Post("Vice Premier of the State Council of the People's Republic of China",
                    "state-council")  # fmt: skip
STATE_COUNCILOR = Post("State Councilor of the People's Republic of China", "state-council")
NPCSC_CHAIRMAN = Post("Chairman of the Standing Committee of the National People's Congress",
                      "npcsc")  # fmt: skip
NPCSC_VICE_CHAIRMAN = Post(
    "Vice Chairman of the Standing Committee of the National People's Congress", "npcsc"
)
NPCSC_SECRETARY_GENERAL = Post(
    "Secretary-General of the Standing Committee of the National People's Congress", "npcsc"
)
CMC_CHAIRMAN = Post("Chairman of the Central Military Commission", "cmc")
CMC_VICE_CHAIRMAN = Post("Vice Chairman of the Central Military Commission", "cmc")
SPC_PRESIDENT = Post("President of the Supreme People's Court", "spc")
PROCURATOR_GENERAL = Post("Procurator-General of the Supreme People's Procuratorate", "spp")

INFOBOX_POSTS: dict[str, Post] = {
    "pz": PRESIDENT,
    "pm": PREMIER,
    "ch": NPCSC_CHAIRMAN,
    "vp": VICE_PRESIDENT,
}
"""Infobox keys: `Pz` President, `Pm` Premier, `Ch` NPCSC Chairman; `e` suffix: elected here."""

_ALIASES: dict[str, Post] = {
    "president": PRESIDENT,
    "presidential": PRESIDENT,
    "president of china": PRESIDENT,
    "state president": PRESIDENT,
    "vice president": VICE_PRESIDENT,
    "vice presidential": VICE_PRESIDENT,
    "premier": PREMIER,
    "premierial": PREMIER,
    "premiership": PREMIER,
    "vice premier": VICE_PREMIER,
    "state councilor": STATE_COUNCILOR,
    "state councillor": STATE_COUNCILOR,
    "npcsc chairman": NPCSC_CHAIRMAN,
    "chairman of the npcsc": NPCSC_CHAIRMAN,
    "npc chairman": NPCSC_CHAIRMAN,
    "npcsc vice chairman": NPCSC_VICE_CHAIRMAN,
    "npcsc vice-chairman": NPCSC_VICE_CHAIRMAN,
    "npcsc secretary-general": NPCSC_SECRETARY_GENERAL,
    "npcsc secretary general": NPCSC_SECRETARY_GENERAL,
    "cmc chairman": CMC_CHAIRMAN,
    "cmc chairmanship": CMC_CHAIRMAN,
    "chairman of the cmc": CMC_CHAIRMAN,
    "cmc vice chairman": CMC_VICE_CHAIRMAN,
    "supreme court president": SPC_PRESIDENT,
    "supreme people's court president": SPC_PRESIDENT,
    "president of the supreme people's court": SPC_PRESIDENT,
    "chief justice": SPC_PRESIDENT,
    "procurator-general": PROCURATOR_GENERAL,
    "procurator general": PROCURATOR_GENERAL,
    "prosecutor-general": PROCURATOR_GENERAL,
}
_ALIASES.update({post.label.lower(): post for post in list(_ALIASES.values())})

ROLE_WORDS: tuple[str, ...] = tuple(
    sorted({"Premier", "Chairman", "Chief Justice", "Procurator-General", "President",
            "Vice President", "Vice Premier", "State Councilor", "Secretary-General",
            "Auditor-General", "Governor"}, key=lambda word: (-len(word), word))
)  # fmt: skip
"""Titles that stand before a name in a resolution topic: `Premier Li Keqiang's ...`."""


def post_for_office(text: str) -> Post | None:
    """The post a header or bullet names: `Presidential Election`, `Vice Premiers`, ..."""
    cleaned = " ".join(text.replace("’", "'").split()).strip(" :")
    cleaned = re.sub(r"\s+(election|elections|vote)$", "", cleaned, flags=re.IGNORECASE)
    key = cleaned.lower()
    if key in _ALIASES:
        return _ALIASES[key]
    singular = re.sub(r"(?<=[a-z])s$", "", key)
    singular = re.sub(r"(?<=[a-z])s(?=\s+of\b)", "", singular)
    return _ALIASES.get(singular)


def post_for_role(role: str, context: str) -> Post | None:
    """The post of a title before a name, read with its report: `Chairman` of the NPCSC."""
    if role == "Chairman":
        if re.search(r"\bCMC\b|Central Military Commission", context):
            return CMC_CHAIRMAN
        return NPCSC_CHAIRMAN
    return post_for_office(role)


def mayor_post(city: str) -> Post:
    return Post(f"Mayor of {city}")


def post_named(label: str) -> Post:
    """A post the lexicon does not know: kept under its own name."""
    cleaned = " ".join(label.split()).strip(" :")
    cleaned = re.sub(r"\s+(election|elections)$", "", cleaned, flags=re.IGNORECASE)
    return Post(cleaned)


def body_for_name(text: str) -> str | None:
    """`the NPCSC` -> 'npcsc'."""
    key = re.sub(r"^the\s+", "", text.strip(), flags=re.IGNORECASE).lower()
    if key in {
        "npcsc",
        "standing committee",
        "standing committee of the npc",
        "standing committee of the national people's congress",
        "npc standing committee",
    }:
        return "npcsc"
    if key in {"npc", "national people's congress"}:
        return "npc"
    for body in BODIES.values():
        if body.label.lower() == key:
            return body.key
    return None
