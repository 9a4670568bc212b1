"""Inputs to quads: find the articles, turn each into quads on its own, gather the corpus."""

from __future__ import annotations

import os
import re
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from pyoxigraph import Quad, Store

from npcgraph.errors import InputError, Location, NpcGraphError
from npcgraph.extract import extract
from npcgraph.extract.context import Context
from npcgraph.extract.session import extract_session
from npcgraph.reader import read_article
from npcgraph.records import Notice, Session
from npcgraph.source import read_text
from npcgraph.triples import article_quads, session_link_quads
from npcgraph.writers import sort_quads

ARTICLE_SUFFIX = ".txt"


@dataclass(frozen=True)
class ArticleResult:
    """What one article gives: its session, its quads, and notices for the user."""

    path: str
    session: Session
    quads: frozenset[Quad]
    notices: tuple[Notice, ...]


@dataclass
class Corpus:
    quads: list[Quad]
    sessions: list[Session]
    articles: int
    notices: list[tuple[str, Notice]] = field(default_factory=list)
    failures: list[NpcGraphError] = field(default_factory=list)


def bundled_articles() -> list[Path]:
    """The corpus shipped with the package (npcgraph/corpus/*.txt)."""
    folder = resources.files("npcgraph.corpus")
    return sorted(
        Path(str(item)) for item in folder.iterdir() if item.name.endswith(ARTICLE_SUFFIX)
    )


def discover(inputs: Sequence[Path]) -> list[Path]:
    """Article files named or found in folders (recursively, `*.txt`), in a stable order."""
    found: list[Path] = []
    for given in inputs:
        if given.is_dir():
            found.extend(_walk(given))
        elif given.exists() or given.is_symlink():
            found.append(given)
        else:
            raise InputError(Location(str(given)), "no such file or folder")
    return sorted(dict.fromkeys(found), key=str)


def _walk(folder: Path) -> Iterator[Path]:
    """Files under a folder, following links once: a symlink loop is walked only once."""
    seen: set[str] = set()

    def on_error(error: OSError) -> None:
        raise InputError(Location(error.filename or str(folder)), f"cannot read folder: {error.strerror}")

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


def article_result(path: Path) -> ArticleResult:
    """One article, text to quads: a pure function of the file's content and name."""
    text = read_text(path)
    records = extract(read_article(text, str(path)))
    return ArticleResult(
        path=str(path),
        session=records.session,
        quads=frozenset(article_quads(records)),
        notices=tuple(records.notices),
    )


def _guarded(path: Path) -> ArticleResult | NpcGraphError:
    try:
        return article_result(path)
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


def build_corpus(
    inputs: Sequence[Path] | None = None,
    *,
    keep_going: bool = False,
    jobs: int = 1,
    shard: Shard | None = None,
    progress: Callable[[int], None] | None = None,
) -> Corpus:
    """Every article's quads plus the corpus-level links; stops at the first bad article
    unless `keep_going`. With a shard, only its articles are read in full, and its sessions
    link to sessions in other shards too, so the shards' outputs add up to the whole."""
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
    quads: set[Quad] = set()
    sessions: list[Session] = []
    corpus = Corpus([], sessions, 0)
    for outcome in _results(paths, jobs):
        if progress is not None:
            progress(1)
        if isinstance(outcome, NpcGraphError):
            if not keep_going:
                raise outcome
            corpus.failures.append(outcome)
            continue
        corpus.articles += 1
        quads |= outcome.quads
        sessions.append(outcome.session)
        corpus.notices.extend((outcome.path, notice) for notice in outcome.notices)
    quads |= session_link_quads(sessions, others)
    corpus.quads = sort_quads(quads)
    return corpus


def _results(paths: list[Path], jobs: int) -> Iterator[ArticleResult | NpcGraphError]:
    if jobs <= 1 or len(paths) < 2:
        yield from map(_guarded, paths)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_guarded, paths, chunksize=max(1, len(paths) // (jobs * 8)))


def corpus_quads(inputs: Sequence[Path] | None = None) -> list[Quad]:
    """Sorted quads of the corpus (None: the bundled corpus)."""
    return build_corpus(inputs).quads


def corpus_store(inputs: Sequence[Path] | None = None) -> Store:
    """An in-memory store: one named graph per session, and their merge as the default graph."""
    return quads_store(corpus_quads(inputs))


def quads_store(quads: Iterable[Quad]) -> Store:
    """Named graphs as given, plus the RDF merge of all of them (each triple once) as the
    default graph, so a query without GRAPH counts every fact once (Oxigraph's own
    union-default-graph mode would repeat a triple once per graph that holds it)."""
    store = Store()
    items = list(quads)
    store.bulk_extend(items)
    store.bulk_extend({Quad(quad.subject, quad.predicate, quad.object) for quad in items})
    return store
