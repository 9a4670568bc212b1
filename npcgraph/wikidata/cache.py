"""The committed link cache: one reviewable JSON entry per entity, sorted by IRI.

An entry records what the match rested on (`inputs`), the chosen item or null, its score, the
runner-up, the evidence and the ranked candidates. A later run reuses an entry whose inputs are
unchanged and asks the endpoint nothing for it. A reviewer may set `"method": "manual-review"`
and a `qid` (or null) by hand: such entries are never replaced.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from npcgraph.errors import InputError, Location, OutputError
from npcgraph.wikidata.scoring import Decision, Scored

FORMAT_VERSION = 1
MANUAL = "manual-review"
MAX_CANDIDATES = 10
ABOUT = (
    "Wikidata links of npcgraph entities, written by `npcgraph link`; read by export. "
    "Scores run 0-1; see npcgraph/wikidata/scoring.py for how they are made."
)


def default_cache_path() -> Path:
    """links/wikidata.json: package data (npcgraph/links is linked to links/ in the source tree)."""
    return Path(__file__).resolve().parent.parent / "links" / "wikidata.json"


def _scored_entry(scored: Scored) -> dict[str, Any]:
    return {
        "qid": scored.qid,
        "label": scored.label,
        "score": round(scored.points / 100, 2),
        "evidence": "; ".join(scored.evidence),
    }


def decision_entry(
    kind: str, name: str, inputs: dict[str, Any], decision: Decision, endpoint: str
) -> dict[str, Any]:
    """The cache entry for one decision."""
    chosen = next((c for c in decision.candidates if c.qid == decision.qid), None)
    return {
        "kind": kind,
        "name": name,
        "inputs": inputs,
        "qid": decision.qid,
        "label": chosen.label if chosen else None,
        "score": round(decision.points / 100, 2),
        "runner_up": _scored_entry(decision.runner_up) if decision.runner_up else None,
        "method": decision.method,
        "evidence": decision.evidence,
        "candidates": [_scored_entry(c) for c in decision.candidates[:MAX_CANDIDATES]],
        "endpoint": endpoint,
    }


@dataclass
class LinkCache:
    """Entries by entity IRI, loaded from and saved to one JSON file."""

    path: Path | None
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None) -> LinkCache:
        """Read the cache; a missing file is an empty cache."""
        if path is None or not path.exists():
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entries = data["entities"]
            if not isinstance(entries, dict):
                raise TypeError
        except (OSError, ValueError, KeyError, TypeError) as error:
            reason = "not an npcgraph link cache" if not isinstance(error, OSError) else error
            raise InputError(Location(str(path)), f"cannot read the link cache: {reason}") from None
        return cls(path, dict(entries))

    def hit(self, iri: str, inputs: dict[str, Any]) -> dict[str, Any] | None:
        """The entry for an entity if it can be reused as it is."""
        entry = self.entries.get(iri)
        if entry is None:
            return None
        if entry.get("method") == MANUAL or entry.get("inputs") == inputs:
            return entry
        return None

    def put(self, iri: str, entry: dict[str, Any]) -> None:
        """Store an entry unless a reviewer's entry stands there."""
        if self.entries.get(iri, {}).get("method") != MANUAL:
            self.entries[iri] = entry

    def dumps(self) -> str:
        """The file text: sorted, indented, UTF-8, ending in a newline."""
        data = {
            "about": ABOUT,
            "version": FORMAT_VERSION,
            "entities": {iri: self.entries[iri] for iri in sorted(self.entries)},
        }
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    def save(self) -> None:
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(self.dumps(), encoding="utf-8")
        except OSError as error:
            raise OutputError(f"cannot write the link cache {self.path}: {error}") from None
