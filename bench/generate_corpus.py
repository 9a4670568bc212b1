"""Write a synthetic corpus of N session articles in npcgraph's input format, for benchmarks.

    python bench/generate_corpus.py N OUTDIR [--seed S]

Article i describes session `1 + i % 5` of congress `1 + i // 5` (so every article is a
different session, and congresses go far beyond any real one), in year `1954 + i` (wrapped to
stay a four-digit year). Officeholders and candidates are Wikidata labels from
/work/shared/wikidata/officeholders.ttl; labels in Chinese characters only become
`Pinyin Name (中文)` or stay bare Chinese. Every quirk that DESIGN.md "Input" lists appears
somewhere: shuffled and missing infobox keys, `4rd`, `-elect` keys with and without terms,
`22 May`, headings without spaces, unknown sections, side-by-side election tables with write-ins,
empty and shifted rows, counts with and without separators, empty rates, extra columns, rules
tables, bullet elections without counts, and work-report bullets with figures. Article i
depends only on (seed, i), so the first 1,000 articles of a 10,000 corpus equal the 1,000 corpus.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

WIKIDATA = Path("/work/shared/wikidata/officeholders.ttl")
FIRST_YEAR = 1954
YEARS = 9999 - FIRST_YEAR + 1
"""Years wrap after 9999: the tool reads four-digit years only."""

_PERSON_LABEL = re.compile(r'wdt:P31 wd:Q5 ;\s*rdfs:label "(?P<label>[^"]+)"@en')
_HAN = re.compile(r"[\u3400-\u9fff]")
_UNSAFE = re.compile(r"[|:;,()（）\[\]]|\band\b|election", re.IGNORECASE)
_WORDS = ["First", "Second", "Third", "Fourth", "Fifth"]
_DIGITS = "零一二三四五六七八九"
_DIGIT_PINYIN = {
    "零": ("líng", "ling"), "一": ("yī", "yi"), "二": ("èr", "er"), "三": ("sān", "san"),
    "四": ("sì", "si"), "五": ("wǔ", "wu"), "六": ("liù", "liu"), "七": ("qī", "qi"),
    "八": ("bā", "ba"), "九": ("jiǔ", "jiu"), "十": ("shí", "shi"), "百": ("bǎi", "bai"),
    "千": ("qiān", "qian"), "万": ("wàn", "wan"),
}  # fmt: skip
MONTHS = ["March", "March", "March", "March", "May", "February"]


# ---------------------------------------------------------------- names


@lru_cache(maxsize=1)
def person_names(source: Path = WIKIDATA) -> tuple[str, ...]:
    """Person labels usable as written names: `Xi Jinping`, `Liu Peiqiong (刘佩琼)`, `梁冰`."""
    from pypinyin import Style, lazy_pinyin

    names: list[str] = []
    for match in _PERSON_LABEL.finditer(source.read_text(encoding="utf-8")):
        label = re.sub(r"\s*\([^)]*\)\s*$", "", match["label"]).strip()
        if not label:
            continue
        if _HAN.search(label):
            if not all(_HAN.match(char) for char in label):
                continue
            syllables = lazy_pinyin(label, style=Style.NORMAL)
            if len(syllables) < 2:
                continue
            latin = f"{syllables[0].capitalize()} {''.join(syllables[1:]).capitalize()}"
            names.append(label if len(names) % 7 == 0 else f"{latin} ({label})")
        elif not _UNSAFE.search(label):
            names.append(label)
    return tuple(sorted(set(names)))


def plain_name(name: str) -> str:
    """The Latin part of `Liu Peiqiong (刘佩琼)`: used where prose names a person."""
    return name.split(" (")[0]


# ---------------------------------------------------------------- numbers


def ordinal(number: int) -> str:
    """`1st`, `12th`, `2003rd`."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def chinese_number(number: int) -> str:
    """12 -> 十二, 305 -> 三百零五 (enough for congress numbers below 100,000)."""
    if number < 10:
        return _DIGITS[number]
    if number < 20:
        return "十" + (_DIGITS[number % 10] if number % 10 else "")
    units = [(10000, "万"), (1000, "千"), (100, "百"), (10, "十"), (1, "")]
    out, gap = "", False
    for size, unit_name in units:
        digit = number // size % 10 if size < 10000 else number // size
        if digit:
            if gap and out:
                out += "零"
            out += (chinese_number(digit) if size == 10000 else _DIGITS[digit]) + unit_name
            gap = False
        elif out:
            gap = True
    return out


def numeral_pinyin(chinese: str, tones: bool) -> str:
    return "".join(_DIGIT_PINYIN[char][0 if tones else 1] for char in chinese)


def count_text(value: int, rng: random.Random) -> str:
    """`2,812` mostly, `2812` sometimes."""
    return f"{value:,}" if rng.random() < 0.85 else str(value)


# ---------------------------------------------------------------- the article


class ArticleWriter:
    """One article: infobox, lead, sections and tables, all from (seed, index)."""

    def __init__(self, index: int, seed: int, names: tuple[str, ...]) -> None:
        self.rng = random.Random(seed * 1_000_003 + index)
        self.names = names
        self.index = index
        self.congress = 1 + index // 5
        self.number = 1 + index % 5
        self.year = FIRST_YEAR + index % YEARS
        self.month = self.rng.choice(MONTHS)
        self.begin = self.rng.randint(3, 9) if self.month != "May" else 22
        self.end = self.begin + (self.rng.randint(6, 12) if self.month != "May" else 6)
        self.president = self.name()
        self.premier = self.name()
        self.chairman = self.name()
        self.justice = self.name()
        self.procurator = self.name()
        self.lines: list[str] = []

    def name(self) -> str:
        return self.rng.choice(self.names)

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def write(self) -> str:
        title = (
            f"{_WORDS[self.number - 1]} session of the {ordinal(self.congress)} "
            "National People's Congress"
        )
        self.lines += [f"= {title} =", "", "Infobox", *self.infobox(), ""]
        self.lines += [self.lead(), ""]
        sections: list[Callable[[], None]] = [self.the_session]
        if self.chance(0.3):
            sections.insert(0, self.preparation)
        if self.chance(0.3):
            sections.insert(0, self.background)
        for section in sections:
            section()
        self.voting_results()
        if self.chance(0.3):
            self.rules()
        if self.chance(0.4):
            self.events()
        return "\n".join(self.lines) + "\n"

    # -- infobox

    def infobox(self) -> list[str]:
        rng = self.rng
        session_word = ordinal(self.number)
        if self.number == 4 and self.chance(0.3):
            session_word = "4rd"
        parts = [f"# = {ordinal(self.congress)}", f"term-begin = {self.begin} {self.month}"]
        if self.chance(0.9):
            parts.append(f"term-end = {self.end} {self.month}")
        rng.shuffle(parts)
        congress_zh, number_zh = chinese_number(self.congress), chinese_number(self.number)
        chinese = f"第{congress_zh}届全国人民代表大会第{number_zh}次会议"
        tones = self.chance(0.7)
        pinyin = (
            f"Dì-{numeral_pinyin(congress_zh, tones)} Jiè Quánguó Rénmín "
            f"Dàibiǎo Dàhuì Dì-{numeral_pinyin(number_zh, tones)}cì Huìyì"
        )
        if not tones:
            pinyin = pinyin.replace("Dì", "Di").replace("Jiè", "Jie").replace("Quánguó", "Quanguo")
            pinyin = pinyin.replace("Rénmín", "Renmin").replace("Dàibiǎo", "Daibiao")
            pinyin = pinyin.replace("Dàhuì", "Dahui").replace("cì Huìyì", "ci Huiyi")
        optional = [
            f"- Status: {rng.choice(['inactive', 'inactive', 'active'])}",
            f"- Chinese: {chinese}",
            f"- Pinyin: {pinyin}",
            f"- Lastyear: {self.year - 1}",
            *([f"- Nextyear: {self.year + 1}"] if self.year < 9999 else []),
        ]
        fields = [item for item in optional if self.chance(0.85)]
        fields += [f"- Year: {self.year}", f"- Session: {session_word} | " + " | ".join(parts)]
        for key, holder in (("Pz", self.president), ("Pm", self.premier), ("Ch", self.chairman)):
            if self.chance(0.93):
                fields += self.holder(key, holder, elected=False)
        if self.number == 1 and self.chance(0.8):
            for key in ("Pze", "Pme", "Che"):
                fields += self.holder(key, self.name(), elected=True)
        if self.chance(0.05):
            fields.append("- Venue: Great Hall of the People")
        rng.shuffle(fields)
        return fields

    def holder(self, key: str, name: str, elected: bool) -> list[str]:
        found = [f"- {key}: {name}", f"- {key}image: {self.rng.choice(['100px', '105px'])}"]
        if elected:
            choice = self.rng.random()
            if choice < 0.4:
                found.append(f"- {key}term: {self.begin + 9} {self.month}")
            elif choice < 0.8:
                found.append(f"- {key}term: {self.begin + 9} {self.month} {self.year}")
        elif self.chance(0.9):
            start = self.year - self.rng.randint(0, 9)
            found.append(f"- {key}term: {self.rng.randint(10, 18)} March {start}")
        return found

    # -- prose

    def lead(self) -> str:
        place = self.rng.choice(
            ["at the Great Hall of the People in Beijing, China", "in Beijing", "in the capital"]
        )
        opening = self.rng.choice(
            [
                f"The {_WORDS[self.number - 1].lower()} session of the {ordinal(self.congress)} "
                f"National People's Congress was held in {self.month} {self.year} {place}.",
                f"The {_WORDS[self.number - 1].lower()} session of the {ordinal(self.congress)} "
                f"National People's Congress held its annual meeting in {self.month} "
                f"{self.year} {place}.",
            ]
        )
        closing = self.rng.choice(
            [
                f" The session opened on {self.begin} {self.month} and concluded on "
                f"{self.end} {self.month}.",
                " Deputies from every province attended.",
                "",
            ]
        )
        return opening + closing

    def background(self) -> None:
        heading = self.rng.choice(["==Background==", "== Background =="])
        self.lines += [
            heading,
            f"The deputies of the {ordinal(self.congress)} congress were chosen in the year "
            "before, and the session had been announced by the Standing Committee.",
            "",
        ]

    def preparation(self) -> None:
        self.lines += [
            "== Preparation ==",
            "Delegations arrived in the capital a few days early and met in groups.",
            "",
        ]
        if self.chance(0.5):
            self.lines += [
                "=== Agenda ===",
                "| Item | Day |",
                f"| Opening meeting | {self.begin} {self.month} |",
                f"| Closing meeting | {self.end} {self.month} |",
                "",
            ]

    def the_session(self) -> None:
        self.lines += [self.rng.choice(["== The session ==", "==The session=="])]
        self.lines += [
            f"At the opening meeting, Premier {plain_name(self.premier)} delivered the "
            "government work report to the deputies.",
            "",
        ]
        if self.chance(0.3):
            self.lines += [
                f"=== {self.rng.choice(['March 5', 'March 8', 'Day one'])} ===",
                "- The opening meeting heard the work report.",
                "- Delegations discussed the draft plans in groups.",
                "",
            ]
        if self.chance(0.8):
            self.work_report()

    def work_report(self) -> None:
        rng = self.rng
        gdp = rng.randint(20, 120) + rng.randint(0, 9) / 10
        growth = rng.randint(20, 110) / 10
        revenue = rng.randint(5, 30) + rng.randint(0, 9) / 10
        jobs = rng.randint(80, 150) / 10
        self.lines += [
            "=== Government Work Report ===",
            "Below are the key points of the country's achievements in the past year, from "
            f"Premier {plain_name(self.premier)}'s work report:",
            "",
            f"- The economy was stable. The gross domestic product (GDP) reached {gdp} trillion "
            f"yuan, an increase of {growth}% over the previous year. The rise in the consumer "
            f"price index (CPI) was kept at {rng.randint(10, 40) / 10}%.",
            f"- Government revenue went up from {revenue} trillion yuan to "
            f"{round(revenue * 1.1, 1)} trillion yuan.",
            f"- A total of {jobs} million urban jobs were created.",
            "- The per capita disposable income of urban residents rose by "
            f"{rng.randint(50, 100) / 10}%, and the per capita net income of rural residents "
            f"rose by {rng.randint(50, 110) / 10}%.",
            "- Progress was made in key areas of reform.",
            "",
            "The last part of the report consists of targets for the coming year, the main "
            "points are:",
            "",
            f"- increase GDP by about {rng.randint(50, 80) / 10}%",
            f"- keep the rise in the CPI at around {rng.randint(20, 40) / 10}%",
            f"- create {rng.choice(['ten', 'nine', '11'])} million more urban jobs",
            "- ensure that the registered urban unemployment rate does not rise above "
            f"{rng.randint(40, 50) / 10}%",
            "",
        ]

    # -- votes

    def voting_results(self) -> None:
        self.lines += ["== Voting results ==", ""]
        if self.number == 1 or self.chance(0.1):
            self.state_positions()
        if self.chance(0.2):
            self.bullet_elections()
        self.resolutions()

    def vote(self, low_dissent: bool = False) -> tuple[int, int, int]:
        total = self.rng.randint(2780, 2990)
        against = self.rng.randint(0, 40 if low_dissent else 600)
        abstain = self.rng.randint(0, 20 if low_dissent else 150)
        return total - against - abstain, against, abstain

    def rate_text(self, yes: int, no: int, abstain: int) -> str:
        if self.chance(0.05):
            return ""
        rate = 100 * yes / (yes + no + abstain)
        if self.chance(0.12):
            rate += self.rng.choice([-1, 1]) * self.rng.randint(5, 300) / 100
            rate = min(rate, 100.0)
        return f"{rate:.2f}%"

    def resolutions(self) -> None:
        topics = [
            f"Premier {plain_name(self.premier)}'s Government Work Report",
            f"Report on the Implementation of the {self.year - 1} National Economic and Social "
            f"Development Plan and the {self.year} Draft Plan",
            f"Report on the Execution of the Central and Local Budgets for {self.year - 1} and "
            f"on the Draft Central and Local Budgets for {self.year}",
            f"Chairman {plain_name(self.chairman)}'s NPCSC Work Report",
            f"Chief Justice {plain_name(self.justice)}'s Supreme People's Court Work Report",
            f"Procurator-General {plain_name(self.procurator)}'s Supreme People's Procuratorate "
            "Work Report",
        ]
        extras = [
            "Hong Kong",
            "Macau",
            "State Council Institutional Reform Plan",
            f"Law on {self.rng.choice(['Foreign Investment', 'National Security', 'Charities'])}",
            f"Resignation of {plain_name(self.name())} from the NPCSC",
            f"Amendment No. {self.rng.randint(1, 9)} to the Criminal Law",
        ]
        topics += self.rng.sample(extras, self.rng.randint(0, len(extras)))
        self.lines += ["=== Resolutions ===", "| Topic | For | Against | Abstain | Rate |"]
        shifted_at = self.rng.randrange(len(topics)) if self.chance(0.2) else None
        for position, topic in enumerate(topics):
            yes, no, abstain = self.vote()
            if position == shifted_at:
                cells = ["Drafts of electing delegates for the next term", "All"]
                cells += [count_text(value, self.rng) for value in (yes, no, abstain)]
            else:
                cells = [topic, *(count_text(value, self.rng) for value in (yes, no, abstain))]
                cells.append(self.rate_text(yes, no, abstain))
            self.lines.append("| " + " | ".join(cells) + " |")
            if self.chance(0.03):
                self.lines.append("| | | | | |")
        if self.chance(0.15):
            resigning = plain_name(self.name())
            self.lines.append(f"| Resignation of {resigning} from the NPCSC | | | | |")
        self.lines.append("")

    def candidates(self, winner: str) -> list[tuple[str, int, int, int]]:
        found = [(winner, *self.vote(low_dissent=True))]
        for _ in range(self.rng.choice([0, 0, 0, 1, 2, 4])):
            found.append((self.name(), self.rng.randint(1, 3), 0, 0))
        return found

    def state_positions(self) -> None:
        pairs = [
            ("NPCSC Chairman Election", "NPCSC Secretary-general Election"),
            ("Presidential Election", "Vice Presidential Election"),
            ("CMC Chairmanship Election", "Premierial Election"),
            ("Supreme Court President Election", "Procurator-general Election"),
        ]
        winners = {
            "NPCSC Chairman Election": self.chairman,
            "Presidential Election": self.president,
            "CMC Chairmanship Election": self.president,
            "Premierial Election": self.premier,
            "Supreme Court President Election": self.justice,
            "Procurator-general Election": self.procurator,
        }
        self.lines.append("=== State positions ===")
        for left, right in self.rng.sample(pairs, self.rng.randint(1, len(pairs))):
            self.lines.append(f"| {left} | {right} | | | | | | |")
            self.lines.append(
                "| Candidates | For | Against | Abstain | Candidates | For | Against | Abstain |"
            )
            both = [
                self.candidates(winners.get(left) or self.name()),
                self.candidates(winners.get(right) or self.name()),
            ]
            for row in range(max(len(both[0]), len(both[1]))):
                cells: list[str] = []
                for side in both:
                    if row < len(side):
                        name, yes, no, abstain = side[row]
                        cells += [name, *(count_text(v, self.rng) for v in (yes, no, abstain))]
                    else:
                        cells += ["", "", "", ""]
                self.lines.append("| " + " | ".join(cells) + " |")
        if self.chance(0.4):
            self.lines.append("| Vice Premier Election | | | | | | | |")
            self.lines.append(
                "| Candidates | Age | Constituency | For | Against | Abstain | Voters "
                "| Percentage |"
            )
            for _ in range(self.rng.randint(1, 4)):
                yes, no, abstain = self.vote(low_dissent=True)
                total = yes + no + abstain
                cells = [
                    self.name(),
                    str(self.rng.randint(50, 68)),
                    self.rng.choice(["Shanghai", "Guangdong", "Sichuan", "Tibet", "Jiangsu"]),
                    *(count_text(v, self.rng) for v in (yes, no, abstain)),
                    count_text(total, self.rng),
                    f"{100 * yes / total:.2f}%",
                ]
                self.lines.append("| " + " | ".join(cells) + " |")
        self.lines.append("")

    def bullet_elections(self) -> None:
        several = ", ".join(self.name() for _ in range(3)) + " and " + self.name()
        self.lines += [
            self.rng.choice(["== Elections ==", "==Elections=="]),
            f"- President: {self.president}",
            f"- Vice Premiers: {several}",
            f"- President and CMC Chairman: {self.name()}",
            "",
        ]

    def rules(self) -> None:
        self.lines += [
            "== Rules ==",
            "| Decision | Threshold |",
            "| Constitutional amendment | >66.67% |",
            "| Ordinary law | >50% |",
            "",
        ]

    def events(self) -> None:
        city = self.rng.choice(["Hangzhou", "Nanjing", "Wuhan", "Xi An", "Chengdu"])
        self.lines += [
            "==Events==",
            f"- {city} mayor {plain_name(self.name())} died during the congress.",
        ]
        if self.chance(0.5):
            self.lines.append(f"- {plain_name(self.name())} resigned from the Standing Committee.")
        self.lines.append("")


def article_text(index: int, seed: int = 0) -> str:
    """The text of article `index` of the corpus made with `seed`."""
    return ArticleWriter(index, seed, person_names()).write()


def article_name(index: int) -> str:
    congress, number = 1 + index // 5, 1 + index % 5
    return f"npc{congress:05d}-{number}-{index:06d}.txt"


def write_corpus(count: int, folder: Path, seed: int = 0) -> list[Path]:
    """Write `count` articles into `folder` (created if needed); return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = folder / article_name(index)
        path.write_text(article_text(index, seed), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="number of articles")
    parser.add_argument("outdir", type=Path, help="folder to write them into")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("N must be at least 1")
    write_corpus(args.count, args.outdir, args.seed)
    print(f"wrote {args.count:,} articles to {args.outdir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
