"""Per-member feed health, shared by ``invoke planet-status``, health.json and the members page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from planet.members import Member
from planet.store import FeedState


@dataclass(frozen=True)
class FeedHealth:
    member: str
    status: str  # ok | never fetched | failing | inactive | gone | not a feed
    inactive: bool
    note: str
    state: FeedState  # what the cache knows (a blank state when never fetched)

    def as_json(self) -> dict[str, object]:
        def iso(instant: float | None) -> str | None:
            if instant is None:
                return None
            return datetime.fromtimestamp(instant, UTC).isoformat(timespec="seconds")

        state = self.state
        return {
            "status": self.status,
            "inactive": self.inactive,
            "last_checked": iso(state.last_checked),
            "last_success": iso(state.last_success),
            "last_error": state.last_error,
            "consecutive_failures": state.consecutive_failures,
            "failing_since": iso(state.failing_since),
            "moved_to": state.moved_to,
            "gone": self.status == "gone",
            "not_a_feed": self.status == "not a feed",
            "advertised_feed": state.advertised_feed,
            "retry_after": iso(state.retry_after),
        }


def feed_health(
    member: Member, state: FeedState | None, now: datetime, inactive_days: int
) -> FeedHealth:
    """How a member's feed is doing; ``inactive`` once it has failed for ``inactive_days``."""
    if state is None or state.feed_url != member.feed:
        return FeedHealth(
            member.slug,
            "never fetched",
            inactive=False,
            note="not fetched yet; run `invoke fetch`",
            state=FeedState(member=member.slug, feed_url=member.feed),
        )
    failing_for = now.timestamp() - state.failing_since if state.failing_since else 0.0
    inactive = failing_for >= inactive_days * 86400
    if state.gone:
        status = "gone"
    elif state.not_a_feed:
        status = "not a feed"
    elif state.consecutive_failures:
        status = "inactive" if inactive else "failing"
    else:
        status = "ok"
    notes = [state.last_error or state.warning or ""]
    if state.moved_to:
        notes.append(f"moved permanently to {state.moved_to}; update {member.source}")
    if state.advertised_feed and not (state.last_error or "").count(state.advertised_feed):
        notes.append(f"the page advertises {state.advertised_feed}")
    return FeedHealth(
        member=member.slug,
        status=status,
        inactive=inactive or state.gone,
        note="; ".join(note for note in notes if note),
        state=state,
    )
