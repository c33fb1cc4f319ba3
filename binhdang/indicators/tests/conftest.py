"""The catalogue comes from a data migration; transactional tests (the bench, the browser)
flush it, so every database test here makes sure it is loaded (idempotent, a few queries)."""

import pytest

from binhdang.indicators.catalogue import catalogue_load


@pytest.fixture(autouse=True)
def _catalogue(request):
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    catalogue_load()
