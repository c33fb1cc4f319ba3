import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_page_is_vietnamese_and_logs_in(client, demo_tree):
    page = client.get(reverse("accounts:login"))
    assert "Đăng nhập" in page.content.decode()
    response = client.post(reverse("accounts:login"), {"username": "badinh", "password": "binhdang2017"})
    assert response.status_code == 302
    home = client.get(reverse("core:home"))
    assert "Ủy ban nhân dân phường Ba Đình" in home.content.decode()


def test_wrong_password_shows_a_vietnamese_error(client, demo_tree):
    response = client.post(reverse("accounts:login"), {"username": "badinh", "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()


def test_login_is_throttled_after_five_failures(client, demo_tree):
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "badinh", "password": "sai"})
    # even the right password is refused while locked out
    response = client.post(reverse("accounts:login"), {"username": "badinh", "password": "binhdang2017"})
    assert response.status_code == 429
    assert "quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_of_one_user_does_not_block_another(client, demo_tree):
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "badinh", "password": "sai"})
    response = client.post(reverse("accounts:login"), {"username": "lamson", "password": "binhdang2017"})
    assert response.status_code == 302


def test_pages_need_login(client, demo_tree):
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_password_change_then_logout(client, demo_user):
    user = demo_user("lamson")
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "binhdang2017", "new_password1": "Mật-khẩu-mới-2026", "new_password2": "Mật-khẩu-mới-2026"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Mật-khẩu-mới-2026")
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("core:home")).status_code == 302


def test_password_change_rejects_a_mismatch_with_a_message(client, demo_user):
    client.force_login(demo_user("lamson"))
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "binhdang2017", "new_password1": "Abcdef-12345", "new_password2": "Khac-12345"},
    )
    assert response.status_code == 200
    assert "không giống nhau" in response.content.decode()


@pytest.mark.parametrize(("username", "status"), [("admin", 200), ("ldtbxh", 302), ("badinh", 302)])
def test_admin_site_is_for_administrators_only(client, demo_user, username, status):
    user = demo_user(username)
    user.is_staff = True  # even a staff flag does not open it without the administrator role
    user.save()
    client.force_login(user)
    assert client.get("/admin/").status_code == status


def test_english_is_available_through_the_language_switch(client, demo_user):
    client.force_login(demo_user("badinh"))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("core:home")).content.decode()
    assert "My units" in page


def test_vietnamese_is_served_even_to_an_english_browser(client, demo_user):
    client.force_login(demo_user("badinh"))
    page = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Đơn vị của tôi" in page


def test_behind_the_proxy_the_forwarded_address_is_throttled_not_the_proxy(client, demo_tree, settings):
    settings.BINHDANG_PROXY_COUNT = 1
    for _ in range(5):  # the attacker forges a left-hand X-Forwarded-For entry: it is ignored
        client.post(reverse("accounts:login"), {"username": "badinh", "password": "sai"},
                    REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    attacker = client.post(reverse("accounts:login"), {"username": "badinh", "password": "binhdang2017"},
                           REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    colleague = client.post(reverse("accounts:login"), {"username": "badinh", "password": "binhdang2017"},
                            REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert attacker.status_code == 429
    assert colleague.status_code == 302


def test_one_password_sprayed_over_many_accounts_is_stopped(client, demo_tree, settings):
    from binhdang.accounts.models import User

    settings.BINHDANG_LOGIN_SPRAY_ACCOUNTS = 4
    names = list(User.objects.order_by("username").values_list("username", flat=True)[:4])
    for name in names:
        client.post(reverse("accounts:login"), {"username": name, "password": "Matkhau@2025"},
                    REMOTE_ADDR="203.0.113.7")
    sprayer = client.post(reverse("accounts:login"), {"username": "lamson", "password": "binhdang2017"},
                          REMOTE_ADDR="203.0.113.7")
    other = client.post(reverse("accounts:login"), {"username": "lamson", "password": "binhdang2017"},
                        REMOTE_ADDR="198.51.100.9")
    assert sprayer.status_code == 429
    assert other.status_code == 302
