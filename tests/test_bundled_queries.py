"""The bundled queries (queries/*.rq), pinned row by row on the bundled corpus."""

from __future__ import annotations

import csv
import io

import pytest

from npcgraph.sparql import bundled_queries, bundled_query, run_query

SESSION = "https://w3id.org/npcgraph/id/session/"


@pytest.fixture(scope="module")
def rows(bundled_store):
    def run(name: str) -> list[dict[str, str]]:
        text = run_query(bundled_store, bundled_query(name), "csv")
        return list(csv.DictReader(io.StringIO(text)))

    return run


def test_every_bundled_query_is_listed_in_the_readme() -> None:
    from conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert sorted(bundled_queries()) == [
        "dissent-by-session", "election-results", "officeholders", "rate-mismatches",
        "report-approval-across-sessions", "wikidata-links",
    ]  # fmt: skip
    for name in bundled_queries():
        assert f"`{name}`" in readme


DISSENT = [
    ('12-1', '6', '2218', '605', '120', '725', '24.63'),
    ('12-1', '4', '2307', '509', '127', '636', '21.61'),
    ('12-1', '7', '2239', '485', '121', '606', '21.3'),
    ('12-1', '3', '2665', '221', '60', '281', '9.54'),
    ('12-1', '5', '2733', '150', '61', '211', '7.17'),
    ('12-1', '1', '2799', '101', '44', '145', '4.93'),
    ('12-1', '2', '2875', '56', '26', '82', '2.77'),
    ('12-2', '6', '2402', '390', '108', '498', '17.17'),
    ('12-2', '5', '2425', '378', '95', '473', '16.32'),
    ('12-2', '3', '2504', '293', '102', '395', '13.63'),
    ('12-2', '2', '2760', '97', '47', '144', '4.96'),
    ('12-2', '4', '2784', '74', '44', '118', '4.07'),
    ('12-2', '7', '2797', '38', '55', '93', '3.22'),
    ('12-2', '1', '2887', '1', '8', '9', '0.31'),
    ('12-5', '4', '2555', '208', '71', '279', '9.84'),
    ('12-5', '10', '2606', '180', '46', '226', '7.98'),
    ('12-5', '9', '2606', '180', '45', '225', '7.95'),
    ('12-5', '3', '2721', '89', '26', '115', '4.06'),
    ('12-5', '11', '2749', '27', '47', '74', '2.62'),
    ('12-5', '2', '2782', '30', '21', '51', '1.8'),
    ('12-5', '5', '2787', '36', '13', '49', '1.73'),
    ('12-5', '8', '2793', '24', '17', '41', '1.45'),
    ('12-5', '1', '2812', '14', '8', '22', '0.78'),
    ('12-5', '6', '2813', '13', '9', '22', '0.78'),
    ('12-5', '7', '2811', '10', '1', '11', '0.39'),
]  # fmt: skip


def test_dissent_by_session(rows) -> None:
    found = [
        (r["session"].removeprefix(SESSION), r["agendaOrder"], r["for"], r["against"],
         r["abstain"], r["dissent"], r["dissentShare"])
        for r in rows("dissent-by-session")
    ]  # fmt: skip
    assert found == DISSENT


def test_supreme_court_report_across_sessions(rows) -> None:
    found = [
        (r["session"].removeprefix(SESSION), r["presenter"], r["for"], r["against"], r["abstain"],
         r["statedRate"], r["computedRate"])
        for r in rows("report-approval-across-sessions")
    ]  # fmt: skip
    assert found == [
        ("12-1", "Wang Shengjun", "2218", "605", "120", "75.37", "75.37"),
        ("12-2", "Zhou Qiang", "2425", "378", "95", "83.69", "83.68"),
        ("12-5", "Zhou Qiang", "2606", "180", "45", "91.92", "92.05"),
    ]


def test_officeholders(rows) -> None:
    found = {
        (r["name"], r["validFrom"], r["reportedIn"].removeprefix(SESSION),
         r["electedAt"].removeprefix(SESSION))
        for r in rows("officeholders")
    }  # fmt: skip
    assert found == {
        ("Wu Bangguo", "2003-03-15", "12-1", ""), ("Wen Jiabao", "2003-03-16", "12-1", ""),
        ("Hu Jintao", "2003-03-15", "12-1", ""),
        ("Zhang Dejiang", "2013-03-14", "12-1", "12-1"), ("Zhang Dejiang", "2013-03-14", "12-2", "12-1"),
        ("Zhang Dejiang", "2013-03-14", "12-5", "12-1"),
        ("Li Keqiang", "2013-03-15", "12-1", "12-1"), ("Li Keqiang", "2013-03-15", "12-2", "12-1"),
        ("Li Keqiang", "2013-03-15", "12-5", "12-1"),
        ("Xi Jinping", "2013-03-14", "12-1", "12-1"), ("Xi Jinping", "2013-03-14", "12-2", "12-1"),
        ("Xi Jinping", "2013-03-14", "12-5", "12-1"),
    }  # fmt: skip


def test_election_results(rows) -> None:
    found = rows("election-results")
    assert len(found) == 19
    president = [
        (r["listOrder"], r["candidate"], r["for"], r["against"], r["abstain"], r["forShare"])
        for r in found
        if r["election"] == "Presidential Election"
    ]
    assert president == [
        ("1", "Xi Jinping", "2952", "1", "3", "99.86"), ("2", "Liu Yunshan", "2", "0", "0", "100"),
        ("3", "Li Hongzhong", "1", "0", "0", "100"), ("4", "Wang Yang", "1", "0", "0", "100"),
        ("5", "Yuan Chunqing", "1", "0", "0", "100"), ("6", "Pan Yiyang", "1", "0", "0", "100"),
    ]  # fmt: skip


def test_rate_mismatches(rows) -> None:
    found = [
        (r["session"].removeprefix(SESSION), r["motion"], r["statedRate"], r["computedRate"],
         r["difference"])
        for r in rows("rate-mismatches")
    ]  # fmt: skip
    assert found == [
        (
            "12-1",
            "Procurator-General Cao Jianming's Supreme People's Procuratorate Work Report",
            "76.03",
            "78.7",
            "-2.67",
        ),
        ("12-2", "Premier Li Keqiang's Government Work Report", "99.31", "99.69", "-0.38"),
        ("12-5", "Macau", "99.29", "99.61", "-0.32"),
        (
            "12-5",
            "Chief Justice Zhou Qiang's Supreme People's Court Work Report",
            "91.92",
            "92.05",
            "-0.13",
        ),
        (
            "12-2",
            "Chief Justice Zhou Qiang's Supreme People's Court Work Report",
            "83.69",
            "83.68",
            "0.01",
        ),
    ]


def test_wikidata_links_of_the_seed_officeholders(rows) -> None:
    found = {r["name"]: r["item"].rsplit("/", 1)[-1] for r in rows("wikidata-links")}
    assert {name: found.get(name) for name in (
        "Xi Jinping", "Hu Jintao", "Li Keqiang", "Zhang Dejiang", "Zhou Qiang", "Cao Jianming",
        "Wen Jiabao", "Wu Bangguo", "Wang Yang", "Liu Yunshan")} == {
        "Xi Jinping": "Q15031", "Hu Jintao": "Q15029", "Li Keqiang": "Q18111",
        "Zhang Dejiang": "Q197178", "Zhou Qiang": "Q198003", "Cao Jianming": "Q702356",
        "Wen Jiabao": "Q16628", "Wu Bangguo": "Q360563", "Wang Yang": None, "Liu Yunshan": None,
    }  # fmt: skip
