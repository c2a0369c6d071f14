"""Saved views: save the filtered list under a name, pin it in the navigation, rename, delete."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import SavedView
from applications.status import Status
from tests.applications.lists_helpers import LIST_URL, htmx, row_ids
from tests.factories import ApplicationFactory, SavedViewFactory, TagFactory

pytestmark = pytest.mark.django_db

VIEWS_URL = reverse("applications:saved-views")


def nav_views(response) -> list[str]:
    """The names of the pinned views in the navigation, in order."""
    return re.findall(
        r'class="nav-view"[^>]*><span aria-hidden="true">★</span> ([^<]+)</a>',
        response.content.decode(),
    )


def update_url(view: SavedView) -> str:
    return reverse("applications:saved-view-update", args=[view.pk])


def delete_url(view: SavedView) -> str:
    return reverse("applications:saved-view-delete", args=[view.pk])


def test_save_from_the_list_stores_the_query_and_pins_it(user_client, user):
    """A plain form post saves the list's query (defaults and page left out), then opens the
    saved view with a confirmation, the view pinned in the navigation."""
    query = "q=&status=applied&tag=remote&sort=&archived=&page=3"
    response = user_client.post(
        VIEWS_URL, {"name": "  Remote   applied ", "query": query, "pinned": "on"}
    )
    view = SavedView.objects.get(user=user)
    assert (view.name, view.query, view.pinned) == (
        "Remote applied",
        "status=applied&tag=remote",
        True,
    )
    assert response.status_code == 302 and response.url == f"{LIST_URL}?status=applied&tag=remote"
    page = user_client.get(response.url)
    assert "Saved the view “Remote applied”" in page.content.decode()
    assert nav_views(page) == ["Remote applied"]


def test_save_with_htmx_swaps_the_form_and_the_navigation(user_client, user):
    """With htmx the save form comes back closed, the navigation is renewed out of band and a
    toast says what happened."""
    response = user_client.post(
        VIEWS_URL,
        {"name": "Offers", "query": "status=offer", "pinned": "on"},
        headers=htmx("save-view"),
    )
    content = response.content.decode()
    assert response.status_code == 200 and "<html" not in content
    assert content.lstrip().startswith(
        '<details class="lists-dropdown lists-save-view" id="save-view">'
    )
    assert 'id="saved-views-nav" class="nav-views" hx-swap-oob="true"' in content
    assert "Offers" in content.split('id="saved-views-nav"')[1]
    assert json.loads(response["HX-Trigger"])["toast"]["message"].startswith(
        "Saved the view “Offers”"
    )
    assert SavedView.objects.get(user=user).query == "status=offer"


@pytest.mark.parametrize("htmx_request", [False, True], ids=["page", "partial"])
@pytest.mark.parametrize("name", ["", "   ", "offers"])
def test_a_bad_or_taken_name_is_refused_and_nothing_is_lost(user_client, user, htmx_request, name):
    """A blank name or one already used (ignoring case) saves nothing; the answer shows why,
    with the name typed and the list to save still there."""
    SavedViewFactory(user=user, name="Offers")
    headers = htmx("save-view") if htmx_request else {}
    response = user_client.post(
        VIEWS_URL, {"name": name, "query": "status=offer&tag=remote"}, headers=headers
    )
    content = response.content.decode()
    assert response.status_code == 422  # refused, with the reason, htmx or not
    assert SavedView.objects.filter(user=user).count() == 1
    expected = (
        "You already have a view called “offers”." if name.strip() else "Give the view a name."
    )
    assert expected in content
    assert 'name="query" value="status=offer&amp;tag=remote"' in content
    if name.strip():
        assert f'value="{name}"' in content


def test_only_pinned_views_of_the_user_show_in_the_navigation_on_every_page(
    user_client, user, other_user
):
    """Pinned views are on every page's navigation; unpinned ones and other users' are not."""
    SavedViewFactory(user=user, name="Remote")
    SavedViewFactory(user=user, name="Hidden", pinned=False)
    SavedViewFactory(user=other_user, name="Theirs")
    for url in (LIST_URL, reverse("applications:board"), reverse("applications:tags")):
        assert nav_views(user_client.get(url)) == ["Remote"], url


def test_the_navigation_marks_the_view_the_list_shows(user_client, user):
    """On the list with exactly a saved view's filters its link is the current one."""
    SavedViewFactory(user=user, name="Offers", query="status=offer")
    here = user_client.get(LIST_URL, {"status": "offer"}).content.decode()
    assert 'class="nav-view" aria-current="true"' in here
    elsewhere = user_client.get(LIST_URL, {"status": "applied"}).content.decode()
    assert 'aria-current="true"' not in elsewhere
    partial = user_client.get(LIST_URL, {"status": "offer"}, headers=htmx("results"))
    navigation = partial.content.decode().split('id="saved-views-nav"')[1]
    assert navigation.startswith(' class="nav-views" hx-swap-oob="true">')
    assert 'href="/applications/?status=offer" class="nav-view" aria-current="true"' in navigation


def test_a_saved_view_opens_the_list_it_names(user_client, user):
    """Following the view's link shows exactly the rows its filters select."""
    remote = TagFactory(user=user, name="remote")
    wanted = ApplicationFactory(user=user, status=Status.OFFER)
    wanted.tags.add(remote)
    ApplicationFactory(user=user, status=Status.OFFER)
    ApplicationFactory(user=user, status=Status.APPLIED).tags.add(remote)
    view = SavedViewFactory(user=user, query="status=offer&tag=remote")
    assert row_ids(user_client.get(view.url)) == [wanted.pk]


def test_pinned_views_in_the_navigation_cost_no_query_once_cached(
    client_for, user, django_assert_num_queries
):
    """The navigation reads pinned views from the cache: a page with five pinned views costs
    what it cost before the first was saved, and a change shows at once."""
    client = client_for(user)
    board = reverse("applications:board")
    client.get(board)
    with CaptureQueriesContext(connection) as without_views:
        client.get(board)
    expected = len(without_views)  # now: the next request clears the query log
    for number in range(5):
        client.post(VIEWS_URL, {"name": f"View {number}", "query": "status=offer", "pinned": "on"})
    client.get(board)  # fills the cache
    with django_assert_num_queries(expected):
        assert len(nav_views(client.get(board))) == 5
    view = SavedView.objects.filter(user=user).first()
    client.post(update_url(view), {"name": "Renamed"})  # and unpinned
    assert "Renamed" not in nav_views(client.get(board)) and len(nav_views(client.get(board))) == 4


def test_saved_views_page_full_and_partial(user_client, user, other_user):
    """The page lists the user's views with what each shows; htmx gets the list region."""
    SavedViewFactory(user=user, name="Remote offers", query="status=offer&tag=remote&sort=company")
    SavedViewFactory(user=other_user, name="Someone else's")
    page = user_client.get(VIEWS_URL)
    partial = user_client.get(VIEWS_URL, headers=htmx("saved-views"))
    assert page.status_code == partial.status_code == 200
    assert b"<html" in page.content and b"<html" not in partial.content
    for content in (page.content.decode(), partial.content.decode()):
        assert "Remote offers" in content and "Someone else" not in content
        assert "Status: Offer · Tags: remote · Sort: Company ↑" in content
    assert "HX-Request" in page["Vary"]


def test_saved_views_page_without_views_explains(user_client):
    assert "No saved views yet." in user_client.get(VIEWS_URL).content.decode()


@pytest.mark.parametrize("headers", [{}, htmx("saved-views")], ids=["page", "partial"])
def test_saved_views_page_query_count_is_constant(
    client_for, user, headers, django_assert_num_queries
):
    """Three views or thirty: the same number of queries."""
    client = client_for(user)
    SavedViewFactory.create_batch(3, user=user)
    client.get(VIEWS_URL)
    with CaptureQueriesContext(connection) as few:
        client.get(VIEWS_URL, headers=headers)
    expected = len(few)  # now: the next request clears the query log
    SavedViewFactory.create_batch(27, user=user)
    client.get(VIEWS_URL)  # the navigation's cache is renewed by the views' service only
    with django_assert_num_queries(expected):
        response = client.get(VIEWS_URL, headers=headers)
    assert response.content.decode().count('class="card lists-view"') == 30


def test_rename_and_unpin(user_client, user):
    """A plain post renames and unpins, then returns to the page with a message."""
    view = SavedViewFactory(user=user, name="Old")
    response = user_client.post(update_url(view), {"name": "New name"})
    assert response.status_code == 302 and response.url == VIEWS_URL
    view.refresh_from_db()
    assert (view.name, view.pinned) == ("New name", False)
    page = user_client.get(response.url)
    assert "Saved “New name” (not pinned)." in page.content.decode() and nav_views(page) == []


def test_rename_with_htmx_swaps_the_row_and_the_navigation(user_client, user):
    view = SavedViewFactory(user=user, name="Old")
    response = user_client.post(
        update_url(view), {"name": "Fresh", "pinned": "on"}, headers=htmx(f"saved-view-{view.pk}")
    )
    content = response.content.decode()
    assert content.lstrip().startswith(f'<li class="card lists-view" id="saved-view-{view.pk}">')
    assert "Fresh" in content.split('id="saved-views-nav"')[1]
    assert json.loads(response["HX-Trigger"])["toast"]["message"] == "Saved “Fresh” (pinned)."


@pytest.mark.parametrize("htmx_request", [False, True], ids=["page", "partial"])
def test_rename_to_a_taken_name_is_refused(user_client, user, htmx_request):
    """The row shows the name typed and why; the view keeps its name."""
    SavedViewFactory(user=user, name="Taken")
    view = SavedViewFactory(user=user, name="Mine")
    headers = htmx(f"saved-view-{view.pk}") if htmx_request else {}
    response = user_client.post(
        update_url(view), {"name": "TAKEN", "pinned": "on"}, headers=headers
    )
    content = response.content.decode()
    assert response.status_code == 422  # refused, with the reason, htmx or not
    assert "You already have a view called “TAKEN”." in content and 'value="TAKEN"' in content
    view.refresh_from_db()
    assert view.name == "Mine"


@pytest.mark.parametrize("htmx_request", [False, True], ids=["page", "partial"])
def test_delete(user_client, user, htmx_request):
    """Deleting a view removes it (and from the navigation); applications are untouched."""
    application = ApplicationFactory(user=user, status=Status.OFFER)
    view = SavedViewFactory(user=user, name="Gone", query="status=offer")
    keep = SavedViewFactory(user=user, name="Kept")
    headers = htmx("saved-views") if htmx_request else {}
    response = user_client.post(delete_url(view), headers=headers)
    assert list(SavedView.objects.filter(user=user)) == [keep]
    assert application.__class__.objects.filter(pk=application.pk).exists()
    if htmx_request:
        content = response.content.decode()
        assert content.lstrip().startswith('<div id="saved-views">') and "Gone" not in content
        assert "Kept" in content.split('id="saved-views-nav"')[1]
    else:
        assert response.status_code == 302 and response.url == VIEWS_URL


@pytest.mark.parametrize("action", ["update", "delete"])
def test_another_users_view_is_404_and_untouched(user_client, other_user, action):
    view = SavedViewFactory(user=other_user, name="Theirs")
    url = update_url(view) if action == "update" else delete_url(view)
    assert user_client.post(url, {"name": "Mine now", "pinned": "on"}).status_code == 404
    view.refresh_from_db()
    assert view.name == "Theirs"


def test_requires_sign_in(client):
    assert client.get(VIEWS_URL).status_code == 302
    assert client.post(VIEWS_URL, {"name": "x"}).status_code == 302
    assert not SavedView.objects.exists()


def test_a_change_shows_in_the_cached_dashboard_navigation(
    user_client, user, django_capture_on_commit_callbacks
):
    """The analytics page caches its whole HTML; a new pinned view still shows there at once."""
    dashboard = reverse("analytics:dashboard")
    user_client.get(dashboard)
    assert nav_views(user_client.get(dashboard)) == []
    with django_capture_on_commit_callbacks(execute=True):
        user_client.post(
            VIEWS_URL,
            {"name": "Offers", "query": "status=offer", "pinned": "on"},
            headers=htmx("save-view"),  # a toast, not a message: nothing else re-renders the page
        )
    assert nav_views(user_client.get(dashboard)) == ["Offers"]
