import pytest

from binhdang.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _form_data(unit, **overrides):
    data = {
        "code": unit.code, "name": unit.name, "short_name": unit.short_name,
        "aliases": '["Phòng YT"]', "kind": unit.kind, "level": unit.level,
        "level_title": unit.level_title, "email": unit.email, "valid_from": "", "valid_to": "",
        "seen_version": unit.version,
    }
    data.update(overrides)
    return data


def test_admin_edit_is_audited_and_stale_edit_is_refused(client, demo_tree, demo_user):
    client.force_login(demo_user("admin"))
    unit = demo_tree["TH-BS-YT"]
    url = f"/admin/orgunits/orgunit/{unit.pk}/change/"
    form = client.get(url)
    assert form.status_code == 200
    initial = form.context["adminform"].form.initial
    place = {"treebeard_position": initial["treebeard_position"],
             "treebeard_ref_node": initial["treebeard_ref_node"].pk}
    data = _form_data(unit, email="yte@example.vn", **place)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    unit.refresh_from_db()
    assert unit.email == "yte@example.vn"
    assert unit.version == 2
    event = AuditEvent.objects.get(action="admin.change", object_id=str(unit.pk))
    assert event.changes["email"] == "yte@example.vn"
    # a second editor who loaded version 1 is refused and changes nothing
    stale = _form_data(unit, email="khac@example.vn", seen_version=1, **place)
    response = client.post(url, stale)
    assert response.status_code == 200
    assert "vừa được người khác sửa" in response.content.decode()
    unit.refresh_from_db()
    assert unit.email == "yte@example.vn"
