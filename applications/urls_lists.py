from django.urls import path

from applications.views import lists

urlpatterns = [
    path("", lists.application_list, name="list"),
]
