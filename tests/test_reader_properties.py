"""Mutated real articles: text to quads gives a result or the project's own error, nothing else.

Each test takes a real article (the seeds and the bundled corpus), breaks it the way files get
broken (lines deleted, duplicated or swapped; stray characters or cells; cut short; numbers
replaced by text) and runs the whole per-article flow, source bytes to quads.
"""

from __future__ import annotations

import atexit
import re
import shutil
import tempfile
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from npcgraph.errors import InputError, NpcGraphError
from npcgraph.pipeline import article_result

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
WORK = Path(tempfile.mkdtemp(prefix="npcgraph-properties-"))
atexit.register(shutil.rmtree, WORK, True)
ARTICLE = WORK / "npc12-9-2099.txt"
NAME = str(ARTICLE)


def _articles() -> list[str]:
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    corpus = resources.files("npcgraph.corpus")
    texts += [
        item.read_text(encoding="utf-8")
        for item in sorted(corpus.iterdir(), key=lambda item: item.name)
        if item.name.endswith(".txt")
    ]
    return texts


ARTICLES = _articles()
LINES = [text.split("\n") for text in ARTICLES]

PROPERTY = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

NASTY_TEXT = st.sampled_from(
    ["All", "—", "n/a", "-5", "-2,812", "1e9", "99999999999999999999", "2,81", "½", "NaN",
     "", " ", "|", "||", "%", "100.5%", "=", "== ==", "- :", "Infobox", "= X =", "\t", "\u00a0",
     "\ufeff", "\u200b", "\U0001f600", "第五次", "'\"\\{}<>", "None", "0x1F", "٣", "²", "１２"]
)  # fmt: skip
RANDOM_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=12
)


def run(text: str) -> int:
    """The whole per-article flow, `npcgraph.pipeline.article_result`: bytes to quads."""
    ARTICLE.write_bytes(text.encode("utf-8"))
    return len(article_result(ARTICLE).quads)


def assert_result_or_own_error(text: str) -> None:
    try:
        quads = run(text)
    except NpcGraphError as error:
        message = str(error)
        assert "\n" not in message, f"a multi-line message: {message!r}"
        if isinstance(error, InputError):
            assert message.startswith(NAME), f"the message does not name the file: {message!r}"
            assert error.message.strip(), "an empty explanation"
        return
    assert quads > 0


def test_the_unbroken_articles_give_quads() -> None:
    for text in ARTICLES:
        assert run(text) > 300


@PROPERTY
@given(data=st.data())
def test_deleting_duplicating_and_swapping_lines(data: st.DataObject) -> None:
    lines = list(data.draw(st.sampled_from(LINES)))
    for _ in range(data.draw(st.integers(1, 4))):
        action = data.draw(st.sampled_from(["delete", "duplicate", "swap", "move"]))
        first = data.draw(st.integers(0, len(lines) - 1))
        second = data.draw(st.integers(0, len(lines) - 1))
        if action == "delete" and len(lines) > 1:
            del lines[first]
        elif action == "duplicate":
            lines.insert(second, lines[first])
        elif action == "swap":
            lines[first], lines[second] = lines[second], lines[first]
        else:
            lines.insert(second, lines.pop(first))
    assert_result_or_own_error("\n".join(lines))


@PROPERTY
@given(data=st.data())
def test_inserting_characters(data: st.DataObject) -> None:
    text = data.draw(st.sampled_from(ARTICLES))
    for _ in range(data.draw(st.integers(1, 5))):
        at = data.draw(st.integers(0, len(text)))
        stray = data.draw(st.one_of(NASTY_TEXT, RANDOM_TEXT))
        text = text[:at] + stray + text[at:]
    assert_result_or_own_error(text)


@PROPERTY
@given(data=st.data())
def test_inserting_and_removing_table_cells(data: st.DataObject) -> None:
    lines = list(data.draw(st.sampled_from(LINES)))
    rows = [index for index, line in enumerate(lines) if line.startswith("|")]
    for _ in range(data.draw(st.integers(1, 3))):
        index = data.draw(st.sampled_from(rows))
        cells = lines[index].split("|")
        position = data.draw(st.integers(1, max(1, len(cells) - 1)))
        if data.draw(st.booleans()):
            cells.insert(position, " " + data.draw(st.one_of(NASTY_TEXT, RANDOM_TEXT)) + " ")
        elif len(cells) > 2:
            del cells[position]
        lines[index] = "|".join(cells)
    assert_result_or_own_error("\n".join(lines))


@PROPERTY
@given(data=st.data())
def test_truncating(data: st.DataObject) -> None:
    text = data.draw(st.sampled_from(ARTICLES))
    cut = data.draw(st.integers(0, len(text)))
    assert_result_or_own_error(text[:cut])


@PROPERTY
@given(data=st.data())
def test_numbers_replaced_by_text(data: st.DataObject) -> None:
    text = data.draw(st.sampled_from(ARTICLES))
    numbers = list(re.finditer(r"\d[\d,.]*%?", text))
    for _ in range(data.draw(st.integers(1, 4))):
        found = data.draw(st.sampled_from(numbers))
        replacement = data.draw(
            st.one_of(NASTY_TEXT, RANDOM_TEXT, st.integers(-(10**30), 10**30).map(str))
        )
        # Same length is not needed: only replace when the span is still where it was.
        if text[found.start() : found.end()] == found.group(0):
            text = text[: found.start()] + replacement + text[found.end() :]
    assert_result_or_own_error(text)


@pytest.mark.parametrize("index", range(len(ARTICLES)))
def test_every_line_cut_in_half(index: int) -> None:
    """A file cut anywhere in any line: the systematic version of the truncation property."""
    text = ARTICLES[index]
    for match in re.finditer(r"\n", text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        middle = (line_start + match.start()) // 2
        assert_result_or_own_error(text[:middle])
        assert_result_or_own_error(text[: match.start()])
