"""Domain records to RDF triples under the data contract (docs/model.md)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from npcgraph.naming import slug
from npcgraph.offices import BODIES
from npcgraph.records import (
    ArticleRecords,
    Ballot,
    Election,
    Event,
    Membership,
    Person,
    Post,
    Resolution,
    Session,
    Source,
    Statistic,
    VoteCounts,
)
from npcgraph.terms import (
    Term,
    Triple,
    boolean,
    date,
    dcterms,
    decimal,
    english,
    foaf,
    integer,
    iri,
    npco,
    opengov,
    org,
    person,
    plain,
    prov,
    rdf,
    rdfs,
    schema,
    skos,
    tagged,
    year,
)
from npcgraph.vocab import LINKS_GRAPH as VOCAB_LINKS_GRAPH
from npcgraph.vocab import session_graph

RATE_TOLERANCE = Decimal("0.01")
"""A stated rate further than this from for / (for + against + abstain) is flagged."""


def person_iri(item: Person) -> Term:
    return iri(f"person/{slug(item.name)}")


def post_iri(item: Post) -> Term:
    return iri(f"post/{slug(item.label)}")


def body_iri(key: str) -> Term:
    return iri(f"body/{key}")


def session_iri(key: str) -> Term:
    return iri(f"session/{key}")


class _Builder:
    """Collects one article's triples, all of them for its session's named graph."""

    def __init__(self, records: ArticleRecords) -> None:
        self.records = records
        self.article_path = f"article/{slug(records.stem)}"
        self.article = iri(self.article_path)
        self.session = session_iri(records.session.key)
        self.triples: set[Triple] = set()
        self.located: set[Term] = set()
        self.elections: dict[str, int] = {}

    def add(self, subject: Term, predicate: Term, obj: Term) -> None:
        self.triples.add((subject, predicate, obj))

    def location(self, source: Source) -> Term:
        """The source location node, with line, cell and heading path."""
        suffix = f"L{source.line}" + (f"C{source.column}" if source.column else "")
        node = iri(f"{self.article_path}/{suffix}")
        if node in self.located:
            return node
        self.located.add(node)
        self.add(node, rdf.type, npco.SourceLocation)
        self.add(node, rdf.type, prov.Entity)
        self.add(node, dcterms.isPartOf, self.article)
        self.add(node, npco.line, integer(source.line))
        if source.column:
            self.add(node, npco.column, integer(source.column))
        if source.table_row:
            self.add(node, npco.tableRow, integer(source.table_row))
        if source.section:
            self.add(node, npco.sectionPath, plain(" / ".join(source.section)))
        return node

    def derived(self, node: Term, source: Source) -> None:
        self.add(node, prov.wasDerivedFrom, self.location(source))
        self.add(node, dcterms.source, self.article)


def session_graph_iri(session_key: str) -> Term:
    """The named graph that holds what articles say about one session."""
    return f"<{session_graph(session_key).value}>"


LINKS_GRAPH = f"<{VOCAB_LINKS_GRAPH.value}>"


def article_triples(records: ArticleRecords) -> set[Triple]:
    """Every triple one article gives (for its session's named graph)."""
    build = _Builder(records)
    _article(build)
    _session(build, records.session)
    for membership in records.memberships:
        _membership(build, membership)
    for resolution in records.resolutions:
        _resolution(build, resolution)
    for election in records.elections:
        _election(build, election)
    for number, statistic in enumerate(records.statistics, start=1):
        _statistic(build, statistic, number)
    for number, event in enumerate(records.events, start=1):
        _event(build, event, number)
    for number, section in enumerate(records.sections, start=1):
        node = iri(f"{build.article_path}/section/{number}")
        build.add(node, rdf.type, npco.SectionText)
        build.add(node, rdfs.label, english(section.title))
        build.add(node, npco.text, english(section.text))
        build.add(node, npco.session, build.session)
        build.derived(node, section.source)
    return build.triples


def _article(build: _Builder) -> None:
    records = build.records
    build.add(build.article, rdf.type, npco.SourceArticle)
    build.add(build.article, rdf.type, prov.Entity)
    build.add(build.article, dcterms.title, english(records.session.title))
    build.add(build.article, npco.fileName, plain(records.file_name))


def _session(build: _Builder, session: Session) -> None:
    node = build.session
    build.add(node, rdf.type, npco.Session)
    build.add(node, rdf.type, schema.Event)
    build.add(node, rdfs.label, english(session.title))
    build.add(node, npco.congress, integer(session.congress))
    build.add(node, npco.sessionNumber, integer(session.number))
    if session.year is not None:
        build.add(node, npco.year, year(session.year))
    if session.start is not None:
        build.add(node, schema.startDate, date(session.start))
    if session.end is not None:
        build.add(node, schema.endDate, date(session.end))
    if session.status:
        build.add(node, npco.status, plain(session.status))
    if session.chinese_name:
        build.add(node, rdfs.label, tagged(session.chinese_name, "zh"))
    if session.pinyin_name:
        build.add(node, rdfs.label, tagged(session.pinyin_name, "zh-Latn-pinyin"))
    if session.previous_year is not None:
        build.add(node, npco.previousSessionYear, year(session.previous_year))
    if session.next_year is not None:
        build.add(node, npco.nextSessionYear, year(session.next_year))
    if session.description:
        build.add(node, schema.description, english(session.description))
    build.add(node, schema.organizer, body_iri("npc"))
    _body(build, "npc")
    congress = iri(f"congress/{session.congress}")
    build.add(node, npco.ofCongress, congress)
    build.add(congress, rdf.type, npco.Congress)
    build.add(congress, rdf.type, org.Organization)
    build.add(
        congress, rdfs.label, english(f"{_ordinal(session.congress)} National People's Congress")
    )
    build.add(congress, npco.congress, integer(session.congress))
    build.add(congress, org.subOrganizationOf, body_iri("npc"))
    build.derived(node, session.source)


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def _body(build: _Builder, key: str) -> Term:
    body = BODIES[key]
    node = body_iri(key)
    build.add(node, rdf.type, org.Organization)
    build.add(node, skos.prefLabel, english(body.label))
    build.add(node, rdfs.label, english(body.label))
    if body.parent:
        build.add(node, org.subOrganizationOf, _body(build, body.parent))
    return node


def _person(build: _Builder, item: Person) -> Term:
    node = person_iri(item)
    build.add(node, rdf.type, person.Person)
    build.add(node, foaf.name, plain(item.name))
    build.add(node, rdfs.label, english(item.name))
    if item.chinese_name:
        build.add(node, rdfs.label, tagged(item.chinese_name, "zh"))
    build.derived(node, item.source)
    return node


def _post(build: _Builder, item: Post) -> Term:
    node = post_iri(item)
    build.add(node, rdf.type, org.Post)
    build.add(node, skos.prefLabel, english(item.label))
    build.add(node, rdfs.label, english(item.label))
    if item.body is not None:
        build.add(node, org.postIn, _body(build, item.body))
    return node


def _membership(build: _Builder, item: Membership) -> None:
    path = f"membership/{slug(item.person.name)}/{slug(item.post.label)}"
    if item.valid_from is not None:
        path += f"/{item.valid_from.isoformat()}"
    node = iri(path)
    build.add(node, rdf.type, org.Membership)
    build.add(node, org.member, _person(build, item.person))
    build.add(node, opengov.post, _post(build, item.post))
    if item.post.body is not None:
        build.add(node, org.organization, body_iri(item.post.body))
    if item.valid_from is not None:
        build.add(node, schema.validFrom, date(item.valid_from))
    build.add(node, npco.reportedIn, build.session)
    if item.elected_here:
        build.add(node, npco.electedAt, build.session)
    build.derived(node, item.source)


def _counts(build: _Builder, vote: Term, counts: VoteCounts) -> None:
    options = (
        ("yes", opengov.YesCount, counts.yes),
        ("no", opengov.NoCount, counts.no),
        ("abstain", opengov.AbstainCount, counts.abstain),
    )
    for (name, kind, value), source in zip(options, counts.sources, strict=True):
        if value is None:
            continue
        node = f"{vote[:-1]}/{name}>"
        build.add(vote, opengov.count, node)
        build.add(node, rdf.type, kind)
        build.add(node, rdf.value, integer(value))
        if source is not None:
            build.derived(node, source)
    total = counts.total()
    if total is not None:
        build.add(vote, npco.totalVotes, integer(total))


def computed_rate(counts: VoteCounts) -> Decimal | None:
    total = counts.total()
    if not total or counts.yes is None:
        return None
    return Decimal(counts.yes) * 100 / Decimal(total)


def _resolution(build: _Builder, item: Resolution) -> None:
    key = f"session/{build.records.session.key}"
    topic_slug = f"{item.order}-{slug(item.topic)[:80].rstrip('-')}"
    vote = iri(f"{key}/vote/{topic_slug}")
    motion = iri(f"{key}/motion/{topic_slug}")
    build.add(vote, rdf.type, opengov.VoteEvent)
    build.add(vote, rdf.type, npco.ResolutionVote)
    build.add(vote, opengov.motion, motion)
    build.add(vote, schema.superEvent, build.session)
    build.add(vote, npco.agendaOrder, integer(item.order))
    build.add(motion, rdf.type, opengov.Motion)
    build.add(motion, skos.prefLabel, english(item.topic))
    build.add(motion, rdfs.label, english(item.topic))
    _counts(build, vote, item.counts)
    exact = computed_rate(item.counts)
    if exact is not None:
        build.add(vote, npco.computedApprovalRate, decimal(_two_places(exact)))
    if item.stated_rate is not None:
        build.add(vote, npco.statedApprovalRate, decimal(item.stated_rate))
        if exact is not None and abs(item.stated_rate - exact) > RATE_TOLERANCE:
            build.add(vote, npco.approvalRateMismatch, boolean(True))
    if item.repair:
        build.add(vote, npco.repair, plain(item.repair))
    if item.presenter is not None:
        build.add(motion, npco.presentedBy, _person(build, item.presenter))
        if item.presenter_post is not None:
            build.add(motion, npco.presenterOffice, _post(build, item.presenter_post))
    if item.resigning_person is not None:
        build.add(motion, rdf.type, npco.ResignationMotion)
        build.add(motion, npco.resigningPerson, _person(build, item.resigning_person))
        if item.resigns_from is not None:
            build.add(motion, npco.resignsFrom, _body(build, item.resigns_from))
    build.derived(vote, item.source)
    build.derived(motion, item.source)


def _two_places(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _election(build: _Builder, item: Election) -> None:
    """One node per election; a second election for the same office in one article (a
    bullet list beside a table, say) is `.../{office}-2`."""
    post = _post(build, item.post)
    path = f"session/{build.records.session.key}/election/{slug(item.post.label)}"
    build.elections[path] = build.elections.get(path, 0) + 1
    if build.elections[path] > 1:
        path += f"-{build.elections[path]}"
    node = iri(path)
    build.add(node, rdf.type, npco.Election)
    build.add(node, rdf.type, schema.Event)
    build.add(node, rdfs.label, english(item.title))
    build.add(node, npco.office, post)
    build.add(node, schema.superEvent, build.session)
    build.derived(node, item.source)
    seen: set[str] = set()
    for ballot in item.ballots:
        name = slug(ballot.candidate.name)
        key = name if name not in seen else f"{name}-{ballot.order}"
        seen.add(name)
        _ballot(build, f"{node[:-1]}/{key}>", node, post, ballot)


def _ballot(build: _Builder, node: Term, election: Term, post: Term, item: Ballot) -> None:
    """A candidate's result; a name listed twice in one election gets `-{order}` the second
    time, so the two rows stay two ballots."""
    build.add(node, rdf.type, opengov.VoteEvent)
    build.add(node, rdf.type, npco.ElectionBallot)
    build.add(node, npco.candidate, _person(build, item.candidate))
    build.add(node, npco.office, post)
    build.add(node, npco.election, election)
    build.add(node, schema.superEvent, build.session)
    build.add(node, npco.listOrder, integer(item.order))
    _counts(build, node, item.counts)
    exact = computed_rate(item.counts)
    if exact is not None:
        build.add(node, npco.computedApprovalRate, decimal(_two_places(exact)))
    build.derived(node, item.source)


def _statistic(build: _Builder, item: Statistic, number: int) -> None:
    node = iri(f"session/{build.records.session.key}/statistic/{number}")
    indicator = iri(f"indicator/{item.indicator}")
    build.add(node, rdf.type, npco.Statistic)
    build.add(node, npco.indicator, indicator)
    build.add(indicator, rdf.type, skos.Concept)
    build.add(indicator, skos.prefLabel, english(item.indicator_label))
    build.add(node, npco.indicatorText, plain(item.indicator_text))
    build.add(node, schema.value, decimal(item.value))
    build.add(node, schema.unitText, plain(item.unit))
    build.add(node, npco.measure, npco.term(item.measure))
    build.add(node, npco.statisticKind, npco.term(item.kind))
    for qualifier in item.qualifiers:
        build.add(node, npco.qualifier, plain(qualifier))
    if item.start_value is not None:
        build.add(node, npco.startValue, decimal(item.start_value))
    if item.period:
        build.add(node, schema.temporalCoverage, plain(item.period))
    build.add(node, npco.session, build.session)
    build.add(node, npco.sourceText, plain(item.text))
    build.derived(node, item.source)


def _event(build: _Builder, item: Event, number: int) -> None:
    node = iri(f"session/{build.records.session.key}/event/{number}")
    build.add(node, rdf.type, npco.Event)
    build.add(node, rdf.type, schema.Event)
    if item.kind is not None:
        build.add(node, rdf.type, npco.term(item.kind))
    build.add(node, schema.description, english(item.description))
    build.add(node, schema.superEvent, build.session)
    if item.person is not None:
        build.add(node, npco.person, _person(build, item.person))
    if item.person_post is not None:
        build.add(node, npco.personOffice, _post(build, item.person_post))
    build.derived(node, item.source)


def session_link_triples(sessions: Iterable[Session], known: Iterable[Session] = ()) -> set[Triple]:
    """Previous / next links from `sessions` to sessions of the corpus (`known` and
    `sessions`), found by their stated years."""
    mine = list(sessions)
    by_year = {item.year: item for item in [*known, *mine] if item.year is not None}
    triples: set[Triple] = set()
    for item in mine:
        for stated, predicate in (
            (item.previous_year, npco.previousSession),
            (item.next_year, npco.nextSession),
        ):
            other = by_year.get(stated) if stated is not None else None
            if other is not None and other.key != item.key:
                triples.add((session_iri(item.key), predicate, session_iri(other.key)))
    return triples
