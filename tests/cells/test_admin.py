import pytest

pytestmark = pytest.mark.django_db


def test_the_office_sees_meetings_results_criteria_and_the_schedule_in_the_admin(admin_client, computed):
    for url in (
        "/admin/cells/meeting/",
        "/admin/cells/orgresult/",
        "/admin/cells/qualitycriteria/",
        "/admin/cells/rolluprun/",
        "/admin/cells/announcement/",
    ):
        assert admin_client.get(url).status_code == 200, url
    schedule = admin_client.get("/admin/django_celery_beat/periodictask/").content.decode()
    assert "Kết quả sáu tháng đầu năm (cuối tháng 6)" in schedule
    assert "Kết quả sáu tháng cuối năm (cuối tháng 12)" in schedule
