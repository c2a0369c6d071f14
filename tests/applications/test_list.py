"""The applications list: filters, search, sort, pagination and the URL that carries them."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.filters import BEST_MATCH, ArchivedFilter, ListState
from applications.status import Status
from tests.applications.lists_helpers import LIST_URL, htmx, make_tagged, row_ids
from tests.factories import ApplicationFactory, TagFactory

pytestmark = pytest.mark.django_db


def days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def test_full_page_and_results_partial(user_client, user):
    """The page has the filter and bulk forms; an htmx request gets only the results region."""
    application = ApplicationFactory(user=user, company="Acme", role="Backend Engineer")
    page = user_client.get(LIST_URL)
    partial = user_client.get(LIST_URL, headers=htmx("results"))
    assert page.status_code == partial.status_code == 200
    assert b"<html" in page.content and b'id="filters"' in page.content
    assert b'id="bulk"' in page.content and b'id="results"' in page.content
    assert b"<html" not in partial.content and b'id="filters"' not in partial.content
    assert partial.content.lstrip().startswith(b'<div id="results"')
    assert row_ids(page) == row_ids(partial) == [application.pk]
    assert b"Backend Engineer" in partial.content and b"status-applied" in partial.content
    assert page["Vary"] and "HX-Request" in page["Vary"]


def test_history_restore_gets_the_full_page(user_client, user):
    """htmx's history restore (back button, cache miss) must get a whole page, not a fragment."""
    ApplicationFactory(user=user)
    response = user_client.get(
        LIST_URL, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert b"<html" in response.content and b'id="filters"' in response.content


def test_requires_sign_in_and_get(client, user_client):
    """Anonymous visitors go to sign-in; the list only answers GET."""
    assert client.get(LIST_URL).status_code == 302
    assert user_client.post(LIST_URL).status_code == 405


def test_rows_show_company_role_tags_dates(user_client, user):
    """A row shows company, role, status pill, tags, applied date and last activity."""
    tag = TagFactory(user=user, name="dream-job", color="green")
    application = ApplicationFactory(
        user=user, company="Globex", role="SRE", applied_date=dt.date(2025, 3, 4)
    )
    application.tags.add(tag)
    content = user_client.get(LIST_URL).content.decode()
    assert "Globex" in content and "SRE" in content
    assert 'class="pill tag-green">dream-job' in content
    assert '<time datetime="2025-03-04">4 Mar 2025</time>' in content
    assert f'aria-label="Select {application}"' in content


def test_only_own_applications_are_listed(user_client, user, other_user):
    """Another user's applications never appear, whatever the filters say."""
    mine = ApplicationFactory(user=user, company="Mine Inc")
    ApplicationFactory(user=other_user, company="Mine Corp")
    other_tag = TagFactory(user=other_user)
    assert row_ids(user_client.get(LIST_URL, {"q": "mine"})) == [mine.pk]
    assert row_ids(user_client.get(LIST_URL, {"tag": other_tag.pk})) == []


def test_status_filter_is_multi_select(user_client, user):
    """Several statuses can be chosen at once; rows in any of them are shown."""
    applied = ApplicationFactory(user=user, status=Status.APPLIED)
    offer = ApplicationFactory(user=user, status=Status.OFFER)
    ApplicationFactory(user=user, status=Status.REJECTED)
    query = "status=applied&status=offer"
    for headers in ({}, htmx("results")):
        response = user_client.get(f"{LIST_URL}?{query}", headers=headers)
        assert sorted(row_ids(response)) == sorted([applied.pk, offer.pk])
    page = user_client.get(f"{LIST_URL}?{query}").content.decode()
    assert 'name="status" value="offer" checked' in page
    assert 'name="status" value="rejected" checked' not in page


def test_tag_filter_matches_any_of_the_tags(user_client, user):
    """Choosing two tags shows rows carrying either of them, each once."""
    remote, startup, other = (TagFactory(user=user) for _ in range(3))
    both = ApplicationFactory(user=user)
    both.tags.set([remote, startup])
    only_remote = ApplicationFactory(user=user)
    only_remote.tags.set([remote])
    ApplicationFactory(user=user).tags.set([other])
    response = user_client.get(LIST_URL, {"tag": [remote.name.upper(), startup.name]})
    assert sorted(row_ids(response)) == sorted([both.pk, only_remote.pk])
    content = response.content.decode()
    assert f'name="tag" value="{remote.name}" checked' in content
    assert f'name="tag" value="{other.name}" checked' not in content


def test_tag_filter_speaks_names_and_still_reads_old_id_bookmarks(user_client, user, other_user):
    """The URL names tags; a bookmark from when it held ids still filters. Another user's tag
    of the same name matches nothing of theirs, and an unknown tag matches nothing."""
    remote = TagFactory(user=user, name="Remote")
    tagged = ApplicationFactory(user=user)
    tagged.tags.add(remote)
    ApplicationFactory(user=user)
    foreign = ApplicationFactory(user=other_user)
    foreign.tags.add(TagFactory(user=other_user, name="Remote"))
    assert row_ids(user_client.get(LIST_URL, {"tag": "remote"})) == [tagged.pk]
    assert row_ids(user_client.get(LIST_URL, {"tag": str(remote.pk)})) == [tagged.pk]
    assert row_ids(user_client.get(LIST_URL, {"tag": "nope"})) == []


def test_search_matches_prefixes_as_you_type(user_client, user):
    """Search is full text with prefix matching over company, role, location and notes."""
    stripe = ApplicationFactory(user=user, company="Stripe", role="Backend Engineer")
    noted = ApplicationFactory(user=user, company="Other", notes="Met Stripe's recruiter")
    ApplicationFactory(user=user, company="Gitlab", role="Designer")
    partial = user_client.get(LIST_URL, {"q": "stri"}, headers=htmx("results"))
    assert sorted(row_ids(partial)) == sorted([stripe.pk, noted.pk])
    assert row_ids(user_client.get(LIST_URL, {"q": "strip back"})) == [stripe.pk]
    assert row_ids(user_client.get(LIST_URL, {"q": "zzz"})) == []
    page = user_client.get(LIST_URL, {"q": "strip"}).content.decode()
    # "input" fires on typing, pasting (keyboard or menu), dictation and autofill; keyup did not.
    assert 'value="strip"' in page and 'hx-trigger="input changed delay:300ms, search"' in page


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("company", ["alpha", "Bravo", "charlie"]),
        ("-company", ["charlie", "Bravo", "alpha"]),
        ("applied_date", ["charlie", "alpha", "Bravo"]),
        ("-applied_date", ["Bravo", "alpha", "charlie"]),
        ("status", ["Bravo", "alpha", "charlie"]),
        ("-status", ["charlie", "alpha", "Bravo"]),
        ("last_activity_at", ["alpha", "charlie", "Bravo"]),
        ("-last_activity_at", ["Bravo", "charlie", "alpha"]),
        ("last_activity", ["alpha", "charlie", "Bravo"]),  # the key's old name, for bookmarks
    ],
)
def test_sort_either_direction(user_client, user, sort, expected):
    """Each sort key orders rows both ways; company ignores case, status follows the pipeline."""
    now = timezone.now()
    ApplicationFactory(
        user=user,
        company="alpha",
        applied_date=days_ago(5),
        status=Status.INTERVIEWING,
        last_activity_at=now - dt.timedelta(days=9),
    )
    ApplicationFactory(
        user=user,
        company="Bravo",
        applied_date=days_ago(1),
        status=Status.APPLIED,
        last_activity_at=now,
    )
    ApplicationFactory(
        user=user,
        company="charlie",
        applied_date=days_ago(20),
        status=Status.REJECTED,
        last_activity_at=now - dt.timedelta(days=3),
    )
    response = user_client.get(LIST_URL, {"sort": sort}, headers=htmx("results"))
    content = response.content.decode()
    positions = [content.index(f">{name}<") for name in expected]
    assert positions == sorted(positions)


def test_wishlist_rows_without_date_sort_last(user_client, user):
    """Rows without an applied date sink to the bottom in both directions."""
    dated = ApplicationFactory(user=user, applied_date=days_ago(3))
    undated = ApplicationFactory(user=user, status=Status.WISHLIST, applied_date=None)
    assert row_ids(user_client.get(LIST_URL, {"sort": "applied_date"})) == [dated.pk, undated.pk]
    assert row_ids(user_client.get(LIST_URL, {"sort": "-applied_date"})) == [dated.pk, undated.pk]


def test_archived_toggle(user_client, user):
    """Archived rows are hidden by default and can be included or shown alone."""
    live = ApplicationFactory(user=user)
    archived = ApplicationFactory(user=user, archived_at=timezone.now())
    assert row_ids(user_client.get(LIST_URL)) == [live.pk]
    assert sorted(row_ids(user_client.get(LIST_URL, {"archived": "include"}))) == sorted(
        [live.pk, archived.pk]
    )
    only = user_client.get(LIST_URL, {"archived": "only"}, headers=htmx("results"))
    assert row_ids(only) == [archived.pk] and b"lists-archived" in only.content


def test_pagination_keeps_filters_in_links(user_client, user, settings):
    """Pages hold ORBIT_PAGE_SIZE rows and their links keep every filter."""
    settings.ORBIT_PAGE_SIZE = 5
    ApplicationFactory.create_batch(12, user=user, status=Status.SCREENING)
    ApplicationFactory(user=user, status=Status.OFFER)
    first = user_client.get(LIST_URL, {"status": "screening"})
    second = user_client.get(LIST_URL, {"status": "screening", "page": 2}, headers=htmx("results"))
    third = user_client.get(LIST_URL, {"status": "screening", "page": 3})
    assert len(row_ids(first)) == len(row_ids(second)) == 5 and len(row_ids(third)) == 2
    assert not set(row_ids(first)) & set(row_ids(second))
    assert 'href="/applications/?status=screening&amp;page=2"' in first.content.decode()
    assert 'href="/applications/?status=screening"' in second.content.decode()  # back to page 1
    assert b"Page 2 of 3" in second.content


@pytest.mark.parametrize("page", ["0", "-1", "abc", "", "99"])
def test_bad_page_numbers_fall_back(user_client, user, settings, page):
    """A page that is not a number shows page 1; one past the end shows the last page."""
    settings.ORBIT_PAGE_SIZE = 5
    ApplicationFactory.create_batch(7, user=user)
    response = user_client.get(LIST_URL, {"page": page})
    assert response.status_code == 200
    expected = "Page 2 of 2" if page == "99" else "Page 1 of 2"
    assert expected in response.content.decode()


def test_a_new_account_gets_first_steps_instead_of_an_empty_list(user_client, user):
    """With no application at all the list says what to do (add one, import a CSV, connect
    Gmail, each a link) instead of showing empty filters and a table; no match for filters
    offers to clear them instead."""
    fresh = user_client.get(LIST_URL).content.decode()
    assert "Start tracking your job search" in fresh
    for url in ("/applications/new/", "/applications/import/", "/mail/settings/"):
        assert f'href="{url}"' in fresh, url
    assert 'id="filters"' not in fresh and 'id="bulk"' not in fresh and "<table" not in fresh
    partial = user_client.get(LIST_URL, headers=htmx("results")).content.decode()
    assert "Start tracking your job search" in partial
    ApplicationFactory(user=user, company="Acme")
    nothing = user_client.get(LIST_URL, {"q": "zebra"}, headers=htmx("results"))
    assert b"Nothing matches these filters." in nothing.content
    assert b"Start tracking" not in nothing.content
    assert b'id="filters"' in user_client.get(LIST_URL).content


def test_export_link_carries_the_filters(user_client, user):
    """The results region links the CSV export of exactly the filtered list."""
    ApplicationFactory(user=user)
    content = user_client.get(LIST_URL, {"q": "acme", "status": "offer", "page": "1"}).content
    assert b'href="/applications/export.csv?q=acme&amp;status=offer"' in content


def test_state_round_trips_through_the_url():
    """from_querydict(to_querystring()) gives the same state back."""
    state = ListState(
        statuses=("applied", "offer"),
        tags=("remote", "dream job"),
        q="data eng",
        sort="company",
        archived=ArchivedFilter.INCLUDE,
        page=3,
    )
    assert ListState.from_querydict(QueryDict(state.to_querystring())) == state
    assert ListState().to_querystring() == ""


def test_bad_values_fall_back_to_defaults():
    """Unknown statuses, blank tags, unknown sorts and archived values are ignored."""
    query = QueryDict(
        "status=bogus&status=applied&status=applied&tag=x&tag=+&tag=x&sort=salary&archived=maybe"
        "&page=-2&q=" + "a" * 500
    )
    state = ListState.from_querydict(query)
    assert state.statuses == ("applied",)
    assert state.tags == ("x",)
    assert state.sort == BEST_MATCH  # the long q searches, so: best match
    assert state.archived == ArchivedFilter.HIDE
    assert state.page == 1
    assert len(state.q) == 200


def test_bad_query_string_still_renders(user_client, user):
    """A stale or mangled bookmark opens the default list instead of failing."""
    application = ApplicationFactory(user=user)
    response = user_client.get(f"{LIST_URL}?sort=nope&status=zzz&tag=&archived=x&page=x")
    assert response.status_code == 200 and row_ids(response) == [application.pk]


def test_filter_form_pushes_url_and_targets_results(user_client, user):
    """The filter form works as a plain GET form and as htmx with the URL pushed."""
    ApplicationFactory(user=user)
    content = user_client.get(LIST_URL).content.decode()
    assert 'id="filters"' in content and 'method="get" action="/applications/"' in content
    assert 'hx-target="#results"' in content and 'hx-push-url="true"' in content


@pytest.mark.parametrize("headers", [{}, htmx("results")], ids=["page", "partial"])
def test_query_count_is_constant(client_for, user, headers, django_assert_num_queries, settings):
    """The list costs the same number of queries for 5 rows as for 60 rows with tags."""
    settings.ORBIT_PAGE_SIZE = 100
    client = client_for(user)
    client.get(LIST_URL)  # the first request records the session; later ones do not
    make_tagged(user, 5)
    with CaptureQueriesContext(connection) as baseline:
        small = client.get(LIST_URL, {"sort": "status"}, headers=headers)
    # session, user, count, rows, tags prefetch (+ the filter's tag list on the full page);
    # other areas' navigation badges may add a fixed query or two to the full page.
    assert len(baseline) <= (5 if headers else 8)
    make_tagged(user, 55, tags_per_row=3)
    with django_assert_num_queries(len(baseline)):
        large = client.get(
            LIST_URL, {"sort": "status", "status": list(Status.values)}, headers=headers
        )
    assert len(row_ids(small)) == 5 and len(row_ids(large)) == 60


def test_partial_tells_the_closed_menus_and_the_sort_what_is_active(user_client, user):
    """An htmx update swaps only the results; out-of-band it also renews the Status and Tags
    menu labels and the sort menu, so a closed menu still says what the list shows."""
    ApplicationFactory(user=user)
    response = user_client.get(
        LIST_URL,
        {"status": ["applied", "offer"], "tag": ["remote"], "sort": "company"},
        headers=htmx("results"),
    )
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="results"')
    assert '<span id="status-summary" class="lists-active" hx-swap-oob="true">: Applied, Offer' in (
        content
    )
    assert '<span id="tags-summary" class="lists-active" hx-swap-oob="true">: remote' in content
    assert '<select id="sort" name="sort" hx-swap-oob="true">' in content
    assert '<option value="company" selected>' in content
    # The full page renders the same labels in place, without out-of-band markers.
    page = user_client.get(LIST_URL, {"status": "offer"}).content.decode()
    assert '<span id="status-summary" class="lists-active">: Offer</span>' in page
    assert "hx-swap-oob" not in page.split('id="results"')[0]


@pytest.mark.parametrize(
    ("sort", "company_next", "applied_next", "sorted_column", "direction"),
    [
        ("", "company", "applied_date", "Applied", "descending"),
        ("company", "-company", "-applied_date", "Company", "ascending"),
        ("-company", "company", "-applied_date", "Company", "descending"),
        ("applied_date", "company", "-applied_date", "Applied", "ascending"),
    ],
)
def test_column_headers_sort_and_say_how(
    user_client, user, sort, company_next, applied_next, sorted_column, direction
):
    """Sortable headers link to their sort (a second click flips it), keep the filters, and
    the sorted one carries aria-sort; Role and Tags do not sort."""
    ApplicationFactory(user=user)
    content = user_client.get(LIST_URL, {"sort": sort, "status": "applied"}).content.decode()
    assert f'href="/applications/?status=applied&amp;sort={company_next}"' in content
    assert f'href="/applications/?status=applied&amp;sort={applied_next}"' in content
    sorted_headers = re.findall(r'<th scope="col" aria-sort="(\w+)"[^>]*>\s*<a[^>]*>(\w+)', content)
    assert sorted_headers == [(direction, sorted_column)]
    assert '<th scope="col">Role</th>' in content and '<th scope="col">Tags</th>' in content
