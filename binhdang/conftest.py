"""Shared pytest fixtures: demo-like org tree, users per role, and the browser."""

import os
import shutil

import pytest

from binhdang.accounts.models import User
from binhdang.demo.services import demo_load_orgunits_and_users
from binhdang.orgunits.models import OrgUnit

REQUIRE_ALL = os.environ.get("BINHDANG_REQUIRE_ALL") == "1"


def require_program(name: str, reason: str) -> str:
    """Path of a system program; skip (or fail under BINHDANG_REQUIRE_ALL=1) when absent."""
    path = shutil.which(name)
    if path:
        return path
    message = f"{name} is not installed: {reason}"
    if REQUIRE_ALL:
        pytest.fail(f"BINHDANG_REQUIRE_ALL=1 but {message}")
    pytest.skip(message)


@pytest.fixture
def demo_tree(db):
    """Thanh Hóa > Bỉm Sơn (2017) with its agencies, communes and demo users."""
    demo_load_orgunits_and_users()
    return {u.code: u for u in OrgUnit.objects.all()}


@pytest.fixture
def demo_user(demo_tree):
    def get(username: str) -> User:
        return User.objects.get(username=username)

    return get


# --- browser (Playwright driving Debian's Chromium) ---------------------------------------

def _chromium_path() -> str:
    for candidate in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    return ""


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    path = _chromium_path()
    if not path:
        message = "Chromium is not installed (apt-get install chromium fonts-liberation2)"
        if REQUIRE_ALL:
            pytest.fail(f"BINHDANG_REQUIRE_ALL=1 but {message}")
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": path,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-sync",
                 "--disable-dev-shm-usage"],
    }


@pytest.fixture
def login(page, live_server):
    """Log in through the real login page; returns the page."""

    def do(username: str, password: str = "binhdang2017"):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit].primary")
        page.wait_for_url(lambda url: "/accounts/login" not in url)
        return page

    return do
