"""RDF terms as N-Triples text: the light form triples take between extraction and writers.

An article gives about a thousand triples; building them as strings instead of library objects
makes extraction several times faster, lets worker processes hand them back cheaply, and every
writer and parser reads them directly (N-Triples is a subset of Turtle, TriG and N-Quads).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from npcgraph.vocab import (
    DCTERMS,
    FOAF,
    ID,
    NPCO,
    OPENGOV,
    ORG,
    OWL,
    PERSON,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    XSD,
)

Term = str
"""An IRI `<...>` or a literal `"..."`, `"..."@en`, `"..."^^<...>`, in N-Triples syntax."""

Triple = tuple[Term, Term, Term]

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


class TermNamespace:
    """`npco.Session` -> `<https://w3id.org/npcgraph/ontology#Session>`."""

    def __init__(self, base: str) -> None:
        self._base = base

    def __getattr__(self, name: str) -> Term:
        if name.startswith("__"):
            raise AttributeError(name)
        term = f"<{self._base}{name}>"
        setattr(self, name, term)
        return term

    def term(self, name: str) -> Term:
        return f"<{self._base}{name}>"


npco = TermNamespace(NPCO)
opengov = TermNamespace(OPENGOV)
org = TermNamespace(ORG)
person = TermNamespace(PERSON)
schema = TermNamespace(SCHEMA)
foaf = TermNamespace(FOAF)
skos = TermNamespace(SKOS)
dcterms = TermNamespace(DCTERMS)
prov = TermNamespace(PROV)
owl = TermNamespace(OWL)
rdf = TermNamespace(RDF)
rdfs = TermNamespace(RDFS)

_INTEGER = f"<{XSD}integer>"
_DECIMAL = f"<{XSD}decimal>"
_DATE = f"<{XSD}date>"
_GYEAR = f"<{XSD}gYear>"
_BOOLEAN = f"<{XSD}boolean>"


def iri(path: str) -> Term:
    """A data IRI under https://w3id.org/npcgraph/id/."""
    return f"<{ID}{path}>"


def quoted(text: str) -> str:
    return '"' + text.translate(_ESCAPES) + '"'


def plain(text: str) -> Term:
    return quoted(text)


def tagged(text: str, language: str) -> Term:
    return f"{quoted(text)}@{language}"


def english(text: str) -> Term:
    return f"{quoted(text)}@en"


def integer(value: int) -> Term:
    return f'"{value}"^^{_INTEGER}'


def decimal(value: Decimal) -> Term:
    text = format(value, "f")
    if "." not in text:
        text += ".0"
    return f'"{text}"^^{_DECIMAL}'


def date(value: dt.date) -> Term:
    return f'"{value.isoformat()}"^^{_DATE}'


def year(value: int) -> Term:
    return f'"{value:04d}"^^{_GYEAR}'


def ntriples(triples: Iterable[Triple]) -> str:
    """Triples as N-Triples lines."""
    return "".join(f"{s} {p} {o} .\n" for s, p, o in triples)


def nquads(graph: Term, triples: Iterable[Triple]) -> str:
    """Triples as N-Quads lines in `graph`."""
    return "".join(f"{s} {p} {o} {graph} .\n" for s, p, o in triples)


def boolean(value: bool) -> Term:
    return f'"{"true" if value else "false"}"^^{_BOOLEAN}'
