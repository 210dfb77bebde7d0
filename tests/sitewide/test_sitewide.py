"""The sitewide plugin: the footer's page links and compiled templates, each worked out once."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest
import sitewide

from tests.conftest import pelican_build


def test_footer_is_the_same_with_and_without_the_plugin(tmp_path: Path) -> None:
    with_plugin, without = tmp_path / "with", tmp_path / "without"
    now = {"GATHERINGS_NOW": "2026-11-22T12:00:00Z"}  # the calendar prints its build date
    assert pelican_build(with_plugin, overrides=now).returncode == 0
    plugins = ["essays", "sitemap", "neighbors", "planet", "gatherings"]
    assert pelican_build(without, overrides={**now, "PLUGINS": plugins}).returncode == 0
    for page in ("index.html", "about/index.html", "calendar/index.html"):
        shown = (with_plugin / page).read_text()
        assert 'href="http://127.0.0.1:8000/about/">About</a>' in shown
        assert shown == (without / page).read_text(), page


def test_page_links_are_each_pages_url_and_title() -> None:
    pages = [SimpleNamespace(url="about/", title="About"), SimpleNamespace(url="x/", title="X")]
    generator = SimpleNamespace(pages=pages, context={})
    sitewide._share_page_links(generator)
    assert generator.context["site_page_links"] == [("about/", "About"), ("x/", "X")]


def test_a_template_compiled_by_one_generator_is_not_compiled_again_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "page.html").write_text("<p>{{ text }}</p>")
    cache = jinja2.FileSystemBytecodeCache(str(tmp_path / "compiled"))
    (tmp_path / "compiled").mkdir()
    monkeypatch.setattr(sitewide, "_COMPILED_TEMPLATES", cache)
    compiled: list[str] = []
    real_compile = jinja2.Environment.compile

    def counting_compile(self: jinja2.Environment, source: str, *args: object, **kw: object):  # type: ignore[no-untyped-def]
        compiled.append(source)
        return real_compile(self, source, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Environment, "compile", counting_compile)
    rendered = []
    for _ in range(2):  # two generators, each with its own environment as in Pelican
        generator = SimpleNamespace(
            env=jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path))
        )
        sitewide._share_compiled_templates(generator)
        rendered.append(generator.env.get_template("page.html").render(text="hi"))
    assert rendered == ["<p>hi</p>", "<p>hi</p>"]
    assert len(compiled) == 1


def test_an_environment_with_its_own_cache_keeps_it() -> None:
    own = jinja2.FileSystemBytecodeCache()
    generator = SimpleNamespace(env=jinja2.Environment(bytecode_cache=own))
    sitewide._share_compiled_templates(generator)
    assert generator.env.bytecode_cache is own
