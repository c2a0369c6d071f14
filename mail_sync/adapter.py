"""allauth hook: after "Connect Gmail" we take the grant into our own encrypted storage."""

from __future__ import annotations

import logging

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.contrib import messages
from django.http import HttpRequest
from django.urls import reverse

logger = logging.getLogger(__name__)


class OrbitSocialAccountAdapter(DefaultSocialAccountAdapter):
    def get_connect_redirect_url(self, request: HttpRequest, socialaccount) -> str:
        """allauth calls this once the connect flow stored the SocialToken: the one place
        where the fresh grant is in hand, so it is encrypted here and allauth's copy deleted."""
        from mail_sync import services

        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and socialaccount is not None
            and socialaccount.pk
            and socialaccount.provider == "google"
            and socialaccount.user_id == user.pk
        ):
            account = services.take_allauth_grant(user=user, socialaccount=socialaccount)
            if account is None:
                messages.error(
                    request,
                    "Google did not grant offline access to Gmail. Please connect again.",
                )
            else:
                messages.success(request, f"Gmail connected: {account.email}.")
                services.queue_sync(account=account, trigger="connect")
        return reverse("mail_sync:settings")
