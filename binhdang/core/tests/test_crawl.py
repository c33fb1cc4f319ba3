"""Every page reachable from the home page works for every demo role (no server error)."""

import re
from collections import deque

import pytest

from binhdang.accounts.models import User

pytestmark = pytest.mark.django_db

_HREF = re.compile(r'href="(/[^"#]*)"')
# Leaving, switching language and the admin are not pages of the app; files are checked
# by their own tests.
_SKIP = re.compile(r"^/(accounts/logout|i18n/|admin/|static/|api/docs)|\.(ics|docx|pdf|xlsx|json|xml)(\?|$)")
PAGES_PER_ROLE = 120


def crawl(client, start: str = "/") -> dict[str, int]:
    seen: dict[str, int] = {}
    queue = deque([start])
    while queue and len(seen) < PAGES_PER_ROLE:
        url = queue.popleft()
        if url in seen or _SKIP.search(url):
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            for link in _HREF.findall(response.content.decode()):
                link = link.replace("&amp;", "&")
                if link not in seen:
                    queue.append(link)
    return seen


@pytest.mark.parametrize("username", ["ldtbxh", "lanhdao", "hoilhpn", "badinh", "tinh", "admin"])
def test_no_page_reachable_by_a_role_fails(client, full_demo, username):
    client.force_login(User.objects.get(username=username))
    statuses = crawl(client)
    errors = {url: code for url, code in statuses.items() if code >= 500}
    assert errors == {}
    assert len(statuses) > 20  # the crawl really walked the app
    assert statuses["/"] == 200


@pytest.mark.parametrize("username", ["ldtbxh", "badinh"])
def test_no_page_fails_in_english_either(client, full_demo, username):
    client.force_login(User.objects.get(username=username))
    client.cookies["django_language"] = "en"
    statuses = crawl(client)
    assert {url: code for url, code in statuses.items() if code >= 500} == {}
    assert "My units" in client.get("/").content.decode()
