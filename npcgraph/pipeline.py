"""Inputs to triples: find the articles, turn each into triples on its own, gather the corpus."""

from __future__ import annotations

import os
import re
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any

from pyoxigraph import Quad, RdfFormat, Store, parse

from npcgraph.errors import InputError, Location, NpcGraphError
from npcgraph.extract import extract
from npcgraph.extract.context import Context
from npcgraph.extract.session import extract_session
from npcgraph.reader import read_article
from npcgraph.records import Notice, Session
from npcgraph.source import read_text
from npcgraph.terms import Term, Triple, nquads, ntriples, rdf
from npcgraph.triples import (
    article_triples,
    session_graph_iri,
    session_link_triples,
)
from npcgraph.writers import is_shared, sort_quads

ARTICLE_SUFFIX = ".txt"
RDF_TYPE_TERM = rdf.type
AHEAD_CHUNKS = 3
"""Chunks of articles each worker process may have read ahead of the consumer."""
STORE_CHUNK = 50_000
"""Triples loaded into a store at a time (each as a quad of its graph and a default triple)."""


@dataclass(frozen=True)
class ArticleResult:
    """What one article gives: its session, its triples (sorted, for the session's named
    graph), and notices for the user."""

    path: str
    session: Session
    graph: Term
    triples: tuple[Triple, ...]
    notices: tuple[Notice, ...]
    findings: tuple[Any, ...] = ()
    """SHACL results (npcgraph.validation.ValidationResult) when validated on reading."""
    rendered: tuple[tuple[str, bytes | None], ...] = ()
    """What each requested writer rendered of the article where it was read."""
    size: int = 0
    """How many triples the article gives (all of them, even when `triples` is light)."""

    def light(self) -> ArticleResult:
        """The result with only the triples a process that did not render the article still
        needs: those of nodes other articles share (for the union formats) and rdf:type (for
        the links graph). Much less to send back from a worker."""
        kept = tuple(t for t in self.triples if t[1] == RDF_TYPE_TERM or is_shared(t))
        return replace(self, triples=kept)

    @property
    def quads(self) -> list[Quad]:
        """The triples as Oxigraph quads in the session's graph."""
        return nquads_to_quads([(self.graph, self.triples)])


def nquads_to_quads(graphs: Iterable[tuple[Term, Iterable[Triple]]]) -> list[Quad]:
    """Text triples as Oxigraph quads, parsed by Oxigraph's N-Quads parser."""
    text = "".join(nquads(name, triples) for name, triples in graphs)
    return list(parse(text.encode("utf-8"), format=RdfFormat.N_QUADS))


@dataclass
class CorpusRun:
    """Reads a corpus article by article; what it met is counted as it goes."""

    paths: list[Path]
    keep_going: bool = False
    jobs: int = 1
    others: list[Session] = field(default_factory=list)
    progress: Callable[[int], None] | None = None
    """Called after each article with the number of articles in the run."""
    validate: bool = False
    render: tuple[str, ...] = ()
    light: bool = False
    """Results keep only the triples the caller still needs (`ArticleResult.light`)."""
    sessions: list[Session] = field(default_factory=list)
    notices: list[tuple[str, Notice]] = field(default_factory=list)
    failures: list[NpcGraphError] = field(default_factory=list)

    @property
    def articles(self) -> int:
        return len(self.sessions)

    def __iter__(self) -> Iterator[ArticleResult]:
        work = partial(_guarded, validate=self.validate, render=self.render, light=self.light)
        for outcome in _results(self.paths, self.jobs, work):
            if self.progress is not None:
                self.progress(len(self.paths))
            if isinstance(outcome, NpcGraphError):
                if not self.keep_going:
                    raise outcome
                self.failures.append(outcome)
                continue
            self.sessions.append(outcome.session)
            self.notices.extend((outcome.path, notice) for notice in outcome.notices)
            yield outcome

    def link_triples(self) -> list[Triple]:
        """Corpus-level links (previous / next session), once every article has been read."""
        return sorted(session_link_triples(self.sessions, self.others))


@dataclass
class Corpus:
    """A whole corpus in memory: the graphs, and what reading it met."""

    graphs: list[tuple[Term, tuple[Triple, ...]]]
    run: CorpusRun

    @property
    def quads(self) -> list[Quad]:
        return sort_quads(nquads_to_quads(self.graphs))


def bundled_articles() -> list[Path]:
    """The corpus shipped with the package (npcgraph/corpus/*.txt)."""
    folder = resources.files("npcgraph.corpus")
    return sorted(
        Path(str(item)) for item in folder.iterdir() if item.name.endswith(ARTICLE_SUFFIX)
    )


def discover(inputs: Sequence[Path]) -> list[Path]:
    """Article files named or found in folders (recursively, `*.txt`), in a stable order; a file
    reached twice (named twice, or through a symbolic link) is read once."""
    found: list[Path] = []
    for given in inputs:
        if given.is_dir():
            articles = list(_walk(given))
            if not articles:
                raise InputError(
                    Location(str(given)), f"no article files (*{ARTICLE_SUFFIX}) in this folder"
                )
            found.extend(articles)
        elif given.exists() or given.is_symlink():
            found.append(given)
        else:
            raise InputError(Location(str(given)), "no such file or folder")
    unique: dict[str, Path] = {}
    for path in sorted(found, key=lambda path: (_through_link(path), str(path))):
        unique.setdefault(os.path.realpath(path), path)
    return sorted(unique.values(), key=str)


def _through_link(path: Path) -> bool:
    """Whether a path reaches its file through a symbolic link (the file's own name wins)."""
    return os.path.realpath(path) != os.path.abspath(path)


def _walk(folder: Path) -> Iterator[Path]:
    """Files under a folder, following links to folders but entering each real folder once, so
    a symbolic link loop ends."""
    seen: set[str] = set()

    def on_error(error: OSError) -> None:
        where = Location(error.filename or str(folder))
        raise InputError(where, f"cannot read folder: {error.strerror or error}")

    for root, dirs, files in os.walk(folder, followlinks=True, onerror=on_error):
        real = os.path.realpath(root)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        dirs.sort()
        for name in sorted(files):
            if name.endswith(ARTICLE_SUFFIX) and not name.startswith("."):
                yield Path(root) / name


def article_result(
    path: Path, validate: bool = False, render: tuple[str, ...] = (), light: bool = False
) -> ArticleResult:
    """One article, text to triples: a pure function of the file's content and name. With
    `validate`, also its SHACL results (an article's graph carries every node it mentions);
    with `render`, what those writers (by extension) can write of it beforehand; with
    `light`, only the triples a process that has these still needs (`ArticleResult.light`)."""
    text = read_text(path)
    records = extract(read_article(text, str(path)))
    triples = tuple(sorted(article_triples(records)))
    result = ArticleResult(
        path=str(path),
        session=records.session,
        graph=session_graph_iri(records.session.key),
        triples=triples,
        notices=tuple(records.notices),
        size=len(triples),
    )
    if render:
        from npcgraph.writers import WRITERS

        rendered = tuple(
            (extension, WRITERS[extension].render(result.graph, result.triples))
            for extension in render
        )
        result = replace(result, rendered=rendered)
    if validate:
        from npcgraph.shacl import validate_triples

        result = replace(result, findings=validate_triples(result.triples).results)
    return result.light() if light else result


def _guarded(
    path: Path, validate: bool = False, render: tuple[str, ...] = (), light: bool = False
) -> ArticleResult | NpcGraphError:
    try:
        return article_result(path, validate, render, light)
    except NpcGraphError as error:
        return error
    except RecursionError:
        return InputError(Location(str(path)), "article is nested too deeply to read")


@dataclass(frozen=True)
class Shard:
    """Part `number` of `count` (from 1): a stable split of a corpus by file name."""

    number: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
        if match is None or not 1 <= int(match[1]) <= int(match[2]):
            raise ValueError(f"expected a shard as i/n with 1 <= i <= n, found {text!r}")
        return cls(int(match[1]), int(match[2]))

    def holds(self, path: Path) -> bool:
        """The same file always falls in the same shard, whatever else the corpus holds."""
        return zlib.crc32(path.name.encode("utf-8")) % self.count == self.number - 1


def session_of(path: Path) -> Session | None:
    """The session an article is about, read from its title and infobox only."""
    try:
        return extract_session(read_article(read_text(path), str(path)), Context(str(path)))
    except NpcGraphError:
        return None


def read_corpus(
    inputs: Sequence[Path] | None = None,
    *,
    keep_going: bool = False,
    jobs: int = 1,
    shard: Shard | None = None,
    progress: Callable[[int], None] | None = None,
    validate: bool = False,
    render: tuple[str, ...] = (),
    light: bool = False,
) -> CorpusRun:
    """The articles to read, to iterate over one at a time; stops at the first bad article
    unless `keep_going`. With a shard, only its articles are read in full, and its sessions
    link to sessions in other shards too, so the shards' outputs add up to the whole.
    `validate`, `render` and `light` are done where each article is read (`article_result`)."""
    paths = discover(inputs) if inputs else bundled_articles()
    others: list[Session] = []
    if shard is not None:
        mine = [path for path in paths if shard.holds(path)]
        others = [
            found
            for path in paths
            if not shard.holds(path) and (found := session_of(path)) is not None
        ]
        paths = mine
    return CorpusRun(paths, keep_going, jobs, others, progress, validate, render, light)


def build_corpus(
    inputs: Sequence[Path] | None = None,
    *,
    keep_going: bool = False,
    jobs: int = 1,
    shard: Shard | None = None,
) -> Corpus:
    """The whole corpus in memory: its session graphs and the links graph, the same graph
    `export` writes."""
    from npcgraph.links import corpus_graphs

    run = read_corpus(inputs, keep_going=keep_going, jobs=jobs, shard=shard)
    graphs = [(name, tuple(triples)) for name, triples in corpus_graphs(run)]
    return Corpus(graphs, run)


def _results(
    paths: list[Path], jobs: int, work: Callable[[Path], ArticleResult | NpcGraphError]
) -> Iterator[ArticleResult | NpcGraphError]:
    """`work` on each path, in order, in `jobs` processes. At most AHEAD_CHUNKS chunks per
    process are in flight, so a slow consumer (a triplestore being loaded) does not make the
    results of the whole corpus pile up in memory, as `Executor.map` would."""
    if jobs <= 1 or len(paths) < 2:
        yield from map(work, paths)
        return
    size = max(1, min(64, len(paths) // (jobs * 8)))
    chunks = (paths[start : start + size] for start in range(0, len(paths), size))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending: deque[Future[list[ArticleResult | NpcGraphError]]] = deque()
        for chunk in chunks:
            pending.append(pool.submit(_work_chunk, work, chunk))
            if len(pending) >= jobs * AHEAD_CHUNKS:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def _work_chunk(
    work: Callable[[Path], ArticleResult | NpcGraphError], paths: list[Path]
) -> list[ArticleResult | NpcGraphError]:
    return [work(path) for path in paths]


def corpus_quads(inputs: Sequence[Path] | None = None) -> list[Quad]:
    """Sorted quads of the corpus (None: the bundled corpus)."""
    return build_corpus(inputs).quads


def corpus_store(
    inputs: Sequence[Path] | None = None, *, jobs: int = 1, folder: Path | None = None
) -> Store:
    """A store of the corpus: one named graph per session, and their merge as the default graph
    (see `quads_store`), in memory or on disk in `folder`. Articles are read one at a time
    and loaded in chunks as text by Oxigraph's parser, so only the store grows with the
    corpus (on disk, not even that)."""
    from npcgraph.links import corpus_graphs

    store = Store(str(folder)) if folder is not None else Store()
    chunk: list[str] = []
    size = 0
    for name, triples in corpus_graphs(read_corpus(inputs, jobs=jobs)):
        chunk += (nquads(name, triples), ntriples(triples))  # its graph, and the merge
        size += len(triples)
        if size >= STORE_CHUNK:
            _bulk_load(store, chunk)
            size = 0
    _bulk_load(store, chunk)
    return store


def _bulk_load(store: Store, texts: list[str]) -> None:
    """Load N-Quads texts into the store and empty the list."""
    if texts:
        store.bulk_load("".join(texts).encode("utf-8"), format=RdfFormat.N_QUADS)
        texts.clear()


def quads_store(quads: Iterable[Quad]) -> Store:
    """Named graphs as given, plus the RDF merge of all of them (each triple once) as the
    default graph, so a query without GRAPH counts every fact once (Oxigraph's own
    union-default-graph mode would repeat a triple once per graph that holds it)."""
    store = Store()
    items = list(quads)
    store.bulk_extend(items)
    store.bulk_extend({Quad(quad.subject, quad.predicate, quad.object) for quad in items})
    return store
