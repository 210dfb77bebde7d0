"""The fetch step against a real HTTP server on 127.0.0.1: every answer a feed server gives."""

from __future__ import annotations

import asyncio
import gzip
import ssl
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from planet_feedserver import FeedServer, Route
from planet_samples import rss2, simple_rss

from planet.fetch import (
    FAILED,
    OK,
    FeedRequest,
    FetchConfig,
    FetchResult,
    fetch_feeds,
    read_local,
    retry_after_instant,
)
from planet.settings import read_settings
from planet.update import FAILED_OUTCOME, FETCHED, GONE_OUTCOME, UNCHANGED, WAITING


def _entry_titles(world) -> list[str]:
    with world.store() as store:
        return sorted(entry.title for entry in store.entries_newest_first())


def test_200_stores_entries_and_sends_a_user_agent(world, feed_server: FeedServer) -> None:
    feed_server.routes["/feed"] = Route(body=simple_rss(3))
    world.member("ok", f"{feed_server.url}/feed")
    outcome = world.fetch()["ok"]
    assert outcome.status == FETCHED
    assert _entry_titles(world) == ["Post 1", "Post 2", "Post 3"]
    seen = feed_server.requests_for("/feed")[0]
    assert seen.headers["user-agent"] == "TestSite-Planet/1.0 (+http://127.0.0.1:9/planet/)"
    assert "gzip" in seen.headers["accept-encoding"]


def test_the_user_agent_names_where_the_planet_is() -> None:
    settings = read_settings(
        {"SITENAME": "Take It Offline", "SITEURL": "https://t.example.org", "PLANET_URL": "blogs/"}
    )
    assert settings.user_agent == "TakeItOffline-Planet/1.0 (+https://t.example.org/blogs/)"
    assert read_settings({"PLANET_USER_AGENT": "Mine/2"}).user_agent == "Mine/2"


def test_304_parses_nothing_and_sends_conditional_headers(world, feed_server: FeedServer) -> None:
    feed_server.routes["/feed"] = Route(
        body=simple_rss(2), etag='"v1"', headers={"Last-Modified": "Mon, 02 Nov 2026 10:00:00 GMT"}
    )
    world.member("cond", f"{feed_server.url}/feed")
    assert world.fetch()["cond"].status == FETCHED
    second = world.fetch()["cond"]
    assert second.status == UNCHANGED
    assert second.parsed is False
    assert second.entries == 2
    request = feed_server.requests_for("/feed")[1]
    assert request.headers["if-none-match"] == '"v1"'
    assert request.headers["if-modified-since"] == "Mon, 02 Nov 2026 10:00:00 GMT"


def test_a_feed_read_by_an_older_parser_is_downloaded_and_parsed_again_once(
    world, feed_server: FeedServer
) -> None:
    feed_server.routes["/feed"] = Route(body=simple_rss(2), etag='"v1"')
    world.member("older", f"{feed_server.url}/feed")
    assert world.fetch()["older"].parsed is True
    with world.store() as store, store._db:  # as a cache written before PARSED_WITH was
        store._db.execute(
            "UPDATE feeds SET body_hash = substr(body_hash, instr(body_hash, ':') + 1)"
        )
    again = world.fetch()["older"]
    assert again.status == FETCHED
    assert again.parsed is True
    assert "if-none-match" not in feed_server.requests_for("/feed")[1].headers
    third = world.fetch()["older"]
    assert (third.status, third.parsed) == (UNCHANGED, False)
    assert feed_server.requests_for("/feed")[2].headers["if-none-match"] == '"v1"'


def test_same_body_without_validators_is_not_parsed_again(world, feed_server: FeedServer) -> None:
    feed_server.routes["/feed"] = Route(body=simple_rss(2))
    world.member("same", f"{feed_server.url}/feed")
    assert world.fetch()["same"].parsed is True
    again = world.fetch()["same"]
    assert again.status == UNCHANGED
    assert again.parsed is False


def test_permanent_redirect_is_followed_and_reported(world, feed_server: FeedServer) -> None:
    feed_server.routes["/old"] = Route(301, headers={"Location": "/new"})
    feed_server.routes["/new"] = Route(body=simple_rss(1))
    world.member("moved", f"{feed_server.url}/old")
    outcome = world.fetch()["moved"]
    assert outcome.status == FETCHED
    assert f"moved permanently to {feed_server.url}/new" in outcome.detail
    with world.store() as store:
        assert store.feed_states()["moved"].moved_to == f"{feed_server.url}/new"


def test_temporary_redirect_is_followed_but_not_reported(world, feed_server: FeedServer) -> None:
    feed_server.routes["/tmp"] = Route(302, headers={"Location": f"{feed_server.url}/real"})
    feed_server.routes["/real"] = Route(body=simple_rss(1))
    world.member("temp", f"{feed_server.url}/tmp")
    outcome = world.fetch()["temp"]
    assert outcome.status == FETCHED
    assert "moved" not in outcome.detail


def test_redirect_loop_fails_with_a_reason(world, feed_server: FeedServer) -> None:
    feed_server.routes["/a"] = Route(302, headers={"Location": "/b"})
    feed_server.routes["/b"] = Route(302, headers={"Location": "/a"})
    world.member("loop", f"{feed_server.url}/a")
    outcome = world.fetch()["loop"]
    assert outcome.status == FAILED_OUTCOME
    assert outcome.detail == f"redirect loop at {feed_server.url}/a"


def test_too_many_redirects(world, feed_server: FeedServer) -> None:
    for hop in range(8):
        feed_server.routes[f"/r{hop}"] = Route(307, headers={"Location": f"/r{hop + 1}"})
    world.member("far", f"{feed_server.url}/r0")
    assert world.fetch()["far"].detail == "more than 5 redirects"


def test_redirect_to_javascript_is_refused(world, feed_server: FeedServer) -> None:
    feed_server.routes["/evil"] = Route(302, headers={"Location": "javascript:alert(1)"})
    world.member("evil", f"{feed_server.url}/evil")
    outcome = world.fetch()["evil"]
    assert outcome.status == FAILED_OUTCOME
    assert outcome.detail.startswith(("invalid address in the answer", "HTTP 302 redirect without"))


def test_404_and_500_fail_with_the_status(world, feed_server: FeedServer) -> None:
    feed_server.routes["/broken"] = Route(500, b"oops", {"Content-Type": "text/plain"})
    world.member("missing", f"{feed_server.url}/nothing-here")
    world.member("broken", f"{feed_server.url}/broken")
    outcomes = world.fetch()
    assert outcomes["missing"].detail == "HTTP 404 Not Found"
    assert outcomes["broken"].detail == "HTTP 500 Internal Server Error"


def test_410_marks_the_feed_gone_and_it_is_not_asked_again(world, feed_server: FeedServer) -> None:
    feed_server.routes["/gone"] = Route(410)
    world.member("gone", f"{feed_server.url}/gone")
    assert world.fetch()["gone"].status == FAILED_OUTCOME
    second = world.fetch()["gone"]
    assert second.status == GONE_OUTCOME
    assert len(feed_server.requests_for("/gone")) == 1
    with world.store() as store:
        assert store.feed_states()["gone"].gone is True


def test_429_retry_after_is_respected(world, feed_server: FeedServer) -> None:
    feed_server.routes["/busy"] = Route(429, headers={"Retry-After": "3600"})
    world.member("busy", f"{feed_server.url}/busy")
    first = world.fetch()["busy"]
    assert first.status == FAILED_OUTCOME
    assert first.detail.startswith("HTTP 429 Too Many Requests, retry after ")
    second = world.fetch()["busy"]
    assert second.status == WAITING
    assert len(feed_server.requests_for("/busy")) == 1


def test_503_with_an_http_date_retry_after(world, feed_server: FeedServer) -> None:
    later = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 7200))
    feed_server.routes["/down"] = Route(503, headers={"Retry-After": later})
    world.member("down", f"{feed_server.url}/down")
    world.fetch()
    assert world.fetch()["down"].status == WAITING


def test_timeout_waiting_for_the_server(world, feed_server: FeedServer) -> None:
    world.overrides = {"PLANET_READ_TIMEOUT": 0.5}
    feed_server.routes["/hang"] = Route(body=simple_rss(1), delay=3)
    feed_server.routes["/fine"] = Route(body=simple_rss(1))
    world.member("hang", f"{feed_server.url}/hang")
    world.member("fine", f"{feed_server.url}/fine")
    outcomes = world.fetch()
    assert outcomes["hang"].detail == "timed out waiting for the server"
    assert outcomes["fine"].status == FETCHED


def test_slow_body_hits_the_per_feed_limit(world, feed_server: FeedServer) -> None:
    # Each piece arrives well within the read timeout, but the whole body takes far too long.
    world.overrides = {"PLANET_FEED_TIMEOUT": 1.0}
    feed_server.routes["/slow"] = Route(body=simple_rss(20), trickle=0.2)
    world.member("slow", f"{feed_server.url}/slow")
    outcome = world.fetch()["slow"]
    assert outcome.status == FAILED_OUTCOME
    assert outcome.detail == "timed out: no complete answer within 1 s"


def test_overall_deadline(world, feed_server: FeedServer) -> None:
    world.overrides = {"PLANET_DEADLINE": 0.3, "PLANET_READ_TIMEOUT": 5, "PLANET_FEED_TIMEOUT": 5}
    feed_server.routes["/hang"] = Route(body=simple_rss(1), delay=2)
    world.member("hang", f"{feed_server.url}/hang")
    outcome = world.fetch()["hang"]
    assert outcome.detail == "not finished before the overall deadline of 0.3 s"


def test_gzip_and_deflate_bodies(world, feed_server: FeedServer) -> None:
    feed_server.routes["/gz"] = Route(
        body=gzip.compress(simple_rss(2, "gz")), headers={"Content-Encoding": "gzip"}
    )
    feed_server.routes["/zl"] = Route(
        body=zlib.compress(simple_rss(2, "zl")), headers={"Content-Encoding": "deflate"}
    )
    raw = zlib.compressobj(wbits=-15)
    feed_server.routes["/raw"] = Route(
        body=raw.compress(simple_rss(2, "raw")) + raw.flush(),
        headers={"Content-Encoding": "deflate"},
    )
    for slug in ("gz", "zl", "raw"):
        world.member(slug, f"{feed_server.url}/{slug}")
    outcomes = world.fetch()
    assert {slug: outcomes[slug].status for slug in outcomes} == {
        "gz": FETCHED,
        "zl": FETCHED,
        "raw": FETCHED,
    }
    assert {slug: outcomes[slug].entries for slug in outcomes} == {"gz": 2, "zl": 2, "raw": 2}


def test_a_gzip_label_on_other_bytes_is_a_corrupt_body(world, feed_server: FeedServer) -> None:
    raw = zlib.compressobj(wbits=-15)  # raw deflate is only tolerated when labelled deflate
    feed_server.routes["/mislabelled"] = Route(
        body=raw.compress(simple_rss(2, "m")) + raw.flush(), headers={"Content-Encoding": "gzip"}
    )
    world.member("mislabelled", f"{feed_server.url}/mislabelled")
    outcome = world.fetch()["mislabelled"]
    assert (outcome.status, outcome.detail) == (FAILED_OUTCOME, "the compressed body is corrupt")


def test_oversized_body_is_refused(world, feed_server: FeedServer) -> None:
    world.overrides = {"PLANET_MAX_BYTES": 10_000}
    big = simple_rss(400)
    assert len(big) > 10_000
    feed_server.routes["/big"] = Route(body=big)
    feed_server.routes["/big-chunked"] = Route(body=big, headers={"Content-Length": ""})
    world.member("big", f"{feed_server.url}/big")
    world.member("streamed", f"{feed_server.url}/big-chunked")
    outcomes = world.fetch()
    assert outcomes["big"].detail == f"feed too large: {len(big)} bytes (the limit is 10000)"
    assert outcomes["streamed"].detail == "feed too large: more than 10000 bytes"


def test_gzip_bomb_stops_at_the_decompressed_cap(world, feed_server: FeedServer) -> None:
    world.overrides = {"PLANET_MAX_DECOMPRESSED_BYTES": 1_000_000}
    bomb = gzip.compress(b"<rss>" + b" " * 50_000_000)
    assert len(bomb) < 100_000
    feed_server.routes["/bomb"] = Route(body=bomb, headers={"Content-Encoding": "gzip"})
    world.member("bomb", f"{feed_server.url}/bomb")
    outcome = world.fetch()["bomb"]
    assert outcome.detail == "feed too large: more than 1000000 bytes once decompressed"


def test_malformed_xml_fails_and_keeps_earlier_entries(world, feed_server: FeedServer) -> None:
    feed_server.routes["/feed"] = Route(body=simple_rss(3))
    world.member("turns", f"{feed_server.url}/feed")
    assert world.fetch()["turns"].status == FETCHED
    feed_server.routes["/feed"] = Route(body=b"<?xml version='1.0'?><rss><channel><<<>>")
    outcome = world.fetch()["turns"]
    assert outcome.status == FAILED_OUTCOME
    assert outcome.detail.startswith("malformed XML at line 1: ")
    assert outcome.entries == 3
    assert _entry_titles(world) == ["Post 1", "Post 2", "Post 3"]
    with world.store() as store:
        state = store.feed_states()["turns"]
    assert state.consecutive_failures == 1
    assert state.last_success is not None


def test_good_feed_that_turns_bad_keeps_entries_through_every_failure(
    world, feed_server: FeedServer
) -> None:
    feed_server.routes["/feed"] = Route(body=simple_rss(2))
    world.member("flaky", f"{feed_server.url}/feed")
    world.fetch()
    for route in (
        Route(500),
        Route(404),
        Route(body=b"not xml at all", headers={"Content-Type": "text/plain"}),
    ):
        feed_server.routes["/feed"] = route
        assert world.fetch()["flaky"].status == FAILED_OUTCOME
    assert _entry_titles(world) == ["Post 1", "Post 2"]
    with world.store() as store:
        assert store.feed_states()["flaky"].consecutive_failures == 3


def test_posts_that_share_one_guid_are_all_stored(world, feed_server: FeedServer) -> None:
    items = [
        {
            "title": f"Post {n}",
            "guid": "https://blog.example.org/",
            "link": f"https://blog.example.org/{n}",
        }
        for n in (1, 2, 3)
    ]
    feed_server.routes["/feed"] = Route(body=rss2(items))
    world.member("sameguid", f"{feed_server.url}/feed")
    outcome = world.fetch()["sameguid"]
    assert outcome.status == FETCHED
    assert "3 entries share an id" in outcome.detail
    assert _entry_titles(world) == ["Post 1", "Post 2", "Post 3"]


def test_html_page_is_not_a_feed_and_names_the_advertised_feed(
    world, feed_server: FeedServer
) -> None:
    page = (
        b"<!doctype html><html><head><title>My blog</title>"
        b'<link rel="alternate" type="application/atom+xml" href="/feeds/all.atom.xml">'
        b"</head><body><p>Hello</p></body></html>"
    )
    feed_server.routes["/blog/"] = Route(
        body=page, headers={"Content-Type": "text/html; charset=utf-8"}
    )
    world.member("html", f"{feed_server.url}/blog/")
    outcome = world.fetch()["html"]
    assert outcome.status == FAILED_OUTCOME
    assert outcome.detail == (
        "not a feed: the address returns an HTML page; the page advertises the feed "
        f"{feed_server.url}/feeds/all.atom.xml"
    )
    with world.store() as store:
        state = store.feed_states()["html"]
    assert state.not_a_feed is True
    assert state.advertised_feed == f"{feed_server.url}/feeds/all.atom.xml"


def test_requests_to_one_server_are_limited_and_other_servers_do_not_wait(
    world, feed_server: FeedServer
) -> None:
    world.overrides = {"PLANET_CONCURRENCY": 2, "PLANET_CONCURRENCY_PER_SERVER": 1}
    for n in range(4):  # one busy platform...
        feed_server.routes[f"/slow{n}"] = Route(body=simple_rss(1, f"s{n}"), delay=0.3)
        world.member(f"busy{n}", f"{feed_server.url}/slow{n}")
    with FeedServer() as other:  # ...and a member with a server of their own
        other.routes["/feed"] = Route(body=simple_rss(1, "other"))
        world.member("own", f"{other.url}/feed")
        outcomes = world.fetch()
    assert {outcome.status for outcome in outcomes.values()} == {FETCHED}
    assert feed_server.most_in_flight == 1
    busy = sorted(seen.at for seen in feed_server.requests)
    # The queue for the busy server holds no place the other server could use.
    assert other.requests[0].at < busy[1]


def test_connection_refused(world) -> None:
    world.member("nobody", "http://127.0.0.1:9/feed")
    outcome = world.fetch()["nobody"]
    assert outcome.status == FAILED_OUTCOME
    assert outcome.detail == "could not connect to 127.0.0.1:9: Connection refused"


def test_a_name_that_does_not_resolve(world, monkeypatch) -> None:
    import socket

    real = socket.getaddrinfo

    def resolver(host: str, *args: Any, **kwargs: Any) -> Any:
        if host == "feeds.example.invalid":  # never asks a real DNS server
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    world.member("nowhere", "http://feeds.example.invalid/feed")
    outcome = world.fetch()["nowhere"]
    assert outcome.status == FAILED_OUTCOME
    assert outcome.detail == (
        "could not connect to feeds.example.invalid:80: Name or service not known"
    )


TLS = Path(__file__).parent / "tls"


def _tls_server_context() -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(TLS / "localhost-cert.pem", TLS / "localhost-key.pem")
    return context


def test_https_feed_with_an_untrusted_certificate_fails_with_the_reason(world) -> None:
    with FeedServer(tls=_tls_server_context()) as server:
        server.routes["/feed"] = Route(body=simple_rss(2, "tls"))
        world.member("selfsigned", f"{server.url}/feed")
        outcome = world.fetch()["selfsigned"]
    assert outcome.status == FAILED_OUTCOME
    # OpenSSL 3 says "self-signed certificate", 1.1 "self signed certificate".
    assert outcome.detail.startswith("the certificate of 127.0.0.1 is not trusted: self")
    assert outcome.detail.endswith("signed certificate")


def test_https_feed_is_fetched_when_its_certificate_is_trusted(world, monkeypatch) -> None:
    import planet.fetch

    trusted = ssl.create_default_context(cafile=str(TLS / "localhost-cert.pem"))
    monkeypatch.setattr(planet.fetch, "tls_verification", lambda: trusted)
    with FeedServer(tls=_tls_server_context()) as server:
        server.routes["/feed"] = Route(body=simple_rss(2, "tls"))
        world.member("secure", f"{server.url}/feed")
        outcome = world.fetch()["secure"]
    assert (outcome.status, outcome.entries) == (FETCHED, 2)


def test_long_header_lines_pass_and_a_malformed_answer_is_named(
    world, feed_server: FeedServer
) -> None:
    feed_server.routes["/long"] = Route(body=simple_rss(1), headers={"X-Pad": "a" * 12_000})
    feed_server.routes["/huge"] = Route(body=simple_rss(1), headers={"X-Pad": "a" * 40_000})
    world.member("long", f"{feed_server.url}/long")
    world.member("huge", f"{feed_server.url}/huge")
    outcomes = world.fetch()
    assert outcomes["long"].status == FETCHED
    assert outcomes["huge"].status == FAILED_OUTCOME
    assert outcomes["huge"].detail.startswith("malformed answer: ")


def test_parsing_in_worker_processes(world, feed_server: FeedServer) -> None:
    world.overrides = {"PLANET_PARSE_WORKERS": 2}
    for number in range(4):
        feed_server.routes[f"/f{number}"] = Route(body=simple_rss(2, f"w{number}"))
        world.member(f"w{number}", f"{feed_server.url}/f{number}")
    outcomes = world.fetch()
    assert [outcomes[f"w{n}"].status for n in range(4)] == [FETCHED] * 4
    assert len(_entry_titles(world)) == 8


def _frozen_in_worker(body: bytes, headers: dict[str, str], url: str) -> int:
    """Stands in for parse_feed: how many inherited objects the worker keeps frozen."""
    import gc

    return gc.get_freeze_count()


def test_workers_inherit_frozen_objects_and_the_fetch_keeps_none(world) -> None:
    import gc

    from planet.update import Round

    world.overrides = {"PLANET_PARSE_WORKERS": 2}
    frozen_before = gc.get_freeze_count()

    async def first_parse() -> int:
        round_ = Round(world.settings(), None, lambda outcome: None)  # type: ignore[arg-type]
        result = FetchResult("m", "http://127.0.0.1:9/f", OK, body=b"<rss/>")
        future = round_._parse_later(_frozen_in_worker, result)
        assert future is not None
        try:
            return await future
        finally:
            round_._pool.shutdown()  # type: ignore[union-attr]

    with ThreadPoolExecutor(max_workers=1) as thread:
        frozen_in_worker = thread.submit(asyncio.run, first_parse()).result()
    # Everything this process had made when the workers forked: far more than the parse.
    assert frozen_in_worker > 10_000
    assert gc.get_freeze_count() == frozen_before


def test_fetch_works_when_the_caller_already_runs_an_event_loop(
    world, feed_server: FeedServer
) -> None:
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    feed_server.routes["/feed"] = Route(body=simple_rss(1))
    world.member("inside", f"{feed_server.url}/feed")

    async def caller() -> str:
        return world.fetch()["inside"].status

    # The caller's loop runs in a thread of its own, whatever this test process runs already.
    with ThreadPoolExecutor(max_workers=1) as thread:
        assert thread.submit(asyncio.run, caller()).result() == FETCHED


def test_certificates_are_checked_with_the_system_store_or_certifi(tmp_path, monkeypatch) -> None:
    import ssl

    from planet.fetch import tls_verification

    def paths(cafile: str, capath: str) -> ssl.DefaultVerifyPaths:
        return ssl.DefaultVerifyPaths(  # type: ignore[call-arg]
            cafile, capath, "SSL_CERT_FILE", cafile, "SSL_CERT_DIR", capath
        )

    store = tmp_path / "ca.pem"
    store.write_text("a system CA store\n")
    monkeypatch.setattr(ssl, "get_default_verify_paths", lambda: paths(str(store), ""))
    assert tls_verification() is True  # the system has a store: aiohttp's default uses it
    missing = paths("/nonexistent/ca.pem", str(tmp_path / "no-certs"))
    monkeypatch.setattr(ssl, "get_default_verify_paths", lambda: missing)
    context = tls_verification()
    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    assert len(context.get_ca_certs()) > 50  # certifi's bundle


def test_retry_after_is_capped_at_a_week_in_both_forms() -> None:
    now = 1_800_000_000.0
    week = 7 * 86400
    assert retry_after_instant("999999999", now) == now + week
    assert retry_after_instant("Fri, 01 Jan 2100 00:00:00 GMT", now) == now + week
    assert retry_after_instant("120", now) == now + 120
    soon = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(now + 3600))
    assert retry_after_instant(soon, now) == now + 3600
    assert retry_after_instant("not a date", now) is None


def test_local_feed_files_only_when_allowed_and_inside_the_project(tmp_path: Path) -> None:
    (tmp_path / "feed.xml").write_bytes(simple_rss(1))
    outside = tmp_path.parent / f"{tmp_path.name}-outside.xml"
    outside.write_bytes(simple_rss(1))

    def read(url: str, allowed: bool) -> FetchResult:
        config = FetchConfig(user_agent="test", project_root=tmp_path, allow_local_files=allowed)
        return read_local(FeedRequest("m", url), config)

    assert read("feed.xml", allowed=True).status == OK
    refused = read("feed.xml", allowed=False)
    assert refused.status == FAILED and "allow no local feed files" in (refused.error or "")
    escaped = read(f"../{outside.name}", allowed=True)
    assert (
        escaped.status == FAILED and escaped.error == "a local feed file must be inside the project"
    )


def test_an_address_with_a_control_character_is_never_read_as_a_file(world) -> None:
    request = FeedRequest("m", "http://127.0.0.1:9/a\x01b")
    config = FetchConfig(user_agent="test", project_root=world.root, allow_local_files=False)

    async def results() -> list[FetchResult]:
        return [result async for result in fetch_feeds([request], config)]

    # In a thread of its own: a browser test may have left this thread's event loop running.
    with ThreadPoolExecutor(max_workers=1) as thread:
        [result] = thread.submit(asyncio.run, results()).result()
    assert result.status == FAILED and "allow no local feed files" in (result.error or "")


def test_a_waiting_or_gone_feed_still_counts_its_cached_entries(
    world, feed_server: FeedServer
) -> None:
    feed_server.routes["/busy"] = Route(body=simple_rss(3))
    feed_server.routes["/gone"] = Route(body=simple_rss(2))
    world.member("busy", f"{feed_server.url}/busy")
    world.member("gone", f"{feed_server.url}/gone")
    world.fetch()
    feed_server.routes["/busy"] = Route(429, headers={"Retry-After": "3600"})
    feed_server.routes["/gone"] = Route(410)
    world.fetch()
    outcomes = world.fetch()
    assert (outcomes["busy"].status, outcomes["busy"].entries) == (WAITING, 3)
    assert (outcomes["gone"].status, outcomes["gone"].entries) == (GONE_OUTCOME, 2)
