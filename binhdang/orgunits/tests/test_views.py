import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_unit_page_shows_members_to_those_who_may_view(client, demo_tree, demo_user):
    lam_son = demo_tree["TH-BS-LAMSON"]
    client.force_login(demo_user("ldtbxh"))
    page = client.get(reverse("orgunits:detail", args=[lam_son.pk])).content.decode()
    assert "Ủy ban nhân dân phường Lam Sơn" in page
    assert "Hoàng Văn Sơn" in page  # the ward's reporter


def test_unit_page_hides_members_of_another_ward(client, demo_tree, demo_user):
    lam_son = demo_tree["TH-BS-LAMSON"]
    client.force_login(demo_user("badinh"))
    page = client.get(reverse("orgunits:detail", args=[lam_son.pk])).content.decode()
    assert "Ủy ban nhân dân phường Lam Sơn" in page
    assert "Hoàng Văn Sơn" not in page


def test_children_fragment_lists_the_wards(client, demo_tree, demo_user):
    client.force_login(demo_user("badinh"))
    fragment = client.get(reverse("orgunits:children", args=[demo_tree["TH-BS"].pk])).content.decode()
    assert "Ủy ban nhân dân phường Ba Đình" in fragment
    assert "Phòng Lao động - Thương binh và Xã hội" in fragment
    assert "<html" not in fragment


def test_search_page_and_fragment(client, demo_tree, demo_user):
    client.force_login(demo_user("badinh"))
    page = client.get(reverse("orgunits:search"), {"q": "bim son"}).content.decode()
    assert "Ủy ban nhân dân thị xã Bỉm Sơn" in page
    fragment = client.get(reverse("orgunits:search"), {"q": "bim son"}, HTTP_HX_REQUEST="true")
    assert "<html" not in fragment.content.decode()


def test_unknown_unit_is_404(client, demo_user):
    client.force_login(demo_user("badinh"))
    assert client.get(reverse("orgunits:detail", args=[999999])).status_code == 404


def test_api_lists_roots_children_and_search(client, demo_tree, demo_user):
    client.force_login(demo_user("badinh"))
    roots = client.get("/api/orgunits/").json()
    assert [r["name"] for r in roots["results"]] == ["Ủy ban nhân dân tỉnh Thanh Hóa"]
    kids = client.get("/api/orgunits/", {"parent": demo_tree["TH-BS"].pk}).json()
    assert kids["count"] == 25
    found = client.get("/api/orgunits/", {"q": "hoi lhpn"}).json()
    assert found["results"][0]["code"] == "TH-BS-HLHPN"


def test_api_needs_authentication(client, demo_tree):
    assert client.get("/api/orgunits/").status_code in (401, 403)


def test_api_token_authentication(client, demo_user):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=demo_user("lanhdao"))
    response = client.get("/api/orgunits/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200


def test_openapi_schema_is_served(client, demo_user):
    client.force_login(demo_user("admin"))
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/orgunits/" in response.content


def test_tree_on_a_date_shows_that_date_s_units(client, demo_tree, demo_user):
    client.force_login(demo_user("badinh"))
    province = demo_tree["TH"]
    in_2017 = client.get(reverse("orgunits:children", args=[province.pk]), {"on": "20/02/2017"}).content.decode()
    assert "Ủy ban nhân dân thị xã Bỉm Sơn" in in_2017
    assert "phường Quang Trung" not in in_2017
    in_2026 = client.get(reverse("orgunits:children", args=[province.pk]), {"on": "2026-01-01"}).content.decode()
    assert "Ủy ban nhân dân thị xã Bỉm Sơn" not in in_2026
    assert "Ủy ban nhân dân phường Quang Trung" in in_2026


def test_tree_with_an_impossible_date_says_so(client, demo_tree, demo_user):
    client.force_login(demo_user("badinh"))
    page = client.get(reverse("orgunits:tree"), {"on": "31/02/2017"}).content.decode()
    assert "Ngày “31/02/2017” không hợp lệ" in page
