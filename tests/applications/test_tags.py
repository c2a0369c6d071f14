"""The tags page: usage counts, create, rename/recolour inline, delete with confirmation."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Tag
from applications.services import tags
from tests.factories import ApplicationFactory, TagFactory

pytestmark = pytest.mark.django_db

TAGS = reverse("applications:tags")
CREATE = reverse("applications:tag-create")


def edit_url(tag) -> str:
    return reverse("applications:tag-edit", args=[tag.pk])


def delete_url(tag) -> str:
    return reverse("applications:tag-delete", args=[tag.pk])


def test_tags_page_lists_usage_counts(user, user_client):
    """Each tag shows how many live applications use it."""
    remote, unused = TagFactory(user=user, name="remote"), TagFactory(user=user, name="unused")
    for application in ApplicationFactory.create_batch(3, user=user):
        application.tags.add(remote)
    trashed = ApplicationFactory(user=user, deleted_at="2026-01-01T00:00:00Z")
    trashed.tags.add(remote)
    html = user_client.get(TAGS).content.decode()
    row = html.split(f'id="tag-{remote.pk}"')[1].split("</tr>")[0]
    assert "3 applications" in row
    assert "0 applications" in html.split(f'id="tag-{unused.pk}"')[1].split("</tr>")[0]


def test_tags_htmx_returns_panel(user, htmx_client):
    """An HTMX GET returns the panel without the layout."""
    TagFactory(user=user, name="remote")
    html = htmx_client.get(TAGS).content.decode()
    assert "<html" not in html and 'id="tags-panel"' in html and "remote" in html


def test_tags_only_lists_own_tags(user, other_user, user_client):
    """Another user's tags never show."""
    TagFactory(user=other_user, name="secret-tag")
    assert b"secret-tag" not in user_client.get(TAGS).content


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "partial"])
def test_tags_query_count_is_constant(htmx, user, client_for, django_assert_num_queries):
    """The tags page costs the same queries with 2 or 60 tags."""
    client = client_for(user, htmx=htmx)
    TagFactory.create_batch(2, user=user)
    client.get(TAGS)
    with CaptureQueriesContext(connection) as small:
        client.get(TAGS)
    for tag in TagFactory.create_batch(60, user=user):
        ApplicationFactory(user=user).tags.add(tag)
    with django_assert_num_queries(len(small)):
        response = client.get(TAGS)
    assert response.content.decode().count('class="toolbar tag-edit"') == 62


def test_create_tag_full_page(user, user_client):
    """A plain post creates the tag and redirects to the list."""
    response = user_client.post(CREATE, {"name": "  Dream   job ", "color": "green"})
    assert response.status_code == 302 and response.url == TAGS
    tag = Tag.objects.get(user=user)
    assert (tag.name, tag.color) == ("Dream job", "green")


def test_create_tag_htmx(user, htmx_client):
    """HTMX gets the refreshed panel with the new tag and a toast."""
    response = htmx_client.post(CREATE, {"name": "remote", "color": "blue"})
    assert "remote" in response.content.decode() and "<html" not in response.content.decode()
    assert json.loads(response["HX-Trigger"])["toast"]["message"] == "Created “remote”."
    assert Tag.objects.filter(user=user, name="remote").exists()


def test_duplicate_name_is_refused_case_insensitively(user, user_client, htmx_client):
    """A name that differs only in case is refused with a clear message; input is kept."""
    TagFactory(user=user, name="Remote")
    page = user_client.post(CREATE, {"name": "REMOTE", "color": "red"})
    fragment = htmx_client.post(CREATE, {"name": "remote", "color": "red"})
    assert page.status_code == 422
    assert "You already have a tag called “REMOTE”." in page.content.decode()
    assert 'value="REMOTE"' in page.content.decode()
    assert "You already have a tag called “remote”." in fragment.content.decode()
    assert Tag.objects.filter(user=user).count() == 1


def test_same_name_as_other_users_tag_is_fine(user, other_user, user_client):
    """Names are unique per user only."""
    TagFactory(user=other_user, name="remote")
    user_client.post(CREATE, {"name": "remote", "color": "red"})
    assert Tag.objects.filter(user=user, name="remote").exists()


def test_create_refuses_blank_and_bad_colour(user, user_client):
    """Empty names and unknown colours are refused."""
    response = user_client.post(CREATE, {"name": " ", "color": "chartreuse"})
    html = response.content.decode()
    assert response.status_code == 422 and "A tag needs a name." in html
    assert "Select a valid choice" in html
    assert not Tag.objects.filter(user=user).exists()


def test_rename_and_recolour_inline(user, htmx_client, user_client):
    """Rename through HTMX returns the row; recolour as a plain post redirects."""
    tag = TagFactory(user=user, name="remote", color="blue")
    ApplicationFactory(user=user).tags.add(tag)
    response = htmx_client.post(edit_url(tag), {"name": "Remote-first", "color": "blue"})
    html = response.content.decode()
    assert html.strip().startswith(f'<tr id="tag-{tag.pk}">')
    assert "Remote-first" in html and "1 application" in html
    page = user_client.post(edit_url(tag), {"name": "Remote-first", "color": "pink"})
    assert page.status_code == 302
    tag.refresh_from_db()
    assert (tag.name, tag.color) == ("Remote-first", "pink")


def test_rename_to_duplicate_is_refused_inline(user, htmx_client, user_client):
    """Renaming onto another tag's name shows the error in the row, nothing changes."""
    TagFactory(user=user, name="Remote")
    tag = TagFactory(user=user, name="onsite")
    fragment = htmx_client.post(edit_url(tag), {"name": "remote", "color": "red"})
    page = user_client.post(edit_url(tag), {"name": "REMOTE", "color": "red"})
    assert "You already have a tag called “remote”." in fragment.content.decode()
    assert 'value="remote"' in fragment.content.decode()
    assert page.status_code == 422 and "called “REMOTE”" in page.content.decode()
    tag.refresh_from_db()
    assert (tag.name, tag.color) == ("onsite", "blue")


def test_edit_get_returns_row(user, htmx_client):
    """Cancelling a delete fetches the plain row again."""
    tag = TagFactory(user=user, name="remote")
    html = htmx_client.get(edit_url(tag)).content.decode()
    assert f'id="tag-{tag.pk}-name"' in html and 'value="remote"' in html


def test_delete_asks_for_confirmation_first(user, user_client, htmx_client):
    """GET shows a confirmation (page or row) and deletes nothing."""
    tag = TagFactory(user=user, name="remote")
    page = user_client.get(delete_url(tag)).content.decode()
    row = htmx_client.get(delete_url(tag)).content.decode()
    assert "Delete “remote”?" in page and "<html" in page
    assert "Delete “remote”?" in row and "<html" not in row
    assert Tag.objects.filter(pk=tag.pk).exists()


def test_delete_removes_tag_but_keeps_applications(user, user_client, htmx_client):
    """Deleting untags the applications; HTMX gets an empty row and a toast."""
    first, second = TagFactory(user=user, name="a"), TagFactory(user=user, name="b")
    application = ApplicationFactory(user=user)
    application.tags.add(first, second)
    assert user_client.post(delete_url(first)).status_code == 302
    response = htmx_client.post(delete_url(second))
    assert response.content == b""
    assert json.loads(response["HX-Trigger"])["toast"]["message"] == "Deleted “b”."
    assert not Tag.objects.filter(user=user).exists()
    application.refresh_from_db()
    assert application.tags.count() == 0


@pytest.mark.parametrize("name", ["tag-edit", "tag-delete"])
def test_other_users_tag_is_404(name, other_user, user_client):
    """Another user's tag id gives 404 for GET and POST and stays untouched."""
    foreign = TagFactory(user=other_user, name="theirs")
    url = reverse(f"applications:{name}", args=[foreign.pk])
    assert user_client.get(url).status_code == 404
    assert user_client.post(url, {"name": "mine", "color": "red"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.name == "theirs"


@pytest.mark.parametrize("name", ["tag-create", "tag-edit", "tag-delete"])
def test_tag_posts_need_csrf(name, user, client_for):
    """Tag changes without a CSRF token are refused."""
    tag = TagFactory(user=user, name="keep")
    args = [] if name == "tag-create" else [tag.pk]
    client = client_for(user, enforce_csrf_checks=True)
    response = client.post(reverse(f"applications:{name}", args=args), {"name": "x"})
    assert response.status_code == 403
    assert list(Tag.objects.filter(user=user).values_list("name", flat=True)) == ["keep"]


def test_set_tags_refuses_another_users_tag(user, other_user):
    """The tag service keeps each user's tags to their own applications."""
    application = ApplicationFactory(user=user)
    with pytest.raises(ValidationError):
        tags.set_tags(application=application, tags=[TagFactory(user=other_user)])
    assert not application.tags.exists()
