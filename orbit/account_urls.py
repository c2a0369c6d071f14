"""Orbit's own account pages (sessions, rate-limited login/signup) ahead of allauth's.

These are included before ``allauth.urls`` under the same prefix, so ``login/`` and ``signup/``
resolve here first while keeping the names allauth's templates and redirects reverse.
"""

from allauth.account import views as allauth_views
from allauth.socialaccount import views as social_views
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest
from django.urls import path
from django_ratelimit.decorators import ratelimit

from orbit import views


def login_rate(group: str, request: HttpRequest) -> str:
    # Read per request so a changed setting (or a test override) applies without a restart.
    return settings.LOGIN_RATE_LIMIT


def signup_rate(group: str, request: HttpRequest) -> str:
    return settings.SIGNUP_RATE_LIMIT


def submitted_email(group: str, request: HttpRequest) -> str:
    """The address being tried, normalised, so one account cannot be hammered from many IPs."""
    return request.POST.get("login", "").strip().lower()


# Only POSTs count: looking at the form is free, submitting it is what gets limited.
login = ratelimit(group="login-ip", key="ip", rate=login_rate, method="POST")(
    ratelimit(group="login-email", key=submitted_email, rate=login_rate, method="POST")(
        allauth_views.login
    )
)
signup = ratelimit(group="signup-ip", key="ip", rate=signup_rate, method="POST")(
    allauth_views.signup
)

urlpatterns = [
    # allauth leaves this one to login_required's default; a failed Google sign-in is shown to
    # someone who is, by definition, not signed in.
    path(
        "3rdparty/login/error/",
        login_not_required(social_views.login_error),
        name="socialaccount_login_error",
    ),
    path("login/", login, name="account_login"),
    path("signup/", signup, name="account_signup"),
    path("preferences/", views.preferences, name="preferences"),
    path("timezone/", views.browser_timezone, name="browser_timezone"),
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/sign-out-others/", views.sign_out_other_sessions, name="sign_out_others"),
    path("sessions/<int:pk>/sign-out/", views.sign_out_session, name="sign_out_session"),
]
