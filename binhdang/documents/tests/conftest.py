"""Fixtures for the import tests: uploads built from the sample documents."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from .helpers import SAMPLES, SEED_TXT

SHORT_PLAN = SAMPLES / "kh-bim-son-2018-ngay-8-3.txt"


@pytest.fixture
def upload():
    def make(path=SHORT_PLAN, name: str | None = None, content: bytes | None = None) -> SimpleUploadedFile:
        data = content if content is not None else path.read_bytes()
        return SimpleUploadedFile(name or path.name, data, content_type="text/plain")

    return make


@pytest.fixture
def seed_upload(upload):
    return lambda: upload(SEED_TXT)
