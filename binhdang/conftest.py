"""Shared pytest fixtures: demo-like org tree, users per role, and the browser."""

import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import translation
from django.utils.module_loading import import_string
from pytest_django import DjangoDbBlocker
from pytest_django.fixtures import validate_django_db

from binhdang.accounts.models import User
from binhdang.demo.services import demo_load_orgunits_and_users
from binhdang.orgunits.models import OrgUnit

REQUIRE_ALL = os.environ.get("BINHDANG_REQUIRE_ALL") == "1"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """A document rendered on a machine without the documents' serif (fonts-liberation2)
    skips with the reason, like a missing program; BINHDANG_REQUIRE_ALL=1 fails it."""
    from binhdang.core.errors import DomainError

    try:
        return (yield)
    except DomainError as error:
        if error.code != "document_font_missing":
            raise
        if REQUIRE_ALL:
            pytest.fail(f"BINHDANG_REQUIRE_ALL=1 but {error.message}")
        pytest.skip(str(error.message))


def pytest_configure(config: pytest.Config) -> None:
    """Test databases are copied from a migrated template (binhdang/testing/database.py)."""
    from binhdang.testing.database import install

    install()
SEED_PLAN_JSON = Path(settings.BASE_DIR) / "binhdang/fixtures/plans/268-KH-UBND-2017.json"


def require_program(name: str, reason: str) -> str:
    """Path of a system program; skip (or fail under BINHDANG_REQUIRE_ALL=1) when absent."""
    path = shutil.which(name)
    if path:
        return path
    message = f"{name} is not installed: {reason}"
    if REQUIRE_ALL:
        pytest.fail(f"BINHDANG_REQUIRE_ALL=1 but {message}")
    pytest.skip(message)


# --- the demo, built once per test session and shared by every worker (decisions 0201, 0353) --
#
# A *layer* is a state of the test database: "tree" (the org tree and users), "plan" (tree +
# plan 268/KH-UBND with its obligations) or "demo" (every demo step). The first worker that
# needs a layer runs its loaders once on the freshly migrated database and keeps every row
# as a snapshot on disk (binhdang/testing/snapshots.py); every other use, in any worker,
# restores the snapshot, which takes a fraction of a second. A layer is opened inside an
# atomic block left open from one test to the next while the tests need it; each test runs
# in pytest-django's own atomic block inside it, which rolls the test back to the layer.
# A transactional test (transactional_db, live_server) gets the layers rolled back and has
# its layer restored committed (pytest-django flushes it afterwards).


def _load_demo_tree() -> None:
    demo_load_orgunits_and_users()


def _load_seed_plan() -> None:
    """Plan 268/KH-UBND imported from its reviewed JSON, with its obligations (no progress)."""
    from binhdang.plans.services import (
        do_obligations_generate,
        do_plan_import_from_json,
    )

    data = json.loads(SEED_PLAN_JSON.read_text(encoding="utf-8"))
    plan = do_plan_import_from_json(actor=None, data=data)
    do_obligations_generate(actor=None, plan=plan)


def _load_full_demo() -> None:
    """Every demo step, as `binhdang seed-demo` runs them."""
    from binhdang.demo.steps import DEMO_STEPS

    for step in DEMO_STEPS:
        import_string(step)()


def _load_seeded_demo() -> None:
    """What `binhdang seed-demo` loads: the demo clocks at their dates, then every step."""
    import io

    from django.core.management import call_command

    call_command("seed-demo", verbosity=0, stdout=io.StringIO())


# name -> (the layer it adds to, loader); a test asks for a layer by having its fixture in its closure
LAYERS: dict[str, tuple[str | None, Callable[[], None]]] = {
    "tree": (None, _load_demo_tree),
    "plan": ("tree", _load_seed_plan),
    "demo": ("tree", _load_full_demo),
    "seeded": (None, _load_seeded_demo),
}
LAYER_FIXTURE = {"tree": "_demo_tree_loaded", "plan": "_seed_plan_loaded", "demo": "_full_demo_loaded",
                 "seeded": "_seeded_demo_loaded"}


def _chain(name: str) -> tuple[str, ...]:
    parent = LAYERS[name][0]
    return (*(_chain(parent) if parent else ()), name)


def wanted_layers(fixturenames: list[str]) -> tuple[str, ...]:
    """The layers a test runs in: the longest chain holding every layer its fixtures ask for,
    or the part all their chains share (the rest is then loaded inside the test)."""
    chains = sorted((_chain(n) for n, f in LAYER_FIXTURE.items() if f in fixturenames), key=len)
    if not chains:
        return ()
    longest = chains[-1]
    if all(longest[: len(c)] == c for c in chains):
        return longest
    common: tuple[str, ...] = ()
    for names in zip(*chains, strict=False):
        if len(set(names)) > 1:
            break
        common = (*common, names[0])
    return common


def _is_transactional(item: pytest.Item) -> bool:
    """The same decision pytest-django's per-test helper takes."""
    marker = item.get_closest_marker("django_db")
    transactional, reset_sequences = validate_django_db(marker)[:2] if marker else (False, False)
    names = set(getattr(item, "fixturenames", ()))
    return bool(transactional or reset_sequences
                or {"transactional_db", "live_server", "django_db_reset_sequences"} & names)


class DemoLayers:
    """This worker's open layer (at most one: each snapshot holds its whole state)."""

    def __init__(self, blocker: DjangoDbBlocker) -> None:
        from binhdang.testing.snapshots import SnapshotCache, dump

        self.blocker = blocker
        self.stack: list[tuple[str, transaction.Atomic]] = []
        self.owner: BaseDatabaseWrapper | None = None  # the connection the layer is open on
        self.committed: str | None = None  # the layer a transactional test restored, committed
        self.cache = SnapshotCache()
        self.baseline = dump()  # the freshly migrated database: where every build starts

    @property
    def names(self) -> tuple[str, ...]:
        return _chain(self.stack[-1][0]) if self.stack else ()

    def switch(self, names: tuple[str, ...]) -> None:
        current = connections[DEFAULT_DB_ALIAS]
        if self.stack and self.owner is not None and self.owner is not current:
            # Django now hands out another connection in this thread (an event loop started):
            # close the layer on its own one.
            connections[DEFAULT_DB_ALIAS] = self.owner
            try:
                while self.stack:
                    self._pop()
            finally:
                connections[DEFAULT_DB_ALIAS] = current
        want = names[-1] if names else None
        if self.stack and self.stack[-1][0] == want:
            return
        while self.stack:
            self._pop()
        if want is not None:
            self.owner = current
            self._push(want)

    def built(self, name: str):
        """The layer's snapshot; built (and rolled back) here when no worker has it yet."""
        snapshot = self.cache.read(name)
        if snapshot is None:
            with transaction.atomic():
                snapshot, _built = self.snapshot(name)
                transaction.set_rollback(True)
        return snapshot

    def snapshot(self, name: str):
        """The layer's snapshot, built here (in the open transaction) when no worker has it."""
        return self.cache.get(name, lambda: self._build(name))

    def _build(self, name: str):
        from binhdang.testing.snapshots import _media_files, dump, restore

        restore(self.baseline)
        before = _media_files()
        for layer in _chain(name):
            LAYERS[layer][1]()
        return dump(media_before=before)

    def _push(self, name: str) -> None:
        from binhdang.testing.snapshots import restore

        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            snapshot, built = self.snapshot(name)
            if not built:
                restore(snapshot)
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
        self.stack.append((name, atomic))

    def _pop(self) -> None:
        _, atomic = self.stack.pop()
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)

    def provide(self, name: str) -> None:
        """Make the layer's data present for the running test."""
        if name in self.names:
            return
        if not connections[DEFAULT_DB_ALIAS].in_atomic_block:  # a transactional test: commit it
            if self.committed is not None and name in _chain(self.committed):
                return
            if self.committed is None or self.committed in _chain(name):
                from binhdang.testing.snapshots import restore

                snapshot, built = self.snapshot(name)
                if not built:
                    restore(snapshot)
                self.committed = name
                return
        LAYERS[name][1]()  # on top of another layer's data: the loader itself, as before


_OPEN: list[DemoLayers] = []  # this worker's layers, once the test database exists


def use_layer(name: str) -> None:
    """For a test body: the named layer's data, from its snapshot where the test's state allows."""
    if not _OPEN:
        LAYERS[name][1]()
        return
    _OPEN[0].provide(name)


@pytest.fixture(scope="session")
def _demo_layers_stack(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[DemoLayers]:
    with django_db_blocker.unblock():
        layers = DemoLayers(django_db_blocker)
    _OPEN.append(layers)
    yield layers
    with django_db_blocker.unblock():
        layers.switch(())
    _OPEN.remove(layers)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """A transactional test gets every layer rolled back before any of its fixtures start.
    Session fixtures such as Playwright's start an event loop in this thread, after which
    Django hands out another connection (asgiref's Local follows the loop's context), so
    the layers must be closed on the connection that opened them, first."""
    if _OPEN and _is_transactional(item):
        _OPEN[0].committed = None  # the previous transactional test's data was flushed
        if _OPEN[0].stack:
            with _OPEN[0].blocker.unblock():
                _OPEN[0].switch(())


@pytest.fixture
def _demo_layers(request: pytest.FixtureRequest, _demo_layers_stack: DemoLayers,
                 django_db_blocker: DjangoDbBlocker) -> DemoLayers:
    """Open exactly the layer this test runs in, before its own atomic block begins."""
    wanted = () if _is_transactional(request.node) else wanted_layers(request.fixturenames)
    with django_db_blocker.unblock():
        _demo_layers_stack.switch(wanted)
    return _demo_layers_stack


@pytest.fixture
def _django_db_helper(_demo_layers: DemoLayers, _django_db_helper: None) -> Iterator[None]:
    """pytest-django's per-test database helper, run inside this test's demo layer: the
    layer must be open before the test's atomic block, so it comes in as its dependency."""
    yield


@pytest.fixture
def _demo_tree_loaded(db: None, _demo_layers: DemoLayers) -> None:
    _demo_layers.provide("tree")


@pytest.fixture
def _seed_plan_loaded(_demo_tree_loaded: None, _demo_layers: DemoLayers) -> None:
    _demo_layers.provide("plan")


@pytest.fixture
def _full_demo_loaded(db: None, _demo_layers: DemoLayers) -> None:
    _demo_layers.provide("demo")


@pytest.fixture
def _seeded_demo_loaded(db: None, _demo_layers: DemoLayers) -> None:
    _demo_layers.provide("seeded")


@pytest.fixture
def sqlite_file(_demo_layers_stack: DemoLayers, django_db_blocker: DjangoDbBlocker
                ) -> Callable[..., Path]:
    """A SQLite database file for a command run in a subprocess: migrated (a copy of the
    test template), with a layer's rows when one is named (its files under `media`)."""
    from binhdang.testing.database import sqlite_template
    from binhdang.testing.snapshots import write_sqlite

    def make(folder: Path, layer: str | None = None) -> Path:
        path = folder / "db.sqlite3"
        shutil.copyfile(sqlite_template(), path)
        if layer is not None:
            if _demo_layers_stack.cache.vendor != "sqlite":
                pytest.skip("a layer's rows for a SQLite file come from the SQLite run's snapshots")
            with django_db_blocker.unblock():
                snapshot = _demo_layers_stack.built(layer)
            write_sqlite(snapshot, path, folder / "media")
        return path

    return make


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in the default language: a command or a request that switches it
    (LANGUAGE=en_US, the language cookie) would otherwise leak into the next test, which the
    reordering above makes visible."""
    yield
    translation.deactivate()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Within each run of one module's tests (after pytest-django's own ordering), run the
    tests needing less demo data first, so each layer is built once per run."""
    order = {(): 0, **{_chain(name): i + 1 for i, name in enumerate(LAYERS)}}
    start = 0
    for end in range(1, len(items) + 1):
        if end == len(items) or items[end].path != items[start].path:
            items[start:end] = sorted(
                items[start:end],
                key=lambda item: order.get(wanted_layers(getattr(item, "fixturenames", [])), 0))
            start = end


@pytest.fixture
def demo_tree(db: None, _demo_tree_loaded: None) -> dict[str, OrgUnit]:
    """Thanh Hóa > Bỉm Sơn (2017) with its agencies, communes and demo users."""
    return {u.code: u for u in OrgUnit.objects.all()}


@pytest.fixture
def demo_user(demo_tree: dict[str, OrgUnit]) -> Callable[[str], User]:
    def get(username: str) -> User:
        return User.objects.get(username=username)

    return get


@pytest.fixture
def full_demo(db: None, _full_demo_loaded: None) -> dict[str, OrgUnit]:
    """Every demo step (org tree and users, plan 268/KH-UBND, the 2017 reporting cycle)."""
    return {u.code: u for u in OrgUnit.objects.all()}


# --- browser (Playwright driving Debian's Chromium) ---------------------------------------

def _chromium_path() -> str:
    for candidate in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser"):
        if candidate and (found := shutil.which(candidate)):
            return found
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


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """No service worker outside the offline tests (which allow it): its precache would fetch
    every offline page from the single live server while the test drives another."""
    return {**browser_context_args, "service_workers": "block"}


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


AXE_SOURCE = Path(settings.BASE_DIR) / "tools" / "vendor" / "axe-core" / "axe.min.js"


@pytest.fixture
def axe() -> Callable[..., list[dict]]:
    """Run axe-core (vendored from npm, tools/vendor/axe-core) on the page as it stands.

    Returns the serious and critical violations, each as {id, impact, help, targets}, so a
    test asserts `axe(page) == []` and a failure prints what to fix and where.
    """

    def run(page, *, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict]:
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            # From a same-origin URL the test answers itself: the CSP refuses inline scripts.
            origin = "/".join(page.url.split("/")[:3])
            page.route(f"{origin}/__axe__.js", lambda route: route.fulfill(
                body=AXE_SOURCE.read_text(encoding="utf-8"), content_type="application/javascript"))
            page.add_script_tag(url=f"{origin}/__axe__.js")
        result = page.evaluate(
            "async () => await axe.run(document, {resultTypes: ['violations']})")
        return [
            {"id": v["id"], "impact": v["impact"], "help": v["help"],
             "targets": [node["target"] for node in v["nodes"]][:5]}
            for v in result["violations"] if v["impact"] in impacts
        ]

    return run
