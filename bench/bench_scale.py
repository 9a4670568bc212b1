"""Scale benchmark: npcgraph on synthetic corpora of N articles, against the plain rdflib path.

    python bench/bench_scale.py [--sizes 100,1000,10000] [--jobs 2] [--seed 0]
                                [--plain-timeout 600] [--plain-max 1000] [--skip STEP,...]

For each N it writes (or reuses) bench/work/corpus-N-sS/ with bench/generate_corpus.py and
times, each in a fresh child process: `npcgraph export --no-validate` to nt, ttl, nq, trig and
jsonld, export with validation (when npcgraph.validation has `check_before_write`),
`npcgraph validate`, `npcgraph query --name dissent-by-session`, and `npcgraph load` into a local
`oxigraph serve`; a command the CLI does not have is skipped and said so. Then the plain path on
the same corpus: npcgraph's reader and extractor, all triples in one rdflib Graph, rdflib's own
Turtle and N-Triples serializers, and pyshacl over the whole graph (each capped at
--plain-timeout seconds, run only up to --plain-max articles). Each row gives wall time,
articles/s, triples/s, the peak RSS of the child (getrusage RUSAGE_CHILDREN, measured by a small
wrapper process per run) and the growth ratio time(N) / time(previous N). Finally a cold
`npcgraph export` of the bundled corpus (best of 5) and whether `npcgraph --help` imports pyshacl
or rdflib's SPARQL engine. The report goes to stdout and to bench/work/results-<timestamp>.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import resource
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work"
PYTHON = sys.executable
NPCGRAPH = [PYTHON, "-m", "npcgraph"]
EXPORT_FORMATS = ("nt", "ttl", "nq", "trig", "jsonld")
PLAIN_STEPS = ("plain-turtle", "plain-nt", "plain-shacl")
COMPARE = {"plain-turtle": "export ttl", "plain-nt": "export nt", "plain-shacl": "validate"}
_TRIPLES = re.compile(r"([\d,]+) triples")


@dataclass
class Run:
    """One timed child process."""

    size: int
    step: str
    wall: float | None = None
    rss_kib: int | None = None
    triples: int | None = None
    note: str = ""

    def ok(self) -> bool:
        return self.wall is not None and not self.note


@dataclass
class Report:
    runs: list[Run] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- child processes


def measure(command: Sequence[str], timeout: float | None = None, cwd: Path = ROOT) -> dict:
    """Run `command` under a wrapper child that reports its wall time and peak RSS as JSON."""
    wrapper = [PYTHON, str(Path(__file__).resolve()), "--measure-child", "--", *command]
    budget = None if timeout is None else timeout + 30
    try:
        done = subprocess.run(
            wrapper, cwd=cwd, capture_output=True, text=True, timeout=budget,
            env={**os.environ, "BENCH_TIMEOUT": str(timeout or 0)},
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return {"rc": None, "wall": None, "rss_kib": None, "stderr": "", "timeout": True}
    lines = done.stdout.strip().splitlines()
    try:
        return json.loads(lines[-1])
    except (IndexError, json.JSONDecodeError):
        return {"rc": done.returncode, "wall": None, "rss_kib": None, "stderr": done.stderr}


def measure_child(command: list[str]) -> int:
    """Wrapper mode: run the command once, print {rc, wall, rss_kib, stderr tail} as JSON."""
    timeout = float(os.environ.get("BENCH_TIMEOUT") or 0) or None
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )  # fmt: skip
    timed_out = False
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
        _, stderr = process.communicate()
        timed_out = True
    wall = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result = {
        "rc": process.returncode,
        "wall": None if timed_out else wall,
        "rss_kib": rss,
        "stderr": stderr[-2000:],
        "timeout": timed_out,
    }
    print(json.dumps(result))
    return 0


def plain_child(mode: str, corpus: Path, output: Path) -> int:
    """Plain-path mode: npcgraph reads the articles; rdflib holds and writes the graph."""
    import rdflib
    from pyoxigraph import Literal as OxLiteral
    from pyoxigraph import NamedNode

    from npcgraph.pipeline import article_result, discover

    def term(value: object) -> rdflib.term.Node:
        if isinstance(value, NamedNode):
            return rdflib.URIRef(value.value)
        if isinstance(value, OxLiteral):
            if value.language:
                return rdflib.Literal(value.value, lang=value.language)
            return rdflib.Literal(value.value, datatype=rdflib.URIRef(value.datatype.value))
        raise TypeError(f"unexpected term {value!r}")

    graph = rdflib.Graph()
    for path in discover([corpus]):
        for quad in article_result(path).quads:
            graph.add((term(quad.subject), term(quad.predicate), term(quad.object)))
    if mode == "turtle":
        graph.serialize(destination=str(output), format="turtle")
    elif mode == "nt":
        graph.serialize(destination=str(output), format="nt")
    elif mode == "shacl":
        import pyshacl

        shapes = rdflib.Graph().parse(ROOT / "shapes" / "npcgraph.ttl", format="turtle")
        pyshacl.validate(graph, shacl_graph=shapes, inference="none")
    print(f"({output.stat().st_size if output.exists() else 0:,} bytes, {len(graph):,} triples)",
          file=sys.stderr)  # fmt: skip
    return 0


# ---------------------------------------------------------------- what to run


def cli_commands() -> set[str]:
    """The npcgraph subcommands that work (`npcgraph CMD --help` exits 0)."""
    found = set()
    for name in ("export", "validate", "query", "load"):
        done = subprocess.run([*NPCGRAPH, name, "--help"], cwd=ROOT, capture_output=True)
        if done.returncode == 0:
            found.add(name)
    return found


def validation_ready() -> bool:
    """True once npcgraph.validation offers what `export` calls to validate."""
    code = (
        "import importlib.util as u, sys; sys.exit(0 if any(u.find_spec(m) and hasattr("
        "__import__(m, fromlist=['x']), 'check_before_write') for m in "
        "('npcgraph.cli_validate', 'npcgraph.validation')) else 1)"
    )
    return subprocess.run([PYTHON, "-c", code], cwd=ROOT, capture_output=True).returncode == 0


def corpus_for(size: int, seed: int) -> Path:
    """bench/work/corpus-N-sS, written once and reused while its marker says it is complete."""
    folder = WORK / f"corpus-{size}-s{seed}"
    marker = folder / ".complete"
    if marker.exists() and marker.read_text().split() == [str(size), str(seed)]:
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    sys.path.insert(0, str(HERE))
    from generate_corpus import write_corpus

    write_corpus(size, folder, seed)
    marker.write_text(f"{size} {seed}\n")
    return folder


def triples_in(stderr: str) -> int | None:
    found = _TRIPLES.findall(stderr or "")
    return int(found[-1].replace(",", "")) if found else None


def timed(size: int, step: str, command: Sequence[str], timeout: float | None = None) -> Run:
    result = measure(command, timeout)
    triples = triples_in(result.get("stderr", ""))
    run = Run(size, step, result.get("wall"), result.get("rss_kib"), triples)
    if result.get("timeout"):
        run.note = f"> {timeout:.0f} s"
    elif result.get("rc") not in (0, None) or run.wall is None:
        tail = (result.get("stderr") or "").strip().splitlines()
        run.note = f"failed (exit {result.get('rc')}): {tail[-1][:120] if tail else ''}"
    return run


def bench_size(
    size: int,
    args: argparse.Namespace,
    commands: set[str],
    report: Report,
    timed_out: dict[str, int],
) -> None:
    corpus = corpus_for(size, args.seed)
    out = Path(tempfile.mkdtemp(prefix=f"bench-{size}-"))
    jobs = ["--jobs", str(args.jobs)]
    skip = set(args.skip)
    try:
        for fmt in EXPORT_FORMATS:
            step = f"export {fmt}"
            if step in skip:
                continue
            command = [*NPCGRAPH, "export", "--no-validate", "-q", "-f", fmt, *jobs,
                       "-o", str(out / f"g.{fmt}"), str(corpus)]  # fmt: skip
            log(report.runs, timed(size, step, command, args.run_timeout))
        if "export ttl validated" not in skip and args.validation:
            command = [*NPCGRAPH, "export", "--validate", "-q", "-f", "ttl", *jobs,
                       "-o", str(out / "v.ttl"), str(corpus)]  # fmt: skip
            log(report.runs, timed(size, "export ttl validated", command, args.run_timeout))
        if "validate" in commands and "validate" not in skip:
            command = [*NPCGRAPH, "validate", *jobs, str(corpus)]
            log(report.runs, timed(size, "validate", command, args.run_timeout))
        if "query" in commands and "query" not in skip:
            command = [*NPCGRAPH, "query", "--name", "dissent-by-session", "--format", "csv",
                       *jobs, str(corpus)]  # fmt: skip
            log(report.runs, timed(size, "query dissent-by-session", command, args.run_timeout))
        if "load" in commands and "load" not in skip:
            log(report.runs, load_run(size, corpus, jobs, out, args.run_timeout))
        if size <= args.plain_max:
            for step in PLAIN_STEPS:
                if step in skip:
                    continue
                earlier = timed_out.get(step)
                if earlier is not None:
                    run = Run(size, step, None, None, None, f"> {args.plain_timeout:.0f} s")
                    run.note += f" (not run: timed out at N={earlier:,})"
                    log(report.runs, run)
                    continue
                mode = step.removeprefix("plain-")
                command = [PYTHON, str(Path(__file__).resolve()), "--plain-child", mode,
                           str(corpus), str(out / f"plain.{mode}")]  # fmt: skip
                run = timed(size, step, command, timeout=args.plain_timeout)
                log(report.runs, run)
                if run.note.startswith(">"):
                    timed_out[step] = size
    finally:
        shutil.rmtree(out, ignore_errors=True)


def load_run(size: int, corpus: Path, jobs: list[str], out: Path, timeout: float | None) -> Run:
    sys.path.insert(0, str(ROOT))
    from tests.oxigraph_server import oxigraph_server

    with oxigraph_server(out / "oxigraph") as url:
        command = [*NPCGRAPH, "load", "--endpoint", url, "--timeout", "600", *jobs, str(corpus)]
        return timed(size, "load (oxigraph serve)", command, timeout)


def log(runs: list[Run], run: Run) -> None:
    runs.append(run)
    wall = f"{run.wall:.2f} s" if run.wall is not None else "-"
    print(f"  N={run.size:>6} {run.step:<26} {wall:>10} {run.note}", file=sys.stderr, flush=True)


def cold_export(repeat: int = 5) -> tuple[float | None, str]:
    """Best wall time of a whole `npcgraph export` of the bundled corpus, process start to exit."""
    best: float | None = None
    note = ""
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(repeat):
            start = time.perf_counter()
            done = subprocess.run([*NPCGRAPH, "export", "-q", "-o", f"{folder}/x.ttl"], cwd=ROOT,
                                  capture_output=True, text=True)  # fmt: skip
            wall = time.perf_counter() - start
            if done.returncode != 0:
                lines = done.stderr.strip().splitlines()
                note = f"failed (exit {done.returncode}): {lines[-1][:120] if lines else ''}"
                continue
            best = wall if best is None else min(best, wall)
    return best, note


def help_imports() -> tuple[dict[str, bool], int]:
    """Whether `python -X importtime -m npcgraph --help` imports each heavy module."""
    done = subprocess.run([PYTHON, "-X", "importtime", "-m", "npcgraph", "--help"], cwd=ROOT,
                          capture_output=True, text=True)  # fmt: skip
    modules = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    heavy = {
        "pyshacl": any(name == "pyshacl" or name.startswith("pyshacl.") for name in modules),
        "rdflib.plugins.sparql": any(name.startswith("rdflib.plugins.sparql") for name in modules),
        "rdflib": any(name == "rdflib" for name in modules),
        "httpx": any(name == "httpx" for name in modules),
    }
    return heavy, done.returncode


# ---------------------------------------------------------------- the report


def markdown(report: Report, args: argparse.Namespace, started: str) -> str:
    lines = [
        f"# npcgraph scale benchmark, {started}",
        "",
        f"- machine: {platform.platform()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}",
        f"- npcgraph: {git_revision()}; corpus seed {args.seed}; "
        f"`--jobs {args.jobs}` for every npcgraph step",
        f"- command: `python bench/bench_scale.py {shlex.join(args.argv)}`".rstrip(),
        "",
        "| N | step | wall s | articles/s | triples/s | peak RSS MiB | growth vs previous N |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    previous: dict[str, Run] = {}
    for run in report.runs:
        growth = ""
        before = previous.get(run.step)
        if before is not None and before.ok() and run.ok():
            growth = f"{run.wall / before.wall:.2f}x for {run.size / before.size:.0f}x"  # type: ignore[operator]
        wall = run.note or f"{run.wall:.2f}"
        if run.note and run.wall is not None and not run.note.startswith("failed"):
            wall = f"{run.wall:.2f} ({run.note})"
        rate = f"{run.size / run.wall:,.0f}" if run.ok() else ""
        triples = f"{run.triples / run.wall:,.0f}" if run.ok() and run.triples else ""
        rss = f"{run.rss_kib / 1024:,.0f}" if run.rss_kib else ""
        cells = [f"{run.size:,}", run.step, wall, rate, triples, rss, growth]
        lines.append("| " + " | ".join(cells) + " |")
        previous[run.step] = run
    lines += ["", "## Plain path (rdflib Graph + rdflib serializers / pyshacl) vs npcgraph", ""]
    lines += ["| N | plain step | plain s | npcgraph step | npcgraph s | plain / npcgraph |",
              "|---:|---|---:|---|---:|---:|"]  # fmt: skip
    by_key = {(run.size, run.step): run for run in report.runs}
    for run in report.runs:
        if run.step not in COMPARE:
            continue
        target = COMPARE[run.step]
        other = by_key.get((run.size, target)) or by_key.get((run.size, "export ttl validated"))
        plain = run.note or f"{run.wall:.2f}"
        theirs = f"{other.wall:.2f}" if other is not None and other.ok() else "-"
        ratio = ""
        if other is not None and other.ok():
            if run.ok():
                ratio = f"{run.wall / other.wall:.2f}"  # type: ignore[operator]
            elif run.note.startswith(">") and run.wall is None:
                ratio = f"> {args.plain_timeout / other.wall:.2f}"  # type: ignore[operator]
        name = other.step if other is not None else target
        lines.append(f"| {run.size:,} | {run.step} | {plain} | {name} | {theirs} | {ratio} |")
    lines += ["", *report.extras, ""]
    if report.skipped:
        lines += ["Skipped:", *(f"- {item}" for item in report.skipped), ""]
    return "\n".join(lines)


def git_revision() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                          text=True)  # fmt: skip
    dirty = subprocess.run(["git", "status", "--porcelain", "npcgraph"], cwd=ROOT,
                           capture_output=True, text=True).stdout.strip()  # fmt: skip
    return done.stdout.strip() + (" + uncommitted changes in npcgraph/" if dirty else "")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="comma-separated corpus sizes")
    parser.add_argument("--jobs", type=int, default=2, help="--jobs for every npcgraph step")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed")
    parser.add_argument("--plain-timeout", type=float, default=600.0, help="seconds per plain run")
    parser.add_argument("--run-timeout", type=float, default=None,
                        help="seconds per npcgraph run (default: no limit)")  # fmt: skip
    parser.add_argument("--plain-max", type=int, default=1000, help="largest N for the plain path")
    parser.add_argument("--skip", default="", help="steps to leave out, comma-separated")
    parser.add_argument("--cold-repeat", type=int, default=5, help="runs of the cold export")
    args = parser.parse_args(argv)
    args.sizes = [int(item) for item in args.sizes.split(",") if item]
    args.skip = [item.strip() for item in args.skip.split(",") if item.strip()]
    args.argv = argv
    return args


def main(argv: list[str]) -> int:
    if argv[:1] == ["--measure-child"]:
        return measure_child(argv[2:] if argv[1:2] == ["--"] else argv[1:])
    if argv[:1] == ["--plain-child"]:
        return plain_child(argv[1], Path(argv[2]), Path(argv[3]))
    args = parse_args(argv)
    started = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    WORK.mkdir(parents=True, exist_ok=True)
    report = Report()
    commands = cli_commands()
    args.validation = validation_ready()
    for name in ("validate", "query", "load"):
        if name not in commands:
            report.skipped.append(f"`npcgraph {name}`: the CLI has no such command yet")
    if not args.validation:
        report.skipped.append("export with validation: no check_before_write in npcgraph yet")
    if shutil.which("oxigraph") is None and "load" in commands:
        commands.discard("load")
        report.skipped.append("`npcgraph load`: the `oxigraph` command is not installed")
    timed_out: dict[str, int] = {}
    for size in args.sizes:
        print(f"N = {size:,}", file=sys.stderr, flush=True)
        bench_size(size, args, commands, report, timed_out)
    best, note = cold_export(args.cold_repeat)
    cold = f"{best:.3f} s" if best is not None else note
    if best is not None and note:
        cold += f" ({note})"
    report.extras.append(
        f"- cold `npcgraph export` of the bundled corpus, best of {args.cold_repeat}: {cold}"
    )
    heavy, code = help_imports()
    found = ", ".join(f"{name}: {'yes' if hit else 'no'}" for name, hit in heavy.items())
    report.extras.append(f"- `python -X importtime -m npcgraph --help` (exit {code}): {found}")
    text = markdown(report, args, started)
    print(text)
    (WORK / f"results-{started}.md").write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
