"""Forms for the create/edit, timeline and tag screens; business rules live on the model too."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from applications.currencies import normalise_currency
from applications.models import Application, InterviewKind, SavedView, Tag
from applications.status import Status

# Fields whose rule involves another field: validating one re-shows the other's errors too.
RELATED_FIELDS: dict[str, tuple[str, ...]] = {
    "salary_min": ("salary_min", "salary_max"),
    "salary_max": ("salary_min", "salary_max"),
}


class ApplicationForm(forms.ModelForm):
    """Create (with a starting status) or edit an application; status moves happen elsewhere."""

    status = forms.ChoiceField(choices=Status.choices, initial=Status.APPLIED)
    tags = forms.ModelMultipleChoiceField(
        queryset=Tag.objects.none(), required=False, widget=forms.SelectMultiple(attrs={"size": 5})
    )

    class Meta:
        model = Application
        fields = [
            "company",
            "role",
            "job_url",
            "location",
            "work_mode",
            "salary_min",
            "salary_max",
            "salary_currency",
            "source",
            "status",
            "applied_date",
            "notes",
            "tags",
        ]
        widgets = {
            "applied_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 5}),
            "salary_currency": forms.TextInput(
                attrs={"size": 4, "autocapitalize": "characters", "placeholder": "USD"}
            ),
        }
        labels = {"salary_min": "Salary from", "salary_max": "Salary to"}
        error_messages = {
            "company": {"required": "Company is required."},
            "role": {"required": "Role is required."},
        }

    def __init__(self, *args: Any, user, validate_url: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tags"].queryset = Tag.objects.for_user(user)
        if self.instance.pk:
            # The status moves only through the state machine, never through the edit form.
            del self.fields["status"]
        self.fields["applied_date"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["company"].widget.attrs["autofocus"] = True
        for name, field in self.fields.items():
            field.widget.attrs["aria-describedby"] = f"errors-{name}"
            if validate_url:
                # Each field asks the server for its own errors when it changes; the
                # response swaps only error containers (out of band), so typing is never lost.
                # Queued, not aborted: a slow answer for one field must not drop the next one.
                field.widget.attrs.update(
                    {
                        "hx-post": validate_url,
                        "hx-trigger": "change",
                        "hx-swap": "none",
                        "hx-vals": '{"_validate": "1"}',
                        "hx-sync": "closest form:queue all",
                    }
                )

    def clean_company(self) -> str:
        return self._required_text("company", "Company is required.")

    def clean_role(self) -> str:
        return self._required_text("role", "Role is required.")

    def clean_salary_currency(self) -> str:
        # Which codes exist is the model's rule (Application.clean), checked on every path.
        return normalise_currency(self.cleaned_data.get("salary_currency"))

    def clean_applied_date(self):
        applied = self.cleaned_data.get("applied_date")
        if applied and applied > timezone.localdate():
            raise forms.ValidationError("The applied date cannot be in the future.")
        return applied

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        low, high = cleaned.get("salary_min"), cleaned.get("salary_max")
        if low is not None and high is not None and low > high:
            self.add_error("salary_max", "The maximum salary must be at least the minimum.")
        return cleaned

    def _update_errors(self, errors: forms.ValidationError) -> None:
        # Model.clean() repeats the rules checked above; keep one message per field.
        if hasattr(errors, "error_dict"):
            fresh = {f: e for f, e in errors.error_dict.items() if f not in self._errors}
            if not fresh:
                return
            errors = forms.ValidationError(fresh)
        super()._update_errors(errors)

    def _required_text(self, name: str, message: str) -> str:
        value = " ".join((self.cleaned_data.get(name) or "").split())
        if not value:
            raise forms.ValidationError(message)
        return value

    def application_fields(self) -> dict[str, Any]:
        """The cleaned values that editing.create_application and update_application accept."""
        skip = {"status", "tags"}
        return {name: value for name, value in self.cleaned_data.items() if name not in skip}


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Note",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write something before saving the note."},
    )


class InterviewForm(forms.Form):
    name = forms.CharField(
        label="Round",
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": "Technical screen"}),
        error_messages={"required": "Give the round a name, e.g. “Technical screen”."},
    )
    scheduled_at = forms.DateTimeField(
        label="Date and time",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    kind = forms.ChoiceField(label="Kind", choices=InterviewKind.choices)
    notes = forms.CharField(
        label="Notes", max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class StatusForm(forms.Form):
    """Any status is accepted here so that the state machine, not the form, explains a refusal."""

    to = forms.ChoiceField(label="Move to", choices=Status.choices)


class TagForm(forms.Form):
    name = forms.CharField(
        max_length=50, error_messages={"required": "A tag needs a name."}, strip=True
    )
    color = forms.ChoiceField(label="Colour", choices=Tag.COLORS, initial="slate")


class SavedViewForm(forms.ModelForm):
    """Name (and pin) a saved view; names are unique per user, ignoring case."""

    class Meta:
        model = SavedView
        fields = ["name", "pinned"]
        widgets = {"name": forms.TextInput(attrs={"autocomplete": "off", "maxlength": 60})}
        error_messages = {"name": {"required": "Give the view a name."}}

    def __init__(self, *args: Any, user, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        taken = SavedView.objects.for_user(self.user).filter(name__iexact=name)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(f"You already have a view called “{name}”.")
        return name
