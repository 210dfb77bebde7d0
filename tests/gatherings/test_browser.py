"""In headless chromium: the optional script hides gatherings that ended after the build,
and the page without JavaScript still lists them all."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import LocalServer, free_port, pelican_build

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def early_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site as built on 1 October 2026, served on 127.0.0.1."""
    output = tmp_path_factory.mktemp("gatherings-early")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    overrides = {"GATHERINGS_NOW": "2026-10-01T00:00:00Z", "SITEURL": base, "FEED_DOMAIN": base}
    result = pelican_build(output, overrides=overrides)
    assert result.returncode == 0, result.stderr
    with LocalServer(output, port) as server:
        yield server.url


def visible_titles(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        ".gathering-month:not([hidden]) li.gathering-item:not([hidden]) .gathering-item__title",
        "nodes => nodes.map(n => n.textContent.trim())",
    )


def test_script_hides_what_ended_after_the_build(
    chromium: Any, early_site: str, artifacts: Path
) -> None:
    page = chromium.new_page(viewport={"width": 1000, "height": 900})
    page.clock.install(time=datetime(2026, 11, 22, 12, tzinfo=UTC))
    page.goto(f"{early_site}/calendar/")
    titles = visible_titles(page)
    assert "Reading walk up Calton Hill" not in titles  # 17 October: over by 22 November
    assert "Repair café, and coffee while we wait" not in titles
    assert "Coffee, no laptops" in titles
    assert not page.is_visible("#month-2026-10")  # a month with nothing left is hidden
    page.screenshot(path=str(artifacts / "gatherings-calendar-js.png"), full_page=True)
    page.close()


def test_without_javascript_everything_built_is_listed(chromium: Any, early_site: str) -> None:
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{early_site}/calendar/")
    titles = visible_titles(page)
    assert "Reading walk up Calton Hill" in titles
    assert "Coffee, no laptops" in titles
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_gathering_page_screenshot(
    chromium: Any, early_site: str, artifacts: Path, scheme: str
) -> None:
    page = chromium.new_page(viewport={"width": 390, "height": 844}, color_scheme=scheme)
    page.goto(f"{early_site}/calendar/2027-01-09-coffee-no-laptops-washington/")
    assert page.title().startswith("Coffee, no laptops")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page scrolls sideways on a phone"
    page.screenshot(path=str(artifacts / f"gatherings-page-mobile-{scheme}.png"), full_page=True)
    page.close()


def test_on_a_phone_the_month_grid_keeps_a_link_to_every_gathering(
    chromium: Any, early_site: str
) -> None:
    page = chromium.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{early_site}/calendar/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    items = page.locator(".month-grid__item")
    assert items.count() > 0
    for index in range(items.count()):
        box = items.nth(index).bounding_box()
        assert box is not None and box["width"] >= 18 and box["height"] >= 18, "a dot to tap"
    cancelled = page.locator(".month-grid__item.is-cancelled")
    if cancelled.count():
        assert cancelled.first.evaluate("e => getComputedStyle(e).backgroundColor") in (
            "rgba(0, 0, 0, 0)",
            "transparent",
        )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.close()
