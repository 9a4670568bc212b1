"""The IRIs npcgraph writes: the contract's namespaces and the project's own terms."""

from __future__ import annotations

from pyoxigraph import NamedNode

NPCO = "https://w3id.org/npcgraph/ontology#"
ID = "https://w3id.org/npcgraph/id/"
OPENGOV = "http://www.w3.org/ns/opengov#"
ORG = "http://www.w3.org/ns/org#"
PERSON = "http://www.w3.org/ns/person#"
SCHEMA = "http://schema.org/"
FOAF = "http://xmlns.com/foaf/0.1/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
OWL = "http://www.w3.org/2002/07/owl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
WD = "http://www.wikidata.org/entity/"

PREFIXES: dict[str, str] = {
    "npco": NPCO,
    "id": ID,
    "opengov": OPENGOV,
    "org": ORG,
    "person": PERSON,
    "schema": SCHEMA,
    "foaf": FOAF,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "wd": WD,
}

LINKS_GRAPH = NamedNode(ID + "graph/links")


def session_graph(session_key: str) -> NamedNode:
    """The named graph that holds one session's article."""
    return NamedNode(f"{ID}graph/session/{session_key}")


class Namespace:
    """Attribute access to the terms of one namespace: `Namespace(NPCO).Session`."""

    def __init__(self, base: str) -> None:
        self._base = base

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("__"):
            raise AttributeError(name)
        return NamedNode(self._base + name)

    def term(self, name: str) -> NamedNode:
        return NamedNode(self._base + name)


npco = Namespace(NPCO)
opengov = Namespace(OPENGOV)
org = Namespace(ORG)
person = Namespace(PERSON)
schema = Namespace(SCHEMA)
foaf = Namespace(FOAF)
skos = Namespace(SKOS)
dcterms = Namespace(DCTERMS)
prov = Namespace(PROV)
owl = Namespace(OWL)
rdf = Namespace(RDF)
rdfs = Namespace(RDFS)
xsd = Namespace(XSD)
