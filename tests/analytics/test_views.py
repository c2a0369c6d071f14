"""The dashboard page, its card partials, filters, empty state, caching and query counts."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.services import editing
from applications.status import Status
from devtools.demo.write import write_bench_search
from tests.analytics.histories import applied, days_ago, move
from tests.factories import TagFactory, UserFactory

pytestmark = pytest.mark.django_db

CARDS = ["summary", "funnel", "flow", "trends", "insights"]
PLOTLY = "vendor/plotly/plotly.min.js"


@pytest.fixture
def history(user):
    """Six applications: 2 answered (one rejected after interviewing), 4 silent."""
    tag = TagFactory(user=user, name="remote")
    first = move(
        applied(user, days_ago(30), company="Initech"),
        (Status.SCREENING, days_ago(25)),
        (Status.INTERVIEWING, days_ago(20)),
        (Status.REJECTED, days_ago(10)),
    )
    first.tags.add(tag)
    move(applied(user, days_ago(20), company="Globex"), (Status.SCREENING, days_ago(18)))
    for index in range(4):
        applied(user, days_ago(12 + index), company=f"Silent {index}")
    return {"tag": tag}


def test_dashboard_full_page(user_client, history):
    """The page shows every card, chart data as JSON and a data table per chart."""
    response = user_client.get(reverse("analytics:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html
    for card in CARDS:
        assert f'id="card-{card}"' in html
    for chart in ("funnel", "flow", "trends"):
        assert f'<script id="{chart}-data" type="application/json">' in html
        assert f'data-chart="{chart}"' in html
    assert html.count("<caption>") == 3
    assert html.count(f'data-plotly-src="/static/{PLOTLY}"') == 3  # one per chart
    assert 'id="plotly.js-style-global" class="no-inline-styles"' in html
    summary = response.context["summary"]
    assert (summary["total"], summary["responded"], summary["response_rate"]) == (6, 2, 0.3333)
    assert "<script>" not in html  # no inline scripts: CSP


def test_dashboard_htmx_swaps_the_cards(htmx_client, history):
    """An HTMX request (the filter form) gets the cards fragment, not the page."""
    response = htmx_client.get(reverse("analytics:dashboard"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="cards"')
    assert 'id="card-funnel"' in html
    assert "HX-Request" in response["Vary"]


def test_history_restore_gets_the_whole_page(client_for, user, history):
    """htmx restoring history asks for the page, so it gets the page."""
    client = client_for(user, htmx=True)
    response = client.get(
        reverse("analytics:dashboard"), headers={"HX-History-Restore-Request": "true"}
    )
    assert "<html" in response.content.decode()


@pytest.mark.parametrize("card", CARDS)
def test_each_card_partial(htmx_client, user_client, history, card):
    """Each card has its own URL: a fragment for HTMX, the whole page without JavaScript."""
    url = reverse(f"analytics:{card}")
    fragment = htmx_client.get(url)
    html = fragment.content.decode()
    assert fragment.status_code == 200
    assert html.lstrip().startswith(f'<section id="card-{card}"')
    assert "<html" not in html
    page = user_client.get(url)
    assert page.status_code == 200
    assert "<html" in page.content.decode()


def test_trends_window_selector(htmx_client, history):
    """The trends card draws the chosen window; an unknown window falls back to 12 weeks."""
    response = htmx_client.get(reverse("analytics:trends"), {"weeks": "26"})
    assert len(response.context["trends"]["sent"]) == 26
    assert 'aria-current="true">26 weeks' in response.content.decode()
    fallback = htmx_client.get(reverse("analytics:trends"), {"weeks": "1000"})
    assert len(fallback.context["trends"]["sent"]) == 12


def test_filters_narrow_the_figures(htmx_client, history):
    """The tag filter keeps only tagged applications; the date filter only recent ones."""
    tagged = htmx_client.get(reverse("analytics:dashboard"), {"tags": history["tag"].name})
    assert tagged.context["summary"]["total"] == 1
    assert tagged.context["funnel"]["stages"][2]["count"] == 1  # Initech reached interviewing
    recent = htmx_client.get(
        reverse("analytics:dashboard"), {"date_from": days_ago(13).date().isoformat()}
    )
    # applied within 13 days: Silent 0 (12 days) and Silent 1 (13 days)
    assert recent.context["summary"]["total"] == 2


def test_the_tag_filter_names_tags_like_the_list_and_old_id_links_still_work(
    client_for, user, history
):
    """The form's tag options are names (as in the list's and the API's URLs), matched in any
    case; a link from when they were ids filters the same."""
    client = client_for(user)
    tag = history["tag"]
    page = client.get(reverse("analytics:dashboard")).content.decode()
    assert f'<option value="{tag.name}">{tag.name}</option>' in page
    by_name = client.get(reverse("analytics:dashboard"), {"tags": tag.name.upper()})
    by_id = client.get(reverse("analytics:dashboard"), {"tags": tag.pk})
    assert by_name.context["summary"]["total"] == by_id.context["summary"]["total"] == 1


def test_bad_filters_show_errors_and_keep_the_rest(htmx_client, history):
    """An invalid date is reported; the valid tag filter still applies and stays selected."""
    response = htmx_client.get(
        reverse("analytics:dashboard"),
        {"date_from": "2026-13-45", "tags": history["tag"].name},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid date." in html
    assert 'value="2026-13-45"' in html  # what the user typed is kept
    assert response.context["summary"]["total"] == 1
    reversed_range = htmx_client.get(
        reverse("analytics:dashboard"), {"date_from": "2026-05-01", "date_to": "2026-04-01"}
    )
    assert "on or after the start date" in reversed_range.content.decode()


def test_another_users_tag_is_refused_and_their_data_never_shown(client_for, user, history):
    """A foreign tag (by id or name) is a form error; another user's applications never appear."""
    stranger = UserFactory()
    foreign_tag = TagFactory(user=stranger)
    move(applied(stranger, days_ago(5), company="Stranger Corp"), (Status.OFFER, days_ago(1)))
    client = client_for(user, htmx=True)
    response = client.get(reverse("analytics:dashboard"), {"tags": foreign_tag.pk})
    assert "is not one of the available choices" in response.content.decode()
    by_name = client.get(reverse("analytics:dashboard"), {"tags": foreign_tag.name})
    assert "is not one of the available choices" in by_name.content.decode()
    assert response.context["summary"]["total"] == 6
    assert response.context["summary"]["offers"] == 0
    insights_html = client.get(reverse("analytics:insights")).content.decode()
    assert "Stranger Corp" not in insights_html
    assert client_for(stranger).get(reverse("analytics:dashboard")).context["summary"]["total"] == 1


def test_new_user_sees_what_to_do_first(user_client):
    """With no applications every card explains where to start instead of drawing empty charts."""
    response = user_client.get(reverse("analytics:dashboard"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("Nothing to chart yet") == 1  # said once, not on each of five cards
    assert reverse("applications:list") in html
    assert 'data-chart="' not in html


def test_requires_sign_in_and_get(client, user_client):
    """Anonymous visitors are sent to sign in; other methods are refused."""
    response = client.get(reverse("analytics:dashboard"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert user_client.post(reverse("analytics:dashboard")).status_code == 405
    assert user_client.post(reverse("analytics:funnel")).status_code == 405


def test_warm_dashboard_reads_figures_from_the_cache(
    client_for, user, history, django_capture_on_commit_callbacks
):
    """A second view skips the figures and tags queries; a status change makes the next fresh."""
    client = client_for(user)
    url = reverse("analytics:dashboard")
    client.get(url)  # the first request of a session also records the session's device
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        client.get(url)
    with CaptureQueriesContext(connection) as warm:
        response = client.get(url)
    figure_queries = [q for q in warm.captured_queries if "per_app" in q["sql"]]
    assert figure_queries == []
    tag_queries = [q for q in warm.captured_queries if "applications_tag" in q["sql"]]
    assert tag_queries == []
    assert response.templates == []  # the whole page came from the cache
    # warm: session, user and the live review-queue count; cold adds the tags, the figures and
    # the navigation's pinned saved views (cached like the figures)
    assert len(cold.captured_queries) == len(warm.captured_queries) + 3
    assert '<th scope="row">Accepted</th><td>0</td>' in response.content.decode()
    # Warm pages show the cached cards, byte for byte (only the head's CSP nonce differs).
    cards = response.content.decode().split('<div id="cards"')[1]
    assert client.get(url).content.decode().split('<div id="cards"')[1] == cards
    application = applied(user, days_ago(9), company="Hooli")
    with django_capture_on_commit_callbacks(execute=True):
        move(application, (Status.OFFER, days_ago(2)), (Status.ACCEPTED, days_ago(1)))
    fresh = client.get(url)
    assert fresh.context["funnel"]["stages"][4]["count"] == 1
    assert '<th scope="row">Accepted</th><td>1</td>' in fresh.content.decode()


def _signed_in(client_for, user):
    client = client_for(user)
    client.get(reverse("analytics:dashboard"))  # the session's first request records its device
    cache.clear()  # so the measured request computes every figure
    return client


def test_query_count_is_constant_from_10_to_2000_applications(
    client_for, django_assert_num_queries
):
    """The cold dashboard runs the same number of queries for 10 and 2,000 applications."""
    small, large = UserFactory(), UserFactory()
    write_bench_search(user=small, applications=10, events_per_application=10, seed=1)
    write_bench_search(user=large, applications=2000, events_per_application=10, seed=2)
    # session, user, the user's tags (filter form), the one figures query, and the
    # navigation's review-queue count and pinned saved views (on a cold cache) from base.html
    for owner, applications in ((small, 10), (large, 2000)):
        client = _signed_in(client_for, owner)
        with django_assert_num_queries(6):
            response = client.get(reverse("analytics:dashboard"))
        assert response.context["summary"]["total"] == applications


def _nonce_in_header(response) -> str:
    policy = response["Content-Security-Policy"]
    return policy.split("'nonce-", 1)[1].split("'", 1)[0]


def test_cached_page_gets_this_requests_nonce_and_csrf_token(client_for, user, history):
    """A page served from the cache carries the nonce of its own CSP header and a live token."""
    client = client_for(user, enforce_csrf_checks=True)
    url = reverse("analytics:dashboard")
    rendered = client.get(url)
    scripts = rendered.content.decode().count(f'nonce="{_nonce_in_header(rendered)}"')
    assert scripts == 3  # htmx, orbit.js and analytics.js (which loads plotly for a chart)
    warm = [client.get(url) for _ in range(2)]
    nonces = [_nonce_in_header(response) for response in warm]
    assert nonces[0] != nonces[1]
    for response, nonce in zip(warm, nonces, strict=True):
        html = response.content.decode()
        assert html.count(f'nonce="{nonce}"') == scripts
        token = html.split('"x-csrftoken": "', 1)[1].split('"', 1)[0]
        assert f'name="csrfmiddlewaretoken" value="{token}"' in html
    # The token from a cached page signs a real POST: signing out works.
    html = warm[1].content.decode()
    token = html.split('"x-csrftoken": "', 1)[1].split('"', 1)[0]
    response = client.post(reverse("account_logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert client.get(url).status_code == 302  # signed out for real


def test_cached_page_shows_the_live_review_count(client_for, user, history):
    """Mail processing does not bump the data version, yet the Review badge stays current."""
    from tests.mail_sync.factories_inbox import SuggestionFactory

    client = client_for(user)
    url = reverse("analytics:dashboard")
    client.get(url)
    assert 'id="review-count" class="badge" hidden' in client.get(url).content.decode()
    application = applied(user, days_ago(3), company="Pied Piper")
    SuggestionFactory(user=user, application=application, message__user=user)
    html = client.get(url).content.decode()
    assert 'id="review-count" class="badge" aria-label="1 waiting">1</span>' in html


def test_renamed_tag_shows_in_the_cached_filter_form(
    user_client, user, history, django_capture_on_commit_callbacks
):
    """Renaming a tag bumps the data version, so the warm page lists the new name."""
    from applications.services import tags

    url = reverse("analytics:dashboard")
    user_client.get(url)
    assert ">remote</option>" in user_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        tags.update_tag(tag=history["tag"], name="hybrid")
    html = user_client.get(url).content.decode()
    assert ">hybrid</option>" in html
    assert ">remote</option>" not in html


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_nothing_to_chart_loads_no_chart_script(client_for, user, htmx):
    """A new account's dashboard (or a filter that leaves nothing) never names plotly.js."""
    html = client_for(user, htmx=htmx).get(reverse("analytics:dashboard")).content.decode()
    assert "Nothing to chart yet" in html
    assert PLOTLY not in html


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_a_chart_names_the_chart_script_it_needs(client_for, user, history, htmx):
    """Each chart carries the script's URL, so a chart swapped in later can still load it."""
    html = client_for(user, htmx=htmx).get(reverse("analytics:dashboard")).content.decode()
    charts = re.findall(
        r'<div class="chart" data-chart="(\w+)"[^>]*data-plotly-src="([^"]+)"', html
    )
    assert charts == [(chart, f"/static/{PLOTLY}") for chart in ("funnel", "flow", "trends")]
    assert f'<script src="/static/{PLOTLY}"' not in html  # loaded on demand, not up front


def test_ghosted_on_the_dashboard_agrees_with_the_board(user_client, user):
    """On the same data, the dashboard's Ghosted figure is the board's Ghosted count."""
    move(applied(user, days_ago(45), company="Marked"), (Status.GHOSTED, days_ago(20)))
    put_away = move(applied(user, days_ago(45), company="Away"), (Status.GHOSTED, days_ago(20)))
    editing.archive(application=put_away)
    applied(user, days_ago(50), company="Silent")  # no answer for 50 days: not marked ghosted
    applied(user, days_ago(3), company="Fresh")
    board = user_client.get(reverse("applications:board")).content.decode()
    outcome = board[board.index('data-drop-status="ghosted"') :]
    board_ghosted = int(re.search(r">(\d+)<", outcome).group(1))
    dashboard = user_client.get(reverse("analytics:dashboard")).content.decode()
    dashboard_ghosted = int(re.search(r"<dt>Ghosted</dt><dd>(\d+)</dd>", dashboard).group(1))
    assert dashboard_ghosted == board_ghosted == 1
    assert re.search(r"<dt>No answer in 21\+ days</dt><dd>1</dd>", dashboard)
