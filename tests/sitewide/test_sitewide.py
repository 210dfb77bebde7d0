"""The sitewide plugin: the footer's page links and compiled templates, each worked out once."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

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


def _generator(templates: Path, cache: Path, **options: object) -> SimpleNamespace:
    """What the plugin sees of a Pelican generator: its own Jinja environment and settings."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates), **options)  # type: ignore[arg-type]
    return SimpleNamespace(env=env, settings={"CACHE_PATH": str(cache)})


def test_a_template_compiled_by_one_generator_is_not_compiled_again_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "page.html").write_text("<p>{{ text }}</p>")
    compiled: list[str] = []
    real_compile = jinja2.Environment.compile

    def counting_compile(self: jinja2.Environment, source: str, *args: Any, **kw: Any) -> Any:
        compiled.append(source)
        return real_compile(self, source, *args, **kw)

    monkeypatch.setattr(jinja2.Environment, "compile", counting_compile)
    rendered = []
    for _ in range(2):  # two generators, each with its own environment as in Pelican
        generator = _generator(tmp_path, tmp_path / "cache", trim_blocks=True)
        sitewide._share_compiled_templates(generator)
        rendered.append(generator.env.get_template("page.html").render(text="hi"))
    assert rendered == ["<p>hi</p>", "<p>hi</p>"]
    assert len(compiled) == 1
    assert list((tmp_path / "cache" / "jinja").iterdir())  # kept for the next build


def test_environments_with_other_options_never_share_compiled_code(tmp_path: Path) -> None:
    (tmp_path / "t.html").write_text("{% if x %}\n  {{ x }}|{% endif %}")
    plain = _generator(tmp_path, tmp_path / "cache")
    strict = _generator(tmp_path, tmp_path / "cache", autoescape=True, trim_blocks=True)
    for generator in (plain, strict):
        sitewide._share_compiled_templates(generator)
    assert plain.env.get_template("t.html").render(x="<b>") == "\n  <b>|"
    # Compiled with autoescape and trim_blocks, not the plain environment's code.
    assert strict.env.get_template("t.html").render(x="<b>") == "  &lt;b&gt;|"
    assert plain.env.bytecode_cache is not strict.env.bytecode_cache


def test_an_environment_with_its_own_cache_or_an_autoescape_function_is_left_alone(
    tmp_path: Path,
) -> None:
    own = jinja2.FileSystemBytecodeCache(str(tmp_path))
    chosen = _generator(tmp_path, tmp_path / "cache", bytecode_cache=own)
    by_function = _generator(tmp_path, tmp_path / "cache", autoescape=jinja2.select_autoescape())
    for generator in (chosen, by_function):
        sitewide._share_compiled_templates(generator)
    assert chosen.env.bytecode_cache is own
    assert by_function.env.bytecode_cache is None
