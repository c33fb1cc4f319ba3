"""The unit directory (tree pages, search, `/api/orgunits/`) is scoped to the user's
province trees: names there and the way down to them, contact e-mails only inside them
(docs/decisions/0184-directory-scoped-by-province.md)."""

import pytest

from binhdang.accounts.models import Membership, User
from binhdang.orgunits.generator import generate_national_tree
from binhdang.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db

HANOI_MAIL = "vstbpn@hanoi.example.vn"
TOWN_MAIL = "ldtbxh@bimson.example.vn"


@pytest.fixture
def country(demo_tree):
    """The demo's Thanh Hóa (a root of its own) beside a small synthetic country; contact
    e-mails on Hà Nội's Ban VSTBPN, on the country and on Bỉm Sơn's Phòng LĐ-TB&XH."""
    root = generate_national_tree(communes=68, prefix="GENT")
    OrgUnit.objects.filter(code="GENT-P01-BVSTBPN").update(email=HANOI_MAIL)
    OrgUnit.objects.filter(code="GENT").update(email="vanphong@quocgia.example.vn")
    OrgUnit.objects.filter(code="TH-BS-LDTBXH").update(email=TOWN_MAIL)
    return root


def _member(username: str, unit_code: str, role: str, scope_code: str | None = None) -> User:
    user = User.objects.create_user(username, password="x-secret-2017")
    Membership.objects.create(user=user, org_unit=OrgUnit.objects.get(code=unit_code), role=role,
                              scope=OrgUnit.objects.get(code=scope_code) if scope_code else None)
    return user


def _api(client, **params) -> list[dict]:
    response = client.get("/api/orgunits/", params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def _pk(code: str) -> int:
    return OrgUnit.objects.get(code=code).pk


@pytest.mark.parametrize("username", ["badinh", "hoilhpn", "ldtbxh", "tinh", "lanhdao"])
def test_thanh_hoa_users_see_their_province_with_its_e_mails_and_nothing_of_another(
        country, demo_user, client, username):
    client.force_login(demo_user(username))
    # the roots: only their province
    assert [u["code"] for u in _api(client)] == ["TH"]
    # their province's units, with contact e-mails
    town = {u["code"]: u for u in _api(client, parent=_pk("TH-BS"))}
    assert len(town) == 25 and town["TH-BS-LDTBXH"]["email"] == TOWN_MAIL
    assert client.get(f"/api/orgunits/{_pk('TH-BS-LDTBXH')}/").json()["email"] == TOWN_MAIL
    detail = client.get(f"/units/{_pk('TH-BS-LDTBXH')}/").content.decode()
    assert TOWN_MAIL in detail
    # nothing of the other country's tree: not listed, not found, not searchable
    assert client.get("/api/orgunits/", {"parent": _pk("GENT")}).status_code == 404
    assert client.get(f"/api/orgunits/{_pk('GENT-P01-BVSTBPN')}/").status_code == 404
    assert client.get(f"/units/{_pk('GENT-P01')}/").status_code == 404
    assert client.get(f"/units/{_pk('GENT-P01')}/children/").status_code == 404
    assert _api(client, q="ha noi") == []
    assert "Hà Nội" not in client.get("/units/search/", {"q": "ha noi"}).content.decode()
    assert "Việt Nam" not in client.get("/units/").content.decode()


def test_a_commune_reporter_sees_the_way_down_and_its_province_but_not_other_provinces_e_mails(
        country, client):
    reporter = _member("xa-hanoi-1", "GENT-P01-C001", "reporter")
    client.force_login(reporter)
    # the country is shown (the way down to Hà Nội), without its contact e-mail
    [root] = _api(client)
    assert (root["code"], root["email"]) == ("GENT", "")
    # of the provinces, only its own
    assert [u["code"] for u in _api(client, parent=_pk("GENT"))] == ["GENT-P01"]
    hanoi = {u["code"]: u for u in _api(client, parent=_pk("GENT-P01"))}
    assert hanoi["GENT-P01-BVSTBPN"]["email"] == HANOI_MAIL and "GENT-P01-C002" in hanoi
    # another province: not listed, not found, not searchable; nor Thanh Hóa
    assert client.get(f"/api/orgunits/{_pk('GENT-P02-BVSTBPN')}/").status_code == 404
    assert client.get("/api/orgunits/", {"parent": _pk("GENT-P02")}).status_code == 404
    assert [u["code"] for u in _api(client, q="ban vi su tien bo")] == ["GENT-P01-BVSTBPN"]
    assert client.get(f"/units/{_pk('TH-BS')}/").status_code == 404
    page = client.get(f"/units/{_pk('GENT')}/").content.decode()
    assert "vanphong@quocgia.example.vn" not in page


def test_a_national_coordinator_and_a_superuser_see_every_province_and_its_e_mails(country, client):
    national = _member("bo-ldtbxh", "GENT", "coordinator", "GENT")
    client.force_login(national)
    assert [u["code"] for u in _api(client)] == ["GENT"]
    assert len(_api(client, parent=_pk("GENT"))) == 34
    assert client.get(f"/api/orgunits/{_pk('GENT-P01-BVSTBPN')}/").json()["email"] == HANOI_MAIL
    assert client.get(f"/api/orgunits/{_pk('TH')}/").status_code == 404  # another root
    admin = User.objects.create_superuser("qt", "qt@example.invalid", "x-secret-2017")
    client.force_login(admin)
    assert {u["code"] for u in _api(client)} == {"TH", "GENT"}
    assert client.get(f"/api/orgunits/{_pk('GENT')}/").json()["email"] == "vanphong@quocgia.example.vn"


def test_a_user_without_a_unit_sees_an_empty_directory(country, client):
    client.force_login(User.objects.create_user("moi", password="x-secret-2017"))
    assert _api(client) == []
    assert client.get(f"/api/orgunits/{_pk('TH')}/").status_code == 404
