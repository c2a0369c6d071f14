"""What the import preview tells a user about a spreadsheet's rows: problems and duplicates."""

import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from applications import importer
from applications.models import Application
from applications.status import Status
from tests.applications.lists_helpers import IMPORT_URL, htmx
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

PAGE_AND_PARTIAL = pytest.mark.parametrize(
    "headers", [{}, htmx("import-panel")], ids=["page", "htmx"]
)


def upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("applications.csv", text.encode(), content_type="text/csv")


def bad_rows_table(html: str) -> list[list[str]]:
    """The cells of the "Rows with problems" table, one list per row."""
    table = html[html.index('class="table lists-bad"') : html.index("</table>")]
    body = table[table.index("<tbody>") :]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)
    ]


def confirm(client, headers=None, **data):
    token = client.session["lists_import"]["token"]
    return client.post(IMPORT_URL, {"confirm": "1", "token": token, **data}, headers=headers)


@PAGE_AND_PARTIAL
def test_spreadsheet_headers_show_company_and_role_of_bad_rows(user_client, headers):
    """With "Company" and "Title" headers, the bad-rows table names the row's company and role."""
    text = "Company,Title,Date Applied\nAcme,Backend Engineer,someday\n"
    html = user_client.post(IMPORT_URL, {"file": upload(text)}, headers=headers).content.decode()
    (row,) = bad_rows_table(html)
    assert row[:3] == ["Row 2", "Acme", "Backend Engineer"]
    assert "Applied date “someday” is not a date" in row[3]


def test_a_blank_company_is_reported_once():
    """A blank required field gives one reason, not the field's and the model's both."""
    parsed = importer.parse_csv(b"Company,Title\n,Engineer\nAcme,\n")
    assert [row.reasons for row in parsed.bad] == [
        ["Company: This field cannot be blank."],
        ["Role: This field cannot be blank."],
    ]


def test_a_blank_company_is_shown_once_in_the_preview(user_client):
    """The preview's reason column says it once too."""
    response = user_client.post(IMPORT_URL, {"file": upload("company,role\n,Engineer\n")})
    (row,) = bad_rows_table(response.content.decode())
    assert row == ["Row 2", "—", "Engineer", "Company: This field cannot be blank."]


DUPLICATE_CSV = (
    "company,role,status,applied_date\n"
    "Acme,Backend Engineer,applied,2025-03-01\n"  # the one already in Orbit
    " acme , backend  engineer,applied,2025-03-01\n"  # the same, as a spreadsheet types it
    "Acme,Backend Engineer,applied,2025-04-01\n"  # applied again later: a new application
    "Initech,Designer,applied,2025-03-01\n"
)


@pytest.fixture
def existing(user):
    return ApplicationFactory(
        user=user,
        company="Acme",
        role="Backend Engineer",
        status=Status.SCREENING,
        applied_date=dt.date(2025, 3, 1),
    )


@PAGE_AND_PARTIAL
def test_preview_reports_rows_that_repeat_an_existing_application(user_client, existing, headers):
    """Same company, role and applied date as one of mine: the preview says so and links it."""
    response = user_client.post(IMPORT_URL, {"file": upload(DUPLICATE_CSV)}, headers=headers)
    html = response.content.decode()
    assert "2 rows match applications you already have" in html
    assert f'href="/applications/{existing.pk}/"' in html
    assert 'name="duplicates" value="skip" checked' in html
    assert 'name="duplicates" value="import"' in html
    assert Application.objects.count() == 1


def test_another_users_application_is_not_a_duplicate(client_for, other_user, existing):
    """Only my own applications count; someone else's is never mentioned."""
    client = client_for(other_user)
    html = client.post(IMPORT_URL, {"file": upload(DUPLICATE_CSV)}).content.decode()
    assert "already have" not in html
    assert f"/applications/{existing.pk}/" not in html


def test_a_trashed_application_is_not_a_duplicate(user_client, existing):
    """What is in the trash is not an application I have."""
    existing.deleted_at = existing.created_at
    existing.save()
    html = user_client.post(IMPORT_URL, {"file": upload(DUPLICATE_CSV)}).content.decode()
    assert "already have" not in html


@PAGE_AND_PARTIAL
def test_confirm_skips_duplicates_by_default(user_client, user, existing, headers):
    """Skipping imports the new rows only and says how many were left out."""
    user_client.post(IMPORT_URL, {"file": upload(DUPLICATE_CSV)})
    response = confirm(user_client, headers=headers, duplicates="skip")
    if not headers:
        response = user_client.get(IMPORT_URL)
    html = response.content.decode()
    assert "Imported 2 applications." in html
    assert "Skipped 2 rows you already had." in html
    assert Application.objects.filter(user=user, company__iexact="acme").count() == 2
    assert Application.objects.filter(user=user, company="Initech").exists()


def test_confirm_can_import_duplicates_too(user_client, user, existing):
    """Choosing to import them keeps every row, as the file asked."""
    user_client.post(IMPORT_URL, {"file": upload(DUPLICATE_CSV)})
    confirm(user_client, duplicates="import")
    assert Application.objects.filter(user=user).count() == 5
    html = user_client.get(IMPORT_URL).content.decode()
    assert "Imported 4 applications." in html and "Skipped" not in html


def test_import_command_reports_duplicates_and_can_skip_them(tmp_path, user, existing):
    """The command imports as the file says, names the duplicates, and --skip-duplicates."""
    path = tmp_path / "apps.csv"
    path.write_text(DUPLICATE_CSV, encoding="utf-8")
    out = io.StringIO()
    call_command("import_applications", str(path), "--user", user.email, stdout=out)
    assert "2 row(s) match an application you already have" in out.getvalue()
    assert Application.objects.filter(user=user).count() == 5
    Application.objects.exclude(pk=existing.pk).delete()
    out = io.StringIO()
    call_command(
        "import_applications", str(path), "--user", user.email, "--skip-duplicates", stdout=out
    )
    assert "Skipped 2 row(s) that match an application you already have" in out.getvalue()
    assert Application.objects.filter(user=user).count() == 3
