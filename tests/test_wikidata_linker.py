"""The linker against a real `oxigraph serve` loaded with the Wikidata-shaped extract."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph
import pytest
from click.testing import CliRunner

from npcgraph import vocab
from npcgraph.cli_link import link
from npcgraph.wikidata import present_link_quads
from npcgraph.wikidata.cache import LinkCache
from npcgraph.wikidata.client import SparqlClient
from npcgraph.wikidata.linker import link_graph

sys.path.insert(0, str(Path(__file__).parent))
from oxigraph_server import oxigraph_server  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
EXTRACT = REPO.parent / "shared" / "wikidata" / "officeholders.ttl"
FIXTURES = Path(__file__).parent / "fixtures" / "wikidata"
CORPUS = FIXTURES / "corpus.trig"
ID = vocab.ID

PREFIXES = """
@prefix npco: <https://w3id.org/npcgraph/ontology#> .
@prefix id: <https://w3id.org/npcgraph/id/> .
@prefix opengov: <http://www.w3.org/ns/opengov#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix person: <http://www.w3.org/ns/person#> .
@prefix schema: <http://schema.org/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

SESSION_12_2 = """
  id:session\\/12-2 a npco:Session ; npco:congress 12 ;
    schema:startDate "2014-03-05"^^xsd:date ; schema:endDate "2014-03-13"^^xsd:date .
"""

SESSION_11_5 = """
  id:session\\/11-5 a npco:Session ; npco:congress 11 ;
    schema:startDate "2012-03-05"^^xsd:date ; schema:endDate "2012-03-14"^^xsd:date .
"""


class CountingTransport(httpx.HTTPTransport):
    """A real HTTP transport that counts the requests it sends."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.count += 1
        return super().handle_request(request)


@pytest.fixture(scope="session")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One `oxigraph serve` with the extract for the whole test session."""
    location = tmp_path_factory.mktemp("wikidata") / "db"
    with oxigraph_server(location, load=[EXTRACT]) as base_url:
        yield base_url + "/query"


def store_of(*trig: str, corpus: bool = False) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    if corpus:
        store.load(path=str(CORPUS), format=pyoxigraph.RdfFormat.TRIG)
    for text in trig:
        store.load(PREFIXES + text, format=pyoxigraph.RdfFormat.TRIG)
    return store


def run_link(store: pyoxigraph.Store, endpoint: str, cache: LinkCache | None = None):
    with SparqlClient(endpoint, rate=0) as client:
        return link_graph(store, cache or LinkCache(None), client)


@pytest.fixture(scope="session")
def corpus_run(endpoint: str):
    return run_link(store_of(corpus=True), endpoint)


SEED_PERSONS = {
    "xi-jinping": "Q15031",
    "hu-jintao": "Q15029",
    "li-keqiang": "Q18111",
    "zhang-dejiang": "Q197178",
    "zhou-qiang": "Q198003",
    "cao-jianming": "Q702356",
    "wen-jiabao": "Q16628",
    "wu-bangguo": "Q360563",
    "wang-chen": "Q3427716",
    "li-yuanchao": "Q708802",
    "wang-shengjun": "Q708748",
    "shao-zhanwei": "Q15917920",
}


@pytest.mark.parametrize(("slug", "qid"), sorted(SEED_PERSONS.items()))
def test_seed_persons_link_to_their_items(corpus_run, slug: str, qid: str) -> None:
    entry = corpus_run.entries[f"{ID}person/{slug}"]
    assert entry["qid"] == qid
    assert entry["score"] >= 0.55


def test_office_and_date_evidence_is_recorded(corpus_run) -> None:
    entry = corpus_run.entries[f"{ID}person/xi-jinping"]
    assert entry["score"] == 1.0
    assert "name exact 'Xi Jinping'" in entry["evidence"]
    assert "P39 President of the People's Republic of China 2013-03-14.." in entry["evidence"]
    assert "NPC member, 12th term (Q247766)" in entry["evidence"]
    # Hu Jintao's Chinese form from the article is used in the query too.
    assert corpus_run.entries[f"{ID}person/hu-jintao"]["inputs"]["chinese"] == ["胡锦涛"]


def test_bare_wang_yang_write_in_stays_unlinked(corpus_run) -> None:
    entry = corpus_run.entries[f"{ID}person/wang-yang"]
    assert entry["qid"] is None
    assert [c["qid"] for c in entry["candidates"]] == ["Q734914", "Q17041160"]
    assert entry["score"] == entry["runner_up"]["score"] == 0.55
    assert "too close" in entry["evidence"]


def test_person_missing_from_the_extract_stays_unlinked(corpus_run) -> None:
    entry = corpus_run.entries[f"{ID}person/liu-yunshan"]
    assert entry["qid"] is None
    assert entry["candidates"] == []
    assert entry["evidence"] == "no candidates"


def test_posts_bodies_and_terms(corpus_run) -> None:
    qids = {iri[len(ID) :]: e["qid"] for iri, e in corpus_run.entries.items()}
    assert qids["body/npc"] == "Q19211"
    assert qids["congress/12"] == "Q247766"
    assert qids["post/president-of-the-peoples-republic-of-china"] == "Q655407"
    assert qids["post/president-of-the-supreme-peoples-court"] == "Q10301264"
    assert qids["post/mayor-of-hangzhou"] is None
    assert qids["session/12-1"] is None


def test_wang_yang_with_vice_premier_office_links_to_the_politician(endpoint: str) -> None:
    trig = (
        "id:graph\\/session\\/12-2 {"
        + SESSION_12_2
        + """
  id:person\\/wang-yang a person:Person ; foaf:name "Wang Yang" .
  id:post\\/vice-premier a org:Post ;
    skos:prefLabel "Vice Premier of the State Council of the People's Republic of China"@en .
  id:membership\\/wang-yang\\/vice-premier a org:Membership ; org:member id:person\\/wang-yang ;
    opengov:post id:post\\/vice-premier ; schema:validFrom "2013-03-16"^^xsd:date ;
    npco:reportedIn id:session\\/12-2 .
}"""
    )
    entry = run_link(store_of(trig), endpoint).entries[f"{ID}person/wang-yang"]
    assert entry["qid"] == "Q734914"
    assert entry["runner_up"]["qid"] == "Q17041160"
    assert entry["score"] - entry["runner_up"]["score"] >= 0.15


def test_wang_yang_as_an_11th_npc_deputy_links_to_the_liaoning_deputy(endpoint: str) -> None:
    trig = (
        "id:graph\\/session\\/11-5 {"
        + SESSION_11_5
        + """
  id:person\\/wang-yang a person:Person ; foaf:name "Wang Yang" .
  id:post\\/deputy a org:Post ; skos:prefLabel "Deputy to the National People's Congress"@en .
  id:membership\\/wang-yang\\/deputy a org:Membership ; org:member id:person\\/wang-yang ;
    opengov:post id:post\\/deputy ; schema:validFrom "2008-03-05"^^xsd:date ;
    npco:reportedIn id:session\\/11-5 .
}"""
    )
    entry = run_link(store_of(trig), endpoint).entries[f"{ID}person/wang-yang"]
    assert entry["qid"] == "Q17041160"
    assert entry["runner_up"]["qid"] == "Q734914"


FU_YUELAN = """
  id:person\\/fu-yuelan a person:Person ; foaf:name "Fu Yuelan" ; rdfs:label "Fu Yuelan"@en .
"""


def test_pinyin_of_a_chinese_only_label_links_with_office_evidence(endpoint: str) -> None:
    trig = (
        "id:graph\\/session\\/12-2 {"
        + SESSION_12_2
        + FU_YUELAN
        + """
  id:post\\/deputy a org:Post ; skos:prefLabel "Deputy to the National People's Congress"@en .
  id:membership\\/fu-yuelan\\/deputy a org:Membership ; org:member id:person\\/fu-yuelan ;
    opengov:post id:post\\/deputy ; schema:validFrom "2013-03-05"^^xsd:date ;
    npco:reportedIn id:session\\/12-2 .
}"""
    )
    entry = run_link(store_of(trig), endpoint).entries[f"{ID}person/fu-yuelan"]
    assert entry["qid"] == "Q8291832"
    assert entry["label"] == "符跃兰"
    assert "pinyin of '符跃兰' spells 'Fu Yuelan'" in entry["evidence"]


def test_pinyin_alone_is_kept_for_review_but_not_linked(endpoint: str) -> None:
    trig = "id:graph\\/session\\/12-2 {" + SESSION_12_2 + FU_YUELAN + "}"
    entry = run_link(store_of(trig), endpoint).entries[f"{ID}person/fu-yuelan"]
    assert entry["qid"] is None
    assert entry["candidates"][0]["qid"] == "Q8291832"
    assert entry["candidates"][0]["score"] == 0.5


@pytest.mark.parametrize(
    "name", ['Wang "Yang"', "back\\slash", "two\nlines", "brace } { ?x ?p ?o }", "it's"]
)
def test_awkward_names_are_sent_safely(endpoint: str, name: str) -> None:
    literal = name.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    trig = f'id:graph\\/g {{ id:person\\/odd a person:Person ; foaf:name "{literal}" . }}'
    entry = run_link(store_of(trig), endpoint).entries[f"{ID}person/odd"]
    assert entry["inputs"]["names"] == [name]
    assert entry["qid"] is None
    assert entry["candidates"] == []


def test_second_run_asks_nothing_and_export_adds_links_offline(
    endpoint: str, tmp_path: Path
) -> None:
    store = store_of(corpus=True)
    cache_path = tmp_path / "wikidata.json"
    transport = CountingTransport()
    with SparqlClient(endpoint, rate=0, transport=transport) as client:
        first = link_graph(store, LinkCache.load(cache_path), client)
        first_cache = LinkCache(cache_path, dict(first.entries))
        first_cache.save()
        assert transport.count == first.requests > 0
        before = transport.count
        second = link_graph(store, LinkCache.load(cache_path), client)
    assert transport.count == before
    assert second.requests == 0 and second.asked == 0
    assert second.entries == first.entries
    text = cache_path.read_text(encoding="utf-8")
    assert list(json.loads(text)["entities"]) == sorted(first.entries)
    typed = {quad.subject.value for quad in store.quads_for_pattern(None, vocab.rdf.type, None)}
    quads = present_link_quads(sorted(typed), cache_path)
    assert all(q.graph_name == vocab.LINKS_GRAPH for q in quads)
    same_as = {(q.subject.value, q.object.value) for q in quads if q.predicate == vocab.owl.sameAs}
    assert (f"{ID}person/xi-jinping", "http://www.wikidata.org/entity/Q15031") in same_as
    assert not any(s == f"{ID}person/wang-yang" for s, _ in same_as)
    node = pyoxigraph.NamedNode(f"{ID}link/person/xi-jinping")
    score = [q.object for q in quads if q.subject == node and q.predicate == vocab.npco.matchScore]
    assert score == [pyoxigraph.Literal("1.00", datatype=vocab.xsd.decimal)]
    assert present_link_quads(sorted(typed, reverse=True), cache_path) == quads


def test_changed_evidence_is_asked_again(endpoint: str, tmp_path: Path) -> None:
    cache = LinkCache(None)
    run_link(store_of(corpus=True), endpoint, cache)
    extra = 'id:graph\\/x { id:person\\/xi-jinping rdfs:label "习近平"@zh . }'
    again = run_link(store_of(extra, corpus=True), endpoint, cache)
    assert again.asked == 1
    assert again.entries[f"{ID}person/xi-jinping"]["inputs"]["chinese"] == ["习近平"]


def test_cli_links_reports_and_then_works_offline(endpoint: str, tmp_path: Path) -> None:
    cache_path = tmp_path / "links.json"
    output = tmp_path / "links.nq"
    runner = CliRunner()
    args = [str(CORPUS), "--cache", str(cache_path), "--rate", "0"]
    result = runner.invoke(link, [*args, "--endpoint", endpoint, "--report", "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert "id:person/xi-jinping" in result.output
    assert "Q15031 Xi Jinping" in result.output
    assert "unlinked (best Q734914 Wang Yang)" in result.output
    assert "Q17041160 0.55" in result.output  # the runner-up, as close as the best
    nquads = output.read_text(encoding="utf-8")
    assert (
        f"<{ID}person/xi-jinping> <http://www.w3.org/2002/07/owl#sameAs> "
        f"<http://www.wikidata.org/entity/Q15031> <{ID}graph/links> ." in nquads
    )
    offline = runner.invoke(link, [*args, "--offline", "-o", str(output)])
    assert offline.exit_code == 0, offline.output
    assert output.read_text(encoding="utf-8") == nquads
    assert "0 asked in 0 requests" in offline.output


def test_cli_reports_an_unreachable_endpoint_in_one_line(tmp_path: Path) -> None:
    from oxigraph_server import free_port

    url = f"http://127.0.0.1:{free_port()}/query"
    result = CliRunner().invoke(
        link,
        [str(CORPUS), "--cache", str(tmp_path / "c.json"), "--endpoint", url, "--retries", "0"],
    )
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: cannot reach {url}")
    assert "Traceback" not in result.output


def test_committed_cache_covers_the_bundled_corpus() -> None:
    from npcgraph import pipeline
    from npcgraph.wikidata.cache import default_cache_path

    store = pipeline.corpus_store()
    cache = LinkCache.load(default_cache_path())
    run = link_graph(store, cache, None)
    assert run.not_cached == []
    assert run.entries[f"{ID}person/xi-jinping"]["qid"] == "Q15031"
    assert run.entries[f"{ID}person/wang-yang"]["qid"] is None
    typed = {quad.subject.value for quad in store.quads_for_pattern(None, vocab.rdf.type, None)}
    quads = present_link_quads(sorted(typed), default_cache_path())
    linked = {q.subject.value for q in quads if q.predicate == vocab.owl.sameAs}
    assert f"{ID}person/zhou-qiang" in linked and f"{ID}body/npc" in linked
    assert len(linked) == run.linked
