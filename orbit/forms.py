"""Account forms."""

import zoneinfo

from django import forms

from orbit.models import User


def timezone_choices() -> list[tuple[str, str]]:
    names = sorted(
        name
        for name in zoneinfo.available_timezones()
        if "/" in name and not name.startswith("Etc/")
    )
    return [("UTC", "UTC"), *((name, name.replace("_", " ")) for name in names)]


class PreferencesForm(forms.ModelForm):
    timezone = forms.ChoiceField(
        label="Time zone",
        choices=timezone_choices,
        help_text="Dates, weeks in analytics and “applied this week” follow this zone.",
    )

    class Meta:
        model = User
        fields = ["timezone"]
