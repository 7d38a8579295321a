"""report.html's templates: autoescaping on, the page's bytes kept, the files shipped."""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

import pytest
from markupsafe import Markup

import pipeline
from pipeline import freshness
from pipeline.report import render, render_report
from test_report import fixture_rows

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "pipeline" / "report"
SCRIPT = "<script>alert('x')</script>"
ESCAPED = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"


def section(page: str, name: str) -> str:
    return page.split(f'<section id="{name}"', 1)[1].split("</section>", 1)[0]


def test_report_templates_autoescape_is_on():
    env = render.environment()
    assert env.autoescape is True
    # Jinja itself escapes, not only our finalize: without it "<b>" is still "&lt;b&gt;".
    assert env.overlay(finalize=None).from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"


def test_report_templates_script_in_a_document_title_is_escaped():
    rows = fixture_rows()
    rows["documents"][0]["title"] = SCRIPT
    page = render_report(rows, title=SCRIPT, warnings=[])
    assert f"<title>{ESCAPED}</title>" in page and f"<h1>{ESCAPED}</h1>" in page
    assert f"<td>{ESCAPED}</td>" in section(page, "documents")
    assert page.count("<script") == 2


def test_report_templates_script_in_a_claim_is_escaped():
    rows = fixture_rows()
    claim = next(c for c in rows["claims"] if c["citation_needed"] == "true")
    claim["text"] = SCRIPT
    claim["hedge"] = SCRIPT
    flagged = section(render_report(rows, title="t", warnings=[]), "flagged")
    assert f"<q>{ESCAPED}</q>" in flagged
    assert f"hedged: {ESCAPED}</span>" in flagged
    assert "<script" not in flagged


@pytest.mark.parametrize(("value", "expected"), [
    ("a'b\"c<&>", "a&#x27;b&quot;c&lt;&amp;&gt;"),  # html.escape's forms, as before Jinja
    (None, ""), (3, "3"), (2.0, "2"), (True, "true"),
    (Markup("<b>ours</b>"), "<b>ours</b>"),
])
def test_report_templates_escape_is_html_escape_of_the_cell_text(value, expected):
    assert render._escape(value) == expected


def test_report_templates_a_typo_in_a_template_fails_loudly():
    with pytest.raises(Exception, match="no_such_name"):
        render.environment().from_string("{{ no_such_name }}").render()


def test_report_templates_and_static_files_ship_in_the_wheel():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["pipeline"]
    root = ROOT / "pipeline"
    shipped = {p for g in globs for p in root.glob(g)}
    for folder in ("templates", "static"):
        files = [p for p in (PACKAGE / folder).iterdir() if p.is_file()]
        assert files and set(files) <= shipped, folder
    assert any(d.startswith("jinja2") for d in config["project"]["dependencies"])


@pytest.mark.parametrize("name", ["templates/report.html.j2", "static/report.css",
                                  "static/report.js"])
def test_report_templates_an_edit_changes_the_code_digest(name, monkeypatch, tmp_path):
    # A template or asset edit must re-render report.html, not be served as up to date.
    copy = tmp_path / "pipeline"
    shutil.copytree(ROOT / "pipeline", copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(pipeline, "__file__", str(copy / "__init__.py"))
    before = freshness._code_digest()
    path = copy / "report" / name
    path.write_text(path.read_text("utf-8") + " ", encoding="utf-8")
    assert freshness._code_digest() != before


def test_report_templates_take_their_words_from_report_yaml(monkeypatch):
    words = {**render._words(), "headings": {**render._words()["headings"],
                                             "conflicts": "Widersprüche <&>"}}
    monkeypatch.setattr(render, "_words", lambda: words)
    page = render_report(fixture_rows(), title="t", warnings=[])
    assert "<h2>Widersprüche &lt;&amp;&gt;</h2>" in section(page, "conflicts")


def test_report_templates_hold_no_english_of_their_own():
    # Between the tags and the template code only symbols are left: words are data.
    for path in (PACKAGE / "templates").glob("*.j2"):
        text = re.sub(r"\{#.*?#\}|\{\{.*?\}\}|\{%.*?%\}", "", path.read_text("utf-8"), flags=re.S)
        text = re.sub(r"<[^>]*>", "", text)
        assert not re.search(r"[A-Za-z]", text), (path.name, re.findall(r"[A-Za-z]+", text))


def test_report_templates_content_filter_escapes_markup_but_not_quotes():
    assert render._content("it's <b> & \"x\"") == "it's &lt;b&gt; &amp; \"x\""


def test_report_csp_allows_only_the_pages_own_script():
    """No 'unsafe-inline' for scripts: the CSP names the hash of the one inline script, so a
    script injected anywhere else in the page would not run."""
    import base64
    import hashlib
    import re

    from pipeline.report.render import render_report

    page = render_report({}, title="t", warnings=[])
    csp = re.search(r'Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "'unsafe-inline'; base-uri" not in csp and "script-src 'unsafe-inline'" not in csp
    body = re.search(r"<script>(.*?)</script>", page, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp
