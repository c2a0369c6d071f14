"""The board in a real browser: bounded scrolling, a touch drag, and no sideways page on a phone."""

import pytest
from django.urls import reverse

from applications.models import Application
from applications.status import Status
from tests.browser.test_pages import sign_in, watch
from tests.factories import ApplicationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def busy_user(db):
    """A long Applied column (60 cards) beside a short one, as a real search has."""
    user = UserFactory()
    ApplicationFactory.create_batch(60, user=user, status=Status.APPLIED)
    ApplicationFactory.create_batch(3, user=user, status=Status.SCREENING)
    return user


def page_size(page) -> dict:
    return page.evaluate(
        """() => ({scrollWidth: document.documentElement.scrollWidth,
                   clientWidth: document.documentElement.clientWidth,
                   scrollHeight: document.documentElement.scrollHeight})"""
    )


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, PHONE])
def test_board_page_ends_after_the_outcomes_and_never_scrolls_sideways(
    live_server, browser, busy_user, viewport
):
    """A 60-card column scrolls inside itself: the page is about a screen tall (it was
    ~4,000 px of blank scroll), and at 375 px nothing pushes the page wider than the screen."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    sign_in(page, live_server, busy_user)
    page.goto(live_server.url + reverse("applications:board"))
    size = page_size(page)
    assert size["scrollWidth"] <= size["clientWidth"], size
    assert size["scrollHeight"] < viewport["height"] + 400, size
    outcomes = page.locator(".board-outcomes").bounding_box()
    assert outcomes["y"] + outcomes["height"] <= size["scrollHeight"]
    context.close()


def touch_drag(page, start: dict, end: dict, steps: int = 12) -> None:
    """A finger's press, slide and lift, as the touch screen sends them (Chromium's CDP)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [start]})
    for step in range(1, steps + 1):
        point = {
            "x": start["x"] + (end["x"] - start["x"]) * step / steps,
            "y": start["y"] + (end["y"] - start["y"]) * step / steps,
        }
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def centre(box: dict) -> dict:
    return {"x": box["x"] + box["width"] / 2, "y": box["y"] + box["height"] / 2}


def test_touch_drag_by_the_handle_moves_a_card(live_server, browser, busy_user):
    """On a touch screen a card dragged by its handle lands in the column it is dropped on,
    and the move is saved; a refused drop snaps back with the reason."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, has_touch=True)
    page = context.new_page()
    problems = watch(page, live_server)
    sign_in(page, live_server, busy_user)
    page.goto(live_server.url + reverse("applications:board"))
    card = Application.objects.filter(user=busy_user, status=Status.APPLIED).order_by("-id")[0]
    handle = page.locator(f"#card-{card.pk} .board-card-handle")
    screening = page.locator('section[data-drop-status="screening"] .board-column-title')
    touch_drag(page, centre(handle.bounding_box()), centre(screening.bounding_box()))
    page.locator(f'section[data-drop-status="screening"] #card-{card.pk}').wait_for()
    page.locator(".toast", has_text="moved to screening").wait_for()
    card.refresh_from_db()
    assert card.status == Status.SCREENING

    handle = page.locator(f"#card-{card.pk} .board-card-handle")
    wishlist = page.locator('section[data-drop-status="wishlist"] .board-column-title')
    touch_drag(page, centre(handle.bounding_box()), centre(wishlist.bounding_box()))
    page.locator(".toast-error", has_text="cannot move to wishlist").wait_for()
    page.locator(f'section[data-drop-status="screening"] #card-{card.pk}').wait_for()
    card.refresh_from_db()
    assert card.status == Status.SCREENING
    assert not page.locator(".board-card-ghost").count()
    assert not problems.console and not problems.failed, (problems.console, problems.failed)
    context.close()


def test_a_swipe_on_the_card_body_scrolls_instead_of_dragging(live_server, browser, busy_user):
    """Only the handle drags on a touch screen: a swipe elsewhere on a card moves nothing."""
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    sign_in(page, live_server, busy_user)
    page.goto(live_server.url + reverse("applications:board"))
    card = Application.objects.filter(user=busy_user, status=Status.APPLIED).order_by("-id")[0]
    role = page.locator(f"#card-{card.pk} .board-card-role")
    role.scroll_into_view_if_needed()
    start = centre(role.bounding_box())
    touch_drag(page, start, {"x": start["x"], "y": start["y"] - 150})
    page.wait_for_timeout(300)
    assert not page.locator(".board-card-ghost").count()
    card.refresh_from_db()
    assert card.status == Status.APPLIED
    context.close()
