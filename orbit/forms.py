"""Account forms."""

import zoneinfo

from django import forms

from orbit.models import User

BROWSER_UTC_NAMES = {"Etc/UTC", "Etc/GMT", "GMT", "Etc/Universal", "Universal", "Zulu"}


def timezone_choices() -> list[tuple[str, str]]:
    names = sorted(
        name
        for name in zoneinfo.available_timezones()
        if "/" in name and not name.startswith("Etc/")
    )
    return [("UTC", "UTC"), *((name, name.replace("_", " ")) for name in names)]


class BrowserTimezoneForm(forms.Form):
    """The zone a browser reports (Intl.DateTimeFormat), for an account that has none yet."""

    timezone = forms.ChoiceField(choices=timezone_choices)

    def __init__(self, data=None, **kwargs) -> None:
        if data is not None and data.get("timezone") in BROWSER_UTC_NAMES:
            data = data.copy()
            data["timezone"] = "UTC"  # browsers say "Etc/UTC" or "GMT" for plain UTC
        super().__init__(data, **kwargs)


class PreferencesForm(forms.ModelForm):
    timezone = forms.ChoiceField(
        label="Time zone",
        choices=timezone_choices,
        help_text="Dates, weeks in analytics and “applied this week” follow this zone.",
    )

    class Meta:
        model = User
        fields = ["timezone"]
