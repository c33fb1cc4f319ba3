"""Every page reachable from the home page works for every demo role (no server error), and
holds no inline script, on* handler or inline style (the strict CSP, decision 0332): one crawl
per role checks both, each page rendered once."""

import re
from collections import deque

import pytest
from django.test.signals import template_rendered

from binhdang.accounts.models import User

from .test_csp import inline_parts

pytestmark = pytest.mark.django_db

_HREF = re.compile(r'href="(/[^"#]*)"')
# Leaving, switching language and the admin are not pages of the app; files are checked
# by their own tests.
_SKIP = re.compile(r"^/(accounts/logout|i18n/|admin/|static/|api/docs)|\.(ics|docx|pdf|xlsx|json|xml)(\?|$)")
PAGES_PER_ROLE = 120


def crawl(client, start: str = "/", *, pages: dict[str, str] | None = None) -> dict[str, int]:
    """The status of every page reached from `start` (up to PAGES_PER_ROLE); each HTML page's
    text goes into `pages` when given."""
    seen: dict[str, int] = {}
    queue = deque([start])
    while queue and len(seen) < PAGES_PER_ROLE:
        url = queue.popleft()
        if url in seen or _SKIP.search(url):
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            html = response.content.decode()
            if pages is not None:
                pages[url] = html
            for link in _HREF.findall(html):
                link = link.replace("&amp;", "&")
                if link not in seen:
                    queue.append(link)
    return seen


@pytest.mark.parametrize("username", ["ldtbxh", "lanhdao", "hoilhpn", "badinh", "tinh", "admin"])
def test_no_page_reachable_by_a_role_fails_or_has_inline_code(client, full_demo, username):
    client.force_login(User.objects.get(username=username))
    rendered: set[str] = set()

    def remember(sender, template, **kwargs):
        rendered.add(template.name)

    pages: dict[str, str] = {}
    template_rendered.connect(remember)
    try:
        statuses = crawl(client, pages=pages)
    finally:
        template_rendered.disconnect(remember)
    errors = {url: code for url, code in statuses.items() if code >= 500}
    assert errors == {}
    assert len(statuses) > 20  # the crawl really walked the app
    assert statuses["/"] == 200
    offenders = {url: found[:3] for url, html in pages.items() if (found := inline_parts(html))}
    assert offenders == {}
    assert len(pages) > 20
    # the pages that carried inline code before are among those checked
    assert "core/_period_select.html" in rendered


@pytest.mark.parametrize("username", ["ldtbxh", "badinh"])
def test_no_page_fails_in_english_either(client, full_demo, username):
    client.force_login(User.objects.get(username=username))
    client.cookies["django_language"] = "en"
    statuses = crawl(client)
    assert {url: code for url, code in statuses.items() if code >= 500} == {}
    assert "My units" in client.get("/").content.decode()
