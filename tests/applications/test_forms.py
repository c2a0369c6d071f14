"""The application form's business rules, as a user meets them."""

import datetime as dt

import pytest
from django.utils import timezone

from applications.forms import ApplicationForm, InterviewForm, NoteForm, TagForm
from applications.models import Application
from applications.status import Status
from tests.factories import ApplicationFactory, TagFactory

pytestmark = pytest.mark.django_db


def form_for(user, instance=None, **overrides) -> ApplicationForm:
    data = {
        "company": "Acme",
        "role": "Engineer",
        "source": "linkedin",
        "status": Status.APPLIED,
        "salary_currency": "USD",
    } | overrides
    return ApplicationForm(data, user=user, instance=instance)


def test_minimal_form_is_valid(user):
    """Company and role are enough."""
    assert form_for(user).is_valid()


@pytest.mark.parametrize("field", ["company", "role"])
@pytest.mark.parametrize("value", ["", "   "])
def test_company_and_role_are_required(user, field, value):
    """Blank or whitespace-only company/role is refused once, with a plain message."""
    form = form_for(user, **{field: value})
    assert not form.is_valid()
    assert form.errors[field] == [f"{field.capitalize()} is required."]


def test_company_whitespace_is_collapsed(user):
    """Runs of spaces are collapsed so duplicates do not hide behind spacing."""
    form = form_for(user, company="  Acme   Corp ")
    assert form.is_valid() and form.cleaned_data["company"] == "Acme Corp"


def test_lengths_are_capped(user):
    """Over-long values are refused rather than truncated."""
    form = form_for(user, company="x" * 201, role="y" * 201, notes="z" * 20001)
    assert not form.is_valid()
    assert set(form.errors) == {"company", "role", "notes"}


def test_applied_date_cannot_be_in_the_future(user):
    """Tomorrow is refused, today is fine."""
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    future = form_for(user, applied_date=tomorrow.isoformat())
    today = form_for(user, applied_date=timezone.localdate().isoformat())
    assert future.errors["applied_date"] == ["The applied date cannot be in the future."]
    assert today.is_valid()


@pytest.mark.parametrize(
    ("low", "high", "valid"),
    [("100", "200", True), ("200", "200", True), ("300", "200", False), ("", "200", True)],
)
def test_salary_min_not_above_max(user, low, high, valid):
    """The minimum salary may equal but not exceed the maximum."""
    form = form_for(user, salary_min=low, salary_max=high)
    assert form.is_valid() is valid
    if not valid:
        assert form.errors["salary_max"] == ["The maximum salary must be at least the minimum."]


def test_negative_salary_is_refused(user):
    """Salaries are not negative."""
    assert "salary_min" in form_for(user, salary_min="-5").errors


@pytest.mark.parametrize(
    ("code", "cleaned"), [("usd", "USD"), (" eur ", "EUR"), ("GBP", "GBP"), ("", "")]
)
def test_currency_is_normalised(user, code, cleaned):
    """ISO codes are upper-cased; an empty currency is allowed."""
    form = form_for(user, salary_currency=code)
    assert form.is_valid() and form.cleaned_data["salary_currency"] == cleaned


@pytest.mark.parametrize("code", ["US", "DOLLARS", "XYZ", "12$"])
def test_unknown_currency_is_refused(user, code):
    """Anything that is not an ISO 4217 code is refused."""
    form = form_for(user, salary_currency=code)
    assert not form.is_valid() and "salary_currency" in form.errors


def test_job_url_must_be_a_url(user):
    """The job URL is validated as a URL."""
    assert "job_url" in form_for(user, job_url="not a url").errors


def test_tags_are_limited_to_the_users_own(user, other_user):
    """Only the user's tags are choices."""
    mine, theirs = TagFactory(user=user), TagFactory(user=other_user)
    assert form_for(user, tags=[mine.pk]).is_valid()
    assert "tags" in form_for(user, tags=[theirs.pk]).errors


def test_status_is_only_on_the_create_form(user):
    """Editing never offers a status; create does."""
    application = ApplicationFactory(user=user)
    assert "status" in ApplicationForm(user=user).fields
    assert "status" not in ApplicationForm(user=user, instance=application).fields


def test_edit_form_validates_against_model_rules(user):
    """Edit re-checks the same rules and leaves the row in the database untouched."""
    application = ApplicationFactory(user=user, salary_min=10, salary_max=20)
    form = form_for(user, instance=application, salary_min="50", salary_max="20")
    assert not form.is_valid()
    assert Application.objects.get(pk=application.pk).salary_min == 10


def test_validation_attributes_point_at_error_containers(user):
    """With a validation URL every widget posts on change and describes itself by its errors."""
    form = ApplicationForm(user=user, validate_url="/applications/new/")
    widget = form.fields["company"].widget.attrs
    assert widget["hx-post"] == "/applications/new/" and widget["hx-swap"] == "none"
    assert widget["aria-describedby"] == "errors-company"


def test_note_form_requires_text():
    """An empty note is refused with a friendly message."""
    form = NoteForm({"text": ""})
    assert form.errors["text"] == ["Write something before saving the note."]


@pytest.mark.parametrize("kind", ["phone", "video", "onsite", "technical"])
def test_interview_form_accepts_each_kind(kind):
    """Every interview kind is accepted with a local date and time."""
    form = InterviewForm({"name": "Round", "kind": kind, "scheduled_at": "2026-04-01T09:15"})
    assert form.is_valid()
    assert timezone.is_aware(form.cleaned_data["scheduled_at"])


def test_interview_form_refuses_unknown_kind():
    """A kind outside the list is refused."""
    assert "kind" in InterviewForm({"name": "Round", "kind": "sms"}).errors


def test_tag_form_rules():
    """Tag names are required and at most 50 characters; the colour must be listed."""
    assert TagForm({"name": "ok", "color": "teal"}).is_valid()
    assert "name" in TagForm({"name": "x" * 51, "color": "teal"}).errors
    assert "color" in TagForm({"name": "ok", "color": "beige"}).errors
