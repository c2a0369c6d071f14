"""The form that creates a personal access token."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        help_text="What uses it, e.g. “Browser extension”.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    expires_on = forms.DateField(
        required=False,
        label="Expires on",
        help_text="Leave empty for a token that never expires.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Give the token a name.")
        return name

    def clean_expires_on(self) -> dt.date | None:
        expires_on = self.cleaned_data.get("expires_on")
        if expires_on and expires_on <= timezone.localdate():
            raise forms.ValidationError("Choose a date after today.")
        return expires_on

    def expires_at(self) -> dt.datetime | None:
        """The token works through the whole expiry day, in the site's time zone."""
        expires_on = self.cleaned_data.get("expires_on")
        if not expires_on:
            return None
        return timezone.make_aware(
            dt.datetime.combine(expires_on + dt.timedelta(days=1), dt.time())
        )
