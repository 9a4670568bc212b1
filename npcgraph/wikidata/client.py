"""A polite SPARQL client: User-Agent, rate limit, retries that honour Retry-After, timeouts."""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from npcgraph.errors import EndpointError

WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"
CONTACT_URL = "https://w3id.org/npcgraph"
RETRY_STATUSES = frozenset({429, 502, 503, 504})


def user_agent() -> str:
    """The descriptive User-Agent that Wikimedia's policy asks for, with a contact URL."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("npcgraph")
    except PackageNotFoundError:
        release = "0"
    return f"npcgraph/{release} (+{CONTACT_URL}; NPC knowledge graph Wikidata linker) httpx"


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Seconds asked for by a Retry-After header (delta-seconds or an HTTP date), or None."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


@dataclass
class RateLimiter:
    """At most `per_second` request starts per second (0 or less: no limit)."""

    per_second: float
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _last: float | None = field(default=None, init=False)

    def wait(self) -> None:
        if self.per_second > 0 and self._last is not None:
            gap = 1.0 / self.per_second - (self.clock() - self._last)
            if gap > 0:
                self.sleep(gap)
        self._last = self.clock()


class SparqlClient:
    """SELECT queries against one SPARQL endpoint, answered as lists of JSON bindings.

    Requests go out as POST forms (long VALUES blocks fit), at most `rate` per second.
    429, 502, 503 and 504 answers are retried up to `retries` times, waiting what Retry-After
    asks (up to `max_wait` seconds) or else an exponential backoff from `backoff` seconds.
    Every other failure, and a wait longer than `max_wait`, is an EndpointError.
    """

    def __init__(
        self,
        endpoint: str = WIKIDATA_SPARQL,
        *,
        rate: float = 5.0,
        timeout: float = 60.0,
        retries: int = 4,
        backoff: float = 1.0,
        max_wait: float = 120.0,
        transport: Any = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        import httpx

        self.endpoint = endpoint
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.sleep = sleep
        self.requests = 0
        self._limiter = RateLimiter(rate, sleep=sleep)
        self._http = httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(timeout),
            headers={
                "User-Agent": user_agent(),
                "Accept": "application/sparql-results+json",
            },
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> SparqlClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def select(self, query: str) -> list[dict[str, dict[str, str]]]:
        """Run a SELECT query; its result rows as SPARQL JSON bindings."""
        import httpx

        attempt = 0
        while True:
            self._limiter.wait()
            self.requests += 1
            try:
                response = self._http.post(self.endpoint, data={"query": query})
            except httpx.TimeoutException:
                raise EndpointError(
                    f"{self.endpoint} did not answer within {self.timeout:g} s (timeout)"
                ) from None
            except httpx.HTTPError as error:
                reason = str(error) or type(error).__name__
                if attempt >= self.retries:
                    raise EndpointError(f"cannot reach {self.endpoint}: {reason}") from None
                self.sleep(self.backoff * 2**attempt)
                attempt += 1
                continue
            if response.status_code in RETRY_STATUSES and attempt < self.retries:
                self.sleep(self._wait_for(response, attempt))
                attempt += 1
                continue
            return self._rows(response)

    def _wait_for(self, response: Any, attempt: int) -> float:
        asked = retry_after_seconds(response.headers.get("Retry-After"))
        wait = self.backoff * 2**attempt if asked is None else asked
        if wait > self.max_wait:
            raise EndpointError(
                f"{self.endpoint} answered {response.status_code} and asks to wait "
                f"{wait:g} s (more than {self.max_wait:g} s); try again later"
            )
        return wait

    def _rows(self, response: Any) -> list[dict[str, dict[str, str]]]:
        if response.status_code != 200:
            first_line = (response.text.strip().splitlines() or [""])[0][:200]
            raise EndpointError(
                f"{self.endpoint} answered HTTP {response.status_code}"
                + (f": {first_line}" if first_line else "")
            )
        try:
            rows = response.json()["results"]["bindings"]
        except (ValueError, KeyError, TypeError):
            raise EndpointError(
                f"{self.endpoint} did not answer with SPARQL JSON results"
            ) from None
        return list(rows)
