"""The ontology parses and defines, with a label and a comment, every npco: term in use."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef

ROOT = Path(__file__).resolve().parent.parent
NPCO = Namespace("https://w3id.org/npcgraph/ontology#")
ONTOLOGY = URIRef("https://w3id.org/npcgraph/ontology")
DCTERMS = Namespace("http://purl.org/dc/terms/")
VANN = Namespace("http://purl.org/vocab/vann/")
SCHEMA = Namespace("http://schema.org/")
OPENGOV = Namespace("http://www.w3.org/ns/opengov#")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")

BRIEF_TERMS_TEXT = """
WikidataLink linkSubject linkTarget matchScore runnerUpScore matchMethod evidence repair
approvalRateMismatch computedApprovalRate totalVotes agendaOrder listOrder previousSessionYear
nextSessionYear previousSession nextSession ofCongress infoboxKey reportedIn electedAt sourceText
indicator indicatorText measure statisticKind qualifier session person personOffice presentedBy
presenterOffice resigningPerson resignsFrom fileName line column tableRow sectionPath status year
congress sessionNumber candidate office election statedApprovalRate Session ResolutionVote
ElectionBallot Election Statistic Event Death ResignationMotion Congress SourceArticle
SourceLocation Outcome Target Level Change Share
"""
BRIEF_TERMS = BRIEF_TERMS_TEXT.split()


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ROOT / "ontology" / "npcgraph.ttl", format="turtle")


def npco_terms(text: str) -> set[str]:
    return set(re.findall(r"npco:([A-Za-z][A-Za-z0-9]*)", text))


def test_ontology_header(ontology: Graph) -> None:
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY, OWL.versionInfo) == Literal("0.1.0")
    assert ontology.value(ONTOLOGY, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert ontology.value(ONTOLOGY, DCTERMS.title).language == "en"
    assert ontology.value(ONTOLOGY, DCTERMS.description).language == "en"
    assert str(ontology.value(ONTOLOGY, VANN.preferredNamespacePrefix)) == "npco"
    assert str(ontology.value(ONTOLOGY, VANN.preferredNamespaceUri)) == str(NPCO)


def test_model_and_shapes_use_only_defined_terms(ontology: Graph) -> None:
    used = npco_terms((ROOT / "docs" / "model.md").read_text(encoding="utf-8"))
    used |= npco_terms((ROOT / "shapes" / "npcgraph.ttl").read_text(encoding="utf-8"))
    used |= set(BRIEF_TERMS)
    assert len(used) > 60
    undefined = sorted(name for name in used if (NPCO[name], RDF.type, None) not in ontology)
    assert undefined == []


def test_every_term_has_english_label_comment_and_defined_by(ontology: Graph) -> None:
    terms = {s for s in ontology.subjects(RDF.type, None) if str(s).startswith(str(NPCO))}
    assert len(terms) >= 65
    for term in terms:
        labels = list(ontology.objects(term, RDFS.label))
        comments = list(ontology.objects(term, RDFS.comment))
        assert [label.language for label in labels] == ["en"], term
        assert [comment.language for comment in comments] == ["en"], term
        assert ontology.value(term, RDFS.isDefinedBy) == ONTOLOGY, term


def test_properties_are_typed(ontology: Graph) -> None:
    for name in ("statedApprovalRate", "totalVotes", "line", "fileName", "matchScore"):
        assert (NPCO[name], RDF.type, OWL.DatatypeProperty) in ontology, name
    for name in ("candidate", "office", "reportedIn", "linkSubject", "presentedBy"):
        assert (NPCO[name], RDF.type, OWL.ObjectProperty) in ontology, name
    assert ontology.value(NPCO.statedApprovalRate, RDFS.range) == URIRef(
        "http://www.w3.org/2001/XMLSchema#decimal"
    )


@pytest.mark.parametrize(
    ("child", "parent"),
    [
        (NPCO.Session, SCHEMA.Event),
        (NPCO.ResolutionVote, OPENGOV.VoteEvent),
        (NPCO.ElectionBallot, OPENGOV.VoteEvent),
        (NPCO.Election, SCHEMA.Event),
        (NPCO.Event, SCHEMA.Event),
        (NPCO.Death, NPCO.Event),
        (NPCO.ResignationMotion, OPENGOV.Motion),
        (NPCO.Congress, ORG.Organization),
        (NPCO.SourceArticle, PROV.Entity),
        (NPCO.SourceLocation, PROV.Entity),
    ],
)
def test_subclass_axioms(ontology: Graph, child: URIRef, parent: URIRef) -> None:
    assert (child, RDFS.subClassOf, parent) in ontology
    assert (child, RDF.type, OWL.Class) in ontology


def test_statistic_individuals(ontology: Graph) -> None:
    assert set(ontology.subjects(RDF.type, NPCO.StatisticKind)) == {NPCO.Outcome, NPCO.Target}
    assert set(ontology.subjects(RDF.type, NPCO.Measure)) == {NPCO.Level, NPCO.Change, NPCO.Share}
