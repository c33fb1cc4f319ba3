"""The permission policy as a matrix: role × unit × action."""

import pytest

from binhdang.core.errors import AccessDenied
from binhdang.core.permissions import Action, policy
from binhdang.orgunits import services as orgunit_services

pytestmark = pytest.mark.django_db

V, S, C, A = Action.VIEW, Action.SUBMIT, Action.COORDINATE, Action.ADMINISTER

# (user, unit code, action, allowed)
MATRIX = [
    # a ward's reporter: its own ward only
    ("badinh", "TH-BS-BADINH", V, True),
    ("badinh", "TH-BS-BADINH", S, True),
    ("badinh", "TH-BS-BADINH", C, False),
    ("badinh", "TH-BS-LAMSON", V, False),
    ("badinh", "TH-BS-LAMSON", S, False),
    ("badinh", "TH-BS", V, False),
    # the town's coordinator (works in Phòng LĐ-TB&XH, scope the whole town)
    ("ldtbxh", "TH-BS-LAMSON", V, True),
    ("ldtbxh", "TH-BS-LAMSON", C, True),
    ("ldtbxh", "TH-BS-LAMSON", S, False),
    ("ldtbxh", "TH-BS-LDTBXH", S, True),
    ("ldtbxh", "TH-BS", C, True),
    ("ldtbxh", "TH", V, False),
    ("ldtbxh", "TH-PQUANGTRUNG", V, False),
    ("ldtbxh", "TH-BS-LAMSON", A, False),
    # the town's leader reads the subtree, writes nothing
    ("lanhdao", "TH-BS-LAMSON", V, True),
    ("lanhdao", "TH-BS-HLHPN", V, True),
    ("lanhdao", "TH-BS-LAMSON", S, False),
    ("lanhdao", "TH-BS-LAMSON", C, False),
    ("lanhdao", "TH", V, False),
    # the province's coordinator
    ("tinh", "TH-BS-BADINH", V, True),
    ("tinh", "TH-BS", C, True),
    ("tinh", "TH-BS-BADINH", S, False),
    # the administrator
    ("admin", "TH-BS-BADINH", A, True),
    ("admin", "TH-BS-BADINH", S, True),
    # a mass organisation's reporter
    ("hoilhpn", "TH-BS-HLHPN", S, True),
    ("hoilhpn", "TH-BS-LDTBXH", V, False),
]


@pytest.mark.parametrize(("username", "code", "action", "allowed"), MATRIX)
def test_policy_matrix(demo_tree, demo_user, username, code, action, allowed):
    assert policy.has(demo_user(username), action, demo_tree[code]) is allowed


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("badinh", {"TH-BS-BADINH"}),
        ("lamson", {"TH-BS-LAMSON"}),
        ("lanhdao", "town"),
        ("ldtbxh", "town"),
    ],
)
def test_filter_returns_only_units_in_reach(demo_tree, demo_user, username, expected):
    from binhdang.orgunits.models import OrgUnit

    visible = {u.code for u in policy.filter(demo_user(username), V, OrgUnit.objects.all(), field="")}
    if expected == "town":
        expected = {c for c in demo_tree if c.startswith("TH-BS")}
    assert visible == expected


def test_inactive_user_gets_nothing(demo_tree, demo_user):
    user = demo_user("ldtbxh")
    user.is_active = False
    assert not policy.has(user, V, demo_tree["TH-BS"])


def test_anonymous_user_gets_nothing(demo_tree):
    from django.contrib.auth.models import AnonymousUser

    assert not policy.has(AnonymousUser(), V, demo_tree["TH-BS"])


def test_refused_write_changes_nothing(demo_tree, demo_user):
    unit = demo_tree["TH-BS-LAMSON"]
    with pytest.raises(AccessDenied):
        orgunit_services.orgunit_update(
            actor=demo_user("badinh"), unit=unit, version=unit.version, data={"name": "Đổi tên"}
        )
    unit.refresh_from_db()
    assert unit.name == "Ủy ban nhân dân phường Lam Sơn"
    assert unit.version == 1


def test_forbidden_page_explains_in_vietnamese(client, demo_user):
    client.force_login(demo_user("badinh"))
    response = client.get("/exports/reports/")
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()


def test_exports_link_shows_only_to_coordinators(client, demo_user):
    client.force_login(demo_user("badinh"))
    assert "/exports/reports/" not in client.get("/").content.decode()
    client.force_login(demo_user("ldtbxh"))
    assert "/exports/reports/" in client.get("/").content.decode()
