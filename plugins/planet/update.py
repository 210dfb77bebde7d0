"""One fetch round: decide which feeds to ask for, download, parse in worker processes, store.

Downloads (fetch.py) and parsing (parse.py, CPU-bound, in a process pool) overlap: each body
is handed to a worker as soon as it arrives. A body identical to the last one parsed (by the
same version of parse.py, see PARSED_WITH) is not parsed again. Every feed's result is
stored in its own transaction (store.py), and feed health moves on: last success, last
error, consecutive failures, moved, gone, not a feed.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import gc
import hashlib
import logging
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

from planet.fetch import (
    FAILED,
    GONE,
    NOT_MODIFIED,
    FeedRequest,
    FetchConfig,
    FetchResult,
    fetch_feeds,
)
from planet.members import Member
from planet.settings import PlanetSettings
from planet.store import FeedState, Store

if TYPE_CHECKING:
    from planet.parse import ParsedFeed

logger = logging.getLogger(__name__)

# Stored before every body's hash: bump it when parse.py reads the same bytes differently
# (a new field, a fix), so each feed is downloaded in full and parsed again once, rather
# than keeping entries read the old way until the feed next changes.
PARSED_WITH = "parse-2:"

FETCHED = "fetched"
UNCHANGED = "not modified"
FAILED_OUTCOME = "failed"
GONE_OUTCOME = "gone"
WAITING = "waiting"


@dataclass(frozen=True)
class FeedOutcome:
    """What happened to one member's feed in this round, for the summary table."""

    member: str
    name: str
    status: str  # FETCHED, UNCHANGED, FAILED_OUTCOME, GONE_OUTCOME or WAITING
    detail: str = ""
    entries: int = 0
    parsed: bool = False


def fetch_config(settings: PlanetSettings) -> FetchConfig:
    return FetchConfig(
        user_agent=settings.user_agent,
        concurrency=settings.concurrency,
        concurrency_per_server=settings.concurrency_per_server,
        connect_timeout=settings.connect_timeout,
        read_timeout=settings.read_timeout,
        feed_timeout=settings.feed_timeout,
        deadline=settings.deadline,
        max_bytes=settings.max_bytes,
        max_decompressed_bytes=settings.max_decompressed_bytes,
        max_redirects=settings.max_redirects,
        project_root=settings.project_root,
        allow_local_files=settings.allow_local_feeds,
    )


def _initial_state(member: Member, known: FeedState | None) -> FeedState:
    """The stored state, or a fresh one when the member is new or changed their feed address."""
    if known is None:
        return FeedState(member=member.slug, feed_url=member.feed)
    if known.feed_url != member.feed:
        return FeedState(
            member=member.slug,
            feed_url=member.feed,
            title=known.title,
            link=known.link,
            last_success=known.last_success,
        )
    return known


def _succeeded(state: FeedState, now: float, status: str, **changes: object) -> FeedState:
    return dataclasses.replace(
        state,
        last_checked=now,
        last_success=now,
        last_status=status,
        last_error=None,
        consecutive_failures=0,
        failing_since=None,
        gone=False,
        not_a_feed=False,
        advertised_feed=None,
        retry_after=None,
        **changes,  # type: ignore[arg-type]
    )


def _failed(state: FeedState, now: float, error: str, **changes: object) -> FeedState:
    return dataclasses.replace(
        state,
        last_checked=now,
        last_status="failed",
        last_error=error,
        consecutive_failures=state.consecutive_failures + 1,
        failing_since=state.failing_since or now,
        **changes,  # type: ignore[arg-type]
    )


def _moved(result: FetchResult) -> dict[str, object]:
    return {"moved_to": result.moved_to}


class Round:
    """The state of one fetch round; ``report`` is called once per member as it finishes."""

    def __init__(
        self, settings: PlanetSettings, store: Store, report: Callable[[FeedOutcome], None]
    ) -> None:
        self.settings = settings
        self.store = store
        self.report = report
        self.names: dict[str, str] = {}
        self.states: dict[str, FeedState] = {}
        self.outcomes: list[FeedOutcome] = []
        self.workers = settings.parse_workers or os.cpu_count() or 1
        self._pool: Executor | None = None

    def _finish(self, outcome: FeedOutcome) -> None:
        self.outcomes.append(outcome)
        self.report(outcome)

    def plan(self, members: list[Member], now: float) -> list[FeedRequest]:
        """Requests for the feeds to fetch; gone feeds and feeds asked to wait are reported now."""
        known = self.store.feed_states()
        requests = []
        for member in members:
            self.names[member.slug] = member.name
            state = _initial_state(member, known.get(member.slug))
            self.states[member.slug] = state
            if state.gone:
                self._finish(
                    FeedOutcome(
                        member.slug,
                        member.name,
                        GONE_OUTCOME,
                        "the feed answered 410 Gone; update or remove the member file",
                        self.store.entry_count(member.slug),
                    )
                )
                continue
            if state.retry_after and state.retry_after > now:
                when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(state.retry_after))
                self._finish(
                    FeedOutcome(
                        member.slug,
                        member.name,
                        WAITING,
                        f"the server asked us to wait until {when}",
                        self.store.entry_count(member.slug),
                    )
                )
                continue
            if state.body_hash is None or state.body_hash.startswith(PARSED_WITH):
                etag, modified = state.etag, state.last_modified
            else:  # read by an older parse.py: ask for the whole body again
                etag, modified = None, None
            requests.append(FeedRequest(member.slug, member.feed, etag, modified))
        return requests

    def _record_failure(self, member: str, error: str, **changes: object) -> None:
        now = time.time()
        state = _failed(self.states[member], now, error, **changes)
        self.store.save_result(state, (), now)
        self._finish(
            FeedOutcome(
                member, self.names[member], FAILED_OUTCOME, error, self.store.entry_count(member)
            )
        )

    def handle_download(self, result: FetchResult) -> tuple[FeedState, FetchResult] | None:
        """Store what needs no parsing; return the feeds whose body must be parsed."""
        now = time.time()
        member, state = result.member, self.states[result.member]
        if result.status == FAILED:
            self._record_failure(member, result.error or "failed", retry_after=result.retry_after)
            return None
        if result.status == GONE:
            self._record_failure(member, result.error or "gone", gone=True)
            return None
        if result.status == NOT_MODIFIED:
            state = _succeeded(state, now, UNCHANGED, **_moved(result))
            self.store.save_result(state, (), now)
            self._finish(
                FeedOutcome(
                    member,
                    self.names[member],
                    UNCHANGED,
                    _moved_note(result),
                    self.store.entry_count(member),
                )
            )
            return None
        body_hash = PARSED_WITH + hashlib.sha256(result.body).hexdigest()
        if body_hash == state.body_hash and not state.last_error:
            state = _succeeded(
                state,
                now,
                UNCHANGED,
                etag=result.headers.get("etag"),
                last_modified=result.headers.get("last-modified"),
                **_moved(result),
            )
            self.store.save_result(state, (), now)
            self._finish(
                FeedOutcome(
                    member,
                    self.names[member],
                    UNCHANGED,
                    "same content as last time" + _moved_note(result, "; "),
                    self.store.entry_count(member),
                )
            )
            return None
        return dataclasses.replace(state, body_hash=body_hash), result

    def handle_parsed(self, state: FeedState, result: FetchResult, parsed: ParsedFeed) -> None:
        now = time.time()
        member = result.member
        if parsed.error is not None:
            self._record_failure(
                member,
                parsed.error,
                not_a_feed=parsed.not_a_feed,
                advertised_feed=parsed.advertised_feed,
                **_moved(result),
            )
            return
        state = _succeeded(
            state,
            now,
            FETCHED,
            etag=result.headers.get("etag"),
            last_modified=result.headers.get("last-modified"),
            title=parsed.title,
            link=parsed.link,
            warning=parsed.warning,
            **_moved(result),
        )
        self.store.save_result(state, parsed.entries, now)
        detail = f"{len(parsed.entries)} entries read" + _moved_note(result, "; ")
        if parsed.warning:
            detail += f"; {parsed.warning}"
        self._finish(
            FeedOutcome(
                member,
                self.names[member],
                FETCHED,
                detail,
                self.store.entry_count(member),
                parsed=True,
            )
        )

    def _parse_later(
        self, parse: Callable[..., ParsedFeed], result: FetchResult
    ) -> asyncio.Future[ParsedFeed] | None:
        if self.workers <= 1:
            return None
        # The first submission forks the workers from this process (see _frozen_for_fork).
        with _frozen_for_fork() if self._pool is None else contextlib.nullcontext():
            if self._pool is None:
                self._pool = ProcessPoolExecutor(max_workers=self.workers)
            return asyncio.get_running_loop().run_in_executor(
                self._pool, parse, result.body, result.headers, result.final_url
            )

    async def run(self, members: list[Member]) -> list[FeedOutcome]:
        requests = self.plan(members, time.time())
        parsing: dict[asyncio.Future[ParsedFeed], tuple[FeedState, FetchResult]] = {}
        try:
            async for result in fetch_feeds(requests, fetch_config(self.settings)):
                pending = self.handle_download(result)
                if pending is None:
                    continue
                # Imported when the first body arrives, not at start-up: a round of 304s
                # never needs feedparser, and forked workers inherit the loaded module.
                from planet.parse import parse_feed

                future = self._parse_later(parse_feed, result)
                if future is None:
                    self.handle_parsed(
                        *pending, parse_feed(result.body, result.headers, result.final_url)
                    )
                    continue
                parsing[future] = pending
                future.add_done_callback(lambda done: self._parsed(done, parsing))
            if parsing:
                await asyncio.wait(list(parsing))
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
        return self.outcomes

    def _parsed(
        self,
        done: asyncio.Future[ParsedFeed],
        parsing: dict[asyncio.Future[ParsedFeed], tuple[FeedState, FetchResult]],
    ) -> None:
        state, result = parsing[done]
        if done.cancelled():
            return
        error = done.exception()
        if error is not None:
            self._record_failure(
                result.member, f"the parser crashed: {type(error).__name__}: {error}"
            )
            return
        self.handle_parsed(state, result, done.result())


@contextlib.contextmanager
def _frozen_for_fork() -> Iterator[None]:
    """Objects frozen while worker processes fork from this one: they stay out of the
    workers' garbage collections, which would otherwise walk (and so copy, page by page)
    everything imported here; about 2 % of a cold fetch's CPU. Unfrozen after, so nothing
    is kept here for good (unless this process had frozen objects already: those stay as
    they were, with ours)."""
    frozen_before = gc.get_freeze_count()
    gc.freeze()
    try:
        yield
    finally:
        if not frozen_before:
            gc.unfreeze()


def _moved_note(result: FetchResult, prefix: str = "") -> str:
    if not result.moved_to:
        return ""
    return f"{prefix}moved permanently to {result.moved_to}; update the member file"


def update_feeds(
    settings: PlanetSettings,
    store: Store,
    members: list[Member],
    report: Callable[[FeedOutcome], None],
) -> list[FeedOutcome]:
    """Fetch every member's feed once and store the results; never raises for a bad feed."""
    round_ = Round(settings, store, report)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(round_.run(members))
    # This thread already runs an event loop (a host program's, such as Playwright's sync
    # API in a test session): run ours in a thread of its own and wait for it.
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, round_.run(members)).result()
