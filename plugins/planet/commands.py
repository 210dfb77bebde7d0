"""``invoke fetch`` and ``invoke planet-status``: the planet's command-line face.

fetch shows a progress bar and a summary table and returns 0 even when feeds fail (the
failures are in the table and the health report); only an unusable cache returns 1.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections import Counter
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from planet.health import feed_health
from planet.members import load_members
from planet.settings import read_settings
from planet.store import CacheError, Store, open_for_reading
from planet.update import (
    FAILED_OUTCOME,
    FETCHED,
    GONE_OUTCOME,
    UNCHANGED,
    FeedOutcome,
    update_feeds,
)

logger = logging.getLogger(__name__)

STATUS_STYLES = {FETCHED: "green", FAILED_OUTCOME: "red", GONE_OUTCOME: "red"}


def _warn_invalid_files(problems: list[Any], console: Console) -> None:
    counts = Counter(problem.path for problem in problems)
    for path, count in sorted(counts.items()):
        noun = "problem" if count == 1 else "problems"
        console.print(
            f"[yellow]planet: skipping {escape(str(path))}: {count} {noun}; run `invoke check`[/]",
            soft_wrap=True,
        )


def _summary(outcomes: list[FeedOutcome], seconds: float) -> Table:
    table = Table(title=f"Planet fetch: {seconds:.2f} s")
    table.add_column("Member")
    table.add_column("Result")
    table.add_column("Entries", justify="right")
    table.add_column("Detail", overflow="fold")
    for outcome in sorted(outcomes, key=lambda item: (item.status != FAILED_OUTCOME, item.name)):
        style = STATUS_STYLES.get(outcome.status, "")
        # Names come from member files and details from servers: text, never markup.
        table.add_row(
            Text(outcome.name),
            Text(outcome.status, style=style),
            str(outcome.entries),
            Text(outcome.detail),
        )
    return table


def fetch_command(settings: Mapping[str, Any]) -> int:
    """Fetch every valid member's feed into the cache. 0 unless the cache is unusable."""
    console = Console()
    planet = read_settings(settings)
    members, problems = load_members(planet)
    _warn_invalid_files(problems, console)
    if not members:
        console.print("planet: no valid member files; nothing to fetch")
        return 0
    started = time.monotonic()
    try:
        store = Store(planet.cache_path)
    except (sqlite3.Error, CacheError, OSError) as error:
        console.print(
            f"[red]planet: cannot use the cache {escape(str(planet.cache_path))}: "
            f"{escape(str(error))}[/]",
            soft_wrap=True,
        )
        return 1
    with (
        store,
        Progress(
            TextColumn("Fetching feeds"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as progress,
    ):
        bar = progress.add_task("fetch", total=len(members))
        outcomes = update_feeds(planet, store, members, lambda outcome: progress.advance(bar))
    seconds = time.monotonic() - started
    # A long planet lists only the feeds that need attention; a short one lists them all.
    shown = (
        outcomes
        if len(outcomes) <= 60
        else [o for o in outcomes if o.status != FETCHED and o.status != UNCHANGED]
    )
    if shown:
        console.print(_summary(shown, seconds))
    counts = Counter(outcome.status for outcome in outcomes)
    parsed = sum(outcome.parsed for outcome in outcomes)
    totals = ", ".join(f"{count} {status}" for status, count in sorted(counts.items()))
    console.print(f"planet: {totals}; {parsed} bodies parsed; {seconds:.2f} s")
    return 0


def _when(instant: float | None) -> str:
    if instant is None:
        return "never"
    return datetime.fromtimestamp(instant, UTC).strftime("%Y-%m-%d %H:%M")


def status_command(settings: Mapping[str, Any]) -> int:
    """Print each member feed's health from the cache; 0 always (it is a report)."""
    console = Console()
    planet = read_settings(settings)
    members, problems = load_members(planet)
    _warn_invalid_files(problems, console)
    store = open_for_reading(planet.cache_path)
    states = store.feed_states() if store else {}
    if store:
        store.close()
    now = planet.current_time()
    table = Table(title=Text(f"Planet feed health ({planet.cache_path})"))
    table.add_column("Member", overflow="fold")
    table.add_column("Health", no_wrap=True)
    table.add_column("Last success (UTC)", no_wrap=True)
    table.add_column("Failures", justify="right")
    table.add_column("Last error / note", overflow="fold")
    for member in members:
        health = feed_health(member, states.get(member.slug), now, planet.inactive_days)
        style = "green" if health.status == "ok" else "red"
        table.add_row(
            Text(member.name),
            Text(health.status, style=style),
            _when(health.state.last_success),
            str(health.state.consecutive_failures),
            Text(health.note),
        )
    console.print(table)
    return 0
