"""Planet benchmark (run by hand, not a test): fetch cold, fetch warm, render with and without.

Generates M synthetic feeds of E entries (about 2 KB of ordinary blog HTML each), serves
them on 127.0.0.1 with a fixed latency per request and ETag / Last-Modified support, then
times the real commands in subprocesses:

    invoke fetch     (cold: empty cache)      target for 200 x 50 at 100 ms: < 4 s
    invoke fetch     (warm: every feed 304)   target: < 1.5 s and 0 bodies parsed
    pelican render   planet on vs off         target: planet adds < 30 %

Usage:  .venv/bin/python bench/planet/run.py [--feeds 200] [--entries 50] [--latency 0.1]
Results are printed and written to bench/results/planet.json (git-ignored).
"""

from __future__ import annotations

import argparse
import email.utils
import hashlib
import http.server
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from speed import reference_ms

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / ".venv" / "bin" / "python"
INVOKE = ROOT / ".venv" / "bin" / "invoke"
_VOCABULARY = (
    "we met at the library on saturday and talked about bread bicycles gardens choirs maps "
    "neighbours tea books walks the long table chairs potluck stories strangers friends city "
    "evening morning slowly again together people laughed coffee rain harbour station bench "
    "letters recipes songs courtyard kitchen market cards games quiet loud first second"
)
WORDS = tuple(_VOCABULARY.split(" "))


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def entry_html(rng: random.Random, feed: int, number: int) -> str:
    """About 2 KB of the HTML blogs publish: paragraphs, links, emphasis, a list, an image."""
    parts = [
        f'<p>{sentence(rng, 28)} <a href="/posts/{number - 1}">{sentence(rng, 3)}</a> {sentence(rng, 20)}</p>'
    ]
    parts.append(
        f'<p><img src="/images/{feed}-{number}.jpg" alt="{sentence(rng, 5)}" width="640" height="480"></p>'
    )
    parts.append(f"<p>{sentence(rng, 25)} <em>{sentence(rng, 4)}</em> {sentence(rng, 22)}</p>")
    parts.append("<ul>" + "".join(f"<li>{sentence(rng, 8)}</li>" for _ in range(4)) + "</ul>")
    parts.append(f"<blockquote><p>{sentence(rng, 18)}</p></blockquote><p>{sentence(rng, 30)}</p>")
    return "".join(parts)


def make_feed(feed: int, entries: int) -> bytes:
    rng = random.Random(feed)
    items = []
    for number in range(entries):
        stamp = email.utils.formatdate(1_790_000_000 + feed * 977 + number * 86_400, usegmt=True)
        html = (
            entry_html(rng, feed, number)
            .replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
        )
        items.append(
            f"<item><title>{sentence(rng, 6)}</title><link>https://blog{feed}.example.org/posts/{number}</link>"
            f"<guid>https://blog{feed}.example.org/posts/{number}</guid><pubDate>{stamp}</pubDate>"
            f"<category>meetups</category><description>{html}</description></item>"
        )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Blog {feed}</title>'
        f"<link>https://blog{feed}.example.org/</link><description>Synthetic blog {feed}</description>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


class FeedHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: BenchServer

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        time.sleep(self.server.latency)
        self.server.count += 1
        body = self.server.feeds.get(self.path)
        if body is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        etag = '"' + hashlib.sha1(body).hexdigest() + '"'
        if (
            self.headers.get("If-None-Match") == etag
            or self.headers.get("If-Modified-Since") == self.server.modified
        ):
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", self.server.modified)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class BenchServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def __init__(self, feeds: dict[str, bytes], latency: float) -> None:
        super().__init__(("127.0.0.1", 0), FeedHandler)
        self.feeds = feeds
        self.latency = latency
        self.count = 0
        self.modified = email.utils.formatdate(time.time() - 3600, usegmt=True)


CPU_SECONDS: list[float] = []  # CPU time (user + system) of each timed command, children included


# The commands run as they do for a user: Python keeps the compiled bytecode of the
# project's modules between runs (a sandbox that turns that off would add compiling
# every module to every run).
COMMAND_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str]) -> tuple[float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(
        command, cwd=ROOT, env=COMMAND_ENV, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU_SECONDS.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stdout}\n{result.stderr}")
    return seconds, result.stdout + result.stderr


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--rounds", type=int, default=3, help="repeat each measurement")
    options = parser.parse_args()

    # Every round finds the project's bytecode compiled, as a user's second run does.
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "plugins", "tasks.py", "pelicanconf.py"],
        cwd=ROOT,
        env=COMMAND_ENV,
        check=True,
    )
    reference_before = reference_ms()
    feeds = {f"/feed/{n}.xml": make_feed(n, options.entries) for n in range(options.feeds)}
    sizes = [len(body) for body in feeds.values()]
    print(
        f"{options.feeds} feeds x {options.entries} entries, {statistics.mean(sizes) / 1024:.0f} KB a feed, {options.latency * 1000:.0f} ms latency"
    )

    server = BenchServer(feeds, options.latency)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    with tempfile.TemporaryDirectory(prefix="planet-bench-") as folder:
        work = Path(folder)
        members = work / "members"
        members.mkdir()
        for n in range(options.feeds):
            (members / f"member-{n:04d}.yaml").write_text(
                f"name: Member {n}\nfeed: {base}/feed/{n}.xml\nsite: https://blog{n}.example.org/\n"
            )
        conf = work / "benchconf.py"
        conf.write_text(
            f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
            f"PLANET_MEMBER_PATHS = [{str(members)!r}]\nPLANET_CACHE_PATH = {str(work / 'planet.sqlite')!r}\n"
            "CACHE_CONTENT = False\nLOAD_CONTENT_CACHE = False\n"
            # The 200 feeds stand for 200 blogs on as many servers, but share one local
            # server here: the limit per server must not turn them into one queue.
            "PLANET_CONCURRENCY_PER_SERVER = 64\n"
            # Pelican resolves relative paths against the settings file's folder.
            f"PATH = {str(ROOT / 'content')!r}\nTHEME = {str(ROOT / 'theme')!r}\n"
            f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
        )
        fetch = [str(INVOKE), "fetch", "--settings", str(conf)]
        colds, warms, parsed_cold, parsed_warm = [], [], [], []
        cold_cpu: list[float] = []
        warm_cpu: list[float] = []
        for _round in range(options.rounds):
            (work / "planet.sqlite").unlink(missing_ok=True)
            server.count = 0
            cold, cold_out = timed(fetch)
            cold_cpu.append(CPU_SECONDS[-1])
            cold_requests = server.count
            warm, warm_out = timed(fetch)
            warm_cpu.append(CPU_SECONDS[-1])
            colds.append(cold)
            warms.append(warm)
            parsed_cold += [int(n) for n in re.findall(r"(\d+) bodies parsed", cold_out)]
            parsed_warm += [int(n) for n in re.findall(r"(\d+) bodies parsed", warm_out)]
        render = [
            str(PYTHON),
            "-m",
            "pelican",
            "--fatal",
            "errors",
            "-s",
            str(conf),
            "-o",
            str(work / "out"),
        ]
        without = [p for p in __import__("pelicanconf").PLUGINS if p != "planet"]
        render_off = [*render, "-e", f"PLUGINS={json.dumps(without)}"]
        timed(render)  # warm the file system cache
        on: list[float] = []
        off: list[float] = []
        on_cpu: list[float] = []
        off_cpu: list[float] = []
        for _round in range(options.rounds):  # alternate, so machine load hits both alike
            on.append(timed(render)[0])
            on_cpu.append(CPU_SECONDS[-1])
            off.append(timed(render_off)[0])
            off_cpu.append(CPU_SECONDS[-1])
        timed(render)
        pages = sorted((work / "out" / "planet").rglob("index.html"))
        largest = max(page.stat().st_size for page in pages)

    def summary(values: list[float]) -> dict[str, float]:
        return {
            "min": round(min(values), 2),
            "median": round(statistics.median(values), 2),
            "max": round(max(values), 2),
        }

    results = {
        "feeds": options.feeds,
        "entries": options.entries,
        "latency_ms": options.latency * 1000,
        "rounds": options.rounds,
        "load_average_at_end": round(__import__("os").getloadavg()[0], 2),
        # bench/speed.py before and after: a slow reference means a slow moment on the host.
        "reference_ms_before_after": [reference_before, reference_ms()],
        "fetch_cold_s": summary(colds),
        "fetch_cold_cpu_s": summary(cold_cpu),
        "fetch_cold_bodies_parsed": parsed_cold,
        "fetch_cold_requests": cold_requests,
        "fetch_warm_s": summary(warms),
        "fetch_warm_cpu_s": summary(warm_cpu),
        "fetch_warm_bodies_parsed": parsed_warm,
        "render_planet_on_s": summary(on),
        "render_planet_off_s": summary(off),
        "render_planet_on_cpu_s": summary(on_cpu),
        "render_planet_off_cpu_s": summary(off_cpu),
        "planet_render_overhead_pct_of_min": round((min(on) - min(off)) / min(off) * 100, 1),
        "planet_render_overhead_pct_of_cpu": round(
            (min(on_cpu) - min(off_cpu)) / min(off_cpu) * 100, 1
        ),
        "planet_pages": len(pages),
        "largest_planet_page_bytes": largest,
        "largest_planet_page_plus_css_bytes": largest
        + sum(
            (ROOT / "theme" / "static" / "css" / name).stat().st_size
            for name in ("main.css", "planet.css")
        ),
    }
    print(json.dumps(results, indent=2))
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "planet.json").write_text(json.dumps(results, indent=2) + "\n")
    server.shutdown()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
