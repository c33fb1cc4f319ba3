"""Passwords are stored with Argon2id at OWASP's setting; PBKDF2 hashes still log in and are upgraded."""

import pytest
from django.contrib.auth.hashers import make_password
from django.test import override_settings
from django.urls import reverse

from binhdang.accounts.models import User

PRODUCTION_HASHERS = [
    "binhdang.accounts.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

pytestmark = pytest.mark.django_db


@override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS)
def test_new_passwords_are_argon2id_19_mib_2_passes_1_lane():
    encoded = make_password("mật-khẩu-dài-2026")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


@override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS)
def test_a_pbkdf2_password_still_logs_in_and_is_rehashed(client, demo_tree):
    user = User.objects.get(username="badinh")
    user.password = make_password("binhdang2017", hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    response = client.post(reverse("accounts:login"), {"username": "badinh", "password": "binhdang2017"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password("binhdang2017")
    assert not user.check_password("binhdang2018")


def test_the_settings_list_argon2id_first_then_pbkdf2():
    from config.settings import base

    assert base.PASSWORD_HASHERS[:2] == PRODUCTION_HASHERS
