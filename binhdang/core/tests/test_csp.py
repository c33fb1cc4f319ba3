"""The strict Content-Security-Policy holds on every page: no inline script, no on* handler,
no inline style, for every demo role (docs/decisions/0332; the per-role crawl of every
page is in test_crawl.py, which checks its pages' statuses and inline code at once)."""

from html.parser import HTMLParser

import pytest

from binhdang.accounts.models import User

pytestmark = pytest.mark.django_db

DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


class InlineFinder(HTMLParser):
    """What a browser would need 'unsafe-inline' for."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._script_inline = False

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        for name, _value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name == "style":
                self.found.append(f"<{tag} style=…>")
            if name == "href" and (_value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} href=javascript:…>")
        if tag == "style":
            self.found.append("<style>")
        if tag == "script":
            self._script_inline = "src" not in names and (names.get("type") or "") not in DATA_SCRIPT_TYPES

    def handle_data(self, data):
        if self._script_inline and data.strip():
            self.found.append(f"<script>{data.strip()[:60]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._script_inline = False


def inline_parts(html: str) -> list[str]:
    finder = InlineFinder()
    finder.feed(html)
    return finder.found


def test_the_finder_sees_each_kind_of_inline_code():
    html = ('<p onclick="x()">a</p><div style="width:3%"></div><style>p{}</style><script>alert(1)</script>'
            '<script src="/static/a.js"></script><script type="application/json">{"a": 1}</script>'
            '<a href="javascript:void(0)">b</a>')
    assert inline_parts(html) == ["<p onclick=…>", "<div style=…>", "<style>", "<script>alert(1)",
                                  "<a href=javascript:…>"]


def test_the_policy_allows_no_inline_script_or_style(client, demo_tree):
    header = client.get("/accounts/login/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert "unsafe-inline" not in header and "unsafe-eval" not in header


def test_the_pages_that_had_inline_code_render_without_it(client, full_demo):
    """The import review (inline <script>), a unit's calendar panel (onclick), the period
    picker that navigates (onchange), the status bar and a form editor (style=)."""
    from binhdang.documents.models import PlanImport
    from binhdang.reporting.models import ReportTemplate

    client.force_login(User.objects.get(username="admin"))
    urls = ["/reports/status/?period=2017-H1", f"/reports/forms/{ReportTemplate.objects.first().pk}/"]
    plan_import = PlanImport.objects.first()
    if plan_import is not None:
        urls.append(f"/documents/imports/{plan_import.pk}/")
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert inline_parts(response.content.decode()) == [], url


def test_the_api_docs_start_swagger_from_a_script_url(client, demo_tree):
    from binhdang.accounts.models import User as _User

    client.force_login(_User.objects.get(username="ldtbxh"))
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert inline_parts(html) == []
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()
