import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.accounts.factories import PASSWORD
from units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def office_admin(client, office):
    office.user_permissions.add(*Permission.objects.filter(content_type__app_label="units"))
    client.login(username="office", password=PASSWORD)
    return client


def test_admin_search_ignores_diacritics(office_admin, tree):
    html = office_admin.get(reverse("admin:units_unit_changelist"), {"q": "an hoa"}).content.decode()
    assert "Xã An Hòa" in html
    assert "Xã An Phú" not in html


def test_admin_refuses_a_unit_under_a_parent_of_the_wrong_level(office_admin, tree):
    response = office_admin.post(
        reverse("admin:units_unit_add"),
        {"code": "X1", "name": "Huyện Lạc Chỗ", "kind": "district", "parent": tree["A1"].pk},
    )
    assert response.status_code == 200
    assert "đơn vị cấp dưới phải ở cấp thấp hơn" in response.content.decode()
    assert not Unit.objects.filter(code="X1").exists()


def test_admin_refuses_a_duplicate_code(office_admin, tree):
    response = office_admin.post(
        reverse("admin:units_unit_add"),
        {"code": "A1", "name": "Trùng", "kind": "commune", "parent": tree["A"].pk},
    )
    assert response.status_code == 200
    assert Unit.objects.filter(code="A1").count() == 1


def test_admin_saves_a_valid_unit_with_its_path(office_admin, tree):
    response = office_admin.post(
        reverse("admin:units_unit_add"),
        {"code": "A3", "name": "Xã An Lạc", "kind": "commune", "parent": tree["A"].pk},
    )
    assert response.status_code == 302
    assert Unit.objects.get(code="A3").path.startswith(tree["A"].path)


def test_admin_lists_only_the_staff_members_subtree(client, tree, leader_a):
    leader_a.is_staff = True
    leader_a.save()
    leader_a.user_permissions.add(Permission.objects.get(codename="view_unit"))
    client.login(username="leader_a", password=PASSWORD)
    html = client.get(reverse("admin:units_unit_changelist")).content.decode()
    assert "Xã An Hòa" in html
    assert "Xã Bình Đông" not in html


def test_admin_tree_list_has_a_bounded_query_count(office_admin, tree, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = office_admin.get(reverse("admin:units_unit_changelist"))
    assert response.status_code == 200
