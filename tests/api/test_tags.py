"""/tags: list with usage, create, rename/recolour, delete."""

import pytest
from django.utils import timezone

from applications.models import Tag
from tests.api.conftest import API, assert_error
from tests.factories import ApplicationFactory, TagFactory

pytestmark = pytest.mark.django_db

URL = f"{API}/tags"


def test_list_tags_with_usage_and_meta(api_client, user, other_user):
    """Own tags only, by name, counting live applications."""
    remote = TagFactory(user=user, name="remote")
    TagFactory(user=user, name="Dream")
    TagFactory(user=other_user, name="theirs")
    for application in ApplicationFactory.create_batch(2, user=user):
        application.tags.add(remote)
    ApplicationFactory(user=user, deleted_at=timezone.now()).tags.add(remote)
    body = api_client.get(URL).json()
    assert body["meta"] == {"page": 1, "limit": 20, "total": 2}
    assert [(row["name"], row["usage"]) for row in body["data"]] == [("Dream", 0), ("remote", 2)]


def test_list_tags_paginates(api_client, user):
    TagFactory.create_batch(5, user=user)
    body = api_client.get(URL, {"limit": 2, "page": 3}).json()
    assert body["meta"] == {"page": 3, "limit": 2, "total": 5} and len(body["data"]) == 1
    assert_error(api_client.get(URL, {"limit": 500}), 422, "VALIDATION_ERROR")


def test_list_tags_query_count_is_constant(api_client, user, django_assert_num_queries):
    for tag in TagFactory.create_batch(60, user=user):
        ApplicationFactory(user=user).tags.add(tag)
    api_client.get(URL)
    with django_assert_num_queries(3):  # token, count, rows with usage
        assert len(api_client.get(URL, {"limit": 100}).json()["data"]) == 60


def test_create_tag(api_client, user):
    response = api_client.post(
        URL, {"name": "  Remote  first ", "color": "green"}, content_type="application/json"
    )
    assert response.status_code == 201
    data = response.json()["data"]
    assert (data["name"], data["color"], data["usage"]) == ("Remote first", "green", 0)
    assert Tag.objects.get(user=user).name == "Remote first"


@pytest.mark.parametrize(
    "payload", [{"name": ""}, {"name": "x" * 51}, {"name": "ok", "color": "plaid"}, {}]
)
def test_create_tag_validation(api_client, user, payload):
    assert_error(
        api_client.post(URL, payload, content_type="application/json"), 422, "VALIDATION_ERROR"
    )
    assert not Tag.objects.filter(user=user).exists()


def test_create_tag_duplicate_name_any_case(api_client, user):
    TagFactory(user=user, name="Remote")
    response = api_client.post(URL, {"name": "REMOTE"}, content_type="application/json")
    assert "name" in assert_error(response, 422, "VALIDATION_ERROR")["details"]
    assert Tag.objects.filter(user=user).count() == 1


def test_same_name_as_another_users_tag_is_fine(api_client, user, other_user):
    TagFactory(user=other_user, name="remote")
    assert (
        api_client.post(URL, {"name": "remote"}, content_type="application/json").status_code == 201
    )


def test_patch_tag(api_client, user):
    tag = TagFactory(user=user, name="old", color="blue")
    response = api_client.patch(f"{URL}/{tag.pk}", {"name": "new"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["data"]["name"] == "new"
    tag.refresh_from_db()
    assert (tag.name, tag.color) == ("new", "blue")


def test_patch_tag_validation(api_client, user):
    TagFactory(user=user, name="taken")
    tag = TagFactory(user=user, name="mine")
    response = api_client.patch(
        f"{URL}/{tag.pk}", {"name": "Taken"}, content_type="application/json"
    )
    assert "name" in assert_error(response, 422, "VALIDATION_ERROR")["details"]
    bad_colour = api_client.patch(
        f"{URL}/{tag.pk}", {"color": "plaid"}, content_type="application/json"
    )
    assert_error(bad_colour, 422, "VALIDATION_ERROR")
    tag.refresh_from_db()
    assert tag.name == "mine"


@pytest.mark.parametrize("method", ["patch", "delete"])
def test_another_users_tag_is_not_found(api_client, other_user, method):
    tag = TagFactory(user=other_user, name="theirs")
    response = getattr(api_client, method)(
        f"{URL}/{tag.pk}", {"name": "mine"}, content_type="application/json"
    )
    assert_error(response, 404, "NOT_FOUND")
    tag.refresh_from_db()
    assert tag.name == "theirs"


def test_delete_tag_keeps_applications(api_client, user):
    tag = TagFactory(user=user)
    application = ApplicationFactory(user=user)
    application.tags.add(tag)
    response = api_client.delete(f"{URL}/{tag.pk}")
    assert response.status_code == 204
    assert not Tag.objects.filter(pk=tag.pk).exists()
    assert (
        application.tags.count() == 0
        and application.__class__.objects.filter(pk=application.pk).exists()
    )
