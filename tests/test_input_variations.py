"""Each input variation of DESIGN.md "Input", as a small article of our own."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from npcgraph.errors import InputError
from npcgraph.extract import extract
from npcgraph.reader import read_article
from npcgraph.records import ArticleRecords

BASE_INFOBOX = """- Status: inactive
- Year: 2016
- Session: 4th | # = 12th | term-begin = 5 March | term-end = 16 March"""


def records(
    body: str = "", infobox: str = BASE_INFOBOX, title: str | None = None
) -> ArticleRecords:
    title = title or "Fourth session of the 12th National People's Congress"
    text = f"= {title} =\n\nInfobox\n{infobox}\n\n{body}\n"
    return extract(read_article(text, "variation.txt"))


def test_keys_in_any_order_and_missing_keys() -> None:
    found = records(
        infobox="""- Session: 4th | term-end = 16 March | # = 12th | term-begin = 5 March
- Year: 2016
- Pm: Li Keqiang"""
    )
    session = found.session
    assert (session.congress, session.number, session.year) == (12, 4, 2016)
    assert (session.start, session.end) == (dt.date(2016, 3, 5), dt.date(2016, 3, 16))
    assert session.status is None and session.chinese_name is None
    assert [(m.person.name, m.valid_from) for m in found.memberships] == [("Li Keqiang", None)]


def test_ordinal_typo_is_read_and_noted() -> None:
    found = records(infobox="- Year: 2016\n- Session: 4rd | # = 12th")
    assert found.session.number == 4
    assert any("'4rd' as 4" in notice.message for notice in found.notices)


def test_session_numbers_from_the_title_when_the_infobox_has_none() -> None:
    found = records(
        infobox="- Year: 2015\n- Status: inactive",
        title="Third session of the 12th National People's Congress",
    )
    assert (found.session.congress, found.session.number, found.session.year) == (12, 3, 2015)


def test_no_session_numbers_anywhere_is_an_error_naming_the_line() -> None:
    with pytest.raises(InputError) as error:
        records(infobox="- Year: 2015", title="A meeting")
    assert str(error.value).startswith("variation.txt:1: cannot tell which session")


def test_pinyin_without_tone_marks_and_dates_outside_march() -> None:
    found = records(
        infobox="""- Pinyin: Di-shier Jie Quanguo Renmin Daibiao Dahui Di-sici Huiyi
- Year: 2016
- Session: 4th | # = 12th | term-begin = 22 May | term-end = 28 May"""
    )
    assert found.session.pinyin_name == "Di-shier Jie Quanguo Renmin Daibiao Dahui Di-sici Huiyi"
    assert (found.session.start, found.session.end) == (dt.date(2016, 5, 22), dt.date(2016, 5, 28))


def test_elect_keys_with_and_without_term_dates() -> None:
    found = records(
        infobox=BASE_INFOBOX
        + """
- Pze: Xi Jinping
- Pzeterm: 14 March
- Pme: Li Keqiang
- Che: Zhang Dejiang
- Cheterm: 14 March 2013"""
    )
    assert [(m.person.name, m.valid_from, m.elected_here) for m in found.memberships] == [
        ("Xi Jinping", dt.date(2016, 3, 14), True),
        ("Li Keqiang", None, True),
        ("Zhang Dejiang", dt.date(2013, 3, 14), True),
    ]


def test_headings_with_or_without_spaces_and_unknown_sections_kept_as_text() -> None:
    found = records(
        """==Background==
The deputies met in Beijing.

== Preparation ==
Delegations arrived early.

=== March 5 ===
- The opening meeting heard the work report.

=== Agenda ===
| Item | Day |
| Opening | 5 March |"""
    )
    assert [(section.title, section.text) for section in found.sections] == [
        ("Background", "The deputies met in Beijing."),
        ("Preparation", "Delegations arrived early."),
        ("March 5", "The opening meeting heard the work report."),
        ("Agenda", "Item | Day\nOpening | 5 March"),
    ]
    assert any("not a vote table" in notice.message for notice in found.notices)


RESOLUTION_TABLE = """== Voting results ==
=== Resolutions ===
| Topic | For | Against | Abstain | Rate |
"""


def test_numbers_with_and_without_separators_and_an_empty_rate() -> None:
    found = records(
        RESOLUTION_TABLE + "| Budget | 2,504 | 293 | 102 | |\n| Plan | 2760 | 97 | 47 | 95.04% |"
    )
    assert [
        (r.topic, r.counts.yes, r.counts.no, r.counts.abstain, r.stated_rate)
        for r in found.resolutions
    ] == [
        ("Budget", 2504, 293, 102, None),
        ("Plan", 2760, 97, 47, Decimal("95.04")),
    ]


def test_empty_row_gives_no_counts_and_a_blank_line_row_is_skipped() -> None:
    found = records(
        RESOLUTION_TABLE + "| Resignation of Chen Sixi from the NPCSC | | | | |\n| | | | | |"
    )
    (only,) = found.resolutions
    assert (only.counts.yes, only.counts.no, only.counts.abstain, only.stated_rate) == (
        None,
        None,
        None,
        None,
    )
    assert only.resigning_person is not None and only.resigning_person.name == "Chen Sixi"


def test_shifted_row_is_repaired_with_a_note_naming_the_cell() -> None:
    found = records(RESOLUTION_TABLE + "| Drafts of electing delegates | All | 2,787 | 36 | 13 |")
    (row,) = found.resolutions
    assert (row.counts.yes, row.counts.no, row.counts.abstain, row.stated_rate) == (
        2787,
        36,
        13,
        None,
    )
    assert row.repair is not None and "cell 2 ('All')" in row.repair
    assert [(n.line, n.column) for n in found.notices if n.message.startswith("repaired")] == [
        (11, 2)
    ]


def test_unreadable_count_is_an_error_with_file_line_and_cell() -> None:
    with pytest.raises(InputError) as error:
        records(RESOLUTION_TABLE + "| Budget | 2,504 | n/a | 102 | 86.37% |")
    assert str(error.value) == (
        "variation.txt:11:3: expected a vote count such as 2,812, found 'n/a'"
    )


def test_table_with_extra_columns() -> None:
    found = records(
        """=== State positions ===
| Presidential Election | | | | | | | |
| Candidates | Age | Constituency | For | Against | Abstain | Voters | Percentage |
| Xi Jinping | 59 | Shanghai | 2,952 | 1 | 3 | 2,956 | 99.86% |"""
    )
    (election,) = found.elections
    (ballot,) = election.ballots
    assert election.post.label == "President of the People's Republic of China"
    assert (ballot.candidate.name, ballot.counts.yes, ballot.counts.no, ballot.counts.abstain) == (
        "Xi Jinping", 2952, 1, 3,
    )  # fmt: skip


def test_side_by_side_elections_with_write_ins() -> None:
    found = records(
        """=== State positions ===
| Presidential Election | Vice Presidential Election | | | | | | |
| Candidates | For | Against | Abstain | Candidates | For | Against | Abstain |
| Xi Jinping | 2,952 | 1 | 3 | Li Yuanchao | 2,839 | 80 | 37 |
| Liu Yunshan | 2 | 0 | 0 | | | | |"""
    )
    assert [
        (e.title, [(b.candidate.name, b.counts.yes) for b in e.ballots]) for e in found.elections
    ] == [
        ("Presidential Election", [("Xi Jinping", 2952), ("Liu Yunshan", 2)]),
        ("Vice Presidential Election", [("Li Yuanchao", 2839)]),
    ]


def test_rules_table_with_percent_thresholds_is_kept_as_text() -> None:
    found = records(
        """== Rules ==
| Decision | Threshold |
| Constitutional amendment | >66.67% |
| Ordinary law | >50% |"""
    )
    assert found.resolutions == [] and found.elections == []
    assert (
        found.sections[0].text
        == "Decision | Threshold\nConstitutional amendment | >66.67%\nOrdinary law | >50%"
    )


def test_bullet_elections_without_counts_several_names_and_one_person_two_offices() -> None:
    found = records(
        """== Elections ==
- President: Hu Jintao (胡锦涛)
- Vice Premiers: Zhang Gaoli, Liu Yandong, Wang Yang and Ma Kai
- President and CMC Chairman: Xi Jinping"""
    )
    summary = [
        (
            e.post.label,
            [(b.candidate.name, b.candidate.chinese_name, b.counts.total()) for b in e.ballots],
        )
        for e in found.elections
    ]
    assert summary == [
        ("President of the People's Republic of China", [("Hu Jintao", "胡锦涛", None)]),
        (
            "Vice Premier of the State Council of the People's Republic of China",
            [("Zhang Gaoli", None, None), ("Liu Yandong", None, None), ("Wang Yang", None, None),
             ("Ma Kai", None, None)],
        ),
        ("President of the People's Republic of China", [("Xi Jinping", None, None)]),
        ("Chairman of the Central Military Commission", [("Xi Jinping", None, None)]),
    ]  # fmt: skip


def test_stated_rate_that_disagrees_is_kept_as_printed() -> None:
    from npcgraph.triples import computed_rate

    found = records(RESOLUTION_TABLE + "| Macau | 2,811 | 10 | 1 | 99.29% |")
    (row,) = found.resolutions
    assert row.stated_rate == Decimal("99.29")
    assert round(computed_rate(row.counts), 2) == Decimal("99.61")


def test_crlf_and_bom_read_like_plain_text() -> None:
    from npcgraph.source import decode

    text = (
        "= Fourth session of the 12th National People's Congress =\r\n\r\n"
        "Infobox\r\n- Year: 2016\r\n- Session: 4th | # = 12th\r\n"
    )
    assert decode(b"\xef\xbb\xbf" + text.encode(), "x.txt") == text.replace("\r\n", "\n")


def test_a_name_twice_in_one_election_and_an_office_elected_twice_stay_apart(tmp_path) -> None:
    from npcgraph.pipeline import article_result
    from npcgraph.shacl import validate_quads

    text = (
        "= Fourth session of the 12th National People's Congress =\n\nInfobox\n"
        + BASE_INFOBOX
        + """

=== State positions ===
| Presidential Election | | | |
| Candidates | For | Against | Abstain |
| Wang Yang | 2,900 | 10 | 5 |
| Wang Yang | 1 | 0 | 0 |

== Elections ==
- President: Wang Yang
"""
    )
    path = tmp_path / "twice.txt"
    path.write_text(text, encoding="utf-8")
    result = article_result(path)
    ballots = sorted((s, o) for s, p, o in result.triples if p.endswith("#listOrder>"))
    base = "<https://w3id.org/npcgraph/id/session/12-4/election/president-of-the-peoples-republic-of-china"
    assert [s for s, _ in ballots] == [
        f"{base}-2/wang-yang>",
        f"{base}/wang-yang-2>",
        f"{base}/wang-yang>",
    ]
    assert validate_quads(result.quads).violations == ()
