"""Every page, in a real browser: it loads, breaks no CSP rule, fetches nothing broken, and has
the landmarks a screen reader user navigates by (one <h1>, a <main>, a working skip link)."""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from applications.models import Event, EventKind
from applications.services.editing import archive
from applications.services.trash import soft_delete
from applications.status import Status
from tests.factories import (
    ApplicationFactory,
    EventFactory,
    SavedViewFactory,
    TagFactory,
    UserFactory,
)
from tests.mail_sync.factories_inbox import MessageFactory, SuggestionFactory

PASSWORD = "correct-horse-battery"

# Pages a signed-in user opens with a plain GET and no object id, by URL name.
SIGNED_IN_PAGES = [
    "applications:list",
    "applications:board",
    "applications:tags",
    "applications:trash",
    "applications:import",
    "applications:create",
    "applications:saved-views",
    "analytics:dashboard",
    "mail_sync:inbox",
    "mail_sync:review",
    "mail_sync:settings",
    "api:tokens",
    "sessions",
    "preferences",
    "account_email",
    "account_change_password",
]
ANONYMOUS_PAGES = ["account_login", "account_signup", "account_reset_password"]

# No-id URLs in our own namespaces that are not pages, and why the walk leaves them out.
NOT_PAGES = {
    "home": "redirects to the list",
    "health": "JSON for the load balancer",
    "sign_out_others": "POST only",
    "applications:bulk": "POST only",
    "applications:restore-many": "POST only",
    "applications:empty-trash": "POST only",
    "applications:tag-create": "POST only",
    "applications:export": "a CSV download",
    "applications:import-bad-rows": "a CSV download",
    "analytics:summary": "an HTMX card of the dashboard",
    "analytics:funnel": "an HTMX card of the dashboard",
    "analytics:flow": "an HTMX card of the dashboard",
    "analytics:trends": "an HTMX card of the dashboard",
    "analytics:insights": "an HTMX card of the dashboard",
    "mail_sync:sync-now": "POST only",
    "mail_sync:disconnect": "POST only",
    "mail_sync:review-decide": "POST only",
}
OWN_NAMESPACES = ("applications", "analytics", "mail_sync")

# Runs before any page script: a CSP violation is recorded even when the console says nothing.
RECORD_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


# Text contrast against the composited background (WCAG AA: 4.5:1, 3:1 for large text).
LOW_CONTRAST = """() => {
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const over = (top, bottom) => {
    const a = top.length > 3 ? top[3] : 1;
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a));
  };
  const background = (el) => {
    const layers = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const bg = parse(getComputedStyle(node).backgroundColor);
      if (bg.length > 3 && bg[3] === 0) continue;
      layers.push(bg);
      if (bg.length === 3 || bg[3] === 1) break;
    }
    let colour = [255, 255, 255];
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour;
  };
  const bad = [];
  for (const el of document.querySelectorAll("main *, header *, body > *")) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || el.closest("[disabled], .sr-only, .skip-link")) continue;
    const text = parse(style.color);
    const fg = over(text, background(el));
    const [a, b] = [lum(fg), lum(background(el))].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) {
      const what = `${el.tagName}.${el.className}: ${el.textContent.trim().slice(0, 30)}`;
      bad.push(`${ratio.toFixed(2)} ${what}`);
    }
  }
  return bad;
}"""


@dataclass
class Problems:
    """What went wrong while one page loaded."""

    console: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def no_argument_names(patterns, namespace: str = "") -> set[str]:
    """URL names of the URL conf that take no argument, namespaced like reverse() wants them."""
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            prefix = f"{namespace}:{inner}" if namespace and inner else namespace or inner
            if not pattern.pattern.converters:
                names |= no_argument_names(pattern.url_patterns, prefix)
        elif isinstance(pattern, URLPattern) and pattern.name and not pattern.pattern.converters:
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def test_the_walk_covers_every_page_of_our_apps():
    """A new no-id URL in our apps must be visited below or listed as not a page."""
    names = no_argument_names(get_resolver().url_patterns)
    ours = {name for name in names if name.split(":")[0] in OWN_NAMESPACES}
    ours |= {"home", "health", "sessions", "sign_out_others", "api:tokens"}
    covered = set(SIGNED_IN_PAGES) | set(ANONYMOUS_PAGES) | set(NOT_PAGES)
    assert ours - covered == set()


def sign_in(page, live_server, user) -> None:
    """Hand the browser the session cookie of a test-client login: no form round trip per test."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def watch(page, live_server) -> Problems:
    problems = Problems()
    origin = urlsplit(live_server.url).netloc

    def on_console(message) -> None:
        if message.type != "error":
            return
        # Chrome logs the page's own 404/429 status as a console error; that one is expected,
        # and so is a 422: a refusal htmx swaps in with its reason (orbit/htmx.py).
        if message.text.startswith("Failed to load resource") and (
            message.location.get("url") == page.url or "status of 422" in message.text
        ):
            return
        problems.console.append(f"{page.url}: {message.text}")

    def on_response(response) -> None:
        same_origin = urlsplit(response.url).netloc == origin
        refused = response.status == 422  # swapped in with its reason, by design
        if (
            same_origin
            and response.status >= 400
            and not refused
            and (response.request.resource_type != "document")
        ):
            problems.failed.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.console.append(f"{page.url}: {error}"))

    def on_request_failed(request) -> None:
        # A navigation cancels the loads still in flight on the page it leaves (the icon, say):
        # Chromium reports those as ERR_ABORTED, which is the browser's doing, not a failure.
        if request.failure != "net::ERR_ABORTED":
            problems.failed.append(f"failed {request.url}: {request.failure}")

    page.on("requestfailed", on_request_failed)
    page.on("response", on_response)
    page.add_init_script(RECORD_CSP)
    return problems


def check_page(page, url: str, problems: Problems, *, status: int = 200) -> None:
    response = page.goto(url)
    assert response is not None and response.status == status, (url, response and response.status)
    page.wait_for_load_state("networkidle")  # HTMX "load" triggers (analytics cards) finish
    assert page.locator("h1").count() == 1, f"{url} has {page.locator('h1').count()} <h1>"
    assert page.locator("main").count() == 1, f"{url} has no single <main>"
    current = page.locator('nav[aria-label="Main"] [aria-current="page"]').count()
    assert current <= 1, f"{url} marks {current} sections as current"
    violations = page.evaluate("window.__cspViolations")
    assert not violations, (url, violations)
    # Every visible control says what it is, to a screen reader as much as to the eye.
    # A control inside a closed menu (<details>) has an empty innerText in Chromium, though
    # its text still names it; textContent covers that case.
    unnamed = page.evaluate(
        """() => [...document.querySelectorAll(
              "button, a[href], input:not([type=hidden]), select, textarea")]
            .filter((el) => el.offsetParent !== null || el.getClientRects().length)
            .filter((el) => {
              const labelled = el.labels && el.labels.length;
              const text = (el.getAttribute("aria-label") || el.getAttribute("aria-labelledby")
                || el.getAttribute("title") || (el.tagName === "INPUT" ? el.value && el.type
                !== "text" && el.type !== "search" && el.type !== "email" && el.type !== "url"
                && el.type !== "number" && el.type !== "date" && el.type !== "password"
                && el.type !== "checkbox" && el.type !== "file" && el.type !== "radio"
                ? el.value : "" : el.innerText || el.textContent) || "").trim();
              return !labelled && !text;
            })
            .map((el) => el.outerHTML.slice(0, 120))"""
    )
    assert not unnamed, (url, unnamed)
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        low = page.evaluate(LOW_CONTRAST)
        assert not low, (url, scheme, low)
    page.emulate_media(color_scheme="light")


@pytest.fixture
def seeded(db):
    """A user with a little of everything: tags, live/archived/trashed rows, mail, a suggestion."""
    user = UserFactory(email="pages@example.com")
    tag = TagFactory(user=user, name="remote", color="teal")
    application = ApplicationFactory(user=user, company="Acme", role="Backend Engineer")
    application.tags.add(tag)
    EventFactory(application=application, note="Recruiter called")
    Event.objects.create(
        application=application,
        user=user,
        kind=EventKind.STATUS_CHANGE,
        from_status=Status.WISHLIST,
        to_status=Status.APPLIED,
    )
    ApplicationFactory.create_batch(3, user=user, status=Status.INTERVIEWING)
    SavedViewFactory(user=user, name="Interviewing", query="status=interviewing")
    archive(application=ApplicationFactory(user=user, company="Shelved Co"))
    gone = ApplicationFactory(user=user, company="Gone Ltd")
    soft_delete(user=user, application_ids=[gone.pk])
    message = MessageFactory(account__user=user, application=application, kind="confirmation")
    SuggestionFactory(message__account=message.account, application=application)
    return {"user": user, "application": application, "message": message, "tag": tag}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_page_is_clean_in_a_browser(live_server, page, seeded):
    """Each page answers 200 with one <h1>, a <main>, named controls, AA text contrast in the
    light and dark themes, no console/CSP error and no broken asset: the signed-in pages,
    object pages, the signed-out forms and the 404 page."""
    problems = watch(page, live_server)
    for name in ANONYMOUS_PAGES:
        check_page(page, live_server.url + reverse(name), problems)

    sign_in(page, live_server, seeded["user"])
    application, message = seeded["application"], seeded["message"]
    urls = [reverse(name) for name in SIGNED_IN_PAGES] + [
        reverse("applications:list") + "?status=applied&q=acme&sort=company",
        reverse("applications:list") + "?status=interviewing",  # a saved view's own list
        reverse("applications:detail", args=[application.pk]),
        reverse("applications:edit", args=[application.pk]),
        reverse("mail_sync:message", args=[message.pk]),
    ]
    for url in urls:
        check_page(page, live_server.url + url, problems)
    # Another user's object and a made-up path both get the friendly 404 page.
    other = ApplicationFactory(user=UserFactory())
    check_page(
        page,
        live_server.url + reverse("applications:detail", args=[other.pk]),
        problems,
        status=404,
    )
    check_page(page, live_server.url + "/no/such/page/", problems, status=404)

    assert not problems.console, problems.console
    assert not problems.failed, problems.failed


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_rate_limited_sign_in_shows_the_429_page(live_server, page, settings):
    """Past the sign-in limit the browser gets the styled 429 page, itself clean."""
    settings.LOGIN_RATE_LIMIT = "1/m"
    user = UserFactory(email="limited@example.com")
    problems = watch(page, live_server)
    # The limiter counts in fixed windows; a third try covers a window turning over mid-test.
    statuses = []
    for _attempt in range(3):
        page.goto(live_server.url + reverse("account_login"))
        page.fill("input[name=login]", user.email)
        page.fill("input[name=password]", "wrong password")
        with page.expect_response(lambda r: r.request.method == "POST") as posted:
            page.locator("form:has(input[name=password]) [type=submit]").first.click()
        statuses.append(posted.value.status)
        page.wait_for_load_state()  # else the next goto aborts this page mid-load
        if statuses[-1] == 429:
            break
    assert statuses[-1] == 429, statuses
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Too many attempts"
    assert page.locator("main").count() == 1
    assert not page.evaluate("window.__cspViolations")
    assert not problems.failed, problems.failed


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_tab_reaches_the_skip_link_first_and_it_moves_focus_to_main(live_server, page):
    """Keyboard users skip the navigation: the first Tab lands on the skip link, Enter jumps."""
    sign_in(page, live_server, UserFactory())
    page.goto(live_server.url + reverse("applications:list"))
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.className, document.activeElement.innerText]")
    assert focused == ["skip-link", "Skip to content"]
    assert page.locator(".skip-link").is_visible()  # shown while focused, not only to readers
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # The next Tab continues inside the page, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")
