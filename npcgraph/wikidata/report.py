"""The `npcgraph link --report` table: each entity, the chosen item, its score, the runner-up."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from npcgraph import vocab

HEADER = ("ENTITY", "KIND", "CHOSEN", "SCORE", "RUNNER-UP", "METHOD")


def short_iri(iri: str) -> str:
    """id:person/xi-jinping for an npcgraph IRI."""
    return "id:" + iri[len(vocab.ID) :] if iri.startswith(vocab.ID) else iri


def report_rows(entries: Mapping[str, Mapping[str, Any]]) -> list[tuple[str, ...]]:
    """One row per entity, sorted by kind then IRI."""
    rows = []
    for iri in sorted(entries, key=lambda i: (str(entries[i].get("kind")), i)):
        entry = entries[iri]
        best = (entry.get("candidates") or [None])[0]
        if entry.get("qid"):
            chosen = f"{entry['qid']} {entry.get('label') or ''}".strip()
        elif best:
            chosen = f"unlinked (best {best['qid']} {best['label']})"
        else:
            chosen = "unlinked"
        runner = entry.get("runner_up")
        rows.append(
            (
                short_iri(iri),
                str(entry.get("kind", "")),
                chosen,
                f"{float(entry.get('score') or 0):.2f}",
                f"{runner['qid']} {float(runner['score']):.2f}" if runner else "-",
                str(entry.get("method", "")),
            )
        )
    return rows


def format_report(entries: Mapping[str, Mapping[str, Any]]) -> str:
    """An aligned plain-text table."""
    rows = [HEADER, *report_rows(entries)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    return "\n".join(lines) + "\n"
