"""Which currencies exist is one rule: the form, the API, the CSV import and the admin agree."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from applications import importer
from applications.models import Application
from tests.applications.lists_helpers import IMPORT_URL
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db

FIELDS = {"company": "Acme", "role": "Engineer", "status": "applied", "source": "other"}


def test_web_form_refuses_an_unknown_currency(user_client, user):
    """The create form shows the reason on the field and saves nothing."""
    response = user_client.post("/applications/new/", {**FIELDS, "salary_currency": "USS"})
    assert response.status_code == 422
    assert "ISO currency code" in response.content.decode()
    assert not Application.objects.filter(user=user).exists()


def test_csv_import_reports_the_bad_currency_row_and_keeps_the_good_ones(user_client, user):
    """The USS row is listed with its reason; confirming imports the other rows only."""
    csv = "company,role,salary_currency\nAcme,Engineer,EUR\nTypo,Engineer,USS\nBeta,Dev,\n"
    upload = SimpleUploadedFile("jobs.csv", csv.encode(), content_type="text/csv")
    preview = user_client.post(IMPORT_URL, {"file": upload}).content.decode()
    assert "Row 3" in preview and "Salary currency: Use a three-letter ISO" in preview
    assert "2 rows ready to import" in preview
    from applications.views.lists import IMPORT_SESSION_KEY

    token = user_client.session[IMPORT_SESSION_KEY]["token"]
    user_client.post(IMPORT_URL, {"confirm": "1", "token": token})
    companies = Application.objects.filter(user=user).values_list("company", flat=True)
    assert sorted(companies) == ["Acme", "Beta"]


def test_import_rows_refuses_an_unknown_currency_at_save_time(user):
    """A row that reaches the save step with USS is reported, not stored."""
    rows = [
        importer.GoodRow(
            2, {"company": "Acme", "role": "Dev", "salary_currency": "USS"}, "applied", []
        ),
        importer.GoodRow(
            3, {"company": "Beta", "role": "Dev", "salary_currency": "GBP"}, "applied", []
        ),
    ]
    report = importer.import_rows(user=user, rows=rows)
    assert [row.row_number for row in report.bad] == [2]
    assert [application.company for application in report.imported] == ["Beta"]


def test_admin_refuses_an_unknown_currency(client_for):
    """Support staff editing an application in the admin meet the same rule."""
    staff = UserFactory(is_staff=True, is_superuser=True)
    application = ApplicationFactory(salary_currency="EUR")
    data = {
        "user": application.user_id,
        "company": application.company,
        "role": application.role,
        "salary_currency": "USS",
        "source": application.source,
        "status": application.status,
        "last_activity_at_0": "2026-01-01",
        "last_activity_at_1": "10:00:00",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
    }
    url = f"/admin/applications/application/{application.pk}/change/"
    response = client_for(staff).post(url, data)
    assert response.status_code == 200
    assert "ISO currency code" in response.content.decode()
    application.refresh_from_db()
    assert application.salary_currency == "EUR"
    response = client_for(staff).post(url, {**data, "salary_currency": "gbp"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.salary_currency == "GBP"
