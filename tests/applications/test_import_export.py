"""CSV export of the filtered list, CSV import with a preview, and the management commands."""

import csv
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications import importer
from applications.models import Application, EventKind, EventSource, Source, Tag, WorkMode
from applications.status import Status
from tests.applications.lists_helpers import EXPORT_URL, IMPORT_URL, htmx
from tests.factories import ApplicationFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = ",".join(importer.COLUMNS)
FUTURE = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
MIXED_CSV = "\n".join(
    [
        HEADER,
        "Acme,Backend Engineer,interviewing,2025-01-15,referral,remote,Berlin,60000,80000,EUR,"
        "https://acme.example/jobs/1,python;Remote,Met the CTO",
        ",Missing Company,applied,2025-01-10,,,,,,,,,",
        f"Futureco,Engineer,applied,{FUTURE},,,,,,,,,",
        "Greedy,Engineer,applied,2025-01-10,,,,90000,50000,USD,,,",
        "Statusless,Engineer,dreaming,2025-01-10,,,,,,,,,",
        "Badurl,Engineer,applied,2025-01-10,,,,,,,not a url,,",
        "Wishful,Designer,wishlist,,,,,,,,,,",
    ]
)


def upload(content: str | bytes, name: str = "applications.csv") -> SimpleUploadedFile:
    data = content.encode() if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="text/csv")


def read_csv(response) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.DictReader(io.StringIO(body.decode())))


# --- export -------------------------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, htmx("results")], ids=["page", "htmx"])
def test_export_streams_the_filtered_list(user_client, user, other_user, headers):
    """The export streams the rows the list filters select, with every column."""
    tag_a, tag_b = TagFactory(user=user, name="b-tag"), TagFactory(user=user, name="A-tag")
    offer = ApplicationFactory(
        user=user,
        company="Acme",
        role="SRE",
        status=Status.OFFER,
        applied_date=dt.date(2025, 2, 3),
        source=Source.REFERRAL,
        work_mode=WorkMode.REMOTE,
        location="Lisbon",
        salary_min=50000,
        salary_max=70000,
        salary_currency="EUR",
        job_url="https://acme.example/sre",
        notes="Line one\nLine two",
    )
    offer.tags.set([tag_a, tag_b])
    ApplicationFactory(user=user, status=Status.APPLIED)
    ApplicationFactory(user=user, status=Status.OFFER, deleted_at=timezone.now())
    ApplicationFactory(user=other_user, status=Status.OFFER)
    response = user_client.get(EXPORT_URL, {"status": "offer"}, headers=headers)
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="orbit-applications-')
    rows = read_csv(response)
    assert rows == [
        {
            "company": "Acme",
            "role": "SRE",
            "status": "offer",
            "applied_date": "2025-02-03",
            "source": "referral",
            "work_mode": "remote",
            "location": "Lisbon",
            "salary_min": "50000",
            "salary_max": "70000",
            "salary_currency": "EUR",
            "job_url": "https://acme.example/sre",
            "tags": "A-tag;b-tag",
            "notes": "Line one\nLine two",
        }
    ]


def test_export_defuses_spreadsheet_formulas(user_client, user):
    """Cells that a spreadsheet would run as formulas get a leading apostrophe."""
    ApplicationFactory(user=user, company="=HYPERLINK(1)", notes="- bullet")
    row = read_csv(user_client.get(EXPORT_URL))[0]
    assert row["company"] == "'=HYPERLINK(1)" and row["notes"] == "'- bullet"


def test_export_needs_sign_in_and_get(client, user_client):
    assert client.get(EXPORT_URL).status_code == 302
    assert user_client.post(EXPORT_URL).status_code == 405


def test_round_trip_export_then_import(user_client, user, client_for):
    """What one user exports, another imports unchanged (formula-looking cells included)."""
    remote = TagFactory(user=user, name="Remote", color="teal")
    first = ApplicationFactory(
        user=user,
        company="-Dash Corp",
        role="Data Engineer",
        status=Status.SCREENING,
        applied_date=dt.date(2025, 5, 6),
        source=Source.LINKEDIN,
        work_mode=WorkMode.HYBRID,
        location="Paris, FR",
        salary_min=None,
        salary_max=90000,
        salary_currency="EUR",
        job_url="https://dash.example/jobs?id=4&ref=x",
        notes='She said "call me", then left.\nSecond line',
    )
    first.tags.set([remote])
    ApplicationFactory(
        user=user, company="Wish", role="PM", status=Status.WISHLIST, applied_date=None
    )
    exported = b"".join(user_client.get(EXPORT_URL).streaming_content)
    newcomer = UserFactory()
    client = client_for(newcomer)
    preview = client.post(IMPORT_URL, {"file": upload(exported)})
    assert (
        b"2 rows ready to import" in preview.content and b"0 rows with problems" in preview.content
    )
    token = client.session[importer_session_key()]["token"]
    client.post(IMPORT_URL, {"confirm": "1", "token": token})
    fields = [*importer.COLUMNS[:-2], "notes"]
    fields.remove("tags") if "tags" in fields else None
    original = sorted(Application.objects.filter(user=user).values_list(*fields))
    imported = sorted(Application.objects.filter(user=newcomer).values_list(*fields))
    assert imported == original
    copy = Application.objects.get(user=newcomer, company="-Dash Corp")
    assert [tag.name for tag in copy.tags.all()] == ["Remote"]
    assert read_csv(client.get(EXPORT_URL)) == read_csv(user_client.get(EXPORT_URL))


def importer_session_key() -> str:
    from applications.views.lists import IMPORT_SESSION_KEY

    return IMPORT_SESSION_KEY


# --- import: preview and confirm ----------------------------------------------------------


def test_import_page_and_partial(user_client):
    """The upload form renders as a page and as the import-panel fragment."""
    page = user_client.get(IMPORT_URL)
    partial = user_client.get(IMPORT_URL, headers=htmx("import-panel"))
    assert b"<html" in page.content and b'enctype="multipart/form-data"' in page.content
    assert partial.content.lstrip().startswith(b'<div id="import-panel"')
    assert b"<html" not in partial.content


@pytest.mark.parametrize("headers", [{}, htmx("import-panel")], ids=["page", "htmx"])
def test_preview_lists_bad_rows_and_imports_nothing(user_client, user, headers):
    """The preview shows each bad row's number and reason and saves nothing yet."""
    response = user_client.post(IMPORT_URL, {"file": upload(MIXED_CSV)}, headers=headers)
    content = response.content.decode()
    assert response.status_code == 200
    assert ("<html" in content) == (not headers)
    assert "2 rows ready to import" in content and "5 rows with problems" in content
    assert "Row 3" in content and "Company: This field cannot be blank." in content
    assert "Row 4" in content and "The applied date cannot be in the future." in content
    assert "Row 5" in content and "The maximum salary must be at least the minimum." in content
    assert "Row 6" in content and "Status “dreaming” is not one of" in content
    assert "Row 7" in content and "Job URL: Enter a valid URL." in content
    assert "Import 2 rows" in content
    assert not Application.objects.exists()


@pytest.mark.parametrize("headers", [{}, htmx("import-panel")], ids=["page", "htmx"])
def test_confirm_imports_good_rows_only(user_client, user, headers):
    """Confirming imports the good rows with an 'import' created event in their status."""
    TagFactory(user=user, name="PYTHON")
    user_client.post(IMPORT_URL, {"file": upload(MIXED_CSV)})
    token = user_client.session[importer_session_key()]["token"]
    response = user_client.post(IMPORT_URL, {"confirm": "1", "token": token}, headers=headers)
    if headers:
        assert b"Imported 2 applications." in response.content
    else:
        assert response.status_code == 302 and response["Location"] == IMPORT_URL
        assert b"Imported 2 applications." in user_client.get(IMPORT_URL).content
    acme = Application.objects.get(user=user, company="Acme")
    assert acme.status == Status.INTERVIEWING and acme.source == Source.REFERRAL
    assert (acme.salary_min, acme.salary_max, acme.salary_currency) == (60000, 80000, "EUR")
    assert acme.applied_date == dt.date(2025, 1, 15) and acme.work_mode == WorkMode.REMOTE
    assert sorted(tag.name for tag in acme.tags.all()) == ["PYTHON", "Remote"]
    assert Tag.objects.filter(user=user).count() == 2  # "python" matched the existing tag
    event = acme.events.get()
    assert (event.kind, event.source, event.to_status) == (
        EventKind.CREATED,
        EventSource.IMPORT,
        Status.INTERVIEWING,
    )
    assert timezone.localtime(event.occurred_at).date() == dt.date(2025, 1, 15)
    wish = Application.objects.get(user=user, company="Wishful")
    assert wish.status == Status.WISHLIST and wish.applied_date is None
    assert Application.objects.filter(user=user).count() == 2
    # A second confirm of the same preview imports nothing more.
    again = user_client.post(IMPORT_URL, {"confirm": "1", "token": token}, headers=headers)
    assert b"expired or was already imported" in again.content
    assert Application.objects.filter(user=user).count() == 2


def test_bad_rows_download_keeps_everything(user_client):
    """The refused rows download as CSV, as they were in the file, with the reason."""
    user_client.post(IMPORT_URL, {"file": upload(MIXED_CSV)})
    rows = read_csv(user_client.get("/applications/import/bad-rows.csv"))
    assert [row["company"] for row in rows] == ["", "Futureco", "Greedy", "Statusless", "Badurl"]
    assert rows[1]["applied_date"] == FUTURE and rows[2]["salary_min"] == "90000"
    assert "cannot be in the future" in rows[1]["error"]
    # Fixed and re-imported, the error column is ignored.
    rows[3]["status"] = "applied"
    fixed = io.StringIO()
    writer = csv.DictWriter(fixed, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerow(rows[3])
    parsed = importer.parse_csv(fixed.getvalue().encode())
    assert len(parsed.good) == 1 and parsed.ignored_columns == ["error"]


def test_no_bad_rows_to_download(user_client):
    response = user_client.get("/applications/import/bad-rows.csv")
    assert response.status_code == 302 and response["Location"] == IMPORT_URL


def test_confirm_with_a_stale_token_imports_nothing(user_client, user):
    """A confirm that does not match the current preview is refused."""
    user_client.post(IMPORT_URL, {"file": upload(MIXED_CSV)})
    response = user_client.post(IMPORT_URL, {"confirm": "1", "token": "forged"})
    assert b"expired or was already imported" in response.content
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The submitted file is empty."),
        (b"\xff\xfe\x00bad", "not UTF-8"),
        (b"name,title\nAcme,Engineer\n", "missing: company"),
        (
            ("company,role\n" + "Acme,Engineer\n" * (importer.MAX_ROWS + 1)).encode(),
            f"more than {importer.MAX_ROWS:,} rows",
        ),
    ],
    ids=["empty", "binary", "no-company-column", "too-many-rows"],
)
@pytest.mark.parametrize("headers", [{}, htmx("import-panel")], ids=["page", "htmx"])
def test_unusable_files_are_explained(user_client, content, message, headers):
    """A file that cannot be imported re-renders the form with a clear reason."""
    response = user_client.post(IMPORT_URL, {"file": upload(content)}, headers=headers)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert b'type="file"' in response.content
    assert not Application.objects.exists()


def test_file_over_the_size_limit(user_client, settings):
    """Files over 2 MB are refused before they are read."""
    big = HEADER.encode() + b"\n" + b"x" * (importer.MAX_BYTES + 1)
    response = user_client.post(IMPORT_URL, {"file": upload(big)})
    assert "the limit is 2 MB" in response.content.decode()


def test_missing_file(user_client):
    response = user_client.post(IMPORT_URL, {})
    assert b"This field is required." in response.content


def test_common_variants_are_tolerated():
    """BOM, header case and synonyms, semicolons, DD/MM/YYYY dates and labels are accepted."""
    text = (
        "\ufeffCompany;Title;Status;Date Applied;Source;Work Mode;URL;Tags\r\n"
        "Acme;Engineer;Interviewing;31/01/2025;Company site;On-site;https://a.example;x;y\r\n"
        "\r\n"
    )
    parsed = importer.parse_csv(text.encode())
    assert parsed.bad == [] and len(parsed.good) == 1
    row = parsed.good[0]
    assert row.status == Status.INTERVIEWING
    assert row.fields["applied_date"] == dt.date(2025, 1, 31)
    assert row.fields["source"] == Source.COMPANY_SITE
    assert row.fields["work_mode"] == WorkMode.ONSITE
    assert row.fields["job_url"] == "https://a.example"


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ({"applied_date": "01/31/2025"}, "is not a date"),
        ({"salary_min": "lots"}, "is not a whole, positive number"),
        ({"salary_currency": "euro"}, "Salary currency: Ensure this value has at most 3"),
        ({"salary_currency": "USS"}, "Salary currency: Use a three-letter ISO currency code"),
        ({"source": "carrier pigeon"}, "Source “carrier pigeon” is not one of"),
        ({"role": "x" * 201}, "Role: Ensure this value has at most 200 characters"),
        ({"tags": "t" * 51}, "longer than 50 characters"),
    ],
)
def test_row_rules(cells, reason):
    """Each rule refuses a row with a reason naming the field."""
    row = {"company": "Acme", "role": "Engineer"} | cells
    text = ",".join(row) + "\n" + ",".join(row.values()) + "\n"
    parsed = importer.parse_csv(text.encode())
    assert not parsed.good
    assert reason in parsed.bad[0].reason and parsed.bad[0].row_number == 2


# --- import: saving -----------------------------------------------------------------------

# Per row: an existing tag named in any case, new tags named in different cases, no tags.
ROW_TAGS = [["python", "Remote"], ["REMOTE", "On-site", "on-site"], []]


def good_rows(count: int) -> list[importer.GoodRow]:
    """Validated rows as the preview keeps them, numbered as lines of a file."""
    return [
        importer.GoodRow(
            row_number=number,
            fields={
                "company": f"Company {number}",
                "role": "Engineer",
                "applied_date": dt.date(2025, 1, 1) + dt.timedelta(days=number),
                "salary_min": 50000,
                "salary_max": 70000,
            },
            status=Status.INTERVIEWING if number % 2 else Status.APPLIED,
            tag_names=ROW_TAGS[number % len(ROW_TAGS)],
        )
        for number in range(2, count + 2)
    ]


def test_import_query_count_does_not_grow_with_rows(django_assert_num_queries):
    """Saving 60 rows costs the queries 5 rows cost, existing and new tags included."""
    few_owner, many_owner = UserFactory(), UserFactory()
    for owner in (few_owner, many_owner):
        TagFactory(user=owner, name="Python")
    with CaptureQueriesContext(connection) as few:
        few_report = importer.import_rows(user=few_owner, rows=good_rows(5))
    with django_assert_num_queries(len(few)):
        many_report = importer.import_rows(user=many_owner, rows=good_rows(60))
    assert len(few_report.imported) == 5 and len(many_report.imported) == 60
    assert few_report.created_tags == many_report.created_tags == ["Remote", "On-site"]
    assert Application.objects.filter(user=many_owner).count() == 60


def test_import_links_tags_to_their_rows_and_creates_each_new_tag_once(user):
    """Each application gets the tags its row named; a new tag named in many cases is one tag."""
    python = TagFactory(user=user, name="Python")
    TagFactory(name="remote")  # another user's tag of the same name is not reused
    report = importer.import_rows(user=user, rows=good_rows(6))
    assert report.created_tags == ["Remote", "On-site"]
    assert sorted(Tag.objects.filter(user=user).values_list("name", flat=True)) == [
        "On-site",
        "Python",
        "Remote",
    ]
    assert [application.company for application in report.imported] == [
        f"Company {number}" for number in range(2, 8)
    ]
    for number, application in enumerate(report.imported, start=2):
        linked = sorted(tag.name for tag in Application.objects.get(pk=application.pk).tags.all())
        expected = {
            0: ["Python", "Remote"],
            1: ["On-site", "Remote"],
            2: [],
        }[number % len(ROW_TAGS)]
        assert linked == expected, application.company
    assert python.applications.count() == 2


def test_import_reports_a_row_refused_at_save_time_and_saves_the_rest(user):
    """A row that passed the preview but fails validation on save is reported; others import."""
    rows = good_rows(3)
    rows[1].fields.update(salary_min=90000, salary_max=50000)
    report = importer.import_rows(user=user, rows=rows)
    assert [application.company for application in report.imported] == ["Company 2", "Company 4"]
    assert len(report.bad) == 1
    bad = report.bad[0]
    assert bad.row_number == 3
    assert bad.reasons == ["The maximum salary must be at least the minimum."]
    assert bad.values["company"] == "Company 3" and bad.values["salary_min"] == "90000"
    assert sorted(Application.objects.filter(user=user).values_list("company", flat=True)) == [
        "Company 2",
        "Company 4",
    ]
    saved = Application.objects.get(user=user, company="Company 4")
    event = saved.events.get()
    assert (event.kind, event.source, event.to_status) == (
        EventKind.CREATED,
        EventSource.IMPORT,
        Status.APPLIED,
    )
    assert timezone.localtime(event.occurred_at).date() == dt.date(2025, 1, 5)
    # The refused row was the first to name "Remote": the tag takes the next row's spelling.
    assert sorted(tag.name for tag in saved.tags.all()) == ["On-site", "REMOTE"]


def test_a_refused_row_leaves_no_new_tag_behind(user):
    """Tags named only by a refused row are not created."""
    rows = good_rows(2)
    rows[0].tag_names = ["Only here"]
    rows[0].fields.update(salary_min=90000, salary_max=50000)
    report = importer.import_rows(user=user, rows=rows)
    assert len(report.bad) == 1 and len(report.imported) == 1
    assert "Only here" not in report.created_tags
    assert not Tag.objects.filter(user=user, name="Only here").exists()


def test_import_of_rows_without_applied_date_dates_them_today(user):
    """An applied row without a date is dated today, a wishlist row stays undated."""
    rows = good_rows(2)
    for row in rows:
        row.fields.pop("applied_date")
    rows[1].status = Status.WISHLIST
    report = importer.import_rows(user=user, rows=rows)
    applied, wish = report.imported
    assert applied.applied_date == timezone.localdate() and wish.applied_date is None
    assert Application.objects.for_user(user).search("Company 2").get() == applied


# --- management commands ------------------------------------------------------------------


def test_import_command_reports_and_exits_zero(tmp_path, user):
    """The command imports good rows and lists bad ones with their reasons."""
    path = tmp_path / "apps.csv"
    path.write_text(MIXED_CSV, encoding="utf-8")
    out = io.StringIO()
    call_command("import_applications", str(path), "--user", user.email.upper(), stdout=out)
    report = out.getvalue()
    assert "Imported 2 application(s)" in report
    assert "5 bad row(s) not imported:" in report
    assert "row 4: Applied date: The applied date cannot be in the future." in report
    assert Application.objects.filter(user=user).count() == 2
    assert set(Application.objects.filter(user=user).values_list("events__source", flat=True)) == {
        EventSource.IMPORT
    }


def test_import_command_fails_on_unknown_user_or_unreadable_file(tmp_path, user):
    """An unknown user, a missing file or a file without the columns exit non-zero."""
    path = tmp_path / "apps.csv"
    path.write_text(MIXED_CSV, encoding="utf-8")
    with pytest.raises(CommandError, match="No user"):
        call_command("import_applications", str(path), "--user", "nobody@example.com")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_applications", str(tmp_path / "missing.csv"), "--user", user.email)
    path.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("import_applications", str(path), "--user", user.email)
    assert not Application.objects.exists()


def test_export_command_round_trips_through_import_command(tmp_path, user):
    """export_applications writes what import_applications reads back, archived included."""
    ApplicationFactory(user=user, company="Archived Co", archived_at=timezone.now())
    ApplicationFactory(user=user, company="Live Co")
    ApplicationFactory(user=user, company="Trashed Co", deleted_at=timezone.now())
    path = tmp_path / "out.csv"
    err = io.StringIO()
    call_command("export_applications", "--user", user.email, "--output", str(path), stderr=err)
    assert "Exported 2 application(s)" in err.getvalue()
    out = io.StringIO()
    call_command("export_applications", "--user", user.email, stdout=out)
    assert out.getvalue() == path.read_bytes().decode()
    newcomer = UserFactory()
    call_command("import_applications", str(path), "--user", newcomer.email, stdout=io.StringIO())
    assert sorted(Application.objects.filter(user=newcomer).values_list("company", flat=True)) == [
        "Archived Co",
        "Live Co",
    ]


def test_export_command_unknown_user():
    with pytest.raises(CommandError, match="No user"):
        call_command("export_applications", "--user", "nobody@example.com")
