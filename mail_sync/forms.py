"""Forms for the user's answers about mail."""

from __future__ import annotations

from django import forms

from mail_sync.models import MailKind


class CorrectionForm(forms.Form):
    kind = forms.ChoiceField(choices=MailKind.choices, label="Kind")
    company = forms.CharField(max_length=200, required=False, label="Company")
    role = forms.CharField(max_length=200, required=False, label="Role")
