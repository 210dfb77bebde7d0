"""Benchmark: how much the gatherings plugin adds to a site build.

Builds a synthetic site (1,000 essays and 1,000 gatherings, a third of them repeating,
a few per tag and city) in a temporary folder, then renders it with Pelican with the
gatherings plugin on and off, a few times each, and prints the medians. The target
(the plugin adds under 30 % to the render) is read on wall time, the time a maintainer
waits; CPU time of all processes (the plugin's forked children included, see
plugins/gatherings/background.py) is printed beside it for information.

Run by hand from the repository root:  .venv/bin/python bench/gatherings/bench.py
Options: --essays N --gatherings N --runs N
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from speed import reference_ms

ROOT = Path(__file__).resolve().parents[2]
ZONES = ("Europe/Berlin", "America/New_York", "Asia/Tokyo", "Europe/London", "America/Chicago",
         "Australia/Sydney", "Europe/Lisbon", "America/Toronto")  # fmt: skip
TAGS = tuple(f"topic-{n}" for n in range(40))
CITIES = tuple(f"Town {n}" for n in range(60))
WORDS = [
    "the",
    "table",
    "was",
    "long",
    "and",
    "the",
    "coffee",
    "was",
    "warm",
    "while",
    "people",
    "talked",
    "about",
    "everything",
]


def write_essays(folder: Path, count: int) -> None:
    folder.mkdir(parents=True)
    start = date(2020, 1, 1)
    for n in range(count):
        day = start + timedelta(days=n)
        body = "\n\n".join(
            " ".join(WORDS[(n + k) % len(WORDS)] for k in range(60)) for _ in range(6)
        )
        (folder / f"essay-{n:04d}.md").write_text(
            f"Title: Synthetic essay {n}\nDate: {day.isoformat()} 10:00\nCategory: Essays\n"
            f"Tags: tag{n % 25}, tag{(n * 7) % 25}\nSummary: A generated essay, number {n}.\n"
            f"Slug: essay-{n:04d}\n\n{body}\n",
            encoding="utf-8",
        )


def gathering_text(n: int) -> str:
    day = date(2026, 12, 1) + timedelta(days=(n * 3) % 200)
    zone = ZONES[n % len(ZONES)]
    city = CITIES[n % len(CITIES)]
    tags = f"[{TAGS[n % len(TAGS)]}, {TAGS[(n * 7 + 3) % len(TAGS)]}]"
    lines = [f"title: Synthetic gathering {n}"]
    if n % 10 == 9:
        lines += [f"start: {day.isoformat()}", f"end: {(day + timedelta(days=2)).isoformat()}"]
    else:
        lines += [f'start: "{day.isoformat()} 18:30"', "duration: 2h", f"timezone: {zone}"]
    lines += [
        "venue:",
        f"  name: Venue {n}",
        f'  address: {{street: "{n} Main Street", city: "{city}", country: DE}}',
        f"  geo: {{lat: {40 + n % 20}.5, lon: {n % 50}.25}}",
        "status: cancelled" if n % 17 == 0 else "status: confirmed",
        f"tags: {tags}",
        f"summary: A generated gathering, number {n}.",
        "description: |",
        "  Some **Markdown** text about the gathering,",
        "  with a [link](https://example.org/) and a second line.",
    ]
    if n % 3 == 0 and n % 10 != 9:
        weekday = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[day.weekday()]
        lines += ["repeat:", "  freq: weekly", f"  byday: [{weekday}]", "  count: 8"]
    return "\n".join(lines) + "\n"


def write_gatherings(folder: Path, count: int) -> None:
    folder.mkdir(parents=True)
    for n in range(count):
        (folder / f"gathering-{n:04d}.yaml").write_text(gathering_text(n), encoding="utf-8")


def plugins_without_gatherings() -> list[str]:
    sys.path.insert(0, str(ROOT))
    from pelican.settings import read_settings

    settings = read_settings(str(ROOT / "pelicanconf.py"))
    return [p for p in settings["PLUGINS"] if p != "gatherings"]


def build(content: Path, output: Path, extra: dict[str, object]) -> tuple[float, float, float]:
    """(wall, CPU and user-mode CPU seconds of the Pelican process): CPU time is steadier on
    a busy machine; system time (file writes) is the part that swings most."""
    overrides = {
        "PATH": str(content),
        "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False,
        "GATHERINGS_NOW": "2026-11-22T12:00:00Z",
        **extra,
    }
    command = [sys.executable, "-m", "pelican", "--fatal", "errors", "-q", "-s", "pelicanconf.py",
               "-o", str(output), "-e", *(f"{k}={json.dumps(v)}" for k, v in overrides.items())]  # fmt: skip
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"build failed:\n{result.stdout}\n{result.stderr}")
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return elapsed, cpu, after.ru_utime - before.ru_utime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--essays", type=int, default=1000)
    parser.add_argument("--gatherings", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    reference_before = reference_ms()
    with tempfile.TemporaryDirectory(prefix="bench-gatherings-") as temporary:
        base = Path(temporary)
        content = base / "content"
        # The real pages, images and extras (robots.txt...), the synthetic essays and gatherings.
        shutil.copytree(
            ROOT / "content", content, ignore=shutil.ignore_patterns("essays", "gatherings")
        )
        write_essays(content / "essays", args.essays)
        write_gatherings(content / "gatherings", args.gatherings)
        off: dict[str, object] = {"PLUGINS": plugins_without_gatherings()}
        wall: dict[str, list[float]] = {"off": [], "on": []}
        cpu: dict[str, list[float]] = {"off": [], "on": []}
        user: dict[str, list[float]] = {"off": [], "on": []}
        for run in range(args.runs):
            for label, extra in (("off", off), ("on", {})):
                seconds, cpu_seconds, user_seconds = build(
                    content, base / f"out-{label}-{run}", extra
                )
                wall[label].append(seconds)
                cpu[label].append(cpu_seconds)
                user[label].append(user_seconds)
        on_output = base / f"out-on-{args.runs - 1}"
        pages = len(list((on_output / "calendar").rglob("*.html")))
        calendars = len(list((on_output / "calendar").rglob("*.ics")))
        print(f"essays={args.essays} gatherings={args.gatherings} runs={args.runs}")
        print(f"calendar pages: {pages}, .ics files: {calendars}")
        print(
            f"reference workload (bench/speed.py) before/after: {reference_before} / "
            f"{reference_ms()} ms (lower is a faster moment on this shared host)"
        )
        for name, timings in (("wall", wall), ("cpu", cpu), ("user", user)):
            off_median = statistics.median(timings["off"])
            on_median = statistics.median(timings["on"])
            added = (on_median - off_median) / off_median * 100
            print(
                f"{name:4s} off: "
                + ", ".join(f"{t:.2f}s" for t in timings["off"])
                + f" (median {off_median:.2f}s) | on: "
                + ", ".join(f"{t:.2f}s" for t in timings["on"])
                + f" (median {on_median:.2f}s) | added {added:.1f}%"
                + (
                    " (target < 30%)"
                    if name == "wall"
                    else " (all processes' CPU, for information)"
                )
            )
            # Other work on the machine only ever adds time: the fastest runs are the
            # steadiest view of the plugin's own cost.
            fastest_off, fastest_on = min(timings["off"]), min(timings["on"])
            print(
                f"{name:4s} fastest off {fastest_off:.2f}s, on {fastest_on:.2f}s: "
                f"added {(fastest_on - fastest_off) / fastest_off * 100:.1f}%"
            )


if __name__ == "__main__":
    main()
