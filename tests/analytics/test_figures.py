"""The dashboard's figures, checked against histories whose numbers are worked out by hand."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from analytics import cards, insights
from analytics.filters import Filters
from applications.models import Application, EventSource
from applications.services import editing, notes, trash
from applications.status import Status
from tests.analytics.histories import applied, days_ago, interview, move
from tests.factories import ApplicationFactory, EventFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db

ALL = Filters()


@pytest.fixture
def search(user):
    """Ten applications covering the edge cases; the docstring of each test does the sums.

    A  withdrawn before any reply          stage applied, no response
    B  screening, three interviews, rejected   stage interviewing, answered after 5 days
    C  applied 50 days ago, silence        stage applied, ghosted by inactivity, follow-up
    D  marked ghosted by the user          stage applied, ghosted, not a response
    E  no events at all, status interviewing (legacy row)   stage interviewing, responded
    F  confirmation email only (created + note from mail)   stage applied, no response
    G  screening, interviewing, offer, accepted   stage accepted, answered after 10 days
    H  wishlist                            counted in total, never applied
    I  in the trash                        excluded everywhere
    J  answered after 3 days, then archived   stage screening, counts, not active
    """
    a = move(applied(user, days_ago(30), company="A"), (Status.WITHDRAWN, days_ago(25)))
    b = move(
        applied(user, days_ago(40), company="B"),
        (Status.SCREENING, days_ago(35)),
        (Status.INTERVIEWING, days_ago(30)),
    )
    for n, when in enumerate((28, 25, 22), start=1):
        interview(b, days_ago(when), name=f"Round {n}")
    move(b, (Status.REJECTED, days_ago(20)))
    c = applied(user, days_ago(50), company="C")
    move(applied(user, days_ago(45), company="D"), (Status.GHOSTED, days_ago(20)))
    ApplicationFactory(
        user=user,
        company="E",
        status=Status.INTERVIEWING,
        applied_date=days_ago(10).date(),
        last_activity_at=timezone.now(),
    )
    f = applied(user, days_ago(5), company="F", source=EventSource.EMAIL)
    notes.add_note(
        application=f,
        text="Thank you for applying! We received your application.",
        source=EventSource.EMAIL,
        occurred_at=days_ago(5),
    )
    move(
        applied(user, days_ago(60), company="G"),
        (Status.SCREENING, days_ago(50)),
        (Status.INTERVIEWING, days_ago(45)),
        (Status.OFFER, days_ago(30)),
        (Status.ACCEPTED, days_ago(25)),
    )
    editing.create_application(user=user, status=Status.WISHLIST, company="H", role="Dream")
    trashed = move(applied(user, days_ago(20), company="I"), (Status.REJECTED, days_ago(18)))
    trash.soft_delete(user=user, application_ids=[trashed.pk])
    j = move(applied(user, days_ago(15), company="J"), (Status.SCREENING, days_ago(12)))
    editing.archive(application=j)
    return {"a": a, "b": b, "c": c, "f": f}


def test_summary_worked_by_hand(user, search):
    """Summary figures come from the history, with each edge case counted as documented."""
    figures = cards.summary(user, ALL)
    # total: A B C D E F G H J = 9 (I is in the trash)
    assert figures["total"] == 9
    # active: not archived and wishlist..offer: C (applied), E (interviewing), F, H = 4
    assert figures["active"] == 4
    # applied: everything but the wishlist H = 8
    assert figures["applied"] == 8
    # responses: B (screening), E (its status), G (screening), J (screening) = 4; A withdrew,
    # C silent, D ghosted and F's confirmation email do not count. 4 / 8 = 50 %
    assert figures["responded"] == 4
    assert figures["response_rate"] == 0.5
    # reached interviewing: B, E, G = 3; 3 / 8 = 37.5 %
    assert figures["interviewed"] == 3
    assert figures["interview_rate"] == 0.375
    # offers: G = 1
    assert figures["offers"] == 1
    # days to a first answer: B 40-35 = 5, G 60-50 = 10, J 15-12 = 3 (E has no dated event);
    # median of [3, 5, 10] = 5
    assert figures["responses_timed"] == 3
    assert figures["median_days_to_response"] == 5
    # ghosted: D (marked ghosted), as the board counts it = 1
    assert figures["ghosted"] == 1
    # silent 21+ days while waiting: C (50 days); B's last move was 20 days ago but it is
    # rejected, J is archived, F is 5 days old
    assert figures["silent"] == 1


def test_funnel_counts_stage_reached_or_beyond(user, search):
    """Funnel stages count applications that reached the stage or a later one."""
    stages = {row["stage"]: row for row in cards.funnel(user, ALL)["stages"]}
    # applied 8; screening B E G J = 4 (E jumped straight to interviewing: counts);
    # interviewing B E G = 3; offer G = 1; accepted G = 1
    assert [row["count"] for row in stages.values()] == [8, 4, 3, 1, 1]
    assert stages["applied"]["conversion"] is None
    assert stages["screening"]["conversion"] == 0.5  # 4 / 8
    assert stages["interviewing"]["conversion"] == 0.75  # 3 / 4
    assert stages["offer"]["conversion"] == pytest.approx(1 / 3, abs=1e-4)  # 1 / 3
    assert stages["accepted"]["conversion"] == 1.0  # 1 / 1
    assert stages["interviewing"]["of_applied"] == 0.375  # 3 / 8


def test_flow_links_conserve_applications(user, search):
    """Every application leaves each stage to the next stage or to exactly one outcome."""
    result = cards.flow(user, ALL)
    links = {
        (link["source_label"], link["target_label"]): link["value"] for link in result["links"]
    }
    assert links == {
        ("Applied", "Screening"): 4,
        ("Screening", "Interviewing"): 3,
        ("Interviewing", "Offer"): 1,
        ("Offer", "Accepted"): 1,
        ("Applied", "Withdrawn"): 1,  # A
        ("Applied", "Ghosted"): 1,  # D (marked)
        ("Applied", "Still active"): 2,  # C (silent, still waiting), F
        ("Screening", "Archived"): 1,  # J
        ("Interviewing", "Rejected"): 1,  # B, after three rounds
        ("Interviewing", "Still active"): 1,  # E
    }
    # Applied: 8 in = 4 + 1 + 2 + 1 out
    out_of_applied = sum(v for (source, _), v in links.items() if source == "Applied")
    assert out_of_applied == 8


def test_trends_are_zero_filled_weekly_series(user, search):
    """Twelve Monday-start weeks; sums match the history, weeks without events are zero."""
    result = cards.trends(user, ALL, weeks=12)
    weeks = [datetime.fromisoformat(day).date() for day in result["week_starts"]]
    assert len(weeks) == 12
    assert all(day.weekday() == 0 for day in weeks)
    assert all(later - earlier == timedelta(weeks=1) for earlier, later in pairwise(weeks))
    # sent within 12 weeks: all 8 applied (oldest, G, is 60 days old; the window is ≥ 77 days)
    assert sum(result["sent"]) == 8
    # first answers with a date: B, G, J = 3 (E has no events)
    assert sum(result["responses"]) == 3
    assert sum(result["interviews"]) == 3  # B's three rounds
    assert sum(result["rejections"]) == 1  # B (I is in the trash)
    assert 0 in result["sent"]  # empty weeks are present, as zeros
    for window in (4, 26, 52):
        assert len(cards.trends(user, ALL, weeks=window)["sent"]) == window
    with pytest.raises(ValueError):
        cards.trends(user, ALL, weeks=7)


def test_insights_need_a_sample(user, search):
    """Only findings with enough data appear: follow-up and drop-off here, not the rates."""
    found = {item["id"]: item for item in insights.insights(user, ALL)}
    # sources, tags and weekdays have < 5 applications per group; 3 timed answers < 5
    assert set(found) == {"follow-up-now", "biggest-drop-off"}
    follow_up = found["follow-up-now"]
    # waiting ≥ 7 days, no answer, active: only C (F is 5 days old, A withdrew, D ghosted)
    assert follow_up["numbers"]["waiting"] == 1
    assert [row["company"] for row in follow_up["applications"]] == ["C"]
    assert follow_up["applications"][0]["days"] == 50
    assert follow_up["applications"][0]["url"].endswith(f"/{search['c'].pk}/")
    drop = found["biggest-drop-off"]
    # only "applied" has ≥ 5 applications: 4 of 8 moved on to screening, 4 stopped
    assert drop["numbers"] == {
        "from_stage": "applied",
        "to_stage": "screening",
        "reached": 8,
        "moved_on": 4,
        "lost": 4,
        "conversion": 0.5,
    }
    for item in found.values():
        assert {"id", "title", "text", "numbers", "sample_size"} <= set(item)


def test_insights_compare_sources_and_tags(user):
    """With ≥ 5 applications per group, the best and worst source and tag are named."""
    fast, slow = TagFactory(user=user, name="fast"), TagFactory(user=user, name="slow")
    # referral: 5 sent, 4 answered (80 %); job board: 5 sent, 1 answered (20 %)
    for index in range(5):
        good = applied(user, days_ago(30 + index), source="manual", company=f"R{index}")
        Application.objects.filter(pk=good.pk).update(source="referral")
        good.tags.add(fast)
        if index < 4:
            move(good, (Status.SCREENING, days_ago(20 + index)))
        poor = applied(user, days_ago(30 + index), company=f"J{index}")
        Application.objects.filter(pk=poor.pk).update(source="job_board")
        poor.tags.add(slow)
        if index == 0:
            move(poor, (Status.REJECTED, days_ago(10)))
    found = {item["id"]: item for item in insights.insights(user, ALL)}
    by_source = found["response-by-source"]["numbers"]
    assert (by_source["best"], by_source["best_rate"]) == ("Referral", 0.8)
    assert (by_source["worst"], by_source["worst_rate"]) == ("Job board", 0.2)
    by_tag = found["response-by-tag"]["numbers"]
    assert (by_tag["best"], by_tag["worst"]) == ("fast", "slow")
    # five timed answers: referral 10, 10, 10, 10 days (30-20, 31-21, ...) and job board 30-10=20
    timing = found["time-to-first-response"]
    assert timing["sample_size"] == 5
    assert timing["numbers"]["median_days"] == 10


def _local(zone: ZoneInfo, day, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=zone)


@pytest.mark.parametrize("zone_name", ["Pacific/Auckland", "America/Los_Angeles"])
def test_weeks_follow_the_users_time_zone(zone_name):
    """Sunday 23:30 and Monday 00:30 local fall in different weeks, whatever UTC says.

    Auckland's Monday 00:30 is still Sunday in UTC; Los Angeles' Sunday 23:30 is already
    Monday in UTC. Bucketing by UTC would put both in the same week for one of them.
    """
    user = UserFactory(timezone=zone_name)
    zone = ZoneInfo(zone_name)
    today = timezone.now().astimezone(zone).date()
    this_monday = today - timedelta(days=today.weekday())
    last_monday = this_monday - timedelta(weeks=1)
    sunday_before = last_monday - timedelta(days=1)
    applied(user, _local(zone, sunday_before, 23, 30), company="late Sunday")
    applied(user, _local(zone, last_monday, 0, 30), company="early Monday")
    applied(user, timezone.now(), company="today")

    figures = cards.summary(user, ALL)
    # this week: "today"; last week: only the Monday 00:30 one
    assert figures["applied_this_week"] == 1
    assert figures["applied_last_week"] == 1
    series = cards.trends(user, ALL, weeks=4)
    sent = dict(zip(series["week_starts"], series["sent"], strict=True))
    assert sent[str(this_monday)] == 1
    assert sent[str(last_monday)] == 1
    assert sent[str(last_monday - timedelta(weeks=1))] == 1


def test_new_user_gets_zeroes_not_errors(user):
    """A user with nothing yet gets zeroes and no rates (nothing to divide by)."""
    figures = cards.summary(user, ALL)
    assert figures["total"] == 0
    assert figures["response_rate"] is None
    assert figures["median_days_to_response"] is None
    assert cards.flow(user, ALL)["links"] == []
    assert insights.insights(user, ALL) == []
    assert sum(cards.trends(user, ALL)["sent"]) == 0


def test_filters_by_date_and_tag(user, search):
    """The date range covers when applications were sent; tags mean "any of these"."""
    recent = Filters(date_from=days_ago(16).date())
    # sent within 16 days: E (10), F (5), J (15) = 3; H (wishlist) counts by creation date
    assert cards.summary(user, recent)["applied"] == 3
    assert cards.summary(user, recent)["total"] == 4
    tag = TagFactory(user=user)
    search["b"].tags.add(tag)
    search["c"].tags.add(tag)
    tagged = cards.funnel(user, Filters(tag_ids=[tag.pk]))
    assert [row["count"] for row in tagged["stages"]] == [2, 1, 1, 0, 0]


def test_other_users_data_never_counts(user, search):
    """Another user's applications and events never reach this user's figures."""
    stranger = UserFactory()
    for index in range(3):
        move(applied(stranger, days_ago(9 + index)), (Status.OFFER, days_ago(3)))
    other_tag = TagFactory(user=stranger)
    assert cards.summary(user, ALL)["total"] == 9
    assert cards.summary(stranger, ALL)["offers"] == 3
    # A foreign tag id matches none of this user's applications.
    assert cards.summary(user, Filters(tag_ids=[other_tag.pk]))["total"] == 0


def test_status_change_invalidates_cached_figures(user, django_capture_on_commit_callbacks):
    """Figures are cached until a service changes the data; the next read is fresh."""
    with django_capture_on_commit_callbacks(execute=True):
        application = applied(user, days_ago(3))
    assert cards.summary(user, ALL)["offers"] == 0
    # A write that bypasses the services does not bump the version: the cache answers.
    Application.objects.filter(pk=application.pk).update(status=Status.OFFER)
    assert cards.summary(user, ALL)["offers"] == 0
    Application.objects.filter(pk=application.pk).update(status=Status.APPLIED)
    with django_capture_on_commit_callbacks(execute=True):
        move(application, (Status.OFFER, days_ago(1)))
    assert cards.summary(user, ALL)["offers"] == 1


def test_events_of_trashed_applications_are_ignored(user):
    """An application in the trash takes its events with it out of every figure."""
    app = move(applied(user, days_ago(9)), (Status.SCREENING, days_ago(8)))
    EventFactory(application=app, kind="interview", occurred_at=days_ago(7))
    trash.soft_delete(user=user, application_ids=[app.pk])
    assert cards.summary(user, ALL)["total"] == 0
    assert sum(cards.trends(user, ALL)["interviews"]) == 0


def test_filters_from_querydict_is_lenient():
    """The JSON API's parse ignores bad values instead of failing."""
    from django.http import QueryDict

    parsed = Filters.from_querydict(QueryDict("date_from=2026-01-05&date_to=nope&tags=3,x&tags=1"))
    assert parsed == Filters(date_from=datetime(2026, 1, 5).date(), tag_ids=(1, 3))


def test_a_response_dated_before_the_application_is_not_a_lag_of_zero_days(user):
    """An answer recorded before the sent date is no lag at all: it is left out, not 0 days."""
    early = ApplicationFactory(
        user=user, company="Early", status=Status.APPLIED, applied_date=days_ago(3).date()
    )
    move(early, (Status.SCREENING, days_ago(10)))  # the answer came "before" it was sent
    move(applied(user, days_ago(20), company="Timed"), (Status.SCREENING, days_ago(16)))
    figures = cards.summary(user, ALL)
    assert figures["responded"] == 2  # both answered
    # only Timed's 4 days are a lag; Early's -7 is not averaged in as 0
    assert (figures["responses_timed"], figures["median_days_to_response"]) == (1, 4)


def test_ghosted_counts_what_the_user_marked_and_silence_is_its_own_figure(user):
    """Ghosted is the status, as on the board; 21+ silent days are "no answer", not ghosted."""
    move(applied(user, days_ago(45), company="Marked"), (Status.GHOSTED, days_ago(20)))
    archived = move(applied(user, days_ago(45), company="Put away"), (Status.GHOSTED, days_ago(20)))
    editing.archive(application=archived)
    applied(user, days_ago(50), company="Silent")
    applied(user, days_ago(5), company="Fresh")
    figures = cards.summary(user, ALL)
    assert (figures["ghosted"], figures["silent"]) == (1, 1)
    links = {
        (link["source_label"], link["target_label"]): link["value"]
        for link in cards.flow(user, ALL)["links"]
    }
    assert links[("Applied", "Ghosted")] == 1
    assert links[("Applied", "Archived")] == 1
    assert links[("Applied", "Still active")] == 2
