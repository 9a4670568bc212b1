"""Every fact of the three seed sessions, asked for by SPARQL with the contract's terms.

Each test runs on the seeds and on the bundled corpus (`any_store`): both must say the same.
"""

from __future__ import annotations

from decimal import Decimal as D

from conftest import select

ID = "https://w3id.org/npcgraph/id/"


def test_sessions(any_store) -> None:
    rows = select(
        any_store,
        """
        SELECT ?s ?title ?congress ?number ?year ?start ?end ?status ?zh ?pinyin ?last ?next ?org
        WHERE {
          ?s a npco:Session, schema:Event ; rdfs:label ?title ; npco:congress ?congress ;
             npco:sessionNumber ?number ; npco:year ?year ; schema:startDate ?start ;
             schema:endDate ?end ; npco:status ?status ; rdfs:label ?zh, ?pinyin ;
             npco:previousSessionYear ?last ; npco:nextSessionYear ?next ; schema:organizer ?org .
          ?org a org:Organization .
          FILTER(lang(?title) = "en" && lang(?zh) = "zh" && lang(?pinyin) = "zh-latn-pinyin")
          FILTER(datatype(?start) = xsd:date && datatype(?end) = xsd:date)
          FILTER(datatype(?congress) = xsd:integer && datatype(?number) = xsd:integer)
        } ORDER BY ?s
        """,
    )
    assert rows == [
        (ID + "session/12-1", "First session of the 12th National People's Congress", 12, 1,
         "2013", "2013-03-05", "2013-03-16", "inactive", "第十二届全国人民代表大会第一次会议",
         "Dì-shíer Jiè Quánguó Rénmín Dàibiǎo Dàhuì Dì-yīcì Huìyì", "2012", "2014",
         ID + "body/npc"),
        (ID + "session/12-2", "Second session of the 12th National People's Congress", 12, 2,
         "2014", "2014-03-05", "2014-03-13", "inactive", "第十二届全国人民代表大会第二次会议",
         "Dì-shíèr Jiè Quánguó Rénmín Dàibiǎo Dàhuì Dì-èrcì Huìyì", "2013", "2015",
         ID + "body/npc"),
        (ID + "session/12-5", "Fifth session of the 12th National People's Congress", 12, 5,
         "2017", "2017-03-05", "2017-03-15", "inactive", "第十二届全国人民代表大会第五次会议",
         "Dì-shíèr Jiè Quánguó Rénmín Dàibiǎo Dàhuì Dì-wǔcì Huìyì", "2016", "2018",
         ID + "body/npc"),
    ]  # fmt: skip


def test_previous_and_next_sessions_link_within_the_corpus(any_store) -> None:
    rows = select(
        any_store,
        """SELECT ?a ?b WHERE { ?a npco:nextSession ?b } ORDER BY ?a""",
    )
    assert rows == [(ID + "session/12-1", ID + "session/12-2")]
    assert select(any_store, "SELECT ?a ?b WHERE { ?a npco:previousSession ?b }") == [
        (ID + "session/12-2", ID + "session/12-1")
    ]


PRESIDENT = "President of the People's Republic of China"
PREMIER = "Premier of the State Council of the People's Republic of China"
CHAIRMAN = "Chairman of the Standing Committee of the National People's Congress"


def test_offices_held(any_store) -> None:
    """One membership per person, post and term start, whichever sessions report it."""
    rows = select(
        any_store,
        """
        SELECT ?name ?office ?from ?elected WHERE {
          ?m a org:Membership ; org:member ?p ; opengov:post ?post ; schema:validFrom ?from .
          ?p a person:Person ; foaf:name ?name .
          ?post a org:Post ; skos:prefLabel ?office .
          OPTIONAL { ?m npco:electedAt/npco:sessionNumber ?elected }
          FILTER(datatype(?from) = xsd:date)
        } ORDER BY ?name ?from
        """,
    )
    assert rows == [
        ("Hu Jintao", PRESIDENT, "2003-03-15", None),
        ("Li Keqiang", PREMIER, "2013-03-15", 1),
        ("Wen Jiabao", PREMIER, "2003-03-16", None),
        ("Wu Bangguo", CHAIRMAN, "2003-03-15", None),
        ("Xi Jinping", PRESIDENT, "2013-03-14", 1),
        ("Zhang Dejiang", CHAIRMAN, "2013-03-14", 1),
    ]


def test_officeholders_reported_by_each_session(any_store) -> None:
    rows = select(
        any_store,
        """
        SELECT ?session ?office ?name WHERE {
          ?m org:member/foaf:name ?name ; opengov:post/skos:prefLabel ?office ;
             npco:reportedIn/npco:sessionNumber ?session .
        } ORDER BY ?session ?office ?name
        """,
    )
    assert rows == [
        (1, CHAIRMAN, "Wu Bangguo"), (1, CHAIRMAN, "Zhang Dejiang"),
        (1, PREMIER, "Li Keqiang"), (1, PREMIER, "Wen Jiabao"),
        (1, PRESIDENT, "Hu Jintao"), (1, PRESIDENT, "Xi Jinping"),
        (2, CHAIRMAN, "Zhang Dejiang"), (2, PREMIER, "Li Keqiang"), (2, PRESIDENT, "Xi Jinping"),
        (5, CHAIRMAN, "Zhang Dejiang"), (5, PREMIER, "Li Keqiang"), (5, PRESIDENT, "Xi Jinping"),
    ]  # fmt: skip


def test_one_node_per_person_and_per_office(any_store) -> None:
    xi = select(any_store, 'SELECT ?p WHERE { ?p foaf:name "Xi Jinping" }')
    assert xi == [(ID + "person/xi-jinping",)]
    graphs = select(
        any_store,
        f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?x ?y <{ID}person/xi-jinping> }} }} ORDER BY ?g",
    )
    assert [g for (g,) in graphs] == [
        ID + "graph/links",  # its owl:sameAs link to Wikidata
        ID + "graph/session/12-1",
        ID + "graph/session/12-2",
        ID + "graph/session/12-5",
    ]
    posts = select(
        any_store,
        """SELECT ?post (COUNT(DISTINCT ?m) AS ?n) WHERE {
             ?m opengov:post ?post . ?post skos:prefLabel "Premier of the State Council of the People's Republic of China"@en
           } GROUP BY ?post""",
    )
    assert posts == [(ID + "post/premier-of-the-state-council-of-the-peoples-republic-of-china", 2)]
    persons = select(
        any_store, "SELECT ?name WHERE { ?p a person:Person ; foaf:name ?name } ORDER BY ?name"
    )
    assert [name for (name,) in persons] == [
        "Cai Xueen", "Cao Jianming", "Chen Sixi", "Chen Yunlong", "Hu Jintao", "Li Hongzhong",
        "Li Keqiang", "Li Yuanchao", "Liu Yunshan", "Pan Yiyang", "Qi Qi", "Shao Zhanwei",
        "Wang Chen", "Wang Shengjun", "Wang Xiao", "Wang Yang", "Wen Jiabao", "Wu Aiying",
        "Wu Bangguo", "Xi Jinping", "Xu Xianming", "Yuan Chunqing", "Zhang Dejiang",
        "Zhang Ping", "Zhou Qiang",
    ]  # fmt: skip


ELECTIONS_12_1 = [
    ("Chairman of the Standing Committee of the National People's Congress", "NPCSC Chairman Election", 1, "Zhang Dejiang", 2952, 5, 4),
    ("Chairman of the Standing Committee of the National People's Congress", "NPCSC Chairman Election", 2, "Zhang Ping", 1, 0, 0),
    ("Secretary-General of the Standing Committee of the National People's Congress", "NPCSC Secretary-general Election", 1, "Wang Chen", 2923, 30, 7),
    ("President of the People's Republic of China", "Presidential Election", 1, "Xi Jinping", 2952, 1, 3),
    ("President of the People's Republic of China", "Presidential Election", 2, "Liu Yunshan", 2, 0, 0),
    ("President of the People's Republic of China", "Presidential Election", 3, "Li Hongzhong", 1, 0, 0),
    ("President of the People's Republic of China", "Presidential Election", 4, "Wang Yang", 1, 0, 0),
    ("President of the People's Republic of China", "Presidential Election", 5, "Yuan Chunqing", 1, 0, 0),
    ("President of the People's Republic of China", "Presidential Election", 6, "Pan Yiyang", 1, 0, 0),
    ("Vice President of the People's Republic of China", "Vice Presidential Election", 1, "Li Yuanchao", 2839, 80, 37),
    ("Chairman of the Central Military Commission", "CMC Chairmanship Election", 1, "Xi Jinping", 2955, 1, 3),
    ("Premier of the State Council of the People's Republic of China", "Premierial Election", 1, "Li Keqiang", 2940, 3, 6),
    ("President of the Supreme People's Court", "Supreme Court President Election", 1, "Zhou Qiang", 2908, 26, 23),
    ("President of the Supreme People's Court", "Supreme Court President Election", 2, "Wu Aiying", 2, 0, 0),
    ("President of the Supreme People's Court", "Supreme Court President Election", 3, "Wang Shengjun", 1, 0, 0),
    ("President of the Supreme People's Court", "Supreme Court President Election", 4, "Qi Qi", 1, 0, 0),
    ("Procurator-General of the Supreme People's Procuratorate", "Procurator-general Election", 1, "Cao Jianming", 2933, 18, 5),
    ("Procurator-General of the Supreme People's Procuratorate", "Procurator-general Election", 2, "Chen Yunlong", 1, 0, 0),
    ("Procurator-General of the Supreme People's Procuratorate", "Procurator-general Election", 3, "Cai Xueen", 1, 0, 0),
]  # fmt: skip


def test_every_election_ballot(any_store) -> None:
    rows = select(
        any_store,
        """
        SELECT ?office ?title ?order ?name ?yes ?no ?abstain WHERE {
          ?b a opengov:VoteEvent, npco:ElectionBallot ; npco:candidate ?p ; npco:office ?post ;
             schema:superEvent id:session\\/12-1 ; npco:listOrder ?order ; npco:election ?e ;
             opengov:count [ a opengov:YesCount ; rdf:value ?yes ],
                           [ a opengov:NoCount ; rdf:value ?no ],
                           [ a opengov:AbstainCount ; rdf:value ?abstain ] .
          ?e rdfs:label ?title ; npco:office ?post .
          ?p foaf:name ?name . ?post skos:prefLabel ?office .
        }
        """,
    )
    assert sorted(rows, key=lambda r: (r[1], r[2])) == sorted(
        ELECTIONS_12_1, key=lambda r: (r[1], r[2])
    )
    others = select(
        any_store,
        "SELECT (COUNT(*) AS ?n) WHERE { ?b a npco:ElectionBallot ; schema:superEvent ?s "
        "FILTER(?s != id:session\\/12-1) }",
    )
    assert others == [(0,)]


RESOLUTIONS = [
    (1, 1, "Premier Wen Jiabao's Government Work Report", 2799, 101, 44, D("95.07")),
    (1, 2, "State Council Institutional Reform Plan", 2875, 56, 26, D("97.23")),
    (1, 3, "Report on the Implementation of the 2012 National Economic and Social Development Plan and the 2013 Draft Plan", 2665, 221, 60, D("90.46")),
    (1, 4, "Report on the Execution of the Central and Local Budgets for 2012 and on the Draft Central and Local Budgets for 2013", 2307, 509, 127, D("78.39")),
    (1, 5, "Chairman Wu Bangguo's NPCSC Work Report", 2733, 150, 61, D("92.83")),
    (1, 6, "Chief Justice Wang Shengjun's Supreme People's Court Work Report", 2218, 605, 120, D("75.37")),
    (1, 7, "Procurator-General Cao Jianming's Supreme People's Procuratorate Work Report", 2239, 485, 121, D("76.03")),
    (2, 1, "Premier Li Keqiang's Government Work Report", 2887, 1, 8, D("99.31")),
    (2, 2, "Report on the Implementation of the 2013 National Economic and Social Development Plan and the 2014 Draft Plan", 2760, 97, 47, D("95.04")),
    (2, 3, "Report on the Execution of the Central and Local Budgets for 2013 and on the Draft Central and Local Budgets for 2014", 2504, 293, 102, D("86.37")),
    (2, 4, "Chairman Zhang Dejiang's NPCSC Work Report", 2784, 74, 44, D("95.93")),
    (2, 5, "Chief Justice Zhou Qiang's Supreme People's Court Work Report", 2425, 378, 95, D("83.69")),
    (2, 6, "Procurator-General Cao Jianming's Supreme People's Procuratorate Work Report", 2402, 390, 108, D("82.83")),
    (2, 7, "Resignation of Wang Xiao from the NPCSC", 2797, 38, 55, D("96.78")),
    (2, 8, "Resignation of Chen Sixi from the NPCSC", None, None, None, None),
    (5, 1, "Premier Li Keqiang's Government Work Report", 2812, 14, 8, D("99.22")),
    (5, 2, "General Principles of the Civil Law", 2782, 30, 21, D("98.20")),
    (5, 3, "Report on the Implementation of the 2016 National Economic and Social Development Plan and the 2017 Draft Plan", 2721, 89, 26, D("95.94")),
    (5, 4, "Report on the Execution of the Central and Local Budgets for 2016 and on the Draft Central and Local Budgets for 2017", 2555, 208, 71, D("90.16")),
    (5, 5, "Drafts of electing delegates for the next term", 2787, 36, 13, None),
    (5, 6, "Hong Kong", 2813, 13, 9, D("99.22")),
    (5, 7, "Macau", 2811, 10, 1, D("99.29")),
    (5, 8, "Chairman Zhang Dejiang's NPCSC Work Report", 2793, 24, 17, D("98.55")),
    (5, 9, "Chief Justice Zhou Qiang's Supreme People's Court Work Report", 2606, 180, 45, D("91.92")),
    (5, 10, "Procurator-General Cao Jianming's Supreme People's Procuratorate Work Report", 2606, 180, 46, D("92.02")),
    (5, 11, "Resignation of Xu Xianming from the NPCSC", 2749, 27, 47, D("97.38")),
]  # fmt: skip


def test_every_resolution_vote(any_store) -> None:
    rows = select(
        any_store,
        """
        SELECT ?session ?order ?topic ?yes ?no ?abstain ?rate WHERE {
          ?v a opengov:VoteEvent, npco:ResolutionVote ; opengov:motion ?m ;
             schema:superEvent ?s ; npco:agendaOrder ?order .
          ?m a opengov:Motion ; skos:prefLabel ?topic .
          ?s npco:sessionNumber ?session .
          OPTIONAL { ?v opengov:count [ a opengov:YesCount ; rdf:value ?yes ] }
          OPTIONAL { ?v opengov:count [ a opengov:NoCount ; rdf:value ?no ] }
          OPTIONAL { ?v opengov:count [ a opengov:AbstainCount ; rdf:value ?abstain ] }
          OPTIONAL { ?v npco:statedApprovalRate ?rate }
        } ORDER BY ?session ?order
        """,
    )
    assert rows == RESOLUTIONS


def test_empty_row_gives_a_vote_with_no_counts(any_store) -> None:
    rows = select(
        any_store,
        """SELECT ?v (COUNT(?c) AS ?n) WHERE {
             ?v opengov:motion [ skos:prefLabel "Resignation of Chen Sixi from the NPCSC"@en ] .
             OPTIONAL { ?v opengov:count ?c } } GROUP BY ?v""",
    )
    assert rows == [(ID + "session/12-2/vote/8-resignation-of-chen-sixi-from-the-npcsc", 0)]


def test_rate_mismatches_are_flagged_and_stated_rates_kept(any_store) -> None:
    rows = select(
        any_store,
        """SELECT ?session ?topic ?stated ?computed WHERE {
             ?v npco:approvalRateMismatch true ; npco:statedApprovalRate ?stated ;
                npco:computedApprovalRate ?computed ; opengov:motion/skos:prefLabel ?topic ;
                schema:superEvent/npco:sessionNumber ?session .
           } ORDER BY ?session ?topic""",
    )
    assert rows == [
        (1, "Procurator-General Cao Jianming's Supreme People's Procuratorate Work Report",
         D("76.03"), D("78.70")),
        (2, "Chief Justice Zhou Qiang's Supreme People's Court Work Report", D("83.69"), D("83.68")),
        (2, "Premier Li Keqiang's Government Work Report", D("99.31"), D("99.69")),
        (5, "Chief Justice Zhou Qiang's Supreme People's Court Work Report", D("91.92"), D("92.05")),
        (5, "Macau", D("99.29"), D("99.61")),
    ]  # fmt: skip


def test_shifted_row_is_repaired_and_the_repair_recorded(any_store) -> None:
    rows = select(
        any_store,
        """SELECT ?repair ?line ?computed WHERE {
             ?v npco:repair ?repair ; npco:computedApprovalRate ?computed ;
                prov:wasDerivedFrom/npco:line ?line }""",
    )
    assert len(rows) == 1
    repair, line, computed = rows[0]
    assert "cell 2 ('All') is not a count" in repair and "no rate is stated" in repair
    assert line == 34
    assert computed == D("98.27")


def test_persons_inside_topics(any_store) -> None:
    rows = select(
        any_store,
        """SELECT ?session ?name ?office WHERE {
             ?v opengov:motion ?m ; schema:superEvent/npco:sessionNumber ?session .
             ?m npco:presentedBy/foaf:name ?name ; npco:presenterOffice/skos:prefLabel ?office .
           } ORDER BY ?session ?name""",
    )
    assert rows == [
        (1, "Cao Jianming", "Procurator-General of the Supreme People's Procuratorate"),
        (1, "Wang Shengjun", "President of the Supreme People's Court"),
        (1, "Wen Jiabao", "Premier of the State Council of the People's Republic of China"),
        (1, "Wu Bangguo", "Chairman of the Standing Committee of the National People's Congress"),
        (2, "Cao Jianming", "Procurator-General of the Supreme People's Procuratorate"),
        (2, "Li Keqiang", "Premier of the State Council of the People's Republic of China"),
        (2, "Zhang Dejiang", "Chairman of the Standing Committee of the National People's Congress"),
        (2, "Zhou Qiang", "President of the Supreme People's Court"),
        (5, "Cao Jianming", "Procurator-General of the Supreme People's Procuratorate"),
        (5, "Li Keqiang", "Premier of the State Council of the People's Republic of China"),
        (5, "Zhang Dejiang", "Chairman of the Standing Committee of the National People's Congress"),
        (5, "Zhou Qiang", "President of the Supreme People's Court"),
    ]  # fmt: skip


def test_resignations(any_store) -> None:
    rows = select(
        any_store,
        """SELECT ?session ?name ?body WHERE {
             ?v opengov:motion ?m ; schema:superEvent/npco:sessionNumber ?session .
             ?m a npco:ResignationMotion ; npco:resigningPerson/foaf:name ?name ;
                npco:resignsFrom/skos:prefLabel ?body .
           } ORDER BY ?session ?name""",
    )
    body = "Standing Committee of the National People's Congress"
    assert rows == [(2, "Chen Sixi", body), (2, "Wang Xiao", body), (5, "Xu Xianming", body)]


def test_death_during_the_congress(any_store) -> None:
    rows = select(
        any_store,
        """SELECT ?session ?name ?office ?text WHERE {
             ?e a npco:Death, schema:Event ; npco:person/foaf:name ?name ;
                npco:personOffice/skos:prefLabel ?office ; schema:description ?text ;
                schema:superEvent/npco:sessionNumber ?session }""",
    )
    assert rows == [
        (
            1,
            "Shao Zhanwei",
            "Mayor of Hangzhou",
            "Hangzhou mayor Shao Zhanwei died during the congress.",
        )
    ]


STATISTICS = [
    (1, "gdp", D("51.9"), "trillion yuan", "Level", "Outcome", "2008/2012", D("26.6"), ""),
    (1, "government-revenue", D("11.7"), "trillion yuan", "Level", "Outcome", "2008/2012", D("5.1"), ""),
    (1, "rural-net-income", D("9.9"), "percent", "Change", "Outcome", "2008/2012", None, ""),
    (1, "urban-disposable-income", D("8.8"), "percent", "Change", "Outcome", "2008/2012", None, "annual average"),
    (1, "urban-jobs", D("58.7"), "million", "Level", "Outcome", "2008/2012", None, ""),
    (2, "cpi", D("2.6"), "percent", "Change", "Outcome", "2013", None, ""),
    (2, "cpi", D("3.5"), "percent", "Change", "Target", "2014", None, "around"),
    (2, "electricity-consumption", D("7.5"), "percent", "Change", "Outcome", "2013", None, ""),
    (2, "foreign-trade", D("4"), "trillion US dollars", "Level", "Outcome", "2013", None, "more than"),
    (2, "freight-volume", D("9.9"), "percent", "Change", "Outcome", "2013", None, ""),
    (2, "gdp", D("7.5"), "percent", "Change", "Target", "2014", None, "about"),
    (2, "gdp", D("7.7"), "percent", "Change", "Outcome", "2013", None, ""),
    (2, "gdp", D("56.9"), "trillion yuan", "Level", "Outcome", "2013", None, ""),
    (2, "government-revenue", D("10.1"), "percent", "Change", "Outcome", "2013", None, ""),
    (2, "grain-output", D("600"), "million metric tons", "Level", "Outcome", "2013", None, "more than"),
    (2, "industrial-profits", D("12.2"), "percent", "Change", "Outcome", "2013", None, ""),
    (2, "rural-net-income", D("9.3"), "percent", "Change", "Outcome", "2013", None, "in real terms"),
    (2, "rural-poverty", D("-16.5"), "million", "Change", "Outcome", "2013", None, ""),
    (2, "service-sector-share", D("46.1"), "percent", "Share", "Outcome", "2013", None, ""),
    (2, "urban-disposable-income", D("7"), "percent", "Change", "Outcome", "2013", None, "in real terms"),
    (2, "urban-jobs", D("10"), "million", "Level", "Target", "2014", None, ""),
    (2, "urban-jobs", D("13.1"), "million", "Level", "Outcome", "2013", None, ""),
    (2, "urban-unemployment-rate", D("4.1"), "percent", "Level", "Outcome", "2013", None, ""),
    (2, "urban-unemployment-rate", D("4.6"), "percent", "Level", "Target", "2014", None, "at most"),
    (5, "gdp", D("6.5"), "percent", "Change", "Target", "2017", None, ""),
]  # fmt: skip


def test_government_work_report_statistics(any_store) -> None:
    rows = select(
        any_store,
        """SELECT ?session ?indicator ?value ?unit ?measure ?kind ?period ?start
                  (COALESCE(?q, "") AS ?qualifier) WHERE {
             ?x a npco:Statistic ; npco:indicator ?i ; schema:value ?value ;
                schema:unitText ?unit ; npco:measure ?m ; npco:statisticKind ?k ;
                schema:temporalCoverage ?period ; npco:session/npco:sessionNumber ?session ;
                npco:sourceText ?text .
             OPTIONAL { ?x npco:startValue ?start }
             OPTIONAL { ?x npco:qualifier ?q }
             BIND(STRAFTER(STR(?i), "/indicator/") AS ?indicator)
             BIND(STRAFTER(STR(?m), "#") AS ?measure)
             BIND(STRAFTER(STR(?k), "#") AS ?kind)
           } ORDER BY ?session ?indicator ?kind ?value""",
    )
    expected = sorted(STATISTICS, key=lambda r: (r[0], r[1], r[5], r[2]))
    assert rows == expected


def test_provenance_of_a_count(seed_store) -> None:
    """Where did the Macau 'for' count come from? File, section path, line, table row, cell."""
    rows = select(
        seed_store,
        """SELECT ?file ?path ?line ?column ?row ?value WHERE {
             ?v opengov:motion/skos:prefLabel "Macau"@en ;
                opengov:count ?c .
             ?c a opengov:YesCount ; rdf:value ?value ; prov:wasDerivedFrom ?where ;
                dcterms:source ?article .
             ?where npco:line ?line ; npco:column ?column ; npco:tableRow ?row ;
                npco:sectionPath ?path ; dcterms:isPartOf ?article .
             ?article npco:fileName ?file }""",
    )
    assert rows == [("000_ec72ee92cfb52ba5.txt", "Voting results / Resolutions", 36, 2, 7, 2811)]


def test_every_record_says_where_it_came_from(any_store) -> None:
    rows = select(
        any_store,
        """SELECT ?x WHERE {
             VALUES ?class { npco:Session person:Person org:Membership opengov:VoteEvent
                             opengov:Motion npco:Election npco:Statistic npco:Event
                             opengov:YesCount opengov:NoCount opengov:AbstainCount }
             ?x a ?class .
             FILTER NOT EXISTS { ?x prov:wasDerivedFrom/npco:line ?line ; dcterms:source ?a }
           }""",
    )
    assert rows == []


def test_no_blank_nodes(any_store) -> None:
    rows = select(any_store, "SELECT ?s WHERE { ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) }")
    assert rows == []
