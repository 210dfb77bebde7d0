"""The home page and an essay in headless chromium: they load with no console error,
no failed request and nothing from another host; they fit a phone and a desktop; the
skip link, focus outline, dark scheme and print styles work. Screenshots of each case
go to test-artifacts/ for people to look at."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}

# WCAG relative luminance and contrast, computed in the page from computed styles.
CONTRAST_JS = """
([selector, background]) => {
  const parse = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = (rgb) => {
    const [r, g, b] = rgb.map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const element = document.querySelector(selector);
  if (!element) return null;
  const fg = lum(parse(getComputedStyle(element).color));
  const bg = lum(parse(getComputedStyle(document.querySelector(background)).backgroundColor));
  return { ratio: (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05), background: bg };
}
"""


@dataclass
class PageLog:
    """What went wrong while a page loaded."""

    base_url: str
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        page.on(
            "console",
            lambda message: (
                self.console_errors.append(message.text) if message.type == "error" else None
            ),
        )
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        page.on(
            "requestfailed", lambda request: self.failed.append(f"{request.url}: {request.failure}")
        )
        page.on(
            "response",
            lambda response: (
                self.failed.append(f"{response.url}: HTTP {response.status}")
                if response.status >= 400
                else None
            ),
        )
        page.on(
            "request",
            lambda request: (
                None
                if request.url.startswith(self.base_url) or request.url.startswith("data:")
                else self.foreign.append(request.url)
            ),
        )


@pytest.fixture(scope="session")
def essay_path(built_site: tuple[Path, str]) -> str:
    """An essay that has both an older and a newer neighbour when there are three or more."""
    output, _ = built_site
    pages = sorted(p for p in (output / "essays").glob("*/index.html"))
    with_both = [
        p for p in pages if 'rel="prev"' in p.read_text() and 'rel="next"' in p.read_text()
    ]
    chosen = (with_both or pages)[0]
    return chosen.parent.relative_to(output).as_posix() + "/"


@contextmanager
def open_page(
    chromium: Any, base_url: str, path: str, viewport: dict[str, int], scheme: str = "light"
) -> Iterator[tuple[Any, PageLog]]:
    context = chromium.new_context(viewport=viewport, color_scheme=scheme)
    page = context.new_page()
    log = PageLog(base_url)
    log.attach(page)
    page.goto(f"{base_url}/{path}", wait_until="networkidle")
    try:
        yield page, log
    finally:
        context.close()


def page_paths(essay_path: str) -> dict[str, str]:
    return {"home": "", "essay": essay_path}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", ["phone", "desktop"])
@pytest.mark.parametrize("which", ["home", "essay"])
def test_page_loads_cleanly_and_fits_the_screen(
    chromium: Any,
    built_site: tuple[Path, str],
    essay_path: str,
    artifacts: Path,
    which: str,
    width: str,
    scheme: str,
) -> None:
    _, base_url = built_site
    path = page_paths(essay_path)[which]
    with open_page(chromium, base_url, path, WIDTHS[width], scheme) as (page, log):
        page.screenshot(path=str(artifacts / f"theme-{which}-{width}-{scheme}.png"), full_page=True)
        assert log.console_errors == []
        assert log.failed == []
        assert log.foreign == [], "requests to other hosts"
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{overflow}px of horizontal scroll"
        wide = page.evaluate(
            """(limit) => [...document.querySelectorAll('body *')]
                 .filter((e) => e.getBoundingClientRect().right > limit + 1)
                 .map((e) => e.tagName + '.' + e.className)""",
            WIDTHS[width]["width"],
        )
        assert wide == [], f"elements wider than the screen: {wide}"


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_navigation_is_visible_and_usable(
    chromium: Any, built_site: tuple[Path, str], width: str
) -> None:
    _, base_url = built_site
    viewport = WIDTHS[width]
    with open_page(chromium, base_url, "", viewport) as (page, _):
        links = page.locator(".site-nav a")
        assert links.count() >= 5
        for index in range(links.count()):
            link = links.nth(index)
            assert link.is_visible()
            box = link.bounding_box()
            assert box is not None
            assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
            assert box["height"] >= 24, "tap target at least 24 px high"
        page.locator(".site-nav a", has_text="Essays").click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "All essays"
        assert page.locator(".site-nav a[aria-current=page]").inner_text() == "Essays"


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_essay_text_has_a_readable_measure(
    chromium: Any, built_site: tuple[Path, str], essay_path: str, width: str
) -> None:
    _, base_url = built_site
    with open_page(chromium, base_url, essay_path, WIDTHS[width]) as (page, _):
        # Characters per full line, from the longest paragraph: its length over its lines
        # (the last, partial line is left out).
        measure = page.evaluate(
            """() => {
              const paragraphs = [...document.querySelectorAll('.essay-body > p')];
              const p = paragraphs.sort((a, b) => b.textContent.length - a.textContent.length)[0];
              const style = getComputedStyle(p);
              const lineHeight = parseFloat(style.lineHeight);
              const lines = Math.round(p.getBoundingClientRect().height / lineHeight);
              return { chars: p.textContent.length / Math.max(1, lines - 0.5), lines: lines,
                       fontSize: parseFloat(style.fontSize),
                       lineHeight: lineHeight / parseFloat(style.fontSize) };
            }"""
        )
    assert measure["fontSize"] >= 16
    assert 1.4 <= measure["lineHeight"] <= 1.9
    if width == "desktop":
        assert 55 <= measure["chars"] <= 90, f"{measure['chars']:.0f} characters per line"
    else:
        assert measure["chars"] >= 30, f"{measure['chars']:.0f} characters per line"


def test_skip_link_takes_the_keyboard_to_the_content(
    chromium: Any, built_site: tuple[Path, str], essay_path: str, artifacts: Path
) -> None:
    _, base_url = built_site
    with open_page(chromium, base_url, essay_path, DESKTOP) as (page, _):
        skip = page.locator(".skip-link")
        hidden_box = skip.bounding_box()
        assert hidden_box is not None and hidden_box["y"] < 0, "off screen until focused"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip-link"
        box = skip.bounding_box()
        assert box is not None and box["y"] >= 0, "visible once focused"
        page.screenshot(path=str(artifacts / "theme-skip-link-focused.png"))
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == "#main"
        assert page.evaluate("document.activeElement.id") == "main"
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.closest('main') !== null")
        assert focused, "the next Tab stays in the content, past the header"


def test_focus_is_visible(chromium: Any, built_site: tuple[Path, str]) -> None:
    _, base_url = built_site
    with open_page(chromium, base_url, "", DESKTOP) as (page, _):
        for _ in range(3):
            page.keyboard.press("Tab")
        style = page.evaluate(
            """() => { const s = getComputedStyle(document.activeElement);
                       return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"""
        )
    assert style[0] != "none" and style[1] >= 2, style


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_colour_scheme_is_followed_with_aa_contrast(
    chromium: Any, built_site: tuple[Path, str], essay_path: str, scheme: str
) -> None:
    _, base_url = built_site
    with open_page(chromium, base_url, essay_path, DESKTOP, scheme) as (page, _):
        checks = {
            "body text": (".essay-body p", "body"),
            "byline": (".essay-header .meta", "body"),
            "link": (".essay-header .meta a", "body"),
            "category": (".essay-header .eyebrow a", "body"),
            "footer text": (".site-footer p", ".site-footer"),
            "footer link": (".site-footer a", ".site-footer"),
            "current nav entry": (".site-nav a[aria-current]", ".site-nav a[aria-current]"),
        }
        results = {
            name: page.evaluate(CONTRAST_JS, [selector, background])
            for name, (selector, background) in checks.items()
        }
        assert all(results.values()), f"elements missing: {results}"
    background = results["body text"]["background"]
    if scheme == "dark":
        assert background < 0.05, "dark background in the dark scheme"
    else:
        assert background > 0.8, "light background in the light scheme"
    assert results["body text"]["ratio"] >= 7
    low = {name: round(r["ratio"], 2) for name, r in results.items() if r and r["ratio"] < 4.5}
    assert low == {}, f"below WCAG AA 4.5:1 in the {scheme} scheme"


def test_print_hides_navigation(
    chromium: Any, built_site: tuple[Path, str], essay_path: str
) -> None:
    _, base_url = built_site
    with open_page(chromium, base_url, essay_path, DESKTOP) as (page, _):
        page.emulate_media(media="print")
        assert not page.locator(".site-nav").is_visible()
        assert not page.locator(".site-footer").is_visible()
        assert page.locator(".essay-body").is_visible()


@pytest.mark.parametrize("which", ["home", "essay"])
def test_pages_need_no_javascript(
    chromium: Any, built_site: tuple[Path, str], essay_path: str, which: str
) -> None:
    _, base_url = built_site
    context = chromium.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{base_url}/{page_paths(essay_path)[which]}")
        assert page.locator("h1").first.is_visible()
        assert page.locator(".site-nav a").count() >= 5
        assert page.locator(".site-nav").is_visible()
        if which == "essay":
            assert page.locator(".essay-body p").first.is_visible()
        else:
            assert page.locator(".entry-list .entry").count() >= 1
    finally:
        context.close()


@pytest.mark.parametrize("width", ["phone", "desktop"])
@pytest.mark.parametrize(
    "path", ["essays/", "tags/", "categories/", "authors/", "404.html", "about/"]
)
def test_other_pages_fit_and_load_cleanly(
    chromium: Any, built_site: tuple[Path, str], artifacts: Path, path: str, width: str
) -> None:
    output, base_url = built_site
    if not (output / path).exists():
        pytest.skip(f"{path} is not part of this build")
    with open_page(chromium, base_url, path, WIDTHS[width]) as (page, log):
        name = path.strip("/").replace("/", "-").removesuffix(".html")
        page.screenshot(path=str(artifacts / f"theme-{name}-{width}.png"), full_page=True)
        assert log.console_errors == [] and log.failed == [] and log.foreign == []
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{overflow}px of horizontal scroll"
