"""How fast this machine is running right now, for reading benchmark figures side by side.

The benchmark machine is a small VM on a shared host: the same build's CPU time moves by
20-40 % from one minute to the next. Each benchmark times this fixed pure-Python workload
before and after its measurements; figures taken while the reference was slow are slow
for the same reason, not because the code changed.
"""

from __future__ import annotations

import time


def reference_ms(rounds: int = 5) -> float:
    """Milliseconds for a fixed workload (best of ``rounds``); lower means a faster moment."""
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        table: dict[str, int] = {}
        for number in range(200_000):
            key = f"k{number % 5000}"
            table[key] = table.get(key, 0) + len(key)
        best = min(best, time.perf_counter() - started)
    return round(best * 1000, 1)


if __name__ == "__main__":
    print(f"reference workload: {reference_ms()} ms")
