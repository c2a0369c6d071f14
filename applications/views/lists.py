"""The applications list page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from applications.models import Application
from orbit.types import HtmxHttpRequest


@login_required
@require_http_methods(["GET"])
def application_list(request: HtmxHttpRequest) -> HttpResponse:
    applications = Application.objects.for_user(request.user).unarchived().with_tags()[:25]
    template = "applications/list.html#rows" if request.htmx else "applications/list.html"
    return render(request, template, {"applications": applications})
